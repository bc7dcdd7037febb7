//! A customer changed or added by hand on the screen, as `set` and `add` make them: the form,
//! the change shown first as old → new, then "Spara" holding it to the fingerprint of what
//! was shown; and forgetting a customer, confirmed by typing their number.

use axum::Form;
use axum::extract::Query;
use axum::response::Response;
use maud::{Markup, html};

use super::Problem;
use super::change::{made, make};
use super::page::{Ctx, Section, blocking, encode};
use super::register::{Numbered, customer};
use crate::cmd::by_hand::planned;
use crate::edit;
use crate::error::Error;
use crate::field::Field;
use crate::report::changes::field_changes;
use crate::shared::request::Asked;
use crate::store::{Kind, StoreError};

/// The fields of a form, by their JSON keys.
type Fields = Vec<(String, String)>;

/// The form that changes a customer, filled with what they have.
pub async fn edit(ctx: Ctx, Query(asked): Query<Numbered>) -> Response {
    blocking(move || match customer(&ctx, &asked.number) {
        Ok((customer, _)) => {
            let values = |f: Field| customer.get(f).unwrap_or_default().to_string();
            let action = ctx.action(&format!(
                "/customer/edit?number={}",
                encode(customer.number())
            ));
            let title = (ctx.t.screen.edit_title)(customer.number());
            ctx.page(
                Section::Register,
                &title,
                form(&ctx, &action, &values, false),
            )
        }
        Err(e) => ctx.failed(Section::Register, &e),
    })
    .await
}

/// The form for a new customer.
pub async fn new(ctx: Ctx) -> Response {
    let action = ctx.action("/customer/new");
    let body = form(&ctx, &action, &|_| String::new(), true);
    ctx.page(Section::Register, ctx.t.screen.new_customer, body)
}

/// A customer's fields as a form (every field but the number for a change).
fn form(ctx: &Ctx, action: &str, value: &dyn Fn(Field) -> String, new: bool) -> Markup {
    let s = ctx.t.screen;
    let fields = Field::ALL
        .iter()
        .filter(|f| new || **f != Field::CustomerNumber);
    html! {
        form.customer method="post" action=(action) {
            fieldset {
                @for field in fields {
                    label { ((ctx.t.field_name)(*field))
                        @if *field == Field::Note {
                            textarea name=(field.key()) rows="3" { (value(*field)) }
                        } @else {
                            input type="text" name=(field.key()) value=(value(*field));
                        }
                    }
                }
                @if new { p.facts { (s.new_needs_key) } }
            }
            p.buttons { button type="submit" name="check" { (s.show_change) } a.button.quiet href="/" { (s.back) } }
        }
    }
}

/// A change of a customer, shown as old → new before it is saved.
pub async fn check_edit(
    ctx: Ctx,
    Query(asked): Query<Numbered>,
    Form(fields): Form<Fields>,
) -> Response {
    blocking(move || {
        let checked = customer(&ctx, &asked.number).map(|(customer, _)| {
            let mut values = Vec::new();
            for field in &Field::ALL[1..] {
                let given = given(&fields, *field);
                let had = customer.get(*field).unwrap_or_default();
                match given.trim() {
                    same if same == had.trim() => {}
                    "" => values.push((*field, "#TÖM".to_string())),
                    value => values.push((*field, value.to_string())),
                }
            }
            edit::Settings(values).as_list(Some(customer.number()))
        });
        match checked {
            Ok(list) => shown(&ctx, Kind::Edit, list),
            Err(e) => ctx.failed(Section::Register, &e),
        }
    })
    .await
}

/// A new customer, shown before they are added.
pub async fn check_new(ctx: Ctx, Form(fields): Form<Fields>) -> Response {
    blocking(move || {
        let values: Vec<(Field, String)> = Field::ALL
            .iter()
            .map(|f| (*f, given(&fields, *f).trim().to_string()))
            .filter(|(_, v)| !v.is_empty())
            .collect();
        match edit::Settings(values).for_new() {
            Ok(settings) => shown(&ctx, Kind::Add, settings.as_list(None)),
            Err(e) => ctx.failed(Section::Register, &e.into()),
        }
    })
    .await
}

/// The value the form gave `field`, its lines ended as kundreg ends them (a browser sends a
/// text area's and a hidden field's lines ended with CR LF).
fn given(fields: &Fields, field: Field) -> String {
    fields
        .iter()
        .find(|(k, _)| k == field.key())
        .map_or_else(String::new, |(_, v)| v.replace("\r\n", "\n"))
}

/// The change `list` makes shown field by field, with "Spara" holding it to its fingerprint.
fn shown(ctx: &Ctx, kind: Kind, list: String) -> Response {
    let s = ctx.t.screen;
    let (change, plan) = match planned(&ctx.settings(), kind, &list) {
        Ok(planned) => planned,
        Err(e) => return ctx.failed(Section::Register, &e),
    };
    let Some(change) = change else {
        let body = html! { p.note { (ctx.t.register.edit_changes_nothing) } p { a href="/" { (s.back) } } };
        return ctx.page(Section::Register, s.show_change, body);
    };
    let fields = match field_changes(&change).map_err(StoreError::from) {
        Ok(fields) => fields,
        Err(e) => return ctx.failed(Section::Register, &e.into()),
    };
    let body = html! {
        table.change data-number=(change.number) {
            thead { tr { th { (s.field) } th { (s.before) } th { (s.after) } } }
            tbody {
                @for (field, old, new) in &fields {
                    tr data-field=(field.key()) {
                        td { ((ctx.t.field_name)(*field)) }
                        td { @if let Some(old) = old { del { (old) } } }
                        td { @match new { Some(new) => span.new { (new) }, None => span.same { (ctx.t.fix.cleared) } } }
                    }
                }
            }
        }
        form method="post" action=(ctx.action("/customer/save")) {
            input type="hidden" name="kind" value=(kind.key());
            input type="hidden" name="list" value=(crate::shared::ids::hex(list.as_bytes()));
            input type="hidden" name="fingerprint" value=(plan.fingerprint.to_string());
            p.buttons { button type="submit" name="save" { (s.save) } a.button.quiet href="/" { (s.back) } }
        }
    };
    let title = if kind == Kind::Add {
        s.new_customer
    } else {
        s.show_change
    };
    ctx.page(Section::Register, title, body)
}

/// The list a form carried as hex (as hex, no browser changes a byte of it: they end a
/// field's lines with CR LF).
fn unhex(text: &str) -> Option<String> {
    let bytes: Option<Vec<u8>> = (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(text.get(i..i + 2)?, 16).ok())
        .collect();
    String::from_utf8(bytes?).ok()
}

/// What "Spara" posts.
#[derive(serde::Deserialize)]
pub struct Save {
    kind: String,
    list: String,
    fingerprint: String,
}

/// Saves a change or a new customer, held to the fingerprint shown.
pub async fn save(ctx: Ctx, Form(save): Form<Save>) -> Response {
    blocking(move || {
        let kind = if save.kind == Kind::Add.key() {
            Kind::Add
        } else {
            Kind::Edit
        };
        let Some(expected) = super::fingerprint(&save.fingerprint) else {
            return ctx.failed(Section::Register, &Error::StalePlan);
        };
        let Some(list) = unhex(&save.list) else {
            return ctx.failed(Section::Register, &Error::StalePlan);
        };
        let asked = Asked::ByHand {
            kind,
            list,
            expected: Some(expected),
        };
        made(&ctx, Section::Register, make(&ctx.settings(), asked), "")
    })
    .await
}

/// What forgetting posts: the number as the person typed it.
#[derive(serde::Deserialize)]
pub struct Typed {
    typed: String,
}

/// Forgets a customer, once the person typed their number.
pub async fn forget(ctx: Ctx, Query(asked): Query<Numbered>, Form(typed): Form<Typed>) -> Response {
    blocking(move || {
        if typed.typed.trim() != asked.number {
            return ctx.failed(Section::Register, &Error::Screen(Problem::NotConfirmed));
        }
        let asked = Asked::Forget { key: asked.number };
        made(&ctx, Section::Register, make(&ctx.settings(), asked), "")
    })
    .await
}

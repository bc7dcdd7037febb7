//! The register's pages: the customers (searched by `kundreg find`'s rules, paged), a
//! customer's card with the versions that changed them, a change or a new customer shown
//! first as old → new and then saved (as `set` and `add` make them), and forgetting a
//! customer, confirmed by typing their number.

use std::sync::Arc;

use axum::Form;
use axum::extract::{Query, State};
use axum::response::Response;
use maud::{Markup, html};

use super::change::{made, make};
use super::page::{Ctx, Section, blocking, encode};
use super::{Problem, Screen};
use crate::cmd::by_hand::planned;
use crate::cmd::open;
use crate::customer::Customer;
use crate::edit;
use crate::error::Error;
use crate::field::Field;
use crate::report::changes::field_changes;
use crate::search::Query as Search;
use crate::shared::request::Asked;
use crate::store::{Access, Kind, StoreError};

/// Customers on one page of the register.
pub const PAGE: usize = 50;

/// The register page's query.
#[derive(Default, serde::Deserialize)]
pub struct Listing {
    #[serde(default)]
    q: String,
    /// The customer number a page of the whole register starts from.
    #[serde(default)]
    from: String,
    /// The page of a search, from 1.
    page: Option<usize>,
}

/// The register: its size and version, a search box, and a page of customers.
pub async fn list(ctx: Ctx, Query(listing): Query<Listing>) -> Response {
    blocking(move || match listed(&ctx, &listing) {
        Ok(page) => page,
        Err(e) => ctx.failed(Section::Register, &e),
    })
    .await
}

fn listed(ctx: &Ctx, listing: &Listing) -> Result<Response, Error> {
    let s = ctx.t.screen;
    let r = ctx.t.register;
    let settings = ctx.settings();
    let words = listing.q.trim();
    let page = listing.page.unwrap_or(1).clamp(1, 1000);
    let Some(store) = open(&settings, Access::Read)? else {
        let body =
            html! { p.note { (s.no_register) } p { a.button href="/import" { (s.import) } } };
        return Ok(ctx.page(Section::Register, s.register, body));
    };
    let view = store.read()?;
    let (count, version) = (view.len(), view.version());
    let (customers, next, total) = if words.is_empty() {
        let mut customers = view.customers_from(&listing.from, PAGE + 1)?;
        let next = (customers.len() > PAGE).then(|| customers.remove(PAGE).number().to_string());
        (
            customers,
            next.map(|n| format!("/?from={}", encode(&n))),
            None,
        )
    } else {
        let found = view.search(&Search::parse(words)?, page * PAGE)?;
        let more =
            found.total > page * PAGE || !found.complete && found.customers.len() == page * PAGE;
        let next = more.then(|| format!("/?q={}&page={}", encode(words), page + 1));
        let customers = found
            .customers
            .into_iter()
            .skip((page - 1) * PAGE)
            .collect();
        (customers, next, Some((found.total, found.complete)))
    };
    drop(view);
    let body = html! {
        p.facts data-customers=(count) data-version=(version) { ((s.register_facts)(count, version)) }
        form.search method="get" action="/" role="search" {
            label for="q" { (s.search_label) }
            input #q type="search" name="q" value=(words) autofocus;
            " " button type="submit" { (s.search) }
            " " a.button.quiet href="/customer/new" { (s.new_customer) }
        }
        @if let Some((total, complete)) = total {
            p.facts { @if complete { ((s.found)(total)) } @else { ((s.found_more_than)(total)) } }
        }
        @if customers.is_empty() {
            p { (if words.is_empty() { s.no_customers } else { r.found_none }) }
        } @else {
            table.customers {
                thead { tr { @for head in r.find_columns { th { (head) } } } }
                tbody {
                    @for c in &customers {
                        tr data-number=(c.number()) {
                            td { a href=(card_link(c.number())) { (c.number()) } }
                            td { (name_of(c)) }
                            td { (c.get(Field::Email).unwrap_or_default()) }
                            td { (c.get(Field::Phone).unwrap_or_default()) }
                            td { (c.get(Field::City).unwrap_or_default()) }
                        }
                    }
                }
            }
        }
        @if let Some(next) = next { p { a rel="next" href=(next) { (s.next_page) } } }
    };
    Ok(ctx.page(Section::Register, s.register, body))
}

/// A customer's name as the list shows it: first and last name, else the company.
fn name_of(c: &Customer) -> String {
    let [first, last, company] =
        [Field::FirstName, Field::LastName, Field::Company].map(|f| c.get(f).unwrap_or_default());
    match format!("{first} {last}").trim() {
        "" => company.to_string(),
        name => name.to_string(),
    }
}

/// The address of a customer's card.
fn card_link(number: &str) -> String {
    format!("/customer?number={}", encode(number))
}

/// A customer asked for by number.
#[derive(serde::Deserialize)]
pub struct Numbered {
    number: String,
}

/// The customer with `number`, or the error saying there is none.
fn customer(ctx: &Ctx, number: &str) -> Result<(Customer, crate::store::ReadView), Error> {
    let not_found = || Error::NoSuchCustomer { key: number.into() };
    let store = open(&ctx.settings(), Access::Read)?.ok_or_else(not_found)?;
    let view = store.read()?;
    let customer = view.find(number)?.ok_or_else(not_found)?;
    Ok((customer, view))
}

/// A customer's card: every field, the versions that changed them, a change and forgetting.
pub async fn card(ctx: Ctx, Query(asked): Query<Numbered>) -> Response {
    blocking(move || match carded(&ctx, &asked.number) {
        Ok(page) => page,
        Err(e) => ctx.failed(Section::Register, &e),
    })
    .await
}

fn carded(ctx: &Ctx, number: &str) -> Result<Response, Error> {
    let s = ctx.t.screen;
    let r = ctx.t.register;
    let (customer, view) = customer(ctx, number)?;
    let versions = view.versions_of(customer.number())?;
    drop(view);
    let number = customer.number();
    let body = html! {
        dl.card data-number=(number) {
            @for field in Field::ALL {
                @if let Some(value) = customer.get(field) {
                    dt { ((ctx.t.field_name)(field)) }
                    dd data-field=(field.key()) { (value) }
                }
            }
        }
        p.buttons { a.button href=(format!("/customer/edit?number={}", encode(number))) { (s.edit) } }
        h2 { (r.versions_title) }
        table.versions {
            thead { tr { @for head in r.versions_columns { th { (head) } } } }
            tbody {
                @for (v, change) in &versions {
                    tr {
                        td { a href=(format!("/history/version?v={}", v.number)) { "v" (v.number) } }
                        td { (crate::lang::local_time(v.at)) }
                        td { (ctx.t.kind_word(v.kind)) }
                        td { (v.file.as_deref().unwrap_or_default()) }
                        td { (changed_fields(ctx, change)) }
                    }
                }
            }
        }
        h2 { (s.forget_title) }
        form.forget method="post" action=(ctx.action(&format!("/customer/forget?number={}", encode(number)))) {
            p.warning { ((s.forget_explained)(number)) }
            label for="typed" { ((s.forget_type_number)(number)) }
            input #typed type="text" name="typed" autocomplete="off" required;
            p { button.danger type="submit" name="forget" { (s.forget) } }
        }
    };
    Ok(ctx.page(Section::Register, &name_or_number(&customer), body))
}

/// The names of the fields a version changed.
fn changed_fields(ctx: &Ctx, change: &crate::customer::Change) -> String {
    field_changes(change)
        .map(|fields| {
            let names: Vec<&str> = fields
                .iter()
                .map(|(f, _, _)| (ctx.t.field_name)(*f))
                .collect();
            names.join(", ")
        })
        .unwrap_or_default()
}

fn name_or_number(c: &Customer) -> String {
    match name_of(c) {
        name if name.is_empty() => c.number().to_string(),
        name => format!("{name} ({})", c.number()),
    }
}

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
        made(
            &ctx,
            Section::Register,
            make(&ctx.settings(), asked, &[]),
            "",
        )
    })
    .await
}

/// What forgetting posts: the number as the person typed it.
#[derive(serde::Deserialize)]
pub struct Typed {
    typed: String,
}

/// Forgets a customer, once the person typed their number.
pub async fn forget(
    ctx: Ctx,
    State(_): State<Arc<Screen>>,
    Query(asked): Query<Numbered>,
    Form(typed): Form<Typed>,
) -> Response {
    blocking(move || {
        if typed.typed.trim() != asked.number {
            return ctx.failed(Section::Register, &Error::Screen(Problem::NotConfirmed));
        }
        let asked = Asked::Forget { key: asked.number };
        made(
            &ctx,
            Section::Register,
            make(&ctx.settings(), asked, &[]),
            "",
        )
    })
    .await
}

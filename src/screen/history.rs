//! "Historik": the versions, newest first; one version shown customer by customer with what
//! undoing it would do (the rollback's report, its conflicts, and what `--force` would choose),
//! and then undone ("Ångra") or, for a rollback, redone ("Gör om"), held to the fingerprint of
//! the report shown.

use axum::Form;
use axum::extract::Query;
use axum::response::Response;
use maud::{Markup, html};

use super::change::{made, make};
use super::page::{Ctx, Section, blocking, encode};
use crate::cmd::history::text_row;
use crate::cmd::open;
use crate::cmd::said::write_report;
use crate::error::Error;
use crate::field::Field;
use crate::lang::Texts;
use crate::report::changes::{What, field_changes};
use crate::rollback::{self, Undo};
use crate::shared::request::Asked;
use crate::store::{Access, Kind, StoreError};

/// Customers a version's page lists; `kundreg show` lists them all.
const LISTED: usize = 200;

/// The history page.
pub async fn list(ctx: Ctx) -> Response {
    blocking(move || {
        let s = ctx.t.screen;
        let c = &ctx.t.history_columns;
        let versions = match open(&ctx.settings(), Access::Read).and_then(|store| {
            store.map(|store| Ok::<_, Error>(store.read()?.history()?)).transpose()
        }) {
            Ok(versions) => versions.unwrap_or_default(),
            Err(e) => return ctx.failed(Section::History, &e),
        };
        let body = html! {
            @if versions.is_empty() { p { (ctx.t.history_empty) } } @else {
                table.history {
                    thead { tr { @for head in [c.version, c.time, c.kind, c.file, c.counts, c.remark] { th { (head) } } } }
                    tbody {
                        @for v in &versions {
                            @let row = text_row(ctx.t, v);
                            tr data-version=(v.number) data-kind=(v.kind.key()) {
                                td { a href=(format!("/history/version?v={}", v.number)) { (row[0]) } }
                                @for cell in &row[1..] { td { (cell) } }
                            }
                        }
                    }
                }
            }
            p.facts { (s.history_explained) }
        };
        ctx.page(Section::History, s.history, body)
    })
    .await
}

/// A version asked for, and whether its undoing forces past later changes.
#[derive(serde::Deserialize)]
pub struct Which {
    v: u64,
    #[serde(default)]
    force: bool,
}

/// A version: what it changed, and what undoing it would do.
pub async fn version(ctx: Ctx, Query(asked): Query<Which>) -> Response {
    blocking(move || match shown(&ctx, asked.v, asked.force) {
        Ok(page) => page,
        Err(e) => ctx.failed(Section::History, &e),
    })
    .await
}

fn shown(ctx: &Ctx, number: u64, force: bool) -> Result<Response, Error> {
    let t = ctx.t;
    let s = t.screen;
    let missing = || Error::NoSuchVersion { version: number };
    let store = open(&ctx.settings(), Access::Read)?.ok_or_else(missing)?;
    let mut view = store.read()?;
    let entry = view.entry(number)?.ok_or_else(missing)?;
    // Each customer's changed fields, as (number, what, [(field, old, new)]).
    let mut changes = Vec::new();
    let mut count = 0usize;
    view.for_each_change(&entry, |change| {
        count += 1;
        if count <= LISTED {
            let fields = field_changes(change).map_err(StoreError::from)?;
            let fields: Vec<_> = fields
                .into_iter()
                .map(|(f, old, new)| (f, old.map(str::to_string), new.map(str::to_string)))
                .collect();
            changes.push((change.number.clone(), What::of(change), fields));
        }
        Ok::<_, Error>(())
    })?;
    let undo = Undo::Version(number);
    // Forgetting cannot be undone: the page says so instead of a report.
    let plan = match rollback::plan(&mut view, undo, force, None) {
        Ok(plan) => Ok(plan),
        Err(e) => Err(Error::from(e)),
    };
    drop(view);
    let mut report = Vec::new();
    if let Ok(plan) = &plan {
        write_report(&mut report, t, plan, false)?;
    }
    let redo = entry.kind == Kind::Rollback;
    let row = text_row(t, &entry);
    let body = html! {
        dl.card {
            dt { (t.history_columns.time) } dd { (row[1]) }
            dt { (t.history_columns.kind) } dd { (row[2]) }
            dt { (t.history_columns.file) } dd { (row[3]) }
            dt { (t.history_columns.counts) } dd { (row[4]) }
            @if !row[5].is_empty() { dt { (t.history_columns.remark) } dd { (row[5]) } }
        }
        h2 { (s.version_changes) }
        table.changes {
            thead { tr { th { (t.screen.customer) } th { (t.status) } th { (t.screen.field) } th { (t.screen.before) } th { (t.screen.after) } } }
            tbody {
                @for (number, what, fields) in &changes {
                    @let rows = fields.len().max(1);
                    tr data-number=(number) data-change=(what.key()) {
                        td rowspan=(rows) {
                            @if *what == What::Erased { (t.erased_customer) }
                            @else { a href=(format!("/customer?number={}", encode(number))) { (number) } }
                        }
                        td rowspan=(rows) { (what.word(t)) }
                        @if let Some((field, old, new)) = fields.first() {
                            (field_cells(t, *field, old.as_deref(), new.as_deref()))
                        } @else { td colspan="3" {} }
                    }
                    @for (field, old, new) in fields.iter().skip(1) {
                        tr { (field_cells(t, *field, old.as_deref(), new.as_deref())) }
                    }
                }
            }
        }
        @if count > LISTED { p.facts { ((s.more_changes)(count - LISTED, number)) } }
        h2 { (if redo { s.redo_title } else { s.undo_title }) }
        @match &plan {
            Err(e) => p.note { (e.message(t)) },
            Ok(plan) => {
                pre.report { (String::from_utf8_lossy(&report)) }
                @if !plan.applicable() {
                    p.warning { (s.force_explained) }
                    @if !force { p { a.button.quiet href=(format!("/history/version?v={number}&force=true")) { (s.show_forced) } } }
                } @else if plan.undone.is_empty() {
                    p.note { ((t.nothing_to_undo)(plan.register_version)) }
                } @else {
                    form method="post" action=(ctx.action("/history/undo")) {
                        input type="hidden" name="v" value=(number);
                        input type="hidden" name="force" value=(force);
                        input type="hidden" name="fingerprint" value=(plan.fingerprint.to_string());
                        p.buttons { button type="submit" name="undo" { (if redo { s.redo } else { s.undo }) } }
                    }
                }
            },
        }
    };
    Ok(ctx.page(
        Section::History,
        &crate::report::changes::version_title(t, &entry),
        body,
    ))
}

/// A field's cells in a version's table: its name, the value before (struck) and after.
fn field_cells(t: &Texts, field: Field, old: Option<&str>, new: Option<&str>) -> Markup {
    html! {
        td { ((t.field_name)(field)) }
        td { @if let Some(old) = old { del { (old) } } }
        td { @if let Some(new) = new { span.new { (new) } } }
    }
}

/// What "Ångra" and "Gör om" post.
#[derive(serde::Deserialize)]
pub struct Undoing {
    v: u64,
    force: bool,
    fingerprint: String,
}

/// Undoes a version as its report showed.
pub async fn undo(ctx: Ctx, Form(undoing): Form<Undoing>) -> Response {
    blocking(move || {
        let Some(expected) = super::fingerprint(&undoing.fingerprint) else {
            return ctx.failed(Section::History, &Error::StaleRollback);
        };
        let asked = Asked::Rollback {
            undo: Undo::Version(undoing.v),
            force: undoing.force,
            expected: Some(expected),
        };
        made(&ctx, Section::History, make(&ctx.settings(), asked), "")
    })
    .await
}

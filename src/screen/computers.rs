//! "Datorer": this computer's part in the shared folder as `kundreg status` says it (its role,
//! the primary and when it was last seen, how far behind it is, work a newer epoch did not
//! keep), and every computer of the folder with the version it holds.

use axum::response::Response;
use maud::html;

use super::page::{Ctx, Section, blocking};
use crate::cmd::open;
use crate::cmd::status::{gather, write_text};
use crate::error::Error;
use crate::lang::local_time;
use crate::shared::place::Place;
use crate::shared::status::{ComputerStatus, Role};
use crate::store::Access;

/// The computers page.
pub async fn page(ctx: Ctx) -> Response {
    blocking(move || match drawn(&ctx) {
        Ok(page) => page,
        Err(e) => ctx.failed(Section::Computers, &e),
    })
    .await
}

fn drawn(ctx: &Ctx) -> Result<Response, Error> {
    let s = ctx.t.screen;
    let sh = &ctx.t.shared;
    let settings = ctx.settings();
    let mut text = Vec::new();
    write_text(&mut text, &settings, &gather(&settings)?)?;
    let (computers, newest) = match open(&settings, Access::Read)? {
        Some(store) => {
            let version = store.read()?.version();
            match Place::of(&store)? {
                Some(place) => (place.shared.statuses().unwrap_or_default(), version),
                None => (Vec::new(), version),
            }
        }
        None => (Vec::new(), 0),
    };
    let newest = computers
        .iter()
        .map(|(_, c)| c.version)
        .max()
        .unwrap_or(newest)
        .max(newest);
    let role = |c: &ComputerStatus| match c.role {
        Role::Primary => sh.role_primary,
        Role::Replica => sh.role_replica,
    };
    let body = html! {
        pre.status { (String::from_utf8_lossy(&text)) }
        @if computers.is_empty() {
            p.facts { (s.no_computers) }
        } @else {
            h2 { (s.computers) }
            table.computers {
                thead { tr { @for head in s.computer_columns { th { (head) } } } }
                tbody {
                    @for (_, c) in &computers {
                        tr data-role=(c.role.name()) {
                            td { (c.name) }
                            td { (role(c)) }
                            td.n { (c.version) }
                            td { (match newest - c.version.min(newest) { 0 => sh.up_to_date.to_string(), n => (sh.behind)(n) }) }
                            td { (local_time(c.seen.timestamp())) }
                        }
                    }
                }
            }
        }
    };
    Ok(ctx.page(Section::Computers, s.computers, body))
}

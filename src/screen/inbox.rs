//! "Inkorgen": the files waiting in the shared folder, each with its preview. Confirming one
//! does what creating its `.confirm` file does, held to the same fingerprint: the button is
//! offered only while the preview the daemon wrote shows exactly what this page shows, and
//! the daemon takes the confirm as it takes anyone's. "Avbryt" creates the `.cancel` file.
//!
//! Names come from the folder, which anyone who shares it can write: only a plain name of an
//! input the inbox reads is ever used, and a file is read only as the daemon reads it.

use std::collections::HashSet;
use std::path::PathBuf;

use axum::Form;
use axum::extract::Query;
use axum::response::Response;
use maud::html;

use super::page::{Ctx, Section, blocking, encode};
use super::preview::draw;
use super::{Problem, Screen};
use crate::cmd::plan_preview;
use crate::cmd::watch::files::read_marks;
use crate::cmd::watch::listing::InboxListing;
use crate::cmd::watch::names::{Name, classify, previews};
use crate::error::Error;
use crate::guarded;
use crate::report::{FULL_LIST_LIMIT, Preview};

/// The most files the inbox page lists.
const LISTED: usize = 500;

/// A file waiting in the inbox.
struct Waiting {
    name: String,
    bytes: u64,
    changed: Option<i64>,
    previewed: bool,
}

/// The inputs waiting in the inbox, by name, as the daemon lists them (a link, a file with
/// a second name, a conflict copy and a spreadsheet it cannot read are not among them).
fn waiting(screen: &Screen) -> std::io::Result<Vec<Waiting>> {
    let listing = InboxListing::of(&screen.inbox)?;
    let previewed: HashSet<&str> = listing.previews.iter().map(|p| p.input.as_str()).collect();
    Ok(listing
        .inputs
        .iter()
        .filter(|(_, found)| !found.conflict_copy && !found.spreadsheet)
        .take(LISTED)
        .map(|(name, found)| Waiting {
            name: name.clone(),
            bytes: found.stamp.len,
            changed: found
                .stamp
                .modified
                .and_then(|m| m.duration_since(std::time::UNIX_EPOCH).ok())
                .map(|d| d.as_secs() as i64),
            previewed: previewed.contains(name.as_str()),
        })
        .collect())
}

/// The inbox page: the files waiting, each linked to its preview.
pub async fn list(ctx: Ctx) -> Response {
    blocking(move || {
        let s = ctx.t.screen;
        let files = match waiting(&ctx.screen) {
            Ok(files) => files,
            Err(source) => {
                let path = ctx.screen.inbox.clone();
                return ctx.failed(Section::Inbox, &Error::Input { path, source });
            }
        };
        let body = html! {
            p.facts { ((s.inbox_folder)(&ctx.screen.inbox.display().to_string())) }
            @if files.is_empty() {
                p { (s.inbox_empty) }
            } @else {
                table.inbox {
                    thead { tr { th { (s.file) } th { (s.size) } th { (s.changed) } th { (s.preview) } } }
                    tbody {
                        @for f in &files {
                            tr data-file=(f.name) {
                                td { a href=(format!("/inbox/file?name={}", encode(&f.name))) { (f.name) } }
                                td.n { (format!("{} kB", f.bytes.div_ceil(1000))) }
                                td { (f.changed.map(crate::lang::local_time).unwrap_or_default()) }
                                td { (if f.previewed { s.previewed } else { s.not_previewed }) }
                            }
                        }
                    }
                }
            }
        };
        ctx.page(Section::Inbox, s.inbox, body)
    })
    .await
}

/// A file asked for by name.
#[derive(serde::Deserialize)]
pub struct Named {
    name: String,
}

/// The path of the input `name` in the inbox: a plain name of an input only.
fn input_path(screen: &Screen, name: &str) -> Result<PathBuf, Error> {
    let plain = !name.contains(['/', '\\']) && !name.starts_with('.') && name.len() <= 255;
    if !plain
        || classify(name)
            != (Name::Input {
                conflict_copy: false,
            })
    {
        return Err(Error::Screen(Problem::NoSuchInput(name.to_string())));
    }
    Ok(screen.inbox.join(name))
}

/// A file's preview, with "Bekräfta import" while the daemon's preview shows the same.
pub async fn file(ctx: Ctx, Query(named): Query<Named>) -> Response {
    blocking(move || match shown(&ctx, &named.name) {
        Ok(page) => page,
        Err(e) => ctx.failed(Section::Inbox, &e),
    })
    .await
}

fn shown(ctx: &Ctx, name: &str) -> Result<Response, Error> {
    let s = ctx.t.screen;
    let path = input_path(&ctx.screen, name)?;
    // Read from a copy the screen made of it as the daemon reads it (see `uploads`).
    let copy = ctx
        .screen
        .uploads
        .copy_of(&path, name, ctx.screen.max_size)?;
    let input = super::import::load(&ctx.screen, &copy)?;
    let planned = match input.parsed.file_errors.is_empty() {
        true => Some(plan_preview(
            &ctx.settings(),
            &input,
            input.parsed.rows_read <= FULL_LIST_LIMIT,
        )?),
        false => None,
    };
    let preview = Preview {
        already: planned.as_ref().and_then(|(_, already)| already.as_ref()),
        ..Preview::of(&input, planned.as_ref().map(|(plan, _)| plan), ctx.t)
    };
    // The daemon's own preview: a confirm is held to the fingerprint it shows.
    let [_, html] = previews(name);
    let marks = read_marks(&ctx.screen.inbox.join(html));
    let held = marks
        .filter(|m| m.sha256 == input.inspection.sha256)
        .and_then(|m| m.fingerprint);
    let confirmable = planned
        .as_ref()
        .filter(|(plan, already)| already.is_none() && plan.counts.new + plan.counts.update > 0)
        .map(|(plan, _)| plan.fingerprint)
        .filter(|f| held == Some(*f));
    let importable = planned.as_ref().is_some_and(|(plan, already)| {
        already.is_none() && plan.counts.new + plan.counts.update > 0
    });
    let target = encode(name);
    let body = html! {
        @if importable && confirmable.is_none() { p.note { (s.daemon_not_caught_up) } }
        (draw(&preview))
        div.buttons {
            @if let Some(fingerprint) = confirmable {
                form method="post" action=(ctx.action(&format!("/inbox/confirm?name={target}"))) {
                    input type="hidden" name="fingerprint" value=(fingerprint.to_string());
                    button type="submit" name="confirm" { "Bekräfta import" }
                }
            }
            form method="post" action=(ctx.action(&format!("/inbox/cancel?name={target}"))) {
                button.quiet type="submit" name="cancel" { (s.cancel) }
            }
        }
    };
    Ok(ctx.page(Section::Inbox, &(s.preview_of)(name), body))
}

/// What the confirm button posts.
#[derive(serde::Deserialize)]
pub struct Confirm {
    fingerprint: String,
}

/// Confirms a file as its `.confirm` file does, if the daemon's preview still shows the
/// fingerprint the page showed.
pub async fn confirm(
    ctx: Ctx,
    Query(named): Query<Named>,
    Form(confirm): Form<Confirm>,
) -> Response {
    blocking(move || {
        let signalled = input_path(&ctx.screen, &named.name).and_then(|path| {
            let [_, html] = previews(&named.name);
            let held = read_marks(&ctx.screen.inbox.join(html)).and_then(|m| m.fingerprint);
            let shown = super::fingerprint(&confirm.fingerprint);
            if held.is_none() || held.map(|f| f.0) != shown {
                return Err(Error::Screen(Problem::PreviewChanged(named.name.clone())));
            }
            signal(&path, "confirm")
        });
        done(&ctx, &named.name, signalled, ctx.t.screen.confirmed)
    })
    .await
}

/// Cancels a file as its `.cancel` file does.
pub async fn cancel(ctx: Ctx, Query(named): Query<Named>) -> Response {
    blocking(move || {
        let signalled =
            input_path(&ctx.screen, &named.name).and_then(|path| signal(&path, "cancel"));
        done(&ctx, &named.name, signalled, ctx.t.screen.cancelled)
    })
    .await
}

/// Creates the empty file `<input>.<what>` beside the input (one there already is as good).
fn signal(input: &std::path::Path, what: &str) -> Result<(), Error> {
    let mut name = input.as_os_str().to_owned();
    name.push(format!(".{what}"));
    let path = PathBuf::from(name);
    match guarded::NewFile::beside(&path).and_then(|file| file.place_new(&path)) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(source) => Err(Error::Output { path, source }),
    }
}

fn done(ctx: &Ctx, name: &str, signalled: Result<(), Error>, said: fn(&str) -> String) -> Response {
    match signalled {
        Ok(()) => {
            let body = html! {
                p.done role="status" { (said(name)) }
                p { a.button.quiet href="/inbox" { (ctx.t.screen.inbox) } }
            };
            ctx.page(Section::Inbox, ctx.t.screen.inbox, body)
        }
        Err(e) => ctx.failed(Section::Inbox, &e),
    }
}

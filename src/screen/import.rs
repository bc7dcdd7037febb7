//! "Importera kunder" as the help page describes it: "Kopiera/Klistra in" (the format on the
//! first line, the customers after it) or "Från fil" (any file the inbox reads); "Starta
//! inläsning" shows the preview; "Ändra importdata" goes back with the text or file kept;
//! "Bekräfta import" applies exactly what was shown, held to its fingerprint as a confirm
//! file is; the receipt gives the version, the counts, and the rows not applied as a file.
//!
//! What was given is kept meanwhile (see `uploads`).

use std::path::Path;

use axum::extract::{Multipart, Query};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Redirect, Response};
use maud::html;

use super::change::{Made, answer_page, make_import, outcome_page};
use super::page::{Ctx, Section, blocking, encode};
use super::preview::draw;
use super::uploads::{Given, upload_name};
use super::{Problem, Screen};
use crate::cmd::plan_preview;
use crate::columns::{FILE_NAME, ShopColumns};
use crate::error::Error;
use crate::input::Input;
use crate::not_imported::{self, Returned};
use crate::plan::Fingerprint;
use crate::report::{FULL_LIST_LIMIT, Preview};
use crate::shared::outcome::Outcome;
use crate::shared::request::Asked;

/// The form's query: the list to edit, if one is kept.
#[derive(Default, serde::Deserialize)]
pub struct Kept {
    id: Option<String>,
}

/// The import form: paste or file, with what was given before when going back to it.
pub async fn start(ctx: Ctx, Query(kept): Query<Kept>) -> Response {
    blocking(move || {
        let given = kept.id.and_then(|id| ctx.screen.uploads.get(&id));
        let text = given
            .as_ref()
            .filter(|g| g.pasted)
            .and_then(|g| std::fs::read(&g.path).ok())
            .map(|b| String::from_utf8_lossy(&b).into_owned())
            .unwrap_or_default();
        form(&ctx, given.as_ref(), &text)
    })
    .await
}

fn form(ctx: &Ctx, given: Option<&Given>, text: &str) -> Response {
    let s = ctx.t.screen;
    let file = given.filter(|g| !g.pasted);
    let body = html! {
        form.import method="post" action=(ctx.action("/import")) enctype="multipart/form-data" {
            fieldset {
                legend { (s.paste) }
                label { input type="radio" name="way" value="paste" checked[file.is_none()]; " " (s.paste) }
                p.facts { (s.paste_explained) }
                textarea name="text" rows="12" spellcheck="false" placeholder="epost;förnamn;efternamn;telefon" { (text) }
            }
            fieldset {
                legend { (s.from_file) }
                label { input type="radio" name="way" value="file" checked[file.is_some()]; " " (s.from_file) }
                @if let Some(file) = file {
                    p.note { ((s.file_kept)(&file.name)) }
                    input type="hidden" name="kept" value=(file.id);
                }
                label { (s.choose_file) " " input type="file" name="file" accept=".csv,.txt,.xlsx,.xlsm,.xls,.ods"; }
                label { (s.sheet) " " input type="text" name="sheet" value=(given.and_then(|g| g.sheet.as_deref()).unwrap_or_default()); }
            }
            p.buttons { button type="submit" name="start" { "Starta inläsning" } }
        }
    };
    ctx.page(Section::Import, s.import, body)
}

/// What the import form gave.
#[derive(Default)]
struct Filled {
    way: String,
    text: String,
    file: Option<(String, Vec<u8>)>,
    kept: Option<String>,
    sheet: Option<String>,
}

/// "Starta inläsning": keeps what was given and shows its preview.
pub async fn read(ctx: Ctx, mut multipart: Multipart) -> Response {
    let mut filled = Filled::default();
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            Err(e) => {
                let problem = Problem::Upload(e.body_text());
                return ctx.failed(Section::Import, &Error::Screen(problem));
            }
        };
        let name = field.name().unwrap_or_default().to_string();
        let file_name = field.file_name().map(str::to_string);
        let bytes = match field.bytes().await {
            Ok(bytes) => bytes,
            Err(e) => {
                return ctx.failed(
                    Section::Import,
                    &Error::Screen(Problem::Upload(e.body_text())),
                );
            }
        };
        let text = || String::from_utf8_lossy(&bytes).into_owned();
        match name.as_str() {
            "way" => filled.way = text(),
            "text" => filled.text = text(),
            "kept" => filled.kept = Some(text()),
            "sheet" => filled.sheet = Some(text().trim().to_string()).filter(|s| !s.is_empty()),
            "file" => {
                if let Some(file_name) = file_name.filter(|_| !bytes.is_empty()) {
                    filled.file = Some((file_name, bytes.to_vec()));
                }
            }
            _ => {}
        }
    }
    blocking(move || {
        let t = ctx.t;
        let screen = ctx.screen.clone();
        // The way chosen; a file chosen, or a text pasted, under the other way is taken when
        // the chosen one was left empty.
        let pasted = !filled.text.trim().is_empty();
        let file = filled.file.is_some() || filled.kept.is_some();
        let way = match filled.way.as_str() {
            "file" if !file && pasted => "paste",
            "file" => "file",
            _ if !pasted && file => "file",
            _ => "paste",
        };
        let given = match (way, filled.file, filled.kept) {
            ("file", Some((name, bytes)), _) => {
                screen
                    .uploads
                    .keep(&upload_name(&name), &bytes, false, filled.sheet.clone())
            }
            ("file", None, Some(id)) => {
                match screen.uploads.with_sheet(&id, filled.sheet.clone()) {
                    Some(given) => Ok(given),
                    None => {
                        return ctx.failed(Section::Import, &Error::Screen(Problem::UploadGone));
                    }
                }
            }
            ("file", None, None) => {
                return ctx.failed(Section::Import, &Error::Screen(Problem::NoFile));
            }
            _ if filled.text.trim().is_empty() => {
                return ctx.failed(Section::Import, &Error::Screen(Problem::NothingPasted));
            }
            _ => screen.uploads.keep(
                &format!("{}.txt", t.fix.pasted_stem),
                filled.text.as_bytes(),
                true,
                None,
            ),
        };
        match given {
            Ok(given) => previewed(&ctx, &screen, &given),
            Err(source) => ctx.failed(
                Section::Import,
                &Error::Input {
                    path: "upload".into(),
                    source,
                },
            ),
        }
    })
    .await
}

/// The shop's column names, from the inbox (as the daemon reads the inbox's files).
fn columns(screen: &Screen) -> ShopColumns {
    ShopColumns::read(&screen.inbox.join(FILE_NAME))
}

/// The list `given` read as an import reads it.
pub(super) fn load(screen: &Screen, given: &Given) -> Result<Input, Error> {
    // Said of the list by the name it was given, never where the screen keeps it.
    let named = |e| match Error::from(e) {
        Error::Input { source, .. } => Error::Input {
            path: given.name.clone().into(),
            source,
        },
        Error::Changed { .. } => Error::Changed {
            path: given.name.clone().into(),
        },
        e => e,
    };
    let mut input =
        Input::load_sheet(&given.path, &columns(screen), given.sheet.as_deref()).map_err(named)?;
    input.name.clone_from(&given.name);
    Ok(input)
}

/// The preview of `given`, with "Ändra importdata", and "Bekräfta import" when there is
/// something to import.
fn previewed(ctx: &Ctx, screen: &Screen, given: &Given) -> Response {
    let s = ctx.t.screen;
    let input = match load(screen, given) {
        Ok(input) => input,
        Err(e) => return ctx.failed(Section::Import, &e),
    };
    let planned = if input.parsed.file_errors.is_empty() {
        match plan_preview(
            &ctx.settings(),
            &input,
            input.parsed.rows_read <= FULL_LIST_LIMIT,
        ) {
            Ok(planned) => Some(planned),
            Err(e) => return ctx.failed(Section::Import, &e),
        }
    } else {
        None
    };
    let preview = Preview {
        already: planned.as_ref().and_then(|(_, already)| already.as_ref()),
        ..Preview::of(&input, planned.as_ref().map(|(plan, _)| plan), ctx.t)
    };
    let confirmable = planned
        .as_ref()
        .filter(|(plan, already)| already.is_none() && plan.counts.new + plan.counts.update > 0)
        .map(|(plan, _)| plan.fingerprint);
    let already = planned.as_ref().and_then(|(_, a)| a.as_ref());
    let body = html! {
        @if let Some(v) = already {
            p.problem { ((ctx.t.already_imported)(v.number, &crate::lang::local_time(v.at))) }
        } @else if planned.as_ref().is_some_and(|(plan, _)| plan.counts.new + plan.counts.update == 0) {
            p.note { (ctx.t.nothing_to_import) }
        }
        (draw(&preview))
        form method="post" action=(ctx.action("/import/confirm")) {
            input type="hidden" name="id" value=(given.id);
            @if let Some(fingerprint) = confirmable {
                input type="hidden" name="fingerprint" value=(fingerprint.to_string());
            }
            p.buttons {
                a.button.quiet href=(format!("/import?id={}", given.id)) { "Ändra importdata" }
                @if confirmable.is_some() { button type="submit" name="confirm" { "Bekräfta import" } }
            }
        }
    };
    ctx.page(Section::Import, &(s.preview_of)(&given.name), body)
}

/// What "Bekräfta import" posts.
#[derive(serde::Deserialize)]
pub struct Confirm {
    id: String,
    fingerprint: String,
}

/// "Bekräfta import": the list imported, held to the fingerprint its preview showed.
pub async fn confirm(ctx: Ctx, axum::Form(confirm): axum::Form<Confirm>) -> Response {
    blocking(move || {
        let screen = ctx.screen.clone();
        let Some(given) = screen.uploads.get(&confirm.id) else {
            return ctx.failed(Section::Import, &Error::Screen(Problem::UploadGone));
        };
        let Some(expected) = super::fingerprint(&confirm.fingerprint) else {
            return ctx.failed(Section::Import, &Error::StalePlan);
        };
        let asked = Asked::Import {
            file: given.name.clone(),
            expected: Some(expected),
            columns: columns(&screen).text().unwrap_or_default(),
            sheet: given.sheet.clone(),
        };
        let input = || load(&screen, &given);
        match make_import(
            &ctx.settings(),
            asked,
            &given.path,
            input,
            Fingerprint(expected),
        ) {
            Ok(Made::Here(outcome)) => receipt(&ctx, &given, &outcome),
            Ok(Made::Sent { id }) => {
                Redirect::to(&answer_page(&id, &given.name, Some(&given.id), None)).into_response()
            }
            Err(e) => ctx.failed(Section::Import, &e),
        }
    })
    .await
}

/// The receipt: what the import said, and the rows not applied as a file to download.
pub(super) fn receipt(ctx: &Ctx, given: &Given, outcome: &Outcome) -> Response {
    let s = ctx.t.screen;
    let said = crate::cmd::said::said(ctx.t, outcome, &given.name, false);
    let written = match (said.not_applied.is_empty(), load(&ctx.screen, given)) {
        (false, Ok(input)) => {
            let folder = given.path.parent().unwrap_or(Path::new("."));
            let returned = Returned {
                input: &given.path,
                encoding: input.inspection.encoding,
                parsed: &input.parsed,
                folder,
                stem: not_imported::stem(&given.name),
                column: ctx.t.fix.error_column,
            };
            not_imported::write(&returned, &said.not_applied)
                .ok()
                .flatten()
        }
        _ => None,
    };
    let more = html! {
        @if let Some(path) = &written {
            @let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            p { a.button href=(format!("/import/errors?id={}&name={}", given.id, encode(&name))) download=(name) {
                ((s.download_not_applied)(said.not_applied.len()))
            } }
        }
        p.buttons { a.button.quiet href="/import" { (s.import_another) } a.button.quiet href="/" { (s.register) } }
    };
    outcome_page(ctx, Section::Import, outcome, &given.name, more)
}

/// The error file to download.
#[derive(serde::Deserialize)]
pub struct ErrorFile {
    id: String,
    name: String,
}

/// The rows an import on the screen did not apply, as the file the receipt offers.
pub async fn errors(ctx: Ctx, Query(asked): Query<ErrorFile>) -> Response {
    blocking(move || {
        let found = ctx.screen.uploads.get(&asked.id).and_then(|given| {
            // Only a file the import wrote beside the list, by its own name.
            let ok = asked.name.contains(".errors")
                && !asked.name.contains(['/', '\\'])
                && !asked.name.starts_with('.');
            let path = given.path.parent()?.join(&asked.name);
            ok.then(|| std::fs::read(path).ok()).flatten()
        });
        let Some(bytes) = found else {
            return ctx.failed(Section::Import, &Error::Screen(Problem::UploadGone));
        };
        let kind = if asked.name.ends_with(".xlsx") {
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        } else {
            "text/csv"
        };
        let disposition = format!("attachment; filename=\"{}\"", asked.name.replace('"', ""));
        let mut response = bytes.into_response();
        let headers = response.headers_mut();
        headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(kind));
        if let Ok(value) = HeaderValue::from_str(&disposition) {
            headers.insert(header::CONTENT_DISPOSITION, value);
        }
        response
    })
    .await
}

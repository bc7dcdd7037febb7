//! A change asked on the screen, made where this register's changes are made (the guide's
//! "Several computers"): here, by the same call that carries out a request on the primary; or,
//! on a computer that follows another, sent to the primary as the commands send it. Then the
//! answer page waits for the primary's answer and for this computer to hold the version it
//! made (the daemon beside the screen replays it), and says what the change came to.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Mutex;
use std::time::Duration;

use axum::extract::Query;
use axum::response::{IntoResponse, Redirect, Response};
use maud::{Markup, html};

use super::Problem;
use super::page::{Ctx, Section, blocking, encode};
use crate::cmd::request::{Route, route, send};
use crate::cmd::said::{Said, said};
use crate::cmd::watch::carry;
use crate::cmd::{Settings, apply, held_version, open, open_existing};
use crate::error::Error;
use crate::input::Input;
use crate::plan::Fingerprint;
use crate::shared::outcome::Outcome;
use crate::shared::place::Place;
use crate::shared::request::{Asked, asked_at};
use crate::store::Access;

/// How long the page says it is waiting before it says the primary is not answering.
const ANSWER_WAIT: Duration = Duration::from_secs(30);
/// How many answers the screen keeps to show again (a page reloaded).
const ANSWERS_KEPT: usize = 64;

/// The answers the primary gave to what the screen asked, by request id, to show again.
#[derive(Default)]
pub struct Answers(Mutex<HashMap<String, Outcome>>);

/// Where a change went.
pub enum Made {
    /// Made here: what it came to.
    Here(Outcome),
    /// Sent to the primary as the request `id`.
    Sent { id: String },
}

/// Makes `asked` (a change by hand, a rollback, a forget) here, or sends it to the primary.
pub fn make(settings: &Settings, asked: Asked) -> Result<Made, Error> {
    if let Route::Primary(place) = route(settings)? {
        return sent(&place, asked, &mut std::io::empty());
    }
    let store = open_existing(settings)?.ok_or(Error::Screen(Problem::NoRegister))?;
    let at = chrono::Utc::now().timestamp();
    Ok(Made::Here(carry::outcome(store, &asked, at, &[])?))
}

/// Makes the import `asked` of the list at `path` here (read by `input`, as its preview read
/// it, and held to `expected`), or sends the list to the primary: streamed, never held in
/// memory but as its preview needs.
pub fn make_import(
    settings: &Settings,
    asked: Asked,
    path: &Path,
    input: impl FnOnce() -> Result<Input, Error>,
    expected: Fingerprint,
) -> Result<Made, Error> {
    if let Route::Primary(place) = route(settings)? {
        let mut file = std::fs::File::open(path).map_err(|source| Error::Input {
            path: path.to_path_buf(),
            source,
        })?;
        return sent(&place, asked, &mut file);
    }
    // An import makes the register if there is none.
    let store = open(settings, Access::Write)?.ok_or(Error::Screen(Problem::NoRegister))?;
    let (plan, version) = apply::import(&store, &input()?, Some(expected), &mut |_| {})?;
    Ok(Made::Here(Outcome::imported(plan, version)))
}

/// Sends `asked`, with what `file` holds, to the primary of `place`.
fn sent(place: &Place, asked: Asked, file: &mut dyn std::io::Read) -> Result<Made, Error> {
    let id = send(place, asked, file, true)?.ok_or(Error::Screen(Problem::NotJoined))?;
    Ok(Made::Sent { id })
}

/// The page for a change made or sent: what it came to, or the answer page to wait on.
/// `file` names an import's file.
pub fn made(ctx: &Ctx, section: Section, made: Result<Made, Error>, file: &str) -> Response {
    match made {
        Ok(Made::Here(outcome)) => outcome_page(ctx, section, &outcome, file, html! {}),
        Ok(Made::Sent { id }) => {
            let from = (section == Section::History).then_some("history");
            Redirect::to(&answer_page(&id, file, None, from)).into_response()
        }
        Err(e) => ctx.failed(section, &e),
    }
}

/// What a change said, as a page: refused changes as a problem, made ones as done.
pub fn outcome_page(
    ctx: &Ctx,
    section: Section,
    outcome: &Outcome,
    file: &str,
    more: Markup,
) -> Response {
    let s = ctx.t.screen;
    let Said { out, err, .. } = said(ctx.t, outcome, file, true);
    let refused = matches!(outcome, Outcome::Refused(_));
    let why = match outcome {
        Outcome::Refused(refusal) => Some(Error::from(refusal.clone()).message(ctx.t)),
        _ => None,
    };
    let body = html! {
        @if let Some(why) = &why {
            p.problem role="alert" { (why) }
        }
        @if !out.trim().is_empty() {
            pre class=(if refused { "problem" } else { "done" }) { (out.trim_end()) }
        }
        @if !err.trim().is_empty() {
            pre.note { (err.trim_end()) }
        }
        (more)
    };
    ctx.page(
        section,
        if refused {
            s.failed_title
        } else {
            s.done_title
        },
        body,
    )
}

/// The answer page's query.
#[derive(serde::Deserialize)]
pub struct Asking {
    id: String,
    #[serde(default)]
    file: String,
    /// The list an import was read from on the screen, for its receipt.
    list: Option<String>,
    /// The page the change was asked on, when not the register's: `history`.
    from: Option<String>,
}

impl Asking {
    /// The menu's page the answer belongs to.
    fn section(&self) -> Section {
        match (self.list.is_some(), self.from.as_deref()) {
            (true, _) => Section::Import,
            (_, Some("history")) => Section::History,
            _ => Section::Register,
        }
    }
}

/// The address of the answer page for the request `id` (an import of `file`, read from the
/// list kept as `list`).
pub fn answer_page(id: &str, file: &str, list: Option<&str>, from: Option<&str>) -> String {
    let mut page = format!("/answer?id={}&file={}", encode(id), encode(file));
    for (key, value) in [("list", list), ("from", from)] {
        if let Some(value) = value {
            page.push_str(&format!("&{key}={}", encode(value)));
        }
    }
    page
}

/// What the answer page shows once the answer is here: an import's receipt, or what the
/// change said.
fn answered(ctx: &Ctx, asking: &Asking, outcome: &Outcome) -> Response {
    let list = asking
        .list
        .as_deref()
        .and_then(|id| ctx.screen.uploads.get(id));
    match list {
        Some(given) => super::import::receipt(ctx, &given, outcome),
        None => outcome_page(ctx, asking.section(), outcome, &asking.file, html! {}),
    }
}

/// The answer page: the primary's answer once this computer holds the version it made, else
/// that the screen is waiting for it (the page looks again by itself, without a script).
pub async fn answer(ctx: Ctx, Query(asking): Query<Asking>) -> Response {
    blocking(move || {
        let settings = ctx.settings();
        let screen = ctx.screen.clone();
        let kept = screen
            .answers
            .0
            .lock()
            .ok()
            .and_then(|a| a.get(&asking.id).cloned());
        if let Some(outcome) = kept {
            return answered(&ctx, &asking, &outcome);
        }
        let place = match route(&settings) {
            Ok(Route::Primary(place)) => place,
            Ok(Route::Here) => {
                return ctx.failed(asking.section(), &Error::Screen(Problem::NoSuchRequest));
            }
            Err(e) => return ctx.failed(asking.section(), &e),
        };
        match arrived(&settings, &place, &asking.id) {
            Some(outcome) => {
                if let Ok(mut answers) = screen.answers.0.lock() {
                    if answers.len() >= ANSWERS_KEPT {
                        answers.clear();
                    }
                    answers.insert(asking.id.clone(), outcome.clone());
                }
                let _ = place.shared.withdraw(&asking.id);
                answered(&ctx, &asking, &outcome)
            }
            None => waiting(&ctx, &place, &asking),
        }
    })
    .await
}

/// The primary's answer to the request `id`, once this computer holds the version it made.
fn arrived(settings: &Settings, place: &Place, id: &str) -> Option<Outcome> {
    let answer = place.shared.standing_answer(id)?;
    let held = held_version(settings).ok().flatten().unwrap_or(0);
    match answer.outcome.version() {
        Some(version) if version > held => None,
        _ => Some(answer.outcome),
    }
}

/// The page that waits: for the primary, or (after a while) saying it is not answering and
/// the change waits in the shared folder until it does.
fn waiting(ctx: &Ctx, place: &Place, asking: &Asking) -> Response {
    let id = &asking.id;
    let s = ctx.t.screen;
    let primary = place.primary_name().unwrap_or_default();
    let asked = asked_at(id).unwrap_or(0);
    let waited = chrono::Utc::now().timestamp().saturating_sub(asked);
    let answering = waited < ANSWER_WAIT.as_secs() as i64;
    let seen = place
        .primary()
        .map(|p| crate::lang::local_time(p.seen.timestamp()));
    let body = html! {
        meta http-equiv="refresh" content=(if answering { "1" } else { "5" });
        @if answering {
            p.note role="status" data-waiting="primary" { ((s.waiting_for_primary)(&primary)) }
        } @else {
            p.warning role="status" data-waiting="queued" { ((s.primary_not_answering)(&primary, seen.as_deref())) }
        }
    };
    ctx.page(asking.section(), s.waiting_title, body)
}

//! The frame every page of the screen shares: the head, the menu, the language switch and the
//! style sheet; what a request asks in (its [`Ctx`]); and the pages for a refusal and a
//! failure. Every value goes into a page through maud, which escapes it.

use std::sync::Arc;

use axum::extract::{FromRequestParts, Query};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use maud::{DOCTYPE, Markup, html};

use super::Screen;
use super::guard::{CSRF, Session};
use crate::cmd::Settings;
use crate::error::Error;
use crate::lang::{Lang, Texts};

/// The cookie that holds the language the person chose.
const LANG_COOKIE: &str = "kundreg_lang";

const STYLE: &str = include_str!("style.css");

/// The pages of the menu.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Section {
    Register,
    Import,
    Inbox,
    History,
    Computers,
}

/// What a request asks in: the language, the session's token, the screen.
pub struct Ctx {
    pub lang: Lang,
    pub t: &'static Texts,
    pub csrf: String,
    /// The page asked for (path and query), for the language switch to come back to; none
    /// for a form's answer, which is not asked for again (its section's page is).
    pub here: Option<String>,
    pub screen: Arc<Screen>,
}

impl FromRequestParts<Arc<Screen>> for Ctx {
    type Rejection = Response;

    async fn from_request_parts(
        parts: &mut Parts,
        screen: &Arc<Screen>,
    ) -> Result<Self, Self::Rejection> {
        let lang = lang_of(&parts.headers, screen.lang);
        // The guard puts the session in before any page is reached.
        let Some(session) = parts.extensions.get::<Session>() else {
            return Err(closed(
                lang.texts(),
                StatusCode::FORBIDDEN,
                lang.texts().screen.no_session,
            ));
        };
        Ok(Ctx {
            lang,
            t: lang.texts(),
            csrf: session.csrf.clone(),
            here: (parts.method == axum::http::Method::GET)
                .then(|| parts.uri.path_and_query().map(|p| p.to_string()))
                .flatten(),
            screen: screen.clone(),
        })
    }
}

impl Ctx {
    /// The settings a command would run with, in the page's language.
    pub fn settings(&self) -> Settings {
        self.screen.settings(self.lang)
    }

    /// The address a form that changes something posts to: `path` with the session's token.
    pub fn action(&self, path: &str) -> String {
        let join = if path.contains('?') { '&' } else { '?' };
        format!("{path}{join}{CSRF}={}", self.csrf)
    }

    /// A whole page: the menu with `section` marked, `title`, then `body`.
    pub fn page(&self, section: Section, title: &str, body: Markup) -> Response {
        let s = self.t.screen;
        let menu = [
            (Section::Register, "/", s.register),
            (Section::Import, "/import", s.import),
            (Section::Inbox, "/inbox", s.inbox),
            (Section::History, "/history", s.history),
            (Section::Computers, "/computers", s.computers),
        ];
        let other = match self.lang {
            Lang::Sv => ("en", "English"),
            Lang::En => ("sv", "Svenska"),
        };
        let back = self.here.as_deref().unwrap_or(back_of(section));
        let switch = format!("/lang?to={}&back={}", other.0, encode(back));
        Html(
            html! {
                (DOCTYPE)
                html lang=(self.t.code) {
                    head {
                        meta charset="utf-8";
                        meta name="viewport" content="width=device-width, initial-scale=1";
                        title { (title) " – kundreg" }
                        link rel="stylesheet" href="/style.css";
                    }
                    body {
                        header {
                            nav {
                                span.brand { "kundreg" }
                                @for (which, href, word) in menu {
                                    a href=(href) class=[(which == section).then_some("here")] { (word) }
                                }
                                a.lang href=(switch) lang=(other.0) { (other.1) }
                            }
                        }
                        main {
                            h1 { (title) }
                            (body)
                        }
                    }
                }
            }
            .into_string(),
        )
        .into_response()
    }

    /// The page for a command's error, in the person's language, with a way back.
    pub fn failed(&self, section: Section, error: &Error) -> Response {
        let s = self.t.screen;
        let message = error.message(self.t);
        let body = html! {
            p.problem role="alert" { (message) }
            p { a href=(back_of(section)) { (s.back) } }
        };
        let mut page = self.page(section, s.failed_title, body);
        *page.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
        page
    }
}

/// Where "back" leads from a page of `section`.
fn back_of(section: Section) -> &'static str {
    match section {
        Section::Register => "/",
        Section::Import => "/import",
        Section::Inbox => "/inbox",
        Section::History => "/history",
        Section::Computers => "/computers",
    }
}

/// The language a request asks for: the one chosen on the page, else the daemon's.
pub fn lang_of(headers: &HeaderMap, default: Lang) -> Lang {
    match super::guard::cookie(headers, LANG_COOKIE).as_deref() {
        Some("en") => Lang::En,
        Some("sv") => Lang::Sv,
        _ => default,
    }
}

/// A page for someone who may not use the screen (yet): why, and how to open it.
pub fn closed(t: &Texts, status: StatusCode, why: &str) -> Response {
    let s = t.screen;
    let page = html! {
        (DOCTYPE)
        html lang=(t.code) {
            head { meta charset="utf-8"; title { "kundreg" } link rel="stylesheet" href="/style.css"; }
            body { main {
                h1 { "kundreg" }
                p.problem { (why) }
                p { (s.how_to_open) }
                pre { "kundreg ui" }
            } }
        }
    };
    (status, Html(page.into_string())).into_response()
}

/// The style sheet (the only resource a page loads).
pub async fn style() -> Response {
    (
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/css; charset=utf-8"),
        )],
        STYLE,
    )
        .into_response()
}

/// The language switch's query.
#[derive(serde::Deserialize)]
pub struct Switch {
    to: String,
    back: Option<String>,
}

/// Chooses the page's language (a preference of this browser: it changes nothing else), and
/// goes back to the page it was chosen on.
pub async fn switch(Query(switch): Query<Switch>) -> Response {
    let lang = if switch.to == "en" { "en" } else { "sv" };
    // Only a page of the screen itself is gone back to.
    let back = switch
        .back
        .filter(|b| b.starts_with('/') && !b.starts_with("//") && !b.contains('\\'))
        .unwrap_or_else(|| "/".into());
    let mut response = Redirect::to(&back).into_response();
    let cookie = format!("{LANG_COOKIE}={lang}; SameSite=Strict; Path=/; Max-Age=31536000");
    if let Ok(value) = HeaderValue::from_str(&cookie) {
        response.headers_mut().insert(header::SET_COOKIE, value);
    }
    response
}

/// Runs `work` (which touches the register or the folder) on a blocking thread.
pub async fn blocking(work: impl FnOnce() -> Response + Send + 'static) -> Response {
    tokio::task::spawn_blocking(work)
        .await
        .unwrap_or_else(|_| StatusCode::INTERNAL_SERVER_ERROR.into_response())
}

/// `text` as one value of a query string.
pub fn encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

//! Who may use the screen, and what no other web page may make it do (the reference's "The
//! screen"): every request is checked here before a page sees it.
//!
//! - `Host` must name this computer's own address with the screen's port (a DNS rebinding
//!   page reaches the port under a name of its own, and is refused).
//! - The address the daemon logs carries the per-start secret once (`/?token=…`); it is
//!   exchanged for a session cookie (`HttpOnly`, `SameSite=Strict`), and the page is shown again
//!   without it. A session is a random id sealed with the secret: nothing is kept per session.
//! - A request that may change something (anything but GET and HEAD) must come from the
//!   screen's own pages: `Sec-Fetch-Site` and `Origin`, where the browser sends them, say so,
//!   and the form's address carries the session's CSRF token, sealed with the secret too.
//! - Every answer carries a strict Content-Security-Policy (the page's own resources only, no
//!   framing), no referrer, and no CORS header at all.

use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use hmac::{KeyInit, Mac};

use super::Screen;
use super::page;
use crate::shared::ids::hex;
use crate::shared::key::Sealer;

/// The cookie that holds a session.
pub const SESSION_COOKIE: &str = "kundreg_session";
/// The query parameter that carries the per-start secret, or a form's CSRF token.
pub const TOKEN: &str = "token";
pub const CSRF: &str = "csrf";

/// What every answer says about where its resources come from.
const POLICY: &str = "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; \
     frame-ancestors 'none'; base-uri 'none'";

/// A session the request proved it has.
#[derive(Clone, Debug)]
pub struct Session {
    /// The token its forms carry.
    pub csrf: String,
}

/// The per-start secret: random, never written but to the owner's own file.
pub struct Secret([u8; 32]);

impl Secret {
    /// A new random secret.
    pub fn new() -> std::io::Result<Secret> {
        let mut bytes = [0; 32];
        getrandom::fill(&mut bytes).map_err(std::io::Error::other)?;
        Ok(Secret(bytes))
    }

    /// The secret as the address carries it.
    pub fn token(&self) -> String {
        hex(self.0)
    }

    /// `what` sealed with the secret, as hex.
    fn seal(&self, what: &str, id: &str) -> String {
        // HMAC takes a key of any length.
        let mut mac =
            <Sealer as KeyInit>::new_from_slice(&self.0).unwrap_or_else(|_| unreachable!());
        mac.update(what.as_bytes());
        mac.update(b"\0");
        mac.update(id.as_bytes());
        hex(mac.finalize().into_bytes())
    }

    /// A new session's cookie value.
    fn new_session(&self) -> std::io::Result<String> {
        let mut id = [0; 16];
        getrandom::fill(&mut id).map_err(std::io::Error::other)?;
        let id = hex(id);
        Ok(format!("{id}.{}", self.seal("session", &id)))
    }

    /// The session a cookie value proves, if it does.
    fn session(&self, cookie: &str) -> Option<Session> {
        let (id, seal) = cookie.split_once('.')?;
        same(seal, &self.seal("session", id)).then(|| Session {
            csrf: self.seal("csrf", id)[..32].to_string(),
        })
    }
}

/// Checks every request (see the module's words), then adds the headers every answer carries.
pub async fn guard(
    State(screen): State<std::sync::Arc<Screen>>,
    request: Request,
    next: Next,
) -> Response {
    let mut response = check(&screen, request, next).await;
    let headers = response.headers_mut();
    for (name, value) in [
        (header::CONTENT_SECURITY_POLICY, POLICY),
        (header::X_FRAME_OPTIONS, "DENY"),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::REFERRER_POLICY, "same-origin"),
        (header::CACHE_CONTROL, "no-store"),
    ] {
        headers.insert(name, HeaderValue::from_static(value));
    }
    response
}

async fn check(screen: &Screen, mut request: Request, next: Next) -> Response {
    let texts = page::lang_of(request.headers(), screen.lang).texts();
    let s = texts.screen;
    if !screen.is_own_host(request.headers()) {
        return refused(StatusCode::FORBIDDEN, s.foreign_host);
    }
    let query = request.uri().query().unwrap_or_default().to_string();
    if let Some(token) = parameter(&query, TOKEN) {
        if !same(&token, &screen.secret.token()) {
            return page::closed(texts, StatusCode::FORBIDDEN, s.wrong_token);
        }
        let Ok(cookie) = screen.secret.new_session() else {
            return refused(StatusCode::INTERNAL_SERVER_ERROR, s.foreign_host);
        };
        let mut response = Redirect::to(request.uri().path()).into_response();
        let cookie = format!("{SESSION_COOKIE}={cookie}; HttpOnly; SameSite=Strict; Path=/");
        if let Ok(value) = HeaderValue::from_str(&cookie) {
            response.headers_mut().insert(header::SET_COOKIE, value);
        }
        return response;
    }
    let session = cookie(request.headers(), SESSION_COOKIE).and_then(|c| screen.secret.session(&c));
    let Some(session) = session else {
        return page::closed(texts, StatusCode::FORBIDDEN, s.no_session);
    };
    if ![Method::GET, Method::HEAD].contains(request.method()) {
        let from_here = from_own_pages(request.headers(), screen);
        let token = parameter(&query, CSRF);
        if !from_here || !token.is_some_and(|t| same(&t, &session.csrf)) {
            return refused(StatusCode::FORBIDDEN, s.not_from_screen);
        }
    }
    request.extensions_mut().insert(session);
    next.run(request).await
}

/// A refusal in plain text.
fn refused(status: StatusCode, why: &str) -> Response {
    (status, why.to_string()).into_response()
}

/// Whether the browser says the request comes from the screen's own pages (a browser that
/// sends neither header is taken at its CSRF token alone).
fn from_own_pages(headers: &HeaderMap, screen: &Screen) -> bool {
    let site = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok());
    if site.is_some_and(|site| !matches!(site, "same-origin" | "none")) {
        return false;
    }
    match headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) {
        None => true,
        Some(origin) => origin
            .strip_prefix("http://")
            .is_some_and(|host| screen.is_own_host_name(host)),
    }
}

/// The value of the cookie `name`.
pub fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .find_map(|pair| {
            let (key, value) = pair.trim().split_once('=')?;
            (key == name).then(|| value.to_string())
        })
}

/// The value of the query parameter `name` (the values the screen uses are hex: no decoding).
pub fn parameter(query: &str, name: &str) -> Option<String> {
    query.split('&').find_map(|pair| {
        let (key, value) = pair.split_once('=')?;
        (key == name).then(|| value.to_string())
    })
}

/// Compares two secrets in time that does not depend on where they differ.
fn same(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0, |d, (x, y)| d | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_session_is_proved_by_its_seal_only() {
        let secret = Secret::new().unwrap();
        let cookie = secret.new_session().unwrap();
        let session = secret.session(&cookie).unwrap();
        assert_eq!(session.csrf.len(), 32);
        let (id, _) = cookie.split_once('.').unwrap();
        assert!(secret.session(&format!("{id}.00")).is_none());
        assert!(Secret::new().unwrap().session(&cookie).is_none());
        assert!(secret.session("no-dot").is_none());
    }

    #[test]
    fn parameters_and_cookies_are_found_by_name() {
        assert_eq!(parameter("a=1&token=ab", "token").as_deref(), Some("ab"));
        assert_eq!(parameter("xtoken=ab", "token"), None);
        let mut headers = HeaderMap::new();
        headers.insert(
            header::COOKIE,
            HeaderValue::from_static("a=1; kundreg_session=x.y"),
        );
        assert_eq!(cookie(&headers, SESSION_COOKIE).as_deref(), Some("x.y"));
    }
}

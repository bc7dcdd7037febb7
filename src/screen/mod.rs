//! The shop's screen (the guide's "The screen"): the register, the import the help page
//! describes, the inbox, the history and the computers, in a browser, served by `kundreg
//! watch` on this computer's own address only.
//!
//! It is a view over the library calls the commands make; it has no second way to change the
//! register. It runs on a current-thread runtime in a thread of its own beside the daemon's
//! loop, and work that touches the register or the folder runs on the runtime's blocking
//! threads. Waiting costs nothing: no timer runs while no one asks for a page.
//!
//! This file starts and stops it; `guard` checks every request, `page` is the frame every
//! page shares, `register`, `by_hand`, `import`, `inbox`, `history` and `computers` are the pages,
//! `preview` draws a preview, `uploads` keeps the lists given, `change` makes a change here or
//! asks the primary for it.

mod by_hand;
mod change;
mod computers;
mod guard;
mod history;
mod import;
mod inbox;
mod page;
mod preview;
mod register;
mod uploads;

use std::io;
use std::net::{SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderMap, header};
use axum::routing::{get, post};

use crate::lang::Lang;
use guard::Secret;

/// How the screen is served.
pub struct Options {
    /// The address to listen on: a loopback address only.
    pub address: SocketAddr,
    /// The daemon's inbox (its files are the inbox page's, its `kolumner.txt` reads an upload).
    pub inbox: PathBuf,
    /// Uploads larger than this are refused, as files larger than this are not read.
    pub max_size: u64,
}

/// Why the screen did not start.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    /// It may listen on this computer's own address only.
    #[error("{0} is not a loopback address")]
    NotLoopback(SocketAddr),
    /// The address is in use (another daemon's screen, most likely).
    #[error("{address}: {source}")]
    Taken {
        address: SocketAddr,
        source: io::Error,
    },
    /// Anything else (no thread, no runtime, no secret).
    #[error("{0}")]
    Failed(#[from] io::Error),
}

/// What the screen refuses to do, said in the person's language.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Problem {
    /// `--ui` names an address other computers could reach.
    NotLoopback(SocketAddr),
    /// No screen is running for this register (`kundreg ui`).
    NotRunning,
    /// There is no register yet: an import makes it.
    NoRegister,
    /// This computer has not joined its shared folder yet: a change cannot be sent.
    NotJoined,
    /// The list given earlier is no longer kept (the screen restarted, or many came since).
    UploadGone,
    /// "Från fil" without a file.
    NoFile,
    /// "Kopiera/Klistra in" without text.
    NothingPasted,
    /// The upload could not be read (too large, cut off): the reader's words.
    Upload(String),
    /// The inbox has no input of this name.
    NoSuchInput(String),
    /// The daemon's preview of this file is not the one the page showed.
    PreviewChanged(String),
    /// The number typed to forget a customer is not theirs.
    NotConfirmed,
    /// An answer asked for that this computer did not send.
    NoSuchRequest,
}

/// A fingerprint as a form carries it (hex).
fn fingerprint(text: &str) -> Option<[u8; 32]> {
    crate::shared::ids::from_hex(text.trim())
}

/// What every page is served with.
pub(crate) struct Screen {
    db: PathBuf,
    busy_wait: Duration,
    /// The language of a page when the person has not chosen one.
    lang: Lang,
    inbox: PathBuf,
    max_size: u64,
    secret: Secret,
    /// The address it listens on, as `Host` names it (`127.0.0.1`, `[::1]`), and its port.
    host: String,
    port: u16,
    uploads: uploads::Uploads,
    answers: change::Answers,
}

impl Screen {
    /// The settings a command would run with, in `lang`.
    fn settings(&self, lang: Lang) -> crate::cmd::Settings {
        crate::cmd::Settings {
            db: self.db.clone(),
            texts: lang.texts(),
            busy_wait: self.busy_wait,
        }
    }

    /// Whether the request's `Host` names this computer's own address and the screen's port.
    fn is_own_host(&self, headers: &HeaderMap) -> bool {
        headers
            .get(header::HOST)
            .and_then(|h| h.to_str().ok())
            .is_some_and(|host| self.is_own_host_name(host))
    }

    /// Whether `host` (`name:port`) is this computer's own address and the screen's port.
    fn is_own_host_name(&self, host: &str) -> bool {
        let Some((name, port)) = host.rsplit_once(':') else {
            return false;
        };
        let name = name.to_ascii_lowercase();
        port.parse() == Ok(self.port)
            && (matches!(name.as_str(), "localhost" | "127.0.0.1" | "[::1]") || name == self.host)
    }
}

/// The screen while it runs: stopped, and its address file removed, when dropped.
pub struct Running {
    /// The address to open, with the secret.
    pub url: String,
    file: PathBuf,
    lists: PathBuf,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
}

impl Drop for Running {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        // Another daemon's (it started after this one) are left alone.
        if std::fs::read_to_string(&self.file).is_ok_and(|text| text.trim() == self.url) {
            let _ = std::fs::remove_file(&self.file);
            uploads::Uploads::remove(&self.lists);
        }
    }
}

/// The folder beside the register `db` the screen keeps the lists it reads in (see
/// `uploads`), while it runs.
fn lists_folder(db: &Path) -> PathBuf {
    let mut name = db.as_os_str().to_owned();
    name.push(".screen-lists");
    PathBuf::from(name)
}

/// The file beside the register `db` that holds the running screen's address with its
/// secret (only its owner can read it): what `kundreg ui` opens.
pub fn address_file(db: &Path) -> PathBuf {
    let mut name = db.as_os_str().to_owned();
    name.push(".screen");
    PathBuf::from(name)
}

/// Starts the screen for the register `settings` names.
pub fn start(settings: &crate::cmd::Settings, options: Options) -> Result<Running, StartError> {
    if !options.address.ip().is_loopback() {
        return Err(StartError::NotLoopback(options.address));
    }
    let listener = TcpListener::bind(options.address).map_err(|source| StartError::Taken {
        address: options.address,
        source,
    })?;
    listener.set_nonblocking(true)?;
    let address = listener.local_addr()?;
    let host = match address {
        SocketAddr::V4(a) => a.ip().to_string(),
        SocketAddr::V6(a) => format!("[{}]", a.ip()),
    };
    let screen = Arc::new(Screen {
        db: settings.db.clone(),
        busy_wait: settings.busy_wait,
        lang: if settings.texts.code == "en" {
            Lang::En
        } else {
            Lang::Sv
        },
        inbox: options.inbox,
        max_size: options.max_size,
        secret: Secret::new()?,
        host: host.clone(),
        port: address.port(),
        uploads: uploads::Uploads::in_folder(lists_folder(&settings.db)),
        answers: change::Answers::default(),
    });
    let url = format!(
        "http://{host}:{}/?{}={}",
        address.port(),
        guard::TOKEN,
        screen.secret.token()
    );
    let file = address_file(&settings.db);
    crate::guarded::NewFile::private(&file).and_then(|mut new| {
        use std::io::Write;
        writeln!(new, "{url}")?;
        new.replace(&file)
    })?;
    let (stop, stopped) = tokio::sync::oneshot::channel();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_io()
        .enable_time()
        .build()?;
    let app = routes(screen);
    std::thread::Builder::new()
        .name("screen".into())
        .spawn(move || {
            runtime.block_on(async move {
                let Ok(listener) = tokio::net::TcpListener::from_std(listener) else {
                    return;
                };
                let _ = axum::serve(listener, app)
                    .with_graceful_shutdown(async {
                        let _ = stopped.await;
                    })
                    .await;
            })
        })?;
    Ok(Running {
        url,
        file,
        lists: lists_folder(&settings.db),
        stop: Some(stop),
    })
}

/// The screen's pages.
fn routes(screen: Arc<Screen>) -> Router {
    let upload = DefaultBodyLimit::max(
        usize::try_from(screen.max_size)
            .unwrap_or(usize::MAX)
            .saturating_add(1 << 20),
    );
    Router::new()
        .route("/", get(register::list))
        .route("/style.css", get(page::style))
        .route("/lang", get(page::switch))
        .route("/customer", get(register::card))
        .route("/duplicates", get(register::duplicates))
        .route(
            "/customer/edit",
            get(by_hand::edit).post(by_hand::check_edit),
        )
        .route("/customer/new", get(by_hand::new).post(by_hand::check_new))
        .route("/customer/save", post(by_hand::save))
        .route("/customer/forget", post(by_hand::forget))
        .route(
            "/import",
            get(import::start).post(import::read).layer(upload),
        )
        .route("/import/confirm", post(import::confirm))
        .route("/import/errors", get(import::errors))
        .route("/inbox", get(inbox::list))
        .route("/inbox/file", get(inbox::file))
        .route("/inbox/confirm", post(inbox::confirm))
        .route("/inbox/cancel", post(inbox::cancel))
        .route("/history", get(history::list))
        .route("/history/version", get(history::version))
        .route("/history/undo", post(history::undo))
        .route("/computers", get(computers::page))
        .route("/answer", get(change::answer))
        .layer(axum::middleware::from_fn_with_state(
            screen.clone(),
            guard::guard,
        ))
        .with_state(screen)
}

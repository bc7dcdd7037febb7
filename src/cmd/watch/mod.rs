//! `kundreg watch [INBOX] [--poll] [--settle MS] [--once]`: the shared-folder daemon (the guide's
//! "The shared folder"). Staff drop customer files into the inbox, read the preview kundreg writes
//! beside each, and confirm or cancel by creating a file.
//!
//! The state of the inbox is its listing: every wake-up (an OS event, the periodic rescan, a
//! file whose settle time is up) lists the folder again and works out what to do from what is
//! there, so nothing is missed when events are lost and a restart picks up where it stopped.
//! The only memory kept between scans is when each input last changed and what its last
//! preview showed (for "changed since the last preview").
//!
//! This file is the event loop; `events` says which OS events wake it. `listing` lists the
//! inbox, `names` says what a name is, `identity` what tells an input apart from another,
//! `decide` and `judge` work out what to do (no files touched), `daemon` carries it out through
//! `inbox` (the inbox and its log, each `situation` logged once while it lasts), `preview`,
//! `confirm` and `done` (finishing an input); `files` writes pages and moves files, `delta`
//! compares an edited file with its preview. `shared` is this computer's part in the shared
//! folder, `requests` the requests it answers or sent (`carry` carrying one out on the
//! primary), and `give_back` the work a newer term did not keep, given back.

pub mod carry;
mod confirm;
mod daemon;
mod decide;
mod delta;
mod done;
mod events;
pub(crate) mod files;
mod give_back;
pub(crate) mod identity;
mod inbox;
mod judge;
pub(crate) mod listing;
pub(crate) mod names;
mod preview;
mod requests;
mod shared;
mod situation;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use crate::cmd::Settings;
use crate::error::Error;

use daemon::Daemon;
use inbox::Inbox;
use shared::Sharing;

/// How the daemon runs.
pub struct Options {
    pub inbox: PathBuf,
    /// Scan the folder instead of waiting for OS events (network shares raise none).
    pub poll: bool,
    /// How long a file must stay unchanged before it is read.
    pub settle: Duration,
    /// Process what is in the inbox now, then exit.
    pub once: bool,
    /// How often the folder is listed in full even without events (default: every second
    /// when polling, every 10 seconds with OS events).
    pub rescan: Option<Duration>,
    /// Files larger than this are not read.
    pub max_size: u64,
    /// The name this computer goes by in the shared folder (its host name by default).
    pub name: Option<String>,
    /// Join the shop with the key of its join code: wait for the shared folder's register to
    /// arrive from its primary rather than start the folder with this computer's register.
    pub join: Option<crate::shared::key::ShopKey>,
    /// Where the screen is served (a loopback address); `None`: no screen.
    pub ui: Option<std::net::SocketAddr>,
}

/// Why the daemon woke up.
enum Wake {
    /// Something changed in the folder (or the OS asks for a rescan).
    Changed,
    /// SIGINT or SIGTERM.
    Stop,
}

/// Runs the daemon until SIGINT/SIGTERM (or, with `--once`, until the inbox is handled).
pub fn run(settings: &Settings, options: Options) -> Result<(), Error> {
    if let Some(address) = options.ui.filter(|a| !a.ip().is_loopback()) {
        return Err(Error::Screen(crate::screen::Problem::NotLoopback(address)));
    }
    let path = check_inbox(settings, &options.inbox)?;
    let (wake, woken) = mpsc::channel();
    let stop = Arc::new(AtomicBool::new(false));
    let stopping = stop.clone();
    let stop_wake = wake.clone();
    let w = &settings.texts.watch;
    let mut inbox = Inbox::new(settings, &options, path.clone());
    if let Err(e) = ctrlc::set_handler(move || {
        stopping.store(true, Ordering::SeqCst);
        let _ = stop_wake.send(Wake::Stop);
    }) {
        inbox.log(&(w.no_signals)(&e.to_string()));
    }
    // Served beside the daemon for as long as it runs; the folder is the main job, so a
    // screen that cannot start is said once and the folder watched all the same.
    let _screen = match options.ui.filter(|_| !options.once) {
        Some(address) => serve(&inbox, settings, address, &path, options.max_size),
        None => None,
    };
    let Some(sharing) = Sharing::join(&mut inbox, &options, &stop)? else {
        inbox.log(w.stopped);
        return Ok(());
    };
    let mut daemon = Daemon::new(inbox, sharing, stop);
    // Kept alive for as long as the daemon runs.
    let _watcher = if options.poll || options.once {
        None
    } else {
        match events::watch(&path, &daemon.sharing.arrival_folders(), wake) {
            Ok(watcher) => Some(watcher),
            Err(e) => {
                daemon.inbox.log(&(w.no_events)(&e.to_string()));
                None
            }
        }
    };
    let rescan = options.rescan.unwrap_or(if _watcher.is_none() {
        Duration::from_secs(1)
    } else {
        Duration::from_secs(10)
    });
    daemon.inbox.log(&(w.started)(
        &path.display().to_string(),
        &settings.db.display().to_string(),
    ));
    let mut scans = 0;
    loop {
        let next = daemon.step();
        scans += 1;
        if daemon.stopped() || (options.once && (next.is_none() || scans > 1)) {
            break;
        }
        let timeout = next
            .map_or(rescan, |at| at.saturating_duration_since(Instant::now()))
            .min(rescan);
        match woken.recv_timeout(timeout) {
            Ok(Wake::Stop) => break,
            // One scan answers the whole burst.
            Ok(Wake::Changed) => {
                if events::gather(&woken) {
                    daemon.stop.store(true, Ordering::SeqCst);
                }
            }
            Err(mpsc::RecvTimeoutError::Timeout) => {}
            Err(mpsc::RecvTimeoutError::Disconnected) => std::thread::sleep(timeout),
        }
    }
    daemon.inbox.log(w.stopped);
    Ok(())
}

/// Starts the screen on `address`, saying where to open it, or why it did not start.
fn serve(
    inbox: &Inbox,
    settings: &Settings,
    address: std::net::SocketAddr,
    path: &Path,
    max_size: u64,
) -> Option<crate::screen::Running> {
    let s = settings.texts.screen;
    let options = crate::screen::Options {
        address,
        inbox: path.to_path_buf(),
        max_size,
    };
    match crate::screen::start(settings, options) {
        Ok(running) => {
            inbox.log(&(s.open_at)(&running.url));
            Some(running)
        }
        Err(crate::screen::StartError::Taken { source, .. }) => {
            inbox.log(&(s.port_taken)(&address.to_string(), &source.to_string()));
            None
        }
        Err(e) => {
            inbox.log(&(s.not_started)(&e.to_string()));
            None
        }
    }
}

/// The inbox as an absolute path, after checking it is a folder and does not hold the register.
/// On Windows without the `\\?\` prefix `canonicalize` gives there: the path is shown to
/// people (in the log and receipts) and kept in the register.
fn check_inbox(settings: &Settings, inbox: &Path) -> Result<PathBuf, Error> {
    let inbox = dunce::canonicalize(inbox).map_err(|source| Error::Input {
        path: inbox.to_path_buf(),
        source,
    })?;
    if !inbox.is_dir() {
        return Err(Error::NotAFolder { path: inbox });
    }
    let db = std::path::absolute(&settings.db).map_err(|source| Error::Input {
        path: settings.db.clone(),
        source,
    })?;
    let db = match (
        db.parent().and_then(|p| dunce::canonicalize(p).ok()),
        db.file_name(),
    ) {
        (Some(parent), Some(name)) => parent.join(name),
        _ => db,
    };
    if db.starts_with(&inbox) {
        return Err(Error::RegisterInInbox { db, inbox });
    }
    Ok(inbox)
}

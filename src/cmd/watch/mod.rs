//! `kundreg watch [INBOX] [--poll] [--settle MS] [--once]`: the shared-folder daemon (the README's
//! "The shared folder"). Staff drop customer files into the inbox, read the preview kundreg writes
//! beside each, and confirm or cancel by creating a file.
//!
//! The state of the inbox is its listing: every wake-up (an OS event, the periodic rescan, a
//! file whose settle time is up) lists the folder again and works out what to do from what is
//! there, so nothing is missed when events are lost and a restart picks up where it stopped.
//! The only memory kept between scans is when each input last changed and what its last
//! preview showed (for "changed since the last preview").

mod delta;
mod done;
mod names;
mod pages;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant, SystemTime};

use crate::cmd::Settings;
use crate::cmd::{apply, open, plan_preview};
use crate::error::Error;
use crate::input::Input;
use crate::lang::local_time;
use crate::report::{FULL_LIST_LIMIT, Preview, Section};
use crate::store::{Access, StoreError};

use delta::Snapshot;
use names::{Name, Signal};
use pages::Marks;

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
    let inbox = check_inbox(settings, &options.inbox)?;
    let (wake, woken) = mpsc::channel();
    let stop = Arc::new(AtomicBool::new(false));
    let stopping = stop.clone();
    let stop_wake = wake.clone();
    let w = &settings.texts.watch;
    let mut daemon = Daemon {
        settings,
        options: &options,
        inbox: inbox.clone(),
        stop,
        tracked: HashMap::new(),
        told: HashSet::new(),
    };
    if let Err(e) = ctrlc::set_handler(move || {
        stopping.store(true, Ordering::SeqCst);
        let _ = stop_wake.send(Wake::Stop);
    }) {
        daemon.log(&(w.no_signals)(&e.to_string()));
    }
    // Kept alive for as long as the daemon runs.
    let _watcher = if options.poll || options.once {
        None
    } else {
        match events(&inbox, wake) {
            Ok(watcher) => Some(watcher),
            Err(e) => {
                daemon.log(&(w.no_events)(&e.to_string()));
                None
            }
        }
    };
    let rescan = options.rescan.unwrap_or(if _watcher.is_none() {
        Duration::from_secs(1)
    } else {
        Duration::from_secs(10)
    });
    daemon.log(&(w.started)(
        &inbox.display().to_string(),
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
            Ok(Wake::Changed) | Err(mpsc::RecvTimeoutError::Timeout) => {
                // One scan answers every event that came meanwhile.
                while let Ok(wake) = woken.try_recv() {
                    if matches!(wake, Wake::Stop) {
                        daemon.stop.store(true, Ordering::SeqCst);
                    }
                }
            }
            Err(mpsc::RecvTimeoutError::Disconnected) => std::thread::sleep(timeout),
        }
    }
    daemon.log(w.stopped);
    Ok(())
}

/// The inbox as an absolute path, after checking it is a folder and does not hold the register.
fn check_inbox(settings: &Settings, inbox: &Path) -> Result<PathBuf, Error> {
    let inbox = inbox.canonicalize().map_err(|source| Error::Input {
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
        db.parent().and_then(|p| p.canonicalize().ok()),
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

/// OS events for the inbox (not its subfolders): each one wakes the daemon for a scan.
fn events(inbox: &Path, wake: mpsc::Sender<Wake>) -> notify::Result<notify::RecommendedWatcher> {
    use notify::Watcher;
    let mut watcher = notify::recommended_watcher(move |_event: notify::Result<notify::Event>| {
        // Every event, an overflow or an error included, means "look again".
        let _ = wake.send(Wake::Changed);
    })?;
    watcher.watch(inbox, notify::RecursiveMode::NonRecursive)?;
    Ok(watcher)
}

/// Size, modification time and identity of a file: a change in any means it is still changing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Stamp {
    len: u64,
    modified: Option<SystemTime>,
    id: u64,
}

impl Stamp {
    fn of(meta: &std::fs::Metadata) -> Stamp {
        #[cfg(unix)]
        let id = std::os::unix::fs::MetadataExt::ino(meta);
        #[cfg(not(unix))]
        let id = 0;
        Stamp {
            len: meta.len(),
            modified: meta.modified().ok(),
            id,
        }
    }
}

/// What the daemon remembers about an input between scans.
struct Tracked {
    stamp: Stamp,
    /// When `stamp` was first seen: the file is settled `settle` after this.
    since: Instant,
    /// The stamp the preview in the inbox describes.
    previewed: Option<Stamp>,
    /// The bytes and rows the last preview showed.
    shown: Option<([u8; 32], Option<Snapshot>)>,
}

/// An input found in the inbox.
struct Found {
    stamp: Stamp,
    conflict_copy: bool,
    spreadsheet: bool,
    /// No other input shares this one's stem, so `STEM.confirm` names it.
    stem_unique: bool,
}

/// One listing of the inbox.
#[derive(Default)]
struct Listing {
    inputs: BTreeMap<String, Found>,
    /// Confirms and cancels: name, what it asks, its target, and whether a sync client made it.
    signals: Vec<(String, Signal, String, bool)>,
    /// Previews and the input each belongs to.
    previews: Vec<(String, String)>,
    /// Every name in the folder.
    names: HashSet<String>,
}

impl Listing {
    /// The confirm and cancel files for `input` (conflict copies confirm nothing).
    fn signals_for(&self, input: &str, signal: Signal) -> Vec<String> {
        self.signals
            .iter()
            .filter(|(name, s, target, conflict_copy)| {
                *s == signal
                    && names::names_input(target, input, self.inputs.keys().map(String::as_str))
                    && (!conflict_copy || names::stem(name).eq_ignore_ascii_case(input))
            })
            .map(|(name, ..)| name.clone())
            .collect()
    }

    fn is_locked(&self, input: &str) -> bool {
        names::editor_locks(input)
            .iter()
            .any(|lock| self.names.contains(lock))
    }
}

/// Why a file is not read at all.
enum Unread {
    TooLarge,
    Spreadsheet,
    Failed(String),
}

/// Why a confirm was not taken.
enum Refusal {
    /// The confirm was there before this preview was written.
    BeforePreview,
    /// There is no preview of kundreg's to hold the confirm to.
    NoPreview,
    /// The file or the register changed since the preview.
    Stale,
    /// The file cannot be imported.
    FileErrors,
    /// These bytes were imported already, by `version` at `at`.
    Already { version: u64, at: i64 },
}

struct Daemon<'a> {
    settings: &'a Settings,
    options: &'a Options,
    inbox: PathBuf,
    stop: Arc<AtomicBool>,
    tracked: HashMap<String, Tracked>,
    /// Situations already logged (logged again once they end and come back).
    told: HashSet<String>,
}

impl Daemon<'_> {
    fn stopped(&self) -> bool {
        self.stop.load(Ordering::SeqCst)
    }

    /// One log line, with the time, on standard error.
    fn log(&self, message: &str) {
        eprintln!(
            "{} {message}",
            chrono::Local::now().format("%Y-%m-%d %H:%M:%S")
        );
    }

    /// Logs `message` once while the situation `key` lasts.
    fn log_once(&mut self, key: String, message: &str) {
        if self.told.insert(key) {
            self.log(message);
        }
    }

    /// Lists the inbox and does the work that is due. Returns when the next file settles.
    fn step(&mut self) -> Option<Instant> {
        let w = &self.settings.texts.watch;
        let listing = match self.list() {
            Ok(listing) => listing,
            Err(e) => {
                let message = (w.inbox_unreadable)(&e.to_string());
                self.log_once("inbox".into(), &message);
                return None;
            }
        };
        self.told.retain(|key| {
            key == "inbox"
                || key
                    .split_once(':')
                    .is_some_and(|(_, name)| listing.names.contains(name))
        });
        self.tracked
            .retain(|name, _| listing.inputs.contains_key(name));
        self.remove_orphan_previews(&listing);
        let now = Instant::now();
        let mut next: Option<Instant> = None;
        for (name, found) in &listing.inputs {
            if self.stopped() {
                break;
            }
            if listing.is_locked(name) {
                self.log_once(format!("lock:{name}"), &(w.locked)(name));
                continue;
            }
            let tracked = self.tracked.entry(name.clone()).or_insert(Tracked {
                stamp: found.stamp,
                since: now,
                previewed: None,
                shown: None,
            });
            if tracked.stamp != found.stamp {
                tracked.stamp = found.stamp;
                tracked.since = now;
            }
            let settled = tracked.since + self.options.settle;
            if now < settled {
                next = Some(next.map_or(settled, |n| n.min(settled)));
                continue;
            }
            let needs_preview = tracked.previewed != Some(found.stamp);
            let cancels = listing.signals_for(name, Signal::Cancel);
            let confirms = listing.signals_for(name, Signal::Confirm);
            if let Some(cancel) = cancels.first() {
                self.cancel(name, cancel);
            } else if needs_preview || !confirms.is_empty() {
                self.handle(name, found, needs_preview, &confirms);
            }
        }
        for (name, signal, _, conflict_copy) in &listing.signals {
            let taken = listing
                .inputs
                .keys()
                .any(|input| listing.signals_for(input, *signal).contains(name));
            if !taken {
                let message = if *conflict_copy {
                    (w.conflict_copy_signal)(name)
                } else {
                    (w.no_input_for)(name)
                };
                self.log_once(format!("signal:{name}"), &message);
            }
        }
        next
    }

    /// Lists the inbox: names, and for inputs and signals what they are. Only regular files
    /// with one link are ever read; the rest is logged once and left alone.
    fn list(&mut self) -> std::io::Result<Listing> {
        let w = &self.settings.texts.watch;
        let mut listing = Listing::default();
        // An entry that vanishes while it is looked at is simply not there this time.
        for entry in std::fs::read_dir(&self.inbox)?.flatten() {
            let Ok(name) = entry.file_name().into_string() else {
                let shown = entry.file_name().to_string_lossy().into_owned();
                self.log_once(format!("name:{shown}"), &(w.unreadable_name)(&shown));
                continue;
            };
            listing.names.insert(name.clone());
            let kind = names::classify(&name);
            if let Name::Preview { input } = kind {
                listing.previews.push((name, input));
                continue;
            }
            if kind == Name::Ignored {
                continue;
            }
            // Not followed: `DirEntry::metadata` describes a link itself, not what it points to.
            let Ok(meta) = entry.metadata() else {
                continue;
            };
            let refused = if meta.file_type().is_symlink() {
                Some(w.symlink)
            } else if !meta.is_file() {
                Some(w.not_a_file)
            } else if links(&meta) > 1 {
                Some(w.hard_link)
            } else {
                None
            };
            if let Some(why) = refused {
                self.log_once(format!("refused:{name}"), &format!("{name}: {why}"));
                continue;
            }
            let (conflict_copy, spreadsheet) = match kind {
                Name::Input { conflict_copy } => (conflict_copy, false),
                Name::Spreadsheet => (false, true),
                Name::Signal {
                    signal,
                    target,
                    conflict_copy,
                } => {
                    listing.signals.push((name, signal, target, conflict_copy));
                    continue;
                }
                Name::Preview { .. } | Name::Ignored => continue,
            };
            let found = Found {
                stamp: Stamp::of(&meta),
                conflict_copy,
                spreadsheet,
                stem_unique: false,
            };
            listing.inputs.insert(name, found);
        }
        let mut stems: HashMap<String, usize> = HashMap::new();
        for name in listing.inputs.keys() {
            *stems.entry(names::stem(name).to_lowercase()).or_default() += 1;
        }
        for (name, found) in &mut listing.inputs {
            found.stem_unique = stems[&names::stem(name).to_lowercase()] == 1;
        }
        Ok(listing)
    }

    /// Removes the previews of inputs that were deleted (only previews kundreg wrote).
    fn remove_orphan_previews(&mut self, listing: &Listing) {
        let t = self.settings.texts;
        let mut removed = Vec::new();
        for (name, input) in &listing.previews {
            if listing.names.contains(input) {
                continue;
            }
            let path = self.inbox.join(name);
            if pages::is_ours(&path, &titles(input)) && std::fs::remove_file(&path).is_ok() {
                removed.push(input.clone());
            }
        }
        removed.sort();
        removed.dedup();
        for input in removed {
            self.log(&(t.watch.previews_removed)(&input));
        }
    }

    /// A settled input that needs a preview, or has a confirm.
    fn handle(&mut self, name: &str, found: &Found, needs_preview: bool, confirms: &[String]) {
        let w = &self.settings.texts.watch;
        let unread = if found.spreadsheet {
            Some(Unread::Spreadsheet)
        } else if found.stamp.len > self.options.max_size {
            Some(Unread::TooLarge)
        } else {
            None
        };
        let input = match unread {
            Some(unread) => Err(unread),
            None => match self.load(name, found) {
                Ok(input) => Ok(input),
                Err(Error::Changed { .. }) => {
                    // Still being written: it settles again first.
                    if let Some(tracked) = self.tracked.get_mut(name) {
                        tracked.since = Instant::now();
                    }
                    return;
                }
                Err(e) => Err(Unread::Failed(e.message(self.settings.texts))),
            },
        };
        let input = match input {
            Ok(input) => input,
            Err(unread) => {
                let warnings = self.discard(name, confirms, &Refusal::FileErrors);
                self.write_unread(name, found, &unread, &warnings);
                return;
            }
        };
        let sha = input.inspection.sha256;
        let [_, html] = names::previews(name);
        let marks = pages::read_marks(&self.inbox.join(&html));
        if needs_preview {
            if self.finish_unmoved(name, &input) {
                return;
            }
            let tracked = self.tracked.get(name);
            // After a restart, a preview that describes exactly these bytes is the one people
            // may have read: it is kept, and a confirm is held to it.
            let kept = tracked.is_some_and(|t| t.previewed.is_none())
                && marks.is_some_and(|m| m.sha256 == sha);
            if !kept {
                let warnings = self.discard(name, confirms, &Refusal::BeforePreview);
                self.preview(name, found, &input, warnings);
                return;
            }
            if let Some(tracked) = self.tracked.get_mut(name) {
                tracked.previewed = Some(found.stamp);
                tracked.shown = Some((sha, Snapshot::of(&input.parsed)));
            }
            self.log(&(w.preview_kept)(name));
        }
        if !confirms.is_empty() {
            self.confirm(name, found, &input, marks, confirms);
        }
    }

    /// Reads an input, making sure it is still the regular file that was listed.
    fn load(&self, name: &str, found: &Found) -> Result<Input, Error> {
        let path = self.inbox.join(name);
        let input = Input::load(&path)?;
        let now = std::fs::symlink_metadata(&path).map_err(|source| Error::Input {
            path: path.clone(),
            source,
        })?;
        if !now.is_file() || links(&now) > 1 || Stamp::of(&now) != found.stamp {
            return Err(Error::Changed { path });
        }
        Ok(input)
    }

    /// Removes confirms that are not taken; returns the warnings that say why, for the top of
    /// the preview written next.
    fn discard(&mut self, name: &str, confirms: &[String], refusal: &Refusal) -> Vec<String> {
        let w = &self.settings.texts.watch;
        let why = self.reason(refusal);
        let mut warnings = Vec::new();
        for confirm in confirms {
            let path = self.inbox.join(confirm);
            match std::fs::remove_file(&path) {
                Ok(()) => {
                    warnings.push((w.confirm_not_taken)(confirm, &why));
                    self.log(&(w.log_not_taken)(name, confirm, &why));
                }
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => self.log(&(w.cannot_remove)(confirm, &e.to_string())),
            }
        }
        warnings
    }

    fn reason(&self, refusal: &Refusal) -> String {
        let w = &self.settings.texts.watch;
        match refusal {
            Refusal::BeforePreview => w.before_preview.to_string(),
            Refusal::NoPreview => w.no_preview.to_string(),
            Refusal::Stale => w.stale.to_string(),
            Refusal::FileErrors => w.cannot_import.to_string(),
            Refusal::Already { version, at } => (w.already)(*version, &local_time(*at)),
        }
    }

    /// Writes the previews of `input`, with `warnings` at the top, and remembers what they show.
    fn preview(&mut self, name: &str, found: &Found, input: &Input, mut warnings: Vec<String>) {
        let t = self.settings.texts;
        let planned = if input.parsed.file_errors.is_empty() {
            let unchanged = input.parsed.rows_read <= FULL_LIST_LIMIT;
            match plan_preview(self.settings, input, unchanged) {
                Ok(planned) => Some(planned),
                Err(e) => return self.failed(name, &e),
            }
        } else {
            None
        };
        let (plan, already) = match &planned {
            Some((plan, already)) => (Some(plan), already.as_ref()),
            None => (None, None),
        };
        if found.conflict_copy {
            warnings.push(t.watch.conflict_copy.to_string());
        }
        let sha = input.inspection.sha256;
        let snapshot = Snapshot::of(&input.parsed);
        let previous = self.tracked.get(name).and_then(|t| t.shown.as_ref());
        let sections: Vec<Section> = match previous {
            Some((shown_sha, shown)) if *shown_sha != sha => {
                vec![delta::since(shown.as_ref(), snapshot.as_ref(), t)]
            }
            _ => Vec::new(),
        };
        let next_steps = self.next_steps(name, found);
        loop {
            let preview = Preview {
                file: &input.name,
                encoding: input.inspection.encoding,
                parsed: &input.parsed,
                plan,
                already,
                next_steps: &next_steps,
                warnings: &warnings,
                sections: &sections,
                sha256: &sha,
                texts: t,
            };
            if let Err(e) = pages::write_previews(&self.inbox, name, &preview) {
                self.log(&(t.watch.cannot_write)(name, &e.to_string()));
                return;
            }
            // A confirm made while this preview was being written was made after reading the
            // one before: it is not taken, and the preview is written again to say so.
            let arrived = self.confirms_now(name, found);
            if arrived.is_empty() {
                break;
            }
            warnings.extend(self.discard(name, &arrived, &Refusal::BeforePreview));
        }
        if let Some(tracked) = self.tracked.get_mut(name) {
            tracked.previewed = Some(found.stamp);
            tracked.shown = Some((sha, snapshot));
        }
        self.log(&match plan {
            Some(plan) => {
                let c = plan.counts;
                (t.watch.previewed)(name, c.new, c.update, c.unchanged, c.error)
            }
            None => (t.watch.previewed_errors)(name),
        });
    }

    /// Writes a preview that says why `name` is not read.
    fn write_unread(&mut self, name: &str, found: &Found, unread: &Unread, warnings: &[String]) {
        let t = self.settings.texts;
        let w = &t.watch;
        let message = match unread {
            Unread::TooLarge => (w.too_large)(found.stamp.len, self.options.max_size),
            Unread::Spreadsheet => w.spreadsheet.to_string(),
            Unread::Failed(why) => why.clone(),
        };
        let mut lines = warnings.to_vec();
        lines.push(message.clone());
        let title = (t.preview_title)(name);
        if let Err(e) = pages::write_message(&self.inbox, name, &title, &lines, t.code) {
            self.log(&(w.cannot_write)(name, &e.to_string()));
            return;
        }
        if let Some(tracked) = self.tracked.get_mut(name) {
            tracked.previewed = Some(found.stamp);
            tracked.shown = None;
        }
        self.log(&format!("{name}: {message}"));
    }

    fn failed(&mut self, name: &str, error: &Error) {
        let message = error.message(self.settings.texts);
        if matches!(error, Error::Store(StoreError::Busy { .. })) {
            // Tried again at the next scan.
            self.log_once(format!("busy:{name}"), &message);
            return;
        }
        self.log_once(format!("failed:{name}"), &format!("{name}: {message}"));
    }

    /// The confirms for `name` in the inbox right now, by their usual names.
    fn confirms_now(&self, name: &str, found: &Found) -> Vec<String> {
        let stem = found.stem_unique.then_some(names::stem(name));
        [Some(name), stem]
            .into_iter()
            .flatten()
            .flat_map(|target| [format!("{target}.confirm"), format!("{target}.confirm.txt")])
            .filter(|confirm| std::fs::symlink_metadata(self.inbox.join(confirm)).is_ok())
            .collect()
    }

    /// What the preview in the inbox tells people to do.
    fn next_steps(&self, name: &str, found: &Found) -> Vec<String> {
        let stem = found.stem_unique.then_some(names::stem(name));
        (self.settings.texts.watch.next_steps)(name, stem)
    }

    /// A confirm for a previewed input: applied when the plan still has the fingerprint the
    /// preview showed; otherwise a new preview says why not, and the confirm is removed.
    fn confirm(
        &mut self,
        name: &str,
        found: &Found,
        input: &Input,
        marks: Option<Marks>,
        confirms: &[String],
    ) {
        let sha = input.inspection.sha256;
        let refuse = |daemon: &mut Self, refusal: Refusal| {
            let warnings = daemon.discard(name, confirms, &refusal);
            daemon.preview(name, found, input, warnings);
        };
        let Some(Marks {
            sha256,
            fingerprint: Some(fingerprint),
        }) = marks
        else {
            let refusal = if input.parsed.file_errors.is_empty() {
                Refusal::NoPreview
            } else {
                Refusal::FileErrors
            };
            return refuse(self, refusal);
        };
        if sha256 != sha {
            return refuse(self, Refusal::Stale);
        }
        let mut store = match open(self.settings, Access::Write) {
            Ok(Some(store)) => store,
            Ok(None) => return,
            Err(e) => return self.failed(name, &e),
        };
        let already = store.read().and_then(|view| view.imported_as(&sha));
        match already {
            Ok(Some(version)) if version.fingerprint == fingerprint.0 => {
                drop(store);
                self.finish(name, input, &version, None, true);
                return;
            }
            Ok(Some(version)) => {
                drop(store);
                let (version, at) = (version.number, version.at);
                return refuse(self, Refusal::Already { version, at });
            }
            Ok(None) => {}
            Err(e) => return self.failed(name, &e.into()),
        }
        self.log(&(self.settings.texts.watch.applying)(name));
        let source = input.source();
        match apply::import(
            &store,
            &source,
            &input.parsed,
            Some(fingerprint),
            &mut |_| {},
        ) {
            Ok((plan, Some(version))) => {
                self.finish(name, input, &version, Some(&plan), false);
                if let Err(e) = store.compact_if_sparse() {
                    self.failed(name, &e.into());
                }
            }
            Ok((plan, None)) => {
                drop(store);
                self.finish_unchanged(name, &plan);
            }
            Err(Error::StalePlan) => {
                drop(store);
                refuse(self, Refusal::Stale)
            }
            Err(Error::AlreadyImported { version, at }) => {
                drop(store);
                refuse(self, Refusal::Already { version, at })
            }
            Err(e) => self.failed(name, &e),
        }
    }
}

/// The titles a text preview of `input` starts with, in every language.
fn titles(input: &str) -> Vec<String> {
    [crate::lang::Lang::Sv, crate::lang::Lang::En]
        .iter()
        .map(|lang| (lang.texts().preview_title)(input))
        .collect()
}

/// How many names a file has (hard links); 1 where the system cannot tell.
fn links(meta: &std::fs::Metadata) -> u64 {
    #[cfg(unix)]
    return std::os::unix::fs::MetadataExt::nlink(meta);
    #[cfg(not(unix))]
    {
        let _ = meta;
        1
    }
}

//! The daemon's state between scans and one step of its work: list the inbox, decide, and
//! carry out what was decided, input by input. A failure on one input is logged and the rest
//! goes on.

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

use super::confirm::Applied;
use super::decide::{Action, Shown, Tracked, decide};
use super::delta::Snapshot;
use super::files;
use super::inbox::{Inbox, Reading};
use super::judge::{Next, Read, Refusal, Verdict, judge};
use super::listing::{Found, InboxListing, NotRead};
use super::names;
use super::shared::Sharing;
use super::situation::Situation;
use crate::input::Input;
use crate::plan::Fingerprint;

/// The daemon: the inbox, its part in the shared folder, what it remembers of each input, and
/// whether it was told to stop.
pub(super) struct Daemon<'a> {
    pub(super) inbox: Inbox<'a>,
    pub(super) sharing: Sharing,
    pub(super) stop: Arc<AtomicBool>,
    tracked: HashMap<String, Tracked>,
    /// The size and time of the columns file when the inputs were last read by it.
    columns: Option<(u64, Option<std::time::SystemTime>)>,
}

impl<'a> Daemon<'a> {
    pub(super) fn new(inbox: Inbox<'a>, sharing: Sharing, stop: Arc<AtomicBool>) -> Self {
        Daemon {
            inbox,
            sharing,
            stop,
            tracked: HashMap::new(),
            columns: None,
        }
    }

    pub(super) fn stopped(&self) -> bool {
        self.stop.load(Ordering::SeqCst)
    }

    /// Publishes or follows the shared folder's log; on the primary, then lists the inbox
    /// and does the work that is due (a replica leaves the inbox to the primary). Returns when
    /// the next file settles.
    pub(super) fn step(&mut self) -> Option<Instant> {
        self.sharing.step(&mut self.inbox);
        if !self.sharing.is_primary() {
            return None;
        }
        let w = &self.inbox.settings.texts.watch;
        let listing = match InboxListing::of(&self.inbox.path) {
            Ok(listing) => listing,
            Err(e) => {
                let message = (w.inbox_unreadable)(&e.to_string());
                self.inbox.log_once(Situation::Inbox, &message);
                return None;
            }
        };
        self.inbox.forget_gone(&listing.names);
        self.log_skipped(&listing);
        let returned = self.sharing.member.shared.returned_files();
        // A changed columns file changes how every input reads: each is previewed again.
        let columns = std::fs::metadata(self.inbox.path.join(crate::columns::FILE_NAME))
            .ok()
            .map(|meta| (meta.len(), meta.modified().ok()));
        let columns_changed = std::mem::replace(&mut self.columns, columns) != columns;
        for tracked in self.tracked.values_mut() {
            let shown = tracked.shown.as_ref();
            if (columns_changed && shown.is_some())
                || shown.is_some_and(|s| !s.noted && returned.contains(&s.sha256))
            {
                tracked.previewed = None;
                tracked.renote = true;
            }
        }
        let settle = self.inbox.options.settle;
        let decision = decide(Instant::now(), settle, &listing, &mut self.tracked);
        self.inbox.remove_orphans(&decision.orphans);
        for action in decision.actions {
            match action {
                Action::Unclaimed {
                    signal,
                    conflict_copy,
                } => {
                    let message = if conflict_copy {
                        (w.conflict_copy_signal)(&signal)
                    } else {
                        (w.no_input_for)(&signal)
                    };
                    self.inbox.log_once(Situation::Unclaimed(signal), &message);
                }
                _ if self.stopped() => {}
                Action::Locked { input } => {
                    let message = (w.locked)(&input);
                    self.inbox.log_once(Situation::Locked(input), &message);
                }
                Action::Cancel { input, cancel } => {
                    self.inbox.cancel(&input, &cancel);
                    self.tracked.remove(&input);
                }
                Action::Read {
                    input,
                    preview,
                    confirms,
                } => {
                    if let Some(found) = listing.inputs.get(&input) {
                        self.handle(&input, found, preview, &confirms);
                    }
                }
            }
        }
        decision.next
    }

    /// Logs, once each, the entries that are never read.
    fn log_skipped(&mut self, listing: &InboxListing) {
        let w = &self.inbox.settings.texts.watch;
        for shown in &listing.unreadable_names {
            let situation = Situation::UnreadableName(shown.clone());
            self.inbox.log_once(situation, &(w.unreadable_name)(shown));
        }
        for (name, why) in &listing.not_read {
            let why = match why {
                NotRead::Symlink => w.symlink,
                NotRead::NotAFile => w.not_a_file,
                NotRead::HardLink => w.hard_link,
            };
            let situation = Situation::Refused(name.clone());
            self.inbox.log_once(situation, &format!("{name}: {why}"));
        }
    }

    /// A settled input that needs a preview, or has confirms.
    fn handle(&mut self, name: &str, found: &Found, preview: bool, confirms: &[String]) {
        let lock = Situation::Locked(name.to_string());
        let input = match self.inbox.read(name, found) {
            Reading::Input(input) => input,
            reading @ (Reading::Changing | Reading::HeldOpen | Reading::NotPermitted) => {
                // Still being written, open in a program such as Excel, or not readable by
                // this user yet: it settles again first, and the rescan tries it again. Its
                // confirms wait with it.
                self.later(name);
                let t = self.inbox.settings.texts;
                match reading {
                    Reading::HeldOpen => self.inbox.log_once(lock, &(t.watch.locked)(name)),
                    Reading::NotPermitted => {
                        self.inbox.log_once(lock, &(t.faults.not_permitted)(name))
                    }
                    _ => {}
                }
                return;
            }
            Reading::Unread(unread) => {
                let warnings = self.inbox.discard(name, confirms, Refusal::FileErrors);
                if self.inbox.write_unread(name, found, &unread, &warnings) {
                    self.remember(name, found, None);
                } else {
                    self.later(name);
                }
                return;
            }
        };
        self.inbox.clear(&lock);
        if preview && self.inbox.finish_unmoved(name, &input) {
            self.tracked.remove(name);
            return;
        }
        let [_, html] = names::previews(name);
        let read = Read {
            preview,
            restarted: self
                .tracked
                .get(name)
                .is_some_and(|t| t.previewed.is_none() && !t.renote),
            sha256: input.inspection.sha256,
            file_errors: !input.parsed.file_errors.is_empty(),
            marks: files::read_marks(&self.inbox.path.join(&html)),
            columns: input.parsed.columns_sha256,
            confirms,
        };
        let next = match judge(&read) {
            Verdict::Preview(refusal) => {
                return self.preview(name, found, &input, confirms, refusal);
            }
            Verdict::Keep { then } => {
                let shown = Shown {
                    sha256: read.sha256,
                    rows: Snapshot::of(&input.parsed, self.inbox.settings.texts.fix.cleared),
                    noted: false,
                    glance: None,
                };
                self.remember(name, found, Some(shown));
                self.inbox
                    .log(&(self.inbox.settings.texts.watch.preview_kept)(name));
                then
            }
            Verdict::Go(next) => next,
        };
        match next {
            Next::Wait => {}
            Next::Refuse(refusal) => self.preview(name, found, &input, confirms, refusal),
            Next::Apply(fingerprint) => {
                let shown = self.tracked.get(name).and_then(|t| t.shown.as_ref());
                let glance = shown.and_then(|s| s.glance.clone());
                self.apply(name, found, &input, confirms, fingerprint, glance)
            }
        }
    }

    /// Applies a confirmed input, or writes the preview that says why it was not.
    fn apply(
        &mut self,
        name: &str,
        found: &Found,
        input: &Input,
        confirms: &[String],
        fingerprint: Fingerprint,
        glance: Option<Vec<String>>,
    ) {
        match self.inbox.apply(name, input, fingerprint, glance) {
            Applied::Finished => {
                self.tracked.remove(name);
                // Published before the next input can make another version.
                self.sharing.step(&mut self.inbox);
            }
            Applied::Refused(refusal) => self.preview(name, found, input, confirms, refusal),
            Applied::Failed => self.later(name),
        }
    }

    /// Removes `confirms` (not taken, for `refusal`) and writes a new preview that says so.
    fn preview(
        &mut self,
        name: &str,
        found: &Found,
        input: &Input,
        confirms: &[String],
        refusal: Refusal,
    ) {
        let warnings = self.inbox.discard(name, confirms, refusal);
        let previous = self.tracked.get(name).and_then(|t| t.shown.as_ref());
        match self
            .inbox
            .write_preview(name, found, input, warnings, previous)
        {
            Some(shown) => self.remember(name, found, Some(shown)),
            None => self.later(name),
        }
    }

    /// Tries `name` again once it has settled anew (not at once: a full disk, a busy
    /// register or a file being written are not over in a moment).
    fn later(&mut self, name: &str) {
        if let Some(tracked) = self.tracked.get_mut(name) {
            tracked.since = Instant::now();
        }
    }

    /// Notes that the preview in the inbox now describes `found`, showing `shown`.
    fn remember(&mut self, name: &str, found: &Found, shown: Option<Shown>) {
        if let Some(tracked) = self.tracked.get_mut(name) {
            tracked.previewed = Some(found.stamp);
            tracked.shown = shown;
            tracked.renote = false;
        }
    }
}

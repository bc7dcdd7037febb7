//! The daemon's part in the shared inbox (the guide's "Several computers"): it joins the
//! inbox when it starts; at every step the primary publishes the versions it has made and a
//! replica follows the primary's log into its own register; each writes its status file.
//! Everything it does is logged in the user's language, a lasting trouble once.

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use super::Options;
use super::inbox::Inbox;
use super::situation::Situation;
use crate::cmd::{held_version, opener};
use crate::error::Error;
use crate::shared::join::{JoinError, Joined};
use crate::shared::key::ShopKey;
use crate::shared::member::{Member, RoleChange, STATUS_EVERY, computer_name};
use crate::shared::replica::{CatchUp, Rebuild, Replaced};
use crate::shared::status::{Role, Waiting};
use crate::shared::twin::Twin;
use crate::store::{Access, Store, StoreError};

/// How often a computer told to join looks for the inbox's register.
const JOIN_POLL: Duration = Duration::from_millis(500);

/// This computer in the shared inbox, as the daemon runs it.
pub(super) struct Sharing {
    pub(super) member: Member,
    /// What the status file says (version, waiting) and when it was written.
    written: Option<((u64, Option<Waiting>), Instant)>,
    /// The register must be made again from the primary's snapshot (this computer was a
    /// copy of another).
    rebuild: bool,
    /// Requests set aside for breaking a bound: said once, not read again.
    pub(super) set_aside: std::collections::HashSet<String>,
}

impl Sharing {
    /// Joins the shared inbox as the computer `options.name` (its host name by default).
    /// With `options.join` it waits for the inbox's register to arrive rather than start the
    /// inbox; `None` when told to stop meanwhile.
    pub(super) fn join(
        inbox: &mut Inbox,
        options: &Options,
        stop: &AtomicBool,
    ) -> Result<Option<Sharing>, Error> {
        let settings = inbox.settings;
        let s = &settings.texts.shared;
        let name = options.name.clone().unwrap_or_else(computer_name);
        let open = opener(settings, Access::Write);
        let joining = loop {
            match Member::join(
                &inbox.path,
                &settings.db,
                name.clone(),
                options.join.as_ref(),
                &open,
            ) {
                Err(JoinError::NotStarted) if !stop.load(Ordering::SeqCst) && !options.once => {
                    inbox.log_once(Situation::Sharing, s.waiting_for_folder);
                    std::thread::sleep(JOIN_POLL);
                }
                Err(JoinError::NotStarted) => return Ok(None),
                // A full disk: said once, and tried again until there is space.
                Err(e) if e.is_disk_full() && !stop.load(Ordering::SeqCst) && !options.once => {
                    let path = inbox.path.display().to_string();
                    inbox.log_once(
                        Situation::Sharing,
                        &(settings.texts.faults.disk_full)(&path),
                    );
                    std::thread::sleep(JOIN_POLL);
                }
                joined => break joined,
            }
        };
        inbox.clear(&Situation::Sharing);
        if let Ok((member, _)) = &joining {
            inbox.key = member.shared.shop_key().cloned();
        }
        let (member, joined) = joining.map_err(|e| match e {
            JoinError::Foreign { version, customers } => Error::ForeignRegister {
                db: settings.db.clone(),
                inbox: inbox.path.clone(),
                customers,
                version,
            },
            JoinError::Store(e) => e.into(),
            JoinError::Replay(e) => e.into(),
            JoinError::Folder { path, source } => Error::SharedFolder { path, source },
            JoinError::NeedsCode => Error::NeedsCode {
                inbox: inbox.path.clone(),
            },
            JoinError::NotOurKey => Error::NotOurKey {
                inbox: inbox.path.clone(),
            },
            JoinError::Key(e) => e.into(),
            JoinError::NotStarted => Error::SharedFolder {
                path: inbox.path.clone(),
                source: std::io::ErrorKind::NotFound.into(),
            },
        })?;
        inbox.log(&match joined {
            Joined::Started => (s.started)(&inbox.path.display().to_string()),
            Joined::Primary => s.primary.to_string(),
            Joined::TookOver => settings.texts.key.took_over.to_string(),
            Joined::Replica => (s.replica)(&member.shared.name_of(&member.identity.primary)),
            Joined::Twin { was_primary } => (s.twin_renamed)(
                &member.shared.name_of(&member.identity.primary),
                was_primary,
            ),
        });
        Ok(Some(Sharing {
            member,
            written: None,
            // A copy of another computer makes its register again from the primary's.
            rebuild: matches!(joined, Joined::Twin { .. }),
            set_aside: Default::default(),
        }))
    }

    pub(super) fn is_primary(&self) -> bool {
        self.member.role() == Role::Primary
    }

    /// Publishes (primary) or follows (replica), then writes the status file when it changed
    /// or is due.
    pub(super) fn step(&mut self, inbox: &mut Inbox) {
        self.check_key(inbox);
        let open = opener(inbox.settings, Access::Write);
        self.check_identity(inbox, &open);
        self.refresh(inbox, &open);
        let waiting = if self.is_primary() {
            // Publishing only reads: the register is not held for writing at every step.
            self.publish(inbox, &opener(inbox.settings, Access::Read));
            self.answer_requests(inbox, &open);
            None
        } else {
            self.follow(inbox, &open)
        };
        // Also on the primary: `kundreg promote` may have rebuilt its register first.
        self.give_back(inbox, &open);
        let version = held_version(inbox.settings).ok().flatten().unwrap_or(0);
        // Also on the primary: it may have sent them while it was a replica.
        self.collect_answers(inbox, version);
        let now = (version, waiting);
        let due = self
            .written
            .is_none_or(|(was, at)| was != now || at.elapsed() >= STATUS_EVERY);
        if due {
            match self.member.write_status(version, waiting) {
                Ok(()) => self.written = Some((now, Instant::now())),
                Err(e) => inbox.log_once(
                    Situation::Sharing,
                    &(inbox.settings.texts.shared.failed)(&e.to_string()),
                ),
            }
        }
        for path in self.member.shared.take_unsealed() {
            let shown = path.strip_prefix(&inbox.path).unwrap_or(&path).display();
            let shown = crate::inert::visible(&shown.to_string()).into_owned();
            inbox.log(&(inbox.settings.texts.key.unsealed)(&shown));
        }
    }

    /// Takes up a shop key replaced on this computer (`kundreg rekey`, or `--join` with a
    /// new code while it runs): the primary publishes its register again under it, since
    /// what it published before is sealed with the old one.
    fn check_key(&mut self, inbox: &mut Inbox) {
        let Ok(Some(key)) = ShopKey::load(&inbox.settings.db) else {
            return;
        };
        if self.member.shared.shop_key() == Some(&key) {
            return;
        }
        let fingerprint = key.fingerprint();
        self.member.shared = self.member.shared.with_key(key.clone());
        inbox.key = Some(key);
        if self.is_primary()
            && let Err(e) = self.member.shared.remove_log()
        {
            inbox.log(&(inbox.settings.texts.shared.failed)(&e.to_string()));
        }
        self.written = None;
        inbox.log(&(inbox.settings.texts.key.replaced)(&fingerprint));
    }

    /// Two computers with one identity: the one that started later takes a new one (and, as
    /// a replica, rebuilds its register from the primary's snapshot).
    fn check_identity(&mut self, inbox: &mut Inbox, open: &dyn Fn() -> Result<Store, StoreError>) {
        let s = &inbox.settings.texts.shared;
        match self.member.check_identity(open) {
            Ok(None) => {}
            Ok(Some(Twin::Yields)) => {
                inbox.log_once(Situation::Twin, s.twin_yields);
                // Written again now, so the other sees it soon.
                self.written = None;
            }
            Ok(Some(Twin::Kept { was_primary })) => {
                let primary = self.member.shared.name_of(&self.member.identity.primary);
                inbox.log(&(s.twin_renamed)(&primary, was_primary));
                self.rebuild = true;
                self.written = None;
            }
            Err(e) => inbox.log_once(
                Situation::Sharing,
                &Error::from(e).message(inbox.settings.texts),
            ),
        }
    }

    /// Reads the inbox's chain of terms: this computer may have been promoted, or another.
    fn refresh(&mut self, inbox: &mut Inbox, open: &dyn Fn() -> Result<Store, StoreError>) {
        let f = inbox.settings.texts.failover;
        match self.member.refresh(open) {
            Ok(Some(RoleChange::Promoted { epoch })) => {
                inbox.log(&(f.now_primary)(epoch));
                self.written = None;
            }
            Ok(Some(RoleChange::Demoted { by, epoch })) => {
                inbox.log(&(f.demoted)(&by, epoch));
                self.written = None;
            }
            Ok(None) => {}
            Err(e) => inbox.log_once(
                Situation::Sharing,
                &Error::from(e).message(inbox.settings.texts),
            ),
        }
    }

    pub(super) fn publish(&self, inbox: &mut Inbox, open: &dyn Fn() -> Result<Store, StoreError>) {
        let s = &inbox.settings.texts.shared;
        match self.member.publish(open) {
            Ok(done) => {
                inbox.clear(&Situation::Sharing);
                if let Some(version) = done.change_set {
                    inbox.log(&(s.published)(version));
                }
                if let Some(version) = done.snapshot {
                    inbox.log(&(s.published_snapshot)(version));
                }
                if done.erased > 0 {
                    inbox.log(&(s.erased_log)(done.erased));
                }
                if done.compacted > 0 {
                    inbox.log(&(s.compacted_log)(done.compacted));
                }
            }
            Err(e) => inbox.log_once(
                Situation::Sharing,
                &Error::from(e).message(inbox.settings.texts),
            ),
        }
    }

    /// Follows the log; returns what it waits for.
    fn follow(
        &mut self,
        inbox: &mut Inbox,
        open: &dyn Fn() -> Result<Store, StoreError>,
    ) -> Option<Waiting> {
        let t = inbox.settings.texts;
        let s = &t.shared;
        let rebuild = std::mem::take(&mut self.rebuild);
        let caught = held_version(inbox.settings)
            .map_err(Error::from)
            .and_then(|current| Ok(self.member.follow(current.filter(|_| !rebuild), open)?));
        let caught: CatchUp = match caught {
            Ok(caught) => caught,
            Err(e) => {
                inbox.log_once(Situation::Sharing, &e.message(t));
                return None;
            }
        };
        inbox.clear(&Situation::Sharing);
        if let Some((version, why)) = caught.rebuilt {
            let why = match why {
                Rebuild::Joined => s.why_joined.to_string(),
                Rebuild::Behind => s.why_behind.to_string(),
                Rebuild::Diverged(at) => (s.why_diverged)(at),
                Rebuild::Fenced(kept) => (t.failover.why_fenced)(kept),
            };
            inbox.log(&(s.rebuilt)(version, &why));
        }
        match &caught.replaced {
            Some(Replaced::Kept(path)) => {
                inbox.log(&(t.failover.copy_kept)(&path.display().to_string()));
            }
            Some(Replaced::Erased) => inbox.log(t.failover.copy_erased),
            None => {}
        }
        if caught.fenced > 0 {
            let primary = self.member.shared.name_of(&self.member.identity.primary);
            inbox.log(&(t.failover.fenced)(caught.fenced, &primary));
        }
        for version in &caught.replayed {
            let what = match &version.file {
                Some(file) => format!("{} {file}", t.kind_word(version.kind)),
                None => t.kind_word(version.kind).to_string(),
            };
            inbox.log(&(s.replayed)(version.number, &what));
        }
        let waiting = if caught.waiting_for_snapshot {
            Some(Waiting::Snapshot)
        } else {
            caught
                .waiting_for
                .map(Waiting::Version)
                .or(caught.incomplete.map(Waiting::Arriving))
        };
        let key = Situation::Waiting;
        match waiting {
            Some(Waiting::Version(v)) => inbox.log_once(key, &(s.waiting_version)(v)),
            Some(Waiting::Arriving(v)) => inbox.log_once(key, &(s.arriving)(v)),
            Some(Waiting::Snapshot) => inbox.log_once(key, s.waiting_snapshot),
            None => inbox.clear(&key),
        }
        waiting
    }
}

impl Sharing {
    /// Where change-sets, snapshots, epoch records and the notes of returned files arrive:
    /// their changes wake the daemon too.
    pub(super) fn arrival_folders(&self) -> [PathBuf; 6] {
        self.member.shared.arrival_folders()
    }
}

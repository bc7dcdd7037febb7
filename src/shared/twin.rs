//! Two computers with one identity — a disk image of one, started as another. Each run of
//! `kundreg watch` writes a mark of its own into its status file; a run that finds another
//! run's mark there, written after it started, has a twin. Of the two, the one that started
//! later takes a new identity and follows the primary (rebuilding its register from the
//! primary's snapshot, so nothing it did alone remains).

use super::folder::SharedFolder;
use super::ids::ComputerId;
use super::member::{Member, STATUS_EVERY};
use super::status::{ComputerStatus, Role};
use crate::store::{Local, Store, StoreError};

/// Another run writing this computer's status file: two computers with one identity.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Twin {
    /// It started later and takes a new identity.
    Yields,
    /// It started first: this computer took a new identity and follows the primary now (its
    /// register is rebuilt from the primary's snapshot, so nothing it did alone remains).
    Kept { was_primary: bool },
}

impl Member {
    /// Looks for another run writing this computer's status file (a copied disk gives two
    /// computers one identity). Of the two, the one that started later takes a new identity.
    pub fn check_identity(
        &mut self,
        open: &dyn Fn() -> Result<Store, StoreError>,
    ) -> Result<Option<Twin>, StoreError> {
        let Some(theirs) = self.shared.status_of(&self.computer) else {
            return Ok(None);
        };
        let Some(run) = theirs.run.filter(|run| run.mark != self.run.mark) else {
            return Ok(None);
        };
        if theirs.seen < self.run.started {
            // Written before this run started: an earlier run of this computer.
            return Ok(None);
        }
        if run > self.run {
            return Ok(Some(Twin::Yields));
        }
        let was_primary = self.role() == Role::Primary;
        self.computer = ComputerId::new();
        if self.db.exists() {
            open()?.set_local(Local::Computer, self.computer)?;
        }
        self.term = None;
        Ok(Some(Twin::Kept { was_primary }))
    }
}

/// `computer`, or a new identity when another computer running now has it (a copied disk):
/// its status file was written moments ago by a run that is not this register's last one
/// (`last_run`), and is written again while this one waits (a run that merely stopped does
/// not write again).
pub(super) fn twin_or(
    folder: &SharedFolder,
    computer: ComputerId,
    last_run: Option<u64>,
) -> ComputerId {
    let seen = |status: Option<ComputerStatus>| status.map(|s| s.seen);
    let status = folder.status_of(&computer);
    if status.as_ref().and_then(|s| s.run).map(|run| run.mark) == last_run {
        return computer;
    }
    let Some(before) = seen(status) else {
        return computer;
    };
    let window = chrono::TimeDelta::from_std(STATUS_EVERY * 2).unwrap_or(chrono::TimeDelta::MAX);
    let started = chrono::Utc::now();
    if started - before > window {
        return computer;
    }
    while chrono::Utc::now() - started < window {
        std::thread::sleep(std::time::Duration::from_millis(250));
        if seen(folder.status_of(&computer)).is_some_and(|at| at > before) {
            return ComputerId::new();
        }
    }
    computer
}

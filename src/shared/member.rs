//! This computer as a member of a shared folder (it joins in `join`): seeing its role change
//! when a computer is promoted, and the replica's side of each step (the primary's is in
//! `publish`).

use std::io;
use std::path::PathBuf;

use super::epochs::Term;
use super::folder::{Identity, SharedFolder, log_io};
use super::ids::ComputerId;
use super::replay::ReplayError;
use super::replica::{CatchUp, follow};
use super::snapshot::Own;
use super::status::{ComputerStatus, Role, Run, Waiting};
use crate::store::{Local, Store, StoreError};

/// How often a running computer writes its status file while nothing in it changes (so the
/// others see it is alive, and a computer with its identity sees it).
pub const STATUS_EVERY: std::time::Duration = std::time::Duration::from_secs(10);

/// This computer in the folder.
pub struct Member {
    pub shared: SharedFolder,
    pub identity: Identity,
    /// This computer's identity.
    pub computer: ComputerId,
    pub name: String,
    /// The term this computer is the primary in, while it is (its role follows from it).
    pub term: Option<Term>,
    /// This run of `kundreg watch`.
    pub run: Run,
    pub(super) db: PathBuf,
    pub(super) inbox: String,
    /// The version up to which the log's files are known to be sealed with the shop key (see
    /// [`super::folder::Listing::sealed_after`]).
    pub(super) checked: std::cell::Cell<u64>,
}

/// A change of this computer's role, seen in the folder's chain of terms.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RoleChange {
    /// Another computer was promoted: this one follows it now.
    Demoted { by: String, epoch: u64 },
    /// This computer was promoted (`kundreg promote`).
    Promoted { epoch: u64 },
}

impl Member {
    /// This computer's role: the primary while it has a term of its own.
    pub fn role(&self) -> Role {
        if self.term.is_some() {
            Role::Primary
        } else {
            Role::Replica
        }
    }

    /// Reads the folder's chain of terms again: another computer may have been promoted (this
    /// one is no longer the primary), or this one (by `kundreg promote`). Returns the change.
    pub fn refresh(
        &mut self,
        open: &dyn Fn() -> Result<Store, StoreError>,
    ) -> Result<Option<RoleChange>, ReplayError> {
        let Some(chain) = self.shared.chain().map_err(log_io)? else {
            return Ok(None);
        };
        let current = chain.current();
        if chain.register != self.identity.register {
            // This computer started the folder at the same moment as another, and lost. A
            // register with versions is rebuilt (they are fenced, and given back); an empty
            // one simply becomes the folder's.
            self.identity.register = chain.register;
            let store = open()?;
            if store.read()?.version() == 0 {
                store.set_local(Local::Register, chain.register)?;
            }
        }
        self.identity.primary = current.primary;
        let primary = current.primary == self.computer;
        let change = match (self.role(), primary) {
            (Role::Primary, false) => Some(RoleChange::Demoted {
                by: current.name.clone(),
                epoch: current.epoch,
            }),
            (Role::Replica, true) => Some(RoleChange::Promoted {
                epoch: current.epoch,
            }),
            _ => None,
        };
        if primary && self.term.as_ref() != Some(current) {
            // `kundreg promote` records the term in the register first; a stop after the
            // epoch record was written is finished here.
            let term = current.to_bytes();
            open()?.set_locals(&[
                (Local::Term, &term),
                (Local::Primary, current.primary.as_ref()),
            ])?;
            self.term = Some(current.clone());
        }
        if !primary {
            self.term = None;
            if change.is_some() && self.db.exists() {
                open()?.set_local(Local::Primary, current.primary)?;
            }
        }
        Ok(change)
    }

    /// The replica's side of a step: follows the log into this computer's register, which
    /// holds `current` (`None`: none yet).
    pub fn follow(
        &self,
        current: Option<u64>,
        open: &dyn Fn() -> Result<Store, StoreError>,
    ) -> Result<CatchUp, ReplayError> {
        let own = Own {
            computer: self.computer,
            folder: &self.inbox,
            run: Some(self.run.mark),
            carry: Vec::new(),
        };
        follow(&self.shared, &self.db, current, &own, open)
    }

    /// Writes this computer's status file: `version` held now, and what it waits for.
    pub fn write_status(&self, version: u64, waiting: Option<Waiting>) -> io::Result<()> {
        let status = ComputerStatus {
            name: self.name.clone(),
            role: self.role(),
            version,
            seen: chrono::Utc::now(),
            waiting,
            run: Some(self.run),
        };
        self.shared.write_status(&self.computer, &status.to_text())
    }
}

/// The name this computer goes by in the folder unless told otherwise: its host name.
pub fn computer_name() -> String {
    let name = gethostname::gethostname()
        .to_string_lossy()
        .trim()
        .to_string();
    if name.is_empty() {
        "kundreg".to_string()
    } else {
        name
    }
}

//! `kundreg promote`: a replica becomes the primary when the primary is gone. It first holds
//! every version of the log that has arrived, then — holding its register for writing, so its
//! own daemon replays nothing meanwhile — records the new term in the register, publishes a
//! snapshot of it (what fenced computers rebuild from) and writes the epoch record. The record
//! is the one step that makes it the primary: stopped before it, the computer is still a
//! replica; after it, the primary (its daemon finishes the rest).

use std::path::Path;

use chrono::{DateTime, Utc};

use super::epochs::Term;
use super::folder::log_io;
use super::place::Place;
use super::replay::ReplayError;
use super::replica::follow;
use super::snapshot::Own;
use crate::store::{Local, Store, StoreError};

/// A primary seen more recently than this is taken to be running.
pub const ALIVE: chrono::TimeDelta = chrono::TimeDelta::minutes(10);
/// How many rounds of catching up a promotion makes before it gives up on a log that keeps
/// growing (a primary that is not gone).
const ROUNDS: usize = 20;

/// Why a computer was not promoted.
#[derive(Debug, thiserror::Error)]
pub enum PromoteError {
    #[error("the register shares no folder")]
    NotShared,
    #[error("this computer is the primary already")]
    AlreadyPrimary,
    /// The primary wrote its status recently (and `--force` was not given).
    #[error("the primary {name} was seen {seen}")]
    PrimaryAlive { name: String, seen: DateTime<Utc> },
    /// A version of the log has not arrived whole while later ones have.
    #[error("version {version} has not arrived")]
    NotArrived { version: u64 },
    #[error(transparent)]
    Replay(#[from] ReplayError),
}

impl From<StoreError> for PromoteError {
    fn from(e: StoreError) -> Self {
        PromoteError::Replay(e.into())
    }
}

/// A promotion done.
#[derive(Debug)]
pub struct Promoted {
    pub term: Term,
    /// The old primary's name, and when it was last seen.
    pub old: String,
    pub old_seen: Option<DateTime<Utc>>,
}

/// Promotes this computer (`name`), whose register at `db` stands at `place`. `force` goes on
/// although the primary was seen within [`ALIVE`], or versions have not all arrived.
pub fn promote(
    place: &Place,
    db: &Path,
    name: &str,
    force: bool,
    open: &dyn Fn() -> Result<Store, StoreError>,
) -> Result<Promoted, PromoteError> {
    let folder = &place.shared;
    let chain = folder
        .chain()
        .map_err(log_io)?
        .ok_or(PromoteError::NotShared)?;
    let computer = place
        .computer
        .filter(|_| place.register == Some(chain.register))
        .ok_or(PromoteError::NotShared)?;
    let old = chain.current().clone();
    if old.primary == computer {
        return Err(PromoteError::AlreadyPrimary);
    }
    let old_seen = folder.status_of(&old.primary).map(|s| s.seen);
    if let Some(seen) = old_seen.filter(|&seen| !force && Utc::now() - seen < ALIVE) {
        return Err(PromoteError::PrimaryAlive {
            name: folder.name_of(&old.primary),
            seen,
        });
    }
    let inbox = place.inbox.display().to_string();
    let own = Own {
        computer,
        folder: &inbox,
        run: place.run,
        carry: Vec::new(),
    };
    for _ in 0..ROUNDS {
        let current = open()?.read()?.version();
        let caught = follow(folder, db, Some(current), &own, open)?;
        let missing = caught.waiting_for.or(caught.incomplete);
        if let Some(version) = missing.filter(|_| !force) {
            return Err(PromoteError::NotArrived { version });
        }
        if caught.waiting_for_snapshot {
            return Err(PromoteError::NotArrived {
                version: current + 1,
            });
        }
        // Held for writing from here on: nothing is replayed between the check and the record.
        let store = open()?;
        let version = store.read()?.version();
        let listing = folder.listing().map_err(log_io)?;
        if listing.log.iter().any(|f| f.version > version) && missing.is_none() {
            continue;
        }
        let term = Term {
            register: chain.register,
            epoch: chain.next_epoch(),
            primary: computer,
            name: name.to_string(),
            from: version,
            at: Utc::now(),
        };
        store.set_local(Local::Term, term.to_bytes())?;
        folder.publish_snapshot(&store, &term)?;
        folder.write_term(&term).map_err(log_io)?;
        store.set_local(Local::Primary, computer)?;
        return Ok(Promoted {
            term,
            old: folder.name_of(&old.primary),
            old_seen,
        });
    }
    Err(PromoteError::NotArrived {
        version: open()?.read()?.version() + 1,
    })
}

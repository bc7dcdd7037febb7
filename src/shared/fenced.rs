//! Work a newer term fenced: versions this computer made as the primary while it was cut off
//! from the others (or while another computer started the same folder at the same moment).
//! They are never kept — the register is rebuilt from the new primary's snapshot — but they
//! are not lost either: before the rebuild they are written into the new register
//! ([`Local::Fenced`]), and each is then given back (see [`super::give_back`]): an import's
//! file into the inbox (to be previewed against the new primary's register and confirmed
//! again), a forget made again (an erasure is never undone), a rollback reported for a person
//! to make again. This file keeps the record, and the notes in `.kundreg/returned/` (by the
//! returned file's SHA-256) that the primary's preview of the file shows at the top.

use std::fs;
use std::path::Path;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::chain::Chain;
use super::epochs::HeldTerm;
use super::folder::{RETURNED, SharedFolder, hex};
use super::ids::ComputerId;
use super::replay::ReplayError;
use crate::store::{Local, Store, StoreError, Version};

const NOTE: &str = ".kreturn";

/// One version of this computer's that a newer term fenced.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FencedWork {
    /// The version as this computer made it.
    pub version: Version,
    /// The computer that made it (this one) and the epoch it was made in.
    pub computer: String,
    pub epoch: u64,
    /// The primary whose term fenced it, and that term's epoch.
    pub by: String,
    pub by_epoch: u64,
    /// When the fence was seen (seconds since 1970).
    pub noticed: i64,
    /// For a forget: the customer's number, while the forget is not made again.
    pub customer: Option<String>,
    pub state: State,
}

/// Where fenced work stands.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum State {
    /// Not given back yet.
    Waiting,
    /// The import's file is back in the inbox under this name.
    Returned(String),
    /// The import's file is no longer in `done/`: it cannot be given back.
    Missing,
    /// The forget was asked of the primary again.
    Reissued,
    /// The rollback was reported (a person makes it again if it is still wanted).
    Reported,
}

/// The fenced work the register at `db` holds, as the bytes of [`Local::Fenced`] for the
/// register that replaces it: what it held already, and its versions after `kept` that this
/// computer (`computer`) made. Returns them with how many are new.
pub(super) fn take_fenced(
    chain: &Chain,
    kept: u64,
    computer: ComputerId,
    db: &Path,
) -> Result<(Vec<u8>, usize), ReplayError> {
    let store = Store::look_at(db)?.ok_or(StoreError::NotARegister {
        path: db.to_path_buf(),
    })?;
    let mut work = fenced_work(&store)?;
    let held = store
        .local_bytes(Local::Term)?
        .map(|b| HeldTerm::from_bytes(&b));
    let mut new = 0;
    if let Some(held) = held.filter(|h| h.primary == computer) {
        let view = store.read()?;
        let forgotten = store.forgotten()?;
        let name = chain
            .term(held.epoch, &held.primary.author())
            .map_or_else(|| hex(&computer.0[..4]), |t| t.name.clone());
        let by = chain.current();
        let first = kept.max(held.from) + 1;
        for number in first..=view.version() {
            let Some(version) = view.entry(number)? else {
                continue;
            };
            let customer = forgotten
                .iter()
                .find(|(v, _)| *v == number)
                .map(|(_, c)| c.clone());
            work.push(FencedWork {
                version,
                computer: name.clone(),
                epoch: held.epoch,
                by: by.name.clone(),
                by_epoch: by.epoch,
                noticed: Utc::now().timestamp(),
                customer,
                state: State::Waiting,
            });
            new += 1;
        }
    }
    Ok((encode(&work, db)?, new))
}

/// The fenced work a register holds.
pub fn fenced_work(store: &Store) -> Result<Vec<FencedWork>, StoreError> {
    Ok(store
        .local(Local::Fenced)?
        .and_then(|bytes| decode(&bytes))
        .unwrap_or_default())
}

/// Fenced work from the bytes a register keeps; `None` when they do not decode.
pub fn decode(bytes: &[u8]) -> Option<Vec<FencedWork>> {
    postcard::from_bytes(bytes).ok()
}

/// Writes the fenced work a register holds.
pub fn set_fenced_work(store: &Store, work: &[FencedWork]) -> Result<(), StoreError> {
    store.set_local(Local::Fenced, &encode(work, store.path())?)
}

/// Fenced work as the register at `db` keeps it.
fn encode(work: &[FencedWork], db: &Path) -> Result<Vec<u8>, StoreError> {
    postcard::to_allocvec(work).map_err(|e| StoreError::Damaged {
        path: db.to_path_buf(),
        detail: e.to_string(),
    })
}

/// What the note of a returned import says: who applied it, when, in which epoch.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReturnedNote {
    pub computer: String,
    pub at: DateTime<Utc>,
    pub version: u64,
}

impl ReturnedNote {
    /// Reads a note's text; `None` when it is not one, or not whole.
    pub fn parse(text: &str) -> Option<ReturnedNote> {
        let mut lines = text.lines();
        if lines.next()? != "kundreg returned" {
            return None;
        }
        let mut value = |key: &str| lines.next()?.strip_prefix(key)?.strip_prefix(": ");
        let computer = value("computer")?.to_string();
        let at = DateTime::parse_from_rfc3339(value("at")?).ok()?;
        let version = value("version")?.parse().ok()?;
        Some(ReturnedNote {
            computer,
            at: at.with_timezone(&Utc),
            version,
        })
    }
}

impl SharedFolder {
    /// Leaves the note of a returned import whose bytes have `sha256`.
    pub fn write_returned(&self, sha256: &[u8; 32], note: &ReturnedNote) -> std::io::Result<()> {
        let dir = self.subfolder(RETURNED)?;
        let text = format!(
            "kundreg returned\ncomputer: {}\nat: {}\nversion: {}\n",
            note.computer.replace(['\n', '\r'], " "),
            note.at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            note.version,
        );
        let path = dir.join(format!("{}{NOTE}", hex(sha256)));
        self.write_sealed(&path, &text)
    }

    /// The note of a returned import whose bytes have `sha256`, if there is one.
    pub fn returned(&self, sha256: &[u8; 32]) -> Option<ReturnedNote> {
        let path = self.file(RETURNED, &format!("{}{NOTE}", hex(sha256)));
        ReturnedNote::parse(&self.read_sealed(&path)?)
    }

    /// The SHA-256 of every returned file that has a note.
    pub fn returned_files(&self) -> std::collections::HashSet<[u8; 32]> {
        let names = self.names(RETURNED, NOTE).unwrap_or_default();
        names
            .iter()
            .filter_map(|name| super::ids::from_hex(name.strip_suffix(NOTE)?))
            .collect()
    }

    /// Removes the note of an import applied again (or no longer waiting).
    pub fn remove_returned(&self, sha256: &[u8; 32]) {
        let _ = fs::remove_file(self.file(RETURNED, &format!("{}{NOTE}", hex(sha256))));
    }
}

/// How long fenced work that a person may still act on is shown after it was seen.
const SHOWN: chrono::TimeDelta = chrono::TimeDelta::days(14);

/// Of `work`, what waits for a person: imports back in the inbox `inbox` (while they are
/// there), imports and rollbacks they must make again (for two weeks), and anything not
/// given back yet. A forget made again waits for no one.
pub fn for_a_person<'a>(work: &'a [FencedWork], inbox: &Path) -> Vec<&'a FencedWork> {
    let recent =
        |w: &FencedWork| Utc::now().timestamp().saturating_sub(w.noticed) < SHOWN.num_seconds();
    work.iter()
        .filter(|w| match &w.state {
            State::Waiting => true,
            State::Returned(name) => inbox.join(name).exists(),
            State::Missing | State::Reported => recent(w),
            State::Reissued => false,
        })
        .collect()
}

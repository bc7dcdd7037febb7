//! A replica following the log: every change-set after the version its register holds,
//! replayed in order into its own register. A register that is absent (a computer joining),
//! that is behind a gap the log no longer fills (compacted away, or erased with a person), or
//! that is not the primary's after a version, is rebuilt from the newest snapshot (saying
//! why) and caught up from there. A file still arriving is waited for, never used.

use std::fs;
use std::io::{self, BufReader};
use std::path::Path;

use super::folder::{LogFile, SharedFolder, log_io};
use super::frames::LogFileError;
use super::replay::{ReplayError, replay_named};
use super::snapshot::{Own, restore};
use crate::store::{Store, StoreError, Version};

/// What following the log did.
#[derive(Debug, Default)]
pub struct CatchUp {
    /// The register was rebuilt from a snapshot first: its version, and why.
    pub rebuilt: Option<(u64, Rebuild)>,
    /// The versions replayed, in order.
    pub replayed: Vec<Version>,
    /// A version whose file is there but not whole yet.
    pub incomplete: Option<u64>,
    /// A version that has not arrived while later ones have.
    pub waiting_for: Option<u64>,
    /// No register here yet, and no whole snapshot has arrived to make it from.
    pub waiting_for_snapshot: bool,
}

/// Why a register was rebuilt from a snapshot.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Rebuild {
    /// This computer had no register yet.
    Joined,
    /// The log no longer holds the next version (it is in the snapshot).
    Behind,
    /// After this version the register was not the primary's.
    Diverged(u64),
}

/// Brings the register at `db`, which holds version `current` (`None`: there is none yet), up
/// to the newest version the folder holds whole. `open` opens it for writing, which is only
/// done when there is something to replay.
pub fn follow(
    folder: &SharedFolder,
    register: [u8; 16],
    db: &Path,
    current: Option<u64>,
    own: &Own,
    open: impl Fn() -> Result<Store, StoreError>,
) -> Result<CatchUp, ReplayError> {
    let snapshot = folder.snapshots().map_err(log_io)?.pop();
    let log = folder.log().map_err(log_io)?;
    let why = match current {
        None => Some(Rebuild::Joined),
        Some(current) => snapshot
            .as_ref()
            .filter(|s| s.version > current && !log.iter().any(|f| f.version == current + 1))
            .map(|_| Rebuild::Behind),
    };
    let mut rebuilt = None;
    if let (Some(current), None) = (current, why)
        && !log.iter().any(|f| f.version == current + 1)
    {
        // Nothing to replay: the register is not opened for writing.
        return Ok(CatchUp {
            waiting_for: log
                .iter()
                .any(|f| f.version > current + 1)
                .then_some(current + 1),
            ..CatchUp::default()
        });
    }
    if let Some(why) = why {
        match rebuild(snapshot.as_ref(), register, db, own, why)? {
            Some(done) => rebuilt = Some(done),
            None => {
                return Ok(CatchUp {
                    waiting_for_snapshot: current.is_none(),
                    ..CatchUp::default()
                });
            }
        }
    }
    let caught = match folder.catch_up(register, &open) {
        Err(ReplayError::Diverged { version }) => {
            let Some(done) = rebuild(
                snapshot.as_ref(),
                register,
                db,
                own,
                Rebuild::Diverged(version),
            )?
            else {
                return Err(ReplayError::Diverged { version });
            };
            rebuilt = Some(done);
            folder.catch_up(register, &open)?
        }
        caught => caught?,
    };
    Ok(CatchUp { rebuilt, ..caught })
}

/// Restores `snapshot`; `None` when there is none, or it has not arrived whole.
fn rebuild(
    snapshot: Option<&LogFile>,
    register: [u8; 16],
    db: &Path,
    own: &Own,
    why: Rebuild,
) -> Result<Option<(u64, Rebuild)>, ReplayError> {
    let Some(snapshot) = snapshot else {
        return Ok(None);
    };
    match restore(&snapshot.path, Some(&snapshot.hash), register, db, own) {
        Ok(header) => Ok(Some((header.version, why))),
        Err(ReplayError::LogFile(LogFileError::Damaged(_) | LogFileError::NotOurs(_))) => Ok(None),
        Err(ReplayError::LogFile(LogFileError::Io(e))) if e.kind() == io::ErrorKind::NotFound => {
            Ok(None)
        }
        Err(e) => Err(e),
    }
}

impl SharedFolder {
    /// Replays into the register `open` opens every change-set of the log after the version
    /// it holds, in order. It stops at the first one that has not arrived, or has not arrived
    /// whole (a sync client still writing it): that one is waited for, not an error.
    pub fn catch_up(
        &self,
        register: [u8; 16],
        open: impl Fn() -> Result<Store, StoreError>,
    ) -> Result<CatchUp, ReplayError> {
        let log = self.log().map_err(log_io)?;
        let mut current = open()?.read()?.version();
        let mut caught = CatchUp::default();
        for file in &log {
            if file.version <= current {
                continue;
            }
            if file.version != current + 1 {
                break;
            }
            let input = match fs::File::open(&file.path) {
                Ok(input) => input,
                Err(e) if e.kind() == io::ErrorKind::NotFound => break,
                Err(e) => return Err(log_io(e)),
            };
            match replay_named(open()?, register, BufReader::new(input), Some(&file.hash)) {
                Ok(version) => {
                    current = version.number;
                    caught.replayed.push(version);
                }
                Err(ReplayError::LogFile(LogFileError::Damaged(_) | LogFileError::NotOurs(_))) => {
                    caught.incomplete = Some(file.version);
                    break;
                }
                Err(e) => return Err(e),
            }
        }
        caught.waiting_for = (caught.incomplete.is_none()
            && log.iter().any(|f| f.version > current + 1)
            && !log.iter().any(|f| f.version == current + 1))
        .then_some(current + 1);
        Ok(caught)
    }
}

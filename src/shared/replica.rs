//! A replica following the log: every change-set after the version its register holds,
//! replayed in order into its own register. A register that is absent (a computer joining),
//! that is behind a gap the log no longer fills (compacted away, or erased with a person), or
//! that is not the primary's after a version, is rebuilt from the newest snapshot (saying
//! why) and caught up from there. A file still arriving is waited for, never used.

use std::io::{self, BufReader};
use std::path::{Path, PathBuf};

use super::chain::Chain;
use super::epochs::HeldTerm;
use super::fenced::take_fenced;
use super::folder::{ANY_SIZE, LogFile, SharedFolder, log_io};
use super::frames::LogFileError;
use super::ids::RegisterId;
use super::kept;
use super::log::Listing;
use super::replay::{ReplayError, replay_named};
use super::snapshot::{Own, SnapshotHeader, restore};
use crate::store::{Local, Store, StoreError, Version};

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
    /// The register must be made from a snapshot (there is none yet, or a newer term fenced
    /// some of its versions), and no whole snapshot has arrived yet.
    pub waiting_for_snapshot: bool,
    /// This computer's own work that a newer term fenced, taken out of the register by the
    /// rebuild and kept in it as [`super::fenced::FencedWork`], to be given back.
    pub fenced: usize,
    /// What became of the register the rebuild replaced, when it went back (see
    /// [`super::kept`]).
    pub replaced: Option<Replaced>,
}

/// The register a rebuild replaced with an older one, or one that forks from it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Replaced {
    /// Kept at this path.
    Kept(PathBuf),
    /// None kept, and those kept before removed: the new register erased a customer whom
    /// they would hold.
    Erased,
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
    /// A newer term continues from this version: the register's later versions were made by
    /// a primary cut off from the others, and are fenced.
    Fenced(u64),
}

/// Brings the register at `db`, which holds version `current` (`None`: there is none yet), up
/// to the newest version the folder holds whole. `open` opens it for writing, which is only
/// done when there is something to replay.
pub fn follow(
    folder: &SharedFolder,
    db: &Path,
    current: Option<u64>,
    own: &Own,
    open: impl Fn() -> Result<Store, StoreError>,
) -> Result<CatchUp, ReplayError> {
    let listing = folder.listing().map_err(log_io)?;
    let Some(chain) = &listing.chain else {
        return Ok(CatchUp::default());
    };
    let snapshot = listing.snapshots.last();
    let log = &listing.log;
    let why = match current {
        None => Some(Rebuild::Joined),
        Some(current) => fenced_at(chain, current, db)?
            .map(Rebuild::Fenced)
            .or_else(|| {
                snapshot
                    .filter(|s| {
                        s.version > current && !log.iter().any(|f| f.version == current + 1)
                    })
                    .map(|_| Rebuild::Behind)
            }),
    };
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
    let mut rebuilt = None;
    let mut copy = None;
    let mut fenced = 0;
    if let Some(why) = why {
        let mut own = own.clone();
        let mut taken = 0;
        if let Rebuild::Fenced(kept) = why {
            let (bytes, count) = take_fenced(chain, kept, own.computer, db)?;
            own.carry.push((Local::Fenced, bytes));
            taken = count;
        }
        match rebuild(folder, snapshot, chain, db, &own, why, current)? {
            Some((done, kept)) => {
                rebuilt = Some(done);
                copy = kept;
                fenced = taken;
            }
            None => {
                return Ok(CatchUp {
                    waiting_for_snapshot: true,
                    ..CatchUp::default()
                });
            }
        }
    }
    let caught = match listing.catch_up(folder, &open) {
        Err(ReplayError::Diverged { version }) => {
            let why = Rebuild::Diverged(version);
            let Some((done, kept)) = rebuild(folder, snapshot, chain, db, own, why, current)?
            else {
                return Err(ReplayError::Diverged { version });
            };
            rebuilt = Some(done);
            copy = kept;
            listing.catch_up(folder, &open)?
        }
        caught => caught?,
    };
    Ok(CatchUp {
        rebuilt,
        fenced,
        replaced: copy,
        ..caught
    })
}

/// The version a newer term continues from, when the register at `current` holds versions
/// after it that the term fenced.
fn fenced_at(chain: &Chain, current: u64, db: &Path) -> Result<Option<u64>, ReplayError> {
    // Read only: the register is not held for writing at every step.
    let Some(store) = Store::look_at(db)? else {
        return Ok(None);
    };
    let Some(held) = store.local_bytes(Local::Term)? else {
        return Ok(None);
    };
    let held = HeldTerm::from_bytes(&held);
    let own: Option<RegisterId> = store.local_id(Local::Register)?;
    if own.is_some_and(|own| own != chain.register) && held.from > 0 {
        // It started the folder with customers of its own at the moment another did, and
        // lost: those customers are not fenced work, and are not given up.
        return Err(ReplayError::LostStart);
    }
    Ok(chain.keeps_up_to(&held).filter(|&kept| current > kept))
}

/// A rebuild done: the version and why, and what became of the register it replaced.
type Rebuilt = ((u64, Rebuild), Option<Replaced>);

/// Restores `snapshot` over the register at `db`, which held `current`; `None` when there is
/// none, or it has not arrived whole. The register is given the snapshot's term. When it goes
/// back, or forks, the register it replaces is kept first (see [`super::kept`]).
fn rebuild(
    folder: &SharedFolder,
    snapshot: Option<&LogFile>,
    chain: &Chain,
    db: &Path,
    own: &Own,
    why: Rebuild,
    current: Option<u64>,
) -> Result<Option<Rebuilt>, ReplayError> {
    let Some(snapshot) = snapshot else {
        return Ok(None);
    };
    let parted = match why {
        Rebuild::Fenced(at) | Rebuild::Diverged(at) => Some(at),
        Rebuild::Joined | Rebuild::Behind => current.filter(|&c| snapshot.version <= c),
    }
    .filter(|_| current.is_some_and(|c| c > 0));
    let copy = match parted {
        Some(_) => Some(kept::keep(db).map_err(log_io)?),
        None => None,
    };
    let restored = restore_snapshot(folder, snapshot, chain, db, own);
    let restored = match restored {
        Ok(Some(header)) => header,
        other => {
            if let Some(copy) = copy {
                let _ = std::fs::remove_file(copy);
            }
            return other.map(|_| None);
        }
    };
    // A customer erased since: no copy may hold them, this one or an earlier one.
    if let Some(at) = parted.or(current)
        && erased_since(db, at)?
    {
        let removed = kept::remove_all(db);
        return Ok(Some((
            (restored.version, why),
            (removed > 0).then_some(Replaced::Erased),
        )));
    }
    let copy = copy.map(Replaced::Kept);
    Ok(Some(((restored.version, why), copy)))
}

/// Whether the register at `db` erased a customer after version `at`.
fn erased_since(db: &Path, at: u64) -> Result<bool, ReplayError> {
    let Some(store) = Store::look_at(db)? else {
        return Ok(false);
    };
    let history = store.read()?.history()?;
    Ok(history
        .iter()
        .any(|v| v.number > at && v.kind == crate::store::Kind::Forget))
}

/// Restores `snapshot` over the register at `db`; `None` when it has not arrived whole.
fn restore_snapshot(
    folder: &SharedFolder,
    snapshot: &LogFile,
    chain: &Chain,
    db: &Path,
    own: &Own,
) -> Result<Option<SnapshotHeader>, ReplayError> {
    let mut own = own.clone();
    if let Some(term) = chain.term(snapshot.epoch, &snapshot.author) {
        own.carry.push((Local::Term, term.to_bytes().to_vec()));
    }
    // Fenced work waiting to be given back stays with the register that replaces this one.
    if !own.carry.iter().any(|(what, _)| *what == Local::Fenced)
        && let Some(store) = Store::look_at(db)?
        && let Some(work) = store.local(Local::Fenced)?
    {
        own.carry.push((Local::Fenced, work));
    }
    let restored = folder
        .open_sealed(&snapshot.path, ANY_SIZE)
        .map_err(ReplayError::from)
        .and_then(|input| restore(input, Some(&snapshot.hash), chain.register, db, &own));
    match restored {
        Ok(header) => Ok(Some(header)),
        Err(ReplayError::LogFile(
            LogFileError::Damaged(_) | LogFileError::NotOurs(_) | LogFileError::NotSealed,
        )) => Ok(None),
        Err(ReplayError::LogFile(LogFileError::Io(e))) if e.kind() == io::ErrorKind::NotFound => {
            Ok(None)
        }
        Err(e) => Err(e),
    }
}

impl Listing {
    /// Replays into the register `open` opens every change-set of this listing's log after
    /// the version it holds, in order. It stops at the first one that has not arrived, or has
    /// not arrived whole (a sync client still writing it): that one is waited for, not an
    /// error.
    pub fn catch_up(
        &self,
        folder: &SharedFolder,
        open: impl Fn() -> Result<Store, StoreError>,
    ) -> Result<CatchUp, ReplayError> {
        let (Some(chain), log) = (&self.chain, &self.log) else {
            return Ok(CatchUp::default());
        };
        let store = open()?;
        let mut current = store.read()?.version();
        let mut held = store.local_bytes::<32>(Local::Term)?;
        drop(store);
        let mut caught = CatchUp::default();
        for file in log {
            if file.version <= current {
                continue;
            }
            if file.version != current + 1 {
                break;
            }
            let input = match folder.open_sealed(&file.path, ANY_SIZE) {
                Ok(input) => input,
                Err(LogFileError::Io(e)) if e.kind() != io::ErrorKind::NotFound => {
                    return Err(log_io(e));
                }
                Err(LogFileError::Io(_)) => break,
                // Not whole yet, or not the shop's: never read, and waited for (another file
                // of this version may be the one).
                Err(_) => {
                    caught.incomplete.get_or_insert(file.version);
                    continue;
                }
            };
            let store = open()?;
            // The register says which term its newest version comes from before it holds
            // one of a new term (a stop in between leaves nothing fenced that is not).
            let term = chain.term(file.epoch, &file.author).map(|t| t.to_bytes());
            if let Some(term) = term.filter(|t| held != Some(*t)) {
                store.set_local(Local::Term, term)?;
                held = Some(term);
            }
            match replay_named(
                store,
                chain.register,
                BufReader::new(input),
                Some(&file.hash),
            ) {
                Ok(version) => {
                    current = version.number;
                    caught.incomplete = None;
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

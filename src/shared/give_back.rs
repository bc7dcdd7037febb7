//! Giving back the work a newer epoch fenced (see [`super::fenced`]): this computer made it
//! as the primary while cut off from the others, and its register no longer holds it. An
//! import's file goes back into the inbox from `done/` (never over a file that is there) with
//! a note the primary's preview shows; a forget is asked of the primary again, so the erasure
//! reaches every register; a rollback is reported for a person to make again. Each is marked
//! in the register once given back, so a restart gives nothing back twice.

use std::fs;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use super::fenced::{FencedWork, ReturnedNote, State, fenced_work, set_fenced_work};
use super::member::Member;
use super::replay::ReplayError;
use super::request::{Asked, Request};
use crate::store::{Kind, Store, StoreError, Version};

/// How many names `NAME-2`, `NAME-3`, … a returned file may take before it is given up.
const NAMES: u32 = 100;

/// One piece of fenced work given back (or not, `failed`).
pub struct GivenBack {
    /// The work, in the state it is in now.
    pub work: FencedWork,
    /// Why it could not be given back now (it is tried again at the next step).
    pub failed: Option<ReplayError>,
}

impl Member {
    /// Gives back the fenced work the register holds that is still waiting, for the shared
    /// folder `inbox`. The register is opened for writing (by `open`) only when there is some.
    pub fn give_back(
        &self,
        inbox: &Path,
        open: &dyn Fn() -> Result<Store, StoreError>,
    ) -> Result<Vec<GivenBack>, StoreError> {
        let waiting = |work: &[FencedWork]| work.iter().any(|w| w.state == State::Waiting);
        match Store::look_at(&self.db)? {
            Some(store) if waiting(&fenced_work(&store)?) => {}
            _ => return Ok(Vec::new()),
        }
        let store = open()?;
        let mut work = fenced_work(&store)?;
        let mut given = Vec::new();
        for item in work.iter_mut().filter(|w| w.state == State::Waiting) {
            let failed = match self.give(inbox, item) {
                Ok(state) => {
                    item.state = state;
                    None
                }
                Err(e) => Some(e),
            };
            given.push(GivenBack {
                work: item.clone(),
                failed,
            });
        }
        set_fenced_work(&store, &work)?;
        Ok(given)
    }

    /// Gives back one piece of fenced work; returns where it stands then.
    fn give(&self, inbox: &Path, item: &FencedWork) -> Result<State, ReplayError> {
        let version = &item.version;
        match version.kind {
            Kind::Import => {
                let file = version.file.clone().unwrap_or_default();
                let Some(bytes) = in_done(inbox, version, &file).and_then(|p| fs::read(p).ok())
                else {
                    return Ok(State::Missing);
                };
                let sha256: [u8; 32] = Sha256::digest(&bytes).into();
                let note = ReturnedNote {
                    computer: item.computer.clone(),
                    at: chrono::DateTime::from_timestamp(version.at, 0).unwrap_or_default(),
                    version: version.number,
                };
                // The note first, so that it is there when the primary previews the file.
                self.shared
                    .write_returned(&sha256, &note)
                    .map_err(super::folder::log_io)?;
                Ok(return_file(inbox, &file, &bytes).map_or(State::Missing, State::Returned))
            }
            Kind::Forget => {
                if let Some(number) = &item.customer {
                    let request = Request {
                        register: self.identity.register,
                        from: self.computer,
                        from_name: self.name.clone(),
                        at: chrono::Utc::now().timestamp(),
                        asked: Asked::Forget {
                            key: number.clone(),
                        },
                        waiting: false,
                    };
                    self.shared.send(&request, &mut std::io::empty())?;
                }
                Ok(State::Reissued)
            }
            // A rollback or a change by hand is said, for the person to make again if it
            // still should be.
            Kind::Rollback | Kind::Edit | Kind::Add => Ok(State::Reported),
        }
    }
}

/// Puts `bytes`, the file `name` as `done/` kept it, back into the inbox under its own name or
/// the first free `NAME-2.csv`, …; a copy already there (a stop before it was marked) is
/// taken as it is. Returns the name; `None` when it could not be written.
fn return_file(inbox: &Path, name: &str, bytes: &[u8]) -> Option<String> {
    let (stem, extension) = match name.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() => (stem, format!(".{ext}")),
        _ => (name, String::new()),
    };
    for n in 1..=NAMES {
        let candidate = match n {
            1 => name.to_string(),
            n => format!("{stem}-{n}{extension}"),
        };
        let path = inbox.join(&candidate);
        match crate::guarded::read(&path, bytes.len() as u64) {
            Ok(there) if there == bytes => return Some(candidate),
            Err(e) if e.is_not_found() => {}
            _ => continue,
        }
        let copied = fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
            .and_then(|mut out| {
                std::io::Write::write_all(&mut out, bytes)?;
                out.sync_all()
            });
        match copied {
            Ok(()) => return Some(candidate),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(_) => {
                let _ = fs::remove_file(&path);
                return None;
            }
        }
    }
    None
}

/// The file `version` imported, as `done/` keeps it: `done/<date>/vN_NAME` (or `vN-2_NAME`,
/// … when the name was taken), the one with the imported bytes first.
fn in_done(inbox: &Path, version: &Version, name: &str) -> Option<PathBuf> {
    let (date, prefix) = crate::archive::done_place(version);
    let folder = inbox.join(crate::archive::DONE).join(date);
    let mut found: Vec<PathBuf> = fs::read_dir(&folder)
        .ok()?
        .flatten()
        .filter(|entry| {
            let file = entry.file_name().to_string_lossy().into_owned();
            file.strip_suffix(name)
                .and_then(|p| p.strip_suffix('_'))
                .is_some_and(|p| {
                    p == prefix
                        || p.strip_prefix(&format!("{prefix}-"))
                            .is_some_and(|n| n.parse::<u32>().is_ok())
                })
        })
        .map(|entry| entry.path())
        .collect();
    found.sort();
    let imported = |path: &PathBuf| {
        fs::read(path).is_ok_and(|b| Some(<[u8; 32]>::from(Sha256::digest(&b))) == version.sha256)
    };
    // One rewritten by a forget no longer has the imported bytes: it is still the file.
    found
        .iter()
        .find(|p| imported(p))
        .or(found.first())
        .cloned()
}

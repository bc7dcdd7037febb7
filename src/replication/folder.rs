//! `.kundreg/` in the shared folder: the register's identity and the log of change-sets. Every
//! file is written under a hidden temporary name and renamed into place, so a computer never
//! sees half of one; a sync client's partial or temporary files, and names that are not
//! kundreg's, are never read.

use std::collections::hash_map::RandomState;
use std::fs;
use std::hash::{BuildHasher, Hasher};
use std::io::{self, BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};

use super::changeset::file_name;
use super::frames::LogFileError;
use super::replay::{ReplayError, publish, replay};
use crate::store::{ReadView, Store, StoreError, Version};

/// The folder kundreg keeps beside the inbox's files.
const DIR: &str = ".kundreg";
const IDENTITY: &str = "register";
const LOG: &str = "log";
/// How the identity file starts.
const IDENTITY_LINE: &str = "kundreg register ";
/// How change-set names end.
const EXTENSION: &str = ".kchange";

/// `.kundreg/` of one shared folder.
pub struct SharedFolder {
    root: PathBuf,
}

/// A change-set in the log, known by its name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LogFile {
    pub epoch: u64,
    pub version: u64,
    pub path: PathBuf,
}

impl SharedFolder {
    /// `.kundreg/` of the shared folder `inbox` (nothing is read or made yet).
    pub fn of(inbox: &Path) -> SharedFolder {
        SharedFolder {
            root: inbox.join(DIR),
        }
    }

    /// The register this folder carries; `None` when no computer has started it yet.
    pub fn identity(&self) -> io::Result<Option<[u8; 16]>> {
        let text = match fs::read_to_string(self.root.join(IDENTITY)) {
            Ok(text) => text,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(e),
        };
        let id = text
            .lines()
            .next()
            .and_then(|line| line.strip_prefix(IDENTITY_LINE))
            .and_then(parse_id)
            .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidData, "not a kundreg identity"))?;
        Ok(Some(id))
    }

    /// Starts the folder for a new register with a fresh identity. Refused when the folder
    /// already has one: a folder carries one register, never two.
    pub fn start(&self) -> io::Result<[u8; 16]> {
        fs::create_dir_all(self.root.join(LOG))?;
        let id = new_id();
        let hex: String = id.iter().map(|b| format!("{b:02x}")).collect();
        let temp = self.root.join(format!(".{IDENTITY}.{hex}.part"));
        let result = write_new(&temp, |out| writeln!(out, "{IDENTITY_LINE}{hex}")).and_then(|()| {
            // A hard link refuses to replace an identity another computer made meanwhile.
            fs::hard_link(&temp, self.root.join(IDENTITY))
        });
        let _ = fs::remove_file(&temp);
        result.map(|()| id)
    }

    /// Publishes `view`'s latest version into the log. Returns the file.
    pub fn publish(
        &self,
        view: &ReadView,
        register: [u8; 16],
        epoch: u64,
        forgotten: Option<&str>,
    ) -> Result<PathBuf, ReplayError> {
        let log = self.root.join(LOG);
        fs::create_dir_all(&log).map_err(changeset_io)?;
        let temp = log.join(format!(".v{}.part", view.version()));
        let written = fs::File::create(&temp)
            .map_err(changeset_io)
            .and_then(|file| publish(view, register, epoch, forgotten, BufWriter::new(file)));
        let (out, trailer) = match written {
            Ok(done) => done,
            Err(e) => {
                let _ = fs::remove_file(&temp);
                return Err(e);
            }
        };
        let file = out.into_inner().map_err(|e| changeset_io(e.into_error()))?;
        file.sync_all().map_err(changeset_io)?;
        let path = log.join(file_name(epoch, view.version(), &trailer.sha256));
        fs::rename(&temp, &path).map_err(changeset_io)?;
        Ok(path)
    }

    /// The change-sets in the log, in log order; temporary files and other names are left out.
    pub fn log(&self) -> io::Result<Vec<LogFile>> {
        let entries = match fs::read_dir(self.root.join(LOG)) {
            Ok(entries) => entries,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => return Err(e),
        };
        let mut files: Vec<LogFile> = entries
            .flatten()
            .filter_map(|entry| {
                let name = entry.file_name().into_string().ok()?;
                let (epoch, version) = parse_name(&name)?;
                Some(LogFile {
                    epoch,
                    version,
                    path: entry.path(),
                })
            })
            .collect();
        files.sort_by_key(|f| (f.epoch, f.version));
        Ok(files)
    }

    /// Replays into the register `open` opens every change-set of the log after the version
    /// it holds, in order. It stops at the first one that has not arrived, or has not arrived
    /// whole (a sync client still writing it): that one is waited for, not an error.
    pub fn catch_up(
        &self,
        register: [u8; 16],
        open: impl Fn() -> Result<Store, StoreError>,
    ) -> Result<CatchUp, ReplayError> {
        let log = self.log().map_err(changeset_io)?;
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
                Err(e) => return Err(changeset_io(e)),
            };
            match replay(open()?, register, BufReader::new(input)) {
                Ok(version) => {
                    current = version.number;
                    caught.replayed.push(version);
                }
                Err(ReplayError::ChangeSet(
                    LogFileError::Damaged(_) | LogFileError::NotOurs(_),
                )) => {
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

/// What catching up did.
#[derive(Debug, Default)]
pub struct CatchUp {
    /// The versions replayed, in order.
    pub replayed: Vec<Version>,
    /// A version whose file is there but not whole yet.
    pub incomplete: Option<u64>,
    /// A version that has not arrived while later ones have.
    pub waiting_for: Option<u64>,
}

fn changeset_io(e: io::Error) -> ReplayError {
    ReplayError::ChangeSet(e.into())
}

/// Writes a new file (never one that exists) and makes it durable.
fn write_new(
    path: &Path,
    write: impl FnOnce(&mut BufWriter<fs::File>) -> io::Result<()>,
) -> io::Result<()> {
    let file = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)?;
    let mut out = BufWriter::new(file);
    write(&mut out)?;
    out.into_inner()
        .map_err(io::IntoInnerError::into_error)?
        .sync_all()
}

/// A register identity: 128 bits from the system's randomness.
fn new_id() -> [u8; 16] {
    let half = || RandomState::new().build_hasher().finish().to_le_bytes();
    let mut id = [0u8; 16];
    id[..8].copy_from_slice(&half());
    id[8..].copy_from_slice(&half());
    id
}

fn parse_id(hex: &str) -> Option<[u8; 16]> {
    let hex = hex.trim();
    if hex.len() != 32 {
        return None;
    }
    let mut id = [0u8; 16];
    for (i, byte) in id.iter_mut().enumerate() {
        *byte = u8::from_str_radix(hex.get(2 * i..2 * i + 2)?, 16).ok()?;
    }
    Some(id)
}

/// The epoch and version of a change-set's name (see [`file_name`]).
fn parse_name(name: &str) -> Option<(u64, u64)> {
    let stem = name.strip_suffix(EXTENSION)?;
    let mut parts = stem.split('-');
    let (epoch, version, hash) = (parts.next()?, parts.next()?, parts.next()?);
    let digits = |s: &str, len: usize| s.len() == len && s.bytes().all(|b| b.is_ascii_digit());
    let hex = hash.len() == 12 && hash.bytes().all(|b| b.is_ascii_hexdigit());
    if parts.next().is_some() || !digits(epoch, 6) || !digits(version, 12) || !hex {
        return None;
    }
    Some((epoch.parse().ok()?, version.parse().ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_kundregs_own_change_set_names_are_read() {
        let name = file_name(1, 12, &[0xab; 32]);
        assert_eq!(parse_name(&name), Some((1, 12)));
        for other in [
            ".v12.part",
            "000001-000000000012-abababababab.kchange.tmp",
            ".syncthing.000001-000000000012-abababababab.kchange.tmp",
            "000001-000000000012-abababababab.sync-conflict-20261201-120000-ABCDEFG.kchange",
            "000001-000000000012-abababababab (conflicted copy).kchange",
            "1-12-ab.kchange",
        ] {
            assert_eq!(parse_name(other), None, "{other}");
        }
    }

    #[test]
    fn a_folder_carries_one_register() {
        let dir = tempfile::tempdir().unwrap();
        let folder = SharedFolder::of(dir.path());
        assert_eq!(folder.identity().unwrap(), None);
        let id = folder.start().unwrap();
        assert_eq!(folder.identity().unwrap(), Some(id));
        assert!(folder.start().is_err(), "a second start is refused");
        assert_eq!(folder.identity().unwrap(), Some(id));
        assert_ne!(new_id(), new_id());
    }
}

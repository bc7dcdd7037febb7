//! `.kundreg/` in the shared folder: which register it carries and which computer is its
//! primary (the epoch records in `epochs/`, see [`super::epochs`]), the log of change-sets
//! (`log/`), snapshots (`snapshots/`) and one status file per computer (`computers/`). Every
//! file has one writer and is written under a hidden temporary name, made durable and renamed
//! into place, so no computer ever sees half of one, and sealed with the shop key (see
//! [`super::sealed`]); a sync client's partial or temporary files, its conflict copies and any
//! other names are never read.

use std::collections::HashSet;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::SystemTime;

use super::frames::LogFileError;
use super::ids::from_hex;
pub use super::ids::{ComputerId, RegisterId, hex, new_id, parse_id};
use super::key::ShopKey;
use super::replay::ReplayError;
use crate::guarded::NewFile;

/// The folder kundreg keeps beside the inbox's files.
const DIR: &str = ".kundreg";
pub(super) const LOG: &str = "log";
pub(super) const SNAPSHOTS: &str = "snapshots";
pub(super) const COMPUTERS: &str = "computers";
pub(super) const EPOCHS: &str = "epochs";
/// Where an old primary leaves a note for each file it gave back after failover.
pub(super) const RETURNED: &str = "returned";
/// Where replicas ask the primary for changes, and where it answers.
pub(super) const REQUESTS: &str = "requests";
pub(super) const ANSWERS: &str = "answers";
/// How change-set, snapshot and status file names end.
pub(super) const CHANGE_SET: &str = ".kchange";
pub(super) const SNAPSHOT: &str = ".ksnap";
pub(super) const STATUS: &str = ".status";

/// `.kundreg/` of one shared folder, as this computer reads and writes it with its shop key.
pub struct SharedFolder {
    pub(super) root: PathBuf,
    /// The shop key (`None` on a computer that has not joined the shop: it believes nothing
    /// in the folder and writes nothing).
    key: Option<ShopKey>,
    pub(super) unsealed: Mutex<Unsealed>,
}

/// The files found not sealed with the shop key: not read again while they stay as they are,
/// and reported once each (a computer with another key rewrites its status file: said once).
#[derive(Default)]
pub(super) struct Unsealed {
    pub(super) seen: HashSet<(PathBuf, u64, Option<SystemTime>)>,
    pub(super) said: HashSet<PathBuf>,
    pub(super) new: Vec<PathBuf>,
}

/// Which register a folder carries, and which computer is its primary now.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Identity {
    pub register: RegisterId,
    pub primary: ComputerId,
}

/// A change-set or snapshot in the folder, known by its name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LogFile {
    pub epoch: u64,
    pub version: u64,
    /// The start of the identity of the primary that made it.
    pub author: [u8; 8],
    /// The start of the file's SHA-256, as its name gives it: a file whose contents do not
    /// have it (a sync client's conflict copy under the name, a file from elsewhere) is not
    /// the one named, and is never used.
    pub hash: [u8; 6],
    pub path: PathBuf,
}

impl SharedFolder {
    /// `.kundreg/` of the shared folder `inbox`, read and written with `key` (nothing is read
    /// or made yet).
    pub fn of(inbox: &Path, key: Option<ShopKey>) -> SharedFolder {
        SharedFolder {
            root: inbox.join(DIR),
            key,
            unsealed: Mutex::default(),
        }
    }

    /// The shop key this computer writes with; an error on a computer that has none.
    pub(super) fn key(&self) -> io::Result<&ShopKey> {
        self.key.as_ref().ok_or_else(|| {
            io::Error::new(
                io::ErrorKind::PermissionDenied,
                "this computer has no shop key (join with `kundreg watch --join CODE`)",
            )
        })
    }

    /// The same folder, read and written with `key` from now on.
    pub fn with_key(&self, key: ShopKey) -> SharedFolder {
        SharedFolder {
            root: self.root.clone(),
            key: Some(key),
            unsealed: Mutex::default(),
        }
    }

    /// The shop key this computer holds, if it has joined.
    pub fn shop_key(&self) -> Option<&ShopKey> {
        self.key.as_ref()
    }

    /// Writes a file into `dir` under a new temporary name (see [`crate::guarded`]; `temp`
    /// starts it), makes it durable and renames it to the name `write` gives.
    pub(super) fn put<T>(
        &self,
        dir: &str,
        temp: &str,
        write: impl FnOnce(NewFile) -> Result<(NewFile, String, T), ReplayError>,
    ) -> Result<(PathBuf, T), ReplayError> {
        let dir = self.subfolder(dir).map_err(log_io)?;
        // Two computers may write one version at once (two starts, a copied disk): each
        // under a temporary name of its own.
        let file = NewFile::beside(&dir.join(temp)).map_err(log_io)?;
        let (file, name, made) = write(file)?;
        let path = dir.join(name);
        file.replace(&path).map_err(log_io)?;
        Ok((path, made))
    }

    pub(super) fn list(&self, dir: &str, extension: &str) -> io::Result<Vec<LogFile>> {
        let mut files: Vec<LogFile> = self
            .entries(dir)?
            .into_iter()
            .filter_map(|entry| {
                let name = entry.file_name().into_string().ok()?;
                let (epoch, version, author, hash) = parse_name(&name, extension)?;
                Some(LogFile {
                    epoch,
                    version,
                    author,
                    hash,
                    path: entry.path(),
                })
            })
            .collect();
        files.sort_by_key(|f| (f.epoch, f.version));
        Ok(files)
    }

    /// One of `.kundreg/`'s folders, made if it is missing — but only inside a `.kundreg/`
    /// that is there: a shared folder that cannot be reached (a share not mounted) is an
    /// error, never made anew on this computer's own disk.
    pub(super) fn subfolder(&self, dir: &str) -> io::Result<PathBuf> {
        if !self.root.is_dir() {
            return Err(io::Error::new(
                io::ErrorKind::NotFound,
                format!("{} cannot be reached", self.root.display()),
            ));
        }
        let path = self.root.join(dir);
        match fs::create_dir(&path) {
            Err(e) if e.kind() != io::ErrorKind::AlreadyExists => Err(e),
            _ => Ok(path),
        }
    }

    /// A file of `.kundreg/`, by its folder and name.
    pub(super) fn file(&self, dir: &str, name: &str) -> PathBuf {
        self.root.join(dir).join(name)
    }

    /// The names in one of `.kundreg/`'s folders that end in `extension` and do not start with
    /// a dot (temporary files), sorted.
    pub(super) fn names(&self, dir: &str, extension: &str) -> io::Result<Vec<String>> {
        let mut names: Vec<String> = self
            .entries(dir)?
            .into_iter()
            .filter_map(|entry| entry.file_name().into_string().ok())
            .filter(|name| !name.starts_with('.') && name.ends_with(extension))
            .collect();
        names.sort();
        Ok(names)
    }

    /// The entries of one of `.kundreg/`'s folders; none while it is not there.
    pub(super) fn entries(&self, dir: &str) -> io::Result<Vec<fs::DirEntry>> {
        match fs::read_dir(self.root.join(dir)) {
            Ok(entries) => Ok(entries.flatten().collect()),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(Vec::new()),
            Err(e) => Err(e),
        }
    }

    /// The folders change-sets, snapshots, epoch records, the notes of returned files,
    /// requests and answers arrive in (made if missing).
    pub fn arrival_folders(&self) -> [PathBuf; 6] {
        let folders =
            [LOG, SNAPSHOTS, EPOCHS, RETURNED, REQUESTS, ANSWERS].map(|d| self.root.join(d));
        for folder in &folders {
            let _ = fs::create_dir_all(folder);
        }
        folders
    }
}

pub(super) fn log_io(e: io::Error) -> ReplayError {
    ReplayError::LogFile(LogFileError::Io(e))
}

/// The most a change-set or snapshot may hold: a sealed one is the shop's own, as large as the
/// register it carries.
pub(super) const ANY_SIZE: u64 = u64::MAX;

/// Removes the file at `path`; one already gone is no error (another process, or the sync
/// client, removed it first).
pub(super) fn remove_file(path: &Path) -> io::Result<()> {
    match fs::remove_file(path) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}

/// The epoch, version, author and hash of a change-set's or snapshot's name (see
/// [`file_name`]).
fn parse_name(name: &str, extension: &str) -> Option<(u64, u64, [u8; 8], [u8; 6])> {
    let stem = name.strip_suffix(extension)?;
    let mut parts = stem.split('-');
    let (epoch, version) = (parts.next()?, parts.next()?);
    let (author, hash) = (parts.next()?, parts.next()?);
    // Numbers as the writer writes them: zero-padded to a width, wider when they need it
    // (one name for each number).
    let number = |s: &str, width: usize| {
        let n: u64 = s
            .parse()
            .ok()
            .filter(|_| s.bytes().all(|b| b.is_ascii_digit()))?;
        (format!("{n:0width$}") == s).then_some(n)
    };
    if parts.next().is_some() {
        return None;
    }
    let (epoch, version) = (number(epoch, 6)?, number(version, 12)?);
    // The author: the start of a computer's identity, 16 hex digits.
    Some((epoch, version, from_hex(author)?, from_hex(hash)?))
}

#[cfg(test)]
mod tests {
    use super::super::changeset::file_name;
    use super::*;

    #[test]
    fn only_kundregs_own_log_file_names_are_read() {
        let name = file_name(1, 12, &[0xcd; 8], &[0xab; 32]);
        assert_eq!(
            parse_name(&name, CHANGE_SET),
            Some((1, 12, [0xcd; 8], [0xab; 6]))
        );
        assert_eq!(parse_name(&name, SNAPSHOT), None);
        for other in [
            ".v12.part",
            "000001-000000000012-cdcdcdcdcdcdcdcd-abababababab.kchange.tmp",
            ".syncthing.000001-000000000012-cdcdcdcdcdcdcdcd-abababababab.kchange.tmp",
            "000001-000000000012-cdcdcdcdcdcdcdcd-abababababab.sync-conflict-20261201-120000-ABCDEFG.kchange",
            "000001-000000000012-cdcdcdcdcdcdcdcd-abababababab (conflicted copy).kchange",
            "000001-000000000012-abababababab.kchange",
            "1-12-cd-ab.kchange",
            "0000001-000000000012-cdcdcdcdcdcdcdcd-abababababab.kchange",
            "+00001-000000000012-cdcdcdcdcdcdcdcd-abababababab.kchange",
        ] {
            assert_eq!(parse_name(other, CHANGE_SET), None, "{other}");
        }
        // Numbers wider than their width are read as the writer writes them.
        let wide = file_name(1_234_567, 1_000_000_000_000, &[0xcd; 8], &[0xab; 32]);
        assert_eq!(
            parse_name(&wide, CHANGE_SET),
            Some((1_234_567, 1_000_000_000_000, [0xcd; 8], [0xab; 6]))
        );
    }
}

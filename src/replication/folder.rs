//! `.kundreg/` in the shared folder: which register it carries and which computer is its
//! primary (the epoch records in `epochs/`, see [`super::epochs`]), the log of change-sets
//! (`log/`), snapshots (`snapshots/`) and one status file per computer (`computers/`). Every
//! file has one writer and is written under a hidden temporary name, made durable and renamed
//! into place, so no computer ever sees half of one, and sealed with the shop key (see
//! [`super::sealed`]); a sync client's partial or temporary files, its conflict copies and any
//! other names are never read.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use super::changeset::file_name;
use super::epochs::{Chain, EPOCHS, Term, parse_author};
use super::frames::LogFileError;
use super::ids::from_hex;
pub use super::ids::{ComputerId, RegisterId, hex, new_id, parse_id};
use super::key::ShopKey;
use super::replay::{ReplayError, publish};
use super::sealed::Unsealed;
use super::snapshot::{SnapshotHeader, write_snapshot};
use crate::guarded::NewFile;
use crate::store::{ReadView, Store};

/// The folder kundreg keeps beside the inbox's files.
const DIR: &str = ".kundreg";
pub(super) const LOG: &str = "log";
pub(super) const SNAPSHOTS: &str = "snapshots";
pub(super) const COMPUTERS: &str = "computers";
/// Where replicas ask the primary for changes, and where it answers.
pub(super) const REQUESTS: &str = "requests";
pub(super) const ANSWERS: &str = "answers";
/// How change-set, snapshot and status file names end.
const CHANGE_SET: &str = ".kchange";
const SNAPSHOT: &str = ".ksnap";
pub(super) const STATUS: &str = ".status";

/// `.kundreg/` of one shared folder, as this computer reads and writes it with its shop key.
pub struct SharedFolder {
    pub(super) root: PathBuf,
    /// The shop key (`None` on a computer that has not joined the shop: it believes nothing
    /// in the folder and writes nothing).
    key: Option<ShopKey>,
    pub(super) unsealed: Mutex<Unsealed>,
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

    /// Removes every change-set and snapshot, whoever sealed them (the shop key was
    /// replaced: the primary publishes its register again). Returns how many.
    pub fn remove_log(&self) -> io::Result<usize> {
        let files = [self.list(LOG, CHANGE_SET)?, self.list(SNAPSHOTS, SNAPSHOT)?];
        for file in files.iter().flatten() {
            remove_file(&file.path)?;
        }
        Ok(files.iter().map(Vec::len).sum())
    }

    /// The shop key this computer holds, if it has joined.
    pub fn shop_key(&self) -> Option<&ShopKey> {
        self.key.as_ref()
    }

    /// The register this folder carries and its primary now; `None` when no computer has
    /// started it yet.
    pub fn identity(&self) -> io::Result<Option<Identity>> {
        Ok(self.chain()?.map(|chain| Identity {
            register: chain.register,
            primary: chain.current().primary,
        }))
    }

    /// Starts the folder with `term`, the first epoch's record (made if missing). Two
    /// computers that start one folder at once both write one: [`Chain::of`] picks the same
    /// one on every computer.
    pub fn start(&self, term: &Term) -> io::Result<()> {
        fs::create_dir_all(self.root.join(EPOCHS))?;
        self.write_term(term)
    }

    /// Publishes `view`'s latest version into the log, made in `term`. Returns the file.
    pub fn publish(&self, view: &ReadView, term: &Term) -> Result<PathBuf, ReplayError> {
        let version = view.version();
        let key = self.key().map_err(log_io)?;
        let (path, ()) = self.put(LOG, &format!("v{version}"), |out| {
            let (out, trailer) = publish(view, term.register, term.epoch, out, key)?;
            let name = file_name(term.epoch, version, &term.author(), &trailer.sha256);
            Ok((out, name, ()))
        })?;
        Ok(path)
    }

    /// Publishes a snapshot of `store` at its current version. Returns the file and what it
    /// holds.
    pub fn publish_snapshot(
        &self,
        store: &Store,
        term: &Term,
    ) -> Result<(PathBuf, SnapshotHeader), ReplayError> {
        let version = store.read()?.version();
        let key = self.key().map_err(log_io)?;
        self.put(SNAPSHOTS, &format!("v{version}"), |out| {
            let (out, header, sha256) = write_snapshot(store, term.register, term.epoch, out, key)?;
            let name = file_name(term.epoch, version, &term.author(), &sha256)
                .replace(CHANGE_SET, SNAPSHOT);
            Ok((out, name, header))
        })
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

    fn list(&self, dir: &str, extension: &str) -> io::Result<Vec<LogFile>> {
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

    /// The chain of terms and the change-sets and snapshots in the folder, listed once, each
    /// sorted by the chain into the history's and the fenced.
    pub fn listing(&self) -> io::Result<Listing> {
        let mut listing = Listing {
            chain: self.chain()?,
            log: Vec::new(),
            snapshots: Vec::new(),
            fenced: Vec::new(),
        };
        let Some(chain) = &listing.chain else {
            return Ok(listing);
        };
        for file in self.list(LOG, CHANGE_SET)? {
            if chain.holds_change_set(file.epoch, &file.author, file.version) {
                listing.log.push(file);
            } else if chain.knows(file.epoch, &file.author) {
                listing.fenced.push(file);
            }
        }
        for file in self.list(SNAPSHOTS, SNAPSHOT)? {
            if chain.holds_snapshot(file.epoch, &file.author, file.version) {
                listing.snapshots.push(file);
            } else if chain.knows(file.epoch, &file.author) {
                listing.fenced.push(file);
            }
        }
        // Snapshots by version: a new term's first one is at the version it continues from.
        listing.snapshots.sort_by_key(|f| (f.version, f.epoch));
        Ok(listing)
    }

    /// The change-sets of the history, in log order.
    pub fn log(&self) -> io::Result<Vec<LogFile>> {
        Ok(self.listing()?.log)
    }

    /// The snapshots of the history, oldest first.
    pub fn snapshots(&self) -> io::Result<Vec<LogFile>> {
        Ok(self.listing()?.snapshots)
    }

    /// Removes the change-sets and snapshots of versions before `version`. Returns how many.
    pub fn remove_before(&self, version: u64) -> io::Result<usize> {
        Self::remove_old(&self.listing()?, version.saturating_sub(1), version)
    }

    /// Removes, of the files in `listing`, the change-sets of versions up to `through`, the
    /// snapshots before `keep`, and every fenced file. Returns how many.
    pub fn remove_old(listing: &Listing, through: u64, keep: u64) -> io::Result<usize> {
        let log = listing.log.iter().filter(|f| f.version <= through);
        let snapshots = listing.snapshots.iter().filter(|f| f.version < keep);
        let mut removed = 0;
        for file in log.chain(snapshots).chain(&listing.fenced) {
            remove_file(&file.path)?;
            removed += 1;
        }
        Ok(removed)
    }

    /// The folders change-sets, snapshots, epoch records, the notes of returned files,
    /// requests and answers arrive in (made if missing).
    pub fn arrival_folders(&self) -> [PathBuf; 6] {
        let folders = [
            LOG,
            SNAPSHOTS,
            EPOCHS,
            super::fenced::RETURNED,
            REQUESTS,
            ANSWERS,
        ]
        .map(|d| self.root.join(d));
        for folder in &folders {
            let _ = fs::create_dir_all(folder);
        }
        folders
    }

    /// The newest version a change-set or snapshot in the folder holds (0 for none).
    pub fn newest_version(&self) -> io::Result<u64> {
        Ok(self.listing()?.newest())
    }
}

/// The change-sets and snapshots in the folder, each in log order.
pub struct Listing {
    /// The folder's chain of terms (`None`: not started).
    pub chain: Option<Chain>,
    /// The change-sets of the history.
    pub log: Vec<LogFile>,
    /// The snapshots of the history.
    pub snapshots: Vec<LogFile>,
    /// Files a newer term fenced (made by a primary cut off from the others): never used.
    pub fenced: Vec<LogFile>,
}

impl Listing {
    /// Leaves out the files that name a version after `current`: on the primary, which made
    /// every version there is, such a name is not one of its files, whatever it holds (an
    /// empty file under it must not stop publishing or make real files look old).
    pub fn up_to(mut self, current: u64) -> Listing {
        self.log.retain(|f| f.version <= current);
        self.snapshots.retain(|f| f.version <= current);
        self
    }

    /// The newest version a change-set or snapshot holds (0 for none).
    pub fn newest(&self) -> u64 {
        self.log
            .iter()
            .chain(&self.snapshots)
            .map(|f| f.version)
            .max()
            .unwrap_or(0)
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
    Some((epoch, version, parse_author(author)?, from_hex(hash)?))
}

#[cfg(test)]
mod tests {
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

    #[test]
    fn a_folder_carries_one_register_whoever_starts_it_at_once() {
        let dir = tempfile::tempdir().unwrap();
        let folder = SharedFolder::of(
            dir.path(),
            Some(crate::replication::key::ShopKey::new().unwrap()),
        );
        assert_eq!(folder.identity().unwrap(), None);
        let start = |primary: [u8; 16]| Term {
            register: RegisterId::new(),
            epoch: 1,
            primary: ComputerId(primary),
            name: "kassa".into(),
            from: 0,
            at: chrono::Utc::now(),
        };
        let (one, two) = (start([1; 16]), start([2; 16]));
        folder.start(&two).unwrap();
        folder.start(&one).unwrap();
        let identity = Identity {
            register: one.register,
            primary: one.primary,
        };
        assert_eq!(folder.identity().unwrap(), Some(identity));
        let again = folder.start(&start([1; 16])).unwrap_err();
        assert_eq!(again.kind(), io::ErrorKind::AlreadyExists);
        assert_eq!(folder.identity().unwrap(), Some(identity));
        assert_ne!(new_id(), new_id());
        assert_eq!(
            RegisterId::parse(&identity.register.hex()),
            Some(identity.register)
        );
    }
}

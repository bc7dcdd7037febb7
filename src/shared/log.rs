//! The log: the change-sets and snapshots in `.kundreg/`, sorted by the chain of terms into
//! the history's and the fenced ([`Listing`]), and the primary publishing into it, erasing
//! from it and compacting it.

use std::io;
use std::path::PathBuf;

use super::chain::Chain;
use super::changeset::file_name;
use super::epochs::Term;
use super::folder::{
    ANY_SIZE, CHANGE_SET, LOG, LogFile, SNAPSHOT, SNAPSHOTS, SharedFolder, log_io, remove_file,
};
use super::replay::{ReplayError, publish};
use super::snapshot::{SnapshotHeader, write_snapshot};
use crate::store::{ReadView, Store};

impl SharedFolder {
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

    /// The newest version a change-set or snapshot in the folder holds (0 for none).
    pub fn newest_version(&self) -> io::Result<u64> {
        Ok(self.listing()?.newest())
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

impl Listing {
    /// Leaves out the change-sets and snapshots of versions after `after` that are not sealed
    /// with the shop key (each is read once to tell): on the primary, a file planted under the
    /// name of a version it has not made yet must not pass for its own when it makes it.
    pub fn sealed_after(mut self, folder: &SharedFolder, after: u64) -> Listing {
        let sealed =
            |f: &LogFile| f.version <= after || folder.open_sealed(&f.path, ANY_SIZE).is_ok();
        self.log.retain(sealed);
        self.snapshots.retain(sealed);
        self
    }
}

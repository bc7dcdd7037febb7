//! What a register knows of the computers it is shared with: the register's identity (the
//! same on every computer of one shared folder), this computer's own identity, and the shared
//! folder it belongs to. Kept in `meta`, outside the versions: none of it is the shop's data
//! and none of it is in the checksum. A copy for another computer (a snapshot) carries the
//! register's identity only.

use std::path::Path;

use super::error::{Cause, StoreError, damaged, io};
use super::file::{Db, create_new, new_builder, sync_file};
use super::tables::checksum_of;
use super::{CUSTOMERS, META, RegisterChecksum, Store};

/// One of the register's own entries.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Local {
    /// The register's identity: 16 bytes.
    Register,
    /// This computer's identity: 16 bytes.
    Computer,
    /// The shared folder this register belongs to: a path, UTF-8.
    Folder,
    /// The mark of the last run of `kundreg watch` with this register: 8 bytes.
    Run,
    /// The shared folder's primary, as this computer last read it: 16 bytes. A command can
    /// tell this computer's role without reaching the folder.
    Primary,
    /// The primary's term the newest version was made in: epoch, primary and the version
    /// the term continued from (32 bytes). A snapshot carries it.
    Term,
    /// This computer's work a newer term fenced, as `shared::fenced` writes it.
    Fenced,
    /// The customer numbers this computer forgot as the primary, with the forget's version
    /// (see [`Store::forget`]): a forget a newer term fenced is made again from them.
    Forgotten,
}

impl Local {
    fn key(self) -> &'static str {
        match self {
            Local::Register => "register_id",
            Local::Computer => "computer_id",
            Local::Folder => "shared_folder",
            Local::Run => "last_run",
            Local::Primary => "primary_id",
            Local::Term => "term",
            Local::Fenced => "fenced_work",
            Local::Forgotten => "forgotten",
        }
    }
}

impl Store {
    /// The value of one of the register's own entries, if it has one.
    pub fn local(&self, what: Local) -> Result<Option<Vec<u8>>, StoreError> {
        let txn = self.begin_read()?;
        let meta = txn.open_table(META).map_err(|e| damaged(&self.path, e))?;
        let value = meta
            .get(what.key())
            .map_err(|e| damaged(&self.path, e))?
            .map(|v| v.value().to_vec());
        Ok(value)
    }

    /// One of the register's own entries of `N` bytes (an identity, a run's mark); `None`
    /// when it has none, or one of another length.
    pub fn local_bytes<const N: usize>(&self, what: Local) -> Result<Option<[u8; N]>, StoreError> {
        Ok(self.local(what)?.and_then(|value| value.try_into().ok()))
    }

    /// The entry `what` as an identity of 16 bytes (a register's, a computer's).
    pub fn local_id<T: From<[u8; 16]>>(&self, what: Local) -> Result<Option<T>, StoreError> {
        Ok(self.local_bytes::<16>(what)?.map(T::from))
    }

    /// The mark of the last run of `kundreg watch` with this register.
    pub fn last_run(&self) -> Result<Option<u64>, StoreError> {
        Ok(self.local_bytes(Local::Run)?.map(u64::from_le_bytes))
    }

    /// Sets one of the register's own entries (no version is made).
    pub fn set_local(&self, what: Local, value: impl AsRef<[u8]>) -> Result<(), StoreError> {
        self.set_locals(&[(what, value.as_ref())])
    }

    /// Sets several of the register's own entries in one transaction: what belongs together is
    /// written together, or not at all.
    pub fn set_locals(&self, entries: &[(Local, &[u8])]) -> Result<(), StoreError> {
        let failed = |e: &dyn Cause| damaged(&self.path, e);
        let txn = self.begin_write()?;
        {
            let mut meta = txn.open_table(META).map_err(|e| failed(&e))?;
            for (what, value) in entries {
                meta.insert(what.key(), *value).map_err(|e| failed(&e))?;
            }
        }
        txn.commit().map_err(|e| failed(&e))
    }

    /// Copies the whole register, history included, into a new file at `path` (which must not
    /// exist), leaving out this computer's own entries. The copy is compact and holds nothing
    /// the register no longer has.
    pub fn copy_to(&self, path: &Path) -> Result<(), StoreError> {
        let copy = Store {
            db: Db::Write(create_new(&new_builder(), path).map_err(|e| damaged(path, e))?),
            path: path.to_path_buf(),
            opened_len: 0,
        };
        self.copy_into(&copy, None)?;
        let failed = |e: &dyn Cause| damaged(path, e);
        let txn = copy.begin_write()?;
        {
            let mut meta = txn.open_table(META).map_err(|e| failed(&e))?;
            let own = [
                Local::Computer,
                Local::Folder,
                Local::Run,
                Local::Fenced,
                Local::Forgotten,
            ];
            for what in own {
                meta.remove(what.key()).map_err(|e| failed(&e))?;
            }
        }
        txn.commit().map_err(|e| failed(&e))?;
        drop(copy);
        sync_file(path).map_err(io(path))
    }

    /// The checksum of the customers as they are in the file, worked out afresh (not the one
    /// kept in `meta`): what a register copied from elsewhere is checked with.
    pub fn recount_checksum(&self) -> Result<RegisterChecksum, StoreError> {
        let txn = self.begin_read()?;
        let customers = txn
            .open_table(CUSTOMERS)
            .map_err(|e| damaged(&self.path, e))?;
        checksum_of(&customers, &self.path)
    }
}

/// The customer numbers a register forgot, with the versions that forgot them.
pub type Forgotten = Vec<(u64, String)>;

impl Store {
    /// The customer numbers this register forgot while sharing a folder (see
    /// [`Local::Forgotten`]).
    pub fn forgotten(&self) -> Result<Forgotten, StoreError> {
        Ok(self
            .local(Local::Forgotten)?
            .and_then(|bytes| postcard::from_bytes(&bytes).ok())
            .unwrap_or_default())
    }

    /// Notes that `version` forgot the customer `number`, for a register that shares a
    /// folder: a newer term may fence the forget, and it is made again from this note. A
    /// register of one computer keeps no note.
    pub(super) fn note_forgotten(&self, version: u64, number: &str) -> Result<(), StoreError> {
        if self.local(Local::Folder)?.is_none() {
            return Ok(());
        }
        let mut forgotten = self.forgotten()?;
        forgotten.push((version, number.to_string()));
        let bytes = postcard::to_allocvec(&forgotten).map_err(|e| damaged(&self.path, e))?;
        self.set_local(Local::Forgotten, &bytes)
    }
}

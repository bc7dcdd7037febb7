//! The register file itself: creating it (whole before it appears), opening it (checking
//! that it is a kundreg register of this schema, waiting while another kundreg holds it),
//! the numbers kept in its `meta` table, and giving free space back.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use redb::{Builder, Database, DatabaseError, ReadableDatabase, ReadableTable};

use super::checksum::RegisterChecksum;
use super::error::{Cause, StoreError, damaged, io};
use super::search::Highest;
use super::tables::{ReadView, Tables};
use super::{
    CHANGES, CUSTOMERS, EMAILS, IMPORTED, META, SCHEMA, SCHEMA_BEFORE_SEARCH, SEARCH, VERSIONS,
};

/// What the `meta` table says a kundreg register is.
const MAGIC: &[u8] = b"kundreg register";
/// Memory redb may use as page cache and write buffer (its own default is 1 GiB). kundreg
/// reads and writes its tables front to back, a block once each, so a larger cache buys
/// nothing: measured at 1,000,000 customers, 8 MiB is as fast as 32 MiB and 23 MiB smaller.
const CACHE_BYTES: usize = 8 << 20;

/// How a command uses the register.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Access {
    /// Read only: the file is not changed at all (no register yet is not an error).
    Read,
    /// Read and write: the register is created if there is none.
    Write,
}

/// An open register.
pub struct Store {
    pub(super) db: Db,
    pub(super) path: PathBuf,
    /// Size of the file when it was opened.
    pub(super) opened_len: u64,
}

pub(super) enum Db {
    Write(Database),
    Read(redb::ReadOnlyDatabase),
}

/// How long a look at the register waits for another process to let it go.
const LOOK_WAIT: std::time::Duration = std::time::Duration::from_secs(10);

impl Store {
    /// The register at `path` opened read only (`None` while there is none), for a look that
    /// need not hold it for writing; another process holding it is waited for a while.
    pub fn look_at(path: &Path) -> Result<Option<Store>, StoreError> {
        Store::open(path, Access::Read, LOOK_WAIT, &mut || {})
    }

    /// Opens the register at `path`, waiting up to `wait` while another process holds it
    /// (calling `on_wait` once when it starts to wait). `Ok(None)` when there is no file yet
    /// and only reading was asked for. A file that is empty or not a kundreg register is
    /// refused, never replaced.
    pub fn open(
        path: &Path,
        access: Access,
        wait: Duration,
        on_wait: &mut dyn FnMut(),
    ) -> Result<Option<Store>, StoreError> {
        let exists = match std::fs::metadata(path) {
            Ok(meta) if meta.len() == 0 => {
                return Err(StoreError::EmptyFile {
                    path: path.to_path_buf(),
                });
            }
            Ok(_) => true,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => false,
            Err(source) => {
                return Err(StoreError::Io {
                    path: path.to_path_buf(),
                    source,
                });
            }
        };
        if !exists && access == Access::Read {
            return Ok(None);
        }
        if !exists {
            create(path)?;
        }
        let started = Instant::now();
        let mut told = false;
        let mut wait_once = || {
            if !std::mem::replace(&mut told, true) {
                on_wait();
            }
        };
        if access == Access::Write {
            // Opening for writing marks the file even if nothing is written, so a file that is
            // not a register is first checked read-only and left exactly as it is.
            Store::open(path, Access::Read, wait, &mut wait_once)?;
        }
        let builder = new_builder();
        // A register left behind by a crash must be repaired by a read-write open first.
        let mut repair = false;
        let db = loop {
            let opened = match access {
                Access::Read if !repair => builder.open_read_only(path).map(Db::Read),
                _ => builder.open(path).map(Db::Write),
            };
            match opened {
                Ok(db) => break db,
                Err(DatabaseError::RepairAborted) if !repair => repair = true,
                Err(DatabaseError::DatabaseAlreadyOpen) if started.elapsed() < wait => {
                    wait_once();
                    std::thread::sleep(Duration::from_millis(100));
                }
                Err(DatabaseError::DatabaseAlreadyOpen) => {
                    return Err(StoreError::Busy {
                        path: path.to_path_buf(),
                    });
                }
                Err(DatabaseError::Storage(redb::StorageError::Io(source)))
                    if source.kind() != std::io::ErrorKind::InvalidData =>
                {
                    return Err(StoreError::Io {
                        path: path.to_path_buf(),
                        source,
                    });
                }
                Err(_) => {
                    return Err(StoreError::NotARegister {
                        path: path.to_path_buf(),
                    });
                }
            }
        };
        let store = Store {
            db,
            path: path.to_path_buf(),
            opened_len: file_len(path)?,
        };
        // A write open was checked by the read-only open above.
        match access {
            Access::Read => {
                store.check_schema()?;
            }
            Access::Write => store.upgrade()?,
        }
        Ok(Some(store))
    }

    pub(super) fn begin_read(&self) -> Result<redb::ReadTransaction, StoreError> {
        match &self.db {
            Db::Write(db) => db.begin_read(),
            Db::Read(db) => db.begin_read(),
        }
        .map_err(|e| self.damaged(e))
    }

    pub(super) fn begin_write(&self) -> Result<redb::WriteTransaction, StoreError> {
        match &self.db {
            Db::Write(db) => db.begin_write().map_err(|e| self.damaged(e)),
            Db::Read(_) => Err(self.damaged("opened for reading only")),
        }
    }

    /// The register file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    fn damaged(&self, e: impl Cause) -> StoreError {
        damaged(&self.path, e)
    }

    fn initialise(&self) -> Result<(), StoreError> {
        let txn = self.begin_write()?;
        {
            let mut meta = txn.open_table(META).map_err(|e| self.damaged(e))?;
            let put = |meta: &mut redb::Table<&str, &[u8]>, k: &str, v: &[u8]| {
                meta.insert(k, v).map(|_| ())
            };
            put(&mut meta, "format", MAGIC).map_err(|e| self.damaged(e))?;
            put(&mut meta, "schema", &SCHEMA.to_le_bytes()).map_err(|e| self.damaged(e))?;
            put(&mut meta, "version", &0u64.to_le_bytes()).map_err(|e| self.damaged(e))?;
            put(&mut meta, "customers", &0u64.to_le_bytes()).map_err(|e| self.damaged(e))?;
            put(&mut meta, CHECKSUM, &RegisterChecksum::default().to_bytes())
                .map_err(|e| self.damaged(e))?;
            put(&mut meta, CHECKSUM_AT, &0u64.to_le_bytes()).map_err(|e| self.damaged(e))?;
            txn.open_table(CUSTOMERS).map_err(|e| self.damaged(e))?;
            txn.open_table(EMAILS).map_err(|e| self.damaged(e))?;
            txn.open_table(VERSIONS).map_err(|e| self.damaged(e))?;
            txn.open_table(CHANGES).map_err(|e| self.damaged(e))?;
            txn.open_table(IMPORTED).map_err(|e| self.damaged(e))?;
            txn.open_table(SEARCH).map_err(|e| self.damaged(e))?;
        }
        txn.commit().map_err(|e| self.damaged(e))
    }

    /// The register's schema: this kundreg's, or the one before the search index.
    pub(super) fn check_schema(&self) -> Result<u32, StoreError> {
        let not_ours = || StoreError::NotARegister {
            path: self.path.clone(),
        };
        let txn = self.begin_read()?;
        let meta = txn.open_table(META).map_err(|_| not_ours())?;
        let format = meta.get("format").map_err(|e| self.damaged(e))?;
        if format.as_ref().map(|g| g.value()) != Some(MAGIC) {
            return Err(not_ours());
        }
        let schema = meta
            .get("schema")
            .map_err(|e| self.damaged(e))?
            .and_then(|g| g.value().try_into().ok())
            .map(u32::from_le_bytes)
            .ok_or_else(not_ours)?;
        if schema != SCHEMA && schema != SCHEMA_BEFORE_SEARCH {
            return Err(StoreError::UnsupportedSchema {
                path: self.path.clone(),
                found: schema,
            });
        }
        Ok(schema)
    }

    /// A consistent read-only view of the register.
    pub fn read(&self) -> Result<ReadView, StoreError> {
        let txn = self.begin_read()?;
        let open = |e| self.damaged(e);
        let meta = txn.open_table(META).map_err(open)?;
        let version = read_number(&meta, "version", &self.path)?;
        let checksum = read_checksum(&meta, version, &self.path)?;
        // A register from before the search index is read as it is.
        let search = match txn.open_table(SEARCH) {
            Ok(table) => Some(table),
            Err(redb::TableError::TableDoesNotExist(_)) => None,
            Err(e) => return Err(open(e)),
        };
        let tables = Tables {
            version,
            count: read_number(&meta, "customers", &self.path)?,
            customers: txn.open_table(CUSTOMERS).map_err(open)?,
            emails: txn.open_table(EMAILS).map_err(open)?,
            highest: match search {
                Some(_) => Some(Highest::read(&meta, &self.path)?),
                None => None,
            },
            path: self.path.clone(),
        };
        Ok(ReadView {
            search,
            versions: txn.open_table(VERSIONS).map_err(open)?,
            changes: txn.open_table(CHANGES).map_err(open)?,
            imported: txn.open_table(IMPORTED).map_err(open)?,
            checksum,
            tables,
        })
    }

    /// Gives free space back when the file grew since it was opened and more than half of it
    /// is free. A write copies the blocks it changes while the old ones must stay until it
    /// commits, and redb grows its file by doubling: right after growing, up to half of the
    /// file is free, and the next write uses that space, so compacting it would only make the
    /// next large import grow the file again. Compaction is itself crash-safe. Returns
    /// whether it compacted.
    pub fn compact_if_sparse(&mut self) -> Result<bool, StoreError> {
        let len = file_len(&self.path)?;
        if len <= self.opened_len {
            return Ok(false);
        }
        let path = self.path.clone();
        let Db::Write(db) = &mut self.db else {
            return Ok(false);
        };
        let failed = |e: &dyn Cause| damaged(&path, e);
        let txn = db.begin_write().map_err(|e| failed(&e))?;
        let stats = txn.stats().map_err(|e| failed(&e))?;
        txn.abort().map_err(|e| failed(&e))?;
        let used = stats.allocated_pages() * stats.page_size() as u64;
        if used * 2 >= len {
            return Ok(false);
        }
        while db.compact().map_err(|e| failed(&e))? {}
        Ok(true)
    }
}

fn file_len(path: &Path) -> Result<u64, StoreError> {
    std::fs::metadata(path)
        .map(|meta| meta.len())
        .map_err(io(path))
}

/// redb's settings for every register.
pub(super) fn new_builder() -> Builder {
    let mut builder = Builder::new();
    builder.set_cache_size(CACHE_BYTES);
    builder
}

/// Creates a new, empty register at `path`. It is made whole under a temporary name beside
/// it and then linked into place, so no half-made register is ever found at `path` (a kill
/// while creating leaves only the temporary file). A register that appeared meanwhile is
/// kept, never replaced.
fn create(path: &Path) -> Result<(), StoreError> {
    let io = io(path);
    let temp = crate::guarded::temp_beside(path, ".creating").map_err(&io)?;
    let made = new_builder()
        .create(temp.path())
        .map_err(|e| damaged(temp.path(), e))
        .and_then(|db| {
            let store = Store {
                db: Db::Write(db),
                path: temp.path().to_path_buf(),
                opened_len: 0,
            };
            store.initialise()
        });
    made.map_err(|e| e.for_register(path))?;
    match temp.persist_noclobber(path) {
        Ok(_) => {
            sync_folder(path);
            Ok(())
        }
        Err(e) if e.error.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(io(e.error)),
    }
}

/// Creates a new register file; never replaces one that appeared meanwhile.
pub(super) fn create_new(builder: &Builder, path: &Path) -> Result<Database, DatabaseError> {
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|e| DatabaseError::Storage(redb::StorageError::Io(e)))?;
    builder.create(path)
}

/// The meta key of the register's checksum, and of the version it was kept up to.
pub(super) const CHECKSUM: &str = "checksum";
pub(super) const CHECKSUM_AT: &str = "checksum_at";

/// The register's checksum as kept in `meta`, if it describes `version`. A register made by an
/// earlier kundreg has none, and one an earlier kundreg wrote to since has one of an older
/// version: then it is worked out again from the customers.
pub(super) fn read_checksum(
    meta: &impl ReadableTable<&'static str, &'static [u8]>,
    version: u64,
    path: &Path,
) -> Result<Option<RegisterChecksum>, StoreError> {
    let at = meta
        .get(CHECKSUM_AT)
        .map_err(|e| damaged(path, e))?
        .and_then(|g| g.value().try_into().ok())
        .map(u64::from_le_bytes);
    if at != Some(version) {
        return Ok(None);
    }
    Ok(meta
        .get(CHECKSUM)
        .map_err(|e| damaged(path, e))?
        .and_then(|g| <[u8; 32]>::try_from(g.value()).ok())
        .map(|bytes| RegisterChecksum::from_bytes(&bytes)))
}

/// A number kept in the register's `meta` table.
pub(super) fn read_number(
    meta: &impl ReadableTable<&'static str, &'static [u8]>,
    name: &str,
    path: &Path,
) -> Result<u64, StoreError> {
    meta.get(name)
        .map_err(|e| damaged(path, e))?
        .and_then(|g| g.value().try_into().ok())
        .map(u64::from_le_bytes)
        .ok_or_else(|| damaged(path, format!("no {name}")))
}

/// Flushes the file at `path` to disk. It is opened for writing (nothing is written):
/// Windows flushes only through a handle that may write, and refuses a read-only one.
pub fn sync_file(path: &Path) -> std::io::Result<()> {
    std::fs::OpenOptions::new()
        .write(true)
        .open(path)?
        .sync_all()
}

/// Makes a rename in the folder of `path` durable where the platform allows it (best effort:
/// the rename is already atomic). On Windows a folder cannot be opened as a file to flush it;
/// NTFS records the rename in its own journal, so nothing more is done there.
pub fn sync_folder(path: &Path) {
    #[cfg(not(unix))]
    let _ = path;
    #[cfg(unix)]
    if let Some(folder) = path.parent() {
        let folder = if folder.as_os_str().is_empty() {
            Path::new(".")
        } else {
            folder
        };
        if let Ok(dir) = std::fs::File::open(folder) {
            let _ = dir.sync_all();
        }
    }
}

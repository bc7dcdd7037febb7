//! The register file (redb). All table definitions live here, the schema version is checked on
//! open, and there is one way to change the register: [`Store::write`], one write transaction
//! that applies a plan's changes together with the history entry that records them.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use redb::{Builder, Database, DatabaseError, ReadableDatabase, ReadableTable, TableDefinition};
use serde::{Deserialize, Serialize};

use crate::customer::{self, Change, Customer, RecordError};
use crate::field::Field;
use crate::parse::ParsedFile;
use crate::plan::{self, Fingerprint, Plan, Register, is_numeric, numeric_cmp};

mod blocks;
mod forget;
mod undo;

use blocks::{BlockTable, BlockWriter, Blocks};

pub use undo::{Conflict, Undo, UndoPlan};

/// Register-wide values: what the file is, its schema, its current version.
const META: TableDefinition<&str, &[u8]> = TableDefinition::new("meta");
/// Customer record by customer number (the unique index by number), in blocks.
const CUSTOMERS: BlockTable = TableDefinition::new("customers");
/// Customer number by lowercase email (the unique index by email), in blocks.
const EMAILS: BlockTable = TableDefinition::new("emails");
/// History: one entry per version.
const VERSIONS: TableDefinition<u64, &[u8]> = TableDefinition::new("versions");
/// History: the changes of a version, in chunks of about a page, by (version, chunk).
const CHANGES: TableDefinition<(u64, u32), &[u8]> = TableDefinition::new("changes");
/// Version that applied a file, by SHA-256 of its bytes (while not rolled back).
const IMPORTED: TableDefinition<&[u8], u64> = TableDefinition::new("imported");

const MAGIC: &[u8] = b"kundreg register";
/// Version of the register's layout; a file with another is refused, never rewritten.
pub const SCHEMA: u32 = 3;
/// Version of the encoding of history entries.
const VERSION_FORMAT: u8 = 2;
/// Memory redb may use as page cache (its own default is 1 GiB).
const CACHE_BYTES: usize = 32 << 20;
/// How long a command waits for a register another kundreg holds.
pub const DEFAULT_BUSY_WAIT: Duration = Duration::from_secs(30);

/// Why the register cannot be used as asked.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{path}: the file is empty, not a kundreg register")]
    EmptyFile { path: PathBuf },
    #[error("{path}: not a kundreg register")]
    NotARegister { path: PathBuf },
    #[error("{path}: register schema {found} is not supported (this kundreg reads {SCHEMA})")]
    UnsupportedSchema { path: PathBuf, found: u32 },
    #[error("{path}: the register is busy: another kundreg is using it")]
    Busy { path: PathBuf },
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}: the register file is damaged: {detail}")]
    Damaged { path: PathBuf, detail: String },
    #[error("these bytes were already imported as version {version}")]
    AlreadyImported { version: u64, at: i64 },
    #[error("the plan changed since it was shown")]
    Stale { plan: Box<Plan> },
    #[error("there is no version {version}")]
    NoSuchVersion { version: u64 },
    #[error("version {version} is a forget, which cannot be rolled back")]
    ForgetIsFinal { version: u64 },
    #[error("version {version} was already rolled back by version {by}")]
    AlreadyRolledBack { version: u64, by: u64 },
    #[error("the rollback conflicts with later changes")]
    Conflicts { plan: Box<UndoPlan> },
    #[error("the rollback changed since it was shown")]
    StaleUndo { plan: Box<UndoPlan> },
    #[error("no customer {key:?}")]
    NoSuchCustomer { key: String },
}

impl From<RecordError> for StoreError {
    fn from(e: RecordError) -> Self {
        StoreError::Damaged {
            path: PathBuf::new(),
            detail: e.to_string(),
        }
    }
}

/// What kind of change a version made.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Kind {
    Import,
    Rollback,
    Forget,
}

impl Kind {
    /// Name in JSON and logs.
    pub fn key(self) -> &'static str {
        match self {
            Kind::Import => "import",
            Kind::Rollback => "rollback",
            Kind::Forget => "forget",
        }
    }
}

/// One entry of the history.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Version {
    pub version: u64,
    pub kind: Kind,
    /// Seconds since 1970-01-01 UTC.
    pub at: i64,
    /// Name of the source file, for imports.
    pub file: Option<String>,
    pub sha256: Option<[u8; 32]>,
    pub fingerprint: [u8; 32],
    pub new: u64,
    pub update: u64,
    pub removed: u64,
    /// Number of change chunks stored for this version.
    pub chunks: u32,
    /// The version that undid this one, while it stays undone.
    pub rolled_back_by: Option<u64>,
    /// For a rollback: the versions it undid.
    pub undid: Vec<u64>,
}

impl Version {
    /// A new history entry of `kind` with these counts and fingerprint; [`Store::write`] fills
    /// in its number, time and chunks.
    fn draft(kind: Kind, [new, update, removed]: [u64; 3], fingerprint: Fingerprint) -> Self {
        Version {
            version: 0,
            kind,
            at: 0,
            file: None,
            sha256: None,
            fingerprint: fingerprint.0,
            new,
            update,
            removed,
            chunks: 0,
            rolled_back_by: None,
            undid: Vec::new(),
        }
    }
}

/// The input file an import comes from.
#[derive(Clone, Debug)]
pub struct Source {
    /// File name (no directories), as recorded in the history.
    pub name: String,
    pub sha256: [u8; 32],
}

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
    db: Db,
    path: PathBuf,
    /// Size of the file when it was opened.
    opened_len: u64,
}

enum Db {
    Write(Database),
    Read(redb::ReadOnlyDatabase),
}

fn damaged(path: &Path, e: impl std::fmt::Display) -> StoreError {
    StoreError::Damaged {
        path: path.to_path_buf(),
        detail: e.to_string(),
    }
}

impl Store {
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
        if access == Access::Read {
            store.check_schema()?;
        }
        Ok(Some(store))
    }

    fn begin_read(&self) -> Result<redb::ReadTransaction, StoreError> {
        match &self.db {
            Db::Write(db) => db.begin_read(),
            Db::Read(db) => db.begin_read(),
        }
        .map_err(|e| self.damaged(e))
    }

    fn begin_write(&self) -> Result<redb::WriteTransaction, StoreError> {
        match &self.db {
            Db::Write(db) => db.begin_write().map_err(|e| self.damaged(e)),
            Db::Read(_) => Err(self.damaged("opened for reading only")),
        }
    }

    /// The register file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    fn damaged(&self, e: impl std::fmt::Display) -> StoreError {
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
            txn.open_table(CUSTOMERS).map_err(|e| self.damaged(e))?;
            txn.open_table(EMAILS).map_err(|e| self.damaged(e))?;
            txn.open_table(VERSIONS).map_err(|e| self.damaged(e))?;
            txn.open_table(CHANGES).map_err(|e| self.damaged(e))?;
            txn.open_table(IMPORTED).map_err(|e| self.damaged(e))?;
        }
        txn.commit().map_err(|e| self.damaged(e))
    }

    fn check_schema(&self) -> Result<(), StoreError> {
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
        if schema != SCHEMA {
            return Err(StoreError::UnsupportedSchema {
                path: self.path.clone(),
                found: schema,
            });
        }
        Ok(())
    }

    /// A consistent read-only view of the register.
    pub fn read(&self) -> Result<ReadView, StoreError> {
        let txn = self.begin_read()?;
        let open = |e| self.damaged(e);
        let meta = txn.open_table(META).map_err(open)?;
        let tables = Tables {
            version: read_number(&meta, "version", &self.path)?,
            count: read_number(&meta, "customers", &self.path)?,
            customers: txn.open_table(CUSTOMERS).map_err(open)?,
            emails: txn.open_table(EMAILS).map_err(open)?,
            path: self.path.clone(),
        };
        Ok(ReadView {
            versions: txn.open_table(VERSIONS).map_err(open)?,
            changes: txn.open_table(CHANGES).map_err(open)?,
            imported: txn.open_table(IMPORTED).map_err(open)?,
            tables,
        })
    }

    /// Plans `parsed` again inside one write transaction and applies it with its history
    /// entry. Refused when the bytes were already imported, or when `expected` is given and
    /// the plan's fingerprint differs from it. Returns the plan and the new version (none when
    /// the file changes nothing).
    pub fn import(
        &self,
        source: &Source,
        parsed: &ParsedFile,
        expected: Option<Fingerprint>,
        progress: &mut dyn FnMut(usize),
    ) -> Result<(Plan, Option<Version>), StoreError> {
        self.write(|txn, tables| {
            let imported = txn.open_table(IMPORTED).map_err(|e| self.damaged(e))?;
            if let Some(version) = imported
                .get(&source.sha256[..])
                .map_err(|e| self.damaged(e))?
                .map(|g| g.value())
            {
                let versions = txn.open_table(VERSIONS).map_err(|e| self.damaged(e))?;
                let at = read_entry(&versions, version, &self.path)?.map_or(0, |v| v.at);
                return Err(StoreError::AlreadyImported { version, at });
            }
            drop(imported);
            let mut sink = |t: &mut WriteTables<'_>, c: &[Change]| t.write(c);
            let purpose = plan::Purpose::Apply(&mut sink);
            let plan = plan::plan(&source.sha256, parsed, tables, purpose, progress)?;
            if expected.is_some_and(|f| f != plan.fingerprint) {
                return Err(StoreError::Stale {
                    plan: Box::new(plan),
                });
            }
            let counts = plan.counts;
            let entry = Version {
                file: Some(source.name.clone()),
                sha256: Some(source.sha256),
                ..Version::draft(
                    Kind::Import,
                    [counts.new, counts.update, 0],
                    plan.fingerprint,
                )
            };
            Ok((plan, (counts.new + counts.update > 0).then_some(entry)))
        })
    }

    /// The one write path: runs `work` on the register's tables inside a write transaction
    /// and, if it returns a history entry, records it as the next version together with the
    /// changes `work` wrote, then commits. Any error leaves the register untouched.
    fn write<T>(
        &self,
        work: impl FnOnce(
            &redb::WriteTransaction,
            &mut WriteTables<'_>,
        ) -> Result<(T, Option<Version>), StoreError>,
    ) -> Result<(T, Option<Version>), StoreError> {
        let txn = self.begin_write()?;
        let (result, entry) = {
            let mut meta = txn.open_table(META).map_err(|e| self.damaged(e))?;
            let version = read_number(&meta, "version", &self.path)? + 1;
            let mut tables = WriteTables {
                tables: Tables {
                    version: version - 1,
                    count: read_number(&meta, "customers", &self.path)?,
                    customers: txn.open_table(CUSTOMERS).map_err(|e| self.damaged(e))?,
                    emails: txn.open_table(EMAILS).map_err(|e| self.damaged(e))?,
                    path: self.path.clone(),
                },
                changes: txn.open_table(CHANGES).map_err(|e| self.damaged(e))?,
                version,
                chunks: 0,
                chunk: Vec::with_capacity(CHUNK_BYTES * 4),
                chunk_raw_bytes: CHUNK_BYTES * 2,
                emails: EmailEdits::default(),
                customer_blocks: BlockWriter::default(),
            };
            let (result, entry) = work(&txn, &mut tables)?;
            tables.finish()?;
            let Some(mut entry) = entry else {
                return Ok((result, None));
            };
            entry.version = version;
            entry.at = chrono::Utc::now().timestamp();
            entry.chunks = tables.chunks;
            let mut versions = txn.open_table(VERSIONS).map_err(|e| self.damaged(e))?;
            versions
                .insert(version, encode_version(&entry).as_slice())
                .map_err(|e| self.damaged(e))?;
            if let Some(sha) = &entry.sha256 {
                let mut imported = txn.open_table(IMPORTED).map_err(|e| self.damaged(e))?;
                imported
                    .insert(&sha[..], version)
                    .map_err(|e| self.damaged(e))?;
            }
            meta.insert("version", &version.to_le_bytes()[..])
                .map_err(|e| self.damaged(e))?;
            meta.insert("customers", &tables.tables.count.to_le_bytes()[..])
                .map_err(|e| self.damaged(e))?;
            (result, entry)
        };
        txn.commit().map_err(|e| self.damaged(e))?;
        Ok((result, Some(entry)))
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
        let failed = |e: &dyn std::fmt::Display| damaged(&path, e);
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
        .map_err(|source| StoreError::Io {
            path: path.to_path_buf(),
            source,
        })
}

/// redb's settings for every register.
fn new_builder() -> Builder {
    let mut builder = Builder::new();
    builder.set_cache_size(CACHE_BYTES);
    builder
}

/// Creates a new, empty register at `path`. It is made whole under a temporary name beside
/// it and then linked into place, so no half-made register is ever found at `path` (a kill
/// while creating leaves only the temporary file). A register that appeared meanwhile is
/// kept, never replaced.
fn create(path: &Path) -> Result<(), StoreError> {
    let io = |source| StoreError::Io {
        path: path.to_path_buf(),
        source,
    };
    let folder = match path.parent() {
        Some(folder) if !folder.as_os_str().is_empty() => folder,
        _ => Path::new("."),
    };
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    let prefix = format!(".{name}.");
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(".creating");
    // A temporary file is private to its owner; the register gets the usual permissions.
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666));
    let temp = builder.tempfile_in(folder).map_err(io)?;
    let store = Store {
        db: Db::Write(
            new_builder()
                .create(temp.path())
                .map_err(|e| damaged(temp.path(), e))?,
        ),
        path: temp.path().to_path_buf(),
        opened_len: 0,
    };
    store.initialise()?;
    drop(store);
    match temp.persist_noclobber(path) {
        Ok(_) => {
            forget::sync_folder(path);
            Ok(())
        }
        Err(e) if e.error.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(io(e.error)),
    }
}

/// Creates a new register file; never replaces one that appeared meanwhile.
fn create_new(builder: &Builder, path: &Path) -> Result<Database, DatabaseError> {
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|e| DatabaseError::Storage(redb::StorageError::Io(e)))?;
    builder.create(path)
}

/// A number kept in the register's `meta` table.
fn read_number(
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

fn encode_version(entry: &Version) -> Vec<u8> {
    postcard::to_extend(entry, vec![VERSION_FORMAT]).unwrap_or_default()
}

/// The history entry of `version`, if there is one.
fn read_entry(
    versions: &impl ReadableTable<u64, &'static [u8]>,
    version: u64,
    path: &Path,
) -> Result<Option<Version>, StoreError> {
    let Some(guard) = versions.get(version).map_err(|e| damaged(path, e))? else {
        return Ok(None);
    };
    decode_version(guard.value())
        .map(Some)
        .ok_or_else(|| damaged(path, format!("history entry {version}")))
}

/// The history entries of the versions in `range`, newest first.
fn read_entries(
    versions: &impl ReadableTable<u64, &'static [u8]>,
    range: impl std::ops::RangeBounds<u64>,
    path: &Path,
) -> Result<Vec<Version>, StoreError> {
    let mut found = Vec::new();
    for entry in versions.range(range).map_err(|e| damaged(path, e))?.rev() {
        let (key, value) = entry.map_err(|e| damaged(path, e))?;
        let unreadable = || damaged(path, format!("history entry {}", key.value()));
        found.push(decode_version(value.value()).ok_or_else(unreadable)?);
    }
    Ok(found)
}

fn decode_version(bytes: &[u8]) -> Option<Version> {
    match bytes.split_first() {
        Some((&VERSION_FORMAT, body)) => postcard::from_bytes(body).ok(),
        _ => None,
    }
}

/// The customer tables, read through any redb table type.
pub struct Tables<T> {
    version: u64,
    /// Number of customers.
    count: u64,
    customers: T,
    emails: T,
    path: PathBuf,
}

impl<T: ReadableTable<&'static str, &'static [u8]>> Tables<T> {
    fn damaged(&self, e: impl std::fmt::Display) -> StoreError {
        damaged(&self.path, e)
    }

    /// The email index gives `email` a customer number that cannot be read.
    fn unreadable_email(&self, email: &str) -> StoreError {
        self.damaged(format!("the email index entry of {email}"))
    }

    /// The customer with this number.
    pub fn customer(&self, number: &str) -> Result<Option<Customer>, StoreError> {
        let Some(record) = blocks::get(&self.customers, number, &self.path)? else {
            return Ok(None);
        };
        let values = customer::decode(number, &record)?;
        Ok(Some(Customer::from_values(&values)))
    }

    /// The customer with this number or email.
    pub fn find(&self, key: &str) -> Result<Option<Customer>, StoreError> {
        if let Some(found) = self.customer(key)? {
            return Ok(Some(found));
        }
        let email = key.trim().to_lowercase();
        let Some(number) = blocks::get(&self.emails, &email, &self.path)? else {
            return Ok(None);
        };
        let number = std::str::from_utf8(&number).map_err(|_| self.unreadable_email(&email))?;
        self.customer(number)
    }

    /// Number of customers.
    pub fn len(&self) -> Result<u64, StoreError> {
        Ok(self.count)
    }

    /// True when the register has no customers.
    pub fn is_empty(&self) -> Result<bool, StoreError> {
        Ok(self.len()? == 0)
    }

    /// Every customer in customer-number order.
    pub fn for_each<Fail: From<StoreError>>(
        &self,
        mut each: impl FnMut(Customer) -> Result<(), Fail>,
    ) -> Result<(), Fail> {
        blocks::for_each(&self.customers, &self.path, |number, record| {
            let values = customer::decode(number, record).map_err(StoreError::from)?;
            each(Customer::from_values(&values))
        })
    }
}

impl<T: ReadableTable<&'static str, &'static [u8]>> Register for Tables<T> {
    type Error = StoreError;

    fn version(&self) -> u64 {
        self.version
    }

    fn email_owners(
        &mut self,
        emails: &[&str],
        found: &mut dyn FnMut(usize, &str),
    ) -> Result<(), StoreError> {
        let mut unreadable = None;
        blocks::lookup_sorted(&self.emails, emails, &self.path, |i, number| {
            match std::str::from_utf8(number) {
                Ok(number) => found(i, number),
                Err(_) => unreadable = Some(i),
            }
        })?;
        match unreadable {
            Some(i) => Err(self.unreadable_email(emails[i])),
            None => Ok(()),
        }
    }

    fn records(
        &mut self,
        numbers: &[&str],
        buf: &mut Vec<u8>,
        records: &mut Vec<Option<(usize, usize)>>,
    ) -> Result<(), StoreError> {
        buf.clear();
        records.clear();
        records.resize(numbers.len(), None);
        blocks::lookup_sorted(&self.customers, numbers, &self.path, |i, value| {
            buf.extend_from_slice(value);
            records[i] = Some((buf.len() - value.len(), buf.len()));
        })
    }

    fn max_numeric_number(&mut self) -> Result<Option<String>, StoreError> {
        let mut max: Option<String> = None;
        blocks::for_each::<StoreError>(&self.customers, &self.path, |key, _| {
            if is_numeric(key) && max.as_deref().is_none_or(|m| numeric_cmp(key, m).is_gt()) {
                max = Some(key.to_string());
            }
            Ok(())
        })?;
        Ok(max)
    }
}

/// A read-only view of the whole register.
pub struct ReadView {
    pub tables: Tables<redb::ReadOnlyTable<&'static str, &'static [u8]>>,
    versions: redb::ReadOnlyTable<u64, &'static [u8]>,
    changes: redb::ReadOnlyTable<(u64, u32), &'static [u8]>,
    imported: redb::ReadOnlyTable<&'static [u8], u64>,
}

impl ReadView {
    /// The register's current version.
    pub fn version(&self) -> u64 {
        self.tables.version
    }

    /// The history entry of `version`.
    pub fn entry(&self, version: u64) -> Result<Option<Version>, StoreError> {
        read_entry(&self.versions, version, &self.tables.path)
    }

    /// The whole history, newest first.
    pub fn history(&self) -> Result<Vec<Version>, StoreError> {
        read_entries(&self.versions, 0.., &self.tables.path)
    }

    /// Calls `each` with every change `entry` recorded, in customer-number order.
    pub fn for_each_change<Fail: From<StoreError>>(
        &self,
        entry: &Version,
        mut each: impl FnMut(&Change) -> Result<(), Fail>,
    ) -> Result<(), Fail> {
        for index in 0..entry.chunks {
            let chunk = read_chunk(&self.changes, entry.version, index, &self.tables.path)?;
            chunk.iter().try_for_each(&mut each)?;
        }
        Ok(())
    }

    /// The version that applied these bytes, if it still stands.
    pub fn imported_as(&self, sha256: &[u8; 32]) -> Result<Option<Version>, StoreError> {
        let version = self
            .imported
            .get(&sha256[..])
            .map_err(|e| self.tables.damaged(e))?
            .map(|g| g.value());
        match version {
            Some(v) => self.entry(v),
            None => Ok(None),
        }
    }
}

/// The tables a write transaction changes, and the history chunks it writes.
pub struct WriteTables<'txn> {
    tables: Tables<Blocks<'txn>>,
    changes: redb::Table<'txn, (u64, u32), &'static [u8]>,
    version: u64,
    chunks: u32,
    /// The history chunk being filled, not yet compressed.
    chunk: Vec<u8>,
    /// How many raw bytes make a chunk, from the compression ratio seen so far.
    chunk_raw_bytes: usize,
    /// Email index edits, applied in email order when the work is done.
    emails: EmailEdits,
    /// Writes the customers' blocks.
    customer_blocks: BlockWriter,
}

/// A history chunk is compressed (lz4) to about this many bytes: within one page, so the
/// history packs densely instead of taking a run of pages per chunk.
const CHUNK_BYTES: usize = 3584;
/// Version of the encoding of history chunks: a format byte, then postcard-encoded
/// [`Change`]s one after another, compressed with lz4 (size prepended).
const CHUNK_FORMAT: u8 = 2;

/// A stored history chunk from changes encoded one after another.
fn encode_chunk(raw: &[u8]) -> Vec<u8> {
    let mut value = vec![CHUNK_FORMAT];
    value.extend_from_slice(&lz4_flex::block::compress_prepend_size(raw));
    value
}

/// The changes in a stored history chunk; `None` when it cannot be read.
fn decode_chunk(value: &[u8]) -> Option<Vec<Change>> {
    let (&CHUNK_FORMAT, body) = value.split_first()? else {
        return None;
    };
    let raw = lz4_flex::block::decompress_size_prepended(body).ok()?;
    let mut rest = raw.as_slice();
    let mut changes = Vec::new();
    while !rest.is_empty() {
        let (change, tail) = postcard::take_from_bytes::<Change>(rest).ok()?;
        changes.push(change);
        rest = tail;
    }
    Some(changes)
}

/// The changes of history chunk `index` of `version`.
fn read_chunk(
    table: &impl ReadableTable<(u64, u32), &'static [u8]>,
    version: u64,
    index: u32,
    path: &Path,
) -> Result<Vec<Change>, StoreError> {
    let unreadable = || damaged(path, format!("history of version {version}"));
    let guard = table
        .get((version, index))
        .map_err(|e| damaged(path, e))?
        .ok_or_else(unreadable)?;
    decode_chunk(guard.value()).ok_or_else(unreadable)
}

/// What one transaction does to one email.
struct EmailRun<'a> {
    email: &'a str,
    /// The first two customers it is given to (two are already one too many).
    given: [Option<&'a str>; 2],
    /// Whether a customer gives it up.
    left: bool,
}

/// Edits of the email index, kept in one string in the order they were made.
#[derive(Default)]
struct EmailEdits {
    text: String,
    /// (start, end of email, end of number; equal to the email's end for a removal)
    edits: Vec<(usize, usize, usize)>,
}

impl EmailEdits {
    /// Notes the index edits `change` makes (none when its email stays).
    fn note(&mut self, change: &Change) -> Result<(), RecordError> {
        let email = |record: &Option<Vec<u8>>| {
            customer::decode_or_none(&change.number, record.as_deref())
                .map(|values| values[Field::Email.index()].map(str::to_string))
        };
        let (old, new) = (email(&change.before)?, email(&change.after)?);
        if old != new {
            if let Some(old) = old {
                self.push(&old, None);
            }
            if let Some(new) = new {
                self.push(&new, Some(&change.number));
            }
        }
        Ok(())
    }

    /// Puts the edits in email order, for [`EmailEdits::runs`].
    fn sort(&mut self) {
        let text = &self.text;
        self.edits
            .sort_unstable_by(|a, b| text[a.0..a.1].cmp(&text[b.0..b.1]));
    }

    /// The edits by email, in email order once sorted. Within one transaction every customer
    /// changes once, so the order of the edits says nothing: an email given to someone is
    /// theirs afterwards.
    fn runs(&self) -> impl Iterator<Item = EmailRun<'_>> {
        let text = &self.text;
        self.edits
            .chunk_by(|a, b| text[a.0..a.1] == text[b.0..b.1])
            .map(|run| {
                let mut given = run.iter().filter(|e| e.1 != e.2).map(|e| &text[e.1..e.2]);
                EmailRun {
                    email: &text[run[0].0..run[0].1],
                    given: [given.next(), given.next()],
                    left: run.iter().any(|e| e.1 == e.2),
                }
            })
    }

    /// The emails these edits give to a customer while no customer gives them up here:
    /// (email, number). Their owner in the index, if any, must be that customer.
    fn given(&mut self) -> Vec<(&str, &str)> {
        self.sort();
        self.runs()
            .filter(|run| !run.left)
            .flat_map(|run| run.given.into_iter().flatten().map(move |n| (run.email, n)))
            .collect()
    }

    fn push(&mut self, email: &str, number: Option<&str>) {
        let start = self.text.len();
        self.text.push_str(email);
        let email_end = self.text.len();
        self.text.push_str(number.unwrap_or(""));
        self.edits.push((start, email_end, self.text.len()));
    }
}

impl Register for WriteTables<'_> {
    type Error = StoreError;

    fn version(&self) -> u64 {
        self.tables.version
    }

    fn email_owners(
        &mut self,
        emails: &[&str],
        found: &mut dyn FnMut(usize, &str),
    ) -> Result<(), StoreError> {
        self.tables.email_owners(emails, found)
    }

    fn records(
        &mut self,
        numbers: &[&str],
        buf: &mut Vec<u8>,
        records: &mut Vec<Option<(usize, usize)>>,
    ) -> Result<(), StoreError> {
        self.tables.records(numbers, buf, records)
    }

    fn max_numeric_number(&mut self) -> Result<Option<String>, StoreError> {
        self.tables.max_numeric_number()
    }
}

impl WriteTables<'_> {
    /// Applies a batch of changes to the customers, notes the email index edits, and adds
    /// the changes to the history.
    fn write(&mut self, changes: &[Change]) -> Result<(), StoreError> {
        let edits: Vec<(&str, Option<&[u8]>)> = changes
            .iter()
            .map(|c| (c.number.as_str(), c.after.as_deref()))
            .collect();
        let t = &mut self.tables;
        let count = &mut t.count;
        self.customer_blocks
            .apply(&mut t.customers, &edits, &t.path, |i, before| {
                match (before.is_some(), edits[i].1.is_some()) {
                    (false, true) => *count += 1,
                    (true, false) => *count = count.saturating_sub(1),
                    _ => {}
                }
                Ok(())
            })?;
        for change in changes {
            self.emails.note(change)?;
            match postcard::to_extend(change, std::mem::take(&mut self.chunk)) {
                Ok(chunk) => self.chunk = chunk,
                Err(e) => return Err(damaged(&self.tables.path, e)),
            }
            if self.chunk.len() >= self.chunk_raw_bytes {
                self.flush_chunk()?;
            }
        }
        Ok(())
    }

    fn flush_chunk(&mut self) -> Result<(), StoreError> {
        if self.chunk.is_empty() {
            return Ok(());
        }
        let key = (self.version, self.chunks);
        let value = encode_chunk(&self.chunk);
        let ratio = self.chunk.len() as f64 / value.len() as f64;
        self.chunk_raw_bytes =
            ((CHUNK_BYTES as f64 * ratio) as usize).clamp(CHUNK_BYTES, 16 * CHUNK_BYTES);
        self.chunk.clear();
        let path = &self.tables.path;
        self.changes
            .insert(key, value.as_slice())
            .map_err(|e| damaged(path, e))?;
        self.chunks += 1;
        Ok(())
    }

    /// Writes the last history chunk and applies the email index edits in email order (which
    /// keeps the index's pages dense and the writes local). The index stays unique: an email
    /// may only move to another customer if it left its old owner in this transaction.
    fn finish(&mut self) -> Result<(), StoreError> {
        self.flush_chunk()?;
        let mut edits = std::mem::take(&mut self.emails);
        edits.sort();
        let t = &mut self.tables;
        let path = &t.path;
        let both = |email: &str, a: &[u8], b: &str| {
            let a = String::from_utf8_lossy(a);
            damaged(
                path,
                format!("email {email} would belong to both {a} and {b}"),
            )
        };
        let mut writer = BlockWriter::default();
        let mut runs = edits.runs().peekable();
        while runs.peek().is_some() {
            let batch: Vec<EmailRun<'_>> = runs.by_ref().take(crate::plan::BATCH).collect();
            let index: Vec<(&str, Option<&[u8]>)> = batch
                .iter()
                .map(|run| (run.email, run.given[0].map(str::as_bytes)))
                .collect();
            writer.apply(&mut t.emails, &index, path, |i, owner| {
                let EmailRun { email, given, left } = &batch[i];
                match given {
                    [Some(a), Some(b)] => Err(both(email, a.as_bytes(), b)),
                    [Some(number), None] => {
                        match owner.filter(|o| !left && *o != number.as_bytes()) {
                            Some(owner) => Err(both(email, owner, number)),
                            None => Ok(()),
                        }
                    }
                    _ => Ok(()),
                }
            })?;
        }
        Ok(())
    }
}

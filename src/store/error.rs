//! Why the register file cannot be used: the store's own errors, each with the file's path.

use std::path::{Path, PathBuf};

use super::blocks::BlockError;
use crate::customer::RecordError;

/// Why the register cannot be used as asked.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{path}: the file is empty, not a kundreg register")]
    EmptyFile { path: PathBuf },
    #[error("{path}: not a kundreg register")]
    NotARegister { path: PathBuf },
    #[error(
        "{path}: register schema {found} is not supported (this kundreg reads {})",
        super::SCHEMA
    )]
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
    /// Part of the register is in a format a later kundreg wrote.
    #[error("{path}: written by a newer kundreg")]
    Newer { path: PathBuf },
    /// The disk (or the user's quota) where `path` is is full: what was being written was
    /// not, and the register is as it was.
    #[error("{path}: the disk is full")]
    DiskFull { path: PathBuf },
}

impl From<RecordError> for StoreError {
    /// A record that cannot be read, found where the register's path is not at hand.
    fn from(e: RecordError) -> Self {
        StoreError::Damaged {
            path: PathBuf::new(),
            detail: e.to_string(),
        }
    }
}

/// What went wrong reading or writing the register, and the I/O error under it, if any.
pub(super) trait Cause: std::fmt::Display {
    fn io(&self) -> Option<&std::io::Error> {
        None
    }
}

impl<T: Cause + ?Sized> Cause for &T {
    fn io(&self) -> Option<&std::io::Error> {
        (**self).io()
    }
}

impl Cause for str {}
impl Cause for String {}
impl Cause for postcard::Error {}
impl Cause for RecordError {}

impl Cause for std::io::Error {
    fn io(&self) -> Option<&std::io::Error> {
        Some(self)
    }
}

impl Cause for redb::StorageError {
    fn io(&self) -> Option<&std::io::Error> {
        match self {
            redb::StorageError::Io(e) => Some(e),
            _ => None,
        }
    }
}

/// redb's errors that carry a storage error.
macro_rules! storage_cause {
    ($($error:ty),*) => {$(
        impl Cause for $error {
            fn io(&self) -> Option<&std::io::Error> {
                match self {
                    Self::Storage(e) => e.io(),
                    _ => None,
                }
            }
        }
    )*};
}

storage_cause!(
    redb::TransactionError,
    redb::CommitError,
    redb::TableError,
    redb::DatabaseError,
    redb::CompactionError,
    BlockError
);

impl Cause for redb::Error {
    fn io(&self) -> Option<&std::io::Error> {
        match self {
            redb::Error::Io(e) => Some(e),
            _ => None,
        }
    }
}

/// Whether `e` says the disk or the user's quota is full.
pub fn is_disk_full(e: &std::io::Error) -> bool {
    matches!(
        e.kind(),
        std::io::ErrorKind::StorageFull | std::io::ErrorKind::QuotaExceeded
    )
}

/// The register at `path` is damaged: `e` says how. A full disk is no damage: that is said.
pub(super) fn damaged(path: &Path, e: impl Cause) -> StoreError {
    if e.io().is_some_and(is_disk_full) {
        return StoreError::DiskFull {
            path: path.to_path_buf(),
        };
    }
    StoreError::Damaged {
        path: path.to_path_buf(),
        detail: e.to_string(),
    }
}

/// A block table of the register at `path` could not be read or written.
pub(super) fn in_blocks(path: &Path) -> impl Fn(BlockError) -> StoreError + '_ {
    move |e| damaged(path, e)
}

impl StoreError {
    /// This error of the temporary file that was to become the register at `path`: a full
    /// disk is said of the register (the temporary file is kundreg's business).
    pub(super) fn for_register(self, path: &Path) -> StoreError {
        match self {
            StoreError::DiskFull { .. } => StoreError::DiskFull {
                path: path.to_path_buf(),
            },
            other => other,
        }
    }
}

/// An I/O error on `path`; a full disk is said as such.
pub(super) fn io(path: &Path) -> impl Fn(std::io::Error) -> StoreError + '_ {
    move |source| match is_disk_full(&source) {
        true => StoreError::DiskFull {
            path: path.to_path_buf(),
        },
        false => StoreError::Io {
            path: path.to_path_buf(),
            source,
        },
    }
}

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

/// The register at `path` is damaged: `e` says how.
pub(super) fn damaged(path: &Path, e: impl std::fmt::Display) -> StoreError {
    StoreError::Damaged {
        path: path.to_path_buf(),
        detail: e.to_string(),
    }
}

/// A block table of the register at `path` could not be read or written.
pub(super) fn in_blocks(path: &Path) -> impl Fn(BlockError) -> StoreError + '_ {
    move |e| damaged(path, e)
}

/// An I/O error on `path`.
pub(super) fn io(path: &Path) -> impl Fn(std::io::Error) -> StoreError + '_ {
    move |source| StoreError::Io {
        path: path.to_path_buf(),
        source,
    }
}

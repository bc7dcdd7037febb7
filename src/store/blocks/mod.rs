//! Customers and the email index are stored in blocks: runs of neighbouring entries in key
//! order, compressed together (lz4) and kept under the block's first key.
//!
//! An import touches most customers of a register. Entry by entry, redb would copy nearly
//! every page of both tables for it (the file doubles until a compaction gives the space
//! back) and do a B-tree insert per customer. In blocks, a table of a million customers is
//! some ten thousand values of about a page each; an import rewrites them in one pass in key
//! order, and the old copies are small enough for the file's free space to take the next.
//!
//! Invariants: a block is not empty, its keys are unique and ascending, it is stored under
//! its first key, and all its keys are below the key of the block after it.
//!
//! `codec` is the stored form of one block, `read` looks entries up, `writer` applies edits.

mod codec;
mod read;
mod writer;

use redb::{Table, TableDefinition};

pub(super) use codec::Block;
pub(super) use read::{
    Cursor, copy_without, for_each, for_each_from, get, keys_with_sorted, lookup_sorted,
};
pub(super) use writer::BlockWriter;

/// A table of blocks: block by first key.
pub(super) type BlockTable = TableDefinition<'static, &'static str, &'static [u8]>;
/// A table of blocks open for writing.
pub(super) type Blocks<'txn> = Table<'txn, &'static str, &'static [u8]>;

/// Why a block table cannot be read or written.
#[derive(Debug, thiserror::Error)]
pub(super) enum BlockError {
    #[error(transparent)]
    Storage(#[from] redb::StorageError),
    #[error("the block of entries from {first:?} cannot be read")]
    Unreadable { first: String },
}

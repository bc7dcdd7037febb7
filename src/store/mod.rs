//! The register file (redb): a small public surface over a private engine.
//!
//! - [`Store::open`] opens (or creates) the file and checks it is a kundreg register of this
//!   schema; [`Store::read`] gives a consistent [`ReadView`] of customers and history.
//! - [`Store::write`] is the one way to change the register: the caller's work runs on a
//!   [`Writer`] inside one write transaction and the version it drafts is recorded with the
//!   changes it applied. Imports and rollbacks are planned by their callers, on the writer,
//!   so the plan that is applied is the plan that was checked.
//! - [`Store::forget`] erases one customer from the register and the whole history.
//!
//! All storage definitions are here. Inside: `file` (creating, opening, meta, compaction),
//! `checksum` (the register's order-independent checksum, kept by every write),
//! `tables` (reading), `write` (the write path), `history` (entries), `chunks` (their changes),
//! `emails` (the email index's edits), `search` (the search index), `blocks` (how customers and emails are stored),
//! `forget` (erasure by copying), `local` (the register's own entries: its identity, this
//! computer's, its shared folder; and copies for other computers).

mod blocks;
mod checksum;
mod chunks;
mod emails;
mod error;
mod file;
mod forget;
mod history;
mod local;
mod search;
mod tables;
mod write;

use redb::TableDefinition;

pub use checksum::RegisterChecksum;
pub(crate) use emails::EmailEdits;
pub use error::{StoreError, is_disk_full};
pub use file::{Access, Store, sync_file, sync_folder};
pub use history::{Draft, History, Kind, Source, Version};
pub use local::Local;
pub use tables::ReadView;
pub use write::Writer;

/// The register's decoders on arbitrary bytes, for the fuzz targets in `fuzz/`: each says
/// whether the bytes decode; none may panic, whatever they are.
#[doc(hidden)]
pub mod decoders {
    /// Whether `bytes` decode as a history entry.
    pub fn history_entry(bytes: &[u8]) -> bool {
        super::history::decode_version(bytes).is_some()
    }

    /// The entries of `bytes` decoded as a block of customers or emails, if they decode.
    pub fn block(bytes: &[u8]) -> Option<usize> {
        let mut block = super::blocks::Block::default();
        block.decode(bytes).map(|()| block.len())
    }
}

/// Version of the register's layout; a file with another is refused, never rewritten.
pub const SCHEMA: u32 = 4;
/// The schema before the search index: such a register is read as it is, and given the index
/// when it is first opened for writing.
const SCHEMA_BEFORE_SEARCH: u32 = 3;

/// Register-wide values: what the file is, its schema, its current version, its customer count,
/// its checksum and the version the checksum was kept up to.
const META: TableDefinition<&str, &[u8]> = TableDefinition::new("meta");
/// Customer record by customer number (the unique index by number), in blocks.
const CUSTOMERS: blocks::BlockTable = TableDefinition::new("customers");
/// Customer number by lowercase email (the unique index by email), in blocks.
const EMAILS: blocks::BlockTable = TableDefinition::new("emails");
/// History: one entry per version.
const VERSIONS: TableDefinition<u64, &[u8]> = TableDefinition::new("versions");
/// History: the changes of a version, in chunks of about a page, by (version, chunk).
const CHANGES: TableDefinition<(u64, u32), &[u8]> = TableDefinition::new("changes");
/// The search index: an empty value by (term, end mark, customer number), in blocks.
const SEARCH: blocks::BlockTable = TableDefinition::new("search");
/// Version that applied a file, by SHA-256 of its bytes (while not rolled back).
const IMPORTED: TableDefinition<&[u8], u64> = TableDefinition::new("imported");

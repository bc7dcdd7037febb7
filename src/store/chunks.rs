//! The changes of each version, kept in chunks of about a page: postcard-encoded changes one
//! after another, compressed with lz4. Written as a version's changes come, read back for
//! `show`, rollbacks, forgets and the shared folder's log.

use std::path::Path;

use redb::ReadableTable;

use super::error::{StoreError, damaged};
use crate::customer::Change;

/// A history chunk is compressed (lz4) to about this many bytes: within one page, so the
/// history packs densely instead of taking a run of pages per chunk.
const CHUNK_BYTES: usize = 3584;
/// Version of the encoding of history chunks: a format byte, then postcard-encoded
/// [`Change`]s one after another, compressed with lz4 (size prepended).
const CHUNK_FORMAT: u8 = 2;

/// A stored history chunk from changes encoded one after another.
pub(super) fn encode_chunk(raw: &[u8]) -> Vec<u8> {
    let mut value = vec![CHUNK_FORMAT];
    value.extend_from_slice(&lz4_flex::block::compress_prepend_size(raw));
    value
}

/// The changes in a stored history chunk; `None` when it cannot be read.
pub(super) fn decode_chunk(value: &[u8]) -> Option<Vec<Change>> {
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
pub(super) fn read_chunk(
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

/// The changes of one version being written, cut into chunks as they come.
pub(super) struct Chunks<'txn> {
    table: redb::Table<'txn, (u64, u32), &'static [u8]>,
    pub(super) version: u64,
    /// Chunks stored so far.
    pub(super) count: u32,
    /// The chunk being filled, not yet compressed.
    raw: Vec<u8>,
    /// How many raw bytes make a chunk, from the compression ratio seen so far.
    raw_bytes: usize,
}

impl<'txn> Chunks<'txn> {
    /// The chunks of `version`, stored in `table`.
    pub(super) fn new(table: redb::Table<'txn, (u64, u32), &'static [u8]>, version: u64) -> Self {
        Chunks {
            table,
            version,
            count: 0,
            raw: Vec::with_capacity(CHUNK_BYTES * 4),
            raw_bytes: CHUNK_BYTES * 2,
        }
    }

    /// Adds `change` to the history of this version.
    pub(super) fn push(&mut self, change: &Change, path: &Path) -> Result<(), StoreError> {
        self.raw = postcard::to_extend(change, std::mem::take(&mut self.raw))
            .map_err(|e| damaged(path, e))?;
        if self.raw.len() >= self.raw_bytes {
            self.flush(path)?;
        }
        Ok(())
    }

    /// Stores the chunk being filled.
    pub(super) fn flush(&mut self, path: &Path) -> Result<(), StoreError> {
        if self.raw.is_empty() {
            return Ok(());
        }
        let value = encode_chunk(&self.raw);
        let ratio = self.raw.len() as f64 / value.len() as f64;
        self.raw_bytes =
            ((CHUNK_BYTES as f64 * ratio) as usize).clamp(CHUNK_BYTES, 16 * CHUNK_BYTES);
        self.raw.clear();
        self.table
            .insert((self.version, self.count), value.as_slice())
            .map_err(|e| damaged(path, e))?;
        self.count += 1;
        Ok(())
    }

    /// The chunks stored so far, for reading back within the transaction.
    pub(super) fn table(&self) -> &redb::Table<'txn, (u64, u32), &'static [u8]> {
        &self.table
    }
}

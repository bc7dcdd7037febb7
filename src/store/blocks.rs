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

use std::ops::Bound;
use std::path::Path;

use redb::{ReadableTable, Table, TableDefinition};

use super::{StoreError, damaged};

/// A table of blocks: block by first key.
pub(super) type BlockTable = TableDefinition<'static, &'static str, &'static [u8]>;
/// A table of blocks open for writing.
pub(super) type Blocks<'txn> = Table<'txn, &'static str, &'static [u8]>;

/// Version of the block encoding: a format byte, then lz4 (size prepended) of the entries
/// one after another, each as key length (LEB128), key, value length (LEB128), value.
const BLOCK_FORMAT: u8 = 1;
/// A block is cut to compress to about this many bytes, so that it fits in one of redb's
/// 4 KiB pages with room for the page's own bookkeeping and the spread of compression.
const COMPRESSED_BYTES: usize = 3 << 10;
/// Raw bytes of a block before its first one is compressed (refined from what is seen).
const FIRST_RAW_BYTES: usize = 2 * COMPRESSED_BYTES;

/// A decoded block.
#[derive(Default)]
struct Block {
    raw: Vec<u8>,
    /// Each entry's key and value as ranges of `raw`: [key start, key end, value start, value end].
    entries: Vec<[usize; 4]>,
}

impl Block {
    /// Decodes a stored block; `None` when it cannot be read.
    fn decode(&mut self, value: &[u8]) -> Option<()> {
        self.entries.clear();
        let (&BLOCK_FORMAT, body) = value.split_first()? else {
            return None;
        };
        self.raw = lz4_flex::block::decompress_size_prepended(body).ok()?;
        let raw = &self.raw;
        let mut at = 0;
        while at < raw.len() {
            let (key_len, key_start) = read_len(raw, at)?;
            let key_end = key_start.checked_add(key_len)?;
            std::str::from_utf8(raw.get(key_start..key_end)?).ok()?;
            let (value_len, value_start) = read_len(raw, key_end)?;
            let value_end = value_start.checked_add(value_len)?;
            raw.get(value_start..value_end)?;
            if let Some(&[a, b, _, _]) = self.entries.last()
                && raw[a..b] >= raw[key_start..key_end]
            {
                return None;
            }
            self.entries
                .push([key_start, key_end, value_start, value_end]);
            at = value_end;
        }
        (!self.entries.is_empty()).then_some(())
    }

    fn len(&self) -> usize {
        self.entries.len()
    }

    fn key(&self, i: usize) -> &str {
        let [a, b, _, _] = self.entries[i];
        // Checked to be UTF-8 when the block was decoded.
        std::str::from_utf8(&self.raw[a..b]).unwrap_or_default()
    }

    fn key_bytes(&self, i: usize) -> &[u8] {
        let [a, b, _, _] = self.entries[i];
        &self.raw[a..b]
    }

    fn value(&self, i: usize) -> &[u8] {
        let [_, _, a, b] = self.entries[i];
        &self.raw[a..b]
    }

    fn clear(&mut self) {
        self.raw.clear();
        self.entries.clear();
    }
}

fn read_len(raw: &[u8], mut at: usize) -> Option<(usize, usize)> {
    let mut len = 0usize;
    for shift in (0..64).step_by(7) {
        let byte = *raw.get(at)?;
        at += 1;
        len |= usize::from(byte & 0x7f).checked_shl(shift)?;
        if byte & 0x80 == 0 {
            return Some((len, at));
        }
    }
    None
}

fn push_len(out: &mut Vec<u8>, mut len: usize) {
    while len >= 0x80 {
        out.push((len as u8 & 0x7f) | 0x80);
        len >>= 7;
    }
    out.push(len as u8);
}

/// The stored form of raw entries.
fn encode(raw: &[u8]) -> Vec<u8> {
    let mut value = Vec::with_capacity(raw.len() / 2 + 8);
    value.push(BLOCK_FORMAT);
    value.extend_from_slice(&lz4_flex::block::compress_prepend_size(raw));
    value
}

fn unreadable(path: &Path, first: &str) -> StoreError {
    damaged(
        path,
        format!("the block of entries from {first:?} cannot be read"),
    )
}

/// Reads the block stored under `first` into `block`.
fn decode_into(
    block: &mut Block,
    first: &str,
    value: &[u8],
    path: &Path,
) -> Result<(), StoreError> {
    block.decode(value).ok_or_else(|| unreadable(path, first))
}

type Range<'t> = redb::Range<'t, &'static str, &'static [u8]>;

/// The key of the first block in `range`, or of the last one when `last`.
fn key_in(mut range: Range<'_>, last: bool) -> Result<Option<String>, redb::StorageError> {
    let entry = if last {
        range.next_back()
    } else {
        range.next()
    };
    entry
        .map(|entry| entry.map(|(key, _)| key.value().to_string()))
        .transpose()
}

/// The key of the block that would hold `key`: the last block whose key is at most `key`.
fn holder(
    table: &impl ReadableTable<&'static str, &'static [u8]>,
    key: &str,
) -> Result<Option<String>, redb::StorageError> {
    key_in(table.range::<&str>(..=key)?, true)
}

/// The key of the first block whose key is above `key`.
fn next_after(
    table: &impl ReadableTable<&'static str, &'static [u8]>,
    key: &str,
) -> Result<Option<String>, redb::StorageError> {
    key_in(
        table.range::<&str>((Bound::Excluded(key), Bound::Unbounded))?,
        false,
    )
}

/// The key of the first block whose key is at least `key`.
fn first_from(
    table: &impl ReadableTable<&'static str, &'static [u8]>,
    key: &str,
) -> Result<Option<String>, redb::StorageError> {
    key_in(table.range::<&str>(key..)?, false)
}

/// Reads the block that would hold `key` into `block` (empty when no block would) and
/// returns the key of the block after it.
fn load(
    table: &impl ReadableTable<&'static str, &'static [u8]>,
    key: &str,
    block: &mut Block,
    path: &Path,
) -> Result<Option<String>, StoreError> {
    let fail = |e| damaged(path, e);
    match table.range::<&str>(..=key).map_err(fail)?.next_back() {
        Some(entry) => {
            let (first, value) = entry.map_err(fail)?;
            decode_into(block, first.value(), value.value(), path)?;
            next_after(table, first.value()).map_err(fail)
        }
        None => {
            block.clear();
            first_from(table, key).map_err(fail)
        }
    }
}

/// The value of `key`, copied, if the table holds it.
pub(super) fn get(
    table: &impl ReadableTable<&'static str, &'static [u8]>,
    key: &str,
    path: &Path,
) -> Result<Option<Vec<u8>>, StoreError> {
    let mut found = None;
    lookup_sorted(table, &[key], path, |_, value| found = Some(value.to_vec()))?;
    Ok(found)
}

/// Calls `hit(i, value)` for each `keys[i]` (sorted ascending) that `table` holds. Each
/// block that holds a wanted key is read once.
pub(super) fn lookup_sorted(
    table: &impl ReadableTable<&'static str, &'static [u8]>,
    keys: &[&str],
    path: &Path,
    mut hit: impl FnMut(usize, &[u8]),
) -> Result<(), StoreError> {
    let mut block = Block::default();
    // The key of the block after the one in `block`; `None` at the end of the table.
    let mut next: Option<String> = None;
    let mut loaded = false;
    // The first entry of `block` not below the keys looked up so far.
    let mut at = 0;
    for (i, key) in keys.iter().enumerate() {
        if !loaded || next.as_deref().is_some_and(|n| *key >= n) {
            next = load(table, key, &mut block, path)?;
            loaded = true;
            at = 0;
        }
        at +=
            block.entries[at..].partition_point(|&[a, b, _, _]| block.raw[a..b] < *key.as_bytes());
        if at < block.len() && block.key_bytes(at) == key.as_bytes() {
            hit(i, block.value(at));
        }
    }
    Ok(())
}

/// Calls `each(key, value)` for every entry, in key order.
pub(super) fn for_each<Fail: From<StoreError>>(
    table: &impl ReadableTable<&'static str, &'static [u8]>,
    path: &Path,
    mut each: impl FnMut(&str, &[u8]) -> Result<(), Fail>,
) -> Result<(), Fail> {
    let mut block = Block::default();
    for entry in table.iter().map_err(|e| damaged(path, e))? {
        let (first, value) = entry.map_err(|e| damaged(path, e))?;
        decode_into(&mut block, first.value(), value.value(), path)?;
        for i in 0..block.len() {
            each(block.key(i), block.value(i))?;
        }
    }
    Ok(())
}

/// Entries waiting to be stored as blocks, in key order.
#[derive(Default)]
struct Pending {
    raw: Vec<u8>,
    /// Each entry's start in `raw` and its key's range.
    entries: Vec<[usize; 3]>,
}

impl Pending {
    fn push(&mut self, key: &str, value: &[u8]) {
        let start = self.raw.len();
        push_len(&mut self.raw, key.len());
        let key_start = self.raw.len();
        self.raw.extend_from_slice(key.as_bytes());
        push_len(&mut self.raw, value.len());
        self.raw.extend_from_slice(value);
        self.entries.push([start, key_start, key_start + key.len()]);
    }

    fn last_key(&self) -> Option<&[u8]> {
        self.entries.last().map(|&[_, a, b]| &self.raw[a..b])
    }

    /// Takes the last entry back, returning its value.
    fn pop(&mut self) -> Option<Vec<u8>> {
        let [start, _, key_end] = self.entries.pop()?;
        let (len, value_start) = read_len(&self.raw, key_end)?;
        let value = self.raw[value_start..value_start + len].to_vec();
        self.raw.truncate(start);
        Some(value)
    }

    fn key(&self, i: usize) -> &str {
        let [_, a, b] = self.entries[i];
        std::str::from_utf8(&self.raw[a..b]).unwrap_or_default()
    }
}

/// Applies edits to a block table inside a write transaction, rewriting the blocks they
/// touch in one pass. Consecutive blocks that are all edited flow through as one stream, cut
/// into full blocks; a block left small is merged with the one after it.
pub(super) struct BlockWriter {
    /// Raw bytes a block is cut at, from the compression seen so far.
    raw_bytes: usize,
    /// The stored block being merged with the edits (taken out of the table).
    old: Block,
    /// The next entry of `old` to merge.
    at: usize,
    /// The key of the block after `old` in the table.
    next: Option<String>,
    /// Whether `old` and `next` describe the table (false between batches).
    loaded: bool,
    out: Pending,
}

impl Default for BlockWriter {
    fn default() -> Self {
        BlockWriter {
            raw_bytes: FIRST_RAW_BYTES,
            old: Block::default(),
            at: 0,
            next: None,
            loaded: false,
            out: Pending::default(),
        }
    }
}

impl BlockWriter {
    /// Sets `key` to `value` (or removes it when `None`) for each edit, and calls
    /// `previous(i, value before)` for each edit. Edits are applied in key order; when a key
    /// comes twice, the later edit wins. The table is whole again when this returns.
    pub(super) fn apply(
        &mut self,
        table: &mut Blocks<'_>,
        edits: &[(&str, Option<&[u8]>)],
        path: &Path,
        mut previous: impl FnMut(usize, Option<&[u8]>) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        let mut order: Vec<usize> = (0..edits.len()).collect();
        if !edits.is_sorted_by(|a, b| a.0 <= b.0) {
            order.sort_by_key(|&i| edits[i].0);
        }
        for i in order {
            let (key, value) = edits[i];
            self.reach(table, key, path)?;
            while self.at < self.old.len() && self.old.key(self.at) < key {
                self.out
                    .push(self.old.key(self.at), self.old.value(self.at));
                self.at += 1;
            }
            let popped;
            let before = if self.at < self.old.len() && self.old.key(self.at) == key {
                self.at += 1;
                Some(self.old.value(self.at - 1))
            } else if self.out.last_key() == Some(key.as_bytes()) {
                popped = self.out.pop();
                popped.as_deref()
            } else {
                None
            };
            previous(i, before)?;
            if let Some(value) = value {
                self.out.push(key, value);
            }
            self.cut_full(table, path)?;
        }
        self.finish(table, path)
    }

    /// Makes `old` the block that holds `key`'s place: the one already there, the one right
    /// after it (merged on in the same stream), or, further on, a fresh start.
    fn reach(&mut self, table: &mut Blocks<'_>, key: &str, path: &Path) -> Result<(), StoreError> {
        if !self.loaded {
            return self.take(table, key, path);
        }
        let Some(next) = self.next.clone().filter(|n| key >= n.as_str()) else {
            return Ok(());
        };
        let after = next_after(table, &next).map_err(|e| damaged(path, e))?;
        if after.as_deref().is_none_or(|a| key < a) {
            self.copy_rest();
            self.take(table, &next, path)
        } else {
            self.finish(table, path)?;
            self.take(table, key, path)
        }
    }

    /// Takes the block that would hold `key` out of the table into `old`.
    fn take(&mut self, table: &mut Blocks<'_>, key: &str, path: &Path) -> Result<(), StoreError> {
        let fail = |e| damaged(path, e);
        match holder(table, key).map_err(fail)? {
            Some(first) => {
                let value = table.remove(first.as_str()).map_err(fail)?;
                let value = value.ok_or_else(|| unreadable(path, &first))?;
                decode_into(&mut self.old, &first, value.value(), path)?;
                drop(value);
                self.next = next_after(table, &first).map_err(fail)?;
            }
            None => {
                self.old.clear();
                self.next = first_from(table, key).map_err(fail)?;
            }
        }
        self.at = 0;
        self.loaded = true;
        Ok(())
    }

    fn copy_rest(&mut self) {
        for i in self.at..self.old.len() {
            self.out.push(self.old.key(i), self.old.value(i));
        }
        self.at = self.old.len();
    }

    /// Stores full blocks from the front of `out` while more than two blocks' worth wait.
    fn cut_full(&mut self, table: &mut Blocks<'_>, path: &Path) -> Result<(), StoreError> {
        if self.out.raw.len() < 2 * self.raw_bytes {
            return Ok(());
        }
        let end = self
            .out
            .entries
            .partition_point(|&[start, _, _]| start < self.raw_bytes)
            .max(1);
        self.store(table, 0, end, path)?;
        let cut = self
            .out
            .entries
            .get(end)
            .map_or(self.out.raw.len(), |e| e[0]);
        self.out.raw.drain(..cut);
        self.out.entries.drain(..end);
        for entry in &mut self.out.entries {
            entry.iter_mut().for_each(|at| *at -= cut);
        }
        Ok(())
    }

    /// Stores what waits, in blocks of even size; a remainder too small to stand alone takes
    /// in the block after it first.
    fn finish(&mut self, table: &mut Blocks<'_>, path: &Path) -> Result<(), StoreError> {
        if !self.loaded {
            return Ok(());
        }
        self.copy_rest();
        if !self.out.entries.is_empty()
            && self.out.raw.len() < self.raw_bytes / 4
            && let Some(next) = self.next.clone()
        {
            self.take(table, &next, path)?;
            self.copy_rest();
        }
        let total = self.out.raw.len();
        let pieces = total.div_ceil(self.raw_bytes).max(1);
        let mut first = 0;
        for piece in 1..=pieces {
            let until = total * piece / pieces;
            let end = if piece == pieces {
                self.out.entries.len()
            } else {
                self.out
                    .entries
                    .partition_point(|&[start, _, _]| start < until)
            };
            if end > first {
                self.store(table, first, end, path)?;
                first = end;
            }
        }
        self.out.raw.clear();
        self.out.entries.clear();
        self.old.clear();
        self.loaded = false;
        Ok(())
    }

    /// Stores entries `first..end` of `out` as one block.
    fn store(
        &mut self,
        table: &mut Blocks<'_>,
        first: usize,
        end: usize,
        path: &Path,
    ) -> Result<(), StoreError> {
        let start = self.out.entries[first][0];
        let stop = self
            .out
            .entries
            .get(end)
            .map_or(self.out.raw.len(), |e| e[0]);
        let raw = &self.out.raw[start..stop];
        let value = encode(raw);
        // A running mean of what a block of COMPRESSED_BYTES holds raw.
        let fits = COMPRESSED_BYTES * raw.len() / value.len().max(1);
        self.raw_bytes =
            ((3 * self.raw_bytes + fits) / 4).clamp(COMPRESSED_BYTES, 16 * COMPRESSED_BYTES);
        table
            .insert(self.out.key(first), value.as_slice())
            .map_err(|e| damaged(path, e))?;
        Ok(())
    }
}

/// Copies the blocks of `from` into `to`, leaving out the entry `key` (its block is stored
/// anew without it; nothing of it is copied).
pub(super) fn copy_without(
    from: &impl ReadableTable<&'static str, &'static [u8]>,
    to: &mut Blocks<'_>,
    key: Option<&str>,
    path: &Path,
) -> Result<(), StoreError> {
    let fail = |e| damaged(path, e);
    let holder = match key {
        Some(key) => holder(from, key).map_err(fail)?,
        None => None,
    };
    let mut block = Block::default();
    for entry in from.iter().map_err(fail)? {
        let (first, value) = entry.map_err(fail)?;
        let (first, value) = (first.value(), value.value());
        if Some(first) != holder.as_deref() {
            to.insert(first, value).map_err(fail)?;
            continue;
        }
        decode_into(&mut block, first, value, path)?;
        let mut kept = Pending::default();
        for i in (0..block.len()).filter(|&i| Some(block.key(i)) != key) {
            kept.push(block.key(i), block.value(i));
        }
        if !kept.entries.is_empty() {
            to.insert(kept.key(0), encode(&kept.raw).as_slice())
                .map_err(fail)?;
        }
    }
    Ok(())
}

/// The number of blocks and of the raw and stored bytes in them, for tests and tuning.
#[cfg(test)]
fn sizes(table: &impl ReadableTable<&'static str, &'static [u8]>) -> Vec<(usize, usize)> {
    let mut block = Block::default();
    table
        .iter()
        .unwrap()
        .map(|entry| {
            let (first, value) = entry.unwrap();
            block.decode(value.value()).unwrap();
            assert_eq!(block.key(0), first.value());
            (block.raw.len(), value.value().len())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use redb::ReadableDatabase;
    use std::collections::BTreeMap;

    const T: BlockTable = TableDefinition::new("t");

    fn apply(
        db: &redb::Database,
        writer: &mut BlockWriter,
        edits: &[(String, Option<Vec<u8>>)],
    ) -> Vec<Option<Vec<u8>>> {
        let txn = db.begin_write().unwrap();
        let mut before = vec![None; edits.len()];
        {
            let mut table = txn.open_table(T).unwrap();
            let edits: Vec<(&str, Option<&[u8]>)> = edits
                .iter()
                .map(|(k, v)| (k.as_str(), v.as_deref()))
                .collect();
            writer
                .apply(&mut table, &edits, Path::new("t"), |i, v| {
                    before[i] = v.map(<[u8]>::to_vec);
                    Ok(())
                })
                .unwrap();
        }
        txn.commit().unwrap();
        before
    }

    fn contents(db: &redb::Database) -> BTreeMap<String, Vec<u8>> {
        let txn = db.begin_read().unwrap();
        let table = txn.open_table(T).unwrap();
        let mut all = BTreeMap::new();
        for_each::<StoreError>(&table, Path::new("t"), |k, v| {
            all.insert(k.to_string(), v.to_vec());
            Ok(())
        })
        .unwrap();
        all
    }

    #[test]
    fn edits_in_any_order_match_a_map_and_blocks_stay_full() {
        let dir = tempfile::tempdir().unwrap();
        let db = redb::Database::create(dir.path().join("t.redb")).unwrap();
        let mut model = BTreeMap::new();
        let mut writer = BlockWriter::default();
        let mut seed = 7u64;
        let mut rand = |n: u64| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) % n
        };
        for round in 0..40 {
            let edits: Vec<(String, Option<Vec<u8>>)> = (0..rand(3000) + 1)
                .map(|_| {
                    let key = format!("k{}", rand(20_000));
                    let value = (rand(5) > 0 || round < 3).then(|| {
                        format!("värde {} {round}", rand(1000))
                            .repeat(1 + rand(3) as usize)
                            .into_bytes()
                    });
                    (key, value)
                })
                .collect();
            let before = apply(&db, &mut writer, &edits);
            for (i, (key, value)) in edits.iter().enumerate() {
                let last = edits.iter().rposition(|(k, _)| k == key) == Some(i);
                let first = edits.iter().position(|(k, _)| k == key) == Some(i);
                if first {
                    assert_eq!(before[i].as_ref(), model.get(key), "{key}");
                }
                if last {
                    match value {
                        Some(v) => model.insert(key.clone(), v.clone()),
                        None => model.remove(key),
                    };
                }
            }
            // Edits of one key apply in their order: the model takes the last one.
            assert_eq!(contents(&db), model, "round {round}");
            let txn = db.begin_read().unwrap();
            let table = txn.open_table(T).unwrap();
            let sizes = sizes(&table);
            let small = sizes
                .iter()
                .filter(|(raw, _)| *raw < writer.raw_bytes / 5)
                .count();
            assert!(
                small <= 1 + sizes.len() / 10,
                "{small} small blocks of {}",
                sizes.len()
            );
            let keys: Vec<&str> = model.keys().map(String::as_str).collect();
            let mut found = 0;
            lookup_sorted(&table, &keys, Path::new("t"), |i, v| {
                assert_eq!(model[keys[i]], v);
                found += 1;
            })
            .unwrap();
            assert_eq!(found, keys.len());
        }
    }

    #[test]
    fn a_damaged_block_is_reported() {
        let mut block = Block::default();
        assert!(block.decode(&[]).is_none());
        assert!(block.decode(&encode(b"\x05abc")).is_none());
        let mut raw = Pending::default();
        raw.push("b", b"1");
        raw.push("a", b"2");
        assert!(
            block.decode(&encode(&raw.raw)).is_none(),
            "keys out of order"
        );
    }
}

//! Looking entries up in a block table: one key, sorted runs of keys (each block read once),
//! the entries from a key on, every entry in order, and a copy of the table without one entry.

use std::ops::Bound;

use redb::ReadableTable;

use super::codec::{Block, Pending, encode};
use super::{BlockError, Blocks};

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
pub(super) fn holder(
    table: &impl ReadableTable<&'static str, &'static [u8]>,
    key: &str,
) -> Result<Option<String>, redb::StorageError> {
    key_in(table.range::<&str>(..=key)?, true)
}

/// The key of the first block whose key is above `key`.
pub(super) fn next_after(
    table: &impl ReadableTable<&'static str, &'static [u8]>,
    key: &str,
) -> Result<Option<String>, redb::StorageError> {
    key_in(
        table.range::<&str>((Bound::Excluded(key), Bound::Unbounded))?,
        false,
    )
}

/// The key of the first block whose key is at least `key`.
pub(super) fn first_from(
    table: &impl ReadableTable<&'static str, &'static [u8]>,
    key: &str,
) -> Result<Option<String>, redb::StorageError> {
    key_in(table.range::<&str>(key..)?, false)
}

/// Reads the block stored under `first` into `block`.
pub(super) fn decode_into(block: &mut Block, first: &str, value: &[u8]) -> Result<(), BlockError> {
    block.decode(value).ok_or_else(|| BlockError::Unreadable {
        first: first.to_string(),
    })
}

/// Reads the block that would hold `key` into `block` (empty when no block would) and
/// returns the key of the block after it.
fn load(
    table: &impl ReadableTable<&'static str, &'static [u8]>,
    key: &str,
    block: &mut Block,
) -> Result<Option<String>, BlockError> {
    match table.range::<&str>(..=key)?.next_back() {
        Some(entry) => {
            let (first, value) = entry?;
            decode_into(block, first.value(), value.value())?;
            Ok(next_after(table, first.value())?)
        }
        None => {
            block.clear();
            Ok(first_from(table, key)?)
        }
    }
}

/// The value of `key`, copied, if the table holds it.
pub(in crate::store) fn get(
    table: &impl ReadableTable<&'static str, &'static [u8]>,
    key: &str,
) -> Result<Option<Vec<u8>>, BlockError> {
    let mut found = None;
    lookup_sorted(table, &[key], |_, value| found = Some(value.to_vec()))?;
    Ok(found)
}

/// Calls `hit(i, value)` for each `keys[i]` (sorted ascending) that `table` holds. Each
/// block that holds a wanted key is read once.
pub(in crate::store) fn lookup_sorted(
    table: &impl ReadableTable<&'static str, &'static [u8]>,
    keys: &[&str],
    mut hit: impl FnMut(usize, &[u8]),
) -> Result<(), BlockError> {
    let mut block = Block::default();
    // The key of the block after the one in `block`; `None` at the end of the table.
    let mut next: Option<String> = None;
    let mut loaded = false;
    // The first entry of `block` not below the keys looked up so far.
    let mut at = 0;
    for (i, key) in keys.iter().enumerate() {
        if !loaded || next.as_deref().is_some_and(|n| *key >= n) {
            next = load(table, key, &mut block)?;
            loaded = true;
            at = 0;
        }
        at = block.seek(at, key);
        if at < block.len() && block.key_bytes(at) == key.as_bytes() {
            hit(i, block.value(at));
        }
    }
    Ok(())
}

/// Calls `each(key, value)` for the entries from `from` on, in key order, while it says to
/// go on.
pub(in crate::store) fn for_each_from(
    table: &impl ReadableTable<&'static str, &'static [u8]>,
    from: &str,
    mut each: impl FnMut(&str, &[u8]) -> bool,
) -> Result<(), BlockError> {
    let mut block = Block::default();
    let mut next = load(table, from, &mut block)?;
    let mut at = block.seek(0, from);
    loop {
        for i in at..block.len() {
            if !each(block.key(i), block.value(i)) {
                return Ok(());
            }
        }
        let Some(first) = next else {
            return Ok(());
        };
        let found = table.get(first.as_str())?;
        let Some(value) = found else {
            return Ok(());
        };
        decode_into(&mut block, &first, value.value())?;
        next = next_after(table, &first)?;
        at = 0;
    }
}

/// A position in a block table, moved by seeking; the block it is in is read once however
/// often it seeks within it.
pub(in crate::store) struct Cursor<'t, T> {
    table: &'t T,
    block: Block,
    at: usize,
    /// The key of the block after the one in `block`; `None` at the end of the table.
    next: Option<String>,
    loaded: bool,
}

impl<'t, T: ReadableTable<&'static str, &'static [u8]>> Cursor<'t, T> {
    pub(in crate::store) fn new(table: &'t T) -> Self {
        Cursor {
            table,
            block: Block::default(),
            at: 0,
            next: None,
            loaded: false,
        }
    }

    /// The key it is at; `None` past the last.
    pub(in crate::store) fn key(&self) -> Option<&str> {
        (self.at < self.block.len()).then(|| self.block.key(self.at))
    }

    /// Moves to the first key at or after `key`; where it is at such a key already, it stays.
    pub(in crate::store) fn seek(&mut self, key: &str) -> Result<(), BlockError> {
        let here = (self.at < self.block.len()).then(|| self.block.key_bytes(self.at));
        if here.is_some_and(|here| here >= key.as_bytes()) {
            return Ok(());
        }
        let inside = self.loaded
            && self.block.len() > 0
            && self.block.key_bytes(0) <= key.as_bytes()
            && self.next.as_deref().is_none_or(|n| key < n);
        if inside {
            let from = if here.is_some() { self.at } else { 0 };
            self.at = self.block.seek(from, key);
        } else {
            self.next = load(self.table, key, &mut self.block)?;
            self.loaded = true;
            self.at = self.block.seek(0, key);
        }
        self.settle()
    }

    /// Past the end of a block, moves to the start of the next.
    fn settle(&mut self) -> Result<(), BlockError> {
        while self.at >= self.block.len() {
            let Some(first) = self.next.take() else {
                return Ok(());
            };
            let Some(value) = self.table.get(first.as_str())? else {
                return Ok(());
            };
            decode_into(&mut self.block, &first, value.value())?;
            self.next = next_after(self.table, &first)?;
            self.at = 0;
        }
        Ok(())
    }
}

/// Calls `hit(i, key)` for each key that starts with `prefixes[i]` (sorted ascending, none a
/// prefix of the next). Each block is read once, however many prefixes it holds.
pub(in crate::store) fn keys_with_sorted(
    table: &impl ReadableTable<&'static str, &'static [u8]>,
    prefixes: &[&str],
    mut hit: impl FnMut(usize, &str),
) -> Result<(), BlockError> {
    let mut block = Block::default();
    // The first key of the block in `block`, and of the block after it (`None`: the end).
    let mut first: Option<String> = None;
    let mut next: Option<String> = None;
    let mut at = 0;
    for (i, prefix) in prefixes.iter().enumerate() {
        let inside = first.as_deref().is_some_and(|f| f <= *prefix)
            && next.as_deref().is_none_or(|n| *prefix < n);
        if !inside {
            next = load(table, prefix, &mut block)?;
            first = (block.len() > 0).then(|| block.key(0).to_string());
            at = 0;
        }
        at = block.seek(at, prefix);
        loop {
            while at < block.len() && block.key(at).starts_with(prefix) {
                hit(i, block.key(at));
                at += 1;
            }
            // The prefix's keys may go on in the next block.
            let Some(after) = next.clone().filter(|_| at == block.len()) else {
                break;
            };
            let Some(value) = table.get(after.as_str())? else {
                break;
            };
            decode_into(&mut block, &after, value.value())?;
            next = next_after(table, &after)?;
            first = Some(after);
            at = 0;
            if !block.key(0).starts_with(prefix) {
                break;
            }
        }
    }
    Ok(())
}

/// Calls `each(key, value)` for every entry, in key order, until it fails: the outer result
/// says whether the table could be read, the inner one what `each` said.
pub(in crate::store) fn for_each<Fail>(
    table: &impl ReadableTable<&'static str, &'static [u8]>,
    mut each: impl FnMut(&str, &[u8]) -> Result<(), Fail>,
) -> Result<Result<(), Fail>, BlockError> {
    let mut block = Block::default();
    for entry in table.iter()? {
        let (first, value) = entry?;
        decode_into(&mut block, first.value(), value.value())?;
        for i in 0..block.len() {
            if let Err(e) = each(block.key(i), block.value(i)) {
                return Ok(Err(e));
            }
        }
    }
    Ok(Ok(()))
}

/// Copies the blocks of `from` into `to`, leaving out the entries `keys` (their blocks are
/// stored anew without them; nothing of them is copied).
pub(in crate::store) fn copy_without(
    from: &impl ReadableTable<&'static str, &'static [u8]>,
    to: &mut Blocks<'_>,
    keys: &[&str],
) -> Result<(), BlockError> {
    let mut holders = Vec::new();
    for key in keys {
        holders.extend(holder(from, key)?);
    }
    let mut block = Block::default();
    for entry in from.iter()? {
        let (first, value) = entry?;
        let (first, value) = (first.value(), value.value());
        if !holders.iter().any(|h| h == first) {
            to.insert(first, value)?;
            continue;
        }
        decode_into(&mut block, first, value)?;
        let mut kept = Pending::default();
        for i in (0..block.len()).filter(|&i| !keys.contains(&block.key(i))) {
            kept.push(block.key(i), block.value(i));
        }
        if !kept.entries.is_empty() {
            to.insert(kept.key(0), encode(&kept.raw).as_slice())?;
        }
    }
    Ok(())
}

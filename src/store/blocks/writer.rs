//! Applying edits to a block table inside a write transaction, in one pass in key order.

use super::codec::{Block, COMPRESSED_BYTES, FIRST_RAW_BYTES, Pending, encode};
use super::read::{decode_into, first_from, holder, next_after};
use super::{BlockError, Blocks};

/// Applies edits to a block table inside a write transaction, rewriting the blocks they
/// touch in one pass. Consecutive blocks that are all edited flow through as one stream, cut
/// into full blocks; a block left small is merged with the one after it.
pub(in crate::store) struct BlockWriter {
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
    pub(in crate::store) fn apply<Fail>(
        &mut self,
        table: &mut Blocks<'_>,
        edits: &[(&str, Option<&[u8]>)],
        mut previous: impl FnMut(usize, Option<&[u8]>) -> Result<(), Fail>,
    ) -> Result<Result<(), Fail>, BlockError> {
        let mut order: Vec<usize> = (0..edits.len()).collect();
        if !edits.is_sorted_by(|a, b| a.0 <= b.0) {
            order.sort_by_key(|&i| edits[i].0);
        }
        for i in order {
            let (key, value) = edits[i];
            self.reach(table, key)?;
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
            if let Err(e) = previous(i, before) {
                // The table must be whole again even when the caller gives up.
                self.finish(table)?;
                return Ok(Err(e));
            }
            if let Some(value) = value {
                self.out.push(key, value);
            }
            self.cut_full(table)?;
        }
        self.finish(table)?;
        Ok(Ok(()))
    }

    /// Makes `old` the block that holds `key`'s place: the one already there, the one right
    /// after it (merged on in the same stream), or, further on, a fresh start.
    fn reach(&mut self, table: &mut Blocks<'_>, key: &str) -> Result<(), BlockError> {
        if !self.loaded {
            return self.take(table, key);
        }
        let Some(next) = self.next.clone().filter(|n| key >= n.as_str()) else {
            return Ok(());
        };
        let after = next_after(table, &next)?;
        if after.as_deref().is_none_or(|a| key < a) {
            self.copy_rest();
            self.take(table, &next)
        } else {
            self.finish(table)?;
            self.take(table, key)
        }
    }

    /// Takes the block that would hold `key` out of the table into `old`.
    fn take(&mut self, table: &mut Blocks<'_>, key: &str) -> Result<(), BlockError> {
        match holder(table, key)? {
            Some(first) => {
                let value = table.remove(first.as_str())?;
                let value = value.ok_or_else(|| BlockError::Unreadable {
                    first: first.clone(),
                })?;
                decode_into(&mut self.old, &first, value.value())?;
                drop(value);
                self.next = next_after(table, &first)?;
            }
            None => {
                self.old.clear();
                self.next = first_from(table, key)?;
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
    fn cut_full(&mut self, table: &mut Blocks<'_>) -> Result<(), BlockError> {
        if self.out.raw.len() < 2 * self.raw_bytes {
            return Ok(());
        }
        let end = self
            .out
            .entries
            .partition_point(|&[start, _, _]| start < self.raw_bytes)
            .max(1);
        self.store(table, 0, end)?;
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
    fn finish(&mut self, table: &mut Blocks<'_>) -> Result<(), BlockError> {
        if !self.loaded {
            return Ok(());
        }
        self.copy_rest();
        if !self.out.entries.is_empty()
            && self.out.raw.len() < self.raw_bytes / 4
            && let Some(next) = self.next.clone()
        {
            self.take(table, &next)?;
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
                self.store(table, first, end)?;
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
    ) -> Result<(), BlockError> {
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
        table.insert(self.out.key(first), value.as_slice())?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::blocks::BlockTable;
    use crate::store::blocks::read::{for_each, lookup_sorted};
    use redb::{ReadableDatabase, ReadableTable, TableDefinition};
    use std::collections::BTreeMap;

    const T: BlockTable = TableDefinition::new("t");

    /// The number of blocks and of the raw and stored bytes in them, for tests and tuning.
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
                .apply(&mut table, &edits, |i, v| {
                    before[i] = v.map(<[u8]>::to_vec);
                    Ok::<(), ()>(())
                })
                .unwrap()
                .unwrap();
        }
        txn.commit().unwrap();
        before
    }

    fn contents(db: &redb::Database) -> BTreeMap<String, Vec<u8>> {
        let txn = db.begin_read().unwrap();
        let table = txn.open_table(T).unwrap();
        let mut all = BTreeMap::new();
        for_each(&table, |k, v| {
            all.insert(k.to_string(), v.to_vec());
            Ok::<(), ()>(())
        })
        .unwrap()
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
            lookup_sorted(&table, &keys, |i, v| {
                assert_eq!(model[keys[i]], v);
                found += 1;
            })
            .unwrap();
            assert_eq!(found, keys.len());
        }
    }
}

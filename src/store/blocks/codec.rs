//! The stored form of a block: its entries one after another, compressed with lz4; and the
//! entries waiting to become blocks while a table is written.

/// Version of the block encoding: a format byte, then lz4 (size prepended) of the entries
/// one after another, each as key length (LEB128), key, value length (LEB128), value.
const BLOCK_FORMAT: u8 = 1;
/// A block is cut to compress to about this many bytes, so that it fits in one of redb's
/// 4 KiB pages with room for the page's own bookkeeping and the spread of compression.
pub(super) const COMPRESSED_BYTES: usize = 3 << 10;
/// Raw bytes of a block before its first one is compressed (refined from what is seen).
pub(super) const FIRST_RAW_BYTES: usize = 2 * COMPRESSED_BYTES;

/// A decoded block.
#[derive(Default)]
pub(in crate::store) struct Block {
    pub(super) raw: Vec<u8>,
    /// Each entry's key and value as ranges of `raw`: [key start, key end, value start, value end].
    pub(super) entries: Vec<[usize; 4]>,
}

impl Block {
    /// Decodes a stored block; `None` when it cannot be read.
    pub(in crate::store) fn decode(&mut self, value: &[u8]) -> Option<()> {
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

    pub(in crate::store) fn len(&self) -> usize {
        self.entries.len()
    }

    pub(super) fn key(&self, i: usize) -> &str {
        let [a, b, _, _] = self.entries[i];
        // Checked to be UTF-8 when the block was decoded.
        std::str::from_utf8(&self.raw[a..b]).unwrap_or_default()
    }

    pub(super) fn key_bytes(&self, i: usize) -> &[u8] {
        let [a, b, _, _] = self.entries[i];
        &self.raw[a..b]
    }

    pub(super) fn value(&self, i: usize) -> &[u8] {
        let [_, _, a, b] = self.entries[i];
        &self.raw[a..b]
    }

    /// The first entry at or after `from` whose key is not below `key`. Keys looked up in order
    /// are mostly near each other, so it gallops from `from` before it bisects: a few
    /// comparisons for a near key instead of a search of the whole rest of the block.
    pub(super) fn seek(&self, from: usize, key: &str) -> usize {
        let rest = &self.entries[from.min(self.entries.len())..];
        let below = |&[a, b, _, _]: &[usize; 4]| self.raw[a..b] < *key.as_bytes();
        let (mut low, mut step) = (0, 1);
        while low + step <= rest.len() && below(&rest[low + step - 1]) {
            low += step;
            step *= 2;
        }
        let high = (low + step).min(rest.len());
        from + low + rest[low..high].partition_point(below)
    }

    pub(super) fn clear(&mut self) {
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
pub(super) fn encode(raw: &[u8]) -> Vec<u8> {
    let mut value = Vec::with_capacity(raw.len() / 2 + 8);
    value.push(BLOCK_FORMAT);
    value.extend_from_slice(&lz4_flex::block::compress_prepend_size(raw));
    value
}

/// Entries waiting to be stored as blocks, in key order.
#[derive(Default)]
pub(super) struct Pending {
    pub(super) raw: Vec<u8>,
    /// Each entry's start in `raw` and its key's range.
    pub(super) entries: Vec<[usize; 3]>,
}

impl Pending {
    pub(super) fn push(&mut self, key: &str, value: &[u8]) {
        let start = self.raw.len();
        push_len(&mut self.raw, key.len());
        let key_start = self.raw.len();
        self.raw.extend_from_slice(key.as_bytes());
        push_len(&mut self.raw, value.len());
        self.raw.extend_from_slice(value);
        self.entries.push([start, key_start, key_start + key.len()]);
    }

    pub(super) fn last_key(&self) -> Option<&[u8]> {
        self.entries.last().map(|&[_, a, b]| &self.raw[a..b])
    }

    /// Takes the last entry back, returning its value.
    pub(super) fn pop(&mut self) -> Option<Vec<u8>> {
        let [start, _, key_end] = self.entries.pop()?;
        let (len, value_start) = read_len(&self.raw, key_end)?;
        let value = self.raw[value_start..value_start + len].to_vec();
        self.raw.truncate(start);
        Some(value)
    }

    pub(super) fn key(&self, i: usize) -> &str {
        let [_, a, b] = self.entries[i];
        std::str::from_utf8(&self.raw[a..b]).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seeking_finds_the_first_key_not_below() {
        let mut raw = Pending::default();
        let keys: Vec<String> = (0..100).map(|i| format!("k{:03}", i * 2)).collect();
        for key in &keys {
            raw.push(key, b"v");
        }
        let mut block = Block::default();
        block.decode(&encode(&raw.raw)).unwrap();
        for from in [0, 1, 7, 50, 99, 100] {
            for probe in 0..202 {
                let probe = format!("k{probe:03}");
                let expected = from.max(keys.partition_point(|k| *k < probe));
                assert_eq!(block.seek(from, &probe), expected, "{from} {probe}");
            }
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

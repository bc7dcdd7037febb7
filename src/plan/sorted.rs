//! Rows sorted by a key (an email, a customer number). A sorted row is 16 bytes: the key's
//! first twelve bytes as two integers, and the row. Most comparisons need only those
//! integers; the key itself, scattered over the file's text, is reached only when two
//! prefixes are equal, since reaching it is what makes sorting a million keys slow.

use std::cmp::Ordering;

/// A row in a sorted list.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Keyed {
    high: u64,
    low: u32,
    pub(super) row: u32,
}

impl Keyed {
    fn new(key: &str, row: u32) -> Keyed {
        let mut head = [0u8; 12];
        let n = key.len().min(12);
        head[..n].copy_from_slice(&key.as_bytes()[..n]);
        let (high, low) = head.split_at(8);
        Keyed {
            high: u64::from_be_bytes(high.try_into().unwrap_or_default()),
            low: u32::from_be_bytes(low.try_into().unwrap_or_default()),
            row,
        }
    }
}

/// How a list is ordered: `key(row)` is the key of `row`.
pub(super) struct Order<F> {
    pub(super) key: F,
}

impl<'a, F: Fn(u32) -> &'a str> Order<F> {
    /// `rows` sorted by key, then row.
    pub(super) fn sort(&self, rows: impl Iterator<Item = u32>) -> Vec<Keyed> {
        let mut keyed: Vec<Keyed> = rows.map(|row| Keyed::new((self.key)(row), row)).collect();
        keyed.sort_unstable_by(|a, b| self.cmp(a, b));
        keyed
    }

    fn cmp(&self, a: &Keyed, b: &Keyed) -> Ordering {
        (a.high, a.low)
            .cmp(&(b.high, b.low))
            .then_with(|| (self.key)(a.row).cmp((self.key)(b.row)))
            .then(a.row.cmp(&b.row))
    }

    /// Whether two rows have the same key.
    pub(super) fn same(&self, a: &Keyed, b: &Keyed) -> bool {
        (a.high, a.low) == (b.high, b.low) && (self.key)(a.row) == (self.key)(b.row)
    }

    /// Two sorted lists as one.
    pub(super) fn merge(&self, a: Vec<Keyed>, b: Vec<Keyed>) -> Vec<Keyed> {
        if b.is_empty() {
            return a;
        }
        let mut merged = Vec::with_capacity(a.len() + b.len());
        let mut b = b.into_iter().peekable();
        for entry in a {
            while let Some(earlier) = b.next_if(|other| self.cmp(other, &entry).is_lt()) {
                merged.push(earlier);
            }
            merged.push(entry);
        }
        merged.extend(b);
        merged
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_sort_by_their_whole_key_then_row() {
        let keys = [
            "kund12345678@exempel.se",
            "kund12345678@annat.se",
            "b",
            "a",
            "b",
            "",
            "kund12345678@exempel.se",
        ];
        let order = Order {
            key: |row: u32| keys[row as usize],
        };
        let sorted = order.sort(0..keys.len() as u32);
        let rows: Vec<u32> = sorted.iter().map(|k| k.row).collect();
        assert_eq!(rows, [5, 3, 2, 4, 1, 0, 6]);
        assert!(order.same(&sorted[2], &sorted[3]));
        assert!(
            !order.same(&sorted[4], &sorted[5]),
            "same prefix, other key"
        );
        let (even, odd): (Vec<Keyed>, Vec<Keyed>) = sorted.iter().partition(|k| k.row % 2 == 0);
        assert_eq!(order.merge(even, odd), sorted);
    }
}

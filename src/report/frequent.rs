//! The most frequent values of a column in bounded memory: the Misra–Gries summary. It keeps
//! at most [`CAPACITY`] values with counts. While no value was ever dropped its counts are
//! exact; after that, every value seen more than n / ([`CAPACITY`] + 1) times of n is still
//! among those kept, its count at most [`Frequent::dropped`] short. A million distinct emails
//! then cost a thousand entries, not a million.

use std::collections::HashMap;

/// How many values are kept per column.
pub(super) const CAPACITY: usize = 1024;

/// The values kept, with their (lower-bound) counts.
#[derive(Default)]
pub(super) struct Frequent<'a> {
    counts: HashMap<&'a str, u64>,
    dropped: u64,
}

impl<'a> Frequent<'a> {
    pub(super) fn add(&mut self, value: &'a str) {
        if let Some(n) = self.counts.get_mut(value) {
            *n += 1;
        } else if self.counts.len() < CAPACITY {
            self.counts.insert(value, 1);
        } else {
            // Full: this value and one of each kept one cancel out.
            self.dropped += 1;
            self.counts.retain(|_, n| {
                *n -= 1;
                *n > 0
            });
        }
    }

    /// True while every count is exact (no value was ever dropped).
    pub(super) fn exact(&self) -> bool {
        self.dropped == 0
    }

    /// How much a kept count may fall short of the true one.
    pub(super) fn dropped(&self) -> u64 {
        self.dropped
    }

    pub(super) fn counts(&self) -> impl Iterator<Item = (&'a str, u64)> + '_ {
        self.counts.iter().map(|(v, n)| (*v, *n))
    }
}

/// The `k` largest of `counts`, most frequent first; of equally frequent ones, the first in
/// sort order.
pub(super) fn top<'a>(
    counts: impl Iterator<Item = (&'a str, u64)>,
    k: usize,
) -> Vec<(String, u64)> {
    let mut all: Vec<(&str, u64)> = counts.collect();
    let order = |a: &(&str, u64), b: &(&str, u64)| b.1.cmp(&a.1).then(a.0.cmp(b.0));
    if all.len() > k && k > 0 {
        all.select_nth_unstable_by(k - 1, order);
        all.truncate(k);
    }
    all.sort_by(order);
    all.into_iter().map(|(v, n)| (v.to_string(), n)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_top_values_are_the_most_frequent_then_in_order() {
        let counts = [
            ("Lund", 2),
            ("Kiruna", 5),
            ("Malmö", 2),
            ("Umeå", 1),
            ("Boden", 2),
        ];
        assert_eq!(
            top(counts.into_iter(), 3),
            [
                ("Kiruna".into(), 5),
                ("Boden".into(), 2),
                ("Lund".into(), 2)
            ]
        );
    }

    #[test]
    fn exact_until_full_then_every_frequent_value_stays() {
        let mut frequent = Frequent::default();
        let unique: Vec<String> = (0..10 * CAPACITY).map(|i| format!("v{i}")).collect();
        for (i, value) in unique.iter().enumerate() {
            frequent.add(value);
            if i % 4 == 0 {
                frequent.add("Kiruna");
            }
            if i < CAPACITY / 2 {
                assert!(frequent.exact());
            }
        }
        assert!(!frequent.exact());
        let kiruna = frequent.counts().find(|(v, _)| *v == "Kiruna").unwrap().1;
        let truth = (10 * CAPACITY / 4) as u64;
        assert!(kiruna <= truth && kiruna + frequent.dropped() >= truth);
        assert!(frequent.counts.len() <= CAPACITY);
    }
}

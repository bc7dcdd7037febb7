//! A checksum of the whole register that does not depend on order: the sum, lane by lane, of
//! the SHA-256 of every customer's number and record. Adding or removing a customer adds or
//! subtracts its hash, so every write keeps it up to date at the cost of its changes alone, and
//! two registers hold the same customers exactly when (but for a 2^-256 chance) their
//! checksums are equal. Several computers compare it to prove they hold the same register.

use sha2::{Digest, Sha256};

use crate::customer::Change;

/// The register's checksum.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RegisterChecksum([u64; 4]);

impl RegisterChecksum {
    fn hash(number: &str, record: &[u8]) -> [u64; 4] {
        let mut hasher = Sha256::new();
        hasher.update((number.len() as u64).to_le_bytes());
        hasher.update(number.as_bytes());
        hasher.update(record);
        let digest: [u8; 32] = hasher.finalize().into();
        std::array::from_fn(|i| {
            let mut lane = [0u8; 8];
            lane.copy_from_slice(&digest[i * 8..i * 8 + 8]);
            u64::from_le_bytes(lane)
        })
    }

    /// Counts in the customer `number` with this stored record.
    pub fn add(&mut self, number: &str, record: &[u8]) {
        let hash = Self::hash(number, record);
        for (lane, h) in self.0.iter_mut().zip(hash) {
            *lane = lane.wrapping_add(h);
        }
    }

    /// Takes the customer `number` with this stored record out again.
    pub fn remove(&mut self, number: &str, record: &[u8]) {
        let hash = Self::hash(number, record);
        for (lane, h) in self.0.iter_mut().zip(hash) {
            *lane = lane.wrapping_sub(h);
        }
    }

    /// Adds what `other` counts in.
    pub fn merge(&mut self, other: RegisterChecksum) {
        for (lane, o) in self.0.iter_mut().zip(other.0) {
            *lane = lane.wrapping_add(o);
        }
    }

    /// What `changes` do to the checksum: their after-records counted in, their before-records
    /// taken out. A large batch is hashed on two threads.
    pub fn of_changes(changes: &[Change]) -> RegisterChecksum {
        fn delta(changes: &[Change]) -> RegisterChecksum {
            let mut sum = RegisterChecksum::default();
            for change in changes {
                if let Some(before) = &change.before {
                    sum.remove(&change.number, before);
                }
                if let Some(after) = &change.after {
                    sum.add(&change.number, after);
                }
            }
            sum
        }
        if changes.len() < 1024 {
            return delta(changes);
        }
        let (first, second) = changes.split_at(changes.len() / 2);
        std::thread::scope(|scope| {
            let other = scope.spawn(|| delta(second));
            let mut sum = delta(first);
            match other.join() {
                Ok(other) => sum.merge(other),
                Err(panic) => std::panic::resume_unwind(panic),
            }
            sum
        })
    }

    pub fn to_bytes(self) -> [u8; 32] {
        let mut bytes = [0u8; 32];
        for (chunk, lane) in bytes.chunks_exact_mut(8).zip(self.0) {
            chunk.copy_from_slice(&lane.to_le_bytes());
        }
        bytes
    }

    pub fn from_bytes(bytes: &[u8; 32]) -> Self {
        RegisterChecksum(std::array::from_fn(|i| {
            let mut lane = [0u8; 8];
            lane.copy_from_slice(&bytes[i * 8..i * 8 + 8]);
            u64::from_le_bytes(lane)
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn order_does_not_matter_and_removing_undoes_adding() {
        let mut a = RegisterChecksum::default();
        a.add("1", b"anna");
        a.add("2", b"bo");
        let mut b = RegisterChecksum::default();
        b.add("2", b"bo");
        b.add("1", b"anna");
        assert_eq!(a, b);
        b.add("3", b"cilla");
        assert_ne!(a, b);
        b.remove("3", b"cilla");
        assert_eq!(a, b);
        // The number is part of what is hashed, apart from the record.
        let mut c = RegisterChecksum::default();
        c.add("1a", b"nna");
        c.add("2", b"bo");
        assert_ne!(a, c);
        assert_eq!(RegisterChecksum::from_bytes(&a.to_bytes()), a);
        // Changes move it the same way, however many there are.
        let changes: Vec<Change> = (0..3000)
            .map(|i| Change {
                number: i.to_string(),
                before: (i % 3 != 0).then(|| b"old".to_vec()),
                after: (i % 5 != 0).then(|| b"new".to_vec()),
            })
            .collect();
        let mut one_by_one = RegisterChecksum::default();
        for change in &changes {
            one_by_one.merge(RegisterChecksum::of_changes(std::slice::from_ref(change)));
        }
        assert_eq!(RegisterChecksum::of_changes(&changes), one_by_one);
    }
}

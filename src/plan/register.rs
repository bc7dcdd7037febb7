//! How the planner reads the register: the [`Register`] trait (sorted batches of keys, so
//! the store can visit its blocks front to back), and [`MemoryRegister`], a register held in
//! memory for planning without a database and as the reference model in tests.

use std::collections::BTreeMap;

use crate::customer::{self, Change, RecordError};
use crate::field::Field;

/// Read access to the register, by sorted batches of keys.
pub trait Register {
    type Error: From<RecordError>;

    /// The register's current version (0 when empty and new).
    fn version(&self) -> u64;

    /// For each `emails[i]` (sorted, unique) that belongs to a customer, calls `found(i, number)`.
    fn email_owners(
        &mut self,
        emails: &[&str],
        found: &mut dyn FnMut(usize, &str),
    ) -> Result<(), Self::Error>;

    /// For each `numbers[i]` (sorted, unique), the stored record if there is one, copied into
    /// `buf`: `records[i]` is its range in `buf`.
    fn records(
        &mut self,
        numbers: &[&str],
        buf: &mut Vec<u8>,
        records: &mut Vec<Option<(usize, usize)>>,
    ) -> Result<(), Self::Error>;

    /// The largest customer number made only of digits that a customer ever held, forgotten
    /// and rolled-back ones included, if any: a number kundreg gives is above it.
    fn highest_number(&mut self) -> Result<Option<String>, Self::Error>;
}

/// A register held in memory: the reference model for tests, and a register for planning
/// without a database.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MemoryRegister {
    pub version: u64,
    /// Records by customer number.
    pub customers: BTreeMap<String, Vec<u8>>,
    /// Customer number by email.
    pub emails: BTreeMap<String, String>,
    /// The largest numeric number a customer ever held here.
    pub highest: Option<String>,
}

impl MemoryRegister {
    /// Applies changes as the store does.
    pub fn apply(&mut self, changes: &[Change]) -> Result<(), RecordError> {
        for change in changes {
            if let Some(before) = &change.before {
                let values = customer::decode(&change.number, before)?;
                if let Some(email) = values[Field::Email.index()] {
                    self.emails.remove(email);
                }
                self.customers.remove(&change.number);
            }
        }
        for change in changes {
            if let Some(after) = &change.after {
                let values = customer::decode(&change.number, after)?;
                if let Some(email) = values[Field::Email.index()] {
                    self.emails.insert(email.into(), change.number.clone());
                }
                self.customers.insert(change.number.clone(), after.clone());
                customer::raise_highest(&mut self.highest, &change.number);
            }
        }
        Ok(())
    }
}

impl Register for MemoryRegister {
    type Error = RecordError;

    fn version(&self) -> u64 {
        self.version
    }

    fn email_owners(
        &mut self,
        emails: &[&str],
        found: &mut dyn FnMut(usize, &str),
    ) -> Result<(), RecordError> {
        for (i, email) in emails.iter().enumerate() {
            if let Some(number) = self.emails.get(*email) {
                found(i, number);
            }
        }
        Ok(())
    }

    fn records(
        &mut self,
        numbers: &[&str],
        buf: &mut Vec<u8>,
        records: &mut Vec<Option<(usize, usize)>>,
    ) -> Result<(), RecordError> {
        buf.clear();
        records.clear();
        for number in numbers {
            records.push(self.customers.get(*number).map(|r| {
                buf.extend_from_slice(r);
                (buf.len() - r.len(), buf.len())
            }));
        }
        Ok(())
    }

    fn highest_number(&mut self) -> Result<Option<String>, RecordError> {
        Ok(self.highest.clone())
    }
}

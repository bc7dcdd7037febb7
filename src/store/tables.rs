//! Reading the register: the customer tables through any redb table type (a read view or the
//! write transaction), and [`ReadView`], a consistent read-only view of the whole register.

use std::path::{Path, PathBuf};

use redb::ReadableTable;

use super::blocks;
use super::checksum::RegisterChecksum;
use super::chunks::read_chunk;
use super::error::{StoreError, damaged, in_blocks};
use super::history::{History, Version, read_entries, read_entry};
use super::search::Highest;
use crate::customer::{self, Change, Customer};
use crate::plan::Register;

/// The customer tables, read through any redb table type.
pub(super) struct Tables<T> {
    pub(super) version: u64,
    /// Number of customers.
    pub(super) count: u64,
    pub(super) customers: T,
    pub(super) emails: T,
    /// The largest numeric number a customer ever held, as the register keeps it; `None` for
    /// a register from before it was kept, read as it is.
    pub(super) highest: Option<Highest>,
    pub(super) path: PathBuf,
}

impl<T: ReadableTable<&'static str, &'static [u8]>> Tables<T> {
    /// The email index gives `email` a customer number that cannot be read.
    fn unreadable_email(&self, email: &str) -> StoreError {
        damaged(&self.path, format!("the email index entry of {email}"))
    }

    /// The customer with this number.
    pub(super) fn customer(&self, number: &str) -> Result<Option<Customer>, StoreError> {
        let found = blocks::get(&self.customers, number).map_err(in_blocks(&self.path))?;
        let Some(record) = found else {
            return Ok(None);
        };
        let values = customer::decode(number, &record)?;
        Ok(Some(Customer::from_values(&values)))
    }

    /// The customer with this number or email.
    pub(super) fn find(&self, key: &str) -> Result<Option<Customer>, StoreError> {
        if let Some(found) = self.customer(key)? {
            return Ok(Some(found));
        }
        let email = key.trim().to_lowercase();
        let found = blocks::get(&self.emails, &email).map_err(in_blocks(&self.path))?;
        let Some(number) = found else {
            return Ok(None);
        };
        let number = std::str::from_utf8(&number).map_err(|_| self.unreadable_email(&email))?;
        self.customer(number)
    }

    /// Every customer in customer-number order.
    pub(super) fn for_each<Fail: From<StoreError>>(
        &self,
        mut each: impl FnMut(Customer) -> Result<(), Fail>,
    ) -> Result<(), Fail> {
        blocks::for_each(&self.customers, |number, record| {
            let values = customer::decode(number, record).map_err(StoreError::from)?;
            each(Customer::from_values(&values))
        })
        .map_err(in_blocks(&self.path))?
    }

    /// Up to `limit` customers from the customer number `from` on.
    fn from(&self, from: &str, limit: usize) -> Result<Vec<Customer>, StoreError> {
        let mut found = Vec::new();
        let mut unreadable = None;
        if limit == 0 {
            return Ok(found);
        }
        blocks::for_each_from(&self.customers, from, |number, record| {
            match customer::decode(number, record) {
                Ok(values) => found.push(Customer::from_values(&values)),
                Err(e) => unreadable = Some(e),
            }
            unreadable.is_none() && found.len() < limit
        })
        .map_err(in_blocks(&self.path))?;
        match unreadable {
            Some(e) => Err(e.into()),
            None => Ok(found),
        }
    }
}

impl<T: ReadableTable<&'static str, &'static [u8]>> Register for Tables<T> {
    type Error = StoreError;

    fn version(&self) -> u64 {
        self.version
    }

    fn email_owners(
        &mut self,
        emails: &[&str],
        found: &mut dyn FnMut(usize, &str),
    ) -> Result<(), StoreError> {
        let mut unreadable = None;
        blocks::lookup_sorted(
            &self.emails,
            emails,
            |i, number| match std::str::from_utf8(number) {
                Ok(number) => found(i, number),
                Err(_) => unreadable = Some(i),
            },
        )
        .map_err(in_blocks(&self.path))?;
        match unreadable {
            Some(i) => Err(self.unreadable_email(emails[i])),
            None => Ok(()),
        }
    }

    fn records(
        &mut self,
        numbers: &[&str],
        buf: &mut Vec<u8>,
        records: &mut Vec<Option<(usize, usize)>>,
    ) -> Result<(), StoreError> {
        buf.clear();
        records.clear();
        records.resize(numbers.len(), None);
        blocks::lookup_sorted(&self.customers, numbers, |i, value| {
            buf.extend_from_slice(value);
            records[i] = Some((buf.len() - value.len(), buf.len()));
        })
        .map_err(in_blocks(&self.path))
    }

    fn highest_number(&mut self) -> Result<Option<String>, StoreError> {
        if let Some(highest) = &self.highest {
            return Ok(highest.0.clone());
        }
        let mut highest = Highest::default();
        blocks::for_each(&self.customers, |number, _| {
            highest.saw(number);
            Ok::<(), StoreError>(())
        })
        .map_err(in_blocks(&self.path))??;
        Ok(highest.0)
    }
}

type ReadOnly<K, V> = redb::ReadOnlyTable<K, V>;

/// A consistent read-only view of the whole register: the customers and the history as they
/// were when it was taken.
pub struct ReadView {
    pub(super) tables: Tables<ReadOnly<&'static str, &'static [u8]>>,
    pub(super) versions: ReadOnly<u64, &'static [u8]>,
    pub(super) changes: ReadOnly<(u64, u32), &'static [u8]>,
    pub(super) imported: ReadOnly<&'static [u8], u64>,
    /// The search index; `None` in a register from before it, read as it is.
    pub(super) search: Option<ReadOnly<&'static str, &'static [u8]>>,
    /// The checksum kept in the file, when it describes this version.
    pub(super) checksum: Option<RegisterChecksum>,
}

impl ReadView {
    pub(super) fn path(&self) -> &Path {
        &self.tables.path
    }

    /// The register's current version.
    pub fn version(&self) -> u64 {
        self.tables.version
    }

    /// The checksum of the whole register (see [`RegisterChecksum`]): the one kept in the file,
    /// or, for a register an earlier kundreg wrote last, worked out from the customers.
    pub fn checksum(&self) -> Result<RegisterChecksum, StoreError> {
        match self.checksum {
            Some(checksum) => Ok(checksum),
            None => checksum_of(&self.tables.customers, self.path()),
        }
    }

    /// Number of customers.
    pub fn len(&self) -> u64 {
        self.tables.count
    }

    /// True when the register has no customers.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The customer with this number or email (any case).
    pub fn find(&self, key: &str) -> Result<Option<Customer>, StoreError> {
        self.tables.find(key)
    }

    /// Calls `each` with every customer, in customer-number order.
    pub fn for_each_customer<Fail: From<StoreError>>(
        &self,
        each: impl FnMut(Customer) -> Result<(), Fail>,
    ) -> Result<(), Fail> {
        self.tables.for_each(each)
    }

    /// Up to `limit` customers from the customer number `from` on, in customer-number order:
    /// a page of the register, read without the customers before it.
    pub fn customers_from(&self, from: &str, limit: usize) -> Result<Vec<Customer>, StoreError> {
        self.tables.from(from, limit)
    }

    /// The history entry of `version`.
    pub fn entry(&self, version: u64) -> Result<Option<Version>, StoreError> {
        read_entry(&self.versions, version, self.path())
    }

    /// The whole history, newest first.
    pub fn history(&self) -> Result<Vec<Version>, StoreError> {
        read_entries(&self.versions, 0.., self.path())
    }

    /// Calls `each` with every change `entry` recorded, in customer-number order.
    pub fn for_each_change<Fail: From<StoreError>>(
        &self,
        entry: &Version,
        mut each: impl FnMut(&Change) -> Result<(), Fail>,
    ) -> Result<(), Fail> {
        for index in 0..entry.chunks {
            let chunk = read_chunk(&self.changes, entry.number, index, self.path())?;
            chunk.iter().try_for_each(&mut each)?;
        }
        Ok(())
    }

    /// The version that applied these bytes, if it still stands.
    pub fn imported_as(&self, sha256: &[u8; 32]) -> Result<Option<Version>, StoreError> {
        imported_as(&self.imported, &self.versions, sha256, self.path())
    }
}

/// The version that applied the bytes with this SHA-256, while it stands.
pub(super) fn imported_as(
    imported: &impl ReadableTable<&'static [u8], u64>,
    versions: &impl ReadableTable<u64, &'static [u8]>,
    sha256: &[u8; 32],
    path: &Path,
) -> Result<Option<Version>, StoreError> {
    let version = imported
        .get(&sha256[..])
        .map_err(|e| damaged(path, e))?
        .map(|g| g.value());
    match version {
        Some(v) => read_entry(versions, v, path),
        None => Ok(None),
    }
}

/// `Register` for a type whose `tables` field holds the customer tables.
macro_rules! register_through_tables {
    ($($ty:tt)+) => {
        impl crate::plan::Register for $($ty)+ {
            type Error = StoreError;

            fn version(&self) -> u64 {
                self.tables.version
            }

            fn email_owners(
                &mut self,
                emails: &[&str],
                found: &mut dyn FnMut(usize, &str),
            ) -> Result<(), StoreError> {
                self.tables.email_owners(emails, found)
            }

            fn records(
                &mut self,
                numbers: &[&str],
                buf: &mut Vec<u8>,
                records: &mut Vec<Option<(usize, usize)>>,
            ) -> Result<(), StoreError> {
                self.tables.records(numbers, buf, records)
            }

            fn highest_number(&mut self) -> Result<Option<String>, StoreError> {
                self.tables.highest_number()
            }
        }
    };
}
pub(super) use register_through_tables;

register_through_tables!(ReadView);

impl History for ReadView {
    fn entries(&self, first: u64, last: u64) -> Result<Vec<Version>, StoreError> {
        read_entries(&self.versions, first..=last, self.path())
    }

    fn chunk(&self, version: u64, index: u32) -> Result<Vec<Change>, StoreError> {
        read_chunk(&self.changes, version, index, self.path())
    }
}

/// The checksum of every customer in `customers`, worked out from scratch.
pub(super) fn checksum_of(
    customers: &impl ReadableTable<&'static str, &'static [u8]>,
    path: &Path,
) -> Result<RegisterChecksum, StoreError> {
    let mut checksum = RegisterChecksum::default();
    blocks::for_each(customers, |number, record| {
        checksum.add(number, record);
        Ok::<(), StoreError>(())
    })
    .map_err(in_blocks(path))??;
    Ok(checksum)
}

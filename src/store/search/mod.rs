//! The register's search index, what `find` reads: one entry per customer and index term
//! (see [`crate::search::terms`]), keyed by the term, [`TERM_END`] and the customer number, so
//! the customers with a term that begins with some text are one run of keys. It is stored in
//! blocks like the customers and kept by every write in the same transaction (`edits`).
//!
//! Beside the terms it keeps the versions that changed each customer, for a customer's card.
//! A register written by a kundreg before the index (schema 3) gets it when it is first opened
//! for writing ([`upgrade`]); until then a read-only look finds by reading every customer.
//! `read` reads it.

mod edits;
mod read;

use std::path::Path;

use redb::{ReadableTable, WriteTransaction};

pub(crate) use edits::{Noted, SearchEdits};

use super::blocks;
use super::chunks::read_chunk;
use super::error::{Cause, StoreError, damaged, in_blocks};
use super::history::read_entries;
use super::{CHANGES, CUSTOMERS, META, SCHEMA, SEARCH, Store, VERSIONS};
use crate::customer::{Change, Customer, Values, raise_highest};
use crate::search::{TERM_END, kind, order_key, terms};

/// The index key of `version` having changed the customer `number`: the versions of one
/// customer are one run of keys, oldest first.
pub(super) fn version_key(number: &str, version: u64) -> String {
    format!("{}{number}{TERM_END}{version:020}", kind::VERSION)
}

/// Every key `index` holds of `customer`: its terms and the versions that changed it.
pub(super) fn keys_of(
    index: &impl ReadableTable<&'static str, &'static [u8]>,
    customer: &Customer,
    path: &Path,
) -> Result<Vec<String>, StoreError> {
    let number = customer.number();
    let values: Values<'_> = std::array::from_fn(|i| customer.values[i].as_deref());
    let mut keys: Vec<String> = terms(&values)
        .into_iter()
        .map(|term| format!("{term}{TERM_END}{}", order_key(number)))
        .collect();
    let versions = format!("{}{number}{TERM_END}", kind::VERSION);
    blocks::for_each_from(index, &versions, |key, _| {
        let mine = key.starts_with(&versions);
        if mine {
            keys.push(key.to_string());
        }
        mine
    })
    .map_err(in_blocks(path))?;
    keys.sort_unstable();
    Ok(keys)
}

/// The meta entry of the largest numeric customer number any customer ever held.
pub(super) const HIGHEST: &str = "highest_number";

impl Store {
    /// Gives a register from before the search index its index, in one transaction.
    pub(in crate::store) fn upgrade(&self) -> Result<(), StoreError> {
        if self.check_schema()? == SCHEMA {
            return Ok(());
        }
        let txn = self.begin_write()?;
        upgrade(&txn, self.path())?;
        {
            let mut meta = txn.open_table(META).map_err(|e| damaged(self.path(), e))?;
            meta.insert("schema", &SCHEMA.to_le_bytes()[..])
                .map_err(|e| damaged(self.path(), e))?;
        }
        txn.commit().map_err(|e| damaged(self.path(), e))
    }
}

/// Makes the search index of a register written before it, and notes the largest numeric
/// customer number its customers and history hold, in `txn`.
pub(super) fn upgrade(txn: &WriteTransaction, path: &Path) -> Result<(), StoreError> {
    let failed = |e: &dyn Cause| damaged(path, e);
    let customers = txn.open_table(CUSTOMERS).map_err(|e| failed(&e))?;
    let mut edits = Noted::default();
    let mut highest = Highest::default();
    blocks::for_each(&customers, |number, record| {
        highest.saw(number);
        let change = Change {
            number: number.to_string(),
            before: None,
            after: Some(record.to_vec()),
        };
        edits.note_terms(&change).map_err(StoreError::from)
    })
    .map_err(in_blocks(path))??;
    let versions = txn.open_table(VERSIONS).map_err(|e| failed(&e))?;
    let changes = txn.open_table(CHANGES).map_err(|e| failed(&e))?;
    for entry in read_entries(&versions, 0.., path)? {
        for index in 0..entry.chunks {
            for change in read_chunk(&changes, entry.number, index, path)? {
                if !change.is_erased() {
                    highest.saw(&change.number);
                    edits.note_version(&change.number, entry.number, index, path)?;
                }
            }
        }
    }
    let mut index = txn.open_table(SEARCH).map_err(|e| failed(&e))?;
    edits.write(&mut index, path)?;
    let mut meta = txn.open_table(META).map_err(|e| failed(&e))?;
    highest.keep(&mut meta, path)
}

/// The largest numeric customer number seen.
#[derive(Clone, Debug, Default)]
pub(super) struct Highest(pub(super) Option<String>);

impl Highest {
    /// The one kept in the register's meta table.
    pub(super) fn read(
        meta: &impl ReadableTable<&'static str, &'static [u8]>,
        path: &Path,
    ) -> Result<Highest, StoreError> {
        let value = meta.get(HIGHEST).map_err(|e| damaged(path, e))?;
        Ok(Highest(
            value.map(|v| String::from_utf8_lossy(v.value()).into_owned()),
        ))
    }

    pub(super) fn saw(&mut self, number: &str) {
        raise_highest(&mut self.0, number);
    }

    pub(super) fn keep(
        &self,
        meta: &mut redb::Table<'_, &'static str, &'static [u8]>,
        path: &Path,
    ) -> Result<(), StoreError> {
        if let Some(number) = &self.0 {
            meta.insert(HIGHEST, number.as_bytes())
                .map_err(|e| damaged(path, e))?;
        }
        Ok(())
    }
}

//! Reading the index: what `find` asks of it ([`SearchIndex`]), a customer's versions, and
//! the register's likely duplicates; a register from before the index is read by a plain
//! scan.

use std::collections::BTreeMap;
use std::path::Path;

use redb::ReadOnlyTable;

use super::super::blocks::{self, Cursor};
use super::super::chunks::read_chunk;
use super::super::error::{StoreError, damaged, in_blocks};
use super::super::history::Version;
use super::super::tables::ReadView;
use crate::customer::{self, Change, Customer, Values, numeric_cmp};
use crate::search::duplicates::Shared;
use crate::search::{
    Found, Postings, Query, SearchIndex, TERM_END, find, kind, name_key, number_of, phone_key, scan,
};

/// The customers of one term, read through a cursor on the index.
struct TermRun<'t> {
    cursor: Cursor<'t, ReadOnlyTable<&'static str, &'static [u8]>>,
    /// The term and [`TERM_END`]: every key of the run starts with it.
    prefix: String,
    /// The key sought last, kept to be written over.
    sought: String,
    path: &'t Path,
}

impl Postings<StoreError> for TermRun<'_> {
    fn current(&self) -> Option<&str> {
        self.cursor.key()?.strip_prefix(self.prefix.as_str())
    }

    fn seek(&mut self, key: &str) -> Result<(), StoreError> {
        self.sought.clear();
        self.sought.push_str(&self.prefix);
        self.sought.push_str(key);
        self.cursor.seek(&self.sought).map_err(in_blocks(self.path))
    }
}

/// A term that holds no customer.
struct NoRun;

impl Postings<StoreError> for NoRun {
    fn current(&self) -> Option<&str> {
        None
    }

    fn seek(&mut self, _: &str) -> Result<(), StoreError> {
        Ok(())
    }
}

impl SearchIndex for ReadView {
    type Error = StoreError;

    fn terms_with(&self, prefix: &str, most: usize) -> Result<Option<Vec<String>>, StoreError> {
        let Some(index) = &self.search else {
            return Ok(Some(Vec::new()));
        };
        let mut cursor = Cursor::new(index);
        let mut terms: Vec<String> = Vec::new();
        let mut from = prefix.to_string();
        loop {
            cursor.seek(&from).map_err(in_blocks(self.path()))?;
            let Some(key) = cursor.key().filter(|k| k.starts_with(prefix)) else {
                return Ok(Some(terms));
            };
            let Some((term, _)) = key.split_once(TERM_END) else {
                return Ok(Some(terms));
            };
            if terms.len() == most {
                return Ok(None);
            }
            // Past every key of this term: the term, then the character after the end mark.
            from = format!("{term}\u{1}");
            terms.push(term.to_string());
        }
    }

    fn run(&self, term: &str) -> Result<Box<dyn Postings<StoreError> + '_>, StoreError> {
        let Some(index) = &self.search else {
            return Ok(Box::new(NoRun));
        };
        let mut run = TermRun {
            cursor: Cursor::new(index),
            prefix: format!("{term}{TERM_END}"),
            sought: String::new(),
            path: self.path(),
        };
        run.seek("")?;
        Ok(Box::new(run))
    }

    fn numbers_with(&self, prefix: &str, each: &mut dyn FnMut(&str)) -> Result<(), StoreError> {
        let Some(index) = &self.search else {
            return Ok(());
        };
        blocks::for_each_from(index, prefix, |key, _| {
            if !key.starts_with(prefix) {
                return false;
            }
            if let Some((_, at)) = key.split_once(TERM_END) {
                each(at);
            }
            true
        })
        .map_err(in_blocks(self.path()))
    }

    fn numbers_with_each(
        &self,
        prefixes: &[&str],
        each: &mut dyn FnMut(usize, &str),
    ) -> Result<(), StoreError> {
        let Some(index) = &self.search else {
            return Ok(());
        };
        blocks::keys_with_sorted(index, prefixes, |i, key| {
            if let Some((_, at)) = key.split_once(TERM_END) {
                each(i, number_of(at));
            }
        })
        .map_err(in_blocks(self.path()))
    }

    fn email_owner(&self, email: &str) -> Result<Option<String>, StoreError> {
        let found = blocks::get(&self.tables.emails, email).map_err(in_blocks(self.path()))?;
        Ok(found.map(|number| String::from_utf8_lossy(&number).into_owned()))
    }

    fn customer(&self, number: &str) -> Result<Option<Customer>, StoreError> {
        self.tables.customer(number)
    }

    fn customers(&self, numbers: &[String]) -> Result<Vec<Customer>, StoreError> {
        // Looked up in number order, each block read once, and put back in the order asked.
        let mut order: Vec<usize> = (0..numbers.len()).collect();
        order.sort_by_key(|&i| &numbers[i]);
        let keys: Vec<&str> = order.iter().map(|&i| numbers[i].as_str()).collect();
        let mut found: Vec<Option<Customer>> = vec![None; numbers.len()];
        let mut unreadable = None;
        blocks::lookup_sorted(&self.tables.customers, &keys, |j, record| {
            let i = order[j];
            match customer::decode(&numbers[i], record) {
                Ok(values) => found[i] = Some(Customer::from_values(&values)),
                Err(e) => unreadable = Some(e),
            }
        })
        .map_err(in_blocks(self.path()))?;
        match unreadable {
            Some(e) => Err(e.into()),
            None => Ok(found.into_iter().flatten().collect()),
        }
    }
}

impl ReadView {
    /// The first `limit` customers matching `query` (see [`crate::search`]), and how many
    /// match in all.
    pub fn search(&self, query: &Query, limit: usize) -> Result<Found, StoreError> {
        match self.search {
            Some(_) => find(self, query, limit),
            None => scan(query, limit, |each| self.for_each_customer(each)),
        }
    }

    /// The register's likely duplicates (see [`crate::search::duplicates`]): groups of
    /// customers that share a phone, then those that share a first name + last name + postal
    /// code; in the order of their customer numbers.
    pub fn alike_groups(&self) -> Result<Vec<(Shared, Vec<String>)>, StoreError> {
        let mut groups = self.alike_groups_unsorted()?;
        let by_number = |a: &String, b: &String| numeric_cmp(a, b).then_with(|| a.cmp(b));
        for (_, numbers) in &mut groups {
            numbers.sort_by(by_number);
        }
        groups.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| by_number(&a.1[0], &b.1[0])));
        Ok(groups)
    }

    fn alike_groups_unsorted(&self) -> Result<Vec<(Shared, Vec<String>)>, StoreError> {
        let mut groups = Vec::new();
        let Some(index) = &self.search else {
            // A register from before the index, read as it is: every customer is read.
            let mut keyed: BTreeMap<(Shared, String), Vec<String>> = BTreeMap::new();
            self.for_each_customer(|customer| {
                let values: Values<'_> = std::array::from_fn(|i| customer.values[i].as_deref());
                let keys = [
                    (Shared::Phone, phone_key(&values)),
                    (Shared::Name, name_key(&values)),
                ];
                for (shared, key) in keys {
                    if let Some(key) = key {
                        let numbers = keyed.entry((shared, key)).or_default();
                        numbers.push(customer.number().to_string());
                    }
                }
                Ok::<(), StoreError>(())
            })?;
            let alike = keyed.into_iter().filter(|(_, numbers)| numbers.len() > 1);
            return Ok(alike
                .map(|((shared, _), numbers)| (shared, numbers))
                .collect());
        };
        for shared in [Shared::Phone, Shared::Name] {
            let kind = shared.kind().to_string();
            let mut term = String::new();
            let mut numbers: Vec<String> = Vec::new();
            let mut flush = |numbers: &mut Vec<String>| {
                if numbers.len() > 1 {
                    groups.push((shared, std::mem::take(numbers)));
                }
                numbers.clear();
            };
            blocks::for_each_from(index, &kind, |key, _| {
                let Some((this, number)) =
                    key.split_once(TERM_END).filter(|_| key.starts_with(&kind))
                else {
                    return false;
                };
                if this != term {
                    flush(&mut numbers);
                    term = this.to_string();
                }
                numbers.push(number_of(number).to_string());
                true
            })
            .map_err(in_blocks(self.path()))?;
            flush(&mut numbers);
        }
        Ok(groups)
    }

    /// The versions that changed the customer `number`, newest first, each with its change.
    pub fn versions_of(&self, number: &str) -> Result<Vec<(Version, Change)>, StoreError> {
        let mut found = Vec::new();
        let Some(index) = &self.search else {
            // A register from before the index, read as it is: its whole history is read.
            for entry in self.history()? {
                let mut mine = None;
                self.for_each_change(&entry, |change| {
                    if change.number == number {
                        mine = Some(change.clone());
                    }
                    Ok::<(), StoreError>(())
                })?;
                found.extend(mine.map(|change| (entry, change)));
            }
            return Ok(found);
        };
        let prefix = format!("{}{number}{TERM_END}", kind::VERSION);
        let mut held = Vec::new();
        blocks::for_each_from(index, &prefix, |key, value| {
            let Some(version) = key.strip_prefix(&prefix) else {
                return false;
            };
            let chunk = value.try_into().map(u32::from_le_bytes);
            if let (Ok(version), Ok(chunk)) = (version.parse::<u64>(), chunk) {
                held.push((version, chunk));
            }
            true
        })
        .map_err(in_blocks(self.path()))?;
        for (version, chunk) in held.into_iter().rev() {
            let unreadable = || damaged(self.path(), format!("history of version {version}"));
            let entry = self.entry(version)?.ok_or_else(unreadable)?;
            let changes = read_chunk(&self.changes, version, chunk, self.path())?;
            let change = changes.into_iter().find(|c| c.number == number);
            found.push((entry, change.ok_or_else(unreadable)?));
        }
        Ok(found)
    }
}

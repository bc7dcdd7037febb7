//! Right to erasure: `forget` removes a customer from the register and from every version of
//! the history.
//!
//! redb does not zero the pages it frees, so deleting in place would leave the person's data
//! in the file. Instead the register is copied into a new file without them (their history
//! changes replaced by an erased placeholder), the forget version is written there through
//! the one write path, and the new file replaces the old one by a rename. A crash before the
//! rename leaves the old register as it was; the rename itself is atomic.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use redb::{ReadableTable, TableDefinition, WriteTransaction};

use super::chunks::{decode_chunk, encode_chunk};
use super::error::{Cause, StoreError, damaged, in_blocks, io};
use super::file::{CHECKSUM, Db, create_new, new_builder, read_checksum, read_number, sync_folder};
use super::history::{Draft, Version};
use super::{CHANGES, CUSTOMERS, EMAILS, IMPORTED, META, SEARCH, Store, VERSIONS, blocks, search};
use crate::customer::{Change, Customer};
use crate::field::Field;

impl Store {
    /// Forgets `customer`. Returns the forget version.
    pub fn forget(self, customer: &Customer) -> Result<Version, StoreError> {
        let temp = temp_path(&self.path);
        // A copy left by an interrupted forget never holds the person's data; start afresh.
        match std::fs::remove_file(&temp) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(io(&temp)(e)),
            _ => {}
        }
        // A copy that could not be made whole (a full disk) is removed: the register stays.
        let entry = match self.copy_without(customer, &temp) {
            Ok(entry) => entry,
            Err(e) => {
                let _ = std::fs::remove_file(&temp);
                return Err(e.for_register(&self.path));
            }
        };
        // The old register stays open (and locked) until the new one has taken its place.
        let path = self.path.clone();
        if let Err(e) = std::fs::rename(&temp, &path) {
            // Windows replaces an open file only with POSIX rename semantics (NTFS, Windows 10
            // and later); elsewhere there (FAT, Wine) the register is closed first and the
            // rename tried once more at once. A program that opened it in between still holds
            // it then, and the rename fails again rather than replace what it wrote.
            let retried = if cfg!(windows) && e.kind() == std::io::ErrorKind::PermissionDenied {
                drop(self);
                std::fs::rename(&temp, &path)
            } else {
                Err(e)
            };
            if let Err(e) = retried {
                let _ = std::fs::remove_file(&temp);
                return Err(io(&path)(e));
            }
        }
        sync_folder(&path);
        Ok(entry)
    }

    /// Makes the register without `customer` at `temp`, with the forget version written in
    /// it; returns that version.
    fn copy_without(&self, customer: &Customer, temp: &Path) -> Result<Version, StoreError> {
        let copy = Store {
            db: Db::Write(create_new(&new_builder(), temp).map_err(|e| damaged(temp, e))?),
            path: temp.to_path_buf(),
            opened_len: 0,
        };
        self.copy_into(&copy, Some(customer))?;
        let (_, entry) = copy.write(|writer| {
            writer.apply(&[Change::erased()])?;
            Ok::<_, StoreError>(((), Some(Draft::forget())))
        })?;
        let entry = entry.ok_or_else(|| damaged(temp, "no forget version"))?;
        copy.note_forgotten(entry.number, customer.number())?;
        Ok(entry)
    }

    /// Copies every table into `copy` in one transaction, leaving out `without` (if given)
    /// and replacing their history changes by the erased placeholder.
    pub(super) fn copy_into(
        &self,
        copy: &Store,
        without: Option<&Customer>,
    ) -> Result<(), StoreError> {
        let from = self.begin_read()?;
        let to = copy.begin_write()?;
        let failed = |e: &dyn Cause| damaged(&self.path, e);
        let Some(customer) = without else {
            copy_table(&from, &to, META, &failed)?;
            copy_table(&from, &to, VERSIONS, &failed)?;
            copy_table(&from, &to, IMPORTED, &failed)?;
            copy_table(&from, &to, CUSTOMERS, &failed)?;
            copy_table(&from, &to, EMAILS, &failed)?;
            copy_table(&from, &to, SEARCH, &failed)?;
            copy_table(&from, &to, CHANGES, &failed)?;
            return to.commit().map_err(|e| failed(&e));
        };
        let number = customer.number();
        copy_table(&from, &to, META, &failed)?;
        copy_table(&from, &to, VERSIONS, &failed)?;
        copy_table(&from, &to, IMPORTED, &failed)?;
        let index = from.open_table(SEARCH).map_err(|e| failed(&e))?;
        let index_keys = search::keys_of(&index, customer, &self.path)?;
        let index_keys: Vec<&str> = index_keys.iter().map(String::as_str).collect();
        for (table, keys) in [
            (CUSTOMERS, vec![number]),
            (EMAILS, customer.get(Field::Email).into_iter().collect()),
            (SEARCH, index_keys),
        ] {
            let source = from.open_table(table).map_err(|e| failed(&e))?;
            let mut target = to.open_table(table).map_err(|e| failed(&e))?;
            blocks::copy_without(&source, &mut target, &keys).map_err(in_blocks(&self.path))?;
        }
        {
            let mut meta = to.open_table(META).map_err(|e| failed(&e))?;
            let count = read_number(&meta, "customers", &self.path)?;
            meta.insert("customers", &count.saturating_sub(1).to_le_bytes()[..])
                .map_err(|e| failed(&e))?;
            // The person leaves the checksum too; one that is not up to date is dropped, and
            // the forget's own write works it out again from the copy.
            let version = read_number(&meta, "version", &self.path)?;
            let source = from.open_table(CUSTOMERS).map_err(|e| failed(&e))?;
            let record = blocks::get(&source, number).map_err(in_blocks(&self.path))?;
            match (read_checksum(&meta, version, &self.path)?, record) {
                (Some(mut checksum), Some(record)) => {
                    checksum.remove(number, &record);
                    meta.insert(CHECKSUM, &checksum.to_bytes()[..])
                        .map_err(|e| failed(&e))?;
                }
                _ => {
                    meta.remove(CHECKSUM).map_err(|e| failed(&e))?;
                }
            }
        }
        {
            let source = from.open_table(CHANGES).map_err(|e| failed(&e))?;
            let mut target = to.open_table(CHANGES).map_err(|e| failed(&e))?;
            for entry in source.iter().map_err(|e| failed(&e))? {
                let (key, value) = entry.map_err(|e| failed(&e))?;
                let (key, value) = (key.value(), value.value());
                let unreadable = || failed(&format!("history of version {}", key.0));
                let mut changes = decode_chunk(value).ok_or_else(unreadable)?;
                let mut hit = false;
                for change in changes.iter_mut().filter(|c| c.number == number) {
                    *change = Change::erased();
                    hit = true;
                }
                let rewritten;
                let value = if hit {
                    let mut raw = Vec::new();
                    for change in &changes {
                        raw = postcard::to_extend(change, raw).map_err(|e| failed(&e))?;
                    }
                    rewritten = encode_chunk(&raw);
                    rewritten.as_slice()
                } else {
                    value
                };
                target.insert(key, value).map_err(|e| failed(&e))?;
            }
        }
        to.commit().map_err(|e| failed(&e))
    }
}

/// Copies every entry of `table`.
fn copy_table<K: redb::Key + 'static, V: redb::Value + 'static>(
    from: &redb::ReadTransaction,
    to: &WriteTransaction,
    table: TableDefinition<K, V>,
    failed: &dyn Fn(&dyn Cause) -> StoreError,
) -> Result<(), StoreError> {
    let source = from.open_table(table).map_err(|e| failed(&e))?;
    let mut target = to.open_table(table).map_err(|e| failed(&e))?;
    for entry in source.iter().map_err(|e| failed(&e))? {
        let (key, value) = entry.map_err(|e| failed(&e))?;
        target
            .insert(key.value(), value.value())
            .map_err(|e| failed(&e))?;
    }
    Ok(())
}

/// The new register is built beside the old one: `NAME.forgetting`.
fn temp_path(path: &Path) -> PathBuf {
    let mut name = OsString::from(path.as_os_str());
    name.push(".forgetting");
    PathBuf::from(name)
}

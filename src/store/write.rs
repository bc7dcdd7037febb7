//! The one way to change the register: [`Store::write`] runs the caller's work on a
//! [`Writer`] inside one write transaction and records the version it drafts, with the
//! changes it applied, before committing. Any error leaves the register untouched.

use std::path::Path;

use redb::ReadableTable;

use super::blocks::{BlockWriter, Blocks};
use super::checksum::RegisterChecksum;
use super::chunks::{Chunks, read_chunk};
use super::emails::EmailEdits;
use super::error::{Cause, StoreError, damaged, in_blocks};
use super::file::{CHECKSUM, CHECKSUM_AT, read_checksum, read_number};
use super::history::{Draft, History, Kind, Version, encode_version, read_entries, read_entry};
use super::search::{Highest, SearchEdits};
use super::tables::checksum_of;
use super::tables::{Tables, imported_as, register_through_tables};
use super::{CHANGES, CUSTOMERS, EMAILS, IMPORTED, META, SEARCH, Store, VERSIONS};
use crate::customer::Change;

/// The register inside a write transaction: read it (as a [`crate::plan::Register`] and a
/// [`History`]) and [`Writer::apply`] changes to it.
pub struct Writer<'txn> {
    tables: Tables<Blocks<'txn>>,
    versions: redb::Table<'txn, u64, &'static [u8]>,
    imported: redb::Table<'txn, &'static [u8], u64>,
    /// The changes applied so far, for the history.
    chunks: Chunks<'txn>,
    /// Email index edits, written in email order when the work is done.
    emails: EmailEdits,
    /// Search index edits, written in key order when the work is done.
    search: SearchEdits,
    /// Writes the customers' blocks.
    customer_blocks: BlockWriter,
    /// The register's checksum as the changes so far leave it.
    checksum: RegisterChecksum,
}

register_through_tables!(Writer<'_>);

impl History for Writer<'_> {
    fn entries(&self, first: u64, last: u64) -> Result<Vec<Version>, StoreError> {
        read_entries(&self.versions, first..=last, &self.tables.path)
    }

    fn chunk(&self, version: u64, index: u32) -> Result<Vec<Change>, StoreError> {
        read_chunk(self.chunks.table(), version, index, &self.tables.path)
    }
}

impl Writer<'_> {
    /// The register's checksum as the changes applied so far leave it.
    pub fn checksum(&self) -> RegisterChecksum {
        self.checksum
    }

    /// The version that applied the bytes with this SHA-256, while it stands.
    pub fn imported_as(&self, sha256: &[u8; 32]) -> Result<Option<Version>, StoreError> {
        imported_as(&self.imported, &self.versions, sha256, &self.tables.path)
    }

    /// Applies a batch of changes to the customers, notes the email index edits, and adds
    /// the changes to the history of the version being written.
    pub fn apply(&mut self, changes: &[Change]) -> Result<(), StoreError> {
        let edits: Vec<(&str, Option<&[u8]>)> = changes
            .iter()
            .map(|c| (c.number.as_str(), c.after.as_deref()))
            .collect();
        let t = &mut self.tables;
        let count = &mut t.count;
        self.customer_blocks
            .apply(&mut t.customers, &edits, |i, before| {
                match (before.is_some(), edits[i].1.is_some()) {
                    (false, true) => *count += 1,
                    (true, false) => *count = count.saturating_sub(1),
                    _ => {}
                }
                Ok::<(), StoreError>(())
            })
            .map_err(in_blocks(&t.path))??;
        self.checksum.merge(RegisterChecksum::of_changes(changes));
        for change in changes {
            if change.after.is_some() {
                self.tables
                    .highest
                    .get_or_insert_default()
                    .saw(&change.number);
            }
            self.emails.note(change)?;
            let (version, chunk) = (self.chunks.version, self.chunks.count);
            self.search
                .note(change, version, chunk, &self.tables.path)?;
            self.chunks.push(change, &self.tables.path)?;
        }
        Ok(())
    }

    /// Records `draft` as version `number`: its entry, the bytes it imported, and for a
    /// rollback the versions it undoes and redoes.
    fn record(&mut self, draft: &Draft, number: u64) -> Result<Version, StoreError> {
        let path = self.tables.path.clone();
        let failed = |e: &dyn Cause| damaged(&path, e);
        if let Some((exact, _)) = draft.exact
            && exact != number
        {
            return Err(failed(&format!(
                "version {exact} cannot follow version {}",
                number - 1
            )));
        }
        let entry = draft.entry(number, chrono::Utc::now().timestamp(), self.chunks.count);
        let encoded = encode_version(&entry).map_err(|e| failed(&e))?;
        self.versions
            .insert(number, encoded.as_slice())
            .map_err(|e| failed(&e))?;
        if let Some(sha) = &entry.sha256 {
            self.imported
                .insert(&sha[..], number)
                .map_err(|e| failed(&e))?;
        }
        let marks = draft.undid.iter().map(|&v| (v, Some(number)));
        for (version, mark) in marks.chain(draft.redid.iter().map(|&v| (v, None))) {
            self.mark(version, mark, &path)?;
        }
        Ok(entry)
    }

    /// Marks `version` as rolled back by `mark` (or no longer, for `None`). Bytes whose import
    /// is undone may be imported again; a redo makes them imported again, unless another
    /// import of them stands meanwhile.
    fn mark(&mut self, version: u64, mark: Option<u64>, path: &Path) -> Result<(), StoreError> {
        let failed = |e: &dyn Cause| damaged(path, e);
        let mut entry = read_entry(&self.versions, version, path)?
            .ok_or_else(|| failed(&format!("history entry {version}")))?;
        entry.rolled_back_by = mark;
        let encoded = encode_version(&entry).map_err(|e| failed(&e))?;
        self.versions
            .insert(version, encoded.as_slice())
            .map_err(|e| failed(&e))?;
        let Some(sha) = entry.sha256.filter(|_| entry.kind == Kind::Import) else {
            return Ok(());
        };
        let holder = self
            .imported
            .get(&sha[..])
            .map_err(|e| failed(&e))?
            .map(|g| g.value());
        match (mark, holder) {
            (Some(_), Some(v)) if v == version => {
                self.imported.remove(&sha[..]).map_err(|e| failed(&e))?;
            }
            (None, None) => {
                self.imported
                    .insert(&sha[..], version)
                    .map_err(|e| failed(&e))?;
            }
            _ => {}
        }
        Ok(())
    }
}

impl Store {
    /// The one write path: runs `work` on the register inside a write transaction and, if it
    /// returns a draft, records it as the next version together with the changes `work`
    /// applied, then commits. Nothing is committed when `work` fails or drafts no version.
    pub fn write<T, E: From<StoreError>>(
        &self,
        work: impl FnOnce(&mut Writer<'_>) -> Result<(T, Option<Draft>), E>,
    ) -> Result<(T, Option<Version>), E> {
        let path = self.path();
        let failed = |e: &dyn Cause| damaged(path, e);
        let txn = self.begin_write()?;
        let (result, entry) = {
            let mut meta = txn.open_table(META).map_err(|e| failed(&e))?;
            let version = read_number(&meta, "version", path)?;
            let customers = txn.open_table(CUSTOMERS).map_err(|e| failed(&e))?;
            let checksum = match read_checksum(&meta, version, path)? {
                Some(checksum) => checksum,
                None => checksum_of(&customers, path)?,
            };
            let mut writer = Writer {
                tables: Tables {
                    version,
                    count: read_number(&meta, "customers", path)?,
                    customers,
                    emails: txn.open_table(EMAILS).map_err(|e| failed(&e))?,
                    highest: Some(Highest::read(&meta, path)?),
                    path: path.to_path_buf(),
                },
                versions: txn.open_table(VERSIONS).map_err(|e| failed(&e))?,
                imported: txn.open_table(IMPORTED).map_err(|e| failed(&e))?,
                chunks: Chunks::new(
                    txn.open_table(CHANGES).map_err(|e| failed(&e))?,
                    version + 1,
                ),
                emails: EmailEdits::default(),
                search: SearchEdits::default(),
                customer_blocks: BlockWriter::default(),
                checksum,
            };
            let (result, draft) = work(&mut writer)?;
            let Some(draft) = draft else {
                return Ok((result, None));
            };
            writer.chunks.flush(path)?;
            std::mem::take(&mut writer.emails).write(&mut writer.tables.emails, path)?;
            let mut index = txn.open_table(SEARCH).map_err(|e| failed(&e))?;
            std::mem::take(&mut writer.search).write(&mut index, path)?;
            if let Some(highest) = &writer.tables.highest {
                highest.keep(&mut meta, path)?;
            }
            let entry = writer.record(&draft, version + 1)?;
            meta.insert("version", &entry.number.to_le_bytes()[..])
                .map_err(|e| failed(&e))?;
            meta.insert("customers", &writer.tables.count.to_le_bytes()[..])
                .map_err(|e| failed(&e))?;
            meta.insert(CHECKSUM, &writer.checksum.to_bytes()[..])
                .map_err(|e| failed(&e))?;
            meta.insert(CHECKSUM_AT, &entry.number.to_le_bytes()[..])
                .map_err(|e| failed(&e))?;
            (result, entry)
        };
        txn.commit().map_err(|e| failed(&e))?;
        Ok((result, Some(entry)))
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;
    use crate::plan::Fingerprint;
    use crate::store::{Access, Source};

    /// The checksum the file keeps, and the one worked out from its customers.
    fn kept_and_counted(store: &Store) -> (Option<RegisterChecksum>, RegisterChecksum) {
        let txn = store.begin_read().unwrap();
        let meta = txn.open_table(META).unwrap();
        let version = read_number(&meta, "version", store.path()).unwrap();
        let customers = txn.open_table(CUSTOMERS).unwrap();
        (
            read_checksum(&meta, version, store.path()).unwrap(),
            checksum_of(&customers, store.path()).unwrap(),
        )
    }

    fn change(number: &str, before: Option<&[u8]>, after: Option<&[u8]>) -> Change {
        Change {
            number: number.into(),
            before: before.map(<[u8]>::to_vec),
            after: after.map(<[u8]>::to_vec),
        }
    }

    #[test]
    fn every_write_keeps_the_checksum_and_a_stale_one_is_worked_out_again() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("k.redb");
        let store = Store::open(&path, Access::Write, Duration::ZERO, &mut || {})
            .unwrap()
            .unwrap();
        let record = |name: &str| {
            let mut values = [None; crate::field::FIELD_COUNT];
            values[crate::field::Field::FirstName.index()] = Some(name);
            let mut bytes = Vec::new();
            crate::customer::encode(&values, &mut bytes);
            bytes
        };
        let (anna, bo) = (record("Anna"), record("Bo"));
        let source = Source {
            name: "k.csv".into(),
            sha256: [1; 32],
        };
        let draft = || Draft::import(&source, 1, 0, Fingerprint([0; 32]));
        let write = |changes: Vec<Change>| {
            store
                .write(|w| {
                    w.apply(&changes)?;
                    Ok::<_, StoreError>(((), Some(draft())))
                })
                .unwrap();
        };
        write(vec![
            change("1", None, Some(&anna)),
            change("2", None, Some(&bo)),
        ]);
        write(vec![
            change("1", Some(&anna), Some(&bo)),
            change("2", Some(&bo), None),
        ]);
        let (kept, counted) = kept_and_counted(&store);
        assert_eq!(kept, Some(counted));
        let mut expected = RegisterChecksum::default();
        expected.add("1", &bo);
        assert_eq!(counted, expected);
        // A write by an earlier kundreg moves the version on without the checksum.
        {
            let txn = match &store.db {
                super::super::file::Db::Write(db) => db.begin_write().unwrap(),
                super::super::file::Db::Read(_) => unreachable!("opened for writing"),
            };
            txn.open_table(META)
                .unwrap()
                .insert("version", &9u64.to_le_bytes()[..])
                .unwrap();
            txn.commit().unwrap();
        }
        assert_eq!(kept_and_counted(&store).0, None, "stale");
        assert_eq!(store.read().unwrap().checksum().unwrap(), expected);
        write(vec![change("3", None, Some(&anna))]);
        expected.add("3", &anna);
        assert_eq!(kept_and_counted(&store), (Some(expected), expected));
    }
}

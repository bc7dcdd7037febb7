//! Edits of the index within one write transaction: noted as customers change (the terms a
//! customer loses and gains, and the version that changed them), and written in key order at
//! the end.
//!
//! A load of a million customers makes some ten million edits, more than memory should hold
//! beside the import. Once the edits noted take [`SPILL_BYTES`], they are sorted and put in
//! an unnamed temporary file (removed by the system when closed); at the end the runs are
//! merged, so memory stays bounded whatever the size of the write. A large write notes its
//! edits on a thread of its own, beside the one that plans and writes the customers
//! ([`SearchEdits`]).

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::fs::File;
use std::io::{BufReader, BufWriter, Read, Seek, Write};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{SyncSender, sync_channel};
use std::thread::JoinHandle;

use super::version_key;
use crate::customer::{self, Change, RecordError};
use crate::search::{TERM_END, order_key, terms};
use crate::store::blocks::{BlockWriter, Blocks};
use crate::store::error::{StoreError, in_blocks, io};

/// [`TERM_END`] as text.
const TERM_END_TEXT: &str = "\0";
const _: () = assert!(TERM_END == '\0');

/// Bytes of keys held in memory before they are put in a temporary file.
const SPILL_BYTES: usize = 1 << 20;
/// How many edits are written to the index at a time, and how many changes are handed to the
/// thread that notes them at a time.
const BATCH: usize = 4096;

/// A change to note: the change, the version that makes it, its history chunk.
type ToNote = (Change, u64, u32);
/// The thread that notes the changes of a large write: where to hand them, and what it noted.
type Helper = (
    SyncSender<Vec<ToNote>>,
    JoinHandle<Result<Noted, StoreError>>,
);

/// The index edits of one write transaction: noted on this thread for a small write, on a
/// thread of its own once the changes fill a batch.
#[derive(Default)]
pub(crate) struct SearchEdits {
    /// Changes not yet handed over (or noted here, for a small write).
    batch: Vec<ToNote>,
    helper: Option<Helper>,
}

impl SearchEdits {
    /// Notes the edits `change`, made by `version` and kept in its history chunk `chunk`,
    /// makes.
    pub(crate) fn note(
        &mut self,
        change: &Change,
        version: u64,
        chunk: u32,
        path: &Path,
    ) -> Result<(), StoreError> {
        if change.is_erased() {
            return Ok(());
        }
        self.batch.push((change.clone(), version, chunk));
        if self.batch.len() < BATCH {
            return Ok(());
        }
        let batch = std::mem::take(&mut self.batch);
        let (sender, _) = self
            .helper
            .get_or_insert_with(|| helper(path.to_path_buf()));
        // A helper that stopped has failed: its error is found when it is joined.
        let _ = sender.send(batch);
        Ok(())
    }

    /// Applies the edits to the index in key order.
    pub(crate) fn write(mut self, index: &mut Blocks<'_>, path: &Path) -> Result<(), StoreError> {
        let mut noted = match self.helper.take() {
            Some((sender, helper)) => {
                let _ = sender.send(std::mem::take(&mut self.batch));
                drop(sender);
                helper
                    .join()
                    .map_err(|_| crate::store::error::damaged(path, "the index edits stopped"))??
            }
            None => Noted::default(),
        };
        for (change, version, chunk) in std::mem::take(&mut self.batch) {
            noted.note(&change, version, chunk, path)?;
        }
        noted.write(index, path)
    }
}

/// A thread that notes the changes it is handed, until the sender is dropped.
fn helper(
    path: PathBuf,
) -> (
    SyncSender<Vec<ToNote>>,
    JoinHandle<Result<Noted, StoreError>>,
) {
    let (sender, batches) = sync_channel::<Vec<ToNote>>(1);
    let helper = std::thread::spawn(move || {
        let mut noted = Noted::default();
        for batch in batches {
            for (change, version, chunk) in batch {
                noted.note(&change, version, chunk, &path)?;
            }
        }
        Ok(noted)
    });
    (sender, helper)
}

/// What an edit does to its key.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Op {
    Remove,
    /// Adds a term's key (its value is empty).
    Term,
    /// Adds a version's key; the value is the history chunk that holds the change.
    Version(u32),
}

impl Op {
    /// The value the key is given; `None` when it is removed.
    fn value(self) -> Option<[u8; 4]> {
        match self {
            Op::Remove => None,
            Op::Term => Some([0; 4]),
            Op::Version(chunk) => Some(chunk.to_le_bytes()),
        }
    }

    /// How long the value is: a term's is empty.
    fn value_len(self) -> usize {
        match self {
            Op::Version(_) => 4,
            _ => 0,
        }
    }
}

/// The index edits noted so far: in memory, and in sorted runs.
#[derive(Default)]
pub(crate) struct Noted {
    /// The keys noted and not yet spilled, one after another.
    keys: String,
    /// Each noted edit: where its key ends in `keys`, and what it does.
    ends: Vec<(u32, Op)>,
    /// Sorted runs put in temporary files.
    runs: Vec<File>,
}

impl Noted {
    /// Notes the edits `change` (not an erased one: [`SearchEdits`] leaves those out), made by
    /// `version` and kept in its history chunk `chunk`, makes: the terms the customer loses
    /// and gains, and the version.
    pub(crate) fn note(
        &mut self,
        change: &Change,
        version: u64,
        chunk: u32,
        path: &Path,
    ) -> Result<(), StoreError> {
        self.note_terms(change)?;
        self.note_version(&change.number, version, chunk, path)
    }

    /// Notes that `version` changed the customer `number`, in its history chunk `chunk`.
    pub(crate) fn note_version(
        &mut self,
        number: &str,
        version: u64,
        chunk: u32,
        path: &Path,
    ) -> Result<(), StoreError> {
        self.push(&[&version_key(number, version)], Op::Version(chunk));
        if self.keys.len() >= SPILL_BYTES {
            self.spill(path)?;
        }
        Ok(())
    }

    /// Notes the terms the customer of `change` loses and gains.
    pub(crate) fn note_terms(&mut self, change: &Change) -> Result<(), RecordError> {
        let terms_of = |record: &Option<Vec<u8>>| -> Result<Vec<String>, RecordError> {
            match record {
                Some(record) => Ok(terms(&customer::decode(&change.number, record)?)),
                None => Ok(Vec::new()),
            }
        };
        let (old, new) = (terms_of(&change.before)?, terms_of(&change.after)?);
        let number = &order_key(&change.number);
        for term in old.iter().filter(|t| new.binary_search(t).is_err()) {
            self.push(&[term, TERM_END_TEXT, number], Op::Remove);
        }
        for term in new.iter().filter(|t| old.binary_search(t).is_err()) {
            self.push(&[term, TERM_END_TEXT, number], Op::Term);
        }
        Ok(())
    }

    /// Notes the edit of the key made of `parts`.
    fn push(&mut self, parts: &[&str], op: Op) {
        for part in parts {
            self.keys.push_str(part);
        }
        // Spilled long before: the keys held stay far below 4 GB.
        let end = u32::try_from(self.keys.len()).unwrap_or(u32::MAX);
        self.ends.push((end, op));
    }

    /// The edits held in memory, sorted by key (in the order noted for one key).
    fn sorted(&self) -> Vec<(&str, Op)> {
        let mut start = 0;
        let mut edits: Vec<(&str, u32, Op)> = self
            .ends
            .iter()
            .zip(0..)
            .map(|(&(end, op), i)| {
                let end = end as usize;
                let key = self.keys.get(start..end).unwrap_or_default();
                start = end;
                (key, i, op)
            })
            .collect();
        edits.sort_unstable_by(|a, b| a.0.cmp(b.0).then(a.1.cmp(&b.1)));
        edits.into_iter().map(|(key, _, op)| (key, op)).collect()
    }

    /// Puts the edits held in memory in a temporary file, sorted.
    fn spill(&mut self, path: &Path) -> Result<(), StoreError> {
        let failed = io(path);
        let mut file = tempfile::tempfile().map_err(&failed)?;
        {
            let mut out = BufWriter::new(&mut file);
            for (key, op) in self.sorted() {
                let len = u32::try_from(key.len()).unwrap_or(u32::MAX);
                out.write_all(&len.to_le_bytes()).map_err(&failed)?;
                out.write_all(key.as_bytes()).map_err(&failed)?;
                let (tag, value) = match op {
                    Op::Remove => (0, 0),
                    Op::Term => (1, 0),
                    Op::Version(chunk) => (2, chunk),
                };
                out.write_all(&[tag]).map_err(&failed)?;
                out.write_all(&value.to_le_bytes()).map_err(&failed)?;
            }
            out.flush().map_err(&failed)?;
        }
        file.rewind().map_err(&failed)?;
        self.runs.push(file);
        self.keys.clear();
        self.ends.clear();
        Ok(())
    }

    /// Applies the edits to the index in key order.
    pub(crate) fn write(mut self, index: &mut Blocks<'_>, path: &Path) -> Result<(), StoreError> {
        let mut writer = BlockWriter::default();
        if self.runs.is_empty() {
            let edits = self.sorted();
            for batch in edits.chunks(BATCH) {
                apply(&mut writer, index, batch.iter().copied(), path)?;
            }
            return Ok(());
        }
        if !self.ends.is_empty() {
            self.spill(path)?;
        }
        let mut runs: Vec<BufReader<File>> = std::mem::take(&mut self.runs)
            .into_iter()
            .map(|file| BufReader::with_capacity(1 << 14, file))
            .collect();
        // The next edit of each run, smallest key first; a key in two runs, the earlier first.
        let mut heads = BinaryHeap::new();
        for (i, run) in runs.iter_mut().enumerate() {
            if let Some((key, op)) = next_edit(run, path)? {
                heads.push(Reverse((key, i, op)));
            }
        }
        let mut batch: Vec<(String, Op)> = Vec::with_capacity(BATCH);
        while let Some(Reverse((key, i, op))) = heads.pop() {
            batch.push((key, op));
            if let Some((key, op)) = next_edit(&mut runs[i], path)? {
                heads.push(Reverse((key, i, op)));
            }
            if batch.len() == BATCH || heads.is_empty() {
                let edits = batch.iter().map(|(k, op)| (k.as_str(), *op));
                apply(&mut writer, index, edits, path)?;
                batch.clear();
            }
        }
        Ok(())
    }
}

/// The next edit of a spilled run, if any.
fn next_edit(run: &mut BufReader<File>, path: &Path) -> Result<Option<(String, Op)>, StoreError> {
    let mut len = [0; 4];
    match run.read_exact(&mut len) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => return Ok(None),
        Err(e) => return Err(io(path)(e)),
    }
    let mut key = vec![0; u32::from_le_bytes(len) as usize];
    run.read_exact(&mut key).map_err(io(path))?;
    let mut op = [0; 5];
    run.read_exact(&mut op).map_err(io(path))?;
    // The run was written from strings a moment ago, by this process.
    let key = String::from_utf8(key).unwrap_or_default();
    let op = match op {
        [0, ..] => Op::Remove,
        [1, ..] => Op::Term,
        [_, a, b, c, d] => Op::Version(u32::from_le_bytes([a, b, c, d])),
    };
    Ok(Some((key, op)))
}

/// Applies a batch of edits, in key order, to the index.
fn apply<'a>(
    writer: &mut BlockWriter,
    index: &mut Blocks<'_>,
    batch: impl Iterator<Item = (&'a str, Op)>,
    path: &Path,
) -> Result<(), StoreError> {
    let batch: Vec<(&str, Op, Option<[u8; 4]>)> =
        batch.map(|(key, op)| (key, op, op.value())).collect();
    let edits: Vec<(&str, Option<&[u8]>)> = batch
        .iter()
        .map(|(key, op, value)| (*key, value.as_ref().map(|v| &v[..op.value_len()])))
        .collect();
    writer
        .apply(index, &edits, |_, _| Ok::<(), StoreError>(()))
        .map_err(in_blocks(path))?
}

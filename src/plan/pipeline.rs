//! The planning loop: the rows in customer-number order, a batch at a time, on two threads —
//! one looks the batch up in the register (and writes an apply's changes), the other works it
//! out: counts, fingerprint, the outcomes a report keeps, the changes an apply makes.

use sha2::{Digest, Sha256};

use super::outcome::outcome;
use super::targets::Targets;
use super::{BATCH, Counts, OutcomeTexts, Purpose, Register, RowOutcome, Status, hash_change};
use crate::customer::{self, Change, RecordError};
use crate::parse::ParsedFile;

/// One batch of rows to plan, with the records the register holds for them.
struct Looked<'a> {
    rows: &'a [u32],
    buf: Vec<u8>,
    found: Vec<Option<(usize, usize)>>,
}

/// Works out what rows do, batch by batch in customer-number order: counts, fingerprint, the
/// outcomes a report keeps, the changes an apply makes.
pub(super) struct Planner {
    pub(super) hasher: Sha256,
    pub(super) counts: Counts,
    pub(super) outcomes: Vec<RowOutcome>,
    pub(super) texts: OutcomeTexts,
    apply: bool,
    keep_unchanged: bool,
    after_bytes: Vec<u8>,
}

impl Planner {
    /// A planner for `purpose`, of a file whose bytes hash to `file_sha` and that has
    /// `errors` row errors already.
    pub(super) fn new<R: Register>(
        file_sha: &[u8; 32],
        errors: u64,
        purpose: &Purpose<'_, R>,
    ) -> Planner {
        let mut hasher = Sha256::new();
        hasher.update(b"kundreg plan 1\0");
        hasher.update(file_sha);
        Planner {
            hasher,
            counts: Counts {
                error: errors,
                ..Counts::default()
            },
            outcomes: Vec::new(),
            texts: OutcomeTexts::default(),
            apply: matches!(purpose, Purpose::Apply(_)),
            keep_unchanged: matches!(purpose, Purpose::Report { unchanged: true }),
            after_bytes: Vec::new(),
        }
    }

    /// Plans one batch; for an apply its changes go to `changes`.
    fn batch(
        &mut self,
        parsed: &ParsedFile,
        targets: &Targets,
        looked: &Looked<'_>,
        changes: &mut Vec<Change>,
    ) -> Result<(), RecordError> {
        let Looked { rows, buf, found } = looked;
        for (&row, record) in rows.iter().zip(found) {
            let number = targets.number(&parsed.rows, row);
            let before_bytes = record.map(|(a, b)| &buf[a..b]);
            let before = before_bytes
                .map(|bytes| customer::decode(number, bytes))
                .transpose()?;
            let kept = self.texts.len();
            let (outcome, after) = outcome(
                parsed,
                row as usize,
                number,
                before.as_ref(),
                &mut self.texts,
            );
            match outcome.status {
                Status::New => self.counts.new += 1,
                Status::Update => self.counts.update += 1,
                Status::Unchanged => self.counts.unchanged += 1,
            }
            if outcome.status != Status::Unchanged {
                customer::encode(&after, &mut self.after_bytes);
                hash_change(
                    &mut self.hasher,
                    number,
                    before_bytes,
                    Some(&self.after_bytes),
                );
                if self.apply {
                    changes.push(Change {
                        number: number.to_string(),
                        before: before_bytes.map(<[u8]>::to_vec),
                        after: Some(self.after_bytes.clone()),
                    });
                }
            }
            if !self.apply && (self.keep_unchanged || outcome.status != Status::Unchanged) {
                self.outcomes.push(outcome);
            } else {
                self.texts.truncate(kept);
            }
        }
        Ok(())
    }
}

/// Plans the rows of `order` on two threads: this one looks each batch up in the register
/// (and hands an apply's changes to the sink), the other works the batches out meanwhile.
/// Batch `k + 1` is looked up before the changes of batch `k` are written: it holds other
/// customers, whose records those changes do not touch.
pub(super) fn pipeline<R: Register>(
    parsed: &ParsedFile,
    targets: &Targets,
    order: &[u32],
    register: &mut R,
    mut planner: Planner,
    purpose: &mut Purpose<'_, R>,
    progress: &mut dyn FnMut(usize),
) -> Result<Planner, R::Error> {
    std::thread::scope(|scope| {
        let (to_worker, work) = std::sync::mpsc::sync_channel::<Looked<'_>>(1);
        let (to_main, results) = std::sync::mpsc::sync_channel(1);
        let worker = scope.spawn(move || {
            for looked in work {
                let mut changes = Vec::new();
                let planned = planner.batch(parsed, targets, &looked, &mut changes);
                let failed = planned.is_err();
                if to_main
                    .send((looked.rows.len(), planned.map(|()| changes)))
                    .is_err()
                    || failed
                {
                    break;
                }
            }
            planner
        });
        let mut done = 0;
        let mut sink_next = |register: &mut R| -> Result<bool, R::Error> {
            let Ok((rows, planned)) = results.recv() else {
                return Ok(false);
            };
            let changes = planned?;
            if let Purpose::Apply(sink) = purpose
                && !changes.is_empty()
            {
                sink(register, &changes)?;
            }
            done += rows;
            progress(done);
            Ok(true)
        };
        let mut in_flight = 0;
        for rows in order.chunks(BATCH) {
            let numbers: Vec<&str> = rows
                .iter()
                .map(|&row| targets.number(&parsed.rows, row))
                .collect();
            let (mut buf, mut found) = (Vec::new(), Vec::new());
            register.records(&numbers, &mut buf, &mut found)?;
            if to_worker.send(Looked { rows, buf, found }).is_err() {
                break;
            }
            in_flight += 1;
            if in_flight > 1 {
                sink_next(register)?;
                in_flight -= 1;
            }
        }
        drop(to_worker);
        while in_flight > 0 && sink_next(register)? {
            in_flight -= 1;
        }
        Ok(worker
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic)))
    })
}

//! Rollback: undo one version, or every version after one, as a new version of kind rollback.
//!
//! A rollback is worked out the same way for a dry run (in a read view) and for the real run
//! (in the write transaction, where its changes go through the one write path), so a dry run
//! shows exactly what the real run acts on. Like an import's plan, it is made by its caller
//! against the register; the store only applies it.

use std::collections::BTreeMap;

use sha2::{Digest, Sha256};

use crate::customer::{self, Change};
use crate::field::Field;
use crate::plan::{BATCH, Fingerprint, Sink, hash_change};
use crate::store::{Draft, EmailEdits, History, Kind, StoreError, Version};

/// Why a rollback cannot even be worked out.
#[derive(Debug, thiserror::Error)]
pub enum RollbackError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("there is no version {version}")]
    NoSuchVersion { version: u64 },
    #[error("version {version} is a forget, which cannot be rolled back")]
    ForgetIsFinal { version: u64 },
    #[error("version {version} was already rolled back by version {by}")]
    AlreadyRolledBack { version: u64, by: u64 },
}

/// What to undo.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Undo {
    /// Exactly this version.
    Version(u64),
    /// Every version after this one, newest first (`To(0)` empties the register).
    To(u64),
}

/// Why a customer cannot simply be restored.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Conflict {
    /// A later version changed the customer: a field's value now, and the value the undone
    /// version left. `--force` restores the customer anyway.
    Changed {
        number: String,
        field: Field,
        now: Option<String>,
        left: Option<String>,
    },
    /// Restoring `number` would give it an email that `owner` has now. Not even `--force`
    /// gives one email to two customers.
    EmailTaken {
        number: String,
        email: String,
        owner: String,
    },
}

/// A worked-out rollback: what it changes, and what stands in its way.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct UndoPlan {
    pub undo: Undo,
    /// The register version it was worked out against.
    pub register_version: u64,
    /// Versions whose effect it undoes (they show as rolled back by the new version).
    pub undone: Vec<u64>,
    /// Versions whose effect comes back: those a rolled-back rollback had undone (a redo).
    pub redone: Vec<u64>,
    /// Customers brought back, restored to an earlier record, and removed.
    pub new: u64,
    pub update: u64,
    pub removed: u64,
    pub conflicts: Vec<Conflict>,
    pub force: bool,
    /// The first [`SHOWN`] changes, for the report.
    pub shown: Vec<Change>,
    pub fingerprint: Fingerprint,
}

/// Changes a rollback keeps for its report; the rest are counted.
pub const SHOWN: usize = 1000;

impl UndoPlan {
    /// Number of customers it changes.
    pub fn total(&self) -> u64 {
        self.new + self.update + self.removed
    }

    /// True when it may be applied: no conflicts, or only ones `--force` overrides.
    pub fn applicable(&self) -> bool {
        self.conflicts
            .iter()
            .all(|c| self.force && matches!(c, Conflict::Changed { .. }))
    }

    /// The history entry it becomes; `None` when it undoes nothing.
    pub fn draft(&self) -> Option<Draft> {
        (!self.undone.is_empty()).then(|| {
            Draft::rollback(
                self.undone.clone(),
                self.redone.clone(),
                [self.new, self.update, self.removed],
                self.fingerprint,
            )
        })
    }
}

/// The history entries an undo concerns, newest first: the version itself, or every version
/// after the one given.
fn entries(history: &impl History, undo: Undo) -> Result<Vec<Version>, RollbackError> {
    let current = history.version();
    let (first, last) = match undo {
        Undo::Version(v) if v == 0 || v > current => {
            return Err(RollbackError::NoSuchVersion { version: v });
        }
        Undo::Version(v) => (v, v),
        Undo::To(v) if v > current => return Err(RollbackError::NoSuchVersion { version: v }),
        Undo::To(v) => (v + 1, current),
    };
    Ok(history.entries(first, last)?)
}

/// One customer a rollback sets: its number, the record the undone version left (checked
/// against the record now; `None` when not checked), and the record to restore.
type Step<'a> = (&'a str, Option<Option<&'a [u8]>>, Option<&'a [u8]>);

/// Works `undo` out against `history`. With a sink (the real run, in the write transaction)
/// its changes are handed on batch by batch while no conflict stands in the way; without one
/// (a dry run, or the report shown before asking) nothing is written.
pub fn plan<H: History>(
    history: &mut H,
    undo: Undo,
    force: bool,
    mut sink: Option<Sink<'_, H>>,
) -> Result<UndoPlan, RollbackError> {
    let register_version = history.version();
    let entries = entries(history, undo)?;
    let mut work = Work {
        plan: UndoPlan {
            undo,
            register_version,
            undone: Vec::new(),
            redone: Vec::new(),
            new: 0,
            update: 0,
            removed: 0,
            conflicts: Vec::new(),
            force,
            shown: Vec::new(),
            fingerprint: Fingerprint([0; 32]),
        },
        hasher: Sha256::new(),
        emails: EmailEdits::default(),
        buf: Vec::new(),
        found: Vec::new(),
        out: Vec::new(),
    };
    work.hasher.update(b"kundreg undo 1\0");
    let (tag, version) = match undo {
        Undo::Version(v) => (b'v', v),
        Undo::To(v) => (b't', v),
    };
    work.hasher.update([tag, u8::from(force)]);
    work.hasher.update(version.to_le_bytes());
    match undo {
        Undo::Version(version) => {
            let entry = entries
                .first()
                .ok_or(RollbackError::NoSuchVersion { version })?;
            if entry.kind == Kind::Forget {
                return Err(RollbackError::ForgetIsFinal {
                    version: entry.number,
                });
            }
            if let Some(by) = entry.rolled_back_by {
                return Err(RollbackError::AlreadyRolledBack {
                    version: entry.number,
                    by,
                });
            }
            work.plan.undone.push(entry.number);
            work.plan.redone = entry.undid.clone();
            for index in 0..entry.chunks {
                let chunk = history.chunk(entry.number, index)?;
                let steps: Vec<Step<'_>> = chunk
                    .iter()
                    .filter(|c| !c.is_erased())
                    .map(|c| {
                        (
                            c.number.as_str(),
                            Some(c.after.as_deref()),
                            c.before.as_deref(),
                        )
                    })
                    .collect();
                work.batch(history, &mut sink, &steps)?;
            }
        }
        Undo::To(_) => {
            // The record each customer had right after the target version: the before-record
            // of the earliest change after it. Erased customers stay erased.
            let mut goal: BTreeMap<String, Option<Vec<u8>>> = BTreeMap::new();
            for entry in &entries {
                if entry.kind != Kind::Forget && entry.rolled_back_by.is_none() {
                    work.plan.undone.push(entry.number);
                }
                for index in (0..entry.chunks).rev() {
                    for change in history.chunk(entry.number, index)?.into_iter().rev() {
                        if !change.is_erased() {
                            goal.insert(change.number, change.before);
                        }
                    }
                }
            }
            let goal: Vec<(&String, &Option<Vec<u8>>)> = goal.iter().collect();
            for batch in goal.chunks(BATCH) {
                let steps: Vec<Step<'_>> = batch
                    .iter()
                    .map(|(n, record)| (n.as_str(), None, record.as_deref()))
                    .collect();
                work.batch(history, &mut sink, &steps)?;
            }
        }
    }
    Ok(work.finish(history)?)
}

/// A rollback being worked out.
struct Work {
    plan: UndoPlan,
    hasher: Sha256,
    emails: EmailEdits,
    buf: Vec<u8>,
    found: Vec<Option<(usize, usize)>>,
    out: Vec<Change>,
}

impl Work {
    /// Compares a batch of customers with the register, notes conflicts and changes, and
    /// hands the changes on while they may still be applied.
    fn batch<H: History>(
        &mut self,
        history: &mut H,
        sink: &mut Option<Sink<'_, H>>,
        steps: &[Step<'_>],
    ) -> Result<(), StoreError> {
        let mut order: Vec<usize> = (0..steps.len()).collect();
        order.sort_by_key(|&i| steps[i].0);
        let numbers: Vec<&str> = order.iter().map(|&i| steps[i].0).collect();
        history.records(&numbers, &mut self.buf, &mut self.found)?;
        self.out.clear();
        for (&i, record) in order.iter().zip(&self.found) {
            let (number, left, goal) = steps[i];
            let now = record.map(|(a, b)| &self.buf[a..b]);
            if let Some(left) = left
                && left != now
            {
                changed_fields(number, now, left, &mut self.plan.conflicts)?;
            }
            if now == goal {
                continue;
            }
            match (now, goal) {
                (None, _) => self.plan.new += 1,
                (_, None) => self.plan.removed += 1,
                _ => self.plan.update += 1,
            }
            hash_change(&mut self.hasher, number, now, goal);
            let change = Change {
                number: number.to_string(),
                before: now.map(<[u8]>::to_vec),
                after: goal.map(<[u8]>::to_vec),
            };
            self.emails.note(&change)?;
            if self.plan.shown.len() < SHOWN {
                self.plan.shown.push(change.clone());
            }
            self.out.push(change);
        }
        if let Some(sink) = sink
            && self.plan.applicable()
            && !self.out.is_empty()
        {
            sink(history, &self.out)?;
        }
        Ok(())
    }

    /// Checks the emails the rollback gives back, and seals the plan.
    fn finish(mut self, history: &mut impl History) -> Result<UndoPlan, StoreError> {
        // An email given back must not belong to another customer who keeps it.
        let given = self.emails.given();
        let emails: Vec<&str> = given.iter().map(|g| g.0).collect();
        let conflicts = &mut self.plan.conflicts;
        history.email_owners(&emails, &mut |i, owner| {
            let (email, number) = given[i];
            if owner != number {
                conflicts.push(Conflict::EmailTaken {
                    number: number.to_string(),
                    email: email.to_string(),
                    owner: owner.to_string(),
                });
            }
        })?;
        self.plan.fingerprint = Fingerprint(self.hasher.finalize().into());
        Ok(self.plan)
    }
}

/// Adds a conflict for every field in which the record `now` differs from the record `left`.
fn changed_fields(
    number: &str,
    now: Option<&[u8]>,
    left: Option<&[u8]>,
    conflicts: &mut Vec<Conflict>,
) -> Result<(), StoreError> {
    let now = customer::decode_or_none(number, now)?;
    let left = customer::decode_or_none(number, left)?;
    for field in Field::ALL {
        let i = field.index();
        if now[i] != left[i] {
            conflicts.push(Conflict::Changed {
                number: number.to_string(),
                field,
                now: now[i].map(str::to_string),
                left: left[i].map(str::to_string),
            });
        }
    }
    Ok(())
}

//! The chain of terms every computer works out the same from the epoch records (see
//! [`super::epochs`]): which register the folder carries, which computer is its primary now,
//! and which of the log's files belong to the history. When two records have one number (two
//! computers started one folder, or were promoted, before either saw the other's record), the
//! one continuing from the higher version wins, and of equal ones the lower computer identity.

use std::io;

use super::epochs::{HeldTerm, Term};
use super::folder::{Identity, SharedFolder};
use super::ids::RegisterId;

/// The folder's history of terms, as every computer works it out from the records.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Chain {
    /// The register the folder carries.
    pub register: RegisterId,
    /// The winning record of each epoch, oldest first; the last is the primary's now.
    pub terms: Vec<Term>,
    /// Records that lost to another of their number.
    pub lost: Vec<Term>,
}

impl Chain {
    /// The chain the records make; `None` without a record of a first epoch. The first epoch's
    /// winner names the register; records of any other register are left out.
    pub fn of(mut records: Vec<Term>) -> Option<Chain> {
        records.sort_by_key(|t| (t.epoch, t.primary));
        let first = records
            .iter()
            .filter(|t| t.epoch == 1)
            .reduce(|best, t| if t.wins_over(best) { t } else { best })?;
        let register = first.register;
        let mut chain = Chain {
            register,
            terms: Vec::new(),
            lost: Vec::new(),
        };
        for term in records.into_iter().filter(|t| t.register == register) {
            match chain.terms.last_mut() {
                Some(last) if last.epoch == term.epoch => {
                    if term.wins_over(last) {
                        chain.lost.push(std::mem::replace(last, term));
                    } else {
                        chain.lost.push(term);
                    }
                }
                _ => chain.terms.push(term),
            }
        }
        Some(chain)
    }

    /// The primary's term now.
    pub fn current(&self) -> &Term {
        // `of` never makes a chain without a term.
        &self.terms[self.terms.len() - 1]
    }

    /// The term whose change-set of `version` belongs to the history: the newest one that
    /// began before it.
    fn owner(&self, version: u64) -> Option<&Term> {
        self.terms.iter().rev().find(|t| t.from < version)
    }

    /// True when the change-set of `version` made by `author` in `epoch` belongs to the
    /// history.
    pub fn holds_change_set(&self, epoch: u64, author: &[u8; 8], version: u64) -> bool {
        self.owner(version).is_some_and(|t| t.made(epoch, author))
    }

    /// True when a snapshot at `version` made by `author` in `epoch` belongs to the history:
    /// its term is in the chain, and no later term continues from a version before it.
    pub fn holds_snapshot(&self, epoch: u64, author: &[u8; 8], version: u64) -> bool {
        let Some(at) = self.terms.iter().position(|t| t.made(epoch, author)) else {
            return false;
        };
        self.terms[at].from <= version && self.terms[at + 1..].iter().all(|t| t.from >= version)
    }

    /// True when the record that made a file is known: in the chain or lost. A file whose
    /// record has not arrived yet is neither held nor fenced.
    pub fn knows(&self, epoch: u64, author: &[u8; 8]) -> bool {
        self.terms
            .iter()
            .chain(&self.lost)
            .any(|t| t.made(epoch, author))
    }

    /// The newest version a register may keep whose newest version was made in `held`: the
    /// versions after it are fenced. `None`: it may keep all.
    pub fn keeps_up_to(&self, held: &HeldTerm) -> Option<u64> {
        let same = |t: &Term| t.epoch == held.epoch && t.primary == held.primary;
        let in_chain = self.terms.iter().any(same);
        let later = self
            .terms
            .iter()
            .filter(|t| !same(t) && t.epoch >= held.epoch)
            .map(|t| t.from);
        let own = (!in_chain).then_some(held.from);
        later.chain(own).min()
    }

    /// Whether `version`, held by the primary of the term `epoch` by `author` (made by it, or
    /// before it), is kept; `None` while that term's record has not arrived.
    pub fn keeps(&self, epoch: u64, author: &[u8; 8], version: u64) -> Option<bool> {
        let term = self.term(epoch, author)?;
        Some(
            self.keeps_up_to(&HeldTerm::of(term))
                .is_none_or(|kept| version <= kept),
        )
    }

    /// The next epoch's number.
    pub fn next_epoch(&self) -> u64 {
        self.terms
            .iter()
            .chain(&self.lost)
            .map(|t| t.epoch)
            .max()
            .unwrap_or(0)
            + 1
    }

    /// The record of `epoch` made by `author`, won or lost.
    pub fn term(&self, epoch: u64, author: &[u8; 8]) -> Option<&Term> {
        self.terms
            .iter()
            .chain(&self.lost)
            .find(|t| t.made(epoch, author))
    }
}

impl SharedFolder {
    /// The register this folder carries and its primary now; `None` when no computer has
    /// started it yet.
    pub fn identity(&self) -> io::Result<Option<Identity>> {
        Ok(self.chain()?.map(|chain| Identity {
            register: chain.register,
            primary: chain.current().primary,
        }))
    }

    /// The folder's chain of terms; `None` while no computer has started it.
    pub fn chain(&self) -> io::Result<Option<Chain>> {
        Ok(Chain::of(self.terms()?))
    }
}

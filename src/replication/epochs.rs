//! Epochs: the primary's terms. Every computer that starts a folder or is promoted writes an
//! epoch record into `.kundreg/epochs/` (one file each, never rewritten): the register, the
//! epoch's number, its primary, and the version it continues from. From the records every
//! computer works out the same [`Chain`]: which register the folder carries, which computer is
//! its primary now, and which of the log's files belong to the history. A file of an older
//! epoch past the version a newer epoch continues from (its primary kept working while cut off
//! from the others) is fenced: never replayed, on any computer.
//!
//! When two records have one number (two computers started one folder, or were promoted, before
//! either saw the other's record), the one continuing from the higher version wins, and of
//! equal ones the lower computer identity: a rule every computer computes the same way.

use std::io;

use chrono::{DateTime, Utc};

use super::folder::{SharedFolder, hex};
use super::ids::from_hex;
use super::ids::{ComputerId, RegisterId};

pub(super) const EPOCHS: &str = "epochs";
const RECORD: &str = ".kepoch";
const FIRST_LINE: &str = "kundreg epoch";

/// One epoch record: a computer's term as the primary.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Term {
    pub register: RegisterId,
    pub epoch: u64,
    pub primary: ComputerId,
    /// The primary's name when it began.
    pub name: String,
    /// The version it continues from: the versions up to it are kept, whatever epoch made
    /// them; later versions of earlier epochs are fenced.
    pub from: u64,
    pub at: DateTime<Utc>,
}

impl Term {
    /// The file's name: epoch and primary, so no two computers ever write one name.
    fn file_name(&self) -> String {
        format!("{:06}-{}{RECORD}", self.epoch, hex(self.primary))
    }

    fn to_text(&self) -> String {
        let name: String = self.name.chars().filter(|c| !c.is_control()).collect();
        format!(
            "{FIRST_LINE}\nregister: {}\nepoch: {}\nprimary: {}\nname: {name}\nfrom: {}\nat: {}\nend\n",
            hex(self.register),
            self.epoch,
            hex(self.primary),
            self.from,
            self.at.to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
        )
    }

    /// Reads a record's text; `None` when it is not one, or not whole.
    pub fn parse(text: &str) -> Option<Term> {
        let mut lines = text.lines();
        if lines.next()? != FIRST_LINE {
            return None;
        }
        let mut value = |key: &str| {
            lines
                .next()?
                .strip_prefix(key)?
                .strip_prefix(": ")
                .map(str::to_string)
        };
        let register = RegisterId::parse(&value("register")?)?;
        let epoch = value("epoch")?.parse().ok()?;
        let primary = ComputerId::parse(&value("primary")?)?;
        let name = value("name")?;
        let from = value("from")?.parse().ok()?;
        let at = DateTime::parse_from_rfc3339(&value("at")?).ok()?;
        // Numbers no computer writes: the next epoch, or the version after, could not be
        // numbered.
        if epoch == 0 || epoch == u64::MAX || from == u64::MAX {
            return None;
        }
        (lines.next()? == "end").then_some(Term {
            register,
            epoch,
            primary,
            name,
            from,
            at: at.with_timezone(&Utc),
        })
    }

    /// True when this record wins over `other` of the same number.
    fn wins_over(&self, other: &Term) -> bool {
        (self.from, std::cmp::Reverse(self.primary))
            > (other.from, std::cmp::Reverse(other.primary))
    }

    /// True when a log file's name (its epoch and the start of its author's identity) says
    /// this term made it.
    pub fn made(&self, epoch: u64, author: &[u8; 8]) -> bool {
        self.epoch == epoch && self.primary.author() == *author
    }

    /// The start of the primary's identity, as log file names carry it.
    pub fn author(&self) -> [u8; 8] {
        self.primary.author()
    }

    /// The term as a register keeps it (see [`HeldTerm::from_bytes`]).
    pub fn to_bytes(&self) -> [u8; 32] {
        let mut bytes = [0u8; 32];
        bytes[..8].copy_from_slice(&self.epoch.to_le_bytes());
        bytes[8..24].copy_from_slice(&self.primary.0);
        bytes[24..].copy_from_slice(&self.from.to_le_bytes());
        bytes
    }
}

/// What a register keeps of the term its newest version was made in: the epoch, its primary
/// and the version it continued from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct HeldTerm {
    pub epoch: u64,
    pub primary: ComputerId,
    pub from: u64,
}

impl HeldTerm {
    pub fn from_bytes(bytes: &[u8; 32]) -> HeldTerm {
        let mut primary = [0u8; 16];
        primary.copy_from_slice(&bytes[8..24]);
        let word = |range: std::ops::Range<usize>| {
            let mut b = [0u8; 8];
            b.copy_from_slice(&bytes[range]);
            u64::from_le_bytes(b)
        };
        HeldTerm {
            epoch: word(0..8),
            primary: ComputerId(primary),
            from: word(24..32),
        }
    }

    pub fn of(term: &Term) -> HeldTerm {
        HeldTerm {
            epoch: term.epoch,
            primary: term.primary,
            from: term.from,
        }
    }
}

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
    /// Every epoch record that has arrived whole.
    pub fn terms(&self) -> io::Result<Vec<Term>> {
        Ok(self
            .entries(EPOCHS)?
            .into_iter()
            .filter_map(|entry| {
                let name = entry.file_name().into_string().ok()?;
                let term = Term::parse(&self.read_sealed(&entry.path())?)?;
                (name == term.file_name()).then_some(term)
            })
            .collect())
    }

    /// Whether anything is in the folder's `epochs/`, sealed or not, whole or still arriving
    /// (a sync client's temporary file): a folder some computer has started.
    pub fn has_records(&self) -> bool {
        self.entries(EPOCHS)
            .is_ok_and(|entries| !entries.is_empty())
    }

    /// The folder's chain of terms; `None` while no computer has started it.
    pub fn chain(&self) -> io::Result<Option<Chain>> {
        Ok(Chain::of(self.terms()?))
    }

    /// Writes `term`'s record again, sealed with this folder's key (the key was replaced).
    pub fn rewrite_term(&self, term: &Term) -> io::Result<()> {
        let path = self.subfolder(EPOCHS)?.join(term.file_name());
        self.write_sealed(&path, &term.to_text())
    }

    /// Writes `term`'s record. Refused (`AlreadyExists`) when its computer already wrote one
    /// for that epoch.
    pub fn write_term(&self, term: &Term) -> io::Result<()> {
        let path = self.subfolder(EPOCHS)?.join(term.file_name());
        // Never replaces a record that is there.
        self.place_sealed(&path, &term.to_text())
    }
}

/// The start of a computer's identity as log file names carry it, from its 16 hex digits.
pub(super) fn parse_author(text: &str) -> Option<[u8; 8]> {
    from_hex(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn term(epoch: u64, primary: u8, from: u64) -> Term {
        Term {
            register: RegisterId([7; 16]),
            epoch,
            primary: ComputerId([primary; 16]),
            name: format!("computer {primary}"),
            from,
            at: DateTime::from_timestamp(1_764_600_000, 0).unwrap(),
        }
    }

    #[test]
    fn a_record_reads_back_as_written_and_a_cut_one_does_not() {
        let t = term(3, 9, 41);
        let text = t.to_text();
        assert_eq!(Term::parse(&text), Some(t));
        assert_eq!(Term::parse(&text[..text.len() - 4]), None);
    }

    #[test]
    fn a_record_whose_next_epoch_or_version_could_not_be_numbered_is_not_one() {
        // Found by fuzzing: the next epoch after u64::MAX overflowed.
        for (epoch, from) in [(u64::MAX, 1), (0, 1), (2, u64::MAX)] {
            assert_eq!(Term::parse(&term(epoch, 9, from).to_text()), None);
        }
        let chain = Chain::of(vec![term(1, 1, 0), term(u64::MAX - 1, 2, 5)]).unwrap();
        assert_eq!(chain.next_epoch(), u64::MAX);
    }

    #[test]
    fn a_newer_epoch_fences_what_the_old_primary_made_after_it_began() {
        let chain = Chain::of(vec![term(2, 2, 10), term(1, 1, 0)]).unwrap();
        assert_eq!(chain.current().primary, ComputerId([2; 16]));
        let (a, b) = ([1; 8], [2; 8]);
        assert!(chain.holds_change_set(1, &a, 10));
        assert!(!chain.holds_change_set(1, &a, 11));
        assert!(chain.holds_change_set(2, &b, 11));
        assert!(!chain.holds_change_set(2, &b, 10));
        assert!(chain.holds_snapshot(2, &b, 10));
        assert!(chain.holds_snapshot(1, &a, 10));
        assert!(!chain.holds_snapshot(1, &a, 12));
        let old = HeldTerm::of(&term(1, 1, 0));
        assert_eq!(chain.keeps_up_to(&old), Some(10));
        assert_eq!(chain.keeps_up_to(&HeldTerm::of(&term(2, 2, 10))), None);
        assert_eq!(chain.next_epoch(), 3);
    }

    #[test]
    fn of_two_records_of_one_number_every_computer_picks_the_same() {
        let one = vec![term(1, 5, 0), term(1, 3, 0), term(2, 4, 8), term(2, 6, 9)];
        let mut other = one.clone();
        other.reverse();
        let chain = Chain::of(one).unwrap();
        assert_eq!(chain, Chain::of(other).unwrap());
        assert_eq!(chain.terms[0].primary, ComputerId([3; 16]));
        // The higher version wins, whatever the identities.
        assert_eq!(chain.current().primary, ComputerId([6; 16]));
        // What followed the loser is fenced back to where it began.
        assert_eq!(chain.keeps_up_to(&HeldTerm::of(&term(2, 4, 8))), Some(8));
        assert_eq!(chain.keeps_up_to(&HeldTerm::of(&term(1, 5, 0))), Some(0));
        assert!(Chain::of(vec![term(2, 2, 3)]).is_none());
    }
}

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

use std::fs;
use std::io;

use chrono::{DateTime, Utc};

use super::folder::{EPOCHS, SharedFolder, hex};
use super::ids::{ComputerId, RegisterId};

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
    pub(super) fn wins_over(&self, other: &Term) -> bool {
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

impl SharedFolder {
    /// Starts the folder with `term`, the first epoch's record (made if missing). Two
    /// computers that start one folder at once both write one: [`Chain::of`] picks the same
    /// one on every computer.
    pub fn start(&self, term: &Term) -> io::Result<()> {
        fs::create_dir_all(self.root.join(EPOCHS))?;
        self.write_term(term)
    }

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

#[cfg(test)]
mod tests {
    use super::super::chain::Chain;
    use super::super::folder::Identity;
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

    #[test]
    fn a_folder_carries_one_register_whoever_starts_it_at_once() {
        let dir = tempfile::tempdir().unwrap();
        let folder = SharedFolder::of(
            dir.path(),
            Some(crate::shared::key::ShopKey::new().unwrap()),
        );
        assert_eq!(folder.identity().unwrap(), None);
        let start = |primary: [u8; 16]| Term {
            register: RegisterId::new(),
            epoch: 1,
            primary: ComputerId(primary),
            name: "kassa".into(),
            from: 0,
            at: chrono::Utc::now(),
        };
        let (one, two) = (start([1; 16]), start([2; 16]));
        folder.start(&two).unwrap();
        folder.start(&one).unwrap();
        let identity = Identity {
            register: one.register,
            primary: one.primary,
        };
        assert_eq!(folder.identity().unwrap(), Some(identity));
        let again = folder.start(&start([1; 16])).unwrap_err();
        assert_eq!(again.kind(), io::ErrorKind::AlreadyExists);
        assert_eq!(folder.identity().unwrap(), Some(identity));
        assert_ne!(RegisterId::new(), RegisterId::new());
        assert_eq!(
            RegisterId::parse(&identity.register.hex()),
            Some(identity.register)
        );
    }
}

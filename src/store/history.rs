//! The history: one entry per version (encoding and decoding, earlier formats read too), the
//! [`Draft`] a write records, and the [`History`] a rollback reads. The changes each version
//! made are in `chunks`.

use std::path::Path;

use redb::ReadableTable;
use serde::{Deserialize, Serialize};

use super::error::{StoreError, damaged};
use crate::customer::Change;
use crate::plan::{Fingerprint, Register};

/// Version of the encoding of history entries. Entries of format 2 (written by earlier
/// kundregs, without `redid`) are read as well.
const VERSION_FORMAT: u8 = 3;

/// What kind of change a version made.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Kind {
    Import,
    Rollback,
    Forget,
    /// One customer changed by hand (`kundreg set`).
    Edit,
    /// One customer added by hand (`kundreg add`).
    Add,
}

impl Kind {
    /// Name in JSON and logs.
    pub fn key(self) -> &'static str {
        match self {
            Kind::Import => "import",
            Kind::Rollback => "rollback",
            Kind::Forget => "forget",
            Kind::Edit => "edit",
            Kind::Add => "add",
        }
    }
}

/// One entry of the history.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Version {
    /// The version's number: 1 for the first.
    pub number: u64,
    pub kind: Kind,
    /// Seconds since 1970-01-01 UTC.
    pub at: i64,
    /// Name of the source file, for imports.
    pub file: Option<String>,
    pub sha256: Option<[u8; 32]>,
    pub fingerprint: [u8; 32],
    pub new: u64,
    pub update: u64,
    pub removed: u64,
    /// Number of change chunks stored for this version.
    pub chunks: u32,
    /// The version that undid this one, while it stays undone.
    pub rolled_back_by: Option<u64>,
    /// For a rollback: the versions it undid.
    pub undid: Vec<u64>,
    /// For a rollback: the versions whose effect it brought back (those a rollback it undid
    /// had undone).
    pub redid: Vec<u64>,
}

/// A history entry as kundreg wrote them before format 3.
#[derive(Deserialize)]
#[cfg_attr(test, derive(Serialize))]
struct VersionFormat2 {
    number: u64,
    kind: Kind,
    at: i64,
    file: Option<String>,
    sha256: Option<[u8; 32]>,
    fingerprint: [u8; 32],
    new: u64,
    update: u64,
    removed: u64,
    chunks: u32,
    rolled_back_by: Option<u64>,
    undid: Vec<u64>,
}

impl From<VersionFormat2> for Version {
    fn from(v: VersionFormat2) -> Self {
        Version {
            number: v.number,
            kind: v.kind,
            at: v.at,
            file: v.file,
            sha256: v.sha256,
            fingerprint: v.fingerprint,
            new: v.new,
            update: v.update,
            removed: v.removed,
            chunks: v.chunks,
            rolled_back_by: v.rolled_back_by,
            undid: v.undid,
            redid: Vec::new(),
        }
    }
}

/// The input file an import comes from.
#[derive(Clone, Debug)]
pub struct Source {
    /// File name (no directories), as recorded in the history.
    pub name: String,
    pub sha256: [u8; 32],
}

/// A version about to be recorded: what the work in a write transaction says it did. The
/// store gives it its number, time and chunks.
#[derive(Clone, Debug)]
pub struct Draft {
    pub(super) kind: Kind,
    /// New, updated and removed customers.
    pub(super) counts: [u64; 3],
    pub(super) fingerprint: Fingerprint,
    pub(super) source: Option<Source>,
    /// For a rollback: the versions it undoes, and those whose effect comes back (a redo).
    pub(super) undid: Vec<u64>,
    pub(super) redid: Vec<u64>,
    /// For a version replayed from another computer: the number and time it has there.
    pub(super) exact: Option<(u64, i64)>,
}

impl Draft {
    /// An import of `source` that created `new` and changed `update` customers.
    pub fn import(source: &Source, new: u64, update: u64, fingerprint: Fingerprint) -> Draft {
        Draft {
            kind: Kind::Import,
            counts: [new, update, 0],
            fingerprint,
            source: Some(source.clone()),
            undid: Vec::new(),
            redid: Vec::new(),
            exact: None,
        }
    }

    /// One customer changed (`Kind::Edit`) or added (`Kind::Add`) by hand.
    pub fn by_hand(kind: Kind, new: u64, update: u64, fingerprint: Fingerprint) -> Draft {
        Draft {
            kind,
            counts: [new, update, 0],
            fingerprint,
            source: None,
            undid: Vec::new(),
            redid: Vec::new(),
            exact: None,
        }
    }

    /// A rollback that undoes `undid` and brings back `redid`; `counts` are the customers
    /// brought back, restored and removed.
    pub fn rollback(
        undid: Vec<u64>,
        redid: Vec<u64>,
        counts: [u64; 3],
        fingerprint: Fingerprint,
    ) -> Draft {
        Draft {
            kind: Kind::Rollback,
            counts,
            fingerprint,
            source: None,
            undid,
            redid,
            exact: None,
        }
    }

    /// The forget of one customer.
    pub(super) fn forget() -> Draft {
        Draft {
            kind: Kind::Forget,
            counts: [0, 0, 1],
            fingerprint: Fingerprint([0; 32]),
            source: None,
            undid: Vec::new(),
            redid: Vec::new(),
            exact: None,
        }
    }

    /// `entry`, a version made on another computer, to be recorded here exactly as it is there:
    /// the same number, time, file, counts and marks.
    pub fn replayed(entry: &Version) -> Draft {
        let source = match (&entry.file, entry.sha256) {
            (Some(name), Some(sha256)) => Some(Source {
                name: name.clone(),
                sha256,
            }),
            _ => None,
        };
        Draft {
            kind: entry.kind,
            counts: [entry.new, entry.update, entry.removed],
            fingerprint: Fingerprint(entry.fingerprint),
            source,
            undid: entry.undid.clone(),
            redid: entry.redid.clone(),
            exact: Some((entry.number, entry.at)),
        }
    }

    /// The history entry, numbered `number`, made at `at` (unless it is replayed: then as it
    /// was made), with its changes in `chunks`.
    pub(super) fn entry(&self, number: u64, at: i64, chunks: u32) -> Version {
        let (number, at) = self.exact.unwrap_or((number, at));
        let [new, update, removed] = self.counts;
        Version {
            number,
            kind: self.kind,
            at,
            file: self.source.as_ref().map(|s| s.name.clone()),
            sha256: self.source.as_ref().map(|s| s.sha256),
            fingerprint: self.fingerprint.0,
            new,
            update,
            removed,
            chunks,
            rolled_back_by: None,
            undid: self.undid.clone(),
            redid: self.redid.clone(),
        }
    }
}

/// The history as a rollback reads it, beside the customers as they are now: in a read view
/// (a dry run) or in a write transaction.
pub trait History: Register<Error = StoreError> {
    /// The entries of the versions `first..=last`, newest first.
    fn entries(&self, first: u64, last: u64) -> Result<Vec<Version>, StoreError>;

    /// The changes of chunk `index` of `version`, in customer-number order.
    fn chunk(&self, version: u64, index: u32) -> Result<Vec<Change>, StoreError>;
}

pub(super) fn encode_version(entry: &Version) -> Result<Vec<u8>, postcard::Error> {
    postcard::to_extend(entry, vec![VERSION_FORMAT])
}

pub(super) fn decode_version(bytes: &[u8]) -> Option<Version> {
    match bytes.split_first() {
        Some((&VERSION_FORMAT, body)) => postcard::from_bytes(body).ok(),
        Some((2, body)) => postcard::from_bytes::<VersionFormat2>(body)
            .ok()
            .map(Into::into),
        _ => None,
    }
}

/// Decodes the stored entry of `version`: one in a later format was written by a newer
/// kundreg (the file is not damaged, this kundreg is old), any other that cannot be read is
/// damage.
fn stored_entry(bytes: &[u8], version: u64, path: &Path) -> Result<Version, StoreError> {
    if bytes.first().is_some_and(|&format| format > VERSION_FORMAT) {
        return Err(StoreError::Newer {
            path: path.to_path_buf(),
        });
    }
    decode_version(bytes).ok_or_else(|| damaged(path, format!("history entry {version}")))
}

/// The history entry of `version`, if there is one.
pub(super) fn read_entry(
    versions: &impl ReadableTable<u64, &'static [u8]>,
    version: u64,
    path: &Path,
) -> Result<Option<Version>, StoreError> {
    let Some(guard) = versions.get(version).map_err(|e| damaged(path, e))? else {
        return Ok(None);
    };
    stored_entry(guard.value(), version, path).map(Some)
}

/// The history entries of the versions in `range`, newest first.
pub(super) fn read_entries(
    versions: &impl ReadableTable<u64, &'static [u8]>,
    range: impl std::ops::RangeBounds<u64>,
    path: &Path,
) -> Result<Vec<Version>, StoreError> {
    let mut found = Vec::new();
    for entry in versions.range(range).map_err(|e| damaged(path, e))?.rev() {
        let (key, value) = entry.map_err(|e| damaged(path, e))?;
        found.push(stored_entry(value.value(), key.value(), path)?);
    }
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_of_earlier_kundregs_are_read_without_what_they_lack() {
        let earlier = VersionFormat2 {
            number: 4,
            kind: Kind::Rollback,
            at: 1_700_000_000,
            file: None,
            sha256: None,
            fingerprint: [2; 32],
            new: 1,
            update: 2,
            removed: 3,
            chunks: 1,
            rolled_back_by: Some(5),
            undid: vec![3],
        };
        let bytes = postcard::to_extend(&earlier, vec![2]).unwrap();
        let entry = decode_version(&bytes).unwrap();
        assert_eq!(
            (entry.number, entry.undid.as_slice(), entry.redid.len()),
            (4, &[3][..], 0)
        );
        assert_eq!(entry.rolled_back_by, Some(5));
        let now = encode_version(&entry).unwrap();
        assert_eq!(now[0], VERSION_FORMAT);
        assert_eq!(decode_version(&now), Some(entry));
        // A later format is a newer kundreg's, not damage; an unknown earlier one is damage.
        let path = Path::new("k.redb");
        let later = [&[VERSION_FORMAT + 1][..], &now[1..]].concat();
        assert!(matches!(
            stored_entry(&later, 4, path),
            Err(StoreError::Newer { .. })
        ));
        let earlier = [&[1][..], &now[1..]].concat();
        assert!(matches!(
            stored_entry(&earlier, 4, path),
            Err(StoreError::Damaged { .. })
        ));
    }
}

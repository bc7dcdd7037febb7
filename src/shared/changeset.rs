//! A change-set file: one version of the register as the log in the shared folder carries it —
//! its history entry, every change it made (before and after), and a checksum of the whole
//! register after it. Written and read as a stream, a frame of changes at a time, so a
//! million-customer import is never held in memory whole.
//!
//! The framing is [`super::frames`]'s: the header, frames of postcard-encoded changes, and at
//! the end the number of changes and the register's checksum after the version. The file's
//! name carries the start of its hash.

use std::io::{self, Read, Write};

use serde::{Deserialize, Serialize};

use super::frames::{FrameReader, FrameWriter, Kind, LogFileError};
use super::ids::RegisterId;
use super::key::ShopKey;

use crate::customer::Change;
use crate::store::Version;

const KIND: Kind = Kind {
    what: "change-set",
    magic: b"kundreg change-set\n",
    format: 2,
};
/// Raw bytes of changes in a frame before it is compressed.
const FRAME_BYTES: usize = 64 << 10;

/// What a change-set is about.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Header {
    /// The register this version belongs to.
    pub register: RegisterId,
    /// The primary's term in which the version was made.
    pub epoch: u64,
    /// The version's history entry.
    pub entry: Version,
}

/// What a complete change-set ends with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Trailer {
    /// Number of changes in the file.
    pub changes: u64,
    /// The checksum of the whole register right after the version.
    pub register_checksum: [u8; 32],
    /// SHA-256 of the file's bytes before the hash itself.
    pub sha256: [u8; 32],
}

/// The file name of a change-set: epoch and version (so names sort in log order), the start
/// of the identity of the primary that made it, then the start of its hash.
pub fn file_name(epoch: u64, version: u64, author: &[u8; 8], sha256: &[u8; 32]) -> String {
    let (author, hash) = (super::ids::hex(author), super::ids::hex(&sha256[..6]));
    format!("{epoch:06}-{version:012}-{author}-{hash}.kchange")
}

/// Writes a change-set: [`ChangeSetWriter::push`] each change, then
/// [`ChangeSetWriter::finish`].
pub struct ChangeSetWriter<W: Write> {
    out: FrameWriter<W>,
    raw: Vec<u8>,
    changes: u64,
}

impl<W: Write> ChangeSetWriter<W> {
    /// Starts a change-set about `header` on `out`, sealed with `key`.
    pub fn new(out: W, header: &Header, key: &ShopKey) -> io::Result<Self> {
        let header = postcard::to_allocvec(header).map_err(io::Error::other)?;
        Ok(ChangeSetWriter {
            out: FrameWriter::new(out, KIND, &header, key)?,
            raw: Vec::with_capacity(FRAME_BYTES + 1024),
            changes: 0,
        })
    }

    /// Adds one change.
    pub fn push(&mut self, change: &Change) -> io::Result<()> {
        self.raw =
            postcard::to_extend(change, std::mem::take(&mut self.raw)).map_err(io::Error::other)?;
        self.changes += 1;
        if self.raw.len() >= FRAME_BYTES {
            self.out.frame(&self.raw)?;
            self.raw.clear();
        }
        Ok(())
    }

    /// Ends the change-set with the register's checksum after the version. Returns the
    /// output and the trailer (with the file's hash, for its name).
    pub fn finish(mut self, register_checksum: [u8; 32]) -> io::Result<(W, Trailer)> {
        self.out.frame(&self.raw)?;
        let mut end = self.changes.to_le_bytes().to_vec();
        end.extend_from_slice(&register_checksum);
        let (out, sha256) = self.out.finish(&end)?;
        let trailer = Trailer {
            changes: self.changes,
            register_checksum,
            sha256,
        };
        Ok((out, trailer))
    }
}

/// Reads a change-set: the header first, then [`ChangeSetReader::next_batch`] until it
/// gives `None`, then [`ChangeSetReader::finish`], which says whether the file is whole. Until
/// then nothing read may be kept: a caller applies the batches inside one transaction and
/// commits only after `finish`.
pub struct ChangeSetReader<R: Read> {
    input: FrameReader<R>,
    header: Header,
    read: u64,
}

impl<R: Read> ChangeSetReader<R> {
    /// Opens a change-set and reads its header.
    pub fn open(input: R) -> Result<Self, LogFileError> {
        let (input, header) = FrameReader::open(input, KIND)?;
        let header = postcard::from_bytes(&header).map_err(|_| LogFileError::Damaged("header"))?;
        Ok(ChangeSetReader {
            input,
            header,
            read: 0,
        })
    }

    /// What the change-set is about.
    pub fn header(&self) -> &Header {
        &self.header
    }

    /// The next frame of changes; `None` once they are all read.
    pub fn next_batch(&mut self) -> Result<Option<Vec<Change>>, LogFileError> {
        let Some(raw) = self.input.next_frame()? else {
            return Ok(None);
        };
        let mut rest = raw.as_slice();
        let mut changes = Vec::new();
        while !rest.is_empty() {
            let (change, tail) = postcard::take_from_bytes::<Change>(rest)
                .map_err(|_| LogFileError::Damaged("a change"))?;
            changes.push(change);
            rest = tail;
        }
        self.read += changes.len() as u64;
        Ok(Some(changes))
    }

    /// Checks that the file is whole: every frame read, the count right, the hash the one at
    /// its end, and nothing after it.
    pub fn finish(mut self) -> Result<Trailer, LogFileError> {
        while self.next_batch()?.is_some() {}
        let changes = u64::from_le_bytes(self.input.end()?);
        let register_checksum = self.input.end()?;
        let sha256 = self.input.finish()?;
        if changes != self.read {
            return Err(LogFileError::Damaged("the number of changes"));
        }
        Ok(Trailer {
            changes,
            register_checksum,
            sha256,
        })
    }
}

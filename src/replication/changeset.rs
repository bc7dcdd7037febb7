//! A change-set file: one version of the register as the log in the shared folder carries it —
//! its history entry, every change it made (before and after), and a checksum of the whole
//! register after it. Written and read as a stream, a frame of changes at a time, so a
//! million-customer import is never held in memory whole.
//!
//! Layout: the magic line, a format byte, the header (length-prefixed postcard), frames of
//! lz4-compressed changes (`C`, raw length, stored length, bytes), the trailer (`E`, the
//! number of changes, the register's checksum after the version), then the SHA-256 of every
//! byte before it. A file still arriving, cut short or changed in any byte fails that check and
//! is never used; its name carries the start of the same hash.

use std::io::{self, Read, Write};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::customer::Change;
use crate::store::Version;

const MAGIC: &[u8] = b"kundreg change-set\n";
/// Version of this layout.
const FORMAT: u8 = 1;
/// Raw bytes of changes in a frame before it is compressed.
const FRAME_BYTES: usize = 64 << 10;
/// The largest frame or header a reader accepts: a damaged length must not make it allocate
/// without bound.
const MAX_PART: u32 = 64 << 20;

/// What a change-set is about.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Header {
    /// The register this version belongs to.
    pub register: [u8; 16],
    /// The primary's term in which the version was made.
    pub epoch: u64,
    /// The version's history entry.
    pub entry: Version,
    /// For a forget: the customer number of the person forgotten (the history keeps nothing
    /// of them, so a replica must be told whom to forget).
    pub forgotten: Option<String>,
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

/// Why a file cannot be used as a change-set.
#[derive(Debug, thiserror::Error)]
pub enum ChangeSetError {
    #[error(transparent)]
    Io(#[from] io::Error),
    #[error("not a kundreg change-set")]
    NotAChangeSet,
    #[error("change-set format {0} is not supported (this kundreg reads {FORMAT})")]
    Format(u8),
    /// Cut short, changed, or still arriving.
    #[error("the change-set is incomplete or damaged ({0})")]
    Damaged(&'static str),
}

/// The file name of a change-set: epoch and version (so names sort in log order), then the
/// start of its hash.
pub fn file_name(epoch: u64, version: u64, sha256: &[u8; 32]) -> String {
    let hash: String = sha256[..6].iter().map(|b| format!("{b:02x}")).collect();
    format!("{epoch:06}-{version:012}-{hash}.kchange")
}

/// Everything written also goes into the hash.
struct Hashing<W> {
    out: W,
    hasher: Sha256,
}

impl<W: Write> Hashing<W> {
    fn put(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.hasher.update(bytes);
        self.out.write_all(bytes)
    }
}

/// Writes a change-set: [`ChangeSetWriter::push`] each change, then
/// [`ChangeSetWriter::finish`].
pub struct ChangeSetWriter<W: Write> {
    out: Hashing<W>,
    raw: Vec<u8>,
    changes: u64,
}

impl<W: Write> ChangeSetWriter<W> {
    /// Starts a change-set about `header` on `out`.
    pub fn new(out: W, header: &Header) -> io::Result<Self> {
        let mut out = Hashing {
            out,
            hasher: Sha256::new(),
        };
        out.put(MAGIC)?;
        out.put(&[FORMAT])?;
        let header = postcard::to_allocvec(header).map_err(io::Error::other)?;
        out.put(&part_len(header.len())?.to_le_bytes())?;
        out.put(&header)?;
        Ok(ChangeSetWriter {
            out,
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
            self.frame()?;
        }
        Ok(())
    }

    fn frame(&mut self) -> io::Result<()> {
        if self.raw.is_empty() {
            return Ok(());
        }
        let stored = lz4_flex::block::compress(&self.raw);
        self.out.put(b"C")?;
        self.out.put(&part_len(self.raw.len())?.to_le_bytes())?;
        self.out.put(&part_len(stored.len())?.to_le_bytes())?;
        self.out.put(&stored)?;
        self.raw.clear();
        Ok(())
    }

    /// Ends the change-set with the register's checksum after the version. Returns the
    /// output and the trailer (with the file's hash, for its name).
    pub fn finish(mut self, register_checksum: [u8; 32]) -> io::Result<(W, Trailer)> {
        self.frame()?;
        self.out.put(b"E")?;
        self.out.put(&self.changes.to_le_bytes())?;
        self.out.put(&register_checksum)?;
        let Hashing { mut out, hasher } = self.out;
        let sha256: [u8; 32] = hasher.finalize().into();
        out.write_all(&sha256)?;
        out.flush()?;
        let trailer = Trailer {
            changes: self.changes,
            register_checksum,
            sha256,
        };
        Ok((out, trailer))
    }
}

fn part_len(len: usize) -> io::Result<u32> {
    u32::try_from(len)
        .ok()
        .filter(|&n| n <= MAX_PART)
        .ok_or_else(|| io::Error::other("a change-set part over 64 MiB"))
}

/// Reads a change-set: the header first, then [`ChangeSetReader::next_batch`] until it
/// gives `None`, then [`ChangeSetReader::finish`], which says whether the file is whole. Until
/// then nothing read may be kept: a caller applies the batches inside one transaction and
/// commits only after `finish`.
pub struct ChangeSetReader<R: Read> {
    input: R,
    hasher: Sha256,
    header: Header,
    read: u64,
    end: Option<(u64, [u8; 32])>,
}

impl<R: Read> ChangeSetReader<R> {
    /// Opens a change-set and reads its header.
    pub fn open(mut input: R) -> Result<Self, ChangeSetError> {
        let mut hasher = Sha256::new();
        let mut magic = [0u8; MAGIC.len()];
        read_hashed(&mut input, &mut hasher, &mut magic).map_err(|e| match e {
            // Shorter than the magic line: not one.
            ChangeSetError::Damaged(_) => ChangeSetError::NotAChangeSet,
            e => e,
        })?;
        if magic != MAGIC {
            return Err(ChangeSetError::NotAChangeSet);
        }
        let [format] = read_array(&mut input, &mut hasher)?;
        if format != FORMAT {
            return Err(ChangeSetError::Format(format));
        }
        let len = read_len(&mut input, &mut hasher)?;
        let bytes = read_part(&mut input, &mut hasher, len)?;
        let header = postcard::from_bytes(&bytes).map_err(|_| ChangeSetError::Damaged("header"))?;
        Ok(ChangeSetReader {
            input,
            hasher,
            header,
            read: 0,
            end: None,
        })
    }

    /// What the change-set is about.
    pub fn header(&self) -> &Header {
        &self.header
    }

    /// The next frame of changes; `None` once the trailer is reached.
    pub fn next_batch(&mut self) -> Result<Option<Vec<Change>>, ChangeSetError> {
        if self.end.is_some() {
            return Ok(None);
        }
        let [tag] = read_array(&mut self.input, &mut self.hasher)?;
        match tag {
            b'C' => {
                let raw_len = read_len(&mut self.input, &mut self.hasher)?;
                let stored_len = read_len(&mut self.input, &mut self.hasher)?;
                let stored = read_part(&mut self.input, &mut self.hasher, stored_len)?;
                let raw = lz4_flex::block::decompress(&stored, raw_len as usize)
                    .map_err(|_| ChangeSetError::Damaged("a frame of changes"))?;
                let mut rest = raw.as_slice();
                let mut changes = Vec::new();
                while !rest.is_empty() {
                    let (change, tail) = postcard::take_from_bytes::<Change>(rest)
                        .map_err(|_| ChangeSetError::Damaged("a change"))?;
                    changes.push(change);
                    rest = tail;
                }
                self.read += changes.len() as u64;
                Ok(Some(changes))
            }
            b'E' => {
                let count = u64::from_le_bytes(read_array(&mut self.input, &mut self.hasher)?);
                let checksum = read_array(&mut self.input, &mut self.hasher)?;
                self.end = Some((count, checksum));
                Ok(None)
            }
            _ => Err(ChangeSetError::Damaged("an unknown part")),
        }
    }

    /// Checks that the file is whole: every frame read, the count right, the hash the one at
    /// its end, and nothing after it.
    pub fn finish(mut self) -> Result<Trailer, ChangeSetError> {
        while self.next_batch()?.is_some() {}
        let Some((changes, register_checksum)) = self.end else {
            return Err(ChangeSetError::Damaged("no end"));
        };
        if changes != self.read {
            return Err(ChangeSetError::Damaged("the number of changes"));
        }
        let sha256: [u8; 32] = self.hasher.finalize().into();
        let mut stored = [0u8; 32];
        self.input
            .read_exact(&mut stored)
            .map_err(|_| ChangeSetError::Damaged("no hash"))?;
        if stored != sha256 {
            return Err(ChangeSetError::Damaged("the hash"));
        }
        let mut extra = [0u8; 1];
        if self.input.read(&mut extra)? != 0 {
            return Err(ChangeSetError::Damaged("bytes after the end"));
        }
        Ok(Trailer {
            changes,
            register_checksum,
            sha256,
        })
    }
}

/// Fills `buf`, hashing it; a file that ends first is incomplete.
fn read_hashed(
    input: &mut impl Read,
    hasher: &mut Sha256,
    buf: &mut [u8],
) -> Result<(), ChangeSetError> {
    input.read_exact(buf).map_err(|e| match e.kind() {
        io::ErrorKind::UnexpectedEof => ChangeSetError::Damaged("cut short"),
        _ => ChangeSetError::Io(e),
    })?;
    hasher.update(&*buf);
    Ok(())
}

fn read_array<const N: usize>(
    input: &mut impl Read,
    hasher: &mut Sha256,
) -> Result<[u8; N], ChangeSetError> {
    let mut buf = [0u8; N];
    read_hashed(input, hasher, &mut buf)?;
    Ok(buf)
}

fn read_len(input: &mut impl Read, hasher: &mut Sha256) -> Result<u32, ChangeSetError> {
    let len = u32::from_le_bytes(read_array(input, hasher)?);
    if len > MAX_PART {
        return Err(ChangeSetError::Damaged("a part's length"));
    }
    Ok(len)
}

fn read_part(
    input: &mut impl Read,
    hasher: &mut Sha256,
    len: u32,
) -> Result<Vec<u8>, ChangeSetError> {
    let mut bytes = vec![0u8; len as usize];
    read_hashed(input, hasher, &mut bytes)?;
    Ok(bytes)
}

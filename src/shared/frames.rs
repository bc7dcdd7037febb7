//! The framing every framed file in `.kundreg/` shares (change-sets, snapshots, requests and
//! answers): a magic line, a format byte, a length-prefixed header, frames of lz4-compressed
//! bytes (`C`, raw length, stored length, bytes), an end part (`E` and what the kind of file
//! puts there), the SHA-256 of every byte before it, then the HMAC-SHA-256 of every byte
//! before that under the shop key (see [`super::key`]). Written and read as a stream, a frame
//! at a time. A file is [`verify`]-ed whole before it is opened: one not sealed with the
//! shop's key is never decoded; one still arriving, cut short or changed in any byte fails
//! the MAC and the hash and is never used.

use std::io::{self, Read, Write};

use hmac::Mac;
use sha2::{Digest, Sha256};

use super::key::{MAC_LEN, Sealer, ShopKey};

/// The largest frame or header a reader accepts: a damaged length must not make it allocate
/// without bound.
const MAX_PART: u32 = 64 << 20;
/// lz4 cannot make bytes smaller than this many times over: a frame that says it holds more
/// is not one, whatever it says (a forged length must not make a few bytes cost gigabytes).
const MAX_RATIO: u32 = 255;

/// Why a file cannot be used as a log file.
#[derive(Debug, thiserror::Error)]
pub enum LogFileError {
    #[error(transparent)]
    Io(#[from] io::Error),
    /// The file does not start as this kind of file does.
    #[error("not a kundreg {0}")]
    NotOurs(&'static str),
    #[error("{what} format {found} is not supported (this kundreg reads {reads})")]
    Format {
        what: &'static str,
        found: u8,
        reads: u8,
    },
    /// Cut short, changed, or still arriving.
    #[error("the file is incomplete or damaged ({0})")]
    Damaged(&'static str),
    /// Not written by a computer of the shop (no MAC under the shop key, or changed since).
    #[error("not sealed with the shop key")]
    NotSealed,
    /// Larger than any file of its kind kundreg would write (nothing more of it is read).
    #[error("larger than {limit} bytes")]
    TooLarge { limit: u64 },
}

/// What a kind of log file starts with.
#[derive(Clone, Copy)]
pub struct Kind {
    /// For messages: "change-set", "snapshot".
    pub what: &'static str,
    pub magic: &'static [u8],
    pub format: u8,
}

/// Writes a framed file: [`FrameWriter::frame`] each piece, then [`FrameWriter::finish`].
pub struct FrameWriter<W: Write> {
    out: W,
    hasher: Sha256,
    sealer: Sealer,
}

impl<W: Write> FrameWriter<W> {
    /// Starts a file of `kind` with `header` on `out`, sealed with `key`.
    pub fn new(out: W, kind: Kind, header: &[u8], key: &ShopKey) -> io::Result<Self> {
        let mut writer = FrameWriter {
            out,
            hasher: Sha256::new(),
            sealer: key.sealer(),
        };
        writer.put(kind.magic)?;
        writer.put(&[kind.format])?;
        writer.put(&part_len(header.len())?.to_le_bytes())?;
        writer.put(header)?;
        Ok(writer)
    }

    fn put(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.hasher.update(bytes);
        self.sealer.update(bytes);
        self.out.write_all(bytes)
    }

    /// Adds one frame holding `raw` (compressed; nothing is written for no bytes).
    pub fn frame(&mut self, raw: &[u8]) -> io::Result<()> {
        if raw.is_empty() {
            return Ok(());
        }
        let stored = lz4_flex::block::compress(raw);
        self.put(b"C")?;
        self.put(&part_len(raw.len())?.to_le_bytes())?;
        self.put(&part_len(stored.len())?.to_le_bytes())?;
        self.put(&stored)
    }

    /// Ends the file with `end`, the hash and the MAC. Returns the output and the hash.
    pub fn finish(mut self, end: &[u8]) -> io::Result<(W, [u8; 32])> {
        self.put(b"E")?;
        self.put(end)?;
        let sha256: [u8; 32] = self.hasher.finalize_reset().into();
        self.put(&sha256)?;
        let FrameWriter {
            mut out, sealer, ..
        } = self;
        out.write_all(&sealer.finalize().into_bytes())?;
        out.flush()?;
        Ok((out, sha256))
    }
}

fn part_len(len: usize) -> io::Result<u32> {
    u32::try_from(len)
        .ok()
        .filter(|&n| n <= MAX_PART)
        .ok_or_else(|| io::Error::other("a log file part over 64 MiB"))
}

/// Reads a framed file: [`FrameReader::open`] gives the header, [`FrameReader::next_frame`]
/// each frame until the end part, [`FrameReader::end`] reads that, and [`FrameReader::finish`]
/// says whether the file is whole. Until then nothing read may be kept.
pub struct FrameReader<R: Read> {
    input: R,
    hasher: Sha256,
    ended: bool,
}

impl<R: Read> FrameReader<R> {
    /// Opens a file of `kind` and reads its header.
    pub fn open(input: R, kind: Kind) -> Result<(Self, Vec<u8>), LogFileError> {
        let mut reader = FrameReader {
            input,
            hasher: Sha256::new(),
            ended: false,
        };
        let mut magic = vec![0u8; kind.magic.len()];
        reader.read_hashed(&mut magic).map_err(|e| match e {
            // Shorter than the magic line: not one.
            LogFileError::Damaged(_) => LogFileError::NotOurs(kind.what),
            e => e,
        })?;
        if magic != kind.magic {
            return Err(LogFileError::NotOurs(kind.what));
        }
        let [format] = reader.read_array()?;
        if format != kind.format {
            return Err(LogFileError::Format {
                what: kind.what,
                found: format,
                reads: kind.format,
            });
        }
        let len = reader.read_len()?;
        let header = reader.read_part(len)?;
        Ok((reader, header))
    }

    /// The next frame's bytes; `None` once the end part is reached.
    pub fn next_frame(&mut self) -> Result<Option<Vec<u8>>, LogFileError> {
        if self.ended {
            return Ok(None);
        }
        let [tag] = self.read_array()?;
        match tag {
            b'C' => {
                let raw_len = self.read_len()?;
                let stored_len = self.read_len()?;
                if raw_len > stored_len.saturating_mul(MAX_RATIO).saturating_add(64) {
                    return Err(LogFileError::Damaged("a frame's length"));
                }
                let stored = self.read_part(stored_len)?;
                lz4_flex::block::decompress(&stored, raw_len as usize)
                    .map(Some)
                    .map_err(|_| LogFileError::Damaged("a frame"))
            }
            b'E' => {
                self.ended = true;
                Ok(None)
            }
            _ => Err(LogFileError::Damaged("an unknown part")),
        }
    }

    /// Reads the next `N` bytes of the end part (skipping any frames not read yet).
    pub fn end<const N: usize>(&mut self) -> Result<[u8; N], LogFileError> {
        while self.next_frame()?.is_some() {}
        self.read_array()
    }

    /// Checks the hash at the end and that only the MAC follows it (checked before, see
    /// [`verify`]). Returns the hash.
    pub fn finish(mut self) -> Result<[u8; 32], LogFileError> {
        let sha256: [u8; 32] = self.hasher.finalize_reset().into();
        let mut stored = [0u8; 32];
        self.input
            .read_exact(&mut stored)
            .map_err(|_| LogFileError::Damaged("no hash"))?;
        if stored != sha256 {
            return Err(LogFileError::Damaged("the hash"));
        }
        let mut mac = [0u8; MAC_LEN];
        self.input
            .read_exact(&mut mac)
            .map_err(|_| LogFileError::Damaged("no MAC"))?;
        let mut extra = [0u8; 1];
        if self.input.read(&mut extra)? != 0 {
            return Err(LogFileError::Damaged("bytes after the end"));
        }
        Ok(sha256)
    }

    /// Fills `buf`, hashing it; a file that ends first is incomplete.
    fn read_hashed(&mut self, buf: &mut [u8]) -> Result<(), LogFileError> {
        self.input.read_exact(buf).map_err(|e| match e.kind() {
            io::ErrorKind::UnexpectedEof => LogFileError::Damaged("cut short"),
            _ => LogFileError::Io(e),
        })?;
        self.hasher.update(&*buf);
        Ok(())
    }

    fn read_array<const N: usize>(&mut self) -> Result<[u8; N], LogFileError> {
        let mut buf = [0u8; N];
        self.read_hashed(&mut buf)?;
        Ok(buf)
    }

    fn read_len(&mut self) -> Result<u32, LogFileError> {
        let len = u32::from_le_bytes(self.read_array()?);
        if len > MAX_PART {
            return Err(LogFileError::Damaged("a part's length"));
        }
        Ok(len)
    }

    /// The next `len` bytes, held only as they arrive: a length that the file does not have
    /// costs no memory.
    fn read_part(&mut self, len: u32) -> Result<Vec<u8>, LogFileError> {
        let mut bytes = Vec::new();
        (&mut self.input)
            .take(u64::from(len))
            .read_to_end(&mut bytes)?;
        if bytes.len() != len as usize {
            return Err(LogFileError::Damaged("cut short"));
        }
        self.hasher.update(&bytes);
        Ok(bytes)
    }
}

/// Checks that `input`, read to its end, ends with the MAC of every byte before it under
/// `key`: that one of the shop's computers wrote it, whole, as it is. Nothing else in it is
/// looked at, and nothing of it is kept.
pub fn verify(mut input: impl Read, key: &ShopKey) -> Result<(), LogFileError> {
    let mut sealer = key.sealer();
    let mut buf = vec![0u8; 64 << 10];
    // The last MAC_LEN bytes seen, not yet known to be the MAC or part of the file.
    let mut held = 0;
    loop {
        let read = read_full(&mut input, &mut buf[held..])?;
        let filled = held + read;
        let sealed = filled.saturating_sub(MAC_LEN);
        sealer.update(&buf[..sealed]);
        buf.copy_within(sealed..filled, 0);
        held = filled - sealed;
        if read == 0 {
            break;
        }
    }
    if held < MAC_LEN {
        return Err(LogFileError::Damaged("cut short"));
    }
    sealer
        .verify_slice(&buf[..MAC_LEN])
        .map_err(|_| LogFileError::NotSealed)
}

/// Fills as much of `buf` as `input` has left; returns how much.
pub fn read_full(input: &mut (impl Read + ?Sized), buf: &mut [u8]) -> io::Result<usize> {
    let mut filled = 0;
    while filled < buf.len() {
        match input.read(&mut buf[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(filled)
}

//! Reading an input file: its SHA-256, its encoding (UTF-8 with or without BOM, UTF-16 with
//! BOM, else Windows-1252), and a decoded stream of UTF-8 text whose line endings are all `\n`,
//! so that line numbers count physical lines whatever the file used.

use std::io::{self, BufRead, Read};

use sha2::{Digest, Sha256};

/// The text encoding a file was read in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf8Bom,
    Utf16Le,
    Utf16Be,
    /// Not valid UTF-8: read as Windows-1252, which is what Swedish Excel writes.
    Windows1252,
}

impl Encoding {
    /// Name used in reports and JSON.
    pub fn label(self) -> &'static str {
        match self {
            Encoding::Utf8 => "utf-8",
            Encoding::Utf8Bom => "utf-8-bom",
            Encoding::Utf16Le => "utf-16le",
            Encoding::Utf16Be => "utf-16be",
            Encoding::Windows1252 => "windows-1252",
        }
    }

    /// The encoding a byte order mark at the start of a file names, if it has one.
    pub fn from_bom(head: &[u8]) -> Option<Encoding> {
        if head.starts_with(&[0xEF, 0xBB, 0xBF]) {
            Some(Encoding::Utf8Bom)
        } else if head.starts_with(&[0xFF, 0xFE]) {
            Some(Encoding::Utf16Le)
        } else if head.starts_with(&[0xFE, 0xFF]) {
            Some(Encoding::Utf16Be)
        } else {
            None
        }
    }

    fn bom_len(self) -> usize {
        match self {
            Encoding::Utf8Bom => 3,
            Encoding::Utf16Le | Encoding::Utf16Be => 2,
            Encoding::Utf8 | Encoding::Windows1252 => 0,
        }
    }
}

/// What one pass over the raw bytes found.
#[derive(Clone, Debug)]
pub struct Inspection {
    pub sha256: [u8; 32],
    pub encoding: Encoding,
    pub size: u64,
}

const CHUNK: usize = 1 << 16;

/// Reads `input` once: hashes it and finds its encoding, holding only one chunk at a time.
pub fn inspect(mut input: impl Read) -> io::Result<Inspection> {
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; CHUNK];
    let mut head: Vec<u8> = Vec::with_capacity(3);
    // Bytes of a UTF-8 sequence split across two chunks.
    let mut carry: Vec<u8> = Vec::with_capacity(4);
    let mut valid_utf8 = true;
    let mut size = 0u64;
    loop {
        let n = match input.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        let chunk = &buf[..n];
        hasher.update(chunk);
        size += n as u64;
        if head.len() < 3 {
            let take = (3 - head.len()).min(n);
            head.extend_from_slice(&chunk[..take]);
        }
        if valid_utf8 {
            let mut data = chunk;
            let joined;
            if !carry.is_empty() {
                carry.extend_from_slice(chunk);
                joined = std::mem::take(&mut carry);
                data = &joined;
            }
            match std::str::from_utf8(data) {
                Ok(_) => {}
                Err(e) if e.error_len().is_none() => carry = data[e.valid_up_to()..].to_vec(),
                Err(_) => valid_utf8 = false,
            }
        }
    }
    let encoding = match Encoding::from_bom(&head) {
        Some(encoding) => encoding,
        None if valid_utf8 && carry.is_empty() => Encoding::Utf8,
        None => Encoding::Windows1252,
    };
    Ok(Inspection {
        sha256: hasher.finalize().into(),
        encoding,
        size,
    })
}

/// A reader of UTF-8 text decoded from `input` in `encoding`, BOM removed, with `\r\n` and lone
/// `\r` turned into `\n`, and ending in `\n` (so every line, the last too, is terminated).
pub struct Decoded<R> {
    input: R,
    decoder: Option<encoding_rs::Decoder>,
    bom_left: usize,
    raw: Vec<u8>,
    text: String,
    out: Vec<u8>,
    pos: usize,
    pending_cr: bool,
    /// Whether the text so far ends with a line break (true while nothing was written).
    at_line_start: bool,
    done: bool,
}

impl<R: Read> Decoded<R> {
    /// Starts decoding `input`, which must be the same bytes [`inspect`] looked at.
    pub fn new(input: R, encoding: Encoding) -> Self {
        let decoder = match encoding {
            Encoding::Utf8 | Encoding::Utf8Bom => None,
            Encoding::Utf16Le => Some(encoding_rs::UTF_16LE.new_decoder_without_bom_handling()),
            Encoding::Utf16Be => Some(encoding_rs::UTF_16BE.new_decoder_without_bom_handling()),
            Encoding::Windows1252 => {
                Some(encoding_rs::WINDOWS_1252.new_decoder_without_bom_handling())
            }
        };
        Decoded {
            input,
            decoder,
            bom_left: encoding.bom_len(),
            raw: vec![0u8; CHUNK],
            text: String::new(),
            out: Vec::with_capacity(CHUNK * 2),
            pos: 0,
            pending_cr: false,
            at_line_start: true,
            done: false,
        }
    }

    /// Refills `out` with the next decoded, newline-normalised piece. False at the end.
    fn refill(&mut self) -> io::Result<bool> {
        self.out.clear();
        self.pos = 0;
        while self.out.is_empty() && !self.done {
            let n = loop {
                match self.input.read(&mut self.raw) {
                    Ok(n) => break n,
                    Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                    Err(e) => return Err(e),
                }
            };
            let last = n == 0;
            let mut raw = &self.raw[..n];
            let skip = self.bom_left.min(raw.len());
            raw = &raw[skip..];
            self.bom_left -= skip;
            let text: &[u8] = match &mut self.decoder {
                None => raw,
                Some(decoder) => {
                    self.text.clear();
                    let need = decoder
                        .max_utf8_buffer_length(raw.len())
                        .unwrap_or(raw.len() * 3);
                    self.text.reserve(need + 16);
                    let (_, _, _) = decoder.decode_to_string(raw, &mut self.text, last);
                    self.text.as_bytes()
                }
            };
            normalize_newlines(text, &mut self.pending_cr, &mut self.out);
            if let Some(&b) = self.out.last() {
                self.at_line_start = b == b'\n';
            }
            if last {
                if self.pending_cr || !self.at_line_start {
                    self.out.push(b'\n');
                    self.pending_cr = false;
                }
                self.done = true;
            }
        }
        Ok(!self.out.is_empty())
    }
}

fn normalize_newlines(mut text: &[u8], pending_cr: &mut bool, out: &mut Vec<u8>) {
    while let Some((&first, rest)) = text.split_first() {
        if std::mem::take(pending_cr) {
            out.push(b'\n');
            if first == b'\n' {
                text = rest;
                continue;
            }
        }
        match text.iter().position(|&b| b == b'\r') {
            Some(cr) => {
                out.extend_from_slice(&text[..cr]);
                *pending_cr = true;
                text = &text[cr + 1..];
            }
            None => {
                out.extend_from_slice(text);
                break;
            }
        }
    }
}

impl<R: Read> Read for Decoded<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let available = self.fill_buf()?;
        let n = available.len().min(buf.len());
        buf[..n].copy_from_slice(&available[..n]);
        self.consume(n);
        Ok(n)
    }
}

impl<R: Read> BufRead for Decoded<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        if self.pos >= self.out.len() && !self.refill()? {
            return Ok(&[]);
        }
        Ok(&self.out[self.pos..])
    }

    fn consume(&mut self, amt: usize) {
        self.pos = (self.pos + amt).min(self.out.len());
    }
}

/// The delimiters a header line is searched for, in order of preference on a tie.
pub const DELIMITERS: [u8; 4] = [b',', b';', b'\t', b'|'];

/// Picks the delimiter of a header line: the candidate found most often outside quotes.
pub fn detect_delimiter(header_line: &[u8]) -> u8 {
    let mut counts = [0usize; DELIMITERS.len()];
    let mut quoted = false;
    for &b in header_line {
        if b == b'"' {
            quoted = !quoted;
        } else if !quoted && let Some(i) = DELIMITERS.iter().position(|&d| d == b) {
            counts[i] += 1;
        }
    }
    let best = (0..DELIMITERS.len())
        .max_by_key(|&i| (counts[i], std::cmp::Reverse(i)))
        .unwrap_or(0);
    DELIMITERS[best]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode_all(bytes: &[u8]) -> (Encoding, String) {
        let found = inspect(bytes).unwrap();
        let mut text = String::new();
        Decoded::new(bytes, found.encoding)
            .read_to_string(&mut text)
            .unwrap();
        (found.encoding, text)
    }

    #[test]
    fn encodings_are_found_and_decoded() {
        assert_eq!(
            decode_all(b"a\r\nb\rc\n"),
            (Encoding::Utf8, "a\nb\nc\n".into())
        );
        assert_eq!(decode_all(b"a\r\nb"), (Encoding::Utf8, "a\nb\n".into()));
        assert_eq!(decode_all(b""), (Encoding::Utf8, "".into()));
        assert_eq!(
            decode_all("\u{feff}för".as_bytes()),
            (Encoding::Utf8Bom, "för\n".into())
        );
        assert_eq!(
            decode_all(b"f\xf6rnamn\r"),
            (Encoding::Windows1252, "förnamn\n".into())
        );
        let utf16: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("ö\r\nx".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        assert_eq!(decode_all(&utf16), (Encoding::Utf16Le, "ö\nx\n".into()));
    }

    #[test]
    fn a_utf8_sequence_split_across_chunks_is_still_utf8() {
        let mut bytes = vec![b'a'; CHUNK - 1];
        bytes.extend_from_slice("ö\n".as_bytes());
        assert_eq!(inspect(&bytes[..]).unwrap().encoding, Encoding::Utf8);
        bytes.push(0xC3);
        assert_eq!(inspect(&bytes[..]).unwrap().encoding, Encoding::Windows1252);
    }

    #[test]
    fn line_ends_become_newlines_across_chunks() {
        let mut out = Vec::new();
        let mut pending = false;
        for chunk in [&b"a\r"[..], b"\nb\r", b"", b"c\r\r\n", b"d\r"] {
            normalize_newlines(chunk, &mut pending, &mut out);
        }
        assert_eq!(out, b"a\nb\nc\n\nd");
        assert!(pending, "a CR at the end waits for what follows it");
    }

    #[test]
    fn delimiters_are_detected() {
        assert_eq!(detect_delimiter(b"epost;namn;stad"), b';');
        assert_eq!(detect_delimiter(b"epost\tnamn"), b'\t');
        assert_eq!(detect_delimiter(b"\"a;b\",c"), b',');
        assert_eq!(detect_delimiter(b"a|b|c"), b'|');
        assert_eq!(detect_delimiter(b"kundnummer"), b',');
    }
}

//! Where a file's records come from, one by one, each with the line it starts on: a CSV
//! text's (its physical lines, a record held whole up to [`MAX_ROW_BYTES`]) or a workbook
//! sheet's rows (see [`crate::workbook`]).

use std::io::{self, Read};

use super::MAX_ROW_BYTES;

/// Where a file's records come from, one by one: a CSV text's, or a workbook sheet's rows.
pub trait Records {
    /// The next record into `record`, and the line (a sheet's row) it starts on; `None` at
    /// the end.
    fn next_record(&mut self, record: &mut csv::StringRecord) -> io::Result<Option<u32>>;
    /// True when the last record ran over [`MAX_ROW_BYTES`]: nothing after it is read.
    fn too_long(&self) -> bool;
    /// The cells of the last record that its file stores as numbers (a workbook's).
    fn numbers(&self) -> &[usize] {
        &[]
    }
}

impl<R: Read> Records for csv::Reader<RecordText<R>> {
    fn next_record(&mut self, record: &mut csv::StringRecord) -> io::Result<Option<u32>> {
        next_record(self, record)
    }

    fn too_long(&self) -> bool {
        self.get_ref().too_long()
    }
}

/// The records of `text`, cells split at `delimiter`, for [`next_record`]: no header, any
/// number of cells.
pub(crate) fn records<R: Read>(text: R, delimiter: u8) -> csv::Reader<RecordText<R>> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .buffer_capacity(1 << 16)
        .from_reader(RecordText {
            text,
            ended: false,
            row_bytes: 0,
            too_long: false,
        })
}

/// A text read record by record. It notes when it has come to its end (a record read on to
/// the end has no line break of its own after it), and it ends early where a record runs
/// over [`MAX_ROW_BYTES`], which the record's reader holds whole.
pub(crate) struct RecordText<R> {
    text: R,
    ended: bool,
    /// Bytes read since the record began (give or take the reader's buffer).
    row_bytes: u64,
    too_long: bool,
}

impl<R> RecordText<R> {
    /// True when the text was cut short: the last record read runs over [`MAX_ROW_BYTES`].
    pub(crate) fn too_long(&self) -> bool {
        self.too_long
    }
}

impl<R: Read> Read for RecordText<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.too_long {
            return Ok(0);
        }
        let n = self.text.read(buf)?;
        self.ended |= n == 0 && !buf.is_empty();
        self.row_bytes += n as u64;
        if self.row_bytes <= MAX_ROW_BYTES {
            return Ok(n);
        }
        // What is given ends on a whole character: the text is UTF-8, and a character cut in
        // two would read as a damaged file. Bytes that only end a character are given whole.
        let Some(whole) = buf[..n].iter().rposition(|&b| b & 0xC0 != 0x80) else {
            return Ok(n);
        };
        self.too_long = true;
        self.ended = true;
        Ok(whole)
    }
}

/// Reads the next record and returns the physical line it starts on; `None` at the end.
/// The text is UTF-8 (see [`crate::read::Decoded`]); a record that is not means the file
/// changed while it was read, and reads as an error.
fn next_record(
    reader: &mut csv::Reader<RecordText<impl Read>>,
    record: &mut csv::StringRecord,
) -> io::Result<Option<u32>> {
    reader.get_mut().row_bytes = 0;
    let more = reader
        .read_record(record)
        .map_err(|e| match e.into_kind() {
            csv::ErrorKind::Io(e) => e,
            other => io::Error::new(io::ErrorKind::InvalidData, format!("{other:?}")),
        })?;
    Ok(more.then(|| start_line(reader, record)))
}

/// The physical line where `record` starts. csv counts blank lines it skipped into the
/// record's own position, so the start is found from where the record ended instead: back
/// over the line breaks inside its quoted cells, and over its own terminating line break.
/// Every record has one ([`crate::read::Decoded`] ends the text with a line break) but one
/// whose quote never closes: read on to the end of the text, it holds that last line break.
fn start_line(reader: &csv::Reader<RecordText<impl Read>>, record: &csv::StringRecord) -> u32 {
    let end = reader.position().line();
    let own_break = u64::from(!reader.get_ref().ended);
    let inner = line_breaks(record.as_slice());
    u32::try_from(end.saturating_sub(inner + own_break)).unwrap_or(u32::MAX)
}

/// The number of line breaks in `text`.
fn line_breaks(text: &str) -> u64 {
    text.bytes().filter(|&b| b == b'\n').count() as u64
}

//! The rows an import did not apply, given back as a file: `<stem>.errors.csv` holds the
//! input's own header and those rows' cells as they were, plus a last column (`fel`, `error`)
//! with the reason, in the input's encoding, byte order mark, delimiter and line ends, so it
//! opens in Excel as the input did; a workbook's come back as `<stem>.errors.xlsx`, its sheet's
//! header and cells as text cells. Fixed and dropped again, it is read like any input: that
//! last column is recognised and not read as data. No file is ever written over.

use std::fs::File;
use std::io::{self, BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};

use crate::columns::encode;
use crate::parse::{ParsedFile, Records, records};
use crate::read::{Decoded, Encoding};
use crate::workbook::write::SheetWriter;

/// What the error file is written from: the input, how it was read, and where it goes.
pub struct Returned<'a> {
    /// The input's bytes, read again.
    pub input: &'a Path,
    pub encoding: Encoding,
    pub parsed: &'a ParsedFile,
    /// The folder the error file goes into, and its name's stem (`kunder` for `kunder.csv`).
    pub folder: &'a Path,
    pub stem: &'a str,
    /// The last column's head.
    pub column: &'a str,
}

/// The stem of an error file for the input `name`: the name without its extension, and
/// without an error file's own `.errors` (so a file given back twice is `kunder.errors-2`).
pub fn stem(name: &str) -> &str {
    let stem = Path::new(name)
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or(name);
    match stem.rsplit_once(".errors") {
        Some((head, tail)) if tail.is_empty() || is_copy_number(tail) => head,
        _ => stem,
    }
}

/// `-2`, `-3`, …: the number a taken name got.
fn is_copy_number(tail: &str) -> bool {
    tail.strip_prefix('-')
        .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

/// Writes the rows at the lines of `reasons` (sorted, with the reason for each) as an error
/// file, and returns its path. Nothing is written when there are no such rows.
pub fn write(from: &Returned<'_>, reasons: &[(u32, String)]) -> io::Result<Option<PathBuf>> {
    if reasons.is_empty() {
        return Ok(None);
    }
    let mut temp = tempfile::Builder::new()
        .prefix(".kundreg-")
        .suffix(".tmp")
        .tempfile_in(from.folder)?;
    let extension = match &from.parsed.sheet {
        Some(sheet) => {
            write_workbook(from, &sheet.name, reasons, temp.path())?;
            "xlsx"
        }
        None => {
            let crlf = uses_crlf(from.input)?;
            let mut out = BufWriter::new(temp.as_file_mut());
            write_rows(from, reasons, crlf, &mut out)?;
            out.flush()?;
            "csv"
        }
    };
    temp.as_file().sync_all()?;
    let mut n = 1;
    loop {
        let name = match n {
            1 => format!("{}.errors.{extension}", from.stem),
            n => format!("{}.errors-{n}.{extension}", from.stem),
        };
        let path = from.folder.join(name);
        match temp.persist_noclobber(&path) {
            Ok(_) => return Ok(Some(path)),
            Err(e) if e.error.kind() == io::ErrorKind::AlreadyExists && n < 1000 => {
                temp = e.file;
                n += 1;
            }
            Err(e) => return Err(e.error),
        }
    }
}

/// Whether the input ends its lines with CR LF (as Excel on Windows does).
fn uses_crlf(input: &Path) -> io::Result<bool> {
    let mut head = Vec::with_capacity(1 << 16);
    File::open(input)?.take(1 << 16).read_to_end(&mut head)?;
    Ok(head.windows(2).any(|w| w == b"\r\n") || head.windows(2).any(|w| w == b"\0\r"))
}

fn write_rows(
    from: &Returned<'_>,
    reasons: &[(u32, String)],
    crlf: bool,
    out: &mut impl Write,
) -> io::Result<()> {
    out.write_all(match from.encoding {
        Encoding::Utf8Bom => &[0xEF, 0xBB, 0xBF],
        Encoding::Utf16Le => &[0xFF, 0xFE],
        Encoding::Utf16Be => &[0xFE, 0xFF],
        Encoding::Utf8 | Encoding::Windows1252 => &[],
    })?;
    let text = Decoded::new(
        BufReader::with_capacity(1 << 16, File::open(from.input)?),
        from.encoding,
    );
    let mut reader = records(text, from.parsed.delimiter);
    let mut writer = csv::WriterBuilder::new();
    writer
        .flexible(true)
        .buffer_capacity(1 << 10)
        .delimiter(from.parsed.delimiter)
        .terminator(if crlf {
            csv::Terminator::CRLF
        } else {
            csv::Terminator::Any(b'\n')
        });
    each_returned(&mut reader, from, reasons, |cells| {
        let mut row = writer.from_writer(Vec::new());
        row.write_record(cells)?;
        let row = row.into_inner().map_err(|e| e.into_error())?;
        match from.encoding {
            Encoding::Utf8 | Encoding::Utf8Bom => out.write_all(&row),
            other => out.write_all(&encode(&String::from_utf8_lossy(&row), other)),
        }
    })
}

/// Writes the rows at the lines of `reasons` of the workbook's sheet `sheet` as a workbook at
/// `path`: its header, then the rows, every cell a text cell, the reason last.
fn write_workbook(
    from: &Returned<'_>,
    sheet: &str,
    reasons: &[(u32, String)],
    path: &Path,
) -> io::Result<()> {
    let mut writer: Option<SheetWriter> = None;
    crate::workbook::with_rows(from.input, sheet, |rows| {
        each_returned(rows, from, reasons, |cells| match &mut writer {
            Some(writer) => writer.row(cells),
            None => {
                writer = Some(SheetWriter::new(sheet, cells, from.folder)?);
                Ok(())
            }
        })
    })?;
    match writer {
        Some(writer) => writer.save(path),
        None => Err(io::Error::new(
            io::ErrorKind::InvalidData,
            "the workbook has no rows any more",
        )),
    }
}

/// Gives `emit` the header of `records` (with the reasons' column head last), then each row
/// at a line of `reasons` (with its reason last): an error file's own reason gives way.
fn each_returned(
    records: &mut dyn Records,
    from: &Returned<'_>,
    reasons: &[(u32, String)],
    mut emit: impl FnMut(&[&str]) -> io::Result<()>,
) -> io::Result<()> {
    let mut record = csv::StringRecord::new();
    let mut reasons = reasons.iter().peekable();
    // The column the reasons go in: the error file's own, or one after the header's last.
    let mut at: Option<usize> = None;
    while let Some(line) = records.next_record(&mut record)? {
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let (column, reason) = match at {
            None => (
                *at.insert(from.parsed.error_column.unwrap_or(record.len())),
                from.column,
            ),
            Some(column) => {
                while reasons.next_if(|(l, _)| *l < line).is_some() {}
                match reasons.next_if(|(l, _)| *l == line) {
                    Some((_, reason)) => (column, reason.as_str()),
                    None => continue,
                }
            }
        };
        let mut cells: Vec<&str> = record.iter().collect();
        // An error file's own reason (or head) gives way to the new one.
        if from.parsed.error_column.is_some()
            && let Some(old) = (column..cells.len())
                .rev()
                .find(|&i| !cells[i].trim().is_empty())
        {
            cells[old] = "";
        }
        while cells.last().is_some_and(|c| c.is_empty()) && cells.len() > column {
            cells.pop();
        }
        if cells.len() <= column {
            cells.resize(column, "");
        }
        cells.push(reason);
        emit(&cells)?;
        if at.is_some() && reasons.peek().is_none() {
            break;
        }
    }
    if records.too_long() {
        // The file was read whole before; it has changed since.
        let changed = "the file changed since it was read: a row is now over 16 MB";
        return Err(io::Error::new(io::ErrorKind::InvalidData, changed));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stems_drop_an_error_files_own_ending() {
        assert_eq!(stem("kunder.csv"), "kunder");
        assert_eq!(stem("kunder.errors.csv"), "kunder");
        assert_eq!(stem("kunder.errors-12.csv"), "kunder");
        assert_eq!(stem("kunder.errorsx.csv"), "kunder.errorsx");
        assert_eq!(stem("lista.txt"), "lista");
    }
}

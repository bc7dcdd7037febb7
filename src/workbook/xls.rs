//! An Excel 97–2003 workbook (`.xls`). Its reader lays out each sheet as a grid when it opens
//! the file, from the first cell to the last, and makes room first for the size each sheet
//! states; so the file's records are read first: a workbook whose sheets span or state more
//! than [`MAX_CELLS`] cells (a cell far from the others, a size that is not the sheet's) is
//! refused before any grid is made. A sheet's rows are then given one by one.

use std::io::{self, Read, Seek, SeekFrom};

use calamine::{Data, Range, Reader, Xls};

use super::cells::data_text;
use super::sheet::Row;
use super::{Book, WorkbookProblem, invalid, worksheets};
use crate::parse::Records;

/// The most cells the sheets of an `.xls` may span together: about 110 MiB of grid. A list
/// of 65,536 rows (the format's most) of 30 columns fits.
pub const MAX_CELLS: u64 = 2_000_000;

/// An Excel 97–2003 workbook, its sheets laid out.
pub(super) struct OldExcel<RS: Read + Seek> {
    book: Xls<RS>,
}

impl<RS: Read + Seek> OldExcel<RS> {
    /// Opens the workbook `bytes` holds, once its sheets are known to span few enough cells.
    pub(super) fn new(mut bytes: RS) -> Result<Self, WorkbookProblem> {
        let unreadable = |e: &dyn std::fmt::Display| WorkbookProblem::Unreadable(e.to_string());
        let cells = spanned(&mut bytes).map_err(|e| unreadable(&e))?;
        if cells > MAX_CELLS {
            return Err(WorkbookProblem::TooManyCells { cells });
        }
        bytes.seek(SeekFrom::Start(0)).map_err(|e| unreadable(&e))?;
        Ok(OldExcel {
            book: Xls::new(bytes).map_err(|e| unreadable(&e))?,
        })
    }
}

impl<RS: Read + Seek> Book for OldExcel<RS> {
    fn sheets(&mut self) -> io::Result<Vec<(String, bool)>> {
        Ok(worksheets(self.book.sheets_metadata()))
    }

    fn rows(
        &mut self,
        sheet: &str,
        each: &mut dyn FnMut(&mut dyn Records) -> io::Result<()>,
    ) -> io::Result<()> {
        let range = self.book.worksheet_range(sheet).map_err(invalid)?;
        each(&mut GridRows {
            range,
            next: 0,
            row: Row::default(),
        })
    }
}

/// The cells the sheets of the workbook in `bytes` span: per sheet, from its first row and
/// column with a cell to its last, added up (what its reader would lay out).
fn spanned<RS: Read + Seek>(bytes: &mut RS) -> io::Result<u64> {
    let mut file = cfb::CompoundFile::open(bytes)?;
    let mut stream = match file.open_stream("/Workbook") {
        Ok(stream) => stream,
        Err(_) => file.open_stream("/Book")?,
    };
    let mut data = Vec::new();
    stream.read_to_end(&mut data)?;
    let (mut total, mut sheet) = (0u64, Span::default());
    let mut at = 0;
    while let Some(head) = data.get(at..at + 4) {
        let kind = u16::from_le_bytes([head[0], head[1]]);
        let len = usize::from(u16::from_le_bytes([head[2], head[3]]));
        let body = data.get(at + 4..at + 4 + len).unwrap_or(&[]);
        at += 4 + len;
        let u16_at = |i: usize| body.get(i..i + 2).map(|b| u16::from_le_bytes([b[0], b[1]]));
        match kind {
            // BOF and EOF: a sheet's cells begin and end.
            0x0809 | 0x000A => total = total.saturating_add(std::mem::take(&mut sheet).cells()),
            // DIMENSIONS: the size the sheet states, which its reader makes room for.
            0x0200 => sheet.stated = sheet.stated.max(stated(body)),
            // A cell: NUMBER, RK, LABELSST, LABEL, BOOLERR, FORMULA, BLANK.
            0x0203 | 0x027E | 0x00FD | 0x0204 | 0x0205 | 0x0006 | 0x0201 => {
                if let (Some(row), Some(column)) = (u16_at(0), u16_at(2)) {
                    sheet.add(row, column, column);
                }
            }
            // Cells in a row: MULRK, MULBLANK (the last column is in the body's last two bytes).
            0x00BD | 0x00BE => {
                if let (Some(row), Some(first), Some(last)) =
                    (u16_at(0), u16_at(2), u16_at(len.saturating_sub(2)))
                {
                    sheet.add(row, first, last);
                }
            }
            _ => {}
        }
    }
    Ok(total.saturating_add(sheet.cells()))
}

/// The cells a DIMENSIONS record states, worked out as the reader does (its first column
/// taken as 0 where it is past the last or past 255); a size the reader would work out below
/// nothing (and so as enormous) is `u64::MAX`.
fn stated(body: &[u8]) -> u64 {
    let u16_at = |i: usize| u64::from(u16::from_le_bytes([body[i], body[i + 1]]));
    let u32_at = |i: usize| {
        u64::from(u32::from_le_bytes([
            body[i],
            body[i + 1],
            body[i + 2],
            body[i + 3],
        ]))
    };
    let (first_row, last_row, mut first_column, last_column) = match body.len() {
        10 => (u16_at(0), u16_at(2), u16_at(4), u16_at(6)),
        14 | 16 => (u32_at(0), u32_at(4), u16_at(8), u16_at(10)),
        _ => return 0,
    };
    if first_column > 0xFF || last_column < first_column {
        first_column = 0;
    }
    if last_row < 1 || last_column < 1 {
        return 1;
    }
    // The last row and column stated are one past the sheet's.
    match (
        last_row.checked_sub(first_row),
        last_column.checked_sub(first_column),
    ) {
        (Some(rows), Some(columns)) => rows.saturating_mul(columns),
        _ => u64::MAX,
    }
}

/// The rows and columns one sheet's cells span, and the cells it states it has.
#[derive(Default)]
struct Span {
    rows: Option<(u16, u16)>,
    columns: Option<(u16, u16)>,
    stated: u64,
}

impl Span {
    fn add(&mut self, row: u16, first: u16, last: u16) {
        let widen = |span: Option<(u16, u16)>, low: u16, high: u16| {
            Some(span.map_or((low, high), |(a, b)| (a.min(low), b.max(high))))
        };
        self.rows = widen(self.rows, row, row);
        self.columns = widen(self.columns, first, last.max(first));
    }

    /// The cells its reader lays out: what its cells span, or what it states, the larger.
    fn cells(&self) -> u64 {
        let spanned = match (self.rows, self.columns) {
            (Some((r0, r1)), Some((c0, c1))) => (u64::from(r1 - r0) + 1) * (u64::from(c1 - c0) + 1),
            _ => 0,
        };
        spanned.max(self.stated)
    }
}

/// A sheet's rows, given one by one from its grid.
struct GridRows {
    range: Range<Data>,
    /// The grid row given next.
    next: usize,
    row: Row,
}

impl Records for GridRows {
    fn next_record(&mut self, record: &mut csv::StringRecord) -> io::Result<Option<u32>> {
        let Some((top, left)) = self.range.start() else {
            return Ok(None);
        };
        if self.next >= self.range.height() {
            return Ok(None);
        }
        self.row.clear();
        for column in 0..self.range.width() {
            let Some(cell) = self.range.get((self.next, column)) else {
                continue;
            };
            let text = data_text(cell);
            // An .xls row is at most 256 cells of 32,767 characters: under a CSV row's bound.
            if !text.text.is_empty() && !self.row.push(left as usize + column, text) {
                return Err(invalid("a row over 16 MB"));
            }
        }
        self.row.fill(record);
        let line = u64::from(top) + self.next as u64 + 1;
        self.next += 1;
        Ok(Some(u32::try_from(line).unwrap_or(u32::MAX)))
    }

    fn too_long(&self) -> bool {
        false
    }

    fn numbers(&self) -> &[usize] {
        self.row.numbers()
    }
}

//! A sheet's rows one by one, as the records `parse` reads: the cells of one sheet row in
//! column order (gaps as empty cells), its line the row's number. One row is held at a time;
//! a row whose text runs over [`MAX_ROW_BYTES`] ends the reading as a CSV row does. `Row` is
//! the row being gathered, for every format; `SheetRows` streams an Excel workbook's sheet.

use std::io::{self, Read, Seek};

use calamine::{Cell, DataRef, Reader, Xlsx, XlsxCellReader};

use super::cells::{CellText, cell_text};
use super::{Book, invalid, worksheets};
use crate::parse::{MAX_ROW_BYTES, Records};

/// Excel's widest sheet: a cell further right is read as if in its last column.
pub(super) const MAX_COLUMNS: usize = 16_384;

/// The cells of one row with something in them, as they are read.
#[derive(Debug, Default)]
pub(super) struct Row {
    cells: Vec<(usize, CellText)>,
    bytes: u64,
    /// The columns of the row given last that hold numbers.
    numbers: Vec<usize>,
}

impl Row {
    pub(super) fn clear(&mut self) {
        self.cells.clear();
        self.bytes = 0;
    }

    /// Adds the cell in `column`; false once the row's text runs over [`MAX_ROW_BYTES`].
    pub(super) fn push(&mut self, column: usize, cell: CellText) -> bool {
        self.bytes += cell.text.len() as u64;
        self.cells.push((column.min(MAX_COLUMNS - 1), cell));
        self.bytes <= MAX_ROW_BYTES
    }

    pub(super) fn is_empty(&self) -> bool {
        self.cells.is_empty()
    }

    pub(super) fn numbers(&self) -> &[usize] {
        &self.numbers
    }

    /// The row as a record: its cells in column order, gaps as empty cells (a second cell
    /// in one column is left out).
    pub(super) fn fill(&mut self, record: &mut csv::StringRecord) {
        record.clear();
        self.numbers.clear();
        self.cells.sort_by_key(|(column, _)| *column);
        for (column, cell) in &self.cells {
            while record.len() < *column {
                record.push_field("");
            }
            if record.len() == *column {
                record.push_field(&cell.text);
                if cell.number {
                    self.numbers.push(*column);
                }
            }
        }
    }
}

impl<RS: Read + Seek> Book for Xlsx<RS> {
    fn sheets(&mut self) -> io::Result<Vec<(String, bool)>> {
        Ok(worksheets(self.sheets_metadata()))
    }

    fn rows(
        &mut self,
        sheet: &str,
        each: &mut dyn FnMut(&mut dyn Records) -> io::Result<()>,
    ) -> io::Result<()> {
        let cells = self.worksheet_cells_reader(sheet).map_err(invalid)?;
        each(&mut SheetRows::new(cells))
    }
}

/// The rows of one Excel sheet, streamed from its cells.
struct SheetRows<'a, RS: Read + Seek> {
    cells: XlsxCellReader<'a, RS>,
    /// A cell of the next row, read while finding where the last one ended.
    next: Option<Cell<DataRef<'a>>>,
    row: Row,
    too_long: bool,
    /// The sheet's cells have all been read (the reader is not to be asked again).
    ended: bool,
}

impl<'a, RS: Read + Seek> SheetRows<'a, RS> {
    fn new(cells: XlsxCellReader<'a, RS>) -> Self {
        SheetRows {
            cells,
            next: None,
            row: Row::default(),
            too_long: false,
            ended: false,
        }
    }

    fn next_cell(&mut self) -> io::Result<Option<Cell<DataRef<'a>>>> {
        if let Some(cell) = self.next.take() {
            return Ok(Some(cell));
        }
        if self.ended {
            return Ok(None);
        }
        let cell = self.cells.next_cell().map_err(invalid)?;
        self.ended = cell.is_none();
        Ok(cell)
    }
}

impl<RS: Read + Seek> Records for SheetRows<'_, RS> {
    fn next_record(&mut self, record: &mut csv::StringRecord) -> io::Result<Option<u32>> {
        self.row.clear();
        if self.too_long {
            return Ok(None);
        }
        let Some(first) = self.next_cell()? else {
            return Ok(None);
        };
        let row = first.get_position().0;
        let mut cell = Some(first);
        while let Some(c) = cell {
            let (at, column) = c.get_position();
            if at != row {
                self.next = Some(c);
                break;
            }
            let text = cell_text(c.get_value().clone());
            if !text.text.is_empty() && !self.row.push(column as usize, text) {
                self.too_long = true;
                break;
            }
            cell = self.next_cell()?;
        }
        self.row.fill(record);
        Ok(Some(row.saturating_add(1)))
    }

    fn too_long(&self) -> bool {
        self.too_long
    }

    fn numbers(&self) -> &[usize] {
        self.row.numbers()
    }
}

//! A sheet's rows one by one, as the records `parse` reads: the cells of one sheet row in
//! column order (gaps as empty cells), its line the row's number. One row is held at a time;
//! a row whose text runs over [`MAX_ROW_BYTES`] ends the reading as a CSV row does.

use std::io::{self, Read, Seek};

use calamine::{Cell, DataRef, XlsxCellReader};

use super::cells::{CellText, cell_text};
use crate::parse::{MAX_ROW_BYTES, Records};

/// Excel's widest sheet: a cell further right is read as if in its last column.
const MAX_COLUMNS: usize = 16_384;

/// The rows of one sheet, streamed from its cells.
pub(super) struct SheetRows<'a, RS: Read + Seek> {
    cells: XlsxCellReader<'a, RS>,
    /// A cell of the next row, read while finding where the last one ended.
    next: Option<Cell<DataRef<'a>>>,
    /// The row being gathered: column, text, stored as a number.
    row: Vec<(usize, CellText)>,
    /// The cells of the last record the workbook stores as numbers.
    numbers: Vec<usize>,
    too_long: bool,
    /// The sheet's cells have all been read (the reader is not to be asked again).
    ended: bool,
}

impl<'a, RS: Read + Seek> SheetRows<'a, RS> {
    pub(super) fn new(cells: XlsxCellReader<'a, RS>) -> Self {
        SheetRows {
            cells,
            next: None,
            row: Vec::new(),
            numbers: Vec::new(),
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
        let cell = self.cells.next_cell().map_err(super::invalid)?;
        self.ended = cell.is_none();
        Ok(cell)
    }
}

impl<RS: Read + Seek> Records for SheetRows<'_, RS> {
    fn next_record(&mut self, record: &mut csv::StringRecord) -> io::Result<Option<u32>> {
        record.clear();
        self.row.clear();
        self.numbers.clear();
        if self.too_long {
            return Ok(None);
        }
        let Some(first) = self.next_cell()? else {
            return Ok(None);
        };
        let row = first.get_position().0;
        let mut bytes = 0u64;
        let mut cell = Some(first);
        while let Some(c) = cell {
            let (at, column) = c.get_position();
            if at != row {
                self.next = Some(c);
                break;
            }
            let text = cell_text(c.get_value().clone());
            if !text.text.is_empty() {
                bytes += text.text.len() as u64;
                if bytes > MAX_ROW_BYTES {
                    self.too_long = true;
                    break;
                }
                self.row
                    .push(((column as usize).min(MAX_COLUMNS - 1), text));
            }
            cell = self.next_cell()?;
        }
        self.row.sort_by_key(|(column, _)| *column);
        for (column, text) in &self.row {
            while record.len() < *column {
                record.push_field("");
            }
            if record.len() == *column {
                record.push_field(&text.text);
                if text.number {
                    self.numbers.push(*column);
                }
            }
        }
        Ok(Some(row.saturating_add(1)))
    }

    fn too_long(&self) -> bool {
        self.too_long
    }

    fn numbers(&self) -> &[usize] {
        &self.numbers
    }
}

//! Workbooks kundreg writes: one sheet, the header bold, frozen and filterable, every value a
//! text cell — leading zeros kept, nothing ever a formula. The rows go to the file as they
//! come (rust_xlsxwriter's constant-memory mode), so a register of a million customers is
//! never held in memory as a sheet.

use std::io;
use std::path::Path;

use rust_xlsxwriter::{Format, Workbook, XlsxError};

/// Excel's last row: a sheet holds at most this many rows, its header included.
const MAX_ROWS: u32 = 1_048_576;

/// A workbook being written, row by row.
pub struct SheetWriter {
    workbook: Workbook,
    /// The next row to write (0 is the header's).
    row: u32,
    columns: u16,
}

/// A writer's error as an I/O error, kept as such where it was one.
fn failed(e: XlsxError) -> io::Error {
    match e {
        XlsxError::IoError(e) => e,
        other => io::Error::other(other.to_string()),
    }
}

impl SheetWriter {
    /// A workbook of one sheet named `sheet` whose first row is `header`; its temporary files
    /// go in `temp_dir` (beside the file it is saved as).
    pub fn new(sheet: &str, header: &[&str], temp_dir: &Path) -> io::Result<SheetWriter> {
        let mut workbook = Workbook::new();
        workbook.set_tempdir(temp_dir).map_err(failed)?;
        let bold = Format::new().set_bold();
        let worksheet = workbook
            .add_worksheet_with_constant_memory()
            .map_err(failed)?;
        worksheet.set_name(sheet).map_err(failed)?;
        let columns = u16::try_from(header.len())
            .map_err(|_| io::Error::other("too many columns for a sheet"))?;
        for (column, name) in (0u16..).zip(header) {
            worksheet
                .write_string_with_format(0, column, *name, &bold)
                .map_err(failed)?;
            let width = name.chars().count().clamp(10, 40) as f64 + 2.0;
            worksheet.set_column_width(column, width).map_err(failed)?;
        }
        worksheet.set_freeze_panes(1, 0).map_err(failed)?;
        Ok(SheetWriter {
            workbook,
            row: 1,
            columns,
        })
    }

    /// Writes the next row: each value a text cell (an empty one is left out).
    pub fn row<S: AsRef<str>>(&mut self, cells: impl IntoIterator<Item = S>) -> io::Result<()> {
        if self.row >= MAX_ROWS {
            return Err(io::Error::other(format!(
                "a sheet holds at most {} rows",
                MAX_ROWS - 1
            )));
        }
        let worksheet = self.workbook.worksheet_from_index(0).map_err(failed)?;
        for (column, cell) in (0u16..).zip(cells) {
            let cell = cell.as_ref();
            if !cell.is_empty() {
                worksheet
                    .write_string(self.row, column, cell)
                    .map_err(failed)?;
            }
        }
        self.row += 1;
        Ok(())
    }

    /// The rows written so far, the header not counted.
    pub fn rows(&self) -> u64 {
        u64::from(self.row - 1)
    }

    /// Saves the workbook at `path`, the filter over every row written.
    pub fn save(mut self, path: &Path) -> io::Result<()> {
        let last_column = self.columns.saturating_sub(1);
        let worksheet = self.workbook.worksheet_from_index(0).map_err(failed)?;
        worksheet
            .autofilter(0, 0, self.row - 1, last_column)
            .map_err(failed)?;
        self.workbook.save(path).map_err(failed)
    }
}

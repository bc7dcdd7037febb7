//! A workbook saved by Excel or LibreOffice (`.xlsx`, `.xlsm`) read as a customer list:
//! which sheet (`--sheet`, else one named `Kunder` or `Customers`, else the first visible
//! sheet with data), and its rows one by one as records for `parse` — streamed, never the
//! whole sheet at once, so neither a sheet's stated size nor a stray far-away cell makes it
//! hold a grid. Line numbers are the sheet's row numbers, as Excel shows them. `cells` turns
//! a cell into text; `write` writes workbooks (the rows not imported, an export).

mod cells;
mod sheet;
pub mod write;

use std::fs::File;
use std::io::{self, BufReader};
use std::path::Path;

use calamine::{Reader, SheetType, SheetVisible, Xlsx};

use crate::columns::ShopColumns;
use crate::parse::{FileError, ParsedFile, Records, parse_records};
use sheet::SheetRows;

use cells::cell_text;

/// The names a sheet of customers is found by, before any other (any case).
const CUSTOMER_SHEETS: [&str; 2] = ["kunder", "customers"];

/// Whether a file of this name is a workbook kundreg reads (by its extension, any case).
pub fn is_workbook(name: &str) -> bool {
    let lower = name.to_lowercase();
    lower.ends_with(".xlsx") || lower.ends_with(".xlsm")
}

/// The sheet a workbook was read from, and the others that have data and were not read.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SheetRead {
    pub name: String,
    /// The other sheets with data: their names, and whether each is hidden.
    pub others: Vec<(String, bool)>,
}

/// What is wrong with a workbook as a whole.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum WorkbookProblem {
    /// It cannot be opened as a workbook (damaged, encrypted, or another format): the
    /// reader's own words.
    Unreadable(String),
    /// `--sheet` names no sheet of it: the sheets it has.
    NoSuchSheet { asked: String, sheets: Vec<String> },
    /// No visible sheet has anything in it.
    NoData,
}

/// Reads the workbook at `path` as a customer list: the sheet `asked` for (by name, any
/// case) or the one chosen as above, its headers by the shop's column names `shop` first.
/// A workbook that cannot be read is a file error, as a broken list is.
pub fn parse(path: &Path, asked: Option<&str>, shop: &ShopColumns) -> io::Result<ParsedFile> {
    parse_from(BufReader::new(File::open(path)?), asked, shop)
}

/// Reads the workbook whose bytes `bytes` gives, as [`parse`] does.
pub fn parse_from<RS: io::Read + io::Seek>(
    bytes: RS,
    asked: Option<&str>,
    shop: &ShopColumns,
) -> io::Result<ParsedFile> {
    let mut workbook = match Xlsx::new(bytes) {
        Ok(workbook) => workbook,
        Err(e) => return Ok(refused(WorkbookProblem::Unreadable(e.to_string()))),
    };
    let sheet = match choose(&mut workbook, asked) {
        Ok(sheet) => sheet,
        Err(problem) => return Ok(refused(problem)),
    };
    let cells = workbook
        .worksheet_cells_reader(&sheet.name)
        .map_err(invalid)?;
    let mut rows = SheetRows::new(cells);
    let mut parsed = parse_records(&mut rows, b',', shop)?;
    parsed.sheet = Some(sheet);
    Ok(parsed)
}

/// Gives `each` the rows of the sheet `sheet` of the workbook at `path`, as records.
pub fn with_rows<T>(
    path: &Path,
    sheet: &str,
    each: impl FnOnce(&mut dyn Records) -> io::Result<T>,
) -> io::Result<T> {
    let mut workbook = Xlsx::new(BufReader::new(File::open(path)?)).map_err(invalid)?;
    let cells = workbook.worksheet_cells_reader(sheet).map_err(invalid)?;
    each(&mut SheetRows::new(cells))
}

/// The names of the worksheets of the workbook at `path`.
pub fn sheet_names(path: &Path) -> io::Result<Vec<String>> {
    let workbook = Xlsx::new(BufReader::new(File::open(path)?)).map_err(invalid)?;
    Ok(workbook
        .sheets_metadata()
        .iter()
        .filter(|s| s.typ == SheetType::WorkSheet)
        .map(|s| s.name.clone())
        .collect())
}

/// A workbook's reader's error, as the error of a file that cannot be read.
fn invalid(e: impl std::fmt::Display) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, e.to_string())
}

/// A list refused as a whole for `problem`.
fn refused(problem: WorkbookProblem) -> ParsedFile {
    ParsedFile {
        file_errors: vec![FileError::Workbook(problem)],
        ..ParsedFile::default()
    }
}

/// The sheet to read: `asked`, else a customer sheet by name, else the first visible sheet
/// with data; and the other sheets with data.
fn choose<RS: io::Read + io::Seek>(
    workbook: &mut Xlsx<RS>,
    asked: Option<&str>,
) -> Result<SheetRead, WorkbookProblem> {
    let sheets: Vec<(String, bool)> = workbook
        .sheets_metadata()
        .iter()
        .filter(|s| s.typ == SheetType::WorkSheet)
        .map(|s| (s.name.clone(), s.visible != SheetVisible::Visible))
        .collect();
    let mut with_data = Vec::new();
    for (name, hidden) in &sheets {
        if has_data(workbook, name) {
            with_data.push((name.clone(), *hidden));
        }
    }
    let same = |a: &str, b: &str| a.trim().to_lowercase() == b.trim().to_lowercase();
    let chosen = match asked {
        Some(asked) => sheets
            .iter()
            .find(|(name, _)| same(name, asked))
            .map(|(name, _)| name.clone())
            .ok_or_else(|| WorkbookProblem::NoSuchSheet {
                asked: asked.to_string(),
                sheets: sheets.iter().map(|(name, _)| name.clone()).collect(),
            })?,
        None => {
            let visible = || with_data.iter().filter(|(_, hidden)| !hidden);
            visible()
                .find(|(name, _)| CUSTOMER_SHEETS.iter().any(|c| same(name, c)))
                .or_else(|| visible().next())
                .map(|(name, _)| name.clone())
                .ok_or(WorkbookProblem::NoData)?
        }
    };
    let others = with_data
        .into_iter()
        .filter(|(name, _)| *name != chosen)
        .collect();
    Ok(SheetRead {
        name: chosen,
        others,
    })
}

/// Whether the sheet `name` has a cell with something in it (read up to the first one).
fn has_data<RS: io::Read + io::Seek>(workbook: &mut Xlsx<RS>, name: &str) -> bool {
    let Ok(mut cells) = workbook.worksheet_cells_reader(name) else {
        return false;
    };
    while let Ok(Some(cell)) = cells.next_cell() {
        if !cell_text(cell.get_value().clone()).text.trim().is_empty() {
            return true;
        }
    }
    false
}

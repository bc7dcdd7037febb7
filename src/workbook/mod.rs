//! A workbook saved by Excel or LibreOffice (`.xlsx`, `.xlsm`, `.xls`, `.ods`) read as a
//! customer list: which sheet (`--sheet`, else one named `Kunder` or `Customers`, else the first
//! visible sheet with data), and its rows one by one as records for `parse` — streamed, never
//! the whole sheet at once, so neither a sheet's stated size nor a stray far-away cell makes
//! it hold a grid (an `.xls`, whose reader lays sheets out, is measured first). Line numbers
//! are the sheet's row numbers, as Excel shows them. `sheet` streams an Excel sheet's rows,
//! `ods` an OpenDocument one's, `xls` an old Excel one's; `cells` turns a cell into text;
//! `write` writes workbooks (the rows not imported, an export).

mod cells;
mod ods;
mod sheet;
pub mod write;
mod xls;

use std::fs::File;
use std::io::{self, BufReader};
use std::path::Path;

use calamine::{Reader, Sheet, SheetType, SheetVisible, Xlsx};

use crate::columns::ShopColumns;
use crate::parse::{FileError, ParsedFile, Records, parse_records};

pub use xls::MAX_CELLS as MAX_XLS_CELLS;

/// The names a sheet of customers is found by, before any other (any case).
const CUSTOMER_SHEETS: [&str; 2] = ["kunder", "customers"];

/// The kinds of workbook kundreg reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Office Open XML: `.xlsx`, `.xlsm`.
    Excel,
    /// Excel 97–2003: `.xls`.
    OldExcel,
    /// OpenDocument: `.ods`.
    OpenDocument,
}

/// The kind of workbook a file of this name is (by its extension, any case), if any.
pub fn kind_of(name: &str) -> Option<Kind> {
    let lower = name.to_lowercase();
    match lower.rsplit_once('.').map(|(_, extension)| extension) {
        Some("xlsx" | "xlsm") => Some(Kind::Excel),
        Some("xls") => Some(Kind::OldExcel),
        Some("ods") => Some(Kind::OpenDocument),
        _ => None,
    }
}

/// Whether a file of this name is a workbook kundreg reads.
pub fn is_workbook(name: &str) -> bool {
    kind_of(name).is_some()
}

/// A workbook's sheets and their rows, whatever its format.
trait Book {
    /// Its worksheets in order: name, and whether it is hidden.
    fn sheets(&mut self) -> io::Result<Vec<(String, bool)>>;
    /// Gives `each` the rows of the sheet `sheet` (none for a sheet it does not have).
    fn rows(
        &mut self,
        sheet: &str,
        each: &mut dyn FnMut(&mut dyn Records) -> io::Result<()>,
    ) -> io::Result<()>;
}

/// A workbook's worksheets, as [`Book::sheets`] gives them.
fn worksheets(sheets: &[Sheet]) -> Vec<(String, bool)> {
    sheets
        .iter()
        .filter(|s| s.typ == SheetType::WorkSheet)
        .map(|s| (s.name.clone(), s.visible != SheetVisible::Visible))
        .collect()
}

/// The workbook of kind `kind` whose bytes `bytes` gives.
fn open<'a, RS: io::Read + io::Seek + 'a>(
    kind: Kind,
    mut bytes: RS,
) -> Result<Box<dyn Book + 'a>, WorkbookProblem> {
    let unreadable = |e: &dyn std::fmt::Display| WorkbookProblem::Unreadable(e.to_string());
    match kind {
        Kind::Excel if is_compound(&mut bytes).map_err(|e| unreadable(&e))? => {
            Err(WorkbookProblem::Encrypted)
        }
        Kind::Excel => {
            if let Some((part, bytes)) =
                largest_whole_part(&mut bytes).map_err(|e| unreadable(&e))?
            {
                return Err(WorkbookProblem::TooLarge { part, bytes });
            }
            Ok(Box::new(Xlsx::new(bytes).map_err(|e| unreadable(&e))?))
        }
        Kind::OldExcel => Ok(Box::new(xls::OldExcel::new(bytes)?)),
        Kind::OpenDocument => Ok(Box::new(ods::Ods::new(bytes).map_err(|e| unreadable(&e))?)),
    }
}

/// Whether `bytes` is a compound file (the container of an `.xls`, and of an `.xlsx` a
/// password protects), looked at by its first bytes. Such an `.xlsx` is never handed to
/// its reader, which has been seen to use gigabytes on a damaged one.
fn is_compound(bytes: &mut (impl io::Read + io::Seek)) -> io::Result<bool> {
    const MAGIC: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    let mut head = [0u8; 8];
    let read = bytes.read(&mut head)?;
    bytes.seek(io::SeekFrom::Start(0))?;
    Ok(read == head.len() && head == MAGIC)
}

/// The most an Excel workbook's part that its reader holds whole (its shared text, its
/// styles, its list of sheets: every part but the sheets, which are streamed) may unpack to.
/// The archive's reader stops a part at the size it states, so the stated sizes bound them.
const MAX_WHOLE_PART: u64 = 512 << 20;

/// The part of the Excel workbook in `bytes` that its reader would hold whole and that
/// states a size over [`MAX_WHOLE_PART`], with that size, if there is one.
fn largest_whole_part(bytes: &mut (impl io::Read + io::Seek)) -> io::Result<Option<(String, u64)>> {
    let found = {
        let mut archive = zip::ZipArchive::new(&mut *bytes).map_err(invalid)?;
        let mut found = None;
        for i in 0..archive.len() {
            let part = archive.by_index_raw(i).map_err(invalid)?;
            let name = part.name().map_err(invalid)?;
            if !name.starts_with("xl/worksheets/") && part.size() > MAX_WHOLE_PART {
                found = Some((name.into_owned(), part.size()));
                break;
            }
        }
        found
    };
    bytes.seek(io::SeekFrom::Start(0))?;
    Ok(found)
}

/// The sheet a workbook was read from, and the others that have data and were not read.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SheetRead {
    pub name: String,
    /// The other sheets with data: their names, and whether each is hidden.
    pub others: Vec<(String, bool)>,
}

/// What is wrong with a workbook as a whole. A person reads it in their language (see
/// [`crate::lang::workbook`]); its plain words are for where an I/O error carries it.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum WorkbookProblem {
    /// It cannot be opened as a workbook (damaged, encrypted, or another format): the
    /// reader's own words.
    #[error("the workbook cannot be read ({0})")]
    Unreadable(String),
    /// `--sheet` names no sheet of it: the sheets it has.
    #[error("the workbook has no sheet named {asked:?}")]
    NoSuchSheet { asked: String, sheets: Vec<String> },
    /// No visible sheet has anything in it.
    #[error("the workbook has no visible sheet with anything in it")]
    NoData,
    /// An `.xls` whose sheets span more cells than its reader is let lay out.
    #[error("the workbook's sheets span {cells} cells")]
    TooManyCells { cells: u64 },
    /// An `.xlsx` a password protects.
    #[error("the workbook is protected by a password")]
    Encrypted,
    /// An `.xlsx` whose `part`, which its reader holds whole, unpacks to `bytes`: more than
    /// kundreg lets it.
    #[error("the workbook's part {part} unpacks to {bytes} bytes")]
    TooLarge { part: String, bytes: u64 },
}

/// Reads the workbook at `path` as a customer list: the sheet `asked` for (by name, any
/// case) or the one chosen as above, its headers by the shop's column names `shop` first.
/// A workbook that cannot be read is a file error, as a broken list is.
pub fn parse(path: &Path, asked: Option<&str>, shop: &ShopColumns) -> io::Result<ParsedFile> {
    let kind = kind_of(&path.to_string_lossy()).unwrap_or(Kind::Excel);
    parse_from(kind, BufReader::new(File::open(path)?), asked, shop)
}

/// Reads the workbook of kind `kind` whose bytes `bytes` gives, as [`parse`] does. What its
/// reader cannot make sense of, however it fails, is a file error; only the file's own I/O
/// errors are errors.
pub fn parse_from<RS: io::Read + io::Seek>(
    kind: Kind,
    bytes: RS,
    asked: Option<&str>,
    shop: &ShopColumns,
) -> io::Result<ParsedFile> {
    let read = caught(|| {
        let mut book = match open(kind, bytes) {
            Ok(book) => book,
            Err(problem) => return Ok(Err(problem)),
        };
        let sheet = match choose(book.as_mut(), asked)? {
            Ok(sheet) => sheet,
            Err(problem) => return Ok(Err(problem)),
        };
        let mut parsed = None;
        book.rows(&sheet.name, &mut |rows| {
            parsed = Some(parse_records(rows, b',', shop)?);
            Ok(())
        })?;
        let mut parsed = parsed.ok_or_else(|| invalid("the sheet is gone"))?;
        parsed.sheet = Some(sheet);
        Ok(Ok(parsed))
    });
    match read {
        Ok(Ok(parsed)) => Ok(parsed),
        Ok(Err(problem)) => Ok(refused(problem)),
        Err(e) if e.kind() == io::ErrorKind::InvalidData => {
            Ok(refused(WorkbookProblem::Unreadable(e.to_string())))
        }
        Err(e) => Err(e),
    }
}

/// Runs `read` on a workbook: a panic in a reader (which a damaged file has been seen to
/// cause) is the error of a file that cannot be read, said without the panic's own words.
fn caught<T>(read: impl FnOnce() -> io::Result<T>) -> io::Result<T> {
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(read));
    std::panic::set_hook(hook);
    result.unwrap_or_else(|_| Err(invalid("its reader could not make sense of it")))
}

/// Gives `each` the rows of the sheet `sheet` of the workbook at `path`, as records.
pub fn with_rows(
    path: &Path,
    sheet: &str,
    mut each: impl FnMut(&mut dyn Records) -> io::Result<()>,
) -> io::Result<()> {
    caught(|| book(path)?.rows(sheet, &mut each))
}

/// The names of the worksheets of the workbook at `path`.
pub fn sheet_names(path: &Path) -> io::Result<Vec<String>> {
    caught(|| {
        Ok(book(path)?
            .sheets()?
            .into_iter()
            .map(|(name, _)| name)
            .collect())
    })
}

/// The workbook at `path`.
fn book(path: &Path) -> io::Result<Box<dyn Book>> {
    let kind = kind_of(&path.to_string_lossy()).unwrap_or(Kind::Excel);
    open(kind, BufReader::new(File::open(path)?)).map_err(|problem| match problem {
        WorkbookProblem::Unreadable(why) => invalid(why),
        other => invalid(other.to_string()),
    })
}

/// The sheet to read: `asked`, else a customer sheet by name, else the first visible sheet
/// with data; and the other sheets with data.
fn choose(
    book: &mut dyn Book,
    asked: Option<&str>,
) -> io::Result<Result<SheetRead, WorkbookProblem>> {
    let sheets = book.sheets()?;
    let mut with_data = Vec::new();
    for (name, hidden) in &sheets {
        if has_data(book, name)? {
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
            }),
        None => {
            let visible = || with_data.iter().filter(|(_, hidden)| !hidden);
            visible()
                .find(|(name, _)| CUSTOMER_SHEETS.iter().any(|c| same(name, c)))
                .or_else(|| visible().next())
                .map(|(name, _)| name.clone())
                .ok_or(WorkbookProblem::NoData)
        }
    };
    Ok(chosen.map(|chosen| SheetRead {
        others: with_data
            .into_iter()
            .filter(|(name, _)| *name != chosen)
            .collect(),
        name: chosen,
    }))
}

/// Whether the sheet `name` has a cell with something in it (read up to its first row that
/// has one).
fn has_data(book: &mut dyn Book, name: &str) -> io::Result<bool> {
    let mut found = false;
    book.rows(name, &mut |rows| {
        let mut record = csv::StringRecord::new();
        while rows.next_record(&mut record)?.is_some() {
            if record.iter().any(|c| !c.trim().is_empty()) {
                found = true;
                break;
            }
        }
        Ok(())
    })?;
    Ok(found)
}

/// A workbook's reader's error, as the error of a file that cannot be read.
fn invalid(e: impl std::fmt::Display) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, e.to_string())
}

/// A list refused as a whole for `problem`.
fn refused(problem: WorkbookProblem) -> ParsedFile {
    ParsedFile {
        file_errors: vec![FileError::Workbook(problem)],
        // A workbook, though no sheet of it was read.
        sheet: Some(SheetRead::default()),
        ..ParsedFile::default()
    }
}

//! Parsing decoded text into a header (which column is which field) and rows. Rows are kept in
//! one compact arena, values already in their stored form; bad rows become [`RowError`] values.

mod header;
mod layout;
mod problems;
mod records;
mod rows;

use header::read_header;
pub use header::{Column, Origin, Reading};
use layout::{Found, Layout};
use problems::shown;
pub use problems::{FileError, RowError, RowProblem};
pub use records::Records;
pub(crate) use records::records;
pub use rows::Rows;

use std::io::{self, BufRead, Read};

use crate::columns::ShopColumns;
use crate::field::{FIELD_COUNT, Field, ValueProblem, is_clear_marker, stored_value};
use crate::read::detect_delimiter;
use crate::systems::System;
use crate::workbook::SheetRead;

/// The longest value a cell may hold, in bytes.
pub const MAX_CELL_BYTES: usize = 1 << 20;
/// The most bytes of text one row may take. Far more than any customer's, and a value is at
/// most [`MAX_CELL_BYTES`]; a row is held whole while it is read, so a quote that never
/// closes must not make it the rest of a large file.
pub const MAX_ROW_BYTES: u64 = 16 << 20;

/// Everything read from a file: header, valid rows, row errors, file errors.
#[derive(Debug, Default)]
pub struct ParsedFile {
    pub delimiter: u8,
    pub columns: Vec<Column>,
    pub file_errors: Vec<FileError>,
    pub rows: Rows,
    pub row_errors: Vec<RowError>,
    /// Rows read, valid or not (blank ones not counted).
    pub rows_read: usize,
    /// The error file's column of reasons, if this is one kundreg wrote.
    pub error_column: Option<usize>,
    /// The name of the shop's columns file the headers were read by (empty: none given),
    /// and the SHA-256 of its bytes when there was one.
    pub columns_file: String,
    pub columns_sha256: Option<[u8; 32]>,
    /// The system whose export the header was recognised as.
    pub system: Option<&'static System>,
    /// The rows whose whole address was not clear and was kept whole as the street: the
    /// first few lines, and how many there are.
    pub unclear_addresses: Vec<u32>,
    pub unclear_address_count: u64,
    /// The workbook sheet the rows were read from, for a workbook.
    pub sheet: Option<SheetRead>,
    /// The customer numbers, phones and postal codes a workbook stores as numbers.
    pub numbers: Vec<Numbers>,
}

/// The rows whose value of `field` a workbook stores as a number (which loses leading zeros
/// and spaces): how many, and the first few lines.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Numbers {
    pub field: Field,
    pub rows: u64,
    pub lines: Vec<u32>,
}

/// How many lines of unclear addresses, or of numbers in a workbook, a preview names.
const UNCLEAR_SHOWN: usize = 5;

impl ParsedFile {
    /// The headers of ignored (unknown) columns; those the columns file ignores and an error
    /// file's reasons are not among them.
    pub fn ignored_columns(&self) -> impl Iterator<Item = &str> {
        self.columns
            .iter()
            .filter(|c| c.origin == Origin::Unknown)
            .map(|c| c.header.as_str())
    }

    /// The headers of the columns kundreg keeps nothing of.
    pub fn not_kept_columns(&self) -> impl Iterator<Item = &str> {
        self.columns
            .iter()
            .filter(|c| c.origin == Origin::NotKept)
            .map(|c| c.header.as_str())
    }

    /// Whether `column`'s field is given by more than one column, in an order (a further
    /// line of it aside).
    pub fn has_choice(&self, column: &Column) -> bool {
        let Some(field) = column.field else {
            return false;
        };
        let whole = |c: &Column| matches!(c.reading, Reading::Whole { .. });
        whole(column)
            && self
                .columns
                .iter()
                .any(|c| c.index != column.index && c.field == Some(field) && whole(c))
    }

    /// Notes that the row on `line` had a whole address whose parts were not clear.
    fn unclear_address(&mut self, line: u32) {
        if self.unclear_addresses.len() < UNCLEAR_SHOWN {
            self.unclear_addresses.push(line);
        }
        self.unclear_address_count += 1;
    }

    /// Notes that the row on `line` has its `field` as a number in its workbook.
    fn stored_as_number(&mut self, field: Field, line: u32) {
        let at = match self.numbers.iter().position(|n| n.field == field) {
            Some(at) => at,
            None => {
                self.numbers.push(Numbers {
                    field,
                    rows: 0,
                    lines: Vec::new(),
                });
                self.numbers.len() - 1
            }
        };
        let numbers = &mut self.numbers[at];
        numbers.rows += 1;
        if numbers.lines.len() < UNCLEAR_SHOWN {
            numbers.lines.push(line);
        }
    }
}

/// Parses decoded text (UTF-8, `\n` line endings, see [`crate::read::Decoded`]), its headers
/// read by the shop's column names `shop` first. A broken columns file is a file error.
pub fn parse(text: impl BufRead, shop: &ShopColumns) -> io::Result<ParsedFile> {
    by_shop(shop, |names| parse_by(text, names))
}

/// Parses by `parse` with the shop's column names `shop`, or none while they are broken
/// (which is then a file error).
fn by_shop(
    shop: &ShopColumns,
    parse: impl FnOnce(&ShopColumns) -> io::Result<ParsedFile>,
) -> io::Result<ParsedFile> {
    let none = ShopColumns::default();
    let names = if shop.broken.is_some() { &none } else { shop };
    let mut parsed = parse(names)?;
    parsed.columns_file.clone_from(&shop.file);
    parsed.columns_sha256 = shop.sha256;
    if let Some(broken) = &shop.broken {
        parsed.file_errors.push(FileError::Columns(broken.clone()));
    }
    Ok(parsed)
}

fn parse_by(mut text: impl BufRead, shop: &ShopColumns) -> io::Result<ParsedFile> {
    // The first non-blank line decides the delimiter; it is read here and put back in front.
    let mut head = Vec::new();
    loop {
        let before = head.len();
        if text.read_until(b'\n', &mut head)? == 0
            || head[before..].iter().any(|b| !b.is_ascii_whitespace())
        {
            let line_start = before;
            let delimiter = detect_delimiter(&head[line_start..]);
            let mut records = records(io::Cursor::new(head).chain(text), delimiter);
            return parse_by_records(&mut records, delimiter, shop);
        }
    }
}

/// Parses the records `records` gives (cells split at `delimiter`, as the file had them),
/// the headers read by the shop's column names `shop` first; a broken columns file is a file
/// error, as for [`parse`].
pub fn parse_records(
    records: &mut (impl Records + ?Sized),
    delimiter: u8,
    shop: &ShopColumns,
) -> io::Result<ParsedFile> {
    by_shop(shop, |names| parse_by_records(records, delimiter, names))
}

fn parse_by_records(
    records: &mut (impl Records + ?Sized),
    delimiter: u8,
    shop: &ShopColumns,
) -> io::Result<ParsedFile> {
    let mut parsed = ParsedFile {
        delimiter,
        ..ParsedFile::default()
    };
    let mut record = csv::StringRecord::new();
    let mut header: Option<Layout> = None;
    while let Some(line) = records.next_record(&mut record)? {
        if records.too_long() {
            parsed.file_errors.push(FileError::RowTooLong { line });
            return Ok(parsed);
        }
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let Some(layout) = &header else {
            header = Some(read_header(&mut parsed, &record, shop));
            if !parsed.file_errors.is_empty() {
                return Ok(parsed);
            }
            continue;
        };
        parsed.rows_read += 1;
        let row = Row {
            layout,
            error_column: parsed.error_column,
            record: &record,
            numbers: records.numbers(),
        };
        match row.add(&mut parsed.rows, &mut parsed.columns) {
            Ok(Some(added)) => {
                parsed.rows.end_row(line);
                if !added.clear_address {
                    parsed.unclear_address(line);
                }
                for field in added.numbers {
                    parsed.stored_as_number(field, line);
                }
            }
            Ok(None) => {
                parsed.file_errors.push(FileError::TooLarge);
                return Ok(parsed);
            }
            Err(problem) => {
                parsed.rows.drop_partial_row();
                parsed.row_errors.push(RowError { line, problem });
            }
        }
    }
    if header.is_none() {
        parsed.file_errors.push(FileError::Empty);
    }
    Ok(parsed)
}

/// One row's cells, read by the header's layout.
struct Row<'a> {
    layout: &'a Layout,
    /// An error file's column of reasons: a row's last non-empty cell from it on is its
    /// reason, not data.
    error_column: Option<usize>,
    record: &'a csv::StringRecord,
    /// The cells its workbook stores as numbers.
    numbers: &'a [usize],
}

/// A row added to the rows: whether its whole address (if any) was clear, and which of its
/// identifying fields its workbook stores as numbers.
struct Added {
    clear_address: bool,
    numbers: Vec<Field>,
}

/// The fields whose values are identifiers: a number in a workbook loses their leading zeros
/// and spaces.
const IDENTIFIERS: [Field; 3] = [Field::CustomerNumber, Field::Phone, Field::PostalCode];

impl Row<'_> {
    /// Adds the row's values (one per field of the rows) to `rows`, counting the column each
    /// came from in `columns` once the row is whole, or says why the row is bad (and leaves a
    /// partial row behind, for [`Rows::drop_partial_row`]). `Ok(None)`: the rows no longer
    /// fit.
    fn add(&self, rows: &mut Rows, columns: &mut [Column]) -> Result<Option<Added>, RowProblem> {
        let cell = |i: usize| self.record.get(i).map_or("", str::trim);
        let last = |from: usize, to: usize| (from..to).rev().find(|&i| !cell(i).is_empty());
        let (data, end) = match self.error_column {
            Some(reasons) => (reasons, last(reasons, self.record.len()).unwrap_or(reasons)),
            None => (self.layout.width, self.record.len()),
        };
        if let Some(last) = last(data, end) {
            return Err(RowProblem::ExtraCells {
                columns: data,
                cells: last + 1,
            });
        }
        let mut found: [Found<'_>; FIELD_COUNT] = Default::default();
        let clear_address = self.layout.read(&cell, &mut found);
        let (mut has_key, mut has_number, mut clears_email) = (false, false, false);
        let mut numbers = Vec::new();
        for (slot, value) in found.iter().enumerate().take(rows.fields().len()) {
            let field = rows.fields()[slot];
            let Some((value, column)) = value else {
                if !rows.push_value(None) {
                    return Ok(None);
                }
                continue;
            };
            if is_clear_marker(value) {
                match field {
                    Field::CustomerNumber => return Err(RowProblem::ClearsNumber),
                    Field::Email => clears_email = true,
                    _ => {}
                }
                if !rows.push_clear(field) {
                    return Ok(None);
                }
                continue;
            }
            if value.len() > MAX_CELL_BYTES {
                return Err(RowProblem::CellTooLong {
                    field,
                    bytes: value.len(),
                });
            }
            let bad = |problem| RowProblem::BadValue {
                field,
                value: shown(value),
                problem,
            };
            if IDENTIFIERS.contains(&field) && self.numbers.contains(&columns[*column].index) {
                if field == Field::CustomerNumber && !value.bytes().all(|b| b.is_ascii_digit()) {
                    return Err(bad(ValueProblem::NumberHasFraction));
                }
                numbers.push(field);
            }
            let stored = stored_value(field, value).map_err(bad)?;
            has_key |= field.is_key();
            has_number |= field == Field::CustomerNumber;
            if !rows.push_value(Some(&stored)) {
                return Ok(None);
            }
        }
        if clears_email && !has_number {
            Err(RowProblem::ClearsEmailWithoutNumber)
        } else if has_key {
            for (_, column) in found.iter().flatten() {
                columns[*column].used += 1;
            }
            Ok(Some(Added {
                clear_address,
                numbers,
            }))
        } else {
            Err(RowProblem::NoKey)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_str(text: &str) -> ParsedFile {
        let decoded = crate::read::Decoded::new(text.as_bytes(), crate::read::Encoding::Utf8);
        parse(decoded, &ShopColumns::default()).unwrap()
    }

    #[test]
    fn the_help_pages_paste_example_parses() {
        let p = parse_str(
            "epost,förnamn,eftenamn,telefonnummer\nnils@epost.com,Nils,Karlsson,070123456\n\
             stina@epost.com,Stina,Olsson,0701122333\n",
        );
        assert!(p.file_errors.is_empty());
        assert!(p.columns[2].corrected());
        assert_eq!(p.rows.len(), 2);
        assert_eq!(p.rows.get(1, Field::LastName), Some("Olsson"));
        assert_eq!(p.rows.line(1), 3);
    }

    #[test]
    fn quoted_newlines_keep_physical_line_numbers() {
        let p = parse_str("\n\nkundnr;anteckning\n1;\"rad ett\nrad två\"\n\n2;x;;;\n3;a;b\n");
        assert_eq!(p.rows.len(), 2);
        assert_eq!(p.rows.line(0), 4);
        assert_eq!(p.rows.get(0, Field::Note), Some("rad ett\nrad två"));
        assert_eq!(p.rows.line(1), 7);
        assert_eq!(p.row_errors.len(), 1);
        assert_eq!(p.row_errors[0].line, 8);
        let unterminated = parse_str("kundnr\n1\n\n\"2\n\"");
        assert_eq!(unterminated.rows.line(1), 4);
    }

    #[test]
    fn a_quote_never_closed_starts_its_row_on_its_own_line() {
        for end in ["", "\n", "\r\n", "\n\n"] {
            let p = parse_str(&format!(
                "kundnr;anteckning\n1;a\n2;\"aldrig stängd\n3;b{end}"
            ));
            assert_eq!(p.rows.line(1), 3, "{end:?}");
            let p = parse_str(&format!("kundnr;anteckning\n1;a\n\n2;\"\"\"{end}"));
            assert_eq!(p.rows.line(1), 4, "{end:?}");
        }
        // A quoted cell that does close, with a line break last, at the end of the file.
        let p = parse_str("kundnr;anteckning\n1;\"rad\n\"\n2;\"rad\n\"");
        assert_eq!((p.rows.line(0), p.rows.line(1)), (2, 4));
    }

    #[test]
    fn file_errors_are_found() {
        assert_eq!(parse_str("").file_errors, vec![FileError::Empty]);
        assert_eq!(
            parse_str("namn,stad\n").file_errors,
            vec![FileError::NoKeyColumn]
        );
        assert!(matches!(
            parse_str("mail,epost\n").file_errors[0],
            FileError::DuplicateField {
                field: Field::Email,
                ..
            }
        ));
    }

    #[test]
    fn empty_keys_and_bad_values_are_row_errors() {
        let p = parse_str("kundnr,epost,stad\n,,Malmö\n1,inte-en-adress,x\n 2 , , Lund \n");
        assert_eq!(p.row_errors[0].problem, RowProblem::NoKey);
        assert!(matches!(
            p.row_errors[1].problem,
            RowProblem::BadValue { .. }
        ));
        assert_eq!(p.rows.get(0, Field::CustomerNumber), Some("2"));
        assert_eq!(p.rows.get(0, Field::Email), None);
        assert_eq!(p.rows.get(0, Field::City), Some("Lund"));
    }
}

//! The header line: which column is which field, and where each meaning came from — the
//! shop's columns file, a system's export, a built-in name, a corrected spelling — and an
//! error file's column of reasons, which is not data.

use super::layout::Layout;
use super::{FileError, ParsedFile, Rows};
use crate::columns::ShopColumns;
use crate::field::{Field, HeaderMatch, match_header, normalize_header};
use crate::systems::{self, Meaning};

/// One column of the header.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Column {
    /// The header cell as written.
    pub header: String,
    /// Its place among the header's cells (0-based).
    pub index: usize,
    /// The field it was read as, if any (a cell of several fields: the first of them).
    pub field: Option<Field>,
    /// Where that meaning came from.
    pub origin: Origin,
    /// How its cells are read.
    pub reading: Reading,
    /// The rows whose value of the field came from this column.
    pub used: u64,
}

/// Where a column's meaning came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Origin {
    /// One of the field's accepted names.
    Name,
    /// A near miss of one, corrected to the field.
    Corrected,
    /// A line of the shop's columns file (which may say to ignore the column).
    Line(u32),
    /// The export of the system the header was recognised as.
    System,
    /// Something kundreg keeps nothing of: a system's column (marketing consent, tags), or
    /// a whole name beside the first and last name columns.
    NotKept,
    /// The last column of an error file kundreg wrote: the reasons, not data.
    ErrorColumn,
    /// Not a field's name: ignored.
    Unknown,
}

/// How a column's cells are read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reading {
    /// Not read.
    Ignored,
    /// The field's value: `rank` 0 is the first choice, a higher one is read where the
    /// columns before it are empty.
    Whole { rank: u8 },
    /// A further line of the value of the same rank (`Address2`).
    More { rank: u8 },
    /// A whole name: first name and last name.
    FullName,
    /// Mailchimp's whole address: street, postal code, city and country.
    Address,
}

impl Column {
    /// The fields its cells give.
    pub fn fields(&self) -> Vec<Field> {
        match (self.reading, self.field) {
            (Reading::Ignored, _) | (_, None) => vec![],
            (Reading::FullName, _) => vec![Field::FirstName, Field::LastName],
            (Reading::Address, _) => ADDRESS_PARTS.to_vec(),
            (Reading::Whole { .. } | Reading::More { .. }, Some(field)) => vec![field],
        }
    }

    /// True when the header was a near miss, corrected to `field`.
    pub fn corrected(&self) -> bool {
        self.origin == Origin::Corrected
    }
}

/// The fields of a whole address, in the order it is split.
const ADDRESS_PARTS: [Field; 4] = [
    Field::Address,
    Field::PostalCode,
    Field::City,
    Field::Country,
];

/// The most columns a header may name.
pub const MAX_COLUMNS: usize = 1000;
/// The longest header line, in bytes.
pub const MAX_HEADER_BYTES: usize = 64 * 1024;

/// The header cell that heads an error file's reasons, in either language.
const ERROR_COLUMN_NAMES: [&str; 2] = ["fel", "error"];

pub(super) fn read_header(
    parsed: &mut ParsedFile,
    record: &csv::StringRecord,
    shop: &ShopColumns,
) -> Layout {
    // Sizes no header has are refused before any work (Excel's empty columns to the right
    // are no columns).
    let columns = record.iter().filter(|c| !c.trim().is_empty()).count();
    let bytes = record.as_slice().len();
    if columns > MAX_COLUMNS || bytes > MAX_HEADER_BYTES {
        parsed
            .file_errors
            .push(FileError::HeaderTooLarge { columns, bytes });
        return Layout::default();
    }
    parsed.system = systems::recognise(record.iter());
    let last = (0..record.len())
        .rev()
        .find(|&i| !record[i].trim().is_empty());
    for (index, cell) in record.iter().enumerate() {
        let header = cell.trim().to_string();
        // Excel's trailing empty header cells are no columns at all.
        if header.is_empty() {
            continue;
        }
        let (field, origin, reading) = if Some(index) == last
            && index > 0
            && ERROR_COLUMN_NAMES.contains(&normalize_header(&header).as_str())
        {
            parsed.error_column = Some(index);
            (None, Origin::ErrorColumn, Reading::Ignored)
        } else if let Some(named) = shop.get(&header) {
            let reading = named
                .field
                .map_or(Reading::Ignored, |_| Reading::Whole { rank: 0 });
            (named.field, Origin::Line(named.line), reading)
        } else if let Some(meaning) = parsed.system.and_then(|s| s.meaning(&header)) {
            by_system(meaning)
        } else {
            by_name(&header)
        };
        parsed.columns.push(Column {
            header,
            index,
            field,
            origin,
            reading,
            used: 0,
        });
    }
    keep_one_name(&mut parsed.columns);
    check_fields(parsed);
    let layout = Layout::new(&parsed.columns, record.len());
    let fields = layout.fields();
    if !fields.iter().any(|f| f.is_key()) {
        parsed.file_errors.push(FileError::NoKeyColumn);
    }
    parsed.rows = Rows::new(fields);
    layout
}

/// A column of the recognised system's export, by what its table says.
fn by_system(meaning: Meaning) -> (Option<Field>, Origin, Reading) {
    match meaning {
        Meaning::Field { field, rank } => (Some(field), Origin::System, Reading::Whole { rank }),
        Meaning::More { field, rank } => (Some(field), Origin::System, Reading::More { rank }),
        Meaning::Address => (Some(Field::Address), Origin::System, Reading::Address),
        Meaning::NotKept => (None, Origin::NotKept, Reading::Ignored),
    }
}

/// A column by kundreg's own names: a field's, a near miss of one, or a whole name.
fn by_name(header: &str) -> (Option<Field>, Origin, Reading) {
    let whole = Reading::Whole { rank: 0 };
    match match_header(header) {
        HeaderMatch::Exact(f) => (Some(f), Origin::Name, whole),
        HeaderMatch::Corrected(f) => (Some(f), Origin::Corrected, whole),
        HeaderMatch::Unknown if systems::is_full_name(header) => {
            (Some(Field::FirstName), Origin::Name, Reading::FullName)
        }
        HeaderMatch::Unknown => (None, Origin::Unknown, Reading::Ignored),
    }
}

/// A whole name is read only where no column gives the first or last name.
fn keep_one_name(columns: &mut [Column]) {
    let parts_given = columns.iter().any(|c| {
        matches!(c.field, Some(Field::FirstName | Field::LastName))
            && c.reading != Reading::FullName
    });
    if !parts_given {
        return;
    }
    for column in columns
        .iter_mut()
        .filter(|c| c.reading == Reading::FullName)
    {
        column.field = None;
        column.origin = Origin::NotKept;
        column.reading = Reading::Ignored;
    }
}

/// Two columns that give one field at one rank are a duplicate: which to read is not clear.
fn check_fields(parsed: &mut ParsedFile) {
    let given = |c: &Column| -> Vec<(Field, u8)> {
        match c.reading {
            Reading::Whole { rank } => c.field.map(|f| (f, rank)).into_iter().collect(),
            Reading::FullName => vec![(Field::FirstName, 0), (Field::LastName, 0)],
            Reading::Address => ADDRESS_PARTS.map(|f| (f, 0)).to_vec(),
            Reading::More { .. } | Reading::Ignored => vec![],
        }
    };
    for (i, second) in parsed.columns.iter().enumerate() {
        for (field, rank) in given(second) {
            let first = parsed.columns[..i]
                .iter()
                .find(|c| given(c).contains(&(field, rank)));
            if let Some(first) = first {
                parsed.file_errors.push(FileError::DuplicateField {
                    field,
                    first: first.header.clone(),
                    second: second.header.clone(),
                });
            }
        }
    }
}

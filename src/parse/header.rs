//! The header line: which column is which field, and where each meaning came from — the
//! shop's columns file, a built-in name, a corrected spelling — and an error file's column of
//! reasons, which is not data.

use super::{FileError, ParsedFile, Rows};
use crate::columns::ShopColumns;
use crate::field::{Field, HeaderMatch, match_header, normalize_header};

/// One column of the header.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Column {
    /// The header cell as written.
    pub header: String,
    /// The field it was read as, if any.
    pub field: Option<Field>,
    /// Where that meaning came from.
    pub origin: Origin,
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
    /// The last column of an error file kundreg wrote: the reasons, not data.
    ErrorColumn,
    /// Not a field's name: ignored.
    Unknown,
}

impl Column {
    /// True when the header was a near miss, corrected to `field`.
    pub fn corrected(&self) -> bool {
        self.origin == Origin::Corrected
    }
}

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
) -> Vec<Option<Field>> {
    let mut fields = Vec::new();
    let mut mapped = Vec::new();
    // Sizes no header has are refused before any work (Excel's empty columns to the right
    // are no columns).
    let columns = record.iter().filter(|c| !c.trim().is_empty()).count();
    let bytes = record.as_slice().len();
    if columns > MAX_COLUMNS || bytes > MAX_HEADER_BYTES {
        parsed
            .file_errors
            .push(FileError::HeaderTooLarge { columns, bytes });
        return fields;
    }
    let last = (0..record.len())
        .rev()
        .find(|&i| !record[i].trim().is_empty());
    for (i, cell) in record.iter().enumerate() {
        let header = cell.trim().to_string();
        // Excel's trailing empty header cells are no columns at all.
        if header.is_empty() {
            fields.push(None);
            continue;
        }
        let (field, origin) = if Some(i) == last
            && i > 0
            && ERROR_COLUMN_NAMES.contains(&normalize_header(&header).as_str())
        {
            parsed.error_column = Some(i);
            (None, Origin::ErrorColumn)
        } else if let Some(named) = shop.get(&header) {
            (named.field, Origin::Line(named.line))
        } else {
            match match_header(&header) {
                HeaderMatch::Exact(f) => (Some(f), Origin::Name),
                HeaderMatch::Corrected(f) => (Some(f), Origin::Corrected),
                HeaderMatch::Unknown => (None, Origin::Unknown),
            }
        };
        if let Some(f) = field {
            if let Some(first) = parsed.columns.iter().find(|c| c.field == Some(f)) {
                parsed.file_errors.push(FileError::DuplicateField {
                    field: f,
                    first: first.header.clone(),
                    second: header.clone(),
                });
            }
            mapped.push(f);
        }
        fields.push(field);
        parsed.columns.push(Column {
            header,
            field,
            origin,
        });
    }
    if !mapped.iter().any(|f| f.is_key()) {
        parsed.file_errors.push(FileError::NoKeyColumn);
    }
    parsed.rows = Rows::new(mapped);
    fields
}

//! What can be wrong with a file as a whole, or with one of its rows, and the stable names
//! scripts know the row problems by.

use crate::columns::ColumnsError;
use crate::field::{Field, ValueProblem};
use crate::workbook::WorkbookProblem;

/// A problem with the file as a whole: nothing from it can be applied.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FileError {
    /// No header line: the file is empty or blank.
    Empty,
    /// Two columns name the same field.
    DuplicateField {
        field: Field,
        first: String,
        second: String,
    },
    /// Neither a customer number nor an email column.
    NoKeyColumn,
    /// The file is too large to read (over 4 GB of text).
    TooLarge,
    /// The header names more than [`header::MAX_COLUMNS`] columns, or is longer than
    /// [`header::MAX_HEADER_BYTES`]: no customer list is.
    HeaderTooLarge { columns: usize, bytes: usize },
    /// The row that starts on `line` runs over [`MAX_ROW_BYTES`]; the file is read no further.
    RowTooLong { line: u32 },
    /// The shop's columns file is broken: nothing is read by it until it is fixed.
    Columns(ColumnsError),
    /// A workbook that cannot be read as a list.
    Workbook(WorkbookProblem),
}

/// Why a row cannot be applied.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum RowProblem {
    /// Neither customer number nor email given.
    NoKey,
    /// A value breaks its field's rule.
    BadValue {
        field: Field,
        value: String,
        problem: ValueProblem,
    },
    /// More non-empty cells than the header has columns.
    ExtraCells { columns: usize, cells: usize },
    /// The number belongs to one customer, the email to another.
    NumberAndEmailDiffer { by_number: String, by_email: String },
    /// The email belongs to a customer that has another number.
    EmailHasOtherNumber { email: String, number: String },
    /// Other rows of the file land on the same customer: the first few of their lines, and
    /// how many more there are.
    SameCustomerAs { lines: Vec<u32>, more: u32 },
    /// A cell longer than [`MAX_CELL_BYTES`]: no value of a customer is.
    CellTooLong { field: Field, bytes: usize },
    /// The row clears the customer number, which names the customer.
    ClearsNumber,
    /// The row clears the email without giving the customer number it is to be found by.
    ClearsEmailWithoutNumber,
}

impl RowProblem {
    /// A stable name for the problem, for scripts (JSON `problem`); the reference lists them.
    pub fn key(&self) -> &'static str {
        match self {
            RowProblem::NoKey => "no_key",
            RowProblem::BadValue { problem, .. } => match problem {
                ValueProblem::BadEmail => "bad_email",
                ValueProblem::NumberHasSpace => "number_has_space",
                ValueProblem::NumberTooLong => "number_too_long",
                ValueProblem::NumberInScientificNotation => "number_in_scientific_notation",
                ValueProblem::ExcelError => "excel_error",
                ValueProblem::NumberHasFraction => "number_has_fraction",
            },
            RowProblem::ExtraCells { .. } => "extra_cells",
            RowProblem::NumberAndEmailDiffer { .. } => "number_and_email_differ",
            RowProblem::EmailHasOtherNumber { .. } => "email_has_other_number",
            RowProblem::SameCustomerAs { .. } => "duplicate_in_file",
            RowProblem::CellTooLong { .. } => "cell_too_long",
            RowProblem::ClearsNumber => "clears_customer_number",
            RowProblem::ClearsEmailWithoutNumber => "clears_email_without_number",
        }
    }
}

/// How many characters of a bad value a message shows.
const SHOWN_CHARS: usize = 80;

/// A bad value as a message shows it: at most [`SHOWN_CHARS`] characters, then `…`.
pub(super) fn shown(value: &str) -> String {
    match value.char_indices().nth(SHOWN_CHARS) {
        Some((end, _)) => format!("{}…", &value[..end]),
        None => value.to_string(),
    }
}

/// A row that is not applied, and why.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct RowError {
    /// The physical line where the row starts (1-based).
    pub line: u32,
    pub problem: RowProblem,
}

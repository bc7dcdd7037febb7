//! The texts of workbooks: the sheet read and the others, a workbook that cannot be read, an
//! identifier a workbook stores as a number, and workbooks a forget cannot rewrite (each
//! language's are beside its file, in its folder).

use crate::workbook::WorkbookProblem;

/// Workbooks: the texts.
pub struct WorkbookTexts {
    /// The preview's head: the sheet read.
    pub sheet: &'static str,
    /// The note naming the other sheets with data (`(hidden)` after a hidden one), and how
    /// to read one of them.
    pub other_sheets: fn(sheets: &[(String, bool)]) -> String,
    /// Why a workbook cannot be read as a list.
    pub problem: fn(&WorkbookProblem) -> String,
    /// `--sheet` given with `file`, which is a text, not a workbook.
    pub sheet_ignored: fn(file: &str) -> String,
    /// A customer number with a fraction.
    pub number_has_fraction: &'static str,
    /// The warning: the workbook holds `field` as a number on `lines`.
    pub stored_as_number: fn(field: &str, lines: &str) -> String,
    /// Workbooks that name a forgotten customer, which kundreg cannot rewrite: to delete or
    /// edit by hand.
    pub by_hand: fn(paths: &[String]) -> String,
}

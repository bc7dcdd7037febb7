//! The texts of fixing and dropping again: the clear marker, the error file of the rows not
//! imported, the shop's column names (`kolumner.txt`) and a list pasted on the command line
//! (each language's are beside its file, in its folder).

use crate::columns::ColumnsProblem;

/// Fixing and dropping again: the texts.
pub struct FixTexts {
    /// What a cleared value shows in a preview: `(tömt)`.
    pub cleared: &'static str,
    pub clears_number: &'static str,
    pub clears_email_without_number: &'static str,
    /// The head of the error file's last column: `fel`.
    pub error_column: &'static str,
    /// The reason in an error file's row: the line it had in `file`, and the problem.
    pub error_reason: fn(file: &str, line: u32, problem: &str) -> String,
    /// Said where the rows not imported were written.
    pub errors_written: fn(rows: u64, path: &str) -> String,
    pub errors_not_written: fn(path: &str, why: &str) -> String,
    /// The name of the columns file in the inbox and beside an input.
    pub columns_file: &'static str,
    /// A broken line of a columns file.
    pub columns_error: fn(file: &str, line: u32, problem: &ColumnsProblem) -> String,
    /// Where each column's meaning came from, for the preview's column list.
    pub columns_title: &'static str,
    pub from_name: &'static str,
    pub from_corrected: &'static str,
    pub from_line: fn(file: &str, line: u32) -> String,
    pub ignored_by_line: fn(file: &str, line: u32) -> String,
    /// Columns not recognised, all in one note: how the columns file `file` maps or silences
    /// them.
    pub unknown_columns: fn(file: &str, headers: &[&str]) -> String,
    pub error_column_note: &'static str,
    /// An unknown column, in the column list.
    pub ignored: &'static str,
    /// A corrected header, said in the preview: it is learned when the import is confirmed.
    pub will_learn: fn(file: &str) -> String,
    /// The comment above a learned line: the input it was learned from, and when.
    pub learned_comment: fn(input: &str, at: &str) -> String,
    pub learned: fn(header: &str, field: &str, file: &str) -> String,
    pub not_learned: fn(file: &str, why: &str) -> String,
    /// The first lines of a columns file kundreg starts.
    pub columns_file_head: &'static [&'static str],
    /// Paste on the command line.
    pub paste_prompt: &'static str,
    /// The source of a pasted list in the history, and its error file's stem.
    pub pasted: &'static str,
    pub pasted_stem: &'static str,
}

//! Fix and drop again: the texts in English.

use crate::columns::ColumnsProblem;
use crate::lang::fix::FixTexts;

pub static TEXTS: FixTexts = FixTexts {
    cleared: "(cleared)",
    clears_number: "The customer number cannot be cleared: it names the customer. Remove #CLEAR from the customer number column.",
    clears_email_without_number: "To clear the email, the row needs the customer's number, which the customer is found by. Fill in the customer number.",
    error_column: "error",
    error_reason: |file, line, problem| format!("Line {line} of {file}: {problem}"),
    errors_written: |rows, path| {
        let (rows, them) = match rows {
            1 => ("The row not imported is".to_string(), "it"),
            n => (format!("The {n} rows not imported are"), "them"),
        };
        format!(
            "{rows} in {path}, with the reason in the column \"error\". Fix {them} there (Excel is fine), save and drop the file again."
        )
    },
    errors_not_written: |path, why| {
        format!(
            "The rows not imported could not be written to {path} ({why}). They are still in the original file."
        )
    },
    columns_file: "kolumner.txt",
    columns_error: |file, line, problem| {
        let what = match problem {
            ColumnsProblem::NoEquals => "the line has no \"=\"".to_string(),
            ColumnsProblem::NoName => "the column name before \"=\" is missing".to_string(),
            ColumnsProblem::UnknownField(name) => format!("\"{name}\" is not a field"),
            ColumnsProblem::Twice { first_line } => {
                format!("the column has another meaning on line {first_line} already")
            }
            ColumnsProblem::Unreadable(why) => format!("the file cannot be read ({why})"),
        };
        let place = if line == 0 {
            String::new()
        } else {
            format!(" line {line}")
        };
        format!(
            "{file}{place}: {what}. Each line is \"Column name = field\" (for example \"Member no = customer number\") or \"Column name = -\" to ignore the column; # starts a comment. Fields: customer number, email, first name, last name, company, address, postal code, city, country, phone, note. Fix the file: nothing is imported while it is broken."
        )
    },
    columns_title: "Columns",
    from_name: "built-in name",
    from_corrected: "spelling corrected",
    from_line: |file, line| format!("{file} line {line}"),
    ignored_by_line: |file, line| format!("ignored ({file} line {line})"),
    unknown_columns: |file, headers| {
        let header = headers.first().copied().unwrap_or_default();
        let named: Vec<String> = headers.iter().map(|h| format!("\"{h}\"")).collect();
        let which = match headers.len() {
            1 => format!("Column {} is", named.join(", ")),
            _ => format!("Columns {} are", named.join(", ")),
        };
        format!(
            "{which} not recognised and ignored. To read one, add the line \"{header} = field\" to {file} (for example \"{header} = note\"), or \"{header} = -\" to say nothing more about it; the reference lists the column names kundreg reads."
        )
    },
    ignored: "not recognised, ignored",
    error_column_note: "the reasons from an earlier import, not read",
    will_learn: |file| {
        format!(
            "When the import is confirmed, the header is kept in {file}, so the next file is read the same way."
        )
    },
    learned_comment: |input, at| {
        format!(
            "Learned from {input} {at} (spelling corrected). Change or delete the line if it is wrong."
        )
    },
    learned: |header, field, file| {
        format!("Column \"{header}\" is read as {field} from now on (kept in {file}).")
    },
    not_learned: |file, why| {
        format!("The headers could not be kept in {file} ({why}). The import is done.")
    },
    columns_file_head: &[
        "# Column names the shop uses, one per line: Column name = field",
        "# (for example: Member no = customer number), or Column name = - to ignore the column.",
        "# Fields: customer number, email, first name, last name, company, address, postal code, city, country, phone, note.",
    ],
    paste_prompt: "Paste the list (header line first), then press Ctrl+D (on Windows: Ctrl+Z, then Enter).",
    pasted: "pasted list",
    pasted_stem: "pasted",
};

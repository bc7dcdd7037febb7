//! English.

mod failover;
mod faults;
mod fix;
mod glance;
mod key;
mod register;
mod screen;
mod shared;
mod systems;
mod watch;
mod workbook;

use super::{HistoryColumns, Texts};
use crate::field::{Field, ValueProblem};
use crate::parse::{FileError, RowProblem};

fn lines(lines: &[u32]) -> String {
    let list: Vec<String> = lines.iter().map(u32::to_string).collect();
    match list.as_slice() {
        [one] => format!("line {one}"),
        [rest @ .., last] => format!("lines {} and {last}", rest.join(", ")),
        [] => String::new(),
    }
}

pub static TEXTS: Texts = Texts {
    code: "en",
    field_name,
    yes: &["y", "yes"],
    preview_title: |file| format!("Preview of {file}"),
    rows_read: "Rows read",
    encoding: "Encoding",
    delimiter: "Delimiter",
    tab: "tab",
    register_version: "Register version",
    fingerprint: "Fingerprint",
    line: "line",
    status: "status",
    status_new: "new",
    status_update: "update",
    status_unchanged: "unchanged",
    status_error: "error",
    note: "NOTE",
    corrected_header: |header, field| {
        format!(
            "Column \"{header}\" was read as {field} (spelling corrected). If that is wrong, fix the header."
        )
    },
    encoding_fallback: "The file is not UTF-8 and was read as Windows-1252 (as Swedish Excel saves). Check å, ä and ö below.",
    already_imported: |version, date| {
        format!(
            "This file was already imported as version {version} on {date}. It will not be imported again."
        )
    },
    how_to_import: |file| format!("Import: kundreg import {file}"),
    how_to_edit: "Edit: correct the file and preview it again. New values are shown in green, values the register already holds as /.",
    file_errors_title: "The file cannot be imported",
    how_to_fix: "Correct the file and try again. Nothing in the register was changed.",
    unchanged_not_listed: |count| format!("… and {count} unchanged rows, not listed."),
    page_left_out: |new, update, unchanged, error, file| {
        let kinds: Vec<String> = [
            (new, "new"),
            (update, "changed"),
            (unchanged, "unchanged"),
            (error, "error"),
        ]
        .into_iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, kind)| format!("{n} more {kind} rows"))
        .collect();
        format!(
            "This page lists the first {} rows of each kind. Not listed here: {}. The text preview ({file}.preview.txt beside it, or kundreg preview {file}) lists every row. A confirm applies the whole file, held to the same fingerprint.",
            crate::report::PAGE_ROWS,
            kinds.join(", ")
        )
    },
    same_legend: "/ = same as in the register",
    file_error: |e| {
        match e {
        FileError::Empty => "The file is empty: its first line must name the columns, e.g. email,first name,last name.".into(),
        FileError::DuplicateField { field, first, second } => format!(
            "Columns \"{first}\" and \"{second}\" both mean {}. Remove one of them.",
            field_name(*field)
        ),
        FileError::NoKeyColumn => "The header has neither a customer number nor an email column. At least one is needed to find the right customer.".into(),
        FileError::TooLarge => "The file is too large (over 4 GB of text). Split it into several files.".into(),
        FileError::Columns(e) => (fix::TEXTS.columns_error)(&e.file, e.line, &e.problem),
        FileError::HeaderTooLarge { columns, bytes } => (faults::TEXTS.header_too_large)(*columns, *bytes),
        FileError::RowTooLong { line } => (faults::TEXTS.row_too_long)(*line),
        FileError::Workbook(problem) => (workbook::TEXTS.problem)(problem),
    }
    },
    row_problem: |p| match p {
        RowProblem::NoKey => "The row has neither a customer number nor an email.".into(),
        RowProblem::BadValue {
            field,
            value,
            problem,
        } => format!(
            "{} \"{value}\": {}",
            field_name(*field),
            (TEXTS.value_problem)(*problem)
        ),
        RowProblem::ExtraCells { columns, cells } => format!(
            "The row has {cells} values but the header only {columns} columns. Check delimiters and quotes."
        ),
        RowProblem::NumberAndEmailDiffer {
            by_number,
            by_email,
        } => format!(
            "The customer number belongs to customer {by_number} but the email to customer {by_email}. Check which customer is meant."
        ),
        RowProblem::EmailHasOtherNumber { email, number } => format!(
            "The email {email} already belongs to customer {number}, who has another customer number."
        ),
        RowProblem::CellTooLong { field, bytes } => {
            (faults::TEXTS.cell_too_long)(field_name(*field), *bytes)
        }
        RowProblem::ClearsNumber => fix::TEXTS.clears_number.into(),
        RowProblem::ClearsEmailWithoutNumber => fix::TEXTS.clears_email_without_number.into(),
        RowProblem::SameCustomerAs {
            lines: l,
            more: more @ 1..,
        } => (faults::TEXTS.same_customer_as_many)(l, *more),
        RowProblem::SameCustomerAs { lines: l, .. } => {
            format!("Same customer as on {}. Merge the rows into one.", lines(l))
        }
    },
    value_problem: |p| match p {
        ValueProblem::BadEmail => "does not look like an email address",
        ValueProblem::NumberHasSpace => "a customer number may not contain spaces",
        ValueProblem::NumberTooLong => "a customer number may be at most 64 characters",
        ValueProblem::NumberInScientificNotation => {
            "the customer number is in Excel's scientific notation (like 1,23457E+11) and its digits are lost: format the column as text in Excel and save again"
        }
        ValueProblem::NumberHasFraction => workbook::TEXTS.number_has_fraction,
        ValueProblem::ExcelError => {
            "the cell holds one of Excel's error values, not data (a formula that failed): correct it in Excel and save again"
        }
    },
    confirm_import: |new, update| {
        format!("Import {new} new and {update} changed customers? [y/N] ")
    },
    imported: |version, new, update| {
        format!("Imported as version {version}: {new} new, {update} changed.")
    },
    rows_not_applied: |count| match count {
        1 => "1 row with errors was not imported (see the preview).".to_string(),
        n => format!("{n} rows with errors were not imported (see the preview)."),
    },
    nothing_to_import: "The file changes nothing in the register. No new version was made.",
    not_imported: "Nothing was imported.",
    needs_yes: "No terminal to ask on: add --yes to go ahead without being asked.",
    waiting_for_register: |path, seconds| {
        format!(
            "The register {path} is in use by another kundreg; waiting up to {seconds} seconds …"
        )
    },
    register_empty_file: |path| {
        format!(
            "{path} is an empty file, not a register. Remove it or name another register with --db."
        )
    },
    register_not_ours: |path| {
        format!(
            "{path} is not a kundreg register. The file is left as it is; name another register with --db."
        )
    },
    register_schema: |path, found| {
        format!(
            "{path} has register format {found}, which this version of kundreg cannot read. Update kundreg."
        )
    },
    register_busy: |path| {
        format!("The register {path} is still in use by another kundreg. Try again in a moment.")
    },
    register_newer: |path| {
        format!(
            "{path} was written by a newer kundreg. The file is intact: update kundreg on this computer, then try again."
        )
    },
    register_damaged: |path, detail| {
        format!("The register {path} cannot be read ({detail}). Restore it from a backup.")
    },
    io_error: |path, detail| format!("{path}: {detail}"),
    no_such_file: |path| format!("{path} does not exist. Check the name and the folder."),
    no_access: |path| {
        format!("{path} may not be read or written by this user. Check the file's permissions.")
    },
    stale_plan: "The register or the file changed while the import was prepared. Nothing was imported; preview again.",
    no_such_customer: |key| format!("No customer with customer number or email \"{key}\"."),
    no_register: |path| {
        format!("There is no register at {path} yet. It is created by the first import.")
    },
    status_register: "Register",
    status_customers: "Customers",
    status_version: "Version",
    status_last_import: "Last import",
    none: "none",
    history_empty: "No history yet.",
    history_columns: HistoryColumns {
        version: "version",
        time: "time",
        kind: "kind",
        file: "file",
        counts: "new / changed / removed",
        remark: "remark",
    },
    rolled_back_by: |version| format!("rolled back by v{version}"),
    kind_import: "import",
    kind_rollback: "rollback",
    kind_forget: "forget",
    kind_edit: "edit",
    kind_add: "add",
    exported: |count, path| format!("{count} customers exported to {path}."),
    would_overwrite: |path| {
        format!("{path} already exists and is not overwritten. Choose another name with --out.")
    },
    file_changed: |path| {
        format!("{path} changed while it was being read. Wait until it is saved, then try again.")
    },
    held_open: |path| {
        format!(
            "{path} is open in another program (Excel, perhaps) that lets no one else read it. Close it there and try again."
        )
    },
    undoes: |versions| format!("undoes {versions}"),
    no_such_version: |version| {
        format!("There is no version {version}. See which there are with: kundreg history")
    },
    forget_is_final: |version| {
        format!("Version {version} is a forget (erasure) and cannot be rolled back.")
    },
    already_rolled_back: |version, by| {
        format!(
            "Version {version} was already rolled back by version {by}. To redo it: kundreg rollback {by}"
        )
    },
    stale_undo: "The register changed while the rollback was prepared. Nothing was changed; run the command again to see the new one.",
    show_title: |version, kind, date| format!("Version {version} ({kind}, {date})"),
    source_file: "File",
    undo_one_title: |version| format!("Roll back version {version}"),
    undo_to_title: |version| format!("Roll the register back to version {version}"),
    undo_versions: |versions| format!("Undoes {versions}."),
    redo_versions: |versions| format!("Redoes {versions} (undone by the version now rolled back)."),
    undo_counts: |update, removed, new| {
        format!("Restores {update} customers, removes {removed}, brings back {new}.")
    },
    no_changes: "No customer changes.",
    customer: "Customer",
    status_removed: "removed",
    erased_customer: "erased customer",
    more_customers: |count| format!("… and {count} more customers"),
    conflicts_title: "Conflicts — customers changed since:",
    overwritten_title: "Overwritten (--force):",
    conflicts_header: ["customer", "field", "now", "the version left"],
    email_taken: |number, email, owner| {
        format!(
            "customer {number} would get back the email {email}, which customer {owner} has now"
        )
    },
    conflicts_refused: "Nothing was changed: later changes are in the way. Run with --force to restore the customers anyway (the values above are then overwritten).",
    email_taken_refused: "Nothing was changed: two customers cannot share an email, not even with --force. Change or remove the email of the customer who has it now, then try again.",
    dry_run_done: "Dry run: nothing was changed.",
    confirm_undo: |customers| format!("Make this change to {customers} customers? [y/N] "),
    rolled_back: |version| format!("Done: saved as version {version}."),
    nothing_to_undo: |version| {
        format!("Nothing to undo: the register is already at version {version}.")
    },
    not_rolled_back: "Nothing was changed.",
    confirm_forget: |number| {
        format!(
            "Erase customer {number} from the register and from the whole history? This cannot be undone. [y/N] "
        )
    },
    forgotten: |number, version| {
        format!(
            "Customer {number} was erased from the register and from the history (version {version}). The history shows an erased customer in their place."
        )
    },
    not_forgotten: "Nothing was erased.",
    not_a_folder: |path| format!("{path} is not a folder. Name the folder to watch."),
    register_in_inbox: |db, inbox| {
        format!(
            "The register {db} is inside the watched folder {inbox}. Keep it on this computer's own disk, outside the shared folder (--db), so sync clients never copy it half-written."
        )
    },
    failover: &failover::TEXTS,
    glance: &glance::TEXTS,
    fix: &fix::TEXTS,
    faults: &faults::TEXTS,
    key: &key::TEXTS,
    register: &register::TEXTS,
    shared: &shared::TEXTS,
    systems: &systems::TEXTS,
    workbook: &workbook::TEXTS,
    screen: &screen::TEXTS,
    watch: &watch::TEXTS,
};

/// A field's name in English texts.
pub fn field_name(field: Field) -> &'static str {
    match field {
        Field::CustomerNumber => "customer number",
        Field::Email => "email",
        Field::FirstName => "first name",
        Field::LastName => "last name",
        Field::Company => "company",
        Field::Address => "address",
        Field::PostalCode => "postal code",
        Field::City => "city",
        Field::Country => "country",
        Field::Phone => "phone",
        Field::Note => "note",
    }
}

//! English.

mod failover;
mod faults;
mod fix;
mod glance;
mod key;

use super::{HistoryColumns, SharingTexts, Texts, WatchTexts};
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
    accepted_names: "Accepted column names",
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
    rows_not_applied: |count| {
        format!("{count} rows with errors were not imported (see the preview).")
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
    sharing: SharingTexts {
        started: |folder| {
            format!(
                "Started the shared folder {folder} with this computer as its primary: it alone changes the register. Other computers join with the code kundreg status shows (kundreg watch --join CODE on their copy of the folder) and follow it."
            )
        },
        primary: "This computer is the shared folder's primary: it previews and imports the folder's files and publishes every version.",
        replica: |primary| {
            format!(
                "This computer follows {primary}, the shared folder's primary: it keeps its own copy of the register up to date and leaves the folder's files to the primary."
            )
        },
        waiting_for_folder: "Waiting for the shared folder's register to arrive from its primary (--join CODE).",
        twin_yields: "Another computer has this computer's identity (a copied disk?); it started later and takes a new one.",
        twin_renamed: |primary, was_primary| {
            let role = if was_primary {
                " It no longer acts as the primary."
            } else {
                ""
            };
            format!(
                "This computer had the identity of another computer in the folder (a copied disk?) and has taken a new one.{role} It follows {primary} and makes its register again from the primary's copy."
            )
        },
        published: |version| format!("Version {version} published to the shared folder."),
        published_snapshot: |version| {
            format!(
                "A copy of the whole register at version {version} published to the shared folder, for computers that join or are behind."
            )
        },
        erased_log: |files| {
            format!(
                "{files} older files removed from the folder's log: they held the forgotten customer."
            )
        },
        compacted_log: |files| {
            format!(
                "{files} older files removed from the folder's log: every computer has what they held."
            )
        },
        replayed: |version, what| format!("Version {version} from the primary: {what}."),
        rebuilt: |version, why| {
            format!(
                "The register was rebuilt from the primary's copy at version {version} ({why})."
            )
        },
        why_joined: "this computer is joining",
        why_behind: "the log before it was removed",
        why_diverged: |version| format!("after version {version} it differed from the primary's"),
        waiting_version: |version| {
            format!(
                "Waiting for version {version} from the primary: later versions have arrived, this one not yet."
            )
        },
        arriving: |version| format!("Version {version} is still arriving."),
        waiting_snapshot: "Waiting for the primary's copy of the register to arrive.",
        failed: |detail| format!("The shared folder: {detail}. Trying again at the next scan."),
        folder_failed: |detail| format!("The shared folder: {detail}. Nothing was changed."),
        log_file_damaged: |detail| {
            format!(
                "A file in the shared folder's .kundreg cannot be used ({detail}); it is waited for or replaced."
            )
        },
        foreign: |db, folder, customers, version| {
            let customers = match customers {
                1 => "1 customer".to_string(),
                n => format!("{n} customers"),
            };
            format!(
                "The register {db} holds other data ({customers}, version {version}) than the register the shared folder {folder} carries. Nothing was changed in either. To bring its customers over: export them (kundreg --db {db} export --out customers.csv), import that file on the primary, and start this computer with a new, empty register (--db)."
            )
        },
        archive_rewritten: |files| {
            format!(
                "Also erased from {files} of kundreg's files in the shared folder (done/ and previews)."
            )
        },
        archive_waiting: |rows| {
            format!(
                "Still in files waiting in the inbox, not changed (they are the staff's files; remove the rows there): {rows}."
            )
        },
        archive_failed: |path, why| {
            format!(
                "Could not erase the customer from {path} ({why}); remove them from it by hand."
            )
        },
        queued: |primary| {
            format!(
                "Sent to {primary}, the primary. It is carried out when kundreg watch runs there; this computer's watch log shows the outcome."
            )
        },
        asked: |primary, seconds| {
            format!("Sent to {primary}, the primary; waiting for it (up to {seconds} s) …")
        },
        no_answer: |primary, seconds, seen| {
            format!(
                "{primary}, the primary (last seen: {seen}), has not answered in {seconds} s. The request stays queued: it is carried out when kundreg watch runs on {primary}. Wait longer with --wait SECONDS."
            )
        },
        not_arrived: |primary, version| {
            format!(
                "{primary} made version {version}, but it has not arrived on this computer yet; kundreg watch here replays it when it does."
            )
        },
        request_done: |from, what, version| {
            format!("Request from {from}: {what} — version {version}.")
        },
        request_nothing: |from, what| format!("Request from {from}: {what} — nothing to change."),
        request_refused: |from, what, why| format!("Request from {from}: {what} — refused: {why}"),
        request_too_large: |file, limit| {
            format!(
                "The request {file} in the shared folder is larger than the {limit} MB a file may be here (--max-size): it is not read. If a computer of the shop sent it, import the file on the primary."
            )
        },
        status_role: "Role",
        role_primary: "primary (changes the register)",
        role_replica: "replica (follows the primary)",
        role_alone: "alone (no other computer shares its folder)",
        status_folder: "Shared folder",
        status_primary: "Primary",
        seen: |name, when| format!("{name}, last seen {when}"),
        not_seen: "not seen yet",
        status_behind: "Behind",
        up_to_date: "up to date",
        behind: |versions| format!("{versions} versions"),
    },
    watch: WatchTexts {
        started: |inbox, db| format!("Watching {inbox} (register {db}). Stop with Ctrl+C."),
        stopped: "Stopped.",
        no_signals: |detail| {
            format!(
                "Ctrl+C and stop signals cannot be caught ({detail}); stopping may interrupt work."
            )
        },
        no_events: |detail| {
            format!(
                "No file events from the system ({detail}); the folder is scanned every second instead."
            )
        },
        inbox_unreadable: |detail| format!("The folder cannot be read: {detail}. Trying again."),
        unreadable_name: |name| {
            format!("{name}: the name is not valid text and is skipped. Rename the file.")
        },
        symlink: "a symbolic link, not followed",
        not_a_file: "not a regular file, not read",
        hard_link: "a file with more than one name (hard link), not read. Copy it into the folder instead.",
        locked: |name| format!("{name} is open in another program; it is read once it is closed."),
        previewed: |name, new, update, unchanged, error| {
            format!(
                "{name}: preview written ({new} new, {update} changed, {unchanged} unchanged, {error} errors)"
            )
        },
        previewed_errors: |name| {
            format!("{name}: cannot be imported; the preview says what to correct")
        },
        preview_kept: |name| format!("{name}: the preview already shows this file"),
        previews_removed: |input| format!("{input} was removed; so were its previews"),
        applying: |name| format!("{name}: confirmed, importing"),
        applied: |name, version, new, update| {
            format!("{name}: imported as version {version} ({new} new, {update} changed)")
        },
        finished_after_stop: |name, version| {
            format!("{name}: already imported as version {version}; its files are moved now")
        },
        nothing_applied: |name| format!("{name}: confirmed, but it changes nothing"),
        cancelled: |name, cancel| format!("{name}: cancelled by {cancel}"),
        no_input_for: |name| format!("{name}: there is no file it belongs to"),
        conflict_copy_signal: |name| {
            format!("{name}: a sync client's conflict copy; it confirms and cancels nothing")
        },
        cannot_write: |name, detail| format!("{name}: the preview cannot be written: {detail}"),
        cannot_move: |name, detail| {
            format!("{name}: cannot be moved to done: {detail}. It is tried again.")
        },
        cannot_remove: |name, detail| format!("{name} cannot be removed: {detail}"),
        next_steps: |name, stem| {
            let confirm = match stem {
                Some(stem) => format!("{name}.confirm (or {stem}.confirm)"),
                None => format!("{name}.confirm"),
            };
            vec![
                format!("Import: create a file named {confirm} in this folder (it may be empty)."),
                format!("Edit: correct {name} and save it; a new preview appears here."),
                format!("Throw away: create a file named {name}.cancel."),
                "New values are shown in green, values the register already holds as /.".into(),
            ]
        },
        conflict_copy: "This file is a sync client's conflict copy: two computers changed the same file. Check that it is the version you want before you confirm it.",
        confirm_not_taken: |confirm, why| {
            format!("{confirm} was not taken and has been removed: {why}")
        },
        log_not_taken: |name, confirm, why| format!("{name}: {confirm} not taken: {why}"),
        before_preview: "it was made before this preview was written. Read this preview, then confirm again.",
        no_preview: "there was no preview to hold it to. Read this preview, then confirm again.",
        stale: "the file or the register changed since the preview you confirmed. Nothing was imported. Read this new preview, then confirm again.",
        cannot_import: "this file cannot be imported. Correct it as described below; a new preview appears.",
        already: |version, date| {
            format!(
                "these exact bytes were already imported as version {version} on {date}. Roll that version back first to import them again."
            )
        },
        too_large: |size, limit| {
            format!(
                "The file is {} MB, more than the {} MB kundreg reads in this folder. Split it into smaller files, or import it with: kundreg import FILE",
                size / 1_000_000,
                limit / 1_000_000
            )
        },
        spreadsheet: "kundreg reads .csv and .txt files. In Excel choose File → Save As → \"CSV UTF-8 (Comma delimited)\" and save it in this folder; then remove this file.",
        changed_since: "Changed since the last preview",
        too_large_to_compare: "The file is too large to compare with the last preview.",
        row_changed: |line, changes| format!("line {line}: {changes}"),
        row_removed: |line, values| format!("removed (was line {line}): {values}"),
        row_added: |line, values| format!("line {line} added: {values}"),
        no_row_changes: "No rows changed (only blank lines, spacing or line positions).",
        more_changes: |count| format!("… and {count} more"),
        emptied: "(empty)",
        receipt_title: |name| format!("kundreg receipt: {name}"),
        receipt_version: "Version",
        receipt_time: "Imported",
        receipt_file: "File",
        receipt_sha256: "SHA-256",
        receipt_register: "Register",
        receipt_counts: |new, update, unchanged, errors| match unchanged {
            Some(unchanged) => format!(
                "{new} new, {update} changed, {unchanged} unchanged, {errors} rows not applied."
            ),
            None => format!("{new} new, {update} changed, {errors} rows not applied."),
        },
        receipt_undo: "To undo this import, run on the computer that keeps the register:",
        receipt_resumed: "kundreg was stopped after the import and before this file was moved; the move was finished when it started again. The import was applied once.",
        nothing: "Nothing was imported: the register already holds everything in this file.",
    },
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

//! The shared-folder daemon (kundreg watch): the texts in English.

use crate::lang::watch::WatchTexts;

pub static TEXTS: WatchTexts = WatchTexts {
    started: |inbox, db| format!("Watching {inbox} (register {db}). Stop with Ctrl+C."),
    stopped: "Stopped.",
    no_signals: |detail| {
        format!("Ctrl+C and stop signals cannot be caught ({detail}); stopping may interrupt work.")
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
    spreadsheet: "kundreg does not read Numbers files. In Numbers choose File → Export To → Excel… and save the workbook in this folder; then remove this file.",
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
};

//! Every text a user sees, one file per language (and failover's and the glance's beside it,
//! in the language's folder): a translation is one file and its folder.

mod en;
pub mod failover;
pub mod faults;
pub mod fix;
pub mod glance;
pub mod key;
mod sv;

use crate::field::{Field, ValueProblem};
use crate::parse::{FileError, RowProblem};
use crate::plan::Status;
use crate::store::Kind;

/// The language of reports and messages.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum Lang {
    /// Svenska
    #[default]
    Sv,
    /// English
    En,
}

impl Lang {
    /// The texts of this language.
    pub fn texts(self) -> &'static Texts {
        match self {
            Lang::Sv => &sv::TEXTS,
            Lang::En => &en::TEXTS,
        }
    }
}

/// The texts of one language. Plain words are strings; texts with values are functions.
pub struct Texts {
    /// The language's code, as HTML's `lang` attribute takes it.
    pub code: &'static str,
    /// "yes" answers accepted at a prompt (lowercase).
    pub yes: &'static [&'static str],
    /// A field's name in this language (report columns, messages).
    pub field_name: fn(Field) -> &'static str,
    pub preview_title: fn(file: &str) -> String,
    pub rows_read: &'static str,
    pub encoding: &'static str,
    pub delimiter: &'static str,
    pub tab: &'static str,
    pub register_version: &'static str,
    pub fingerprint: &'static str,
    pub line: &'static str,
    pub status: &'static str,
    pub status_new: &'static str,
    pub status_update: &'static str,
    pub status_unchanged: &'static str,
    pub status_error: &'static str,
    pub note: &'static str,
    pub corrected_header: fn(header: &str, field: &str) -> String,
    pub accepted_names: &'static str,
    pub encoding_fallback: &'static str,
    pub already_imported: fn(version: u64, date: &str) -> String,
    pub how_to_import: fn(file: &str) -> String,
    pub how_to_edit: &'static str,
    pub file_errors_title: &'static str,
    pub how_to_fix: &'static str,
    pub unchanged_not_listed: fn(count: u64) -> String,
    pub same_legend: &'static str,
    pub file_error: fn(&FileError) -> String,
    pub row_problem: fn(&RowProblem) -> String,
    pub value_problem: fn(ValueProblem) -> &'static str,
    pub confirm_import: fn(new: u64, update: u64) -> String,
    pub imported: fn(version: u64, new: u64, update: u64) -> String,
    pub rows_not_applied: fn(count: u64) -> String,
    pub nothing_to_import: &'static str,
    pub not_imported: &'static str,
    pub needs_yes: &'static str,
    pub waiting_for_register: fn(path: &str, seconds: u64) -> String,
    pub register_empty_file: fn(path: &str) -> String,
    pub register_not_ours: fn(path: &str) -> String,
    pub register_schema: fn(path: &str, found: u32) -> String,
    pub register_busy: fn(path: &str) -> String,
    pub register_damaged: fn(path: &str, detail: &str) -> String,
    pub register_newer: fn(path: &str) -> String,
    pub io_error: fn(path: &str, detail: &str) -> String,
    /// A file that does not exist; one that may not be read.
    pub no_such_file: fn(path: &str) -> String,
    pub no_access: fn(path: &str) -> String,
    pub stale_plan: &'static str,
    pub no_such_customer: fn(key: &str) -> String,
    pub no_register: fn(path: &str) -> String,
    pub status_register: &'static str,
    pub status_customers: &'static str,
    pub status_version: &'static str,
    pub status_last_import: &'static str,
    pub none: &'static str,
    pub history_empty: &'static str,
    pub history_columns: HistoryColumns,
    pub rolled_back_by: fn(version: u64) -> String,
    pub kind_import: &'static str,
    pub kind_rollback: &'static str,
    pub kind_forget: &'static str,
    pub exported: fn(count: u64, path: &str) -> String,
    pub would_overwrite: fn(path: &str) -> String,
    pub file_changed: fn(path: &str) -> String,
    pub held_open: fn(path: &str) -> String,
    /// History: what a rollback undid.
    pub undoes: fn(versions: &str) -> String,
    pub no_such_version: fn(version: u64) -> String,
    pub forget_is_final: fn(version: u64) -> String,
    pub already_rolled_back: fn(version: u64, by: u64) -> String,
    pub stale_undo: &'static str,
    /// Titles of `show` and of a rollback report.
    pub show_title: fn(version: u64, kind: &str, date: &str) -> String,
    pub source_file: &'static str,
    pub undo_one_title: fn(version: u64) -> String,
    pub undo_to_title: fn(version: u64) -> String,
    pub undo_versions: fn(versions: &str) -> String,
    pub redo_versions: fn(versions: &str) -> String,
    pub undo_counts: fn(update: u64, removed: u64, new: u64) -> String,
    pub no_changes: &'static str,
    /// A customer in a list of changes, and how it changed.
    pub customer: &'static str,
    pub status_removed: &'static str,
    pub erased_customer: &'static str,
    pub more_customers: fn(count: u64) -> String,
    pub conflicts_title: &'static str,
    pub overwritten_title: &'static str,
    /// Columns of the conflict list: customer, field, value now, value the version left.
    pub conflicts_header: [&'static str; 4],
    pub email_taken: fn(number: &str, email: &str, owner: &str) -> String,
    pub conflicts_refused: &'static str,
    pub email_taken_refused: &'static str,
    pub dry_run_done: &'static str,
    pub confirm_undo: fn(customers: u64) -> String,
    pub rolled_back: fn(version: u64) -> String,
    pub nothing_to_undo: fn(version: u64) -> String,
    pub not_rolled_back: &'static str,
    pub confirm_forget: fn(number: &str) -> String,
    pub forgotten: fn(number: &str, version: u64) -> String,
    pub not_forgotten: &'static str,
    pub not_a_folder: fn(path: &str) -> String,
    pub register_in_inbox: fn(db: &str, inbox: &str) -> String,
    /// The shared-folder daemon.
    pub watch: WatchTexts,
    pub sharing: SharingTexts,
    pub failover: &'static failover::FailoverTexts,
    pub glance: &'static glance::GlanceTexts,
    pub fix: &'static fix::FixTexts,
    pub faults: &'static faults::FaultTexts,
    pub key: &'static key::KeyTexts,
}

/// The texts of `kundreg watch`: its log, the previews it writes and its receipts.
/// The column headings of `history`.
pub struct HistoryColumns {
    pub version: &'static str,
    pub time: &'static str,
    pub kind: &'static str,
    pub file: &'static str,
    /// New, changed and removed customers (also in `show`).
    pub counts: &'static str,
    pub remark: &'static str,
}

/// Several computers, one shared folder: the daemon's log, `status`, and the refusals.
pub struct SharingTexts {
    pub started: fn(folder: &str) -> String,
    pub primary: &'static str,
    pub replica: fn(primary: &str) -> String,
    pub waiting_for_folder: &'static str,
    pub twin_yields: &'static str,
    pub twin_renamed: fn(primary: &str, was_primary: bool) -> String,
    pub published: fn(version: u64) -> String,
    pub published_snapshot: fn(version: u64) -> String,
    pub erased_log: fn(files: usize) -> String,
    pub compacted_log: fn(files: usize) -> String,
    pub replayed: fn(version: u64, what: &str) -> String,
    pub rebuilt: fn(version: u64, why: &str) -> String,
    pub why_joined: &'static str,
    pub why_behind: &'static str,
    pub why_diverged: fn(version: u64) -> String,
    pub waiting_version: fn(version: u64) -> String,
    pub arriving: fn(version: u64) -> String,
    pub waiting_snapshot: &'static str,
    pub failed: fn(detail: &str) -> String,
    /// A command's (not the daemon's) trouble with the shared folder.
    pub folder_failed: fn(detail: &str) -> String,
    pub log_file_damaged: fn(detail: &str) -> String,
    pub foreign: fn(db: &str, folder: &str, customers: u64, version: u64) -> String,
    pub archive_rewritten: fn(files: usize) -> String,
    pub archive_waiting: fn(rows: &str) -> String,
    pub archive_failed: fn(path: &str, why: &str) -> String,
    pub queued: fn(primary: &str) -> String,
    pub asked: fn(primary: &str, seconds: u64) -> String,
    pub no_answer: fn(primary: &str, seconds: u64, seen: &str) -> String,
    pub not_arrived: fn(primary: &str, version: u64) -> String,
    /// The primary's log: a request carried out (`version`) or refused (`why`).
    pub request_done: fn(from: &str, what: &str, version: u64) -> String,
    pub request_nothing: fn(from: &str, what: &str) -> String,
    pub request_refused: fn(from: &str, what: &str, why: &str) -> String,
    /// A request file larger than `--max-size` allows: not read (again).
    pub request_too_large: fn(file: &str, limit_mb: u64) -> String,
    /// `status`: the labels and values of the shared folder's lines.
    pub status_role: &'static str,
    pub role_primary: &'static str,
    pub role_replica: &'static str,
    pub role_alone: &'static str,
    pub status_folder: &'static str,
    pub status_primary: &'static str,
    pub seen: fn(name: &str, when: &str) -> String,
    pub not_seen: &'static str,
    pub status_behind: &'static str,
    pub up_to_date: &'static str,
    pub behind: fn(versions: u64) -> String,
}

pub struct WatchTexts {
    pub started: fn(inbox: &str, db: &str) -> String,
    pub stopped: &'static str,
    pub no_signals: fn(detail: &str) -> String,
    pub no_events: fn(detail: &str) -> String,
    pub inbox_unreadable: fn(detail: &str) -> String,
    pub unreadable_name: fn(name: &str) -> String,
    /// Why a name is not read: a symbolic link, not a regular file, a hard-linked file.
    pub symlink: &'static str,
    pub not_a_file: &'static str,
    pub hard_link: &'static str,
    pub locked: fn(name: &str) -> String,
    pub previewed: fn(name: &str, new: u64, update: u64, unchanged: u64, error: u64) -> String,
    pub previewed_errors: fn(name: &str) -> String,
    pub preview_kept: fn(name: &str) -> String,
    pub previews_removed: fn(input: &str) -> String,
    pub applying: fn(name: &str) -> String,
    pub applied: fn(name: &str, version: u64, new: u64, update: u64) -> String,
    pub finished_after_stop: fn(name: &str, version: u64) -> String,
    pub nothing_applied: fn(name: &str) -> String,
    pub cancelled: fn(name: &str, cancel: &str) -> String,
    pub no_input_for: fn(name: &str) -> String,
    pub conflict_copy_signal: fn(name: &str) -> String,
    pub cannot_write: fn(name: &str, detail: &str) -> String,
    pub cannot_move: fn(name: &str, detail: &str) -> String,
    pub cannot_remove: fn(name: &str, detail: &str) -> String,
    /// The preview: how to confirm (by full name, or by stem where that is unambiguous), edit
    /// or cancel.
    pub next_steps: fn(name: &str, stem: Option<&str>) -> Vec<String>,
    pub conflict_copy: &'static str,
    pub confirm_not_taken: fn(confirm: &str, why: &str) -> String,
    pub log_not_taken: fn(name: &str, confirm: &str, why: &str) -> String,
    pub before_preview: &'static str,
    pub no_preview: &'static str,
    pub stale: &'static str,
    pub cannot_import: &'static str,
    pub already: fn(version: u64, date: &str) -> String,
    pub too_large: fn(size: u64, limit: u64) -> String,
    pub spreadsheet: &'static str,
    /// "Changed since the last preview".
    pub changed_since: &'static str,
    pub too_large_to_compare: &'static str,
    pub row_changed: fn(line: u32, changes: &str) -> String,
    pub row_removed: fn(line: u32, values: &str) -> String,
    pub row_added: fn(line: u32, values: &str) -> String,
    pub no_row_changes: &'static str,
    pub more_changes: fn(count: usize) -> String,
    pub emptied: &'static str,
    /// The receipt beside an applied file.
    pub receipt_title: fn(name: &str) -> String,
    pub receipt_version: &'static str,
    pub receipt_time: &'static str,
    pub receipt_file: &'static str,
    pub receipt_sha256: &'static str,
    pub receipt_register: &'static str,
    pub receipt_counts: fn(new: u64, update: u64, unchanged: Option<u64>, errors: u64) -> String,
    pub receipt_undo: &'static str,
    pub receipt_resumed: &'static str,
    pub nothing: &'static str,
}

impl Texts {
    /// The word for a kind of version.
    pub fn kind_word(&self, kind: Kind) -> &'static str {
        match kind {
            Kind::Import => self.kind_import,
            Kind::Rollback => self.kind_rollback,
            Kind::Forget => self.kind_forget,
        }
    }

    /// The word for a row status.
    pub fn status_word(&self, status: Option<Status>) -> &'static str {
        match status {
            Some(Status::New) => self.status_new,
            Some(Status::Update) => self.status_update,
            Some(Status::Unchanged) => self.status_unchanged,
            None => self.status_error,
        }
    }

    /// The list of accepted header names, one line per field.
    pub fn accepted_list(&self) -> Vec<String> {
        Field::ALL
            .iter()
            .map(|f| format!("{}: {}", f.swedish(), f.names()[1..].join(", ")))
            .collect()
    }
}

/// A stored UTC time as local date and time.
pub fn local_time(at: i64) -> String {
    chrono::DateTime::from_timestamp(at, 0)
        .map(|t| {
            t.with_timezone(&chrono::Local)
                .format("%Y-%m-%d %H:%M")
                .to_string()
        })
        .unwrap_or_default()
}

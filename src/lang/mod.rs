//! Every text a user sees: the common ones here and one file per language, and each area's
//! (the daemon, several computers, failover, the shop key, the register, the glance, fixing,
//! faults) in a file of its own here with each language's beside it, in the language's
//! folder: a translation is one file and its folder.

mod en;
pub mod failover;
pub mod faults;
pub mod fix;
pub mod glance;
pub mod key;
pub mod register;
pub mod screen;
pub mod shared;
mod sv;
pub mod systems;
pub mod watch;
pub mod workbook;

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
    pub encoding_fallback: &'static str,
    pub already_imported: fn(version: u64, date: &str) -> String,
    pub how_to_import: fn(file: &str) -> String,
    pub how_to_edit: &'static str,
    pub file_errors_title: &'static str,
    pub how_to_fix: &'static str,
    pub unchanged_not_listed: fn(count: u64) -> String,
    /// A large file's page: how many more new, changed, unchanged and error rows the text
    /// preview of `file` lists, and that a confirm applies them all.
    pub page_left_out: fn(new: u64, update: u64, unchanged: u64, error: u64, file: &str) -> String,
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
    pub kind_edit: &'static str,
    pub kind_add: &'static str,
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
    pub watch: &'static watch::WatchTexts,
    pub shared: &'static shared::SharedTexts,
    pub failover: &'static failover::FailoverTexts,
    pub glance: &'static glance::GlanceTexts,
    pub fix: &'static fix::FixTexts,
    pub faults: &'static faults::FaultTexts,
    pub key: &'static key::KeyTexts,
    pub register: &'static register::RegisterTexts,
    pub systems: &'static systems::SystemTexts,
    pub workbook: &'static workbook::WorkbookTexts,
    pub screen: &'static screen::ScreenTexts,
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

impl Texts {
    /// The word for a kind of version.
    pub fn kind_word(&self, kind: Kind) -> &'static str {
        match kind {
            Kind::Import => self.kind_import,
            Kind::Rollback => self.kind_rollback,
            Kind::Forget => self.kind_forget,
            Kind::Edit => self.kind_edit,
            Kind::Add => self.kind_add,
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

//! The texts of the screen: its menu, its pages and buttons, and what it refuses (each
//! language's are beside its file, in its folder). The help page's own button words
//! ("Starta inläsning", "Ändra importdata", "Bekräfta import") are the same in both
//! languages: the reference documents them as a contract.

use crate::screen::Problem;

/// The screen: the texts.
pub struct ScreenTexts {
    /// The menu.
    pub register: &'static str,
    pub import: &'static str,
    pub inbox: &'static str,
    pub history: &'static str,
    pub computers: &'static str,
    /// Refusals before any page.
    pub foreign_host: &'static str,
    pub wrong_token: &'static str,
    pub no_session: &'static str,
    pub not_from_screen: &'static str,
    pub how_to_open: &'static str,
    /// Pages' titles and links.
    pub failed_title: &'static str,
    pub done_title: &'static str,
    pub waiting_title: &'static str,
    pub back: &'static str,
    pub problem: fn(&Problem) -> String,
    /// The register.
    pub no_register: &'static str,
    pub register_facts: fn(customers: u64, version: u64) -> String,
    pub search_label: &'static str,
    pub search: &'static str,
    pub found: fn(total: usize) -> String,
    pub found_more_than: fn(total: usize) -> String,
    pub no_customers: &'static str,
    pub next_page: &'static str,
    pub duplicates: &'static str,
    pub duplicates_explained: &'static str,
    pub more_duplicates: fn(more: usize) -> String,
    pub new_customer: &'static str,
    pub new_needs_key: &'static str,
    pub edit: &'static str,
    pub edit_title: fn(number: &str) -> String,
    pub show_change: &'static str,
    pub customer: &'static str,
    pub field: &'static str,
    pub before: &'static str,
    pub after: &'static str,
    pub save: &'static str,
    pub forget_title: &'static str,
    pub forget_explained: fn(number: &str) -> String,
    pub forget_type_number: fn(number: &str) -> String,
    pub forget: &'static str,
    /// The import.
    pub paste: &'static str,
    pub paste_explained: &'static str,
    pub from_file: &'static str,
    pub choose_file: &'static str,
    pub file_kept: fn(name: &str) -> String,
    pub sheet: &'static str,
    pub preview_of: fn(name: &str) -> String,
    pub download_not_applied: fn(rows: usize) -> String,
    pub import_another: &'static str,
    /// The inbox.
    pub inbox_folder: fn(folder: &str) -> String,
    pub inbox_empty: &'static str,
    pub file: &'static str,
    pub size: &'static str,
    pub changed: &'static str,
    pub preview: &'static str,
    pub previewed: &'static str,
    pub not_previewed: &'static str,
    pub daemon_not_caught_up: &'static str,
    pub cancel: &'static str,
    pub confirmed: fn(name: &str) -> String,
    pub cancelled: fn(name: &str) -> String,
    /// The history.
    pub history_explained: &'static str,
    pub version_changes: &'static str,
    pub more_changes: fn(more: usize, version: u64) -> String,
    pub undo_title: &'static str,
    pub redo_title: &'static str,
    pub undo: &'static str,
    pub redo: &'static str,
    pub force_explained: &'static str,
    pub show_forced: &'static str,
    /// The computers.
    pub no_computers: &'static str,
    pub computer_columns: [&'static str; 5],
    /// A change sent to the primary.
    pub waiting_for_primary: fn(primary: &str) -> String,
    pub primary_not_answering: fn(primary: &str, seen: Option<&str>) -> String,
    /// The daemon's log and `kundreg ui`.
    pub open_at: fn(url: &str) -> String,
    pub port_taken: fn(address: &str, why: &str) -> String,
    /// The screen did not start for another reason (no thread, no secret file).
    pub not_started: fn(why: &str) -> String,
    pub no_browser: &'static str,
}

//! The texts of the register itself: finding customers, a customer's versions, changing or
//! adding one, likely duplicates (each language's are beside its file, in its folder).

use crate::edit::SettingError;
use crate::search::QueryError;
use crate::search::duplicates::Shared;

/// The register's texts.
pub struct RegisterTexts {
    /// `find`'s columns: number, name, email, phone, city.
    pub find_columns: [&'static str; 5],
    /// No customer matched the search.
    pub found_none: &'static str,
    /// `more` customers matched besides those listed.
    pub found_more: fn(more: usize) -> String,
    /// More than `more` customers matched besides those listed (counting stopped there).
    pub found_more_than: fn(more: usize) -> String,
    /// `get`: the title of a customer's versions, and their columns (version, time, kind,
    /// file, the fields changed).
    pub versions_title: &'static str,
    pub versions_columns: [&'static str; 5],
    /// Why `set`'s or `add`'s FIELD=VALUE settings cannot be used.
    pub bad_setting: fn(&SettingError) -> String,
    /// A change by hand breaks an import's rule (`why`, as a row error says it).
    pub not_applicable: fn(why: &str) -> String,
    /// `add` of a customer the register holds.
    pub customer_exists: &'static str,
    /// `set` of a customer the register no longer holds.
    pub customer_gone: &'static str,
    /// The question before a change by hand is applied.
    pub confirm_edit: &'static str,
    /// Nothing was changed: the answer was no.
    pub not_edited: &'static str,
    /// The change would change nothing.
    pub edit_changes_nothing: &'static str,
    /// The customer `number` was changed, or added, as `version`.
    pub edited: fn(number: &str, version: u64) -> String,
    pub added: fn(number: &str, version: u64) -> String,
    /// `duplicates`: the register has no likely duplicates; what a group shares; how many
    /// groups there are, and what to do.
    pub no_duplicates: &'static str,
    pub shared: fn(Shared) -> &'static str,
    pub duplicate_groups: fn(groups: usize) -> String,
    /// Why a search cannot be run.
    pub bad_query: fn(&QueryError) -> String,
}

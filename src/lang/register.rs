//! The texts of the register itself: finding customers, a customer's versions, changing or
//! adding one, likely duplicates (each language's are beside its file, in its folder).

use crate::search::QueryError;

/// The register's texts.
pub struct RegisterTexts {
    /// `find`'s columns: number, name, email, phone, city.
    pub find_columns: [&'static str; 5],
    /// No customer matched the search.
    pub found_none: &'static str,
    /// `more` customers matched besides those listed.
    pub found_more: fn(more: usize) -> String,
    /// `get`: the title of a customer's versions, and their columns (version, time, kind,
    /// file, the fields changed).
    pub versions_title: &'static str,
    pub versions_columns: [&'static str; 5],
    /// Why a search cannot be run.
    pub bad_query: fn(&QueryError) -> String,
}

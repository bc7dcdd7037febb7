//! The texts of a preview at a glance: the summary per column and the warnings for the
//! classic spreadsheet accidents (each language's are beside its file, in its folder).

pub use crate::search::duplicates::Shared;

/// What a value looks like, when it looks like another field's.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Looks {
    Email,
    PostalCode,
    Phone,
}

/// The glance's texts.
pub struct GlanceTexts {
    /// The summary's title and its column heads: field, new, changed, cleared, top values.
    pub summary_title: &'static str,
    pub summary_heads: [&'static str; 5],
    /// The word before each warning in text (`WARNING`).
    pub warning: &'static str,
    /// `field`: `rows` customers get `value`, replacing `olds` different values.
    pub fill_down: fn(field: &str, rows: u64, value: &str, olds: u64, lines: &str) -> String,
    /// Postal codes of four digits.
    pub short_postal_code: fn(field: &str, rows: u64, example: &str, lines: &str) -> String,
    /// Phone numbers of digits only, without their leading 0.
    pub lost_zero_phone: fn(field: &str, rows: u64, example: &str, lines: &str) -> String,
    pub scientific: fn(field: &str, example: &str, lines: &str) -> String,
    pub shifted: fn(field: &str, rows: u64, of: u64, looks: &str, lines: &str) -> String,
    /// The lines a warning names, `2, 3, 4, …`, as a phrase; `many` when more than one.
    pub lines: fn(list: &str, many: bool) -> String,
    /// `rows` new rows are like other customers by what they share; `examples` name a few
    /// (each said by `alike`), `more` when there are others.
    pub possible_duplicate:
        fn(shared: Shared, rows: u64, examples: &[String], more: bool) -> String,
    /// One example: the row on `line` is like the register's `customers` and the `lines` before.
    pub alike: fn(line: u32, customers: &[String], lines: &[u32]) -> String,
    /// What values look like, as said in `shifted`.
    pub looks: fn(Looks) -> &'static str,
}

//! The texts of lists from other systems: the export a header was recognised as, the columns
//! kundreg keeps nothing of, a field read from the first of several columns, and cells split
//! into fields (each language's are beside its file, in its folder).

/// Lists from other systems: the texts.
pub struct SystemTexts {
    /// The note that the header is `system`'s customer export.
    pub read_as: fn(system: &str) -> String,
    /// The note naming the columns kundreg keeps nothing of.
    pub not_kept: fn(headers: &[&str]) -> String,
    /// The note that the column `header` held whole names, split into first and last name;
    /// `file` is the columns file that can say otherwise.
    pub full_name: fn(header: &str, file: &str) -> String,
    /// The note that `count` whole addresses in `header` (the first on `lines`) were kept
    /// whole as the street, their parts not clear.
    pub unclear_addresses: fn(header: &str, lines: &[u32], count: u64) -> String,
    /// In the column list: the recognised system's own name for the field.
    pub from_system: fn(system: &str) -> String,
    /// In the column list: choice `rank` (0: the first) of a field several columns give,
    /// used in `rows` rows.
    pub choice: fn(rank: u8, rows: u64) -> String,
    /// In the column list: a further line of the field.
    pub further_line: &'static str,
    /// In the column list: a whole name, split; a whole address, split.
    pub split_name: &'static str,
    pub split_address: &'static str,
    /// In the column list: a column kundreg keeps nothing of.
    pub not_kept_column: &'static str,
}

//! The texts of faults that are no one's mistake (a full disk, a file kundreg may not read)
//! and of sizes no one expects (each language's are beside its file, in its folder).

/// Faults' texts.
pub struct FaultTexts {
    /// The disk (or quota) where `path` is is full; nothing was changed.
    pub disk_full: fn(path: &str) -> String,
    /// What was being written to `path` (`-`: standard output) did not fit on its disk.
    pub output_full: fn(path: &str) -> String,
    /// An import was made, but its files could not be moved into `done/` (the disk where
    /// the inbox `path` is, is full): they are moved once there is space.
    pub not_moved: fn(path: &str) -> String,
    /// The disk of the shared folder's `.kundreg/` is full.
    pub folder_full: &'static str,
    /// A row on the same customer as many others: the first few lines, and how many more.
    pub same_customer_as_many: fn(lines: &[u32], more: u32) -> String,
    /// A header of more columns, or longer, than any customer list has.
    pub header_too_large: fn(columns: usize, bytes: usize) -> String,
    /// The row that starts on `line` is longer than any customer's: the file is read no
    /// further.
    pub row_too_long: fn(line: u32) -> String,
    /// A cell longer than any value of a customer.
    pub cell_too_long: fn(field: &str, bytes: usize) -> String,
    /// The daemon may not read the input `name` (its permissions): it is tried again.
    pub not_permitted: fn(name: &str) -> String,
    /// A change was made, but compacting the register afterwards failed (`why`).
    pub not_compacted: fn(why: &str) -> String,
}

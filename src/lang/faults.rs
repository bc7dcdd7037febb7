//! The texts of faults that are no one's mistake: a full disk (each language's are beside its
//! file, in its folder).

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
    /// A change was made, but compacting the register afterwards failed (`why`).
    pub not_compacted: fn(why: &str) -> String,
}

//! The settings every command runs with: the command line's one conversion into values that
//! are checked before any work starts.

use std::path::PathBuf;
use std::time::Duration;

use crate::lang::Texts;

/// Validated settings every command runs with.
pub struct Settings {
    /// The register file.
    pub db: PathBuf,
    /// Every text a person sees, in their language.
    pub texts: &'static Texts,
    /// How long to wait for a register another kundreg holds.
    pub busy_wait: Duration,
}

/// The form of a printed preview.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Text,
    Json,
    Html,
}

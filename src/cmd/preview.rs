//! `kundreg preview FILE [--columns FILE] [--sheet NAME] [--json | --html]`: what importing
//! FILE (`-`: standard input) would do. Never writes.

use std::path::Path;

use crate::cmd::given::Given;
use crate::cmd::{Format, Settings, next_steps, print_preview};
use crate::error::Error;

/// Prints the preview of `file`. A file with file errors gets its report and then the error.
pub fn run(
    settings: &Settings,
    file: &Path,
    columns: Option<&Path>,
    sheet: Option<&str>,
    format: Format,
) -> Result<(), Error> {
    let given = Given::of(settings, file, columns, sheet)?;
    let input = given.load()?;
    print_preview(settings, file, &input, format, &next_steps(settings, file)).map(drop)
}

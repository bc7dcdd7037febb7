//! `kundreg preview FILE [--json | --html]`: what importing FILE would do. Never writes.

use std::path::Path;

use crate::cmd::{Format, Settings, next_steps, print_preview};
use crate::error::Error;
use crate::input::Input;

/// Prints the preview of `file`. A file with file errors gets its report and then the error.
pub fn run(settings: &Settings, file: &Path, format: Format) -> Result<(), Error> {
    let input = Input::load(file)?;
    print_preview(settings, file, &input, format, &next_steps(settings, file)).map(drop)
}

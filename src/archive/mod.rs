//! Erasing a forgotten customer from what kundreg keeps in the shared folder (the guide's
//! "Erasure"): the `done/` archive — the archived inputs lose the rows that name the person,
//! in the file's own encoding, delimiter and line ends; the archived previews and receipts
//! lose the lines that show them — and kundreg's own previews of files still in the inbox.
//! The files staff dropped that still wait in the inbox are theirs: the rows there that name
//! the person are listed (file, line), never edited. A workbook, in the archive or the inbox,
//! is never rewritten (its other sheets, formulas and formatting would be lost): one that
//! names the person is listed to be deleted or edited by hand.
//!
//! Inside: `person` (what names a customer), `inputs` (rows of customer files), `pages`
//! (lines of previews and receipts).

mod inputs;
mod pages;
mod person;

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

pub use person::Person;

use crate::workbook::is_workbook;

/// The archive's folder in the inbox.
pub(crate) const DONE: &str = "done";

/// Where a version's files go in the archive: `done/<local date of the version>/vN_…` (the
/// date and the prefix).
pub fn done_place(version: &crate::store::Version) -> (String, String) {
    let date = chrono::DateTime::from_timestamp(version.at, 0)
        .map(|t| {
            t.with_timezone(&chrono::Local)
                .format("%Y-%m-%d")
                .to_string()
        })
        .unwrap_or_default();
    (date, format!("v{}", version.number))
}

/// What erasing did.
#[derive(Debug, Default)]
pub struct Erased {
    /// Files rewritten without the person.
    pub rewritten: Vec<PathBuf>,
    /// Rows in files waiting in the inbox that name the person: (file name, line).
    pub waiting: Vec<(String, u32)>,
    /// Files that could not be read or rewritten, and why: the person may still be in them.
    pub failed: Vec<(PathBuf, String)>,
    /// Workbooks that name the person: to delete or edit by hand.
    pub by_hand: Vec<PathBuf>,
}

/// What a file in the inbox or the archive is, by its name.
enum Kind {
    /// kundreg's preview or receipt.
    Page,
    /// A confirm or cancel file.
    Signal,
    /// A customer file.
    Input,
}

fn kind(name: &str) -> Kind {
    let lower = name.to_lowercase();
    let lower = lower.strip_suffix(".txt").unwrap_or(&lower);
    if lower.ends_with(".preview")
        || lower.ends_with(".preview.html")
        || lower.ends_with(".receipt")
    {
        Kind::Page
    } else if lower.ends_with(".confirm") || lower.ends_with(".cancel") {
        Kind::Signal
    } else {
        Kind::Input
    }
}

/// Erases `person` from the archive under `inbox` and from kundreg's pages in it, and lists
/// the rows naming them in the files still waiting there. A file that fails is listed and
/// the rest is still done.
pub fn erase(inbox: &Path, person: &Person) -> Erased {
    let mut erased = Erased::default();
    let mut folders = vec![inbox.join(DONE)];
    while let Some(folder) = folders.pop() {
        for (path, name) in erased.files(&folder) {
            let done = match kind(&name) {
                _ if path.is_dir() => {
                    folders.push(path);
                    continue;
                }
                Kind::Page => pages::erase(&path, person),
                Kind::Input if is_workbook(&name) => {
                    erased.workbook(path, person);
                    continue;
                }
                Kind::Input => inputs::erase(&path, person),
                Kind::Signal => Ok(false),
            };
            erased.note(path, done);
        }
    }
    for (path, name) in erased.files(inbox) {
        if path.is_dir() || name.starts_with('.') || name.starts_with('~') {
            continue;
        }
        match kind(&name) {
            Kind::Page => {
                let done = pages::erase(&path, person);
                erased.note(path, done);
            }
            Kind::Input if is_workbook(&name) => erased.workbook(path, person),
            Kind::Input => match inputs::lines_naming(&path, person) {
                Ok(lines) => erased
                    .waiting
                    .extend(lines.into_iter().map(|line| (name.clone(), line))),
                Err(e) => erased.failed.push((path, e.to_string())),
            },
            Kind::Signal => {}
        }
    }
    erased
}

impl Erased {
    /// Lists the workbook at `path` if it names `person`.
    fn workbook(&mut self, path: PathBuf, person: &Person) {
        match inputs::workbook_names(&path, person) {
            Ok(true) => self.by_hand.push(path),
            Ok(false) => {}
            Err(e) => self.failed.push((path, e.to_string())),
        }
    }

    fn note(&mut self, path: PathBuf, done: io::Result<bool>) {
        match done {
            Ok(true) => self.rewritten.push(path),
            Ok(false) => {}
            Err(e) => self.failed.push((path, e.to_string())),
        }
    }

    /// The files and folders in `folder`; one that cannot be listed is noted.
    fn files(&mut self, folder: &Path) -> Vec<(PathBuf, String)> {
        files(folder).unwrap_or_else(|e| {
            self.failed.push((folder.to_path_buf(), e.to_string()));
            Vec::new()
        })
    }
}

/// The regular files and folders in `folder` (not following links), with their names.
fn files(folder: &Path) -> io::Result<Vec<(PathBuf, String)>> {
    let entries = match fs::read_dir(folder) {
        Ok(entries) => entries,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(e),
    };
    let mut found = Vec::new();
    for entry in entries.flatten() {
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        if kind.is_file() || kind.is_dir() {
            found.push((
                entry.path(),
                entry.file_name().to_string_lossy().into_owned(),
            ));
        }
    }
    found.sort();
    Ok(found)
}

/// Replaces `path` with `bytes` (see [`crate::guarded`]).
fn replace(path: &Path, bytes: &[u8]) -> io::Result<()> {
    crate::guarded::write(path, |out| io::Write::write_all(out, bytes))
}

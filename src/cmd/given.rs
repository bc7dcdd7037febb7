//! The list `preview` and `import` are given: a file, or `-` for standard input (a pasted
//! list, kept in a temporary file for the command's life, so it is read by the same rules as
//! a file and can be sent on to the primary as one); the shop's column names read with it;
//! and what an import leaves beside it: the error file of the rows not applied, and the
//! headers it learned.

use std::io::{self, IsTerminal};
use std::path::{Path, PathBuf};

use crate::cmd::{Settings, note};
use crate::columns::{FILE_NAME, ShopColumns};
use crate::error::Error;
use crate::input::{Input, InputError};
use crate::not_imported::{self, Returned};
use crate::parse::ParsedFile;

/// A list to preview or import.
pub(crate) struct Given {
    /// Where its bytes are.
    pub path: PathBuf,
    /// Its name as shown and as the history keeps it.
    pub name: String,
    /// The folder its error file goes into, and the file's stem.
    folder: PathBuf,
    stem: String,
    /// The shop's column names it is read by.
    pub columns: ShopColumns,
    /// A workbook's sheet asked for by name.
    pub sheet: Option<String>,
    /// The pasted list, removed when the command ends.
    _pasted: Option<tempfile::TempPath>,
}

impl Given {
    /// The list `file` names (`-`: standard input), read by the columns file `columns`, or
    /// by the `kolumner.txt` beside it (in the working folder for a pasted list); a workbook
    /// from its sheet `sheet`, if named.
    pub fn of(
        settings: &Settings,
        file: &Path,
        columns: Option<&Path>,
        sheet: Option<&str>,
    ) -> Result<Given, Error> {
        let f = settings.texts.fix;
        let pasted = file == Path::new("-");
        let (path, name, folder, temp) = if pasted {
            let temp = paste(f.paste_prompt).map_err(|source| Error::Input {
                path: file.to_path_buf(),
                source,
            })?;
            (
                temp.to_path_buf(),
                f.pasted.to_string(),
                PathBuf::from("."),
                Some(temp),
            )
        } else {
            let name = file.file_name().map_or_else(
                || file.display().to_string(),
                |n| n.to_string_lossy().into_owned(),
            );
            let folder = file
                .parent()
                .filter(|p| !p.as_os_str().is_empty())
                .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
            (file.to_path_buf(), name, folder, None)
        };
        let stem = match pasted {
            true => f.pasted_stem.to_string(),
            false => not_imported::stem(&name).to_string(),
        };
        let columns = match columns {
            Some(columns) => ShopColumns::read(columns),
            None => ShopColumns::read(&folder.join(FILE_NAME)),
        };
        // A text has no sheets: said, so that no one thinks one was chosen.
        if sheet.is_some() && !crate::workbook::is_workbook(&name) {
            note(&format!(
                "kundreg: {}",
                (settings.texts.workbook.sheet_ignored)(&name)
            ));
        }
        Ok(Given {
            path,
            name,
            folder,
            stem,
            columns,
            sheet: sheet.map(str::to_string),
            _pasted: temp,
        })
    }

    /// Reads and parses the list.
    pub fn load(&self) -> Result<Input, InputError> {
        let mut input = Input::load_sheet(&self.path, &self.columns, self.sheet.as_deref())?;
        input.name.clone_from(&self.name);
        Ok(input)
    }

    /// What an import of the list leaves beside it: the rows not applied (`reasons`: line,
    /// reason) as an error file, and the corrected headers learned into the columns file.
    /// Says what it wrote; what cannot be written is said too, the import being done.
    pub fn after_import(&self, settings: &Settings, input: &Input, reasons: &[(u32, String)]) {
        let f = settings.texts.fix;
        let returned = Returned {
            input: &self.path,
            encoding: input.inspection.encoding,
            parsed: &input.parsed,
            folder: &self.folder,
            stem: &self.stem,
            column: f.error_column,
        };
        let shown = |path: &Path| path.display().to_string();
        if let Some(said) = write_not_imported(settings, &returned, reasons, shown) {
            note(&said);
        }
        for line in learn(settings, &self.columns, &input.parsed, &self.name) {
            note(&line);
        }
    }
}

/// Writes the rows of `returned` that `reasons` name as an error file; returns what to say
/// about it (nothing when there are no such rows), the file named by `shown`.
pub(crate) fn write_not_imported(
    settings: &Settings,
    returned: &Returned<'_>,
    reasons: &[(u32, String)],
    shown: impl Fn(&Path) -> String,
) -> Option<String> {
    let f = settings.texts.fix;
    match not_imported::write(returned, reasons) {
        Ok(Some(path)) => Some((f.errors_written)(reasons.len() as u64, &shown(&path))),
        Ok(None) => None,
        Err(e) => Some((f.errors_not_written)(
            &returned.folder.display().to_string(),
            &e.to_string(),
        )),
    }
}

/// Learns the corrected headers of `parsed` (an import of `source` just confirmed) into the
/// columns file `columns`; returns what to say about it.
pub(crate) fn learn(
    settings: &Settings,
    columns: &ShopColumns,
    parsed: &ParsedFile,
    source: &str,
) -> Vec<String> {
    let t = settings.texts;
    let f = t.fix;
    let learned: Vec<(String, crate::field::Field)> = parsed
        .columns
        .iter()
        .filter(|c| c.corrected())
        .filter_map(|c| c.field.map(|field| (c.header.clone(), field)))
        .collect();
    let Some(path) = columns.path.as_ref().filter(|_| !learned.is_empty()) else {
        return Vec::new();
    };
    let file = path.display().to_string();
    let at = chrono::Local::now().format("%Y-%m-%d %H:%M").to_string();
    let comment = (f.learned_comment)(source, &at);
    match columns.learn(&learned, &comment, f.columns_file_head, t.field_name) {
        Ok(()) => learned
            .iter()
            .map(|(header, field)| (f.learned)(header, (t.field_name)(*field), &file))
            .collect(),
        Err(e) => vec![(f.not_learned)(&file, &e.to_string())],
    }
}

/// Copies standard input into a temporary file, saying first how to end a paste when it
/// is a terminal.
fn paste(prompt: &str) -> io::Result<tempfile::TempPath> {
    let stdin = io::stdin();
    if stdin.is_terminal() {
        note(prompt);
    }
    let mut temp = tempfile::Builder::new()
        .prefix("kundreg-")
        .suffix(".csv")
        .tempfile()?;
    io::copy(&mut stdin.lock(), temp.as_file_mut())?;
    Ok(temp.into_temp_path())
}

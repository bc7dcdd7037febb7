//! `kundreg export [--out FILE] [--excel | --xlsx]`: the whole register as CSV, or as an Excel
//! workbook, in a form that imports back as all unchanged.

use std::io::{self, BufWriter, Write};
use std::path::Path;

use crate::cmd::{Settings, note, open, stdout};
use crate::error::Error;
use crate::field::Field;
use crate::store::Access;
use crate::store::ReadView;
use crate::workbook::write::SheetWriter;

/// Writes the register as CSV (or with `xlsx` as a workbook) to `out`, or as CSV to standard
/// output. An existing file is never overwritten: the export is written beside it under a
/// temporary name, then linked into place.
pub fn run(settings: &Settings, out: Option<&Path>, excel: bool, xlsx: bool) -> Result<(), Error> {
    let store = open(settings, Access::Read)?;
    let view = store.as_ref().map(|s| s.read()).transpose()?;
    let Some(path) = out else {
        let (stdout, _) = stdout();
        write_csv(stdout, excel, view.as_ref(), Path::new("-"))?;
        return Ok(());
    };
    if path.exists() {
        return Err(Error::WouldOverwrite {
            path: path.to_path_buf(),
        });
    }
    let failed = |source| Error::Output {
        path: path.to_path_buf(),
        source,
    };
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let temp = tempfile::NamedTempFile::new_in(dir).map_err(failed)?;
    let count = if xlsx {
        write_xlsx(temp.path(), dir, view.as_ref()).map_err(failed)?
    } else {
        let file = temp.reopen().map_err(failed)?;
        write_csv(BufWriter::new(file), excel, view.as_ref(), path)?
    };
    temp.as_file().sync_all().map_err(failed)?;
    temp.persist_noclobber(path).map_err(|e| failed(e.error))?;
    note(&(settings.texts.exported)(
        count,
        &path.display().to_string(),
    ));
    Ok(())
}

fn write_csv(
    mut out: impl Write,
    excel: bool,
    view: Option<&ReadView>,
    path: &Path,
) -> Result<u64, Error> {
    let failed = |source| Error::Output {
        path: path.to_path_buf(),
        source,
    };
    // The I/O error under a csv error is kept: a closed pipe or a full disk is said as such.
    let csv_failed = |e: csv::Error| {
        failed(match e.into_kind() {
            csv::ErrorKind::Io(e) => e,
            other => io::Error::other(format!("{other:?}")),
        })
    };
    if excel {
        out.write_all("\u{feff}".as_bytes()).map_err(failed)?;
    }
    let mut writer = csv::WriterBuilder::new()
        .delimiter(if excel { b';' } else { b',' })
        .from_writer(out);
    writer
        .write_record(Field::ALL.iter().map(|f| f.swedish()))
        .map_err(csv_failed)?;
    let mut count = 0;
    if let Some(view) = view {
        view.for_each_customer(|customer| {
            count += 1;
            let cells = Field::ALL.map(|f| neutralise(customer.get(f).unwrap_or("")));
            writer
                .write_record(cells.iter().map(|c| c.as_bytes()))
                .map_err(csv_failed)
        })?;
    }
    writer.flush().map_err(failed)?;
    Ok(count)
}

/// Writes the register as a workbook at `path`: one sheet `Kunder`, the Swedish headers,
/// every value a text cell (so nothing needs the `'` a CSV cell gets against formulas).
fn write_xlsx(path: &Path, temp_dir: &Path, view: Option<&ReadView>) -> io::Result<u64> {
    let header = Field::ALL.map(|f| f.swedish());
    let mut sheet = SheetWriter::new("Kunder", &header, temp_dir)?;
    if let Some(view) = view {
        view.for_each_customer(|customer| {
            sheet
                .row(Field::ALL.map(|f| customer.get(f).unwrap_or("")))
                .map_err(|e| Error::Output {
                    path: path.to_path_buf(),
                    source: e,
                })
        })
        .map_err(|e| match e {
            Error::Output { source, .. } => source,
            other => io::Error::other(other.to_string()),
        })?;
    }
    let count = sheet.rows();
    sheet.save(path)?;
    Ok(count)
}

/// A cell a spreadsheet would run as a formula gets a leading `'` (which import removes
/// again); so does a value that itself starts with `'` before such a character.
pub fn neutralise(value: &str) -> std::borrow::Cow<'_, str> {
    let risky = |s: &str| s.starts_with(['=', '+', '-', '@', '\t', '\r']);
    if risky(value) || value.strip_prefix('\'').is_some_and(risky) {
        format!("'{value}").into()
    } else {
        value.into()
    }
}

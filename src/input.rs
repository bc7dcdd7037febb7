//! An input file, read and parsed: the first two steps of the pipeline, for every command
//! that takes a file.

use std::fs::File;
use std::io::{self, BufReader, Read};
use std::path::{Path, PathBuf};

use crate::columns::ShopColumns;
use crate::parse::{ParsedFile, parse};
use crate::read::{Decoded, Encoding, Inspection, inspect};

/// Why a file could not be read.
#[derive(Debug, thiserror::Error)]
pub enum InputError {
    #[error("{path}: {source}")]
    Unreadable { path: PathBuf, source: io::Error },
    /// Another program holds the file open without letting others read it (Excel does, on
    /// Windows, while the file is open in it).
    #[error("{path} is open in another program")]
    HeldOpen { path: PathBuf },
    /// The file changed while it was read: its hash and its rows may not match.
    #[error("{path} changed while it was read")]
    Changed { path: PathBuf },
}

impl InputError {
    /// Why reading the file at `path` failed with `source`: held open by another program
    /// (Windows' sharing and lock violations), or unreadable. Elsewhere a file held open can
    /// still be read.
    pub fn reading(path: &Path, source: io::Error) -> InputError {
        let path = path.to_path_buf();
        // ERROR_SHARING_VIOLATION, ERROR_LOCK_VIOLATION
        if cfg!(windows) && matches!(source.raw_os_error(), Some(32 | 33)) {
            InputError::HeldOpen { path }
        } else {
            InputError::Unreadable { path, source }
        }
    }
}

/// A file that was read and parsed.
pub struct Input {
    /// The file's name as shown in reports and the history (no directories).
    pub name: String,
    pub inspection: Inspection,
    pub parsed: ParsedFile,
}

impl Input {
    /// Reads and parses the file at `path` (its headers by the shop's column names `shop`
    /// first), streaming: one pass hashes it and finds its encoding while another parses it
    /// as the encoding its first bytes suggest, on two threads. Only a file that turns out
    /// not to be UTF-8 is parsed a second time.
    pub fn load(path: &Path, shop: &ShopColumns) -> Result<Input, InputError> {
        Input::load_sheet(path, shop, None)
    }

    /// Reads and parses the file at `path` as [`Input::load`] does; a workbook from the sheet
    /// `sheet` names (any case), or the one [`crate::workbook`] chooses.
    pub fn load_sheet(
        path: &Path,
        shop: &ShopColumns,
        sheet: Option<&str>,
    ) -> Result<Input, InputError> {
        if crate::workbook::is_workbook(&path.to_string_lossy()) {
            return Input::load_workbook(path, shop, sheet);
        }
        let failed = |source| InputError::reading(path, source);
        let mut first = File::open(path).map_err(failed)?;
        let before = stamp(first.metadata().map_err(failed)?);
        let second = File::open(path).map_err(failed)?;
        let mut head = [0u8; 3];
        let head_len = read_head(&mut first, &mut head).map_err(failed)?;
        let guess = Encoding::from_bom(&head[..head_len]).unwrap_or(Encoding::Utf8);
        let (inspection, parsed) = std::thread::scope(|scope| {
            let inspecting =
                scope.spawn(|| inspect(io::Cursor::new(&head[..head_len]).chain(first)));
            let parsed = parse_file(second, guess, shop);
            let inspection = inspecting
                .join()
                .unwrap_or_else(|_| Err(io::Error::other("reading the file failed")));
            (inspection, parsed)
        });
        let inspection = inspection.map_err(failed)?;
        let parsed = if inspection.encoding == guess {
            parsed
        } else {
            File::open(path).and_then(|file| parse_file(file, inspection.encoding, shop))
        };
        // A change may also be why the rows could not be read: it is said first.
        unchanged(path, before, inspection.size)?;
        let parsed = parsed.map_err(failed)?;
        Ok(Input {
            name: shown_name(path),
            inspection,
            parsed,
        })
    }

    /// A workbook: its bytes hashed, then its sheet read (a workbook is read whole from its
    /// zip's directory, not as a stream of text).
    fn load_workbook(
        path: &Path,
        shop: &ShopColumns,
        sheet: Option<&str>,
    ) -> Result<Input, InputError> {
        let failed = |source| InputError::reading(path, source);
        let file = File::open(path).map_err(failed)?;
        let before = stamp(file.metadata().map_err(failed)?);
        let mut inspection = inspect(file).map_err(failed)?;
        // Its text is the cells', which the workbook holds as Unicode.
        inspection.encoding = Encoding::Utf8;
        let parsed = crate::workbook::parse(path, sheet, shop).map_err(failed)?;
        unchanged(path, before, inspection.size)?;
        Ok(Input {
            name: shown_name(path),
            inspection,
            parsed,
        })
    }

    /// Reads and parses bytes held in memory, by the built-in column names.
    pub fn from_bytes(name: &str, bytes: &[u8]) -> std::io::Result<Input> {
        Input::from_bytes_by(name, bytes, &ShopColumns::default())
    }

    /// Reads and parses bytes held in memory, headers by the shop's column names first.
    pub fn from_bytes_by(name: &str, bytes: &[u8], shop: &ShopColumns) -> io::Result<Input> {
        Input::from_bytes_sheet(name, bytes, shop, None)
    }

    /// Reads and parses bytes held in memory as [`Input::from_bytes_by`] does; a workbook
    /// (by its name) from the sheet `sheet` names, or the one [`crate::workbook`] chooses.
    pub fn from_bytes_sheet(
        name: &str,
        bytes: &[u8],
        shop: &ShopColumns,
        sheet: Option<&str>,
    ) -> io::Result<Input> {
        let mut inspection = inspect(bytes)?;
        if let Some(kind) = crate::workbook::kind_of(name) {
            inspection.encoding = Encoding::Utf8;
            let bytes = io::Cursor::new(bytes);
            return Ok(Input {
                name: name.to_string(),
                inspection,
                parsed: crate::workbook::parse_from(kind, bytes, sheet, shop)?,
            });
        }
        let parsed = parse(Decoded::new(bytes, inspection.encoding), shop)?;
        Ok(Input {
            name: name.to_string(),
            inspection,
            parsed,
        })
    }
}

/// A file's size and the time it last changed.
type Stamp = (u64, Option<std::time::SystemTime>);

fn stamp(meta: std::fs::Metadata) -> Stamp {
    (meta.len(), meta.modified().ok())
}

/// The hash and the rows come from two reads: they describe the same bytes only if the file
/// at `path` is still as `before` it was read, and `size` bytes were hashed.
fn unchanged(path: &Path, before: Stamp, size: u64) -> Result<(), InputError> {
    let after = std::fs::metadata(path)
        .map(stamp)
        .map_err(|source| InputError::reading(path, source))?;
    if after != before || size != before.0 {
        return Err(InputError::Changed {
            path: path.to_path_buf(),
        });
    }
    Ok(())
}

/// A file's name as shown: no directories.
fn shown_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

fn parse_file(file: File, encoding: Encoding, shop: &ShopColumns) -> io::Result<ParsedFile> {
    parse(
        Decoded::new(BufReader::with_capacity(1 << 16, file), encoding),
        shop,
    )
}

/// Reads up to `head.len()` bytes: fewer only at the end of the file.
fn read_head(file: &mut File, head: &mut [u8]) -> io::Result<usize> {
    let mut filled = 0;
    while filled < head.len() {
        match file.read(&mut head[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(filled)
}

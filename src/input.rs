//! An input file, read and parsed: the first two steps of the pipeline, for every command
//! that takes a file.

use std::fs::File;
use std::io::BufReader;
use std::path::Path;

use crate::error::Error;
use crate::parse::{ParsedFile, parse};
use crate::read::{Decoded, Inspection, inspect};
use crate::store::Source;

/// A file that was read and parsed.
pub struct Input {
    /// The file's name as shown in reports and the history (no directories).
    pub name: String,
    pub inspection: Inspection,
    pub parsed: ParsedFile,
}

impl Input {
    /// Reads and parses the file at `path`: once to hash it and find its encoding, once to
    /// parse it, streaming both times.
    pub fn load(path: &Path) -> Result<Input, Error> {
        let failed = |source| Error::Input {
            path: path.to_path_buf(),
            source,
        };
        let inspection = inspect(File::open(path).map_err(failed)?).map_err(failed)?;
        let file = File::open(path).map_err(failed)?;
        let text = Decoded::new(BufReader::with_capacity(1 << 16, file), inspection.encoding);
        let parsed = parse(text).map_err(failed)?;
        let name = path.file_name().map_or_else(
            || path.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        Ok(Input {
            name,
            inspection,
            parsed,
        })
    }

    /// Reads and parses bytes held in memory.
    pub fn from_bytes(name: &str, bytes: &[u8]) -> std::io::Result<Input> {
        let inspection = inspect(bytes)?;
        let parsed = parse(Decoded::new(bytes, inspection.encoding))?;
        Ok(Input {
            name: name.to_string(),
            inspection,
            parsed,
        })
    }

    /// The file as the history records it.
    pub fn source(&self) -> Source {
        Source {
            name: self.name.clone(),
            sha256: self.inspection.sha256,
        }
    }
}

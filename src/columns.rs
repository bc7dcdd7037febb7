//! The column names a shop keeps: `kolumner.txt` in the inbox (or beside an input, or named
//! with `--columns`). Lines `Column name = field` map a header to a field (by its Swedish or
//! English name), `Column name = -` ignores a column, `#` starts a comment; UTF-8 or
//! Windows-1252. Headers are matched on their text (case and spaces aside), never on a
//! column's position or a file's name. A header that was read with its spelling corrected is
//! learned here when its import is confirmed, so the next file maps exactly.

use std::collections::HashMap;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

use crate::field::{Field, normalize_header};
use crate::read::{Decoded, Encoding, inspect};

/// The columns file's name in the inbox and beside an input.
pub const FILE_NAME: &str = "kolumner.txt";
/// Files larger than this are no columns file (a few hundred lines are a few kilobytes).
const MAX_SIZE: u64 = 1 << 20;

/// What is wrong with a line of a columns file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ColumnsProblem {
    /// The line has no `=`.
    NoEquals,
    /// Nothing before the `=`.
    NoName,
    /// After the `=` is neither a field's name nor `-`.
    UnknownField(String),
    /// The column was named on an earlier line already, with another meaning.
    Twice { first_line: u32 },
    /// The file could not be read (line 0), or is too large to be one.
    Unreadable(String),
}

/// A broken columns file: nothing is previewed by it until it is fixed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ColumnsError {
    /// The file's name as shown.
    pub file: String,
    /// The broken line (1-based); 0 for the file as a whole.
    pub line: u32,
    pub problem: ColumnsProblem,
}

/// What one line says a header means: a field, or ignore it (`None`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ShopColumn {
    pub field: Option<Field>,
    pub line: u32,
}

/// The column names of one columns file (none at all when there is no file).
#[derive(Clone, Debug, Default)]
pub struct ShopColumns {
    /// The file's name as shown (`kolumner.txt`).
    pub file: String,
    /// Where it is; `None` for no file to read or learn into.
    pub path: Option<PathBuf>,
    by_header: HashMap<String, ShopColumn>,
    /// Why the file cannot be used, if it cannot.
    pub broken: Option<ColumnsError>,
    /// The SHA-256 of its bytes, when there is a file.
    pub sha256: Option<[u8; 32]>,
}

impl ShopColumns {
    /// The columns file at `path`: none when it does not exist (a learned line starts it).
    pub fn read(path: &Path) -> ShopColumns {
        let file = path.file_name().map_or_else(
            || FILE_NAME.to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        let mut shop = match read_bytes(path) {
            Ok(None) => ShopColumns::default(),
            Ok(Some(bytes)) => ShopColumns::parse(&file, &bytes),
            Err(e) => ShopColumns {
                broken: Some(ColumnsError {
                    file: file.clone(),
                    line: 0,
                    problem: ColumnsProblem::Unreadable(e.to_string()),
                }),
                ..ShopColumns::default()
            },
        };
        shop.file = file;
        shop.path = Some(path.to_path_buf());
        shop
    }

    /// The columns file `file` whose bytes are `bytes`.
    pub fn parse(file: &str, bytes: &[u8]) -> ShopColumns {
        use sha2::Digest;
        let mut shop = ShopColumns {
            file: file.to_string(),
            sha256: Some(sha2::Sha256::digest(bytes).into()),
            ..ShopColumns::default()
        };
        let broken = |line, problem| ColumnsError {
            file: file.to_string(),
            line,
            problem,
        };
        let text = match decode(bytes) {
            Ok(text) => text,
            Err(e) => {
                shop.broken = Some(broken(0, ColumnsProblem::Unreadable(e.to_string())));
                return shop;
            }
        };
        for (i, line) in text.lines().enumerate() {
            let number = u32::try_from(i + 1).unwrap_or(u32::MAX);
            match read_line(line) {
                Ok(None) => {}
                Ok(Some((header, field))) => {
                    let key = normalize_header(header);
                    let column = ShopColumn {
                        field,
                        line: number,
                    };
                    match shop.by_header.get(&key) {
                        Some(first) if first.field != field => {
                            let twice = ColumnsProblem::Twice {
                                first_line: first.line,
                            };
                            shop.broken = Some(broken(number, twice));
                            return shop;
                        }
                        Some(_) => {}
                        None => {
                            shop.by_header.insert(key, column);
                        }
                    }
                }
                Err(problem) => {
                    shop.broken = Some(broken(number, problem));
                    return shop;
                }
            }
        }
        shop
    }

    /// What the file says `header` means, if it names it.
    pub fn get(&self, header: &str) -> Option<ShopColumn> {
        if self.by_header.is_empty() {
            return None;
        }
        self.by_header.get(&normalize_header(header)).copied()
    }

    /// The file's text, for a request that another computer carries out with the same names.
    pub fn text(&self) -> io::Result<String> {
        match &self.path {
            Some(path) => Ok(read_bytes(path)?
                .map(|b| decode(&b))
                .transpose()?
                .unwrap_or_default()),
            None => Ok(String::new()),
        }
    }

    /// Appends the learned lines `header = field` (the field by its name in `field_name`),
    /// below the comment `comment`, to the file (started with `head` when there is none), in
    /// its own encoding and line ends. The file is replaced whole, never half-written.
    pub fn learn(
        &self,
        learned: &[(String, Field)],
        comment: &str,
        head: &[&str],
        field_name: fn(Field) -> &'static str,
    ) -> io::Result<()> {
        let Some(path) = &self.path else {
            return Ok(());
        };
        let old = read_bytes(path)?.unwrap_or_default();
        let encoding = inspect(&old[..])?.encoding;
        let crlf = old.windows(2).any(|w| w == b"\r\n") || (old.is_empty() && cfg!(windows));
        let mut lines: Vec<String> = Vec::new();
        if old.is_empty() {
            lines.extend(head.iter().map(|l| l.to_string()));
        }
        lines.push(String::new());
        lines.push(format!("# {comment}"));
        for (header, field) in learned {
            lines.push(format!("{header} = {}", field_name(*field)));
        }
        let end = if crlf { "\r\n" } else { "\n" };
        let mut added = String::new();
        if !old.is_empty() && !old.ends_with(b"\n") && !old.ends_with(b"\r") {
            added.push_str(end);
        }
        for line in &lines {
            added.push_str(line);
            added.push_str(end);
        }
        let mut bytes = old;
        bytes.extend(encode(&added, encoding));
        let dir = path.parent().filter(|p| !p.as_os_str().is_empty());
        let mut temp = tempfile::NamedTempFile::new_in(dir.unwrap_or(Path::new(".")))?;
        temp.write_all(&bytes)?;
        temp.as_file().sync_all()?;
        temp.persist(path).map_err(|e| e.error)?;
        Ok(())
    }
}

/// Reads `line`: `None` for a blank line or a comment, else the header and what it means.
fn read_line(line: &str) -> Result<Option<(&str, Option<Field>)>, ColumnsProblem> {
    let line = line.trim();
    if line.is_empty() || line.starts_with('#') {
        return Ok(None);
    }
    let (header, meaning) = line.rsplit_once('=').ok_or(ColumnsProblem::NoEquals)?;
    let header = header.trim();
    if normalize_header(header).is_empty() {
        return Err(ColumnsProblem::NoName);
    }
    let meaning = meaning.trim();
    if meaning == "-" {
        return Ok(Some((header, None)));
    }
    field_named(meaning)
        .map(|field| Some((header, Some(field))))
        .ok_or_else(|| ColumnsProblem::UnknownField(meaning.to_string()))
}

/// The field `name` names: any of its accepted names, or its JSON key.
pub fn field_named(name: &str) -> Option<Field> {
    let name = normalize_header(name);
    Field::ALL.into_iter().find(|field| {
        normalize_header(field.key()) == name
            || field.names().iter().any(|n| normalize_header(n) == name)
    })
}

/// The bytes of the file at `path`; `None` when there is none. Never through a link (a
/// columns file that is a link would show lines of any file in every preview).
fn read_bytes(path: &Path) -> io::Result<Option<Vec<u8>>> {
    use crate::guarded::{ReadError, read};
    match read(path, MAX_SIZE) {
        Ok(bytes) => Ok(Some(bytes)),
        Err(e) if e.is_not_found() => Ok(None),
        Err(ReadError::Io(e)) => Err(e),
        Err(ReadError::TooLarge { .. }) => Err(io::Error::new(
            io::ErrorKind::InvalidData,
            format!("over {} KiB", MAX_SIZE / 1024),
        )),
        Err(e) => Err(io::Error::new(io::ErrorKind::InvalidData, e)),
    }
}

/// The text of a columns file in UTF-8 (with or without BOM), UTF-16 or Windows-1252.
fn decode(bytes: &[u8]) -> io::Result<String> {
    let encoding = inspect(bytes)?.encoding;
    let mut text = String::new();
    Decoded::new(bytes, encoding).read_to_string(&mut text)?;
    Ok(text)
}

/// `text` in `encoding` (no byte order mark: it is at the start of the file already, if any).
pub fn encode(text: &str, encoding: Encoding) -> Vec<u8> {
    match encoding {
        Encoding::Utf8 | Encoding::Utf8Bom => text.as_bytes().to_vec(),
        Encoding::Utf16Le => text.encode_utf16().flat_map(u16::to_le_bytes).collect(),
        Encoding::Utf16Be => text.encode_utf16().flat_map(u16::to_be_bytes).collect(),
        Encoding::Windows1252 => {
            let (bytes, _, unmappable) = encoding_rs::WINDOWS_1252.encode(text);
            if !unmappable {
                return bytes.into_owned();
            }
            let fitting: String = text
                .chars()
                .map(|c| {
                    let mut buf = [0u8; 4];
                    let (_, _, unmappable) =
                        encoding_rs::WINDOWS_1252.encode(c.encode_utf8(&mut buf));
                    if unmappable { '?' } else { c }
                })
                .collect();
            encoding_rs::WINDOWS_1252.encode(&fitting).0.into_owned()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_map_ignore_and_break() {
        let shop = ShopColumns::parse(
            "kolumner.txt",
            "# kolumner\n\nMedlemsnr = kundnummer\nIntern kod = -\nMejl adress= e-mail\nX = postal_code\n"
                .as_bytes(),
        );
        assert_eq!(shop.broken, None);
        assert_eq!(
            shop.get(" medlemsNR "),
            Some(ShopColumn {
                field: Some(Field::CustomerNumber),
                line: 3
            })
        );
        assert_eq!(shop.get("Intern kod").map(|c| c.field), Some(None));
        assert_eq!(
            shop.get("mejladress").map(|c| c.field),
            Some(Some(Field::Email))
        );
        assert_eq!(
            shop.get("x").map(|c| c.field),
            Some(Some(Field::PostalCode))
        );
        assert_eq!(shop.get("Kundnr"), None);
        let broken = |text: &str| ShopColumns::parse("k.txt", text.as_bytes()).broken;
        assert_eq!(
            broken("a = kundnr\nb kundnr\n").map(|e| (e.line, e.problem)),
            Some((2, ColumnsProblem::NoEquals))
        );
        assert_eq!(
            broken(" = kundnr").map(|e| e.problem),
            Some(ColumnsProblem::NoName)
        );
        assert_eq!(
            broken("a = favoritfärg").map(|e| e.problem),
            Some(ColumnsProblem::UnknownField("favoritfärg".into()))
        );
        assert_eq!(
            broken("a = kundnr\nA = -").map(|e| (e.line, e.problem)),
            Some((2, ColumnsProblem::Twice { first_line: 1 }))
        );
        assert_eq!(broken("a = kundnr\nA = kundnummer"), None);
        let latin1 = ShopColumns::parse("k.txt", b"F\xf6delsestad = ort\n");
        assert_eq!(
            latin1.get("födelsestad").map(|c| c.field),
            Some(Some(Field::City))
        );
    }

    #[test]
    fn every_field_is_found_by_its_names_in_both_languages() {
        for field in Field::ALL {
            assert_eq!(field_named(field.swedish()), Some(field));
            assert_eq!(field_named(field.key()), Some(field));
            for lang in [crate::lang::Lang::Sv, crate::lang::Lang::En] {
                assert_eq!(field_named((lang.texts().field_name)(field)), Some(field));
            }
        }
    }

    #[test]
    fn learned_lines_keep_the_files_encoding_and_line_ends() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(FILE_NAME);
        std::fs::write(&path, b"# egna namn\r\nF\xf6dd = -").unwrap();
        let shop = ShopColumns::read(&path);
        let learned = [("Förnman".to_string(), Field::FirstName)];
        shop.learn(&learned, "från x.csv", &[], Field::swedish)
            .unwrap();
        let bytes = std::fs::read(&path).unwrap();
        assert_eq!(
            bytes,
            b"# egna namn\r\nF\xf6dd = -\r\n\r\n# fr\xe5n x.csv\r\nF\xf6rnman = f\xf6rnamn\r\n"
        );
        let again = ShopColumns::read(&path);
        assert_eq!(
            again.get("förnman").map(|c| c.field),
            Some(Some(Field::FirstName))
        );
        let fresh = dir.path().join("ny.txt");
        ShopColumns::read(&fresh)
            .learn(&learned, "c", &["# huvud"], Field::swedish)
            .unwrap();
        let text = std::fs::read_to_string(&fresh).unwrap();
        assert!(text.starts_with("# huvud"), "{text}");
    }
}

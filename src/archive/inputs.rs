//! A customer file in the archive or the inbox: the rows that name a person — their customer
//! number in the number column, or one of their emails or phone numbers in any cell — found
//! as the file is read (its encoding and delimiter, as an import reads it), and removed from
//! the file's own bytes, so it keeps its encoding, byte order mark, delimiter and line ends.
//! A workbook is only searched: a cell of any sheet holding one of their emails or phone
//! numbers, or their number in the customer number column of the sheet an import reads.

use std::fs;
use std::io;
use std::path::Path;

use super::{Person, replace};
use crate::columns::ShopColumns;
use crate::field::Field;
use crate::input::Input;
use crate::parse::ParsedFile;
use crate::read::Encoding;

/// A row that names the person: where it is in the decoded text, and its line.
struct Named {
    start: usize,
    end: usize,
    line: u32,
}

/// Removes the rows naming `person` from the file at `path`. Returns whether it changed.
pub(super) fn erase(path: &Path, person: &Person) -> io::Result<bool> {
    let bytes = fs::read(path)?;
    let Some((text, encoding, named)) = scan(&bytes, person) else {
        return Ok(false);
    };
    if named.is_empty() {
        return Ok(false);
    }
    let mut kept = String::with_capacity(text.len());
    let mut at = 0;
    for row in &named {
        kept.push_str(&text[at..row.start]);
        at = row.end;
    }
    kept.push_str(&text[at..]);
    replace(path, &encode(&kept, encoding))?;
    Ok(true)
}

/// The lines where rows naming `person` start in the file at `path`.
pub(super) fn lines_naming(path: &Path, person: &Person) -> io::Result<Vec<u32>> {
    let bytes = fs::read(path)?;
    Ok(scan(&bytes, person)
        .map(|(_, _, named)| named.iter().map(|n| n.line).collect())
        .unwrap_or_default())
}

/// Whether the workbook at `path` names `person` anywhere.
pub(super) fn workbook_names(path: &Path, person: &Person) -> io::Result<bool> {
    let parsed = crate::workbook::parse(path, None, &ShopColumns::default())?;
    let read = parsed.sheet.as_ref().map(|s| s.name.as_str());
    let number_column = number_column(&parsed);
    for sheet in crate::workbook::sheet_names(path)? {
        let number_column = number_column.filter(|_| Some(sheet.as_str()) == read);
        let mut named = false;
        crate::workbook::with_rows(path, &sheet, |rows| {
            let mut record = csv::StringRecord::new();
            while !named && rows.next_record(&mut record)?.is_some() {
                named = names(&record, number_column, person);
            }
            Ok(())
        })?;
        if named {
            return Ok(true);
        }
    }
    Ok(false)
}

/// Where the customer numbers are in the records of `parsed`'s file.
fn number_column(parsed: &ParsedFile) -> Option<usize> {
    parsed
        .columns
        .iter()
        .find(|c| c.field == Some(Field::CustomerNumber))
        .map(|c| c.index)
}

/// Whether `record` names `person`: their number in `number_column`, or one of their emails
/// or phone numbers in any cell.
fn names(record: &csv::StringRecord, number_column: Option<usize>, person: &Person) -> bool {
    record.iter().enumerate().any(|(i, cell)| {
        let cell = cell.trim();
        (Some(i) == number_column && cell == person.number)
            || person.emails.iter().any(|e| cell.eq_ignore_ascii_case(e))
            || person.phones.iter().any(|p| cell == p)
    })
}

/// The file decoded, its encoding, and the rows that name `person`; `None` for a file that
/// is not read as a customer file.
fn scan(bytes: &[u8], person: &Person) -> Option<(String, Encoding, Vec<Named>)> {
    let input = Input::from_bytes("", bytes).ok()?;
    let encoding = input.inspection.encoding;
    let text = decode(bytes, encoding)?;
    let number_column = number_column(&input.parsed);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(input.parsed.delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut named = Vec::new();
    let mut record = csv::StringRecord::new();
    let mut header = true;
    // Lines are counted here: a record's span starts where the one before it ended (with a
    // CR LF file, at its LF), so its own first line is after any line ends there.
    let (mut counted_to, mut lines) = (0, 1u32);
    loop {
        let start = reader.position().byte() as usize;
        match reader.read_record(&mut record) {
            Ok(true) => {}
            Ok(false) | Err(_) => break,
        }
        if std::mem::take(&mut header) {
            continue;
        }
        let content = start
            + text[start..]
                .bytes()
                .take_while(|b| *b == b'\r' || *b == b'\n')
                .count();
        lines += text[counted_to..content].matches('\n').count() as u32;
        counted_to = content;
        let line = lines;
        if names(&record, number_column, person) {
            let end = reader.position().byte() as usize;
            named.push(Named { start, end, line });
        }
    }
    Some((text, encoding, named))
}

/// The file's text as written: line ends kept, the byte order mark left out.
fn decode(bytes: &[u8], encoding: Encoding) -> Option<String> {
    let (coding, skip) = match encoding {
        Encoding::Utf8 => return String::from_utf8(bytes.to_vec()).ok(),
        Encoding::Utf8Bom => return String::from_utf8(bytes.get(3..)?.to_vec()).ok(),
        Encoding::Utf16Le => (encoding_rs::UTF_16LE, 2),
        Encoding::Utf16Be => (encoding_rs::UTF_16BE, 2),
        Encoding::Windows1252 => (encoding_rs::WINDOWS_1252, 0),
    };
    let (text, malformed) = coding.decode_without_bom_handling(bytes.get(skip..)?);
    (!malformed).then(|| text.into_owned())
}

/// `text` in `encoding`, with the byte order mark the file had.
fn encode(text: &str, encoding: Encoding) -> Vec<u8> {
    match encoding {
        Encoding::Utf8 => text.as_bytes().to_vec(),
        Encoding::Utf8Bom => [&[0xEF, 0xBB, 0xBF][..], text.as_bytes()].concat(),
        Encoding::Utf16Le => [0xFF, 0xFE]
            .into_iter()
            .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
            .collect(),
        Encoding::Utf16Be => [0xFE, 0xFF]
            .into_iter()
            .chain(text.encode_utf16().flat_map(u16::to_be_bytes))
            .collect(),
        Encoding::Windows1252 => encoding_rs::WINDOWS_1252.encode(text).0.into_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn person() -> Person {
        Person {
            number: "2".into(),
            emails: vec!["bo@x.se".into()],
            phones: vec!["070-222".into()],
            ..Person::default()
        }
    }

    #[test]
    fn the_rows_naming_the_person_go_and_the_file_keeps_its_form() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("kunder.csv");
        // Windows-1252, CRLF, semicolons, a quoted cell over two lines.
        let text = "kundnr;förnamn;e-post;telefon\r\n1;Åsa;asa@x.se;070-111\r\n2;Bo;;\r\n;\"Bo\r\nBosse\";BO@x.se;\r\n3;Cia;cia@x.se;070-222\r\n4;Dan;dan@x.se;\r\n";
        let bytes = encoding_rs::WINDOWS_1252.encode(text).0.into_owned();
        fs::write(&path, &bytes).unwrap();
        assert_eq!(lines_naming(&path, &person()).unwrap(), [3, 4, 6]);
        assert!(erase(&path, &person()).unwrap());
        let kept = "kundnr;förnamn;e-post;telefon\r\n1;Åsa;asa@x.se;070-111\r\n4;Dan;dan@x.se;\r\n";
        assert_eq!(
            fs::read(&path).unwrap(),
            encoding_rs::WINDOWS_1252.encode(kept).0.into_owned()
        );
        assert!(!erase(&path, &person()).unwrap(), "nothing more to erase");
    }

    #[test]
    fn utf16_and_a_byte_order_mark_are_kept() {
        for encoding in [Encoding::Utf8Bom, Encoding::Utf16Le, Encoding::Utf16Be] {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("kunder.txt");
            let text = "kundnr\tförnamn\n1\tÅsa\n2\tBo\n";
            fs::write(&path, encode(text, encoding)).unwrap();
            assert!(erase(&path, &person()).unwrap(), "{encoding:?}");
            assert_eq!(
                fs::read(&path).unwrap(),
                encode("kundnr\tförnamn\n1\tÅsa\n", encoding)
            );
        }
    }
}

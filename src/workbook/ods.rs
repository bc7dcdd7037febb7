//! An OpenDocument spreadsheet (`.ods`, LibreOffice's own) read as its `content.xml` streams
//! past: the sheets and which are hidden, then one sheet's rows one by one. A row or a cell
//! repeated many times (`number-rows-repeated`, as LibreOffice writes a sheet's empty end) is
//! counted, never laid out, and a repeated row with something in it is given once per repeat
//! up to the sheet's last row: nothing is ever held but the row being read.

use std::collections::HashSet;
use std::io::{self, BufReader, Read, Seek};

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};
use zip::ZipArchive;
use zip::read::ZipFile;

use super::cells::{CellText, number_text};
use super::sheet::{MAX_COLUMNS, Row};
use super::{Book, invalid};
use crate::parse::{MAX_ROW_BYTES, Records};

/// A sheet's last row: repeats past it are not read.
const MAX_ROWS: u64 = 1_048_576;
/// The document that holds the sheets.
const CONTENT: &str = "content.xml";

/// An OpenDocument spreadsheet.
pub(super) struct Ods<RS: Read + Seek> {
    zip: ZipArchive<RS>,
}

impl<RS: Read + Seek> Ods<RS> {
    pub(super) fn new(bytes: RS) -> io::Result<Self> {
        Ok(Ods {
            zip: ZipArchive::new(bytes).map_err(invalid)?,
        })
    }

    fn content(&mut self) -> io::Result<Reader<BufReader<ZipFile<'_, RS>>>> {
        let file = self.zip.by_name(CONTENT).map_err(invalid)?;
        let mut xml = Reader::from_reader(BufReader::new(file));
        xml.config_mut().check_end_names = false;
        Ok(xml)
    }
}

impl<RS: Read + Seek> Book for Ods<RS> {
    fn sheets(&mut self) -> io::Result<Vec<(String, bool)>> {
        let mut xml = self.content()?;
        let mut buf = Vec::new();
        // The table styles that hide a sheet come before the sheets.
        let mut hiding = HashSet::new();
        let mut style = None;
        let mut sheets = Vec::new();
        loop {
            buf.clear();
            let (e, open) = match xml.read_event_into(&mut buf).map_err(invalid)? {
                Event::Start(e) => (e.into_owned(), true),
                Event::Empty(e) => (e.into_owned(), false),
                Event::Eof => return Ok(sheets),
                _ => continue,
            };
            match e.name().into_inner() {
                "style:style" => style = attr(&e, "style:name")?,
                "style:table-properties" => {
                    if attr(&e, "table:display")?.as_deref() == Some("false")
                        && let Some(name) = style.clone()
                    {
                        hiding.insert(name);
                    }
                }
                "table:table" => {
                    let name = attr(&e, "table:name")?.unwrap_or_default();
                    let hidden = attr(&e, "table:style-name")?.is_some_and(|s| hiding.contains(&s));
                    sheets.push((name, hidden));
                    if open {
                        xml.read_to_end_into(e.name(), &mut Vec::new())
                            .map_err(invalid)?;
                    }
                }
                _ => {}
            }
        }
    }

    fn rows(
        &mut self,
        sheet: &str,
        each: &mut dyn FnMut(&mut dyn Records) -> io::Result<()>,
    ) -> io::Result<()> {
        let mut xml = self.content()?;
        let mut buf = Vec::new();
        loop {
            buf.clear();
            match xml.read_event_into(&mut buf).map_err(invalid)? {
                Event::Start(e) if e.name().into_inner() == "table:table" => {
                    if attr(&e, "table:name")?.as_deref() == Some(sheet) {
                        return each(&mut OdsRows::new(xml));
                    }
                    xml.read_to_end_into(e.name(), &mut Vec::new())
                        .map_err(invalid)?;
                }
                // A sheet with nothing in it, or none of that name: no rows.
                Event::Empty(e)
                    if e.name().into_inner() == "table:table"
                        && attr(&e, "table:name")?.as_deref() == Some(sheet) =>
                {
                    return each(&mut OdsRows::<&[u8]>::new_ended());
                }
                Event::Eof => return each(&mut OdsRows::<&[u8]>::new_ended()),
                _ => {}
            }
        }
    }
}

/// The value of the attribute `name` of `e`, if it has it.
fn attr(e: &BytesStart<'_>, name: &str) -> io::Result<Option<String>> {
    match e.try_get_attribute(name).map_err(invalid)? {
        Some(a) => Ok(Some(
            quick_xml::escape::unescape(&a.value)
                .map_err(invalid)?
                .into_owned(),
        )),
        None => Ok(None),
    }
}

/// A repeat count (`number-rows-repeated`, `number-columns-repeated`); 1 when not given.
fn repeats(e: &BytesStart<'_>, name: &str) -> io::Result<u64> {
    Ok(attr(e, name)?
        .and_then(|v| v.parse::<u64>().ok())
        .unwrap_or(1)
        .max(1))
}

/// One sheet's rows, streamed from its `table:table` element.
struct OdsRows<R: io::BufRead> {
    xml: Option<Reader<R>>,
    /// The row the next one read is (0-based).
    at: u64,
    /// A row with something in it still to be given this many times more.
    again: u64,
    row: Row,
    too_long: bool,
}

impl<R: io::BufRead> OdsRows<R> {
    fn new(xml: Reader<R>) -> Self {
        OdsRows {
            xml: Some(xml),
            at: 0,
            again: 0,
            row: Row::default(),
            too_long: false,
        }
    }

    fn new_ended() -> Self {
        OdsRows {
            xml: None,
            at: 0,
            again: 0,
            row: Row::default(),
            too_long: false,
        }
    }

    /// Reads the next `table:table-row` into `self.row`: its repeat count, or `None` at the
    /// sheet's end.
    fn read_row(&mut self) -> io::Result<Option<u64>> {
        let Some(xml) = self.xml.as_mut() else {
            return Ok(None);
        };
        let mut buf = Vec::new();
        loop {
            buf.clear();
            match xml.read_event_into(&mut buf).map_err(invalid)? {
                Event::Start(e) if e.name().into_inner() == "table:table-row" => {
                    let times = repeats(&e, "table:number-rows-repeated")?;
                    self.row.clear();
                    self.too_long = read_cells(xml, &mut self.row)?;
                    return Ok(Some(times));
                }
                Event::Empty(e) if e.name().into_inner() == "table:table-row" => {
                    self.row.clear();
                    return Ok(Some(repeats(&e, "table:number-rows-repeated")?));
                }
                Event::End(e) if e.name().into_inner() == "table:table" => break,
                Event::Eof => break,
                _ => {}
            }
        }
        self.xml = None;
        Ok(None)
    }
}

/// Reads a row's cells up to its end into `row`; true when its text ran over
/// [`MAX_ROW_BYTES`].
fn read_cells<R: io::BufRead>(xml: &mut Reader<R>, row: &mut Row) -> io::Result<bool> {
    let mut column: u64 = 0;
    let mut buf = Vec::new();
    loop {
        buf.clear();
        let (e, open) = match xml.read_event_into(&mut buf).map_err(invalid)? {
            Event::Start(e) => (e.into_owned(), true),
            Event::Empty(e) => (e.into_owned(), false),
            Event::End(e) if e.name().into_inner() == "table:table-row" => return Ok(false),
            Event::Eof => return Err(invalid("the sheet ends inside a row")),
            _ => continue,
        };
        if !matches!(
            e.name().into_inner(),
            "table:table-cell" | "table:covered-table-cell"
        ) {
            continue;
        }
        let times = repeats(&e, "table:number-columns-repeated")?;
        let cell = cell_value(xml, &e, open)?;
        if !cell.text.is_empty() {
            for at in column..column.saturating_add(times) {
                match usize::try_from(at) {
                    Ok(at) if at < MAX_COLUMNS => {
                        if !row.push(at, cell.clone()) {
                            return Ok(true);
                        }
                    }
                    _ => break,
                }
            }
        }
        column = column.saturating_add(times);
    }
}

/// The text of the cell `e` (whose element is open when `open`), read to its end.
fn cell_value<R: io::BufRead>(
    xml: &mut Reader<R>,
    e: &BytesStart<'_>,
    open: bool,
) -> io::Result<CellText> {
    let number = |v: Option<String>| -> CellText {
        let text = v
            .as_deref()
            .and_then(|v| v.parse::<f64>().ok())
            .map(number_text)
            .unwrap_or_default();
        CellText { text, number: true }
    };
    let given = match attr(e, "office:value-type")?.as_deref() {
        Some("float" | "percentage" | "currency") => Some(number(attr(e, "office:value")?)),
        Some("date") => attr(e, "office:date-value")?.map(|d| CellText {
            text: date_text(&d),
            number: false,
        }),
        Some("boolean") => attr(e, "office:boolean-value")?.map(|b| CellText {
            text: if b == "true" { "TRUE" } else { "FALSE" }.to_string(),
            number: false,
        }),
        Some("string") => attr(e, "office:string-value")?
            .filter(|s| !s.is_empty())
            .map(|text| CellText {
                text,
                number: false,
            }),
        _ => None,
    };
    let shown = if open {
        paragraphs(xml)?
    } else {
        String::new()
    };
    Ok(given.unwrap_or(CellText {
        text: shown,
        number: false,
    }))
}

/// A date as `YYYY-MM-DD`, with ` HH:MM` (and `:SS`) where there is a time of day.
fn date_text(date: &str) -> String {
    let Some((day, time)) = date.split_once('T') else {
        return date.to_string();
    };
    let time = time.split('.').next().unwrap_or(time);
    match time {
        "00:00:00" => day.to_string(),
        t if t.ends_with(":00") => format!("{day} {}", &t[..t.len() - 3]),
        t => format!("{day} {t}"),
    }
}

/// The text of a cell's paragraphs, read to the cell's end: paragraphs on lines of their
/// own, `text:s` as its spaces; a comment (`office:annotation`) left out. Cut short past
/// [`MAX_ROW_BYTES`] (the row is then too long anyway).
fn paragraphs<R: io::BufRead>(xml: &mut Reader<R>) -> io::Result<String> {
    let mut text = String::new();
    let mut buf = Vec::new();
    let mut first = true;
    let mut depth = 0u32;
    loop {
        buf.clear();
        match xml.read_event_into(&mut buf).map_err(invalid)? {
            Event::Start(e) if e.name().into_inner() == "office:annotation" => {
                xml.read_to_end_into(e.name(), &mut Vec::new())
                    .map_err(invalid)?;
            }
            Event::Start(e) => {
                depth += 1;
                match e.name().into_inner() {
                    "text:p" if !std::mem::take(&mut first) => text.push('\n'),
                    "text:s" => text.extend(std::iter::repeat_n(' ', space_count(&e)?)),
                    _ => {}
                }
            }
            Event::Empty(e) => match e.name().into_inner() {
                "text:s" => text.extend(std::iter::repeat_n(' ', space_count(&e)?)),
                "text:tab" => text.push('\t'),
                "text:line-break" => text.push('\n'),
                "text:p" if !std::mem::take(&mut first) => text.push('\n'),
                _ => {}
            },
            Event::Text(t) if (text.len() as u64) < MAX_ROW_BYTES => {
                text.push_str(&t.xml10_content());
            }
            Event::GeneralRef(r) => {
                if let Some(c) = r.resolve_char_ref().map_err(invalid)? {
                    text.push(c);
                } else if let Some(s) = quick_xml::escape::resolve_xml_entity(&r.xml10_content()) {
                    text.push_str(s);
                }
            }
            Event::End(_) if depth > 0 => depth -= 1,
            Event::End(_) => return Ok(text),
            Event::Eof => return Err(invalid("the sheet ends inside a cell")),
            _ => {}
        }
    }
}

/// The spaces a `text:s` stands for (`text:c`, at most a row's worth).
fn space_count(e: &BytesStart<'_>) -> io::Result<usize> {
    let count = repeats(e, "text:c")?.min(MAX_ROW_BYTES);
    Ok(usize::try_from(count).unwrap_or(usize::MAX))
}

impl<R: io::BufRead> Records for OdsRows<R> {
    fn next_record(&mut self, record: &mut csv::StringRecord) -> io::Result<Option<u32>> {
        loop {
            if self.again > 0 {
                self.again -= 1;
                self.at += 1;
                self.row.fill(record);
                return Ok(Some(u32::try_from(self.at).unwrap_or(u32::MAX)));
            }
            if self.too_long || self.at >= MAX_ROWS {
                return Ok(None);
            }
            let Some(times) = self.read_row()? else {
                return Ok(None);
            };
            self.again = match (self.too_long, self.row.is_empty()) {
                // Given once, for its line: the reading ends there.
                (true, _) => 1,
                (false, true) => {
                    self.at = self.at.saturating_add(times);
                    0
                }
                (false, false) => times.min(MAX_ROWS - self.at),
            };
        }
    }

    fn too_long(&self) -> bool {
        self.too_long
    }

    fn numbers(&self) -> &[usize] {
        self.row.numbers()
    }
}

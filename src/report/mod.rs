//! The preview of a file: what it contains and what importing it would do.
//! This module decides what is shown; `text`, `html` and `json` only decide how.

mod accidents;
pub mod changes;
mod frequent;
pub(crate) mod glance;
mod html;
mod json;
mod text;

pub use accidents::{Accident, AccidentKind};
pub use glance::{ColumnSummary, Glance};
pub use html::{GENERATOR, META_COLUMNS, META_FINGERPRINT, META_SHA256, escape, write_html};
pub use json::write_json;
pub use text::{one_line, write_text};

use crate::field::Field;
use crate::input::Input;
use crate::lang::Texts;
use crate::parse::{Column, Origin, ParsedFile, Reading, RowError};
use crate::plan::{Plan, RowOutcome, Status};
use crate::read::Encoding;
use crate::store::Version;

/// Files with more rows than this list only new, changed and error rows.
pub const FULL_LIST_LIMIT: usize = 1000;
/// Rows of each kind (new, changed, unchanged, error) the HTML page lists; a large file's page
/// says how many more there are, and that the text preview lists them all.
pub const PAGE_ROWS: usize = 500;

/// Everything a preview shows.
pub struct Preview<'a> {
    /// The file's name as shown (no directories).
    pub file: &'a str,
    pub encoding: Encoding,
    pub parsed: &'a ParsedFile,
    /// The plan; `None` when the file has file errors and cannot be planned.
    pub plan: Option<&'a Plan>,
    /// The version that already imported these bytes, if any.
    pub already: Option<&'a Version>,
    /// What the reader can do next (how to confirm, edit or cancel where they are).
    pub next_steps: &'a [String],
    /// Shown first, above everything else: why a confirm was not taken, a conflict copy.
    pub warnings: &'a [String],
    /// Extra sections shown before the rows, such as what changed since the last preview.
    pub sections: &'a [Section],
    /// SHA-256 of the file's bytes.
    pub sha256: &'a [u8; 32],
    pub texts: &'static Texts,
    /// The summary per column and the warnings, worked out when first asked for.
    pub glance: std::cell::OnceCell<Glance>,
}

/// A titled block of lines in a preview.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Section {
    pub title: String,
    pub lines: Vec<String>,
}

/// The SHA-256 of a file as hex.
pub fn hex(sha: &[u8; 32]) -> String {
    crate::plan::Fingerprint(*sha).to_string()
}

/// One listed line of the preview.
pub enum Line<'a> {
    Row(&'a RowOutcome),
    Error(&'a RowError),
}

/// What one field of one row shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cell<'a> {
    /// The row left the cell empty.
    Blank,
    /// The same value as the register holds: `/`.
    Same,
    /// A key the row was matched by: shown as it is.
    Plain(&'a str),
    /// A value the customer did not have.
    New(&'a str),
    /// A value that replaces another.
    Changed { old: &'a str, new: &'a str },
    /// A value the row clears (its cell held the clear marker).
    Cleared { old: &'a str },
}

impl<'a> Preview<'a> {
    /// The preview of `input` with `plan` (`None`: it has file errors), in `texts`, with
    /// nothing more shown around it; the other fields are set where there is more to show.
    pub fn of(input: &'a Input, plan: Option<&'a Plan>, texts: &'static Texts) -> Preview<'a> {
        Preview {
            file: &input.name,
            encoding: input.inspection.encoding,
            parsed: &input.parsed,
            plan,
            already: None,
            next_steps: &[],
            warnings: &[],
            sections: &[],
            sha256: &input.inspection.sha256,
            texts,
            glance: Default::default(),
        }
    }

    /// The report's columns: the customer number first, then the file's fields in its order.
    pub fn columns(&self) -> Vec<Field> {
        std::iter::once(Field::CustomerNumber)
            .chain(
                self.parsed
                    .rows
                    .fields()
                    .iter()
                    .copied()
                    .filter(|f| *f != Field::CustomerNumber),
            )
            .collect()
    }

    /// What each column changes, and the warnings for spreadsheet accidents.
    pub fn glance(&self) -> &Glance {
        self.glance.get_or_init(|| Glance::of(self))
    }

    /// Whether every row is listed, or only new, changed and error rows.
    pub fn lists_unchanged(&self) -> bool {
        self.parsed.rows_read <= FULL_LIST_LIMIT
    }

    /// The listed lines in file order.
    pub fn lines(&self, all: bool) -> impl Iterator<Item = Line<'a>> + 'a {
        let (outcomes, errors): (&[RowOutcome], &[RowError]) = match self.plan {
            Some(plan) => (&plan.outcomes, &plan.errors),
            None => (&[], &[]),
        };
        let rows = &self.parsed.rows;
        let mut outcomes = outcomes
            .iter()
            .filter(move |o| all || o.status != Status::Unchanged)
            .peekable();
        let mut errors = errors.iter().peekable();
        std::iter::from_fn(move || match (outcomes.peek(), errors.peek()) {
            (Some(o), Some(e)) if rows.line(o.row as usize) < e.line => {
                outcomes.next().map(Line::Row)
            }
            (_, Some(_)) => errors.next().map(Line::Error),
            (Some(_), None) => outcomes.next().map(Line::Row),
            (None, None) => None,
        })
    }

    /// The line number of a listed line.
    pub fn line_number(&self, line: &Line<'_>) -> u32 {
        match line {
            Line::Row(o) => self.parsed.rows.line(o.row as usize),
            Line::Error(e) => e.line,
        }
    }

    /// What `field` shows for the row of `outcome`.
    pub fn cell(&self, outcome: &'a RowOutcome, field: Field) -> Cell<'a> {
        let given = self.parsed.rows.get(outcome.row as usize, field);
        let value = match (given, field) {
            (Some(v), _) => v,
            (None, Field::CustomerNumber) => {
                match self.plan.and_then(|p| p.texts.number(outcome)) {
                    Some(assigned) if outcome.status == Status::New => return Cell::New(assigned),
                    Some(matched) => return Cell::Plain(matched),
                    None => return Cell::Blank,
                }
            }
            (None, _) => {
                // An empty cell changes nothing; one that changes its field cleared it.
                if outcome.changed & (1 << field.index()) == 0 {
                    return Cell::Blank;
                }
                return match self.plan.and_then(|plan| plan.texts.old(outcome, field)) {
                    Some(old) => Cell::Cleared { old },
                    None => Cell::Blank,
                };
            }
        };
        let bit = 1 << field.index();
        if outcome.status == Status::New {
            Cell::New(value)
        } else if outcome.changed & bit != 0 {
            match self.plan.and_then(|plan| plan.texts.old(outcome, field)) {
                Some(old) => Cell::Changed { old, new: value },
                None => Cell::New(value),
            }
        } else if outcome.same & bit != 0 {
            Cell::Same
        } else {
            Cell::Plain(value)
        }
    }

    /// The customer number a row lands on.
    pub fn number(&self, outcome: &'a RowOutcome) -> Option<&'a str> {
        self.plan
            .and_then(|plan| plan.texts.number(outcome))
            .or_else(|| {
                self.parsed
                    .rows
                    .get(outcome.row as usize, Field::CustomerNumber)
            })
    }

    /// The customer's email after the row.
    pub fn email(&self, outcome: &'a RowOutcome) -> Option<&'a str> {
        self.plan
            .and_then(|plan| plan.texts.email(outcome))
            .or_else(|| self.parsed.rows.get(outcome.row as usize, Field::Email))
    }

    /// Notes about the file as a whole: corrected headers, ignored columns, encoding.
    pub fn notes(&self) -> Vec<String> {
        let t = self.texts;
        let mut notes = Vec::new();
        if let Some(sheet) = self.parsed.sheet.as_ref().filter(|s| !s.others.is_empty()) {
            notes.push((t.workbook.other_sheets)(&sheet.others));
        }
        if let Some(system) = self.parsed.system {
            notes.push((t.systems.read_as)(system.name));
        }
        if let Some(already) = self.already {
            notes.push((t.already_imported)(
                already.number,
                &crate::lang::local_time(already.at),
            ));
        }
        let file = self.columns_file();
        for column in &self.parsed.columns {
            if let (Some(field), true) = (column.field, column.corrected()) {
                notes.push((t.corrected_header)(&column.header, (t.field_name)(field)));
                notes.push((t.fix.will_learn)(file));
            }
        }
        let s = t.systems;
        for column in &self.parsed.columns {
            if column.reading == Reading::FullName {
                notes.push((s.full_name)(&column.header, file));
            }
            if column.reading == Reading::Address && self.parsed.unclear_address_count > 0 {
                notes.push((s.unclear_addresses)(
                    &column.header,
                    &self.parsed.unclear_addresses,
                    self.parsed.unclear_address_count,
                ));
            }
        }
        let not_kept: Vec<&str> = self.parsed.not_kept_columns().collect();
        if !not_kept.is_empty() {
            notes.push((s.not_kept)(&not_kept));
        }
        let ignored: Vec<&str> = self.parsed.ignored_columns().collect();
        if !ignored.is_empty() {
            notes.push((t.fix.unknown_columns)(file, &ignored));
        }
        if self.encoding == Encoding::Windows1252 {
            notes.push(t.encoding_fallback.to_string());
        }
        notes
    }

    /// The name of the columns file the headers are read by.
    fn columns_file(&self) -> &str {
        match self.parsed.columns_file.as_str() {
            "" => self.texts.fix.columns_file,
            file => file,
        }
    }

    /// Each column and where its meaning came from: a built-in name, a corrected spelling,
    /// a line of the columns file.
    pub fn column_section(&self) -> Section {
        let t = self.texts;
        let f = t.fix;
        let file = self.columns_file();
        let lines = self
            .parsed
            .columns
            .iter()
            .map(|c| format!("{} → {}", c.header, self.column_meaning(c, file)))
            .collect();
        Section {
            title: f.columns_title.to_string(),
            lines,
        }
    }

    /// What a column was read as, and why: `Telefon (built-in name)`.
    fn column_meaning(&self, c: &Column, file: &str) -> String {
        let t = self.texts;
        let (f, s) = (t.fix, t.systems);
        let fields: Vec<&str> = c.fields().into_iter().map(t.field_name).collect();
        let fields = fields.join(", ");
        let mut why = match c.origin {
            Origin::Line(line) if c.field.is_none() => return (f.ignored_by_line)(file, line),
            Origin::ErrorColumn => return f.error_column_note.to_string(),
            Origin::NotKept => return s.not_kept_column.to_string(),
            Origin::Unknown => return f.ignored.to_string(),
            Origin::Line(line) => (f.from_line)(file, line),
            Origin::Corrected => f.from_corrected.to_string(),
            Origin::System => (s.from_system)(self.parsed.system.map_or("", |s| s.name)),
            Origin::Name => f.from_name.to_string(),
        };
        let more = match c.reading {
            Reading::Whole { rank } if self.parsed.has_choice(c) => (s.choice)(rank, c.used),
            Reading::More { .. } => s.further_line.to_string(),
            Reading::FullName => s.split_name.to_string(),
            Reading::Address => s.split_address.to_string(),
            Reading::Whole { .. } | Reading::Ignored => String::new(),
        };
        if !more.is_empty() {
            why = format!("{why}; {more}");
        }
        format!("{fields} ({why})")
    }

    /// Where the rows were read from, as the preview's head says it: a workbook's sheet, or
    /// a text's encoding and delimiter.
    pub fn source_facts(&self) -> Vec<(&'static str, String)> {
        let t = self.texts;
        match &self.parsed.sheet {
            Some(sheet) if sheet.name.is_empty() => Vec::new(),
            Some(sheet) => vec![(t.workbook.sheet, sheet.name.clone())],
            None => vec![
                (t.encoding, self.encoding.label().to_string()),
                (t.delimiter, self.delimiter_label()),
            ],
        }
    }

    /// The delimiter as shown to a person.
    pub fn delimiter_label(&self) -> String {
        match self.parsed.delimiter {
            b'\t' => self.texts.tab.to_string(),
            d => char::from(d).to_string(),
        }
    }

    /// The counts line: words and numbers per status.
    pub fn counts(&self) -> [(&'static str, u64); 4] {
        let t = self.texts;
        let c = self.plan.map(|p| p.counts).unwrap_or_default();
        [
            (t.status_new, c.new),
            (t.status_update, c.update),
            (t.status_unchanged, c.unchanged),
            (t.status_error, c.error),
        ]
    }

    /// The message of a row error.
    pub fn error_text(&self, error: &RowError) -> String {
        (self.texts.row_problem)(&error.problem)
    }
}

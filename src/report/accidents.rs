//! The classic spreadsheet accidents a preview warns of, each with what it saw, on how many
//! rows, a few line numbers, and what to check:
//!
//! - `fill_down`: one value written over many different old values in one column (Excel's
//!   fill-down, or a paste that ran too far);
//! - `lost_leading_zeros`: postal codes of four digits, phone numbers of digits only without
//!   their leading 0 (Excel read the column as numbers);
//! - `scientific_notation`: phone numbers in Excel's `1,23457E+11` (in the customer number it
//!   is a row error, see [`crate::field::stored_value`]);
//! - `shifted_column`: a column whose values mostly look like another field's (a header that
//!   does not match its data);
//! - `possible_duplicate`: rows that would create a customer whose phone, or first name, last
//!   name and postal code, a customer of the register or a row before them has;
//! - `stored_as_number`: customer numbers, phones or postal codes a workbook stores as
//!   numbers, which lose leading zeros and spaces.
//!
//! Tuned so ordinary lists say nothing: many changes spread over many values are no fill-down.

use std::collections::HashSet;

use super::{Cell, Preview};

use crate::field::{FIELD_COUNT, Field, looks_like_email, looks_scientific};
use crate::lang::Texts;
use crate::lang::glance::Looks;
use crate::parse::ParsedFile;
use crate::search::duplicates::{Alike, Shared};

/// How many line numbers a warning names.
const EXAMPLES: usize = 5;
/// A fill-down: at least this many customers get the one value...
const FILL_ROWS: u64 = 10;
/// ...replacing at least this many different values...
const FILL_OLDS: usize = 3;
/// ...and it is at least half of the column's changes.
const FILL_SHARE: u64 = 2;
/// Leading zeros lost on more than a few rows.
const ZEROS_ROWS: u64 = 3;
/// A shifted column: at least this many values, and this share in tenths, look like another
/// field's.
const SHIFTED_ROWS: u64 = 5;
const SHIFTED_TENTHS: u64 = 6;
/// At most about this many rows are checked for a shifted column.
const SHIFTED_CHECKED: usize = 10_000;

/// The kind of accident, by its stable JSON name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum AccidentKind {
    FillDown,
    LostLeadingZeros,
    ScientificNotation,
    ShiftedColumn,
    PossibleDuplicate,
    StoredAsNumber,
}

impl AccidentKind {
    pub fn key(self) -> &'static str {
        match self {
            AccidentKind::FillDown => "fill_down",
            AccidentKind::LostLeadingZeros => "lost_leading_zeros",
            AccidentKind::ScientificNotation => "scientific_notation",
            AccidentKind::ShiftedColumn => "shifted_column",
            AccidentKind::PossibleDuplicate => "possible_duplicate",
            AccidentKind::StoredAsNumber => "stored_as_number",
        }
    }
}

/// One warning.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Accident {
    pub kind: AccidentKind,
    pub field: Field,
    /// The rows it was seen on.
    pub rows: u64,
    /// The first few of their lines.
    pub example_lines: Vec<u32>,
    /// What it saw and what to check, in the reader's language.
    pub text: String,
}

/// Rows on which one thing was seen: how many, the first value, the first lines.
#[derive(Default)]
struct Seen<'a> {
    rows: u64,
    example: &'a str,
    lines: Vec<u32>,
}

impl<'a> Seen<'a> {
    fn see(&mut self, value: &'a str, line: u32) {
        if self.rows == 0 {
            self.example = value;
        }
        self.rows += 1;
        if self.lines.len() < EXAMPLES {
            self.lines.push(line);
        }
    }
}

/// What the values a preview shows have been seen to hold, value by value.
#[derive(Default)]
pub(super) struct Accidents<'a> {
    zeros: [Seen<'a>; FIELD_COUNT],
    scientific: [Seen<'a>; FIELD_COUNT],
}

impl<'a> Accidents<'a> {
    /// A value the preview shows landing in `field` on `line`.
    pub(super) fn value(&mut self, field: Field, new: &'a str, line: u32) {
        let i = field.index();
        match field {
            Field::PostalCode if new.len() == 4 && digits(new) => self.zeros[i].see(new, line),
            Field::Phone if looks_scientific(new) => self.scientific[i].see(new, line),
            Field::Phone
                if digits(new) && !new.starts_with('0') && (7..=11).contains(&new.len()) =>
            {
                self.zeros[i].see(new, line)
            }
            _ => {}
        }
    }

    /// The leading zeros and scientific notation seen, and the shifted columns of `parsed`.
    pub(super) fn finish(self, parsed: &ParsedFile, t: &Texts) -> Vec<Accident> {
        let g = t.glance;
        let name = |field: Field| (t.field_name)(field);
        let mut found = Vec::new();
        for field in Field::ALL {
            let zeros = &self.zeros[field.index()];
            if zeros.rows >= ZEROS_ROWS {
                let say = match field {
                    Field::PostalCode => g.short_postal_code,
                    _ => g.lost_zero_phone,
                };
                let lines = lines_text(&zeros.lines, zeros.rows, t);
                let text = say(name(field), zeros.rows, zeros.example, &lines);
                found.push(accident(AccidentKind::LostLeadingZeros, field, zeros, text));
            }
            let scientific = &self.scientific[field.index()];
            if scientific.rows > 0 {
                let lines = lines_text(&scientific.lines, scientific.rows, t);
                let text = (g.scientific)(name(field), scientific.example, &lines);
                let kind = AccidentKind::ScientificNotation;
                found.push(accident(kind, field, scientific, text));
            }
        }
        found.extend(shifted(parsed, t));
        for numbers in &parsed.numbers {
            let lines = lines_text(&numbers.lines, numbers.rows, t);
            found.push(Accident {
                kind: AccidentKind::StoredAsNumber,
                field: numbers.field,
                rows: numbers.rows,
                example_lines: numbers.lines.clone(),
                text: (t.workbook.stored_as_number)(name(numbers.field), &lines),
            });
        }
        found
    }
}

/// The new rows like customers the register holds or rows before them: a warning for those
/// sharing a phone, one for those sharing name and postal code, each naming a few rows.
pub(super) fn duplicates(alike: &[Alike], t: &Texts) -> Vec<Accident> {
    let mut found = Vec::new();
    for (shared, field) in [
        (Shared::Phone, Field::Phone),
        (Shared::Name, Field::LastName),
    ] {
        let rows: Vec<&Alike> = alike.iter().filter(|a| a.shared == shared).collect();
        if rows.is_empty() {
            continue;
        }
        let examples: Vec<String> = rows
            .iter()
            .take(EXAMPLES)
            .map(|a| (t.glance.alike)(a.line, &a.customers, &a.lines))
            .collect();
        let more = rows.len() > EXAMPLES;
        let text = (t.glance.possible_duplicate)(shared, rows.len() as u64, &examples, more);
        found.push(Accident {
            kind: AccidentKind::PossibleDuplicate,
            field,
            rows: rows.len() as u64,
            example_lines: rows.iter().take(EXAMPLES).map(|a| a.line).collect(),
            text,
        });
    }
    found
}

/// Whether a value that replaces `replacing` values of a column with `changed` changes in all
/// is common enough to be a fill-down: [`fill_down`] then looks closer.
pub(super) fn may_be_filled_down(replacing: u64, changed: u64) -> bool {
    replacing >= FILL_ROWS && replacing * FILL_SHARE >= changed
}

/// A fill-down of `value` in `field` (of `changed` changes): the customers it replaces a value
/// of, if they are enough of the column's changes and their values were different enough.
/// Only a value [`may_be_filled_down`] is looked at, so this second look at the rows is rare.
pub(super) fn fill_down(
    p: &Preview<'_>,
    field: Field,
    value: &str,
    changed: u64,
) -> Option<Accident> {
    let plan = p.plan.filter(|_| !field.is_key())?;
    let mut seen = Seen::default();
    let mut olds = HashSet::new();
    for outcome in &plan.outcomes {
        if let Cell::Changed { old, new } = p.cell(outcome, field)
            && new == value
        {
            seen.see(new, p.parsed.rows.line(outcome.row as usize));
            olds.insert(old);
        }
    }
    if olds.len() < FILL_OLDS || !may_be_filled_down(seen.rows, changed) {
        return None;
    }
    let t = p.texts;
    let lines = lines_text(&seen.lines, seen.rows, t);
    let olds = olds.len() as u64;
    let text = (t.glance.fill_down)((t.field_name)(field), seen.rows, value, olds, &lines);
    Some(accident(AccidentKind::FillDown, field, &seen, text))
}

fn accident(kind: AccidentKind, field: Field, seen: &Seen<'_>, text: String) -> Accident {
    Accident {
        kind,
        field,
        rows: seen.rows,
        example_lines: seen.lines.clone(),
        text,
    }
}

/// The columns of `parsed` whose values mostly look like another field's.
fn shifted(parsed: &ParsedFile, t: &Texts) -> Vec<Accident> {
    let rows = &parsed.rows;
    // Per column: its values, and per kind how many look like it and where (keys are checked
    // by their own rules).
    let fields = rows.fields();
    let mut filled = vec![0u64; fields.len()];
    let mut looks: Vec<[Seen<'_>; 3]> = fields.iter().map(|_| Default::default()).collect();
    // A header that does not match its data shows on every row: a large file is checked on
    // rows spread evenly through it, and the warning counts the values checked.
    let step = rows.len().div_ceil(SHIFTED_CHECKED).max(1);
    for row in (0..rows.len()).step_by(step) {
        for (i, (field, value)) in rows.values(row).enumerate() {
            let Some(value) = value.filter(|_| !field.is_key()) else {
                continue;
            };
            filled[i] += 1;
            if let Some(kind) = looks_like(value).filter(|kind| Some(*kind) != own(field)) {
                looks[i][kind as usize].see(value, rows.line(row));
            }
        }
    }
    let mut found = Vec::new();
    for ((field, of), seen) in fields.iter().zip(filled).zip(&looks) {
        for (kind, seen) in [Looks::Email, Looks::PostalCode, Looks::Phone]
            .into_iter()
            .zip(seen)
        {
            if seen.rows >= SHIFTED_ROWS && seen.rows * 10 >= of * SHIFTED_TENTHS {
                let lines = lines_text(&seen.lines, seen.rows, t);
                let g = t.glance;
                let text = (g.shifted)(
                    (t.field_name)(*field),
                    seen.rows,
                    of,
                    (g.looks)(kind),
                    &lines,
                );
                found.push(accident(AccidentKind::ShiftedColumn, *field, seen, text));
            }
        }
    }
    found
}

/// What kind of value a field holds, where it has one of its own.
fn own(field: Field) -> Option<Looks> {
    match field {
        Field::Email => Some(Looks::Email),
        Field::PostalCode => Some(Looks::PostalCode),
        Field::Phone => Some(Looks::Phone),
        _ => None,
    }
}

/// What `value` looks like, if like an email address, a Swedish postal code or a phone number.
fn looks_like(value: &str) -> Option<Looks> {
    // One pass: digits, an `@`, and anything a phone number does not hold.
    let (mut digits, mut at, mut other) = (0usize, false, false);
    for b in value.bytes() {
        match b {
            b'0'..=b'9' => digits += 1,
            b'@' => at = true,
            b' ' | b'+' | b'-' | b'(' | b')' | b'/' => {}
            _ => other = true,
        }
    }
    let postal = matches!(value.as_bytes(), [_, _, _, b' ', _, _] | [_, _, _, _, _]) && digits == 5;
    if postal && !other {
        Some(Looks::PostalCode)
    } else if at && looks_like_email(value) {
        Some(Looks::Email)
    } else if !other && !at && (7..=15).contains(&digits) {
        Some(Looks::Phone)
    } else {
        None
    }
}

fn digits(value: &str) -> bool {
    !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit())
}

/// The first lines, and `…` when there are more, as the reader's phrase.
fn lines_text(lines: &[u32], rows: u64, t: &Texts) -> String {
    let shown: Vec<String> = lines.iter().map(u32::to_string).collect();
    let more = if rows > lines.len() as u64 {
        ", …"
    } else {
        ""
    };
    (t.glance.lines)(&format!("{}{more}", shown.join(", ")), rows > 1)
}

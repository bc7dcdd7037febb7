//! "Changed since the last preview": the rows of an edited input compared with the rows its
//! previous preview showed, as a short list of lines a person can check.

use similar::{Algorithm, DiffOp, capture_diff_slices_deadline};
use std::time::{Duration, Instant};

use crate::field::Field;
use crate::lang::Texts;
use crate::parse::ParsedFile;
use crate::report::Section;
use crate::report::changes::value_change;

/// Files with more rows than this are not compared (the snapshot would cost memory).
pub const COMPARED_ROWS: usize = 100_000;
/// Lines listed; more are counted.
const LISTED: usize = 50;
/// How long the comparison may take before it settles for a coarser answer.
const DEADLINE: Duration = Duration::from_millis(500);
/// Separates a row's values in a snapshot: never part of a trimmed cell value.
const SEPARATOR: char = '\u{1f}';

/// The rows of a previewed file: line number, and every field's value in [`Field::ALL`] order.
pub struct Snapshot {
    rows: Vec<(u32, Box<str>)>,
}

impl Snapshot {
    /// The rows of `parsed`, a cleared value as `cleared`; `None` for files too large to
    /// compare.
    pub fn of(parsed: &ParsedFile, cleared: &str) -> Option<Snapshot> {
        let rows = &parsed.rows;
        if rows.len() > COMPARED_ROWS {
            return None;
        }
        let rows = (0..rows.len())
            .map(|row| {
                let mut text = String::new();
                let clears = rows.cleared(row);
                for (i, field) in Field::ALL.iter().enumerate() {
                    if i > 0 {
                        text.push(SEPARATOR);
                    }
                    let value = match clears & (1 << field.index()) {
                        0 => rows.get(row, *field).unwrap_or(""),
                        _ => cleared,
                    };
                    text.push_str(value);
                }
                (rows.line(row), text.into_boxed_str())
            })
            .collect();
        Some(Snapshot { rows })
    }

    fn texts(&self) -> Vec<&str> {
        self.rows.iter().map(|(_, text)| &**text).collect()
    }
}

/// What differs between the rows of the last preview (`old`) and of this one (`new`).
pub fn since(old: Option<&Snapshot>, new: Option<&Snapshot>, t: &Texts) -> Section {
    let w = &t.watch;
    let mut section = Section {
        title: w.changed_since.to_string(),
        lines: Vec::new(),
    };
    let (Some(old), Some(new)) = (old, new) else {
        section.lines.push(w.too_large_to_compare.to_string());
        return section;
    };
    let (before, after) = (old.texts(), new.texts());
    let ops = capture_diff_slices_deadline(
        Algorithm::Myers,
        &before,
        &after,
        Some(Instant::now() + DEADLINE),
    );
    let mut lines = Vec::new();
    for op in ops {
        let (old_range, new_range) = match op {
            DiffOp::Equal { .. } => continue,
            DiffOp::Delete {
                old_index, old_len, ..
            } => (old_index..old_index + old_len, 0..0),
            DiffOp::Insert {
                new_index, new_len, ..
            } => (0..0, new_index..new_index + new_len),
            DiffOp::Replace {
                old_index,
                old_len,
                new_index,
                new_len,
            } => (
                old_index..old_index + old_len,
                new_index..new_index + new_len,
            ),
        };
        let paired = old_range.len().min(new_range.len());
        for (o, n) in old_range.clone().zip(new_range.clone()) {
            let values = value_changes(&old.rows[o].1, &new.rows[n].1, t);
            lines.push((w.row_changed)(new.rows[n].0, &values));
        }
        for o in old_range.skip(paired) {
            lines.push((w.row_removed)(old.rows[o].0, &shown(&old.rows[o].1)));
        }
        for n in new_range.skip(paired) {
            lines.push((w.row_added)(new.rows[n].0, &shown(&new.rows[n].1)));
        }
    }
    if lines.is_empty() {
        lines.push(w.no_row_changes.to_string());
    }
    if lines.len() > LISTED {
        let more = lines.len() - LISTED;
        lines.truncate(LISTED);
        lines.push((w.more_changes)(more));
    }
    section.lines = lines;
    section
}

/// A row's values as a person reads them: the non-empty ones, comma separated.
fn shown(row: &str) -> String {
    row.split(SEPARATOR)
        .filter(|v| !v.is_empty())
        .collect::<Vec<_>>()
        .join(", ")
}

/// The fields that differ between two versions of a row: `field old → new`.
fn value_changes(old: &str, new: &str, t: &Texts) -> String {
    let parts: Vec<String> = Field::ALL
        .iter()
        .zip(old.split(SEPARATOR).zip(new.split(SEPARATOR)))
        .filter(|(_, (o, n))| o != n)
        .map(|(field, (o, n))| {
            let some = |v: &'_ str| (!v.is_empty()).then_some(v.to_string());
            let change = match (some(o), some(n)) {
                (Some(o), Some(n)) => value_change(Some(&o), Some(&n), false),
                (Some(o), None) => format!("{o} → {}", t.watch.emptied),
                (None, n) => value_change(None, n.as_deref(), false),
            };
            format!("{} {change}", (t.field_name)(*field))
        })
        .collect();
    parts.join("; ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::Input;
    use crate::lang::Lang;

    fn snapshot(text: &str) -> Snapshot {
        let input = Input::from_bytes("k.csv", text.as_bytes()).unwrap();
        Snapshot::of(&input.parsed, "(tömt)").unwrap()
    }

    #[test]
    fn lists_changed_added_and_removed_rows() {
        let t = Lang::En.texts();
        let old = snapshot("email,efternamn\na@x.se,Olsson\nb@x.se,Berg\nc@x.se,Ek\n");
        let new = snapshot("email,efternamn\na@x.se,Ohlsson\nc@x.se,Ek\nd@x.se,Lund\n");
        let section = since(Some(&old), Some(&new), t);
        assert_eq!(
            section.lines,
            vec![
                "line 2: last name Olsson → Ohlsson",
                "removed (was line 3): b@x.se, Berg",
                "line 4 added: d@x.se, Lund",
            ],
            "{section:?}"
        );
    }

    #[test]
    fn a_value_marked_to_be_cleared_is_a_change() {
        let t = Lang::En.texts();
        let old = snapshot("email,efternamn\na@x.se,\n");
        let new = snapshot("email,efternamn\na@x.se,#töm\n");
        let section = since(Some(&old), Some(&new), t);
        assert_eq!(
            section.lines,
            vec!["line 2: last name (tömt)"],
            "{section:?}"
        );
    }

    #[test]
    fn says_when_nothing_changed_in_the_rows() {
        let t = Lang::En.texts();
        let old = snapshot("email\na@x.se\n");
        let new = snapshot("email\n\na@x.se\n");
        assert_eq!(since(Some(&old), Some(&new), t).lines.len(), 1);
    }
}

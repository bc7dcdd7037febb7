//! A preview at a glance: per column, how many customers get a value for the first time, a
//! different value, or lose one, and the most frequent new values; and the warnings for the
//! classic spreadsheet accidents ([`super::accidents`]). Worked out from what the preview
//! shows, once per preview; it never blocks a confirm (the fingerprint already holds the
//! person to what was shown).

use std::collections::HashMap;

use unicode_width::UnicodeWidthStr;

use super::Preview;
use super::accidents::{self, Accident, Accidents};
use super::frequent::{self, Frequent};
use crate::field::Field;
use crate::lang::Texts;
use crate::plan::Status;

/// How many new values the summary names per column.
const TOP: usize = 3;

/// What one column changes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ColumnSummary {
    pub field: Field,
    /// Customers that get a value where they had none (new customers included).
    pub new: u64,
    /// Customers whose value is replaced by another.
    pub changed: u64,
    /// Customers whose value is removed (by the clear marker; an empty cell never clears).
    pub cleared: u64,
    /// The most frequent new values (new or replacing), most frequent first, with counts.
    pub top: Vec<(String, u64)>,
}

/// The summary and the warnings of one preview.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Glance {
    /// One per column of the file, in its order (the customer number, the key, left out).
    pub columns: Vec<ColumnSummary>,
    pub accidents: Vec<Accident>,
}

impl Glance {
    /// The glance of `p`; empty for a file that cannot be planned.
    pub fn of<'a>(p: &Preview<'a>) -> Glance {
        if p.plan.is_none() {
            return Glance::default();
        }
        let fields: Vec<Field> = p
            .parsed
            .rows
            .fields()
            .iter()
            .copied()
            .filter(|f| *f != Field::CustomerNumber)
            .collect();
        let mut tallies: Vec<Tally> = Field::ALL.iter().map(|_| Tally::default()).collect();
        let mut found = Accidents::default();
        each_value(p, |field, new, replacing, line| {
            let tally = &mut tallies[field.index()];
            tally.all.add(new);
            if replacing {
                tally.changed += 1;
                tally.replacing.add(new);
            } else {
                tally.new += 1;
            }
            found.value(field, new, line);
        });
        let cleared = cleared(p);
        let mut accidents = found.finish(p.parsed, p.texts);
        if let Some(plan) = p.plan {
            accidents.extend(accidents::duplicates(&plan.duplicates, p.texts));
        }
        // Where a column had more distinct values than are kept, the ones kept are counted
        // again, exactly.
        let mut recounts: Vec<Option<HashMap<&str, u64>>> = tallies
            .iter()
            .map(|t| (!t.all.exact()).then(|| t.all.counts().map(|(v, _)| (v, 0)).collect()))
            .collect();
        if recounts.iter().any(Option::is_some) {
            each_value(p, |field, new, _, _| {
                if let Some(n) = recounts[field.index()]
                    .as_mut()
                    .and_then(|r| r.get_mut(new))
                {
                    *n += 1;
                }
            });
        }
        for field in &fields {
            let tally = &tallies[field.index()];
            let short = tally.replacing.dropped();
            for (value, count) in tally.replacing.counts() {
                if accidents::may_be_filled_down(count + short, tally.changed) {
                    accidents.extend(accidents::fill_down(p, *field, value, tally.changed));
                }
            }
        }
        accidents.sort_by(|a, b| {
            (a.kind, a.field, b.rows, &a.text).cmp(&(b.kind, b.field, a.rows, &b.text))
        });
        let columns = fields
            .iter()
            .map(|field| {
                let tally = &tallies[field.index()];
                let top = match recounts[field.index()].take() {
                    Some(recount) => frequent::top(recount.into_iter(), TOP),
                    None => frequent::top(tally.all.counts(), TOP),
                };
                ColumnSummary {
                    field: *field,
                    new: tally.new,
                    changed: tally.changed,
                    cleared: cleared[field.index()],
                    top,
                }
            })
            .collect();
        Glance { columns, accidents }
    }
    /// The glance as lines of text: a warning line each, then the summary table. For the
    /// text preview and the receipt.
    pub fn lines(&self, t: &Texts) -> Vec<String> {
        let g = t.glance;
        let mut lines: Vec<String> = self
            .accidents
            .iter()
            .map(|a| format!("{}: {}", g.warning, a.text))
            .collect();
        if self.columns.is_empty() {
            return lines;
        }
        if !lines.is_empty() {
            lines.push(String::new());
        }
        lines.push(format!("{}:", g.summary_title));
        let mut table = vec![g.summary_heads.map(str::to_string)];
        for c in &self.columns {
            table.push([
                (t.field_name)(c.field).to_string(),
                c.new.to_string(),
                c.changed.to_string(),
                c.cleared.to_string(),
                top_text(&c.top),
            ]);
        }
        lines.extend(aligned(&table));
        lines
    }
}

/// The top values as a person reads them: `Kiruna (6667), Lund (2)`.
pub fn top_text(top: &[(String, u64)]) -> String {
    let shown: Vec<String> = top
        .iter()
        .map(|(value, n)| format!("{} ({n})", super::one_line(value)))
        .collect();
    shown.join(", ")
}

/// Rows of cells as lines, each column as wide as its widest cell (numbers to the right).
fn aligned(rows: &[[String; 5]]) -> Vec<String> {
    let mut widths = [0usize; 5];
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.width());
        }
    }
    rows.iter()
        .map(|row| {
            let mut line = String::from("  ");
            for (i, (cell, w)) in row.iter().zip(widths).enumerate() {
                let pad = " ".repeat(w - cell.width());
                match i {
                    0 => line.push_str(&format!("{cell}{pad}  ")),
                    4 => line.push_str(cell),
                    _ => line.push_str(&format!("{pad}{cell}  ")),
                }
            }
            line.trim_end().to_string()
        })
        .collect()
}

/// What one column's cells add up to.
#[derive(Default)]
struct Tally<'a> {
    new: u64,
    changed: u64,
    /// Every value landing in the column, and those replacing another.
    all: Frequent<'a>,
    replacing: Frequent<'a>,
}

/// How many customers lose their value of each field (by [`Field::index`]).
fn cleared(p: &Preview<'_>) -> [u64; crate::field::FIELD_COUNT] {
    let mut cleared = [0; crate::field::FIELD_COUNT];
    let rows = &p.parsed.rows;
    let Some(plan) = p.plan.filter(|_| rows.clears_any()) else {
        return cleared;
    };
    for outcome in &plan.outcomes {
        let bits = rows.cleared(outcome.row as usize) & outcome.changed;
        for (i, n) in cleared.iter_mut().enumerate() {
            *n += u64::from(bits >> i & 1);
        }
    }
    cleared
}

/// Calls `f` with each value the preview shows landing in a column (the customer number left
/// out): its field, the value, whether it replaces another, and its line. What `Preview::cell`
/// shows, read straight from the outcome: a new customer gets every value it is given; an
/// existing one only those it changes, replacing an old one or not.
fn each_value<'a>(p: &Preview<'a>, mut f: impl FnMut(Field, &'a str, bool, u32)) {
    let Some(plan) = p.plan else {
        return;
    };
    let rows = &p.parsed.rows;
    for outcome in &plan.outcomes {
        let row = outcome.row as usize;
        let line = rows.line(row);
        match outcome.status {
            Status::New => {
                for (field, value) in rows.values(row) {
                    if let Some(new) = value.filter(|_| field != Field::CustomerNumber) {
                        f(field, new, false, line);
                    }
                }
            }
            Status::Update => {
                for &field in rows.fields() {
                    if field != Field::CustomerNumber
                        && outcome.changed & (1 << field.index()) != 0
                        && let Some(new) = rows.get(row, field)
                    {
                        f(field, new, outcome.replaces(field), line);
                    }
                }
            }
            Status::Unchanged => {}
        }
    }
}

//! A preview at a glance: per column, how many customers get a value for the first time, a
//! different value, or lose one, and the most frequent new values; and the warnings for the
//! classic spreadsheet accidents ([`super::accidents`]). Worked out from what the preview
//! shows, once per preview; it never blocks a confirm (the fingerprint already holds the
//! person to what was shown).

use std::collections::HashMap;

use unicode_width::UnicodeWidthStr;

use super::Preview;
use super::accidents::{self, Accident, Accidents};
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
    /// Customers whose value is removed. An empty cell never clears a value, so this stays 0
    /// until a file can ask for it.
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
        let Some(plan) = p.plan else {
            return Glance::default();
        };
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
        let rows = &p.parsed.rows;
        // What p.cell shows, read straight from the outcome: a new customer gets every value
        // it is given; an existing one only those it changes, replacing an old one or not.
        for outcome in &plan.outcomes {
            let row = outcome.row as usize;
            let line = rows.line(row);
            let mut count = |field: Field, new: &'a str, replacing: bool| {
                let tally = &mut tallies[field.index()];
                let count = tally.values.entry(new).or_default();
                count.all += 1;
                if replacing {
                    tally.changed += 1;
                    count.replacing += 1;
                } else {
                    tally.new += 1;
                }
                found.value(field, new, line);
            };
            match outcome.status {
                Status::New => {
                    for (field, value) in rows.values(row) {
                        if let Some(new) = value.filter(|_| field != Field::CustomerNumber) {
                            count(field, new, false);
                        }
                    }
                }
                Status::Update => {
                    for &field in &fields {
                        if outcome.changed & (1 << field.index()) != 0
                            && let Some(new) = rows.get(row, field)
                        {
                            count(field, new, outcome.replaces(field));
                        }
                    }
                }
                Status::Unchanged => {}
            }
        }
        let tallies: Vec<(Field, Tally)> = fields
            .iter()
            .map(|f| (*f, std::mem::take(&mut tallies[f.index()])))
            .collect();
        let mut accidents = found.finish(p.parsed, p.texts);
        for (field, tally) in &tallies {
            for (value, count) in &tally.values {
                if accidents::may_be_filled_down(count.replacing, tally.changed) {
                    accidents.extend(accidents::fill_down(p, *field, value));
                }
            }
        }
        accidents.sort_by(|a, b| {
            (a.kind, a.field, b.rows, &a.text).cmp(&(b.kind, b.field, a.rows, &b.text))
        });
        let columns = tallies
            .into_iter()
            .map(|(field, tally)| ColumnSummary {
                field,
                new: tally.new,
                changed: tally.changed,
                cleared: 0,
                top: tally.top(),
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
    values: HashMap<&'a str, Count>,
}

/// How often one new value lands in a column: in all, and replacing another value.
#[derive(Clone, Copy, Default)]
struct Count {
    all: u64,
    replacing: u64,
}

impl Tally<'_> {
    /// The [`TOP`] most frequent values; of equally frequent ones, the first in sort order.
    fn top(&self) -> Vec<(String, u64)> {
        let mut all: Vec<(&str, u64)> = self.values.iter().map(|(v, n)| (*v, n.all)).collect();
        let order = |a: &(&str, u64), b: &(&str, u64)| b.1.cmp(&a.1).then(a.0.cmp(b.0));
        if all.len() > TOP {
            all.select_nth_unstable_by(TOP - 1, order);
            all.truncate(TOP);
        }
        all.sort_by(order);
        all.into_iter().map(|(v, n)| (v.to_string(), n)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_top_values_are_the_most_frequent_then_in_order() {
        let mut tally = Tally::default();
        for (value, all) in [
            ("Lund", 2),
            ("Kiruna", 5),
            ("Malmö", 2),
            ("Umeå", 1),
            ("Boden", 2),
        ] {
            let replacing = 0;
            tally.values.insert(value, Count { all, replacing });
        }
        assert_eq!(
            tally.top(),
            [
                ("Kiruna".to_string(), 5),
                ("Boden".to_string(), 2),
                ("Lund".to_string(), 2)
            ]
        );
    }
}

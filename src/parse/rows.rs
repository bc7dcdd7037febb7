//! The valid rows of a file, held compactly: every value in one string, and per row where its
//! values start and end. A million rows of eight values are a few allocations.

use std::collections::HashMap;

use crate::field::{FIELD_COUNT, Field};

/// A value end that does not fit in 16 bits: the row's ends are in `Rows::long`.
const LONG: u16 = u16::MAX;

/// The valid rows of a file: per row its line and one stored-form value per mapped column
/// (empty where the cell was empty).
#[derive(Debug, Default)]
pub struct Rows {
    /// The mapped fields, in column order.
    fields: Vec<Field>,
    /// Where each field sits in a row, by [`Field::index`].
    slot: [Option<usize>; FIELD_COUNT],
    text: String,
    /// Where each row's values start in `text`.
    starts: Vec<u32>,
    /// Where each value ends, counted from its row's start. A row whose values take 64 KiB
    /// or more has [`LONG`] for every value, and its ends (in `text`) in `long`.
    ends: Vec<u16>,
    long: HashMap<u32, Vec<u32>>,
    lines: Vec<u32>,
    /// The fields each row clears (bit = [`Field::index`]), for the rows that clear any, in
    /// row order. A cleared field's value reads as empty.
    cleared: Vec<(u32, u16)>,
    /// The ends (in `text`) of the values of the row being added.
    adding: Vec<u32>,
    /// The fields the row being added clears.
    adding_cleared: u16,
}

impl Rows {
    pub(super) fn new(fields: Vec<Field>) -> Self {
        let mut slot = [None; FIELD_COUNT];
        for (i, f) in fields.iter().enumerate() {
            slot[f.index()] = Some(i);
        }
        Rows {
            fields,
            slot,
            ..Rows::default()
        }
    }

    /// Number of rows.
    pub fn len(&self) -> usize {
        self.lines.len()
    }

    /// True when there are no rows.
    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }

    /// The fields the file gives, in column order.
    pub fn fields(&self) -> &[Field] {
        &self.fields
    }

    /// The line where row `row` starts.
    pub fn line(&self, row: usize) -> u32 {
        self.lines[row]
    }

    /// The value of `field` in row `row`; `None` where the cell was empty or there is no column.
    pub fn get(&self, row: usize, field: Field) -> Option<&str> {
        let slot = self.slot[field.index()]?;
        self.value(row, slot)
    }

    /// The fields row `row` clears (bit = [`Field::index`]): its cells that held only the
    /// clear marker.
    pub fn cleared(&self, row: usize) -> u16 {
        if self.cleared.is_empty() {
            return 0;
        }
        self.cleared
            .binary_search_by_key(&(row as u32), |&(r, _)| r)
            .map_or(0, |i| self.cleared[i].1)
    }

    /// Whether any row clears a field.
    pub fn clears_any(&self) -> bool {
        !self.cleared.is_empty()
    }

    /// Every mapped field of row `row` with its value (`None` where the cell was empty), in
    /// column order: the row's place is looked up once for all of them.
    pub fn values(&self, row: usize) -> impl Iterator<Item = (Field, Option<&str>)> {
        let count = self.fields.len();
        let ends = &self.ends[row * count..(row + 1) * count];
        let start = self.starts[row] as usize;
        let long = ends.last() == Some(&LONG);
        let mut from = start;
        self.fields
            .iter()
            .zip(ends)
            .enumerate()
            .map(move |(slot, (&field, &end))| {
                if long {
                    return (field, self.value(row, slot));
                }
                let to = start + end as usize;
                let value = self.text.get(from..to).filter(|v| !v.is_empty());
                from = to;
                (field, value)
            })
    }

    /// The value in slot `slot` of row `row`.
    fn value(&self, row: usize, slot: usize) -> Option<&str> {
        let count = self.fields.len();
        let ends = &self.ends[row * count..(row + 1) * count];
        let start = self.starts[row] as usize;
        let (from, to) = if ends[count - 1] == LONG {
            let long = self.long.get(&(row as u32))?;
            let from = if slot == 0 {
                start
            } else {
                long[slot - 1] as usize
            };
            (from, long[slot] as usize)
        } else {
            let from = if slot == 0 {
                0
            } else {
                ends[slot - 1] as usize
            };
            (start + from, start + ends[slot] as usize)
        };
        let value = self.text.get(from..to)?;
        (!value.is_empty()).then_some(value)
    }

    /// Adds the next value of the row being added (empty for `None`); false when the rows
    /// no longer fit in memory's offsets (over 4 GB of text).
    pub(super) fn push_value(&mut self, value: Option<&str>) -> bool {
        if let Some(v) = value {
            self.text.push_str(v);
        }
        match u32::try_from(self.text.len()) {
            Ok(end) => {
                self.adding.push(end);
                true
            }
            Err(_) => false,
        }
    }

    /// Adds an empty value for `field` to the row being added, which clears it; false as for
    /// [`Rows::push_value`].
    pub(super) fn push_clear(&mut self, field: Field) -> bool {
        self.adding_cleared |= 1 << field.index();
        self.push_value(None)
    }

    /// Ends the row being added, which starts at `line`.
    pub(super) fn end_row(&mut self, line: u32) {
        let start = self.row_start();
        let row = self.lines.len() as u32;
        let relative = |end: &u32| u16::try_from(end - start).ok().filter(|&e| e != LONG);
        if let Some(ends) = self
            .adding
            .iter()
            .map(relative)
            .collect::<Option<Vec<u16>>>()
        {
            self.ends.extend(ends);
        } else {
            self.ends
                .extend(std::iter::repeat_n(LONG, self.adding.len()));
            self.long.insert(row, self.adding.clone());
        }
        if self.adding_cleared != 0 {
            self.cleared
                .push((row, std::mem::take(&mut self.adding_cleared)));
        }
        self.starts.push(start);
        self.lines.push(line);
        self.adding.clear();
    }

    /// Takes back the values added since the last row ended.
    pub(super) fn drop_partial_row(&mut self) {
        self.text.truncate(self.row_start() as usize);
        self.adding.clear();
        self.adding_cleared = 0;
    }

    /// Where the row being added starts in `text`: where the last row ended.
    fn row_start(&self) -> u32 {
        let Some(last) = self.lines.len().checked_sub(1) else {
            return 0;
        };
        let count = self.fields.len();
        let last_end = ((last + 1) * count).checked_sub(1);
        match last_end.and_then(|i| self.ends.get(i)) {
            Some(&LONG) => self
                .long
                .get(&(last as u32))
                .and_then(|ends| ends.last().copied())
                .unwrap_or(0),
            Some(&end) => self.starts[last] + u32::from(end),
            None => self.starts[last],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_come_back_short_and_long() {
        let mut rows = Rows::new(vec![Field::CustomerNumber, Field::Note]);
        let long = "x".repeat(70_000);
        for (number, note) in [("1", Some("kort")), ("2", Some(long.as_str())), ("3", None)] {
            assert!(rows.push_value(Some(number)));
            assert!(rows.push_value(note));
            rows.end_row(number.len() as u32);
        }
        rows.push_value(Some("4"));
        rows.drop_partial_row();
        assert!(rows.push_value(Some("5")));
        assert!(rows.push_value(Some("sist")));
        rows.end_row(9);
        let all: Vec<(Option<&str>, Option<&str>)> = (0..rows.len())
            .map(|r| (rows.get(r, Field::CustomerNumber), rows.get(r, Field::Note)))
            .collect();
        for (r, (number, note)) in all.iter().enumerate() {
            let values: Vec<Option<&str>> = rows.values(r).map(|(_, v)| v).collect();
            assert_eq!(values, [*number, *note]);
        }
        assert_eq!(
            all,
            [
                (Some("1"), Some("kort")),
                (Some("2"), Some(long.as_str())),
                (Some("3"), None),
                (Some("5"), Some("sist")),
            ]
        );
        assert_eq!(rows.get(0, Field::Email), None);
    }
}

//! Which customer each row lands on (the matching table in the README's "Input files"):
//! by number, by email, or a new customer with the next free number; and the rows that
//! conflict with the register or with each other. Emails and numbers are each sorted once.

use crate::customer::{increment, is_numeric, numeric_cmp};
use crate::field::Field;
use crate::parse::{ParsedFile, RowError, RowProblem, Rows};

use super::{BATCH, Register};

/// Which customer a row lands on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Target {
    /// The number the row gives (an existing customer or a new one).
    Given,
    /// The customer that owns the row's email (its number is in `Targets::numbers`).
    Owner,
    /// A new customer that gets the next free number (in `Targets::numbers` once assigned).
    NewByEmail,
    /// Not applied (its error is in the error list).
    Error,
}

/// Every row's target, and the numbers that do not come from the row itself.
pub(super) struct Targets {
    targets: Vec<Target>,
    /// The owner's number for [`Target::Owner`], the assigned one for [`Target::NewByEmail`].
    numbers: Numbers,
}

/// No number: an empty range.
const NONE: (usize, usize) = (0, 0);

/// A customer number for some rows, all held in one text (a million small allocations would
/// cost more than the work they serve).
struct Numbers {
    text: String,
    /// Each row's number as a range of `text`; [`NONE`] for none.
    spans: Vec<(usize, usize)>,
}

impl Numbers {
    fn new(rows: usize) -> Self {
        Numbers {
            text: String::new(),
            spans: vec![NONE; rows],
        }
    }

    /// Stores `number` and returns its range, for `spans`.
    fn add(&mut self, number: &str) -> (usize, usize) {
        self.text.push_str(number);
        (self.text.len() - number.len(), self.text.len())
    }

    fn get(&self, row: usize) -> Option<&str> {
        let (start, end) = self.spans[row];
        (start < end).then(|| &self.text[start..end])
    }
}

impl Targets {
    /// Finds each row's customer and marks the rows that conflict with the register or with
    /// each other. Emails and numbers are each sorted once: for the lookups, for finding
    /// rows that land on one customer, and for the order rows are planned in. Returns the
    /// rows that have a customer number so far, in number order.
    pub(super) fn resolve<R: Register>(
        parsed: &ParsedFile,
        register: &mut R,
        errors: &mut Vec<RowError>,
    ) -> Result<(Targets, Vec<u32>), R::Error> {
        let rows = &parsed.rows;
        let n = rows.len();
        let sorted = |field: Field| {
            sorted_by_text(
                (0..n as u32).filter(|&row| rows.get(row as usize, field).is_some()),
                |row| rows.get(row as usize, field).unwrap_or(""),
            )
        };
        let mut numbers = Numbers::new(n);
        // A row that gives a number is known by it, whatever the register holds: those rows
        // are sorted on a second thread meanwhile.
        let (by_email, numbered) = std::thread::scope(|scope| {
            let numbered = scope.spawn(|| sorted(Field::CustomerNumber));
            let by_email = sorted(Field::Email);
            let mut unique: Vec<&str> = by_email.iter().map(|(e, _)| *e).collect();
            unique.dedup();
            let mut owner_of_unique = vec![NONE; unique.len()];
            let found = register.email_owners(&unique, &mut |i, number| {
                owner_of_unique[i] = numbers.add(number);
            });
            let numbered = numbered
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            found.map(|()| {
                let mut u = 0;
                for &(email, row) in &by_email {
                    while unique[u] != email {
                        u += 1;
                    }
                    numbers.spans[row as usize] = owner_of_unique[u];
                }
                (by_email, numbered)
            })
        })?;

        let mut targets = Vec::with_capacity(n);
        let mut conflicts: Vec<(usize, Box<str>)> = Vec::new();
        for row in 0..n {
            let owner = numbers.get(row);
            targets.push(match (rows.get(row, Field::CustomerNumber), owner) {
                (Some(_), None) => Target::Given,
                (Some(n), Some(o)) if n == o => {
                    numbers.spans[row] = NONE;
                    Target::Given
                }
                (Some(_), Some(o)) => {
                    conflicts.push((row, o.into()));
                    numbers.spans[row] = NONE;
                    Target::Error
                }
                (None, Some(_)) => Target::Owner,
                (None, None) => Target::NewByEmail,
            });
        }
        let mut targets = Targets { targets, numbers };
        report_conflicts(parsed, register, conflicts, errors)?;
        let by_number = targets.mark_same_customer(parsed, &by_email, numbered, errors);
        Ok((targets, by_number))
    }

    /// The number of the customer `row` lands on, or the row's own number for an error row.
    fn key<'a>(&'a self, rows: &'a Rows, row: usize) -> Option<&'a str> {
        match self.targets[row] {
            Target::Given | Target::Error => rows.get(row, Field::CustomerNumber),
            Target::Owner | Target::NewByEmail => self.numbers.get(row),
        }
    }

    /// Two rows that land on one customer (same number, same email, or the same existing
    /// customer) are both errors, each naming the other's line. Returns the rows that have a
    /// customer number, in number order.
    fn mark_same_customer(
        &mut self,
        parsed: &ParsedFile,
        by_email: &[(&str, u32)],
        numbered: Vec<(&str, u32)>,
        errors: &mut Vec<RowError>,
    ) -> Vec<u32> {
        let rows = &parsed.rows;
        let owned = sorted_by_text(
            (0..rows.len() as u32).filter(|&row| self.targets[row as usize] == Target::Owner),
            |row| self.numbers.get(row as usize).unwrap_or(""),
        );
        let by_number = merge(numbered, owned);
        // (row, line of another row on the same customer)
        let mut pairs: Vec<(u32, u32)> = Vec::new();
        for sorted in [by_email, &by_number] {
            for run in sorted
                .chunk_by(|a, b| a.0 == b.0)
                .filter(|run| run.len() > 1)
            {
                for &(_, row) in run {
                    pairs.extend(
                        run.iter()
                            .filter(|(_, r)| *r != row)
                            .map(|(_, r)| (row, rows.line(*r as usize))),
                    );
                }
            }
        }
        let by_number = by_number.into_iter().map(|(_, row)| row).collect();
        pairs.sort_unstable();
        pairs.dedup();
        for run in pairs.chunk_by(|a, b| a.0 == b.0) {
            let row = run[0].0 as usize;
            if self.targets[row] == Target::Error {
                continue;
            }
            self.targets[row] = Target::Error;
            errors.push(RowError {
                line: rows.line(row),
                problem: RowProblem::SameCustomerAs {
                    lines: run.iter().map(|(_, line)| *line).collect(),
                },
            });
        }
        by_number
    }

    /// New customers that come with an email only get the next free numbers, in file order:
    /// one more than the largest numeric number in the register or the file. Then every row
    /// to plan, as (customer number, row), in number order: the valid rows of `by_number`
    /// merged with those new customers.
    pub(super) fn in_number_order<'a, R: Register>(
        &'a mut self,
        parsed: &'a ParsedFile,
        register: &mut R,
        by_number: Vec<u32>,
    ) -> Result<Vec<(&'a str, u32)>, R::Error> {
        let rows = &parsed.rows;
        let new_by_email = self.targets.contains(&Target::NewByEmail);
        if new_by_email {
            let in_file = (0..rows.len())
                .filter_map(|row| rows.get(row, Field::CustomerNumber))
                .filter(|n| is_numeric(n))
                .max_by(|a, b| numeric_cmp(a, b))
                .map(str::to_string);
            let in_register = register.max_numeric_number()?;
            let mut next = match (in_file, in_register) {
                (Some(a), Some(b)) => std::cmp::max_by(a, b, |a, b| numeric_cmp(a, b)),
                (a, b) => a.or(b).unwrap_or_else(|| "0".into()),
            };
            for (row, target) in self.targets.iter().enumerate() {
                if *target == Target::NewByEmail {
                    next = increment(&next);
                    self.numbers.spans[row] = self.numbers.add(&next);
                }
            }
        }
        let this = &*self;
        let key = |row: u32| this.key(rows, row as usize).unwrap_or("");
        let fresh = sorted_by_text(
            (0..rows.len() as u32).filter(|&row| this.targets[row as usize] == Target::NewByEmail),
            key,
        );
        let valid = by_number
            .into_iter()
            .filter(|&row| this.targets[row as usize] != Target::Error)
            .map(|row| (key(row), row))
            .collect();
        Ok(merge(valid, fresh))
    }
}

/// `(text(row), row)` for each of `rows`, sorted by text, then row. Most comparisons are of
/// the texts' first twelve bytes held as two integers: the texts themselves lie scattered in
/// memory, and reaching them is what makes sorting a million of them slow.
fn sorted_by_text<'a>(
    rows: impl Iterator<Item = u32>,
    text: impl Fn(u32) -> &'a str,
) -> Vec<(&'a str, u32)> {
    let prefix = |s: &str| {
        let mut head = [0u8; 12];
        let n = s.len().min(12);
        head[..n].copy_from_slice(&s.as_bytes()[..n]);
        let (high, low) = head.split_at(8);
        (
            u64::from_be_bytes(high.try_into().unwrap_or_default()),
            u32::from_be_bytes(low.try_into().unwrap_or_default()),
        )
    };
    let mut keyed: Vec<(u64, u32, u32)> = rows
        .map(|row| {
            let (high, low) = prefix(text(row));
            (high, low, row)
        })
        .collect();
    keyed.sort_unstable_by(|a, b| {
        (a.0, a.1)
            .cmp(&(b.0, b.1))
            .then_with(|| text(a.2).cmp(text(b.2)))
            .then(a.2.cmp(&b.2))
    });
    keyed
        .into_iter()
        .map(|(_, _, row)| (text(row), row))
        .collect()
}

/// Two sorted lists as one.
fn merge<'a>(a: Vec<(&'a str, u32)>, b: Vec<(&'a str, u32)>) -> Vec<(&'a str, u32)> {
    if b.is_empty() {
        return a;
    }
    let mut merged = Vec::with_capacity(a.len() + b.len());
    let mut b = b.into_iter().peekable();
    for entry in a {
        while let Some(earlier) = b.next_if(|other| *other < entry) {
            merged.push(earlier);
        }
        merged.push(entry);
    }
    merged.extend(b);
    merged
}

/// Rows whose number and email point at different customers: the message depends on
/// whether the number belongs to anyone.
fn report_conflicts<R: Register>(
    parsed: &ParsedFile,
    register: &mut R,
    mut conflicts: Vec<(usize, Box<str>)>,
    errors: &mut Vec<RowError>,
) -> Result<(), R::Error> {
    let rows = &parsed.rows;
    let number = |row: usize| rows.get(row, Field::CustomerNumber).unwrap_or("");
    conflicts.sort_unstable_by(|a, b| number(a.0).cmp(number(b.0)));
    for batch in conflicts.chunks(BATCH) {
        let mut numbers: Vec<&str> = batch.iter().map(|(row, _)| number(*row)).collect();
        numbers.dedup();
        let (mut buf, mut found) = (Vec::new(), Vec::new());
        register.records(&numbers, &mut buf, &mut found)?;
        for (row, owner) in batch {
            let i = numbers.partition_point(|n| *n < number(*row));
            let problem = if found[i].is_some() {
                RowProblem::NumberAndEmailDiffer {
                    by_number: number(*row).to_string(),
                    by_email: owner.to_string(),
                }
            } else {
                RowProblem::EmailHasOtherNumber {
                    email: rows.get(*row, Field::Email).unwrap_or("").to_string(),
                    number: owner.to_string(),
                }
            };
            errors.push(RowError {
                line: rows.line(*row),
                problem,
            });
        }
    }
    Ok(())
}

//! Which customer each row lands on (the matching table in the reference's "Input files"):
//! by number, by email, or a new customer with the next free number; and the rows that
//! conflict with the register or with each other. Emails and numbers are each sorted once.

use crate::customer::{increment, is_numeric, numeric_cmp};
use crate::field::Field;
use crate::parse::{ParsedFile, RowError, RowProblem, Rows};

use super::sorted::{Keyed, Order};
use super::{BATCH, Register};

/// How many of the other rows on the same customer a row's error names.
const LINES_LISTED: usize = 10;

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
const NONE: Span = Span(0);

/// A range of `Numbers::text` in eight bytes: its start in the high 40 bits, its length in
/// the low 24 (a customer number has at most 64 characters).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Span(u64);

impl Span {
    fn new(start: usize, len: usize) -> Span {
        Span(((start as u64) << 24) | (len as u64 & 0xff_ffff))
    }

    fn range(self) -> std::ops::Range<usize> {
        let start = (self.0 >> 24) as usize;
        start..start + (self.0 & 0xff_ffff) as usize
    }
}

/// A customer number for some rows, all held in one text (a million small allocations would
/// cost more than the work they serve).
struct Numbers {
    text: String,
    /// Each row's number as a range of `text`; [`NONE`] for none. Held as plain integers: a
    /// vector of zeros is then memory the system hands out untouched, and most files give
    /// every row its own number, so most of it is never written.
    spans: Vec<u64>,
}

impl Numbers {
    fn new(rows: usize) -> Self {
        Numbers {
            text: String::new(),
            spans: vec![NONE.0; rows],
        }
    }

    fn set(&mut self, row: usize, span: Span) {
        self.spans[row] = span.0;
    }

    /// Stores `number` and returns its range, for `spans`.
    fn add(&mut self, number: &str) -> Span {
        let span = Span::new(self.text.len(), number.len());
        self.text.push_str(number);
        span
    }

    fn get(&self, row: usize) -> Option<&str> {
        let range = Span(self.spans[row]).range();
        (!range.is_empty()).then(|| self.text.get(range)).flatten()
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
    ) -> Result<(Targets, Vec<Keyed>), R::Error> {
        let rows = &parsed.rows;
        let n = rows.len();
        let given = |field: Field| {
            (0..n as u32).filter(move |&row| rows.get(row as usize, field).is_some())
        };
        let by_email = Order {
            key: |row: u32| rows.get(row as usize, Field::Email).unwrap_or(""),
        };
        let mut numbers = Numbers::new(n);
        // A row that gives a number is known by it, whatever the register holds: those rows
        // are sorted on a second thread meanwhile.
        let (emails, numbered) = std::thread::scope(|scope| {
            let numbered = scope.spawn(|| {
                let order = Order {
                    key: |row: u32| rows.get(row as usize, Field::CustomerNumber).unwrap_or(""),
                };
                order.sort(given(Field::CustomerNumber))
            });
            let emails = by_email.sort(given(Field::Email));
            let found = email_owners(register, &by_email, &emails, &mut numbers);
            let numbered = numbered
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            found.map(|()| (emails, numbered))
        })?;

        let mut targets = Vec::with_capacity(n);
        let mut conflicts: Vec<(usize, Box<str>)> = Vec::new();
        for row in 0..n {
            let owner = numbers.get(row);
            targets.push(match (rows.get(row, Field::CustomerNumber), owner) {
                (Some(_), None) => Target::Given,
                (Some(n), Some(o)) if n == o => {
                    numbers.set(row, NONE);
                    Target::Given
                }
                (Some(_), Some(o)) => {
                    conflicts.push((row, o.into()));
                    numbers.set(row, NONE);
                    Target::Error
                }
                (None, Some(_)) => Target::Owner,
                (None, None) => Target::NewByEmail,
            });
        }
        let mut targets = Targets { targets, numbers };
        report_conflicts(parsed, register, conflicts, errors)?;
        let by_number = targets.mark_same_customer(parsed, (&by_email, &emails), numbered, errors);
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
    fn mark_same_customer<'a>(
        &mut self,
        parsed: &ParsedFile,
        (by_email, emails): (&Order<impl Fn(u32) -> &'a str>, &[Keyed]),
        numbered: Vec<Keyed>,
        errors: &mut Vec<RowError>,
    ) -> Vec<Keyed> {
        let rows = &parsed.rows;
        // (row, line of another row on the same customer): a few per row, however many land
        // on one customer (100,000 rows naming one customer are 100,000 errors, not 10^10
        // pairs); and per row how many others its largest run holds.
        let mut pairs: Vec<(u32, u32)> = Vec::new();
        let mut others: std::collections::HashMap<u32, u32> = Default::default();
        let mut pair_up = |run: &[Keyed]| {
            let first: Vec<u32> = run.iter().take(LINES_LISTED + 1).map(|k| k.row).collect();
            let count = u32::try_from(run.len() - 1).unwrap_or(u32::MAX);
            for a in run {
                let listed = first.iter().filter(|&&b| b != a.row).take(LINES_LISTED);
                pairs.extend(listed.map(|&b| (a.row, rows.line(b as usize))));
                let most = others.entry(a.row).or_default();
                *most = (*most).max(count);
            }
        };
        for run in emails.chunk_by(|a, b| by_email.same(a, b)) {
            if run.len() > 1 {
                pair_up(run);
            }
        }
        let this = &*self;
        let by_number = Order {
            key: |row: u32| this.key(rows, row as usize).unwrap_or(""),
        };
        let owned = by_number.sort(
            (0..rows.len() as u32).filter(|&row| this.targets[row as usize] == Target::Owner),
        );
        let numbered = by_number.merge(numbered, owned);
        for run in numbered.chunk_by(|a, b| by_number.same(a, b)) {
            if run.len() > 1 {
                pair_up(run);
            }
        }
        pairs.sort_unstable();
        pairs.dedup();
        for run in pairs.chunk_by(|a, b| a.0 == b.0) {
            let row = run[0].0 as usize;
            if self.targets[row] == Target::Error {
                continue;
            }
            self.targets[row] = Target::Error;
            let mut lines: Vec<u32> = run.iter().map(|(_, line)| *line).collect();
            let total = others
                .get(&(row as u32))
                .copied()
                .unwrap_or(0)
                .max(lines.len() as u32);
            lines.truncate(LINES_LISTED);
            let more = total - lines.len() as u32;
            errors.push(RowError {
                line: rows.line(row),
                problem: RowProblem::SameCustomerAs { lines, more },
            });
        }
        numbered
    }

    /// New customers that come with an email only get the next free numbers, in file order:
    /// one more than the largest numeric number in the register or the file. Then every row
    /// to plan, in number order: the valid rows of `by_number` merged with those new
    /// customers. [`Targets::number`] gives each one's number.
    pub(super) fn in_number_order<R: Register>(
        &mut self,
        parsed: &ParsedFile,
        register: &mut R,
        by_number: Vec<Keyed>,
    ) -> Result<Vec<u32>, R::Error> {
        let rows = &parsed.rows;
        let new_by_email = self.targets.contains(&Target::NewByEmail);
        if new_by_email {
            let in_file = (0..rows.len())
                .filter_map(|row| rows.get(row, Field::CustomerNumber))
                .filter(|n| is_numeric(n))
                .max_by(|a, b| numeric_cmp(a, b))
                .map(str::to_string);
            let in_register = register.highest_number()?;
            let mut next = match (in_file, in_register) {
                (Some(a), Some(b)) => std::cmp::max_by(a, b, |a, b| numeric_cmp(a, b)),
                (a, b) => a.or(b).unwrap_or_else(|| "0".into()),
            };
            for (row, target) in self.targets.iter().enumerate() {
                if *target == Target::NewByEmail {
                    next = increment(&next);
                    let span = self.numbers.add(&next);
                    self.numbers.set(row, span);
                }
            }
        }
        let this = &*self;
        let order = Order {
            key: |row: u32| this.key(rows, row as usize).unwrap_or(""),
        };
        let fresh = order.sort(
            (0..rows.len() as u32).filter(|&row| this.targets[row as usize] == Target::NewByEmail),
        );
        let mut valid = by_number;
        valid.retain(|k| this.targets[k.row as usize] != Target::Error);
        Ok(order
            .merge(valid, fresh)
            .into_iter()
            .map(|k| k.row)
            .collect())
    }

    /// The customer number the valid row `row` is planned under.
    pub(super) fn number<'a>(&'a self, rows: &'a Rows, row: u32) -> &'a str {
        self.key(rows, row as usize).unwrap_or("")
    }
}

/// Finds the owner of each email in `emails` (sorted by `order`) and gives its rows the
/// owner's number: a batch of distinct emails at a time, so no second list of them is made.
fn email_owners<'a, R: Register>(
    register: &mut R,
    order: &Order<impl Fn(u32) -> &'a str>,
    emails: &[Keyed],
    numbers: &mut Numbers,
) -> Result<(), R::Error> {
    let mut runs = emails.chunk_by(|a, b| order.same(a, b)).peekable();
    while runs.peek().is_some() {
        let batch: Vec<&[Keyed]> = runs.by_ref().take(BATCH).collect();
        let keys: Vec<&str> = batch.iter().map(|run| (order.key)(run[0].row)).collect();
        register.email_owners(&keys, &mut |i, number| {
            let span = numbers.add(number);
            for keyed in batch[i] {
                numbers.set(keyed.row as usize, span);
            }
        })?;
    }
    Ok(())
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

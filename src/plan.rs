//! Matching rows to customers (SPEC section 4) and planning the changes a file would make,
//! with the plan's fingerprint. Pure: the register is reached through [`Register`], and the
//! same code plans a preview (read-only) and an apply (inside the write transaction).
//!
//! Rows are handled in key order, never in file order: lookups then visit the register's
//! blocks front to back, once each, which is what makes a million-row file fast.

use std::collections::BTreeMap;

use sha2::{Digest, Sha256};

use crate::customer::{self, Change, RecordError, Values};
use crate::field::{FIELD_COUNT, Field, same_value};
use crate::parse::{ParsedFile, RowError, RowProblem};

/// How many customers are fetched, planned and handed to the sink at a time.
pub const BATCH: usize = 4096;

/// Read access to the register, by sorted batches of keys.
pub trait Register {
    type Error: From<RecordError>;

    /// The register's current version (0 when empty and new).
    fn version(&self) -> u64;

    /// For each `emails[i]` (sorted, unique) that belongs to a customer, calls `found(i, number)`.
    fn email_owners(
        &mut self,
        emails: &[&str],
        found: &mut dyn FnMut(usize, &str),
    ) -> Result<(), Self::Error>;

    /// For each `numbers[i]` (sorted, unique), the stored record if there is one, copied into
    /// `buf`: `records[i]` is its range in `buf`.
    fn records(
        &mut self,
        numbers: &[&str],
        buf: &mut Vec<u8>,
        records: &mut Vec<Option<(usize, usize)>>,
    ) -> Result<(), Self::Error>;

    /// The largest customer number made only of digits, if any.
    fn max_numeric_number(&mut self) -> Result<Option<String>, Self::Error>;
}

/// What applying a row would do.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Status {
    New,
    Update,
    Unchanged,
}

/// The planned outcome of one valid row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RowOutcome {
    /// Index into the file's rows.
    pub row: u32,
    pub status: Status,
    /// The customer's number, where the row does not give it (matched by email, or a new one).
    pub number: Option<Box<str>>,
    /// The customer's email, where the row does not give it.
    pub email: Option<Box<str>>,
    /// Fields the row changes (bit = [`Field::index`]); key fields only when they change an
    /// existing customer.
    pub changed: u16,
    /// Fields the row gives with the value the customer already has (key fields never).
    pub same: u16,
    /// Old values of changed fields that had one.
    pub olds: Vec<(Field, Box<str>)>,
}

impl RowOutcome {
    /// The old value of `field`, where it changes and had one.
    pub fn old(&self, field: Field) -> Option<&str> {
        self.olds
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, v)| &**v)
    }
}

/// Number of rows per status.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub new: u64,
    pub update: u64,
    pub unchanged: u64,
    pub error: u64,
}

/// A plan's fingerprint: SHA-256 of the file's bytes and of every change it would make.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Fingerprint(pub [u8; 32]);

impl std::fmt::Display for Fingerprint {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.iter().try_for_each(|b| write!(f, "{b:02x}"))
    }
}

/// A planned import.
#[derive(Clone, Debug)]
pub struct Plan {
    pub register_version: u64,
    pub fingerprint: Fingerprint,
    pub counts: Counts,
    /// One per valid row, in file order; empty when the plan was made to be applied.
    pub outcomes: Vec<RowOutcome>,
    /// Every row that is not applied, in file order (parse errors included).
    pub errors: Vec<RowError>,
}

/// Where planned changes go, batch by batch, in customer-number order (the apply's writer).
pub type Sink<'a, R> = &'a mut dyn FnMut(&mut R, &[Change]) -> Result<(), <R as Register>::Error>;

/// What a plan is made for.
pub enum Purpose<'a, R: Register> {
    /// A report: the outcome of every valid row is kept, of unchanged rows only if `unchanged`.
    Report { unchanged: bool },
    /// An apply: every change is handed to the sink, and no outcomes are kept.
    Apply(Sink<'a, R>),
}

/// Plans `parsed` (whose bytes hash to `file_sha`) against `register`, for `purpose`.
/// `progress` is called with the number of rows planned so far.
pub fn plan<R: Register>(
    file_sha: &[u8; 32],
    parsed: &ParsedFile,
    register: &mut R,
    mut purpose: Purpose<'_, R>,
    progress: &mut dyn FnMut(usize),
) -> Result<Plan, R::Error> {
    let mut errors = parsed.row_errors.clone();
    let (mut targets, by_number) = Targets::resolve(parsed, register, &mut errors)?;
    let order = targets.in_number_order(parsed, register, by_number)?;

    let mut hasher = Sha256::new();
    hasher.update(b"kundreg plan 1\0");
    hasher.update(file_sha);
    let mut counts = Counts {
        error: errors.len() as u64,
        ..Counts::default()
    };
    let mut outcomes = Vec::new();
    let mut buf = Vec::new();
    let mut found = Vec::new();
    let mut after_bytes = Vec::new();
    let mut changes = Vec::new();
    let mut done = 0;
    for batch in order.chunks(BATCH) {
        let numbers: Vec<&str> = batch.iter().map(|(n, _)| *n).collect();
        register.records(&numbers, &mut buf, &mut found)?;
        for (&(number, row), record) in batch.iter().zip(&found) {
            let before_bytes = record.map(|(a, b)| &buf[a..b]);
            let before = before_bytes
                .map(|bytes| customer::decode(number, bytes))
                .transpose()?;
            let (outcome, after) = outcome(parsed, row as usize, number, before.as_ref());
            match outcome.status {
                Status::New => counts.new += 1,
                Status::Update => counts.update += 1,
                Status::Unchanged => counts.unchanged += 1,
            }
            if outcome.status != Status::Unchanged {
                customer::encode(&after, &mut after_bytes);
                hash_change(&mut hasher, number, before_bytes, Some(&after_bytes));
                if let Purpose::Apply(_) = purpose {
                    changes.push(Change {
                        number: number.to_string(),
                        before: before_bytes.map(<[u8]>::to_vec),
                        after: Some(after_bytes.clone()),
                    });
                }
            }
            if let Purpose::Report { unchanged } = purpose
                && (unchanged || outcome.status != Status::Unchanged)
            {
                outcomes.push(outcome);
            }
        }
        if let Purpose::Apply(sink) = &mut purpose
            && !changes.is_empty()
        {
            sink(register, &changes)?;
            changes.clear();
        }
        done += batch.len();
        progress(done);
    }
    outcomes.sort_unstable_by_key(|o| o.row);
    errors.sort_by_key(|e| e.line);
    Ok(Plan {
        register_version: register.version(),
        fingerprint: Fingerprint(hasher.finalize().into()),
        counts,
        outcomes,
        errors,
    })
}

/// Adds one change to a fingerprint; a missing record hashes as `-`, which no record is.
pub(crate) fn hash_change(
    hasher: &mut Sha256,
    number: &str,
    before: Option<&[u8]>,
    after: Option<&[u8]>,
) {
    for part in [
        number.as_bytes(),
        before.unwrap_or(b"-"),
        after.unwrap_or(b"-"),
    ] {
        hasher.update((part.len() as u64).to_le_bytes());
        hasher.update(part);
    }
}

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
struct Targets {
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
    fn resolve<R: Register>(
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
    fn key<'a>(&'a self, rows: &'a crate::parse::Rows, row: usize) -> Option<&'a str> {
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
    fn in_number_order<'a, R: Register>(
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

/// True for a non-empty string of ASCII digits.
pub fn is_numeric(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

/// Compares two numeric strings by value.
pub fn numeric_cmp(a: &str, b: &str) -> std::cmp::Ordering {
    let a = a.trim_start_matches('0');
    let b = b.trim_start_matches('0');
    a.len().cmp(&b.len()).then_with(|| a.cmp(b))
}

/// A numeric string plus one, without leading zeros.
fn increment(n: &str) -> String {
    let mut digits: Vec<u8> = n.trim_start_matches('0').bytes().collect();
    let mut i = digits.len();
    loop {
        if i == 0 {
            digits.insert(0, b'1');
            break;
        }
        i -= 1;
        if digits[i] == b'9' {
            digits[i] = b'0';
        } else {
            digits[i] += 1;
            break;
        }
    }
    String::from_utf8(digits).unwrap_or_default()
}

/// What row `row` does to the customer `number` (whose record is `before`, if it exists).
fn outcome<'a>(
    parsed: &'a ParsedFile,
    row: usize,
    number: &'a str,
    before: Option<&Values<'a>>,
) -> (RowOutcome, Values<'a>) {
    let rows = &parsed.rows;
    let mut after: Values<'a> = before.copied().unwrap_or([None; FIELD_COUNT]);
    after[Field::CustomerNumber.index()] = Some(number);
    let (mut changed, mut same) = (0u16, 0u16);
    let mut olds = Vec::new();
    for &field in rows.fields() {
        let Some(value) = rows.get(row, field) else {
            continue;
        };
        let old = before.and_then(|b| b[field.index()]);
        let bit = 1 << field.index();
        match old {
            Some(old) if same_value(field, old, value) => {
                if !field.is_key() {
                    same |= bit;
                }
            }
            _ => {
                after[field.index()] = Some(value);
                if before.is_none() && field.is_key() {
                    continue;
                }
                changed |= bit;
                if let Some(old) = old {
                    olds.push((field, old.into()));
                }
            }
        }
    }
    let status = match (before, changed) {
        (None, _) => Status::New,
        (Some(_), 0) => Status::Unchanged,
        (Some(_), _) => Status::Update,
    };
    let outcome = RowOutcome {
        row: row as u32,
        status,
        number: (rows.get(row, Field::CustomerNumber) != Some(number)).then(|| number.into()),
        email: match rows.get(row, Field::Email) {
            Some(_) => None,
            None => after[Field::Email.index()].map(Into::into),
        },
        changed,
        same,
        olds,
    };
    (outcome, after)
}

/// A register held in memory: the reference model for tests, and a register for planning
/// without a database.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MemoryRegister {
    pub version: u64,
    /// Records by customer number.
    pub customers: BTreeMap<String, Vec<u8>>,
    /// Customer number by email.
    pub emails: BTreeMap<String, String>,
}

impl MemoryRegister {
    /// Applies changes as the store does.
    pub fn apply(&mut self, changes: &[Change]) -> Result<(), RecordError> {
        for change in changes {
            if let Some(before) = &change.before {
                let values = customer::decode(&change.number, before)?;
                if let Some(email) = values[Field::Email.index()] {
                    self.emails.remove(email);
                }
                self.customers.remove(&change.number);
            }
        }
        for change in changes {
            if let Some(after) = &change.after {
                let values = customer::decode(&change.number, after)?;
                if let Some(email) = values[Field::Email.index()] {
                    self.emails.insert(email.into(), change.number.clone());
                }
                self.customers.insert(change.number.clone(), after.clone());
            }
        }
        Ok(())
    }
}

impl Register for MemoryRegister {
    type Error = RecordError;

    fn version(&self) -> u64 {
        self.version
    }

    fn email_owners(
        &mut self,
        emails: &[&str],
        found: &mut dyn FnMut(usize, &str),
    ) -> Result<(), RecordError> {
        for (i, email) in emails.iter().enumerate() {
            if let Some(number) = self.emails.get(*email) {
                found(i, number);
            }
        }
        Ok(())
    }

    fn records(
        &mut self,
        numbers: &[&str],
        buf: &mut Vec<u8>,
        records: &mut Vec<Option<(usize, usize)>>,
    ) -> Result<(), RecordError> {
        buf.clear();
        records.clear();
        for number in numbers {
            records.push(self.customers.get(*number).map(|r| {
                buf.extend_from_slice(r);
                (buf.len() - r.len(), buf.len())
            }));
        }
        Ok(())
    }

    fn max_numeric_number(&mut self) -> Result<Option<String>, RecordError> {
        Ok(self
            .customers
            .keys()
            .filter(|n| is_numeric(n))
            .max_by(|a, b| numeric_cmp(a, b))
            .cloned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn register_with(rows: &str) -> MemoryRegister {
        let mut register = MemoryRegister::default();
        let parsed = crate::input::Input::from_bytes("r.csv", rows.as_bytes())
            .unwrap()
            .parsed;
        let mut sink = |r: &mut MemoryRegister, c: &[Change]| r.apply(c);
        plan(
            &[0; 32],
            &parsed,
            &mut register,
            Purpose::Apply(&mut sink),
            &mut |_| {},
        )
        .unwrap();
        register
    }

    fn plan_for(register: &mut MemoryRegister, text: &str) -> Plan {
        let parsed = crate::input::Input::from_bytes("f.csv", text.as_bytes())
            .unwrap()
            .parsed;
        plan(
            &[0; 32],
            &parsed,
            register,
            Purpose::Report { unchanged: true },
            &mut |_| {},
        )
        .unwrap()
    }

    fn problems(plan: &Plan) -> Vec<(u32, RowProblem)> {
        plan.errors
            .iter()
            .map(|e| (e.line, e.problem.clone()))
            .collect()
    }

    #[test]
    fn the_matching_table() {
        let mut register =
            register_with("kundnr,epost,förnamn\n1,a@x.se,Anna\n2,b@x.se,Bo\n3,,Cecilia\n");
        let p = plan_for(
            &mut register,
            "kundnr,epost,förnamn\n1,a@x.se,Anna\n1,b@x.se,Anna\n3,c@x.se,Cissi\n\
             9,a@x.se,\n4,,Dan\n,d@x.se,Dora\n,b@x.se,Bosse\n",
        );
        assert_eq!(
            problems(&p),
            vec![
                (2, RowProblem::SameCustomerAs { lines: vec![3, 5] }),
                (
                    3,
                    RowProblem::NumberAndEmailDiffer {
                        by_number: "1".into(),
                        by_email: "2".into()
                    }
                ),
                (
                    5,
                    RowProblem::EmailHasOtherNumber {
                        email: "a@x.se".into(),
                        number: "1".into()
                    }
                ),
                (8, RowProblem::SameCustomerAs { lines: vec![3] }),
            ]
        );
        let statuses: Vec<_> = p
            .outcomes
            .iter()
            .map(|o| (o.status, o.number.as_deref()))
            .collect();
        assert_eq!(
            statuses,
            vec![
                (Status::Update, None),
                (Status::New, None),
                (Status::New, Some("10")),
            ]
        );
        // Row 4 sets customer 3's email (it had none) and changes the name.
        assert_eq!(p.outcomes[0].changed, (1 << 1) | (1 << 2));
        assert_eq!(p.outcomes[0].old(Field::FirstName), Some("Cecilia"));
    }

    #[test]
    fn same_values_are_not_changes() {
        let mut register =
            register_with("kundnr,epost,telefon,postnr\n17,s@x.se,070-123 45 67,123 45\n");
        let p = plan_for(
            &mut register,
            "kundnr,e-post,mobil,zip\n17,S@X.se,+46701234567,12345\n",
        );
        assert_eq!(p.counts.unchanged, 1);
        assert_eq!(p.outcomes[0].same, (1 << 9) | (1 << 6));
    }

    #[test]
    fn email_only_customers_get_the_next_free_number() {
        let mut register = register_with("kundnr\n0099\nabc\n7\n");
        let p = plan_for(&mut register, "epost,kundnr\nny@x.se,\nnu@x.se,\n,120\n");
        let numbers: Vec<_> = p.outcomes.iter().map(|o| o.number.as_deref()).collect();
        assert_eq!(numbers, vec![Some("121"), Some("122"), None]);
        assert_eq!(increment("199"), "200");
        assert_eq!(increment("0"), "1");
    }

    #[test]
    fn the_fingerprint_follows_the_changes() {
        let mut register = register_with("kundnr,stad\n1,Lund\n");
        let a = plan_for(&mut register, "kundnr,stad\n1,Malmö\n");
        let b = plan_for(&mut register, "kundnr,stad\n1,Malmö\n");
        let c = plan_for(&mut register, "kundnr,stad\n1,Ystad\n");
        assert_eq!(a.fingerprint, b.fingerprint);
        assert_ne!(a.fingerprint, c.fingerprint);
    }
}

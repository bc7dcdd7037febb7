//! What one valid row does to its customer: the compact [`RowOutcome`] a report lists, and
//! working it out. An outcome is a few bytes; the texts it adds to what the row gives (a
//! customer number or email the row left out, the old values of changed fields) are kept in
//! one [`OutcomeTexts`] store for the whole plan, so a million outcomes are a few allocations.

use crate::customer::Values;
use crate::field::{FIELD_COUNT, Field, same_value};
use crate::parse::ParsedFile;

/// What applying a row would do.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Status {
    New,
    Update,
    Unchanged,
}

/// The planned outcome of one valid row. Its texts are in the plan's [`OutcomeTexts`], from
/// `first` on: the number (when `number` is set), the email (when `email` is set), then the
/// old value of each field in `olds`, in field order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RowOutcome {
    /// Index into the file's rows.
    pub row: u32,
    pub status: Status,
    /// Fields the row changes (bit = [`Field::index`]); key fields only when they change an
    /// existing customer.
    pub changed: u16,
    /// Fields the row gives with the value the customer already has (key fields never).
    pub same: u16,
    /// Changed fields whose old value is kept.
    olds: u16,
    /// The customer's number is kept: the row does not give it (matched by email, or new).
    number: bool,
    /// The customer's email is kept: the row does not give it.
    email: bool,
    first: u32,
}

/// The texts of a plan's outcomes, one after another in one string.
#[derive(Clone, Debug, Default)]
pub struct OutcomeTexts {
    text: String,
    ends: Vec<usize>,
}

impl RowOutcome {
    /// Whether the row replaces a value `field` had (rather than gives it one).
    pub fn replaces(&self, field: Field) -> bool {
        self.olds & (1 << field.index()) != 0
    }
}

impl OutcomeTexts {
    fn push(&mut self, text: &str) {
        self.text.push_str(text);
        self.ends.push(self.text.len());
    }

    fn get(&self, i: usize) -> &str {
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        &self.text[start..self.ends[i]]
    }

    /// Takes back the texts from `len` on (an outcome that is not kept).
    pub(super) fn truncate(&mut self, len: usize) {
        self.ends.truncate(len);
        self.text.truncate(self.ends.last().copied().unwrap_or(0));
    }

    pub(super) fn len(&self) -> usize {
        self.ends.len()
    }

    /// The texts of `outcomes` again, in their order. Outcomes are worked out in customer
    /// order and listed in file order: laid out in that order, the report reads its texts
    /// front to back instead of all over memory.
    pub(super) fn in_order_of(&self, outcomes: &mut [RowOutcome]) -> OutcomeTexts {
        let mut ordered = OutcomeTexts {
            text: String::with_capacity(self.text.len()),
            ends: Vec::with_capacity(self.ends.len()),
        };
        for outcome in outcomes {
            let count = usize::from(outcome.number)
                + usize::from(outcome.email)
                + outcome.olds.count_ones() as usize;
            let first = outcome.first as usize;
            outcome.first = ordered.len() as u32;
            for i in first..first + count {
                ordered.push(self.get(i));
            }
        }
        ordered
    }

    /// The customer number `outcome` keeps (the row does not give it).
    pub fn number(&self, outcome: &RowOutcome) -> Option<&str> {
        outcome.number.then(|| self.get(outcome.first as usize))
    }

    /// The customer email `outcome` keeps (the row does not give it).
    pub fn email(&self, outcome: &RowOutcome) -> Option<&str> {
        let at = outcome.first as usize + usize::from(outcome.number);
        outcome.email.then(|| self.get(at))
    }

    /// The old value of `field`, where `outcome` changes it and it had one.
    pub fn old(&self, outcome: &RowOutcome, field: Field) -> Option<&str> {
        let bit = 1u16 << field.index();
        if outcome.olds & bit == 0 {
            return None;
        }
        let before = (outcome.olds & (bit - 1)).count_ones() as usize;
        let at = outcome.first as usize
            + usize::from(outcome.number)
            + usize::from(outcome.email)
            + before;
        Some(self.get(at))
    }
}

/// What row `row` does to the customer `number` (whose record is `before`, if it exists),
/// with its texts added to `texts`, and the customer's record after it.
pub(super) fn outcome<'a>(
    parsed: &'a ParsedFile,
    row: usize,
    number: &'a str,
    before: Option<&Values<'a>>,
    texts: &mut OutcomeTexts,
) -> (RowOutcome, Values<'a>) {
    let rows = &parsed.rows;
    let mut after: Values<'a> = before.copied().unwrap_or([None; FIELD_COUNT]);
    after[Field::CustomerNumber.index()] = Some(number);
    let (mut changed, mut same) = (0u16, 0u16);
    let mut olds: Values<'a> = [None; FIELD_COUNT];
    let (mut given_number, mut given_email) = (None, None);
    for (field, value) in rows.values(row) {
        let Some(value) = value else {
            continue;
        };
        match field {
            Field::CustomerNumber => given_number = Some(value),
            Field::Email => given_email = Some(value),
            _ => {}
        }
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
                olds[field.index()] = old;
            }
        }
    }
    // A cleared field of an existing customer that has a value loses it.
    let cleared = rows.cleared(row);
    if cleared != 0
        && let Some(before) = before
    {
        for field in Field::ALL {
            let bit = 1 << field.index();
            if cleared & bit != 0 && before[field.index()].is_some() {
                after[field.index()] = None;
                changed |= bit;
                olds[field.index()] = before[field.index()];
            }
        }
    }
    let status = match (before, changed) {
        (None, _) => Status::New,
        (Some(_), 0) => Status::Unchanged,
        (Some(_), _) => Status::Update,
    };
    let first = texts.len() as u32;
    let kept_number = given_number != Some(number);
    if kept_number {
        texts.push(number);
    }
    let kept_email = match given_email {
        Some(_) => None,
        None => after[Field::Email.index()],
    };
    if let Some(email) = kept_email {
        texts.push(email);
    }
    let mut kept_olds = 0u16;
    for (i, old) in olds.iter().enumerate() {
        if let Some(old) = old {
            texts.push(old);
            kept_olds |= 1 << i;
        }
    }
    let outcome = RowOutcome {
        row: row as u32,
        status,
        changed,
        same,
        olds: kept_olds,
        number: kept_number,
        email: kept_email.is_some(),
        first,
    };
    (outcome, after)
}

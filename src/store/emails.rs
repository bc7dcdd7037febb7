//! Edits of the email index (email → customer number) within one write transaction: noted
//! as customers change, checked so no email belongs to two customers, and written in email
//! order at the end.

use std::path::Path;

use super::blocks::{BlockWriter, Blocks};
use super::error::{StoreError, damaged, in_blocks};
use crate::customer::{self, Change, RecordError};
use crate::field::Field;

/// How many emails are written to the index at a time.
const BATCH: usize = 4096;

/// What one transaction does to one email.
struct EmailRun<'a> {
    email: &'a str,
    /// The first two customers it is given to (two are already one too many).
    given: [Option<&'a str>; 2],
    /// Whether a customer gives it up.
    left: bool,
}

/// Edits of the email index, kept in one string in the order they were made.
#[derive(Default)]
pub(crate) struct EmailEdits {
    text: String,
    edits: Vec<Edit>,
}

/// One edit: an email at `start` in the text, then the number it is given (none: removed).
#[derive(Clone, Copy)]
struct Edit {
    start: usize,
    email_len: u32,
    number_len: u32,
}

impl Edit {
    fn email<'a>(&self, text: &'a str) -> &'a str {
        let end = self.start + self.email_len as usize;
        text.get(self.start..end).unwrap_or("")
    }

    /// The number the email is given; `None` when it is removed.
    fn number<'a>(&self, text: &'a str) -> Option<&'a str> {
        let start = self.start + self.email_len as usize;
        let end = start + self.number_len as usize;
        (self.number_len > 0).then(|| text.get(start..end).unwrap_or(""))
    }
}

impl EmailEdits {
    /// Notes the index edits `change` makes (none when its email stays).
    pub(crate) fn note(&mut self, change: &Change) -> Result<(), RecordError> {
        let email = |record: &Option<Vec<u8>>| {
            customer::decode_or_none(&change.number, record.as_deref())
                .map(|values| values[Field::Email.index()].map(str::to_string))
        };
        let (old, new) = (email(&change.before)?, email(&change.after)?);
        if old != new {
            if let Some(old) = old {
                self.push(&old, None);
            }
            if let Some(new) = new {
                self.push(&new, Some(&change.number));
            }
        }
        Ok(())
    }

    /// Puts the edits in email order, for [`EmailEdits::runs`].
    fn sort(&mut self) {
        let text = &self.text;
        self.edits
            .sort_unstable_by(|a, b| a.email(text).cmp(b.email(text)));
    }

    /// The edits by email, in email order once sorted. Within one transaction every customer
    /// changes once, so the order of the edits says nothing: an email given to someone is
    /// theirs afterwards.
    fn runs(&self) -> impl Iterator<Item = EmailRun<'_>> {
        let text = &self.text;
        self.edits
            .chunk_by(|a, b| a.email(text) == b.email(text))
            .map(|run| {
                let mut given = run.iter().filter_map(|e| e.number(text));
                EmailRun {
                    email: run[0].email(text),
                    given: [given.next(), given.next()],
                    left: run.iter().any(|e| e.number(text).is_none()),
                }
            })
    }

    /// The emails these edits give to a customer while no customer gives them up here:
    /// (email, number). Their owner in the index, if any, must be that customer.
    pub(crate) fn given(&mut self) -> Vec<(&str, &str)> {
        self.sort();
        self.runs()
            .filter(|run| !run.left)
            .flat_map(|run| run.given.into_iter().flatten().map(move |n| (run.email, n)))
            .collect()
    }

    fn push(&mut self, email: &str, number: Option<&str>) {
        let number = number.unwrap_or("");
        let edit = Edit {
            start: self.text.len(),
            // No value is that long: a file's rows take at most 4 GB in all.
            email_len: u32::try_from(email.len()).unwrap_or(u32::MAX),
            number_len: u32::try_from(number.len()).unwrap_or(u32::MAX),
        };
        self.text.push_str(email);
        self.text.push_str(number);
        self.edits.push(edit);
    }

    /// Applies the edits to the email index in email order (which keeps the index's pages
    /// dense and the writes local). The index stays unique: an email may only move to another
    /// customer if it left its old owner in this transaction.
    pub(super) fn write(mut self, index: &mut Blocks<'_>, path: &Path) -> Result<(), StoreError> {
        self.sort();
        let edits = &self;
        let both = |email: &str, a: &[u8], b: &str| {
            let a = String::from_utf8_lossy(a);
            damaged(
                path,
                format!("email {email} would belong to both {a} and {b}"),
            )
        };
        let mut writer = BlockWriter::default();
        let mut runs = edits.runs().peekable();
        while runs.peek().is_some() {
            let batch: Vec<EmailRun<'_>> = runs.by_ref().take(BATCH).collect();
            let edits: Vec<(&str, Option<&[u8]>)> = batch
                .iter()
                .map(|run| (run.email, run.given[0].map(str::as_bytes)))
                .collect();
            let checked = writer.apply(index, &edits, |i, owner| {
                let EmailRun { email, given, left } = &batch[i];
                match given {
                    [Some(a), Some(b)] => Err(both(email, a.as_bytes(), b)),
                    [Some(number), None] => {
                        match owner.filter(|o| !left && *o != number.as_bytes()) {
                            Some(owner) => Err(both(email, owner, number)),
                            None => Ok(()),
                        }
                    }
                    _ => Ok(()),
                }
            });
            checked.map_err(in_blocks(path))??;
        }
        Ok(())
    }
}

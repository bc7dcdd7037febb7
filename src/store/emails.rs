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
    /// (start, end of email, end of number; equal to the email's end for a removal)
    edits: Vec<(usize, usize, usize)>,
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
            .sort_unstable_by(|a, b| text[a.0..a.1].cmp(&text[b.0..b.1]));
    }

    /// The edits by email, in email order once sorted. Within one transaction every customer
    /// changes once, so the order of the edits says nothing: an email given to someone is
    /// theirs afterwards.
    fn runs(&self) -> impl Iterator<Item = EmailRun<'_>> {
        let text = &self.text;
        self.edits
            .chunk_by(|a, b| text[a.0..a.1] == text[b.0..b.1])
            .map(|run| {
                let mut given = run.iter().filter(|e| e.1 != e.2).map(|e| &text[e.1..e.2]);
                EmailRun {
                    email: &text[run[0].0..run[0].1],
                    given: [given.next(), given.next()],
                    left: run.iter().any(|e| e.1 == e.2),
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
        let start = self.text.len();
        self.text.push_str(email);
        let email_end = self.text.len();
        self.text.push_str(number.unwrap_or(""));
        self.edits.push((start, email_end, self.text.len()));
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

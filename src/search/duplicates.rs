//! Likely duplicates: a customer whose phone, or first name + last name + postal code, equals
//! another's, compared the way an import compares values (see [`super::phone_key`] and
//! [`super::name_key`]). A preview names the rows that would create such a customer
//! ([`among_new`]); `kundreg duplicates` lists the register's groups. A warning, never a
//! refusal: two people may share a phone.

use std::collections::HashMap;

use super::{SearchIndex, TERM_END, kind, name_key, phone_key};
use crate::customer::Values;

/// What two customers share.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Shared {
    Phone,
    /// First name, last name and postal code.
    Name,
}

impl Shared {
    /// The index term kind of what is shared.
    pub fn kind(self) -> char {
        match self {
            Shared::Phone => kind::PHONE,
            Shared::Name => kind::NAME,
        }
    }

    /// The stable name, for JSON.
    pub fn key(self) -> &'static str {
        match self {
            Shared::Phone => "phone",
            Shared::Name => "name_and_postal_code",
        }
    }
}

/// A row that would create a customer like customers the register holds, or like new ones on
/// lines before it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Alike {
    pub line: u32,
    pub shared: Shared,
    /// The register's customers it is like.
    pub customers: Vec<String>,
    /// The lines before it it is like.
    pub lines: Vec<u32>,
}

/// The rows among `count` new ones (row `i` gives its line and the values of the customer it
/// would create) that look like a customer of `index` or a row before them, by line. Each
/// kind of likeness is one sorted pass: the rows' keys are held in one string, and looked up
/// in the index in key order.
pub fn among_new<'a, I: SearchIndex>(
    index: &I,
    count: usize,
    row: impl Fn(usize) -> (u32, Values<'a>),
) -> Result<Vec<Alike>, I::Error> {
    let mut found: HashMap<(usize, Shared), Alike> = HashMap::new();
    for shared in [Shared::Phone, Shared::Name] {
        // Each row's key as an index prefix, one after another in `keys`: (start, end, row,
        // line).
        let mut keys = String::new();
        let mut asked: Vec<(usize, usize, usize, u32)> = Vec::new();
        for i in 0..count {
            let (line, values) = row(i);
            let key = match shared {
                Shared::Phone => phone_key(&values),
                Shared::Name => name_key(&values),
            };
            if let Some(key) = key {
                let start = keys.len();
                keys.push(shared.kind());
                keys.push_str(&key);
                keys.push(TERM_END);
                asked.push((start, keys.len(), i, line));
            }
        }
        let key = |&(start, end, _, _): &(usize, usize, usize, u32)| &keys[start..end];
        asked.sort_by(|a, b| key(a).cmp(key(b)).then(a.2.cmp(&b.2)));
        // Rows with the same key: each is like the first of them.
        let runs: Vec<&[(usize, usize, usize, u32)]> =
            asked.chunk_by(|a, b| key(a) == key(b)).collect();
        for run in &runs {
            for &(_, _, i, line) in &run[1..] {
                alike(&mut found, line, (i, shared)).lines.push(run[0].3);
            }
        }
        // Customers the register holds: every key looked up in one pass, in key order.
        let prefixes: Vec<&str> = runs.iter().map(|run| key(&run[0])).collect();
        let mut held: Vec<(usize, String)> = Vec::new();
        index.numbers_with_each(&prefixes, &mut |at, number| {
            held.push((at, number.to_string()))
        })?;
        for (at, number) in held {
            for &(_, _, i, line) in runs[at] {
                alike(&mut found, line, (i, shared))
                    .customers
                    .push(number.clone());
            }
        }
    }
    let mut found: Vec<Alike> = found.into_values().collect();
    found.sort_by_key(|a| (a.line, a.shared));
    Ok(found)
}

/// The likeness of the row `i` (on `line`) by `shared`, made when first needed.
fn alike(
    found: &mut HashMap<(usize, Shared), Alike>,
    line: u32,
    (i, shared): (usize, Shared),
) -> &mut Alike {
    found.entry((i, shared)).or_insert_with(|| Alike {
        line,
        shared,
        customers: Vec::new(),
        lines: Vec::new(),
    })
}

/// The index of a register that is not there yet: it holds no one.
pub struct NoCustomers;

impl SearchIndex for NoCustomers {
    type Error = std::convert::Infallible;

    fn terms_with(&self, _: &str, _: usize) -> Result<Option<Vec<String>>, Self::Error> {
        Ok(Some(Vec::new()))
    }

    fn run(&self, _: &str) -> Result<Box<dyn super::Postings<Self::Error> + '_>, Self::Error> {
        Ok(Box::new(NoCustomers))
    }

    fn numbers_with(&self, _: &str, _: &mut dyn FnMut(&str)) -> Result<(), Self::Error> {
        Ok(())
    }

    fn numbers_with_each(
        &self,
        _: &[&str],
        _: &mut dyn FnMut(usize, &str),
    ) -> Result<(), Self::Error> {
        Ok(())
    }

    fn email_owner(&self, _: &str) -> Result<Option<String>, Self::Error> {
        Ok(None)
    }

    fn customer(&self, _: &str) -> Result<Option<crate::customer::Customer>, Self::Error> {
        Ok(None)
    }
}

impl super::Postings<std::convert::Infallible> for NoCustomers {
    fn current(&self) -> Option<&str> {
        None
    }

    fn seek(&mut self, _: &str) -> Result<(), std::convert::Infallible> {
        Ok(())
    }
}

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

/// The rows among `new` (each a line and the values of a customer it would create) that look
/// like a customer of `index` or a row before them, by line.
pub fn among_new<I: SearchIndex>(
    index: &I,
    new: &[(u32, Values<'_>)],
) -> Result<Vec<Alike>, I::Error> {
    // Each row's keys, as index prefixes: (prefix, row, what it shares).
    let mut asked: Vec<(String, usize, Shared)> = Vec::new();
    for (i, (_, values)) in new.iter().enumerate() {
        for (shared, key) in [
            (Shared::Phone, phone_key(values)),
            (Shared::Name, name_key(values)),
        ] {
            if let Some(key) = key {
                asked.push((format!("{}{key}{TERM_END}", shared.kind()), i, shared));
            }
        }
    }
    let mut found: HashMap<(usize, Shared), Alike> = HashMap::new();
    // The rows of each key, in file order: each is like the rows before it.
    let mut rows: HashMap<&str, Vec<(usize, Shared)>> = HashMap::new();
    for (prefix, i, shared) in &asked {
        let those = rows.entry(prefix).or_default();
        if let Some(&(before, _)) = those.first() {
            alike(&mut found, new[*i].0, (*i, *shared))
                .lines
                .push(new[before].0);
        }
        those.push((*i, *shared));
    }
    // Customers the register holds: every key looked up in one pass, in key order.
    let mut prefixes: Vec<&str> = rows.keys().copied().collect();
    prefixes.sort_unstable();
    let mut held: Vec<(usize, String)> = Vec::new();
    index.numbers_with_each(&prefixes, &mut |at, number| {
        held.push((at, number.to_string()))
    })?;
    for (at, number) in held {
        for &(i, shared) in &rows[prefixes[at]] {
            let alike = alike(&mut found, new[i].0, (i, shared));
            alike.customers.push(number.clone());
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

//! Running a query: [`find`] through the register's search index, [`scan`] by reading every
//! customer. Both list the same customers in the same order — those a word names exactly (by
//! number or email) first, then the rest in customer-number order — and `scan` is what the
//! tests hold `find` to.

use super::{Query, TERM_END, kind};
use crate::customer::{Customer, numeric_cmp};

/// When the customers that can still match are at most this many, they are read and checked
/// against the whole query rather than narrowed by the index word by word.
const CHECK_AT: usize = 64;

/// What the search index answers.
pub trait SearchIndex {
    type Error;

    /// Adds to `out` the number of every customer with an index term that starts with
    /// `prefix` (a kind letter, then text).
    fn numbers_with(&self, prefix: &str, out: &mut Vec<String>) -> Result<(), Self::Error>;

    /// The number of the customer with this email (in lower case).
    fn email_owner(&self, email: &str) -> Result<Option<String>, Self::Error>;

    /// The customer with this number.
    fn customer(&self, number: &str) -> Result<Option<Customer>, Self::Error>;
}

/// The customers a query found: the first ones asked for, and how many matched in all.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Found {
    pub customers: Vec<Customer>,
    pub total: usize,
}

/// The first `limit` customers matching `query`, through `index`.
pub fn find<I: SearchIndex>(index: &I, query: &Query, limit: usize) -> Result<Found, I::Error> {
    // The words most likely to narrow the search first: an email, a long number, a long word.
    let mut order: Vec<usize> = (0..query.words.len()).collect();
    order.sort_by_key(|&i| {
        let w = &query.words[i];
        let longest = w.parts.iter().map(String::len).max().unwrap_or(0);
        (
            !w.raw.contains('@'),
            w.phone.len() < 6,
            usize::MAX - longest,
        )
    });
    let mut candidates: Option<Vec<String>> = None;
    let mut narrowed_by_all = true;
    for &i in &order {
        if candidates.as_ref().is_some_and(|c| c.len() <= CHECK_AT) {
            narrowed_by_all = false;
            break;
        }
        let set = word_set(index, query, i)?;
        candidates = Some(match candidates {
            None => set,
            Some(before) => intersect(&before, &set),
        });
    }
    let numbers = candidates.unwrap_or_default();
    let mut keyed = Vec::new();
    let mut rest = Vec::new();
    // Who a word names exactly: a customer number as written, or an email.
    let mut named = Vec::new();
    for word in &query.words {
        if index.customer(&word.raw)?.is_some() {
            named.push(word.raw.clone());
        }
        named.extend(index.email_owner(&word.lower)?);
    }
    if narrowed_by_all {
        for number in numbers {
            if named.contains(&number) {
                keyed.push(number);
            } else {
                rest.push(number);
            }
        }
        rest.sort_by(|a, b| numeric_cmp(a, b).then_with(|| a.cmp(b)));
        keyed.sort_by(|a, b| numeric_cmp(a, b).then_with(|| a.cmp(b)));
        let total = keyed.len() + rest.len();
        let mut customers = Vec::new();
        for number in keyed.iter().chain(&rest).take(limit) {
            customers.extend(index.customer(number)?);
        }
        return Ok(Found { customers, total });
    }
    let mut checked = Vec::new();
    for number in &numbers {
        if let Some(customer) = index.customer(number)?
            && query.matches(&customer)
        {
            checked.push(customer);
        }
    }
    Ok(ranked(query, checked, limit))
}

/// The first `limit` customers matching `query` among `customers`, read one by one.
pub fn scan<E>(
    query: &Query,
    limit: usize,
    for_each: impl FnOnce(&mut dyn FnMut(Customer) -> Result<(), E>) -> Result<(), E>,
) -> Result<Found, E> {
    let mut matched = Vec::new();
    for_each(&mut |customer| {
        if query.matches(&customer) {
            matched.push(customer);
        }
        Ok(())
    })?;
    Ok(ranked(query, matched, limit))
}

/// Those a word names exactly first, then in customer-number order; the first `limit`.
fn ranked(query: &Query, mut matched: Vec<Customer>, limit: usize) -> Found {
    let total = matched.len();
    matched.sort_by(|a, b| {
        let (x, y) = (a.number(), b.number());
        (!query.names_exactly(a))
            .cmp(&!query.names_exactly(b))
            .then_with(|| numeric_cmp(x, y))
            .then_with(|| x.cmp(y))
    });
    matched.truncate(limit);
    Found {
        customers: matched,
        total,
    }
}

/// The numbers of the customers word `i` matches, on its own or in a run with its
/// neighbours: sorted, each once.
fn word_set<I: SearchIndex>(index: &I, query: &Query, i: usize) -> Result<Vec<String>, I::Error> {
    let word = &query.words[i];
    let mut set = Vec::new();
    if index.customer(&word.raw)?.is_some() {
        set.push(word.raw.clone());
    }
    set.extend(index.email_owner(&word.lower)?);
    exact(index, kind::PHONE, &word.phone, &mut set)?;
    exact(index, kind::POSTAL, &word.postal, &mut set)?;
    let mut begun: Option<Vec<String>> = None;
    for part in &word.parts {
        let mut numbers = Vec::new();
        index.numbers_with(&format!("{}{part}", kind::WORD), &mut numbers)?;
        numbers.sort_unstable();
        numbers.dedup();
        begun = Some(match begun {
            None => numbers,
            Some(before) => intersect(&before, &numbers),
        });
    }
    set.extend(begun.unwrap_or_default());
    for run in query.runs.iter().filter(|r| r.first <= i && i < r.end) {
        exact(index, kind::PHONE, &run.phone, &mut set)?;
        exact(index, kind::POSTAL, &run.postal, &mut set)?;
    }
    set.sort_unstable();
    set.dedup();
    Ok(set)
}

/// Adds the numbers of the customers whose term of `kind` is `text` (none for no text).
fn exact<I: SearchIndex>(
    index: &I,
    kind: char,
    text: &str,
    out: &mut Vec<String>,
) -> Result<(), I::Error> {
    if text.is_empty() {
        return Ok(());
    }
    index.numbers_with(&format!("{kind}{text}{TERM_END}"), out)
}

/// The numbers in both sorted lists.
fn intersect(a: &[String], b: &[String]) -> Vec<String> {
    let (mut i, mut j, mut both) = (0, 0, Vec::new());
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                both.push(a[i].clone());
                i += 1;
                j += 1;
            }
        }
    }
    both
}

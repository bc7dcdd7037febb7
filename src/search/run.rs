//! Running a query: [`find`] through the register's search index, [`scan`] by reading every
//! customer. Both list the same customers in the same order — those a word names exactly (by
//! number or email) first, then the rest by customer number (numbers of digits by their value,
//! then any others in text order) — and `scan` is what the tests hold `find` to.

use super::{Query, TERM_END, kind};
use crate::customer::Customer;

/// When the customers that can still match are at most this many, they are read and checked
/// against the whole query rather than narrowed by the index word by word.
const CHECK_AT: usize = 64;

/// What the search index answers.
pub trait SearchIndex {
    type Error;

    /// Calls `each` with the number of every customer with an index term that starts with
    /// `prefix` (a kind letter, then text).
    fn numbers_with(&self, prefix: &str, each: &mut dyn FnMut(&str)) -> Result<(), Self::Error>;

    /// Calls `each(i, number)` with the number of every customer with an index term that
    /// starts with `prefixes[i]` (sorted, none a prefix of another), in one pass.
    fn numbers_with_each(
        &self,
        prefixes: &[&str],
        each: &mut dyn FnMut(usize, &str),
    ) -> Result<(), Self::Error>;

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
    let mut candidates: Option<Vec<Order>> = None;
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
    if narrowed_by_all {
        // Who a word names exactly: a customer number as written, or an email.
        let mut named = Vec::new();
        for word in &query.words {
            if index.customer(&word.raw)?.is_some() {
                named.push(Order::of(&word.raw));
            }
            named.extend(index.email_owner(&word.lower)?.map(|n| Order::of(&n)));
        }
        named.sort_unstable();
        named.dedup();
        named.retain(|n| numbers.binary_search(n).is_ok());
        let total = numbers.len();
        let rest = numbers.iter().filter(|n| named.binary_search(n).is_err());
        let mut customers = Vec::new();
        for number in named.iter().chain(rest).take(limit) {
            customers.extend(index.customer(&number.number())?);
        }
        return Ok(Found { customers, total });
    }
    let mut checked = Vec::new();
    for number in &numbers {
        if let Some(customer) = index.customer(&number.number())?
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
    matched.sort_by_cached_key(|c| (!query.names_exactly(c), Order::of(c.number())));
    matched.truncate(limit);
    Found {
        customers: matched,
        total,
    }
}

/// A customer number in the order `find` lists customers: numbers of digits (without
/// leading zeros) by their value, then any others in text order.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Order {
    Value(u64),
    Text(String),
}

impl Order {
    fn of(number: &str) -> Order {
        match number.parse::<u64>() {
            Ok(value) if !number.starts_with(['0', '+']) => Order::Value(value),
            _ => Order::Text(number.to_string()),
        }
    }

    fn number(&self) -> String {
        match self {
            Order::Value(value) => value.to_string(),
            Order::Text(text) => text.clone(),
        }
    }
}

/// The numbers of the customers word `i` matches, on its own or in a run with its
/// neighbours: sorted, each once.
fn word_set<I: SearchIndex>(index: &I, query: &Query, i: usize) -> Result<Vec<Order>, I::Error> {
    let word = &query.words[i];
    let mut set = Vec::new();
    if index.customer(&word.raw)?.is_some() {
        set.push(Order::of(&word.raw));
    }
    set.extend(index.email_owner(&word.lower)?.map(|n| Order::of(&n)));
    exact(index, kind::PHONE, &word.phone, &mut set)?;
    exact(index, kind::POSTAL, &word.postal, &mut set)?;
    let mut begun: Option<Vec<Order>> = None;
    for part in &word.parts {
        let mut numbers = Vec::new();
        let prefix = format!("{}{part}", kind::WORD);
        index.numbers_with(&prefix, &mut |n| numbers.push(Order::of(n)))?;
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
    out: &mut Vec<Order>,
) -> Result<(), I::Error> {
    if text.is_empty() {
        return Ok(());
    }
    let prefix = format!("{kind}{text}{TERM_END}");
    index.numbers_with(&prefix, &mut |n| out.push(Order::of(n)))
}

/// The numbers in both sorted lists.
fn intersect(a: &[Order], b: &[Order]) -> Vec<Order> {
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

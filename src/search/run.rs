//! Running a query: [`find`] through the register's search index, [`scan`] by reading every
//! customer. Both list the same customers in the same order — those a word names exactly (by
//! number or email) first, then the rest in [`order_key`] order — and count the matches up to
//! [`COUNT_MORE`] beyond those listed; `scan` is what the tests hold `find` to.
//!
//! `find` reads the index as streams of customers in list order, one per term, merged for a
//! word (its terms, its exact matches) and intersected across words by leapfrogging: each
//! stream seeks to the largest customer the others are at. It stops once it has counted
//! enough, so a common word costs no more than a rare one.

use super::{Query, order_key};
use crate::customer::Customer;

/// How many matches beyond those listed are counted; past that, "more than".
pub const COUNT_MORE: usize = 50;
/// A word part beginning more terms than this is read as one list rather than merged.
const MOST_TERMS: usize = 64;

/// What the search index answers.
pub trait SearchIndex {
    type Error;

    /// The distinct terms that start with `prefix` (a kind letter, then text), in order;
    /// `None` when there are more than `most`.
    fn terms_with(&self, prefix: &str, most: usize) -> Result<Option<Vec<String>>, Self::Error>;

    /// The customers with exactly `term`, as [`order_key`]s, in order.
    fn run(&self, term: &str) -> Result<Box<dyn Postings<Self::Error> + '_>, Self::Error>;

    /// Calls `each` with the [`order_key`] of every customer with an index term that starts
    /// with `prefix`.
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

    /// The customers with these numbers, in their order (one the index names is there).
    fn customers(&self, numbers: &[String]) -> Result<Vec<Customer>, Self::Error> {
        let mut found = Vec::with_capacity(numbers.len());
        for number in numbers {
            found.extend(self.customer(number)?);
        }
        Ok(found)
    }
}

/// The customers of one term, in order.
pub trait Postings<E> {
    /// The [`order_key`] of the customer it is at; `None` past the last.
    fn current(&self) -> Option<&str>;

    /// Moves to the first customer at or after `key`.
    fn seek(&mut self, key: &str) -> Result<(), E>;
}

/// The customers a query found: the first ones asked for, and how many matched in all —
/// exactly when `complete`, else at least that many.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Found {
    pub customers: Vec<Customer>,
    pub total: usize,
    pub complete: bool,
}

/// Customers in list order, as [`order_key`]s.
enum Stream<'s, E> {
    Run(Box<dyn Postings<E> + 's>),
    Keys(Vec<String>, usize),
    /// Those of any of them.
    Any(Vec<Stream<'s, E>>),
    /// Those of all of them, and the one they are all at.
    All(Vec<Stream<'s, E>>, Option<String>),
}

impl<E> Stream<'_, E> {
    fn current(&self) -> Option<&str> {
        match self {
            Stream::Run(run) => run.current(),
            Stream::Keys(keys, at) => keys.get(*at).map(String::as_str),
            Stream::Any(streams) => streams.iter().filter_map(Stream::current).min(),
            Stream::All(_, at) => at.as_deref(),
        }
    }

    fn seek(&mut self, key: &str) -> Result<(), E> {
        match self {
            Stream::Run(run) => run.seek(key),
            Stream::Keys(keys, at) => {
                *at += keys[*at..].partition_point(|k| k.as_str() < key);
                Ok(())
            }
            Stream::Any(streams) => streams.iter_mut().try_for_each(|s| s.seek(key)),
            Stream::All(streams, at) => {
                streams.iter_mut().try_for_each(|s| s.seek(key))?;
                align(streams, at)
            }
        }
    }
}

/// Moves every stream to the first customer all of them have, and puts it in `at` (`None`:
/// there is none).
fn align<E>(streams: &mut [Stream<'_, E>], at: &mut Option<String>) -> Result<(), E> {
    let mut largest = at.take().unwrap_or_default();
    loop {
        let mut most: Option<&str> = None;
        for stream in streams.iter() {
            let Some(key) = stream.current() else {
                return Ok(());
            };
            most = most.max(Some(key));
        }
        let Some(most) = most else {
            return Ok(());
        };
        largest.clear();
        largest.push_str(most);
        if streams.iter().all(|s| s.current() == Some(&largest)) {
            *at = Some(largest);
            return Ok(());
        }
        streams.iter_mut().try_for_each(|s| s.seek(&largest))?;
    }
}

/// The customers all of `streams` have.
fn all_of<E>(mut streams: Vec<Stream<'_, E>>) -> Result<Stream<'_, E>, E> {
    if streams.len() == 1 {
        return Ok(streams.remove(0));
    }
    let mut at = None;
    align(&mut streams, &mut at)?;
    Ok(Stream::All(streams, at))
}

/// The customers any of `streams` has.
fn any_of<E>(mut streams: Vec<Stream<'_, E>>) -> Stream<'_, E> {
    streams.retain(|s| !matches!(s, Stream::Keys(keys, _) if keys.is_empty()));
    match streams.len() {
        1 => streams.remove(0),
        _ => Stream::Any(streams),
    }
}

/// The first `limit` customers matching `query`, through `index`.
pub fn find<I: SearchIndex>(index: &I, query: &Query, limit: usize) -> Result<Found, I::Error> {
    // Those a word names exactly (a customer number as written, or an email) come first.
    let mut named: Vec<(String, Customer)> = Vec::new();
    let mut words = Vec::with_capacity(query.words.len());
    for (i, word) in query.words.iter().enumerate() {
        let email = index.email_owner(&word.lower)?;
        let mut exact = Vec::new();
        for number in std::iter::once(word.raw.clone()).chain(email) {
            let Some(customer) = index.customer(&number)? else {
                continue;
            };
            exact.push(order_key(&number));
            if query.matches(&customer) && !named.iter().any(|(_, c)| c.number() == number) {
                named.push((order_key(&number), customer));
            }
        }
        words.push(word_stream(index, query, i, exact)?);
    }
    named.sort_by(|a, b| a.0.cmp(&b.0));
    let mut matches = all_of(words)?;
    let most = limit.saturating_add(COUNT_MORE);
    let mut total = named.len();
    let mut customers: Vec<Customer> = named.iter().take(limit).map(|(_, c)| c.clone()).collect();
    let mut listed: Vec<String> = Vec::new();
    let mut complete = true;
    // Just past the customer the matches are at: that key and the character before all others.
    let mut next = String::new();
    while let Some(key) = matches.current() {
        if !named.iter().any(|(k, _)| k == key) {
            if total == most {
                complete = false;
                break;
            }
            total += 1;
            if customers.len() + listed.len() < limit {
                listed.push(super::number_of(key).to_string());
            }
        }
        next.clear();
        next.push_str(key);
        next.push('\0');
        matches.seek(&next)?;
    }
    customers.extend(index.customers(&listed)?);
    Ok(Found {
        customers,
        total: total.min(most),
        complete,
    })
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
    matched.sort_by_cached_key(|c| (!query.names_exactly(c), order_key(c.number())));
    let most = limit.saturating_add(COUNT_MORE);
    let found = Found {
        total: matched.len().min(most),
        complete: matched.len() <= most,
        customers: matched.into_iter().take(limit).collect(),
    };
    Ok(found)
}

/// The customers word `i` matches, on its own or in a run with its neighbours; `keys` are
/// those it names exactly (by number or email).
fn word_stream<'s, I: SearchIndex>(
    index: &'s I,
    query: &Query,
    i: usize,
    mut keys: Vec<String>,
) -> Result<Stream<'s, I::Error>, I::Error> {
    use super::kind::{PHONE, POSTAL, WORD};
    let word = &query.words[i];
    keys.sort_unstable();
    keys.dedup();
    let mut any = vec![Stream::Keys(keys, 0)];
    let runs = query.runs.iter().filter(|r| r.first <= i && i < r.end);
    let exact = [(PHONE, &word.phone), (POSTAL, &word.postal)]
        .into_iter()
        .chain(runs.flat_map(|r| [(PHONE, &r.phone), (POSTAL, &r.postal)]));
    for (kind, text) in exact.filter(|(_, text)| !text.is_empty()) {
        any.push(Stream::Run(index.run(&format!("{kind}{text}"))?));
    }
    if !word.parts.is_empty() {
        let mut parts = Vec::new();
        for part in &word.parts {
            let prefix = format!("{WORD}{part}");
            let begun = match index.terms_with(&prefix, MOST_TERMS)? {
                Some(terms) => any_of(
                    terms
                        .iter()
                        .map(|term| index.run(term).map(Stream::Run))
                        .collect::<Result<_, _>>()?,
                ),
                None => {
                    let mut keys = Vec::new();
                    index.numbers_with(&prefix, &mut |key| keys.push(key.to_string()))?;
                    keys.sort_unstable();
                    keys.dedup();
                    Stream::Keys(keys, 0)
                }
            };
            parts.push(begun);
        }
        any.push(all_of(parts)?);
    }
    Ok(any_of(any))
}

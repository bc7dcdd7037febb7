//! What `find` matches: the words of a query, the forms of a customer's values a query is
//! compared with, the rule itself ([`Query::matches`]), and the terms the register's search
//! index keeps of a customer. `run` finds a query's customers through an index or by a plain
//! scan, in the same order.
//!
//! The rule, as the reference states it: every word must match one of the customer's values.
//! A word matches the customer number exactly, the email in any case, the phone by its digits
//! (`+46` read as `0`), the postal code without its space, or the beginning of a word of the
//! name, company, address or city in any case. Neighbouring words match together as one phone
//! number or postal code ("070-123 45 67", "411 01").

pub mod duplicates;
mod run;

pub use run::{COUNT_MORE, Found, Postings, SearchIndex, find, scan};

use crate::customer::{Customer, Values, is_numeric};
use crate::field::{Field, compared_form};

/// The most words a query may have.
pub const MAX_WORDS: usize = 16;
/// The longest word of a query, in characters.
pub const MAX_WORD_CHARS: usize = 100;
/// The most neighbouring words read together as one phone number or postal code.
const MAX_RUN: usize = 6;

/// Fields whose words a query word may begin.
const WORD_FIELDS: [Field; 5] = [
    Field::FirstName,
    Field::LastName,
    Field::Company,
    Field::Address,
    Field::City,
];

/// A customer number as an index key ends with it, so that a term's customers are in the
/// order `find` lists them: numbers of digits (without leading zeros) by their value — their
/// length in two digits first —, then any others in text order, after `~`.
pub fn order_key(number: &str) -> String {
    if is_numeric(number) && !number.starts_with('0') && number.len() < 100 {
        format!("{:02}{number}", number.len())
    } else {
        format!("~{number}")
    }
}

/// The customer number an [`order_key`] stands for.
pub fn number_of(order_key: &str) -> &str {
    match order_key.strip_prefix('~') {
        Some(number) => number,
        None => order_key.get(2..).unwrap_or_default(),
    }
}

/// The fewest digits a phone number compared for likely duplicates has.
const MIN_PHONE_DIGITS: usize = 5;

/// Separates an index term from the customer number in an index key; no term holds it.
pub const TERM_END: char = '\0';

/// Why a query cannot be run.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum QueryError {
    #[error("the search has no letters or digits")]
    Empty,
    #[error("the search has more than {MAX_WORDS} words")]
    TooManyWords,
    #[error("a word of the search is longer than {MAX_WORD_CHARS} characters")]
    WordTooLong,
}

/// One word of a query, in the forms it is compared in.
#[derive(Clone, Debug)]
pub(crate) struct Word {
    /// As written: compared with the customer number.
    raw: String,
    /// In lower case: compared with the email.
    lower: String,
    phone: String,
    postal: String,
    /// Its letters and digits, in lower case, split where anything else stands: each must
    /// begin a word of the customer's names, address or city.
    parts: Vec<String>,
}

impl Word {
    fn new(raw: &str) -> Word {
        Word {
            raw: raw.to_string(),
            lower: raw.to_lowercase(),
            phone: term_text(&compared_form(Field::Phone, raw)),
            postal: term_text(&compared_form(Field::PostalCode, raw)),
            parts: words_of(raw).collect(),
        }
    }
}

/// Neighbouring words read together, `first..end`, as one phone number or postal code.
#[derive(Clone, Debug)]
pub(crate) struct Run {
    first: usize,
    end: usize,
    phone: String,
    postal: String,
}

/// A search: its words and the runs of neighbouring words.
#[derive(Clone, Debug)]
pub struct Query {
    words: Vec<Word>,
    runs: Vec<Run>,
}

impl Query {
    /// The query of `text`: its words are separated by spaces, commas or semicolons; a word
    /// with no letter or digit is left out.
    pub fn parse(text: &str) -> Result<Query, QueryError> {
        let raw: Vec<&str> = text
            .split(|c: char| c.is_whitespace() || c == ',' || c == ';')
            .filter(|w| w.chars().any(char::is_alphanumeric))
            .collect();
        if raw.is_empty() {
            return Err(QueryError::Empty);
        }
        if raw.len() > MAX_WORDS {
            return Err(QueryError::TooManyWords);
        }
        if raw.iter().any(|w| w.chars().count() > MAX_WORD_CHARS) {
            return Err(QueryError::WordTooLong);
        }
        let mut runs = Vec::new();
        for first in 0..raw.len() {
            for end in first + 2..=raw.len().min(first + MAX_RUN) {
                let joined: String = raw[first..end].concat();
                runs.push(Run {
                    first,
                    end,
                    phone: term_text(&compared_form(Field::Phone, &joined)),
                    postal: term_text(&compared_form(Field::PostalCode, &joined)),
                });
            }
        }
        Ok(Query {
            words: raw.into_iter().map(Word::new).collect(),
            runs,
        })
    }

    /// Whether `customer` matches every word.
    pub fn matches(&self, customer: &Customer) -> bool {
        let forms = Forms::of(customer);
        let mut matched: Vec<bool> = self.words.iter().map(|w| forms.matches(w)).collect();
        for run in &self.runs {
            if forms.matches_run(run) {
                matched[run.first..run.end].fill(true);
            }
        }
        matched.into_iter().all(|m| m)
    }

    /// Whether a word is the customer's number or email: such a customer is listed first.
    pub fn names_exactly(&self, customer: &Customer) -> bool {
        self.words.iter().any(|w| {
            customer.get(Field::CustomerNumber) == Some(w.raw.as_str())
                || customer.get(Field::Email) == Some(w.lower.as_str())
        })
    }
}

/// A customer's values in the forms a query is compared with.
struct Forms<'a> {
    number: &'a str,
    email: Option<&'a str>,
    phone: String,
    postal: String,
    words: Vec<String>,
}

impl<'a> Forms<'a> {
    fn of(customer: &'a Customer) -> Forms<'a> {
        let form = |field| {
            customer
                .get(field)
                .map(|v| term_text(&compared_form(field, v)))
                .unwrap_or_default()
        };
        Forms {
            number: customer.number(),
            email: customer.get(Field::Email),
            phone: form(Field::Phone),
            postal: form(Field::PostalCode),
            words: WORD_FIELDS
                .iter()
                .filter_map(|f| customer.get(*f))
                .flat_map(words_of)
                .collect(),
        }
    }

    fn matches(&self, word: &Word) -> bool {
        word.raw == self.number
            || self.email == Some(word.lower.as_str())
            || (!word.phone.is_empty() && word.phone == self.phone)
            || (!word.postal.is_empty() && word.postal == self.postal)
            || (!word.parts.is_empty()
                && word
                    .parts
                    .iter()
                    .all(|p| self.words.iter().any(|w| w.starts_with(p.as_str()))))
    }

    fn matches_run(&self, run: &Run) -> bool {
        (!run.phone.is_empty() && run.phone == self.phone)
            || (!run.postal.is_empty() && run.postal == self.postal)
    }
}

/// The letters and digits of `text` in lower case, split where anything else stands.
fn words_of(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
}

/// `form` without the character that ends a term in an index key.
fn term_text(form: &str) -> String {
    form.replace(TERM_END, "")
}

/// The kinds of index term: each term starts with its kind's letter.
pub(crate) mod kind {
    /// A word of the names, company, address or city.
    pub const WORD: char = 'w';
    /// A phone number, in its compared form.
    pub const PHONE: char = 't';
    /// A postal code, in its compared form.
    pub const POSTAL: char = 'p';
    /// First name, last name and postal code together, in their compared forms: what a likely
    /// duplicate shares (see `duplicates`).
    pub const NAME: char = 'n';
    /// Not a term: a version that changed a customer (the register's index keeps them beside
    /// the terms, for a customer's card).
    pub const VERSION: char = 'v';
}

/// The index terms of a customer's values: each word of the names, company, address and city
/// once, the phone, the postal code, and first name, last name and postal code together.
pub fn terms(values: &Values<'_>) -> Vec<String> {
    // The words as the query compares them (`words_of`), so the index holds what a scan finds.
    let mut terms: Vec<String> = WORD_FIELDS
        .iter()
        .filter_map(|f| values[f.index()])
        .flat_map(words_of)
        .map(|word| format!("{}{word}", kind::WORD))
        .collect();
    for (field, kind) in [
        (Field::Phone, kind::PHONE),
        (Field::PostalCode, kind::POSTAL),
    ] {
        if let Some(value) = values[field.index()] {
            let form = term_text(&compared_form(field, value));
            if !form.is_empty() {
                terms.push(format!("{kind}{form}"));
            }
        }
    }
    if let Some(key) = name_key(values) {
        terms.push(format!("{}{key}", kind::NAME));
    }
    terms.sort_unstable();
    terms.dedup();
    terms
}

/// What a likely duplicate is compared by: the phone's compared form, if it has enough digits
/// to name a person (a few characters name no one).
pub fn phone_key(values: &Values<'_>) -> Option<String> {
    let phone = values[Field::Phone.index()]?;
    let form = term_text(&compared_form(Field::Phone, phone));
    (form.chars().filter(char::is_ascii_digit).count() >= MIN_PHONE_DIGITS).then_some(form)
}

/// First name, last name and postal code together in their compared forms, when all three
/// are given.
pub fn name_key(values: &Values<'_>) -> Option<String> {
    let form = |field: Field| Some(term_text(&compared_form(field, values[field.index()]?)));
    let (first, last, postal) = (
        form(Field::FirstName)?,
        form(Field::LastName)?,
        form(Field::PostalCode)?,
    );
    let key = format!("{first}\t{last}\t{postal}");
    (!first.is_empty() && !last.is_empty() && !postal.is_empty()).then_some(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn customer(pairs: &[(Field, &str)]) -> Customer {
        let mut c = Customer::default();
        for (f, v) in pairs {
            c.values[f.index()] = Some(v.to_string());
        }
        c
    }

    #[test]
    fn the_rules_of_the_reference() {
        let nils = customer(&[
            (Field::CustomerNumber, "1001"),
            (Field::Email, "nils@exempel.se"),
            (Field::FirstName, "Nils"),
            (Field::LastName, "Karlsson"),
            (Field::Phone, "070-123 45 67"),
            (Field::PostalCode, "831 30"),
            (Field::City, "Östersund"),
        ]);
        let finds = |q: &str| Query::parse(q).unwrap().matches(&nils);
        for q in [
            "nils karl",
            "öster",
            "ÖSTERSUND",
            "Karlsson, 070-123 45 67",
            "+46 70 123 45 67",
            "0701234567",
            "83130",
            "831 30",
            "1001",
            "NILS@exempel.se",
            "karlsson nils",
        ] {
            assert!(finds(q), "{q}");
        }
        for q in [
            "nils berg",
            "100",
            "nils@exempel",
            "ster",
            "0701234",
            "070 123",
        ] {
            assert!(!finds(q), "{q}");
        }
        assert!(Query::parse("1001").unwrap().names_exactly(&nils));
        assert!(!Query::parse("nils").unwrap().names_exactly(&nils));
    }

    #[test]
    fn the_index_keeps_a_word_as_the_query_compares_it() {
        // A word's own lower case (a closing sigma is ς), not one letter's at a time (σ).
        let mut values: Values<'_> = [None; crate::field::FIELD_COUNT];
        values[Field::LastName.index()] = Some("ΣΑΣ");
        assert!(terms(&values).contains(&format!("{}σας", kind::WORD)));
        let customer = Customer::from_values(&values);
        assert!(Query::parse("σας").unwrap().matches(&customer));
    }

    #[test]
    fn queries_are_bounded() {
        assert_eq!(Query::parse(" - , ").unwrap_err(), QueryError::Empty);
        let many = "a ".repeat(MAX_WORDS + 1);
        assert_eq!(Query::parse(&many).unwrap_err(), QueryError::TooManyWords);
        let long = "a".repeat(MAX_WORD_CHARS + 1);
        assert_eq!(Query::parse(&long).unwrap_err(), QueryError::WordTooLong);
    }
}

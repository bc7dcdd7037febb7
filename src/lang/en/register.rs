//! The register: the texts in English.

use crate::lang::register::RegisterTexts;
use crate::search::{MAX_WORD_CHARS, MAX_WORDS, QueryError};

pub static TEXTS: RegisterTexts = RegisterTexts {
    find_columns: ["Customer number", "Name", "Email", "Phone", "City"],
    found_none: "No customer matches the search.",
    found_more: |more| {
        format!("{more} more match: add a word to the search, or show more with --limit.")
    },
    versions_title: "Versions that changed the customer, newest first",
    versions_columns: ["Version", "Time", "Kind", "File", "Fields changed"],
    bad_query: |e| {
        match e {
        QueryError::Empty => {
            "The search has no letters or digits: write a name, a phone number or a customer number, for example.".into()
        }
        QueryError::TooManyWords => format!("The search has more than {MAX_WORDS} words: search with fewer."),
        QueryError::WordTooLong => {
            format!("A word of the search is longer than {MAX_WORD_CHARS} characters: search with a part of it.")
        }
    }
    },
};

//! The register: the texts in English.

use super::field_name;
use crate::edit::SettingError;
use crate::lang::register::RegisterTexts;
use crate::search::duplicates::Shared;
use crate::search::{MAX_WORD_CHARS, MAX_WORDS, QueryError};

pub static TEXTS: RegisterTexts = RegisterTexts {
    find_columns: ["Customer number", "Name", "Email", "Phone", "City"],
    found_none: "No customer matches the search.",
    found_more: |more| {
        format!("{more} more match: add a word to the search, or show more with --limit.")
    },
    versions_title: "Versions that changed the customer, newest first",
    versions_columns: ["Version", "Time", "Kind", "File", "Fields changed"],
    found_more_than: |more| {
        format!("More than {more} more match: add a word to the search to find the customer.")
    },
    bad_setting: |e| {
        match e {
        SettingError::NotASetting(arg) => format!(
            "\"{arg}\" is not FIELD=VALUE: write phone=070-123 45 67, for example (a value with spaces in quotes)."
        ),
        SettingError::UnknownField(name) => format!(
            "No field is called \"{name}\": use a name a header of an import file may have, such as phone, city or email (the reference lists them all)."
        ),
        SettingError::Twice(field) => format!("{} is given twice: give it once.", field_name(*field)),
        SettingError::NoValue(field) => format!(
            "{} is given no value. Write {}=#CLEAR to clear the field.",
            field_name(*field),
            field.key()
        ),
        SettingError::NumberCannotChange => {
            "A customer number cannot be changed: it is the customer's key. Add the customer with the new number (kundreg add) and forget the old one if it should go.".into()
        }
        SettingError::NeedsKey => {
            "A new customer needs an email or a customer number: give email=… or customer_number=… (without a number the customer gets the next free one).".into()
        }
        SettingError::Nothing => "Nothing to change: give at least one FIELD=VALUE.".into(),
    }
    },
    not_applicable: |why| {
        format!(
            "The change cannot be made: {}. Nothing was changed.",
            why.trim_end_matches('.')
        )
    },
    customer_exists: "The customer is in the register already (with that customer number or email): change them with kundreg set. Nothing was changed.",
    customer_gone: "The customer is no longer in the register (forgotten or rolled back just now). Nothing was changed.",
    confirm_edit: "Make the change? [y/N] ",
    not_edited: "Nothing was changed.",
    edit_changes_nothing: "The customer has those values already: nothing to change.",
    edited: |number, version| format!("Customer {number} changed: version {version}."),
    added: |number, version| format!("Customer {number} added: version {version}."),
    no_duplicates: "No likely duplicates: no two customers have the same phone number, or the same first name, last name and postal code.",
    shared: |shared| match shared {
        Shared::Phone => "The same phone number",
        Shared::Name => "The same first name, last name and postal code",
    },
    duplicate_groups: |groups| {
        format!(
            "{groups} groups of likely duplicates. Where it is one person: correct the customer who stays (kundreg set) and forget the other (kundreg forget)."
        )
    },
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

//! Registret: texterna på svenska.

use crate::lang::register::RegisterTexts;
use crate::search::{MAX_WORD_CHARS, MAX_WORDS, QueryError};

pub static TEXTS: RegisterTexts = RegisterTexts {
    find_columns: ["Kundnummer", "Namn", "E-post", "Telefon", "Ort"],
    found_none: "Ingen kund matchar sökningen.",
    found_more: |more| {
        format!("{more} till matchar: lägg till ett ord i sökningen, eller visa fler med --limit.")
    },
    versions_title: "Versioner som ändrade kunden, nyast först",
    versions_columns: ["Version", "Tid", "Slag", "Fil", "Ändrade fält"],
    bad_query: |e| {
        match e {
        QueryError::Empty => {
            "Sökningen har inga bokstäver eller siffror: skriv till exempel ett namn, ett telefonnummer eller ett kundnummer.".into()
        }
        QueryError::TooManyWords => format!("Sökningen har fler än {MAX_WORDS} ord: sök med färre."),
        QueryError::WordTooLong => {
            format!("Ett ord i sökningen är längre än {MAX_WORD_CHARS} tecken: sök med en del av det.")
        }
    }
    },
};

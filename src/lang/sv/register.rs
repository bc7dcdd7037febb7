//! Registret: texterna på svenska.

use super::field_name;
use crate::edit::SettingError;
use crate::lang::register::RegisterTexts;
use crate::search::duplicates::Shared;
use crate::search::{MAX_WORD_CHARS, MAX_WORDS, QueryError};

pub static TEXTS: RegisterTexts = RegisterTexts {
    find_columns: ["Kundnummer", "Namn", "E-post", "Telefon", "Ort"],
    found_none: "Ingen kund matchar sökningen.",
    found_more: |more| {
        format!("{more} till matchar: lägg till ett ord i sökningen, eller visa fler med --limit.")
    },
    versions_title: "Versioner som ändrade kunden, nyast först",
    versions_columns: ["Version", "Tid", "Slag", "Fil", "Ändrade fält"],
    found_more_than: |more| {
        format!(
            "Fler än {more} till matchar: lägg till ett ord i sökningen för att hitta rätt kund."
        )
    },
    bad_setting: |e| {
        match e {
        SettingError::NotASetting(arg) => format!(
            "\"{arg}\" är inte FÄLT=VÄRDE: skriv till exempel telefon=070-123 45 67 (värden med mellanslag inom citattecken)."
        ),
        SettingError::UnknownField(name) => format!(
            "Det finns inget fält som heter \"{name}\": använd ett namn som en rubrik i en importfil kan ha, till exempel telefon, ort eller e-post (referensen listar alla)."
        ),
        SettingError::Twice(field) => format!("{} anges två gånger: ange det en gång.", field_name(*field)),
        SettingError::NoValue(field) => format!(
            "{} får inget värde. Skriv {}=#TÖM för att tömma fältet.",
            field_name(*field),
            field.key()
        ),
        SettingError::NumberCannotChange => {
            "Kundnumret kan inte ändras: det är kundens nyckel. Lägg till kunden med det nya numret (kundreg add) och glöm den gamla om den ska bort.".into()
        }
        SettingError::NeedsKey => {
            "En ny kund behöver en e-post eller ett kundnummer: ange e-post=… eller kundnummer=… (utan nummer får kunden nästa lediga).".into()
        }
        SettingError::Nothing => "Inget att ändra: ange minst ett FÄLT=VÄRDE.".into(),
    }
    },
    not_applicable: |why| {
        format!(
            "Ändringen kan inte göras: {}. Ingenting ändrades.",
            why.trim_end_matches('.')
        )
    },
    customer_exists: "Kunden finns redan i registret (med det kundnumret eller den e-posten): ändra den med kundreg set. Ingenting ändrades.",
    customer_gone: "Kunden finns inte längre i registret (den glömdes eller ångrades nyss). Ingenting ändrades.",
    confirm_edit: "Göra ändringen? [j/N] ",
    not_edited: "Ingenting ändrades.",
    edit_changes_nothing: "Kunden har redan de värdena: ingenting att ändra.",
    edited: |number, version| format!("Kund {number} ändrad: version {version}."),
    added: |number, version| format!("Kund {number} tillagd: version {version}."),
    no_duplicates: "Inga troliga dubbletter: inga två kunder har samma telefonnummer, eller samma förnamn, efternamn och postnummer.",
    shared: |shared| match shared {
        Shared::Phone => "Samma telefonnummer",
        Shared::Name => "Samma förnamn, efternamn och postnummer",
    },
    duplicate_groups: |groups| {
        format!(
            "{groups} grupper av troliga dubbletter. Är det samma person: rätta den kund som ska vara kvar (kundreg set) och glöm den andra (kundreg forget)."
        )
    },
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

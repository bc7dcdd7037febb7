//! Random work on a register for the property tests: imports of files that create, change and
//! collide (few numbers and emails), customers changed and added by hand, rollbacks
//! (conflicting ones too, with and without force), rollbacks to a version, and forgets.

use proptest::prelude::*;

#[derive(Clone, Debug)]
pub enum Op {
    /// A file of rows: (number or none, email index or none, first name index).
    Import(Vec<(Option<u8>, Option<u8>, u8)>),
    /// Roll back the version at this position (modulo the versions there are, plus one
    /// that does not exist).
    Rollback {
        pick: u8,
        force: bool,
    },
    RollbackTo(u8),
    /// Forget the customer with this number, or with this email.
    Forget {
        number: u8,
        by_email: bool,
    },
    /// Give the customer with this number the name (with its phone and city) `NAMES[name]`.
    Edit {
        number: u8,
        name: u8,
    },
    /// Add a customer with the email `EMAILS[email]` and the name `NAMES[name]`.
    Add {
        email: u8,
        name: u8,
    },
}

pub const EMAILS: [&str; 4] = ["anna@x.se", "bo@x.se", "cilla@x.se", "dan@x.se"];
pub const NAMES: [&str; 3] = ["Anna", "Bo", "Cilla"];
/// Each name's phone and city: written differently, so that a search finds them by the rules.
pub const PHONES: [&str; 3] = ["070-123 45 67", "+46 70 1234567", "08-55 55"];
pub const CITIES: [&str; 3] = ["Östersund", "Örebro", "Ås"];

pub fn op() -> impl Strategy<Value = Op> {
    let row = (
        proptest::option::of(1u8..7),
        proptest::option::of(0u8..4),
        0u8..3,
    );
    prop_oneof![
        4 => proptest::collection::vec(row, 1..5).prop_map(Op::Import),
        3 => (any::<u8>(), any::<bool>()).prop_map(|(pick, force)| Op::Rollback { pick, force }),
        1 => any::<u8>().prop_map(Op::RollbackTo),
        1 => (1u8..7, any::<bool>()).prop_map(|(number, by_email)| Op::Forget { number, by_email }),
        1 => (1u8..7, 0u8..3).prop_map(|(number, name)| Op::Edit { number, name }),
        1 => (0u8..4, 0u8..3).prop_map(|(email, name)| Op::Add { email, name }),
    ]
}

/// The settings of a name: (field, value) pairs, as `set` and `add` take them.
fn named(name: u8) -> Vec<String> {
    let i = name as usize;
    vec![
        format!("förnamn={}", NAMES[i]),
        format!("telefon={}", PHONES[i]),
        format!("ort={}", CITIES[i]),
    ]
}

/// The list of one row `set NUMBER` with the name `NAMES[name]` makes.
pub fn edit_list(number: &str, name: u8) -> String {
    let settings = kundreg::edit::Settings::parse(&named(name)).expect("settings");
    settings.as_list(Some(number))
}

/// The list of one row `add` of `EMAILS[email]` with the name `NAMES[name]` makes.
pub fn add_list(email: u8, name: u8) -> String {
    let mut values = named(name);
    values.push(format!("epost={}", EMAILS[email as usize]));
    let settings = kundreg::edit::Settings::parse(&values).expect("settings");
    settings.as_list(None)
}

pub fn file(rows: &[(Option<u8>, Option<u8>, u8)]) -> Vec<u8> {
    let mut text = String::from("kundnummer,epost,förnamn,telefon,ort\n");
    for (number, email, name) in rows {
        let number = number.map(|n| n.to_string()).unwrap_or_default();
        let email = email.map_or("", |e| EMAILS[e as usize]);
        let i = *name as usize;
        text.push_str(&format!(
            "{number},{email},{},{},{}\n",
            NAMES[i], PHONES[i], CITIES[i]
        ));
    }
    text.into_bytes()
}

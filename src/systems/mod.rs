//! The customer lists other systems write, read as they come: which system a header is from,
//! and what each of its columns means to kundreg — a field (first choice or a later one), a
//! second line of one, parts of one cell, or nothing kundreg keeps. The tables follow each
//! system's documentation of its export; the reference lists the sources and when each was
//! checked. `parts` splits the cells that hold more than one field.

mod parts;
mod tables;

pub use parts::{AddressParts, split_address, split_full_name};

use crate::field::{Field, normalize_header, normalized_chars};

/// A system whose customer export kundreg reads as it comes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct System {
    /// The stable name scripts know it by (JSON `read_as`).
    pub key: &'static str,
    /// The system's own name, as a person knows it.
    pub name: &'static str,
    /// Headers only this system's export has: one of them present names the system.
    signature: &'static [&'static str],
    /// Every column of the export kundreg knows, and what it means.
    columns: &'static [(&'static str, Meaning)],
}

/// What a column of a system's export means to kundreg.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Meaning {
    /// The field's value; `rank` 0 is the first choice, a higher one is read where the
    /// columns before it are empty.
    Field { field: Field, rank: u8 },
    /// A further line of the field of the same rank, added after it (`Address2`).
    More { field: Field, rank: u8 },
    /// Mailchimp's whole address in one cell: street, postal code, city and country.
    Address,
    /// Something kundreg keeps nothing of (marketing consent, tags, totals).
    NotKept,
}

impl System {
    /// What `header` means in this system's export, if it is one of its columns. A table
    /// name ending in `*` stands for every header that begins with it.
    pub fn meaning(&self, header: &str) -> Option<Meaning> {
        let header = normalize_header(header);
        self.columns.iter().find_map(|(name, meaning)| {
            let matches = match name.strip_suffix('*') {
                Some(start) => {
                    let mut rest = header.chars();
                    normalized_chars(start).all(|c| rest.next() == Some(c))
                }
                None => normalized_chars(name).eq(header.chars()),
            };
            matches.then_some(*meaning)
        })
    }

    /// The columns the export may have, as its documentation names them (for the reference).
    pub fn columns(&self) -> impl Iterator<Item = (&'static str, Meaning)> {
        self.columns.iter().copied()
    }
}

/// Every system kundreg knows, in the reference's order.
pub const SYSTEMS: [System; 6] = tables::SYSTEMS;

/// The system whose export `headers` is: the one with the most of its own headers among
/// them, when there are any.
pub fn recognise<'a>(headers: impl IntoIterator<Item = &'a str>) -> Option<&'static System> {
    let headers: Vec<String> = headers.into_iter().map(normalize_header).collect();
    SYSTEMS
        .iter()
        .map(|system| {
            let own = system
                .signature
                .iter()
                .filter(|name| headers.iter().any(|h| normalized_chars(name).eq(h.chars())))
                .count();
            (own, system)
        })
        .filter(|(own, _)| *own > 0)
        .max_by_key(|(own, _)| *own)
        .map(|(_, system)| system)
}

/// Headers that hold a person's whole name, in any system or none.
const FULL_NAMES: [&str; 7] = [
    "namn",
    "fullständigt namn",
    "kundnamn",
    "kontaktnamn",
    "name",
    "full name",
    "customer name",
];

/// Whether `header` names a column of whole names (`Namn`, `Name`).
pub fn is_full_name(header: &str) -> bool {
    let header = normalize_header(header);
    FULL_NAMES.iter().any(|n| normalize_header(n) == header)
}

/// The fields that make one address: where a list gives two addresses (home and work,
/// billing and shipping), a row's address is all from the first one it has.
pub fn is_address(field: Field) -> bool {
    matches!(
        field,
        Field::Address | Field::PostalCode | Field::City | Field::Country
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn named(key: &str) -> &'static System {
        SYSTEMS.iter().find(|s| s.key == key).unwrap()
    }

    #[test]
    fn each_export_is_recognised_by_its_own_headers() {
        let shopify = "First Name,Last Name,Email,Accepts Email Marketing,Default Address Company";
        let google = "First Name,Last Name,E-mail 1 - Label,E-mail 1 - Value";
        let outlook = "First Name,Last Name,E-mail Address,Mobile Phone,Home Street";
        let woo = "first_name,last_name,email,billing_phone,billing_city";
        let mailchimp = "Email Address,First Name,Last Name,Address,MEMBER_RATING,LEID";
        let fortnox = "Kundnummer,Namn,Organisationsnummer,Adress,Postnummer,Ort";
        for (header, key) in [
            (shopify, "shopify"),
            (google, "google"),
            (outlook, "outlook"),
            (woo, "woocommerce"),
            (mailchimp, "mailchimp"),
            (fortnox, "fortnox"),
        ] {
            assert_eq!(recognise(header.split(',')).map(|s| s.key), Some(key));
        }
        assert_eq!(recognise("kundnr;epost;namn;telefon".split(';')), None);
    }

    #[test]
    fn two_columns_of_one_field_have_an_order() {
        let shopify = named("shopify");
        assert_eq!(
            shopify.meaning("Phone"),
            Some(Meaning::Field {
                field: Field::Phone,
                rank: 0
            })
        );
        assert_eq!(
            shopify.meaning("Default Address Phone"),
            Some(Meaning::Field {
                field: Field::Phone,
                rank: 1
            })
        );
        assert_eq!(shopify.meaning("Tags"), Some(Meaning::NotKept));
        assert_eq!(
            named("google").meaning("Relation 1 - Value"),
            Some(Meaning::NotKept)
        );
        assert_eq!(shopify.meaning("Favoritfärg"), None);
    }

    #[test]
    fn every_table_maps_each_header_once() {
        for system in SYSTEMS {
            let mut seen = std::collections::HashSet::new();
            for (name, _) in system.columns() {
                assert!(seen.insert(normalize_header(name)), "{} {name}", system.key);
            }
            for name in system.signature {
                assert!(system.meaning(name).is_some(), "{} {name}", system.key);
            }
        }
    }
}

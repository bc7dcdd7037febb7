//! The customer fields: their names in both languages and header recognition (with near-miss
//! correction); the value rules (validation, the stored form, and "same" comparison) are in
//! `value`.

mod value;

pub use value::{
    CLEAR_MARKERS, MAX_NUMBER_LEN, ValueProblem, compared_form, is_clear_marker, looks_like_email,
    looks_scientific, same_value, stored_value,
};

/// Number of fields a customer has.
pub const FIELD_COUNT: usize = 11;

/// One field of a customer, in the reference's order (also the export order).
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub enum Field {
    CustomerNumber,
    Email,
    FirstName,
    LastName,
    Company,
    Address,
    PostalCode,
    City,
    Country,
    Phone,
    Note,
}

impl Field {
    /// All fields in canonical order.
    pub const ALL: [Field; FIELD_COUNT] = [
        Field::CustomerNumber,
        Field::Email,
        Field::FirstName,
        Field::LastName,
        Field::Company,
        Field::Address,
        Field::PostalCode,
        Field::City,
        Field::Country,
        Field::Phone,
        Field::Note,
    ];

    /// Position in [`Field::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }

    /// The JSON key.
    pub fn key(self) -> &'static str {
        match self {
            Field::CustomerNumber => "customer_number",
            Field::Email => "email",
            Field::FirstName => "first_name",
            Field::LastName => "last_name",
            Field::Company => "company",
            Field::Address => "address",
            Field::PostalCode => "postal_code",
            Field::City => "city",
            Field::Country => "country",
            Field::Phone => "phone",
            Field::Note => "note",
        }
    }

    /// The Swedish name: export header and report columns.
    pub fn swedish(self) -> &'static str {
        self.names()[0]
    }

    /// Every accepted header name; the first is the Swedish name.
    pub fn names(self) -> &'static [&'static str] {
        match self {
            Field::CustomerNumber => &[
                "kundnummer",
                "kundnr",
                "kund-id",
                "customer number",
                "customer no",
                "customer id",
            ],
            Field::Email => &[
                "epost",
                "e-post",
                "e-postadress",
                "epostadress",
                "mejl",
                "mail",
                "email",
                "e-mail",
                "email address",
            ],
            Field::FirstName => &["förnamn", "first name", "firstname", "given name"],
            Field::LastName => &[
                "efternamn",
                "last name",
                "lastname",
                "surname",
                "family name",
            ],
            Field::Company => &[
                "företag",
                "företagsnamn",
                "firma",
                "company",
                "company name",
                "organisation",
            ],
            Field::Address => &[
                "adress",
                "gatuadress",
                "utdelningsadress",
                "address",
                "street",
                "street address",
            ],
            Field::PostalCode => &[
                "postnummer",
                "postnr",
                "zip",
                "zip code",
                "postal code",
                "postcode",
            ],
            Field::City => &["stad", "ort", "postort", "city", "town"],
            Field::Country => &["land", "country"],
            Field::Phone => &[
                "telefon",
                "telefonnummer",
                "tel",
                "mobil",
                "mobilnummer",
                "phone",
                "phone number",
                "mobile",
            ],
            Field::Note => &["anteckning", "kommentar", "notering", "note", "comment"],
        }
    }

    /// Whether a value of this field is a key used for matching.
    pub fn is_key(self) -> bool {
        matches!(self, Field::CustomerNumber | Field::Email)
    }
}

/// How a header cell was understood.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HeaderMatch {
    /// Exactly an accepted name (after normalisation).
    Exact(Field),
    /// One edit away from the names of exactly one field: read as that field, and said so.
    Corrected(Field),
    /// Not a field name.
    Unknown,
}

/// Normalises a header for comparison: case, surrounding space and quotes, `-`/`_`/space and
/// å/ä/ö vs a/a/o do not matter.
pub fn normalize_header(raw: &str) -> String {
    normalized_chars(raw).collect()
}

/// The characters of `raw` normalised as [`normalize_header`] does, one by one: comparing
/// with an already normalised header this way makes no string.
pub fn normalized_chars(raw: &str) -> impl Iterator<Item = char> + '_ {
    raw.trim()
        .trim_matches(|c| c == '"' || c == '\'')
        .chars()
        .flat_map(char::to_lowercase)
        .filter(|c| !matches!(c, '-' | '_') && !c.is_whitespace())
        .map(|c| match c {
            'å' | 'ä' => 'a',
            'ö' => 'o',
            other => other,
        })
}

/// Recognises a header cell.
pub fn match_header(raw: &str) -> HeaderMatch {
    let name = normalize_header(raw);
    if name.is_empty() {
        return HeaderMatch::Unknown;
    }
    let mut near: Option<Field> = None;
    for (accepted, field) in accepted_names() {
        if *accepted == name {
            return HeaderMatch::Exact(*field);
        }
        // Short names ("tel", "ort", "zip") are too close to ordinary words to correct.
        if accepted.chars().count() >= 5 && edit_distance_is_one(&name, accepted) {
            match near {
                Some(other) if other != *field => return HeaderMatch::Unknown,
                _ => near = Some(*field),
            }
        }
    }
    near.map_or(HeaderMatch::Unknown, HeaderMatch::Corrected)
}

/// Every accepted name, normalised, with its field: made once.
fn accepted_names() -> &'static [(String, Field)] {
    static NAMES: std::sync::OnceLock<Vec<(String, Field)>> = std::sync::OnceLock::new();
    NAMES.get_or_init(|| {
        Field::ALL
            .into_iter()
            .flat_map(|field| {
                field
                    .names()
                    .iter()
                    .map(move |n| (normalize_header(n), field))
            })
            .collect()
    })
}

/// True when `a` becomes `b` by exactly one insertion, deletion, substitution or swap of two
/// neighbouring characters.
fn edit_distance_is_one(a: &str, b: &str) -> bool {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let (short, long) = if a.len() <= b.len() {
        (&a, &b)
    } else {
        (&b, &a)
    };
    let prefix = short
        .iter()
        .zip(long.iter())
        .take_while(|(x, y)| x == y)
        .count();
    match long.len() - short.len() {
        0 => {
            if prefix == short.len() {
                return false;
            }
            let rest = prefix + 1;
            let substitution = short[rest..] == long[rest..];
            let swap = rest < short.len()
                && short[prefix] == long[rest]
                && short[rest] == long[prefix]
                && short[rest + 1..] == long[rest + 1..];
            substitution || swap
        }
        1 => short[prefix..] == long[prefix + 1..],
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_accepted_name_is_recognised_exactly() {
        for field in Field::ALL {
            for name in field.names() {
                assert_eq!(match_header(name), HeaderMatch::Exact(field), "{name}");
                assert_eq!(
                    match_header(&format!(" \"{}\" ", name.to_uppercase())),
                    HeaderMatch::Exact(field)
                );
            }
        }
        assert_eq!(
            match_header("Post_Nummer"),
            HeaderMatch::Exact(Field::PostalCode)
        );
        assert_eq!(
            match_header("FORNAMN"),
            HeaderMatch::Exact(Field::FirstName)
        );
    }

    #[test]
    fn the_help_pages_typos_are_corrected() {
        assert_eq!(
            match_header("kundummer"),
            HeaderMatch::Corrected(Field::CustomerNumber)
        );
        assert_eq!(
            match_header("eftenamn"),
            HeaderMatch::Corrected(Field::LastName)
        );
        assert_eq!(
            match_header("fornman"),
            HeaderMatch::Corrected(Field::FirstName)
        );
        assert_eq!(match_header("favoritfärg"), HeaderMatch::Unknown);
        assert_eq!(match_header("tal"), HeaderMatch::Unknown);
        assert_eq!(match_header(""), HeaderMatch::Unknown);
    }
}

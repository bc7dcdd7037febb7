//! The customer fields: their names in both languages, header recognition (with near-miss
//! correction), and the value rules: validation, the stored form, and "same" comparison.

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
        .collect()
}

/// Recognises a header cell.
pub fn match_header(raw: &str) -> HeaderMatch {
    let name = normalize_header(raw);
    if name.is_empty() {
        return HeaderMatch::Unknown;
    }
    let mut near: Option<Field> = None;
    for field in Field::ALL {
        for accepted in field.names() {
            let accepted = normalize_header(accepted);
            if accepted == name {
                return HeaderMatch::Exact(field);
            }
            // Short names ("tel", "ort", "zip") are too close to ordinary words to correct.
            if accepted.chars().count() >= 5 && edit_distance_is_one(&name, &accepted) {
                match near {
                    Some(other) if other != field => return HeaderMatch::Unknown,
                    _ => near = Some(field),
                }
            }
        }
    }
    near.map_or(HeaderMatch::Unknown, HeaderMatch::Corrected)
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

/// Why a value cannot be used.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum ValueProblem {
    /// The email does not look like an address.
    BadEmail,
    /// The customer number holds whitespace.
    NumberHasSpace,
    /// The customer number is longer than [`MAX_NUMBER_LEN`] characters.
    NumberTooLong,
    /// The customer number is in Excel's scientific notation (`1,23457E+11`): its digits are
    /// lost, and it would name a wrong customer.
    NumberInScientificNotation,
    /// The cell holds one of Excel's error values (`#N/A`, `#VALUE!`, …): a formula failed,
    /// and what it stands for is not in the file.
    ExcelError,
}

/// Excel's error values, as English and Swedish Excel write them into a CSV file.
const EXCEL_ERRORS: [&str; 14] = [
    // English
    "#N/A",
    "#VALUE!",
    "#REF!",
    "#NAME?",
    "#DIV/0!",
    "#NUM!",
    "#NULL!",
    // Swedish
    "#SAKNAS!",
    "#VÄRDEFEL!",
    "#REFERENS!",
    "#NAMN?",
    "#DIVISION/0!",
    "#OGILTIGT!",
    "#SKÄRNING!",
];

/// The markers that clear a field, as a cell holds them (any case, trimmed).
pub const CLEAR_MARKERS: [&str; 2] = ["#TÖM", "#CLEAR"];

/// Whether a trimmed cell holds only a clear marker (`#TÖM` or `#CLEAR`, any case): the
/// field is to be emptied. An empty cell never clears.
pub fn is_clear_marker(cell: &str) -> bool {
    is_one_of(cell, &CLEAR_MARKERS)
}

/// Whether `cell` is one of `markers` (each starting with `#`, in upper case), in any case;
/// the cell is put in upper case only when it starts with `#`.
fn is_one_of(cell: &str, markers: &[&str]) -> bool {
    if !cell.starts_with('#') {
        return false;
    }
    let upper = cell.to_uppercase();
    markers.contains(&upper.as_str())
}

/// The longest customer number accepted, in characters.
pub const MAX_NUMBER_LEN: usize = 64;

/// Turns a trimmed, non-empty cell into the stored form of `field`, or says what is wrong.
/// A leading `'` before `=`, `+`, `-` or `@` is dropped: it is how `export` neutralises formulas.
pub fn stored_value(field: Field, cell: &str) -> Result<std::borrow::Cow<'_, str>, ValueProblem> {
    use std::borrow::Cow;
    let value = match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@']) => rest,
        _ => cell,
    };
    if is_one_of(value, &EXCEL_ERRORS) {
        return Err(ValueProblem::ExcelError);
    }
    match field {
        Field::Email => {
            if !looks_like_email(value) {
                return Err(ValueProblem::BadEmail);
            }
            if value.chars().any(char::is_uppercase) {
                Ok(Cow::Owned(value.to_lowercase()))
            } else {
                Ok(Cow::Borrowed(value))
            }
        }
        Field::CustomerNumber => {
            if value.chars().any(char::is_whitespace) {
                Err(ValueProblem::NumberHasSpace)
            } else if value.chars().count() > MAX_NUMBER_LEN {
                Err(ValueProblem::NumberTooLong)
            } else if looks_scientific(value) {
                Err(ValueProblem::NumberInScientificNotation)
            } else {
                Ok(Cow::Borrowed(value))
            }
        }
        _ => Ok(Cow::Borrowed(value)),
    }
}

/// Whether `value` is a number as Excel writes a long one in scientific notation:
/// `1,23457E+11`, `1.23E+11`, `4E+9` (a mantissa, `E`, an exponent; any case).
pub fn looks_scientific(value: &str) -> bool {
    let Some((mantissa, exponent)) = value.split_once(['E', 'e']) else {
        return false;
    };
    let mantissa = mantissa.strip_prefix(['+', '-']).unwrap_or(mantissa);
    let (whole, fraction) = mantissa.split_once([',', '.']).unwrap_or((mantissa, "0"));
    let exponent = exponent.strip_prefix(['+', '-']).unwrap_or(exponent);
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    digits(whole) && digits(fraction) && digits(exponent)
}

/// Whether `value` has the shape of an email address.
pub fn looks_like_email(value: &str) -> bool {
    let Some((local, domain)) = value.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && !domain.contains('@')
        && !value.chars().any(char::is_whitespace)
        && domain
            .split_once('.')
            .is_some_and(|(head, tail)| !head.is_empty() && !tail.is_empty())
        && !domain.ends_with('.')
}

/// Whether two stored values of `field` are the same under the reference's "Input files" rules.
pub fn same_value(field: Field, a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    match field {
        Field::Email => a.eq_ignore_ascii_case(b) || a.to_lowercase() == b.to_lowercase(),
        Field::CustomerNumber => false,
        Field::Phone => phone_digits(a) == phone_digits(b),
        Field::PostalCode => a
            .chars()
            .filter(|c| !c.is_whitespace())
            .eq(b.chars().filter(|c| !c.is_whitespace())),
        _ => a.split_whitespace().eq(b.split_whitespace()),
    }
}

/// A phone number without separators, with the Swedish country code written as a leading `0`.
fn phone_digits(phone: &str) -> String {
    let bare: String = phone
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '-' | '(' | ')'))
        .collect();
    for prefix in ["+46", "0046"] {
        if let Some(rest) = bare.strip_prefix(prefix) {
            return format!("0{rest}");
        }
    }
    bare
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

    #[test]
    fn values_compare_by_the_rules() {
        assert!(same_value(Field::Phone, "070-123 45 67", "0701234567"));
        assert!(same_value(Field::Phone, "+46 70 123 45 67", "070-1234567"));
        assert!(same_value(Field::Phone, "0046701234567", "(070) 123 45 67"));
        assert!(!same_value(Field::Phone, "0701234567", "0701234568"));
        assert!(same_value(Field::PostalCode, "123 45", "12345"));
        assert!(same_value(Field::City, "Öster  Malma", "Öster Malma"));
        assert!(!same_value(Field::City, "Malmö", "malmö"));
        assert!(same_value(Field::Email, "Nils@Epost.com", "nils@epost.com"));
        assert!(!same_value(Field::CustomerNumber, "017", "17"));
    }

    #[test]
    fn values_are_validated_and_stored() {
        assert_eq!(
            stored_value(Field::Email, "Nils@Epost.COM").unwrap(),
            "nils@epost.com"
        );
        for bad in [
            "nils",
            "nils@",
            "@epost.com",
            "nils@epost",
            "a b@c.se",
            "a@b@c.se",
            "a@.se",
        ] {
            assert_eq!(
                stored_value(Field::Email, bad),
                Err(ValueProblem::BadEmail),
                "{bad}"
            );
        }
        assert_eq!(
            stored_value(Field::CustomerNumber, "1 2"),
            Err(ValueProblem::NumberHasSpace)
        );
        let long = "1".repeat(65);
        assert_eq!(
            stored_value(Field::CustomerNumber, &long),
            Err(ValueProblem::NumberTooLong)
        );
        for scientific in ["1,23457E+11", "1.23E+11", "4E+9", "7e-3"] {
            assert_eq!(
                stored_value(Field::CustomerNumber, scientific),
                Err(ValueProblem::NumberInScientificNotation),
                "{scientific}"
            );
        }
        for error in [
            "#N/A", "#VALUE!", "#ref!", "#NAME?", "#DIV/0!", "#NUM!", "#NULL!",
        ] {
            for field in [Field::CustomerNumber, Field::City, Field::Phone] {
                assert_eq!(
                    stored_value(field, error),
                    Err(ValueProblem::ExcelError),
                    "{error}"
                );
            }
        }
        assert_eq!(stored_value(Field::Note, "#N/A här").unwrap(), "#N/A här");
        for plain in ["E100", "12E", "1,2,3E4", "K-1001E"] {
            assert!(!looks_scientific(plain), "{plain}");
        }
        assert_eq!(stored_value(Field::Phone, "'+4670").unwrap(), "+4670");
        assert_eq!(stored_value(Field::Note, "'hej").unwrap(), "'hej");
    }
}

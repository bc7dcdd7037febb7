//! The value rules of the customer fields: validation, the stored form, and "same"
//! comparison.

use super::Field;

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
    /// A workbook holds the customer number as a number with decimals.
    NumberHasFraction,
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

/// The form in which `find` and the duplicate warnings compare a value of `field`: a phone
/// by its digits with the Swedish country code as a leading `0`, a postal code without its
/// spaces, every other value in lower case with its words one space apart.
pub fn compared_form(field: Field, value: &str) -> String {
    match field {
        Field::Phone => phone_digits(value),
        Field::PostalCode => value
            .chars()
            .filter(|c| !c.is_whitespace())
            .flat_map(char::to_lowercase)
            .collect(),
        _ => value
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase(),
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

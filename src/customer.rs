//! A customer and its stored record: one format byte, then the fields other than the customer
//! number (which is the record's key) encoded with postcard.

use serde::{Deserialize, Serialize};

use crate::field::{FIELD_COUNT, Field};

/// Version of the record encoding, the first byte of every stored record.
pub const RECORD_FORMAT: u8 = 1;

/// A customer's values by [`Field::index`], borrowed. Every customer in the register has a
/// number: kundreg gives one to a customer that arrives with an email only.
pub type Values<'a> = [Option<&'a str>; FIELD_COUNT];

/// A customer, owned.
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Customer {
    pub values: [Option<String>; FIELD_COUNT],
}

impl Customer {
    /// The value of `field`, if set.
    pub fn get(&self, field: Field) -> Option<&str> {
        self.values[field.index()].as_deref()
    }

    /// The customer number (always set on customers read from the register).
    pub fn number(&self) -> &str {
        self.get(Field::CustomerNumber).unwrap_or("")
    }

    /// Owned copy of a borrowed view.
    pub fn from_values(values: &Values<'_>) -> Self {
        Customer {
            values: std::array::from_fn(|i| values[i].map(str::to_string)),
        }
    }
}

/// A stored record could not be read: the register file is damaged or from a newer kundreg.
#[derive(Debug, thiserror::Error)]
#[error("customer record {number:?} cannot be read")]
pub struct RecordError {
    pub number: String,
}

/// Encodes `values` (the number excluded) into `out`, replacing its contents.
pub fn encode(values: &Values<'_>, out: &mut Vec<u8>) {
    out.clear();
    out.push(RECORD_FORMAT);
    let rest: [Option<&str>; FIELD_COUNT - 1] = std::array::from_fn(|i| values[i + 1]);
    // Encoding strings into a Vec cannot fail.
    if let Ok(buf) = postcard::to_extend(&rest, std::mem::take(out)) {
        *out = buf;
    }
}

/// Decodes a stored record of the customer `number`.
pub fn decode<'a>(number: &'a str, bytes: &'a [u8]) -> Result<Values<'a>, RecordError> {
    let error = || RecordError {
        number: number.to_string(),
    };
    let (&format, body) = bytes.split_first().ok_or_else(error)?;
    if format != RECORD_FORMAT {
        return Err(error());
    }
    let rest: [Option<&str>; FIELD_COUNT - 1] = postcard::from_bytes(body).map_err(|_| error())?;
    let mut values = [None; FIELD_COUNT];
    values[0] = Some(number);
    values[1..].copy_from_slice(&rest);
    Ok(values)
}

/// Decodes a record that may be missing (no customer): then every value is missing.
pub fn decode_or_none<'a>(
    number: &'a str,
    bytes: Option<&'a [u8]>,
) -> Result<Values<'a>, RecordError> {
    match bytes {
        Some(bytes) => decode(number, bytes),
        None => Ok([None; FIELD_COUNT]),
    }
}

/// One customer changed by a version: the record before (none if created) and after (none if
/// removed). The unit of the history, and of every write to the register.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Change {
    pub number: String,
    pub before: Option<Vec<u8>>,
    pub after: Option<Vec<u8>>,
}

impl Change {
    /// What the history keeps of a customer who was forgotten (right to erasure).
    pub fn erased() -> Self {
        Change {
            number: String::new(),
            before: None,
            after: None,
        }
    }

    /// True for the placeholder of a forgotten customer.
    pub fn is_erased(&self) -> bool {
        self.number.is_empty()
    }
}

/// True for a non-empty string of ASCII digits.
pub fn is_numeric(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

/// Compares two numeric strings by value.
pub fn numeric_cmp(a: &str, b: &str) -> std::cmp::Ordering {
    let a = a.trim_start_matches('0');
    let b = b.trim_start_matches('0');
    a.len().cmp(&b.len()).then_with(|| a.cmp(b))
}

/// Makes `highest` `number` when `number` is numeric and above it: the largest numeric
/// customer number seen.
pub fn raise_highest(highest: &mut Option<String>, number: &str) {
    if is_numeric(number)
        && highest
            .as_deref()
            .is_none_or(|h| numeric_cmp(number, h).is_gt())
    {
        *highest = Some(number.to_string());
    }
}

/// A numeric string plus one, without leading zeros.
pub fn increment(n: &str) -> String {
    let mut digits: Vec<u8> = n.trim_start_matches('0').bytes().collect();
    let mut i = digits.len();
    loop {
        if i == 0 {
            digits.insert(0, b'1');
            break;
        }
        i -= 1;
        if digits[i] == b'9' {
            digits[i] = b'0';
        } else {
            digits[i] += 1;
            break;
        }
    }
    String::from_utf8(digits).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_count_up() {
        assert_eq!(increment("199"), "200");
        assert_eq!(increment("0"), "1");
        assert!(numeric_cmp("0099", "120").is_lt());
    }

    #[test]
    fn records_round_trip() {
        let mut values: Values<'_> = [None; FIELD_COUNT];
        values[0] = Some("17");
        values[Field::Email.index()] = Some("stina@epost.com");
        values[Field::Note.index()] = Some("rad ett\nrad två");
        let mut bytes = Vec::new();
        encode(&values, &mut bytes);
        assert_eq!(decode("17", &bytes).unwrap(), values);
        assert!(decode("17", &bytes[..3]).is_err());
        assert!(decode("17", &[]).is_err());
    }
}

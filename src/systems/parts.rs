//! Cells that hold more than one field: a whole name (`Anna Karin Svensson`) and Mailchimp's
//! whole address (`Lillgatan 2  Göteborg  41101  SE`, its parts two spaces apart). A split is
//! made only where its parts are clear; the preview says what was done.

/// Words that begin a last name (`Karin af Klint`, `Jan van der Berg`), in lower case.
const PARTICLES: [&str; 12] = [
    "af", "av", "von", "van", "der", "den", "de", "du", "la", "le", "da", "di",
];

/// A whole name as first name and last name: the last word, with the particles before it,
/// is the last name, the words before them the first name; one word is a first name.
pub fn split_full_name(name: &str) -> (Option<&str>, Option<&str>) {
    let name = name.trim();
    let mut first = name;
    let mut split = None;
    while let Some((before, word)) = first.rsplit_once(char::is_whitespace) {
        let is_particle = PARTICLES.contains(&word);
        if split.is_some() && !is_particle {
            break;
        }
        let before = before.trim_end();
        split = Some(before.len());
        first = before;
        if before.is_empty() {
            break;
        }
    }
    match split {
        Some(end) if end > 0 => (Some(&name[..end]), Some(name[end..].trim_start())),
        _ => ((!name.is_empty()).then_some(name), None),
    }
}

/// The fields of a whole address.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AddressParts<'a> {
    pub street: &'a str,
    pub postal_code: Option<String>,
    pub city: Option<String>,
    pub country: Option<&'a str>,
}

/// Mailchimp's whole address in its parts: the street first, then the city, the postal code
/// and the country (a state or a second street line makes it unclear). `None` where the
/// parts are not clear: the cell is then kept whole as the street.
pub fn split_address(cell: &str) -> Option<AddressParts<'_>> {
    let mut parts = cell.split("  ").map(str::trim).filter(|p| !p.is_empty());
    let street = parts.next()?;
    let mut rest: Vec<Vec<&str>> = parts.map(|p| p.split_whitespace().collect()).collect();
    if rest.is_empty() {
        return None;
    }
    let mut found = AddressParts {
        street,
        ..AddressParts::default()
    };
    if let Some(last) = rest.last_mut()
        && last.last().is_some_and(|w| is_country(w))
    {
        found.country = last.pop();
    }
    rest.retain(|p| !p.is_empty());
    found.postal_code = rest
        .last_mut()
        .and_then(|last| take_postal_code(last, true))
        .or_else(|| rest.first_mut().and_then(|f| take_postal_code(f, false)));
    rest.retain(|p| !p.is_empty());
    match rest.as_slice() {
        [] => {}
        [city] if city.iter().all(|w| !w.chars().any(|c| c.is_ascii_digit())) => {
            found.city = Some(city.join(" "));
        }
        _ => return None,
    }
    Some(found)
}

/// Takes a postal code from the end (or the start) of `words`: five or four digits, or
/// three and two (`411 01`).
fn take_postal_code(words: &mut Vec<&str>, at_end: bool) -> Option<String> {
    let digits = |w: &str, n: usize| w.len() == n && w.bytes().all(|b| b.is_ascii_digit());
    let n = words.len();
    let (one, two) = if at_end {
        (n.checked_sub(1), n.checked_sub(2))
    } else {
        (Some(0).filter(|_| n > 0), Some(0).filter(|_| n > 1))
    };
    if let Some(i) = two
        && digits(words[i], 3)
        && digits(words[i + 1], 2)
    {
        let code = format!("{} {}", words[i], words[i + 1]);
        words.drain(i..i + 2);
        return Some(code);
    }
    let i = one?;
    (digits(words[i], 5) || digits(words[i], 4)).then(|| words.remove(i).to_string())
}

/// Whether `word` names a country: a code of two or three capitals (`SE`, `USA`), or a
/// Nordic country's or a neighbour's name.
fn is_country(word: &str) -> bool {
    const NAMES: [&str; 14] = [
        "sverige",
        "sweden",
        "norge",
        "norway",
        "danmark",
        "denmark",
        "finland",
        "suomi",
        "island",
        "iceland",
        "tyskland",
        "germany",
        "deutschland",
        "åland",
    ];
    (matches!(word.len(), 2 | 3) && word.bytes().all(|b| b.is_ascii_uppercase()))
        || NAMES.contains(&word.to_lowercase().as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_whole_name_is_split_at_its_last_word() {
        assert_eq!(
            split_full_name(" Anna Karin  Svensson "),
            (Some("Anna Karin"), Some("Svensson"))
        );
        assert_eq!(split_full_name("Cher"), (Some("Cher"), None));
        assert_eq!(
            split_full_name("Karin af Klint"),
            (Some("Karin"), Some("af Klint"))
        );
        assert_eq!(
            split_full_name("Jan van der Berg"),
            (Some("Jan"), Some("van der Berg"))
        );
        assert_eq!(split_full_name("von Trapp"), (Some("von"), Some("Trapp")));
        assert_eq!(split_full_name("  "), (None, None));
    }

    #[test]
    fn mailchimps_address_is_split_where_its_parts_are_clear() {
        let parts =
            |cell| split_address(cell).map(|p| (p.street, p.postal_code, p.city, p.country));
        let s = |v: &str| Some(v.to_string());
        assert_eq!(
            parts("Lillgatan 2  Göteborg  41101  SE"),
            Some(("Lillgatan 2", s("41101"), s("Göteborg"), Some("SE")))
        );
        assert_eq!(
            parts("Lillgatan 2  Göteborg 411 01 Sverige"),
            Some(("Lillgatan 2", s("411 01"), s("Göteborg"), Some("Sverige")))
        );
        assert_eq!(
            parts("Storgatan 1  411 01 Göteborg"),
            Some(("Storgatan 1", s("411 01"), s("Göteborg"), None))
        );
        assert_eq!(
            parts("Torget 3  Lund"),
            Some(("Torget 3", None, s("Lund"), None))
        );
        // A state, or a second street line: which part is the city is not clear.
        assert_eq!(
            parts("1701 Bristol Ave.  Barrington  Rhode Island  02806  USA"),
            None
        );
        assert_eq!(parts("Lillgatan 2  lgh 1101  Göteborg  41101  SE"), None);
        assert_eq!(parts("Lillgatan 2 Göteborg 41101 SE"), None);
        assert_eq!(parts(""), None);
    }
}

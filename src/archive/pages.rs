//! kundreg's own pages — previews (text and HTML) and receipts: the lines that show a
//! person go. A table row is one line in both forms; it shows the person when it holds one of
//! their emails or phone numbers, or their number in the customer-number column (the third,
//! after the line and the status). A page that showed the person also loses its glance — the
//! summary per column with its most frequent values, and the warnings with their examples —
//! since those may hold the person's other values (a name, a street) among the rest.

use std::fs;
use std::io;
use std::path::Path;

use super::{Person, replace};
use crate::lang::Lang;

/// Removes the lines showing `person` from the page at `path`. Returns whether it changed.
pub(super) fn erase(path: &Path, person: &Person) -> io::Result<bool> {
    let Ok(text) = fs::read_to_string(path) else {
        // Not a page kundreg wrote.
        return Ok(false);
    };
    let kept: String = text
        .split_inclusive('\n')
        .filter(|line| !person.named_in(line) && !shows_number(line, &person.number))
        .collect();
    let kept = if kept.len() < text.len() || changed_them(path, person) {
        without_glance(&kept)
    } else {
        kept
    };
    if kept.len() == text.len() {
        return Ok(false);
    }
    replace(path, kept.as_bytes())?;
    Ok(true)
}

/// True for a page in `done/` of a version that changed `person` (`v12_kunder.csv.…`): its
/// receipt lists no rows, yet its summary may hold their values.
fn changed_them(path: &Path, person: &Person) -> bool {
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    let version = name
        .strip_prefix('v')
        .and_then(|rest| rest.split_once('_'))
        .and_then(|(number, _)| number.parse::<u64>().ok());
    version.is_some_and(|v| person.versions.contains(&v))
}

/// `page` without its glance: the warning lines, and the summary's title and table.
fn without_glance(page: &str) -> String {
    let titles: Vec<String> = [Lang::Sv, Lang::En]
        .into_iter()
        .flat_map(|lang| {
            let g = lang.texts().glance;
            [
                format!("{}:\n", g.summary_title),
                format!("<h2>{}</h2>\n", g.summary_title),
            ]
        })
        .collect();
    let warnings: Vec<String> = [Lang::Sv, Lang::En]
        .into_iter()
        .map(|lang| format!("{}: ", lang.texts().glance.warning))
        .collect();
    let mut kept = String::with_capacity(page.len());
    // Inside the summary (text: its indented rows; HTML: up to `</table>`) or the warnings'
    // box (up to `</div>`).
    let mut inside: Option<&str> = None;
    for line in page.split_inclusive('\n') {
        match inside {
            Some("  ") if line.starts_with("  ") => continue,
            Some("  ") => inside = None,
            Some(end) => {
                if line.starts_with(end) {
                    inside = None;
                }
                continue;
            }
            None => {}
        }
        if titles.iter().any(|t| t == line) {
            inside = Some(if line.starts_with("<h2>") {
                "</table>"
            } else {
                "  "
            });
        } else if line.starts_with("<div class=\"accidents\">") {
            inside = Some("</div>");
        } else if !warnings.iter().any(|w| line.starts_with(w.as_str())) {
            kept.push_str(line);
        }
    }
    kept
}

/// True for a table row whose customer-number column holds `number`.
fn shows_number(line: &str, number: &str) -> bool {
    if let Some(row) = line.trim_start().strip_prefix("<tr><td>") {
        return row
            .split("<td")
            .nth(2)
            .is_some_and(|cell| text_of(cell).trim() == number);
    }
    // A text table row: the line, a status word, the customer number.
    let mut tokens = line.split_whitespace();
    let line_number = tokens
        .next()
        .is_some_and(|t| t.bytes().all(|b| b.is_ascii_digit()));
    let status = tokens.next().is_some_and(is_status);
    line_number && status && tokens.next() == Some(number)
}

/// True for a row status as a preview writes it, in any language.
fn is_status(word: &str) -> bool {
    [Lang::Sv, Lang::En].into_iter().any(|lang| {
        let t = lang.texts();
        [
            t.status_new,
            t.status_update,
            t.status_unchanged,
            t.status_error,
        ]
        .contains(&word)
    })
}

/// An HTML cell's text, its tags left out (`>3</span></td>` → `3`).
fn text_of(cell: &str) -> String {
    let mut text = String::new();
    let mut in_tag = true;
    for c in cell.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_that_showed_the_person_loses_its_glance() {
        let person = Person {
            number: "3".into(),
            ..Person::default()
        };
        let dir = tempfile::tempdir().unwrap();
        let text = dir.path().join("k.csv.preview.txt");
        fs::write(&text, "Preview of k.csv\n\nWARNING: first name: 12 of 12 values look like phone numbers\n\nColumn by column:\n  column      new\n  first name    1  Trea (1)\n\nline  status  customer number  first name\n3     new     3                Trea\n").unwrap();
        assert!(erase(&text, &person).unwrap());
        assert_eq!(
            fs::read_to_string(&text).unwrap(),
            "Preview of k.csv\n\n\n\nline  status  customer number  first name\n"
        );
        let html = dir.path().join("k.csv.preview.html");
        fs::write(&html, "<dl>\n</dl>\n<div class=\"accidents\">\n<p><strong>VARNING:</strong> förnamn</p>\n</div>\n<h2>Kolumn för kolumn</h2>\n<table class=\"glance\">\n<tr><td>förnamn</td><td>Trea (1)</td></tr>\n</table>\n<p>Importera</p>\n<tr><td>3</td><td>ny</td><td>3</td><td>Trea</td></tr>\n").unwrap();
        assert!(erase(&html, &person).unwrap());
        assert_eq!(
            fs::read_to_string(&html).unwrap(),
            "<dl>\n</dl>\n<p>Importera</p>\n"
        );
        // The receipt of a version that changed them lists no rows, and loses it too.
        let receipt = dir.path().join("v7_k.csv.receipt.txt");
        fs::write(
            &receipt,
            "kundreg receipt: k.csv\n\nColumn by column:\n  first name    1  Trea (1)\n\nTo undo\n",
        )
        .unwrap();
        let changed = Person {
            versions: vec![7],
            ..person.clone()
        };
        assert!(!erase(&receipt, &person).unwrap());
        assert!(erase(&receipt, &changed).unwrap());
        assert_eq!(
            fs::read_to_string(&receipt).unwrap(),
            "kundreg receipt: k.csv\n\n\nTo undo\n"
        );
        // A page that never showed them keeps its glance.
        let other = dir.path().join("other.csv.preview.txt");
        fs::write(&other, "Column by column:\n  first name    1  Anna (1)\n").unwrap();
        assert!(!erase(&other, &person).unwrap());
    }

    #[test]
    fn the_rows_showing_the_person_go_from_text_and_html() {
        let person = Person {
            number: "2".into(),
            emails: vec!["bo@x.se".into()],
            phones: vec![],
            versions: vec![],
        };
        let dir = tempfile::tempdir().unwrap();
        let text = dir.path().join("k.csv.preview.txt");
        fs::write(&text, "line  status  customer number  first name\n2     update  1     Anna\n4     update  2     Bo → Dan\n5     ny      22    Bo\n6     ny      2     Bo\n1 new, 2 changed\n").unwrap();
        assert!(erase(&text, &person).unwrap());
        assert_eq!(
            fs::read_to_string(&text).unwrap(),
            "line  status  customer number  first name\n2     update  1     Anna\n5     ny      22    Bo\n1 new, 2 changed\n"
        );
        let html = dir.path().join("k.csv.preview.html");
        fs::write(&html, "<tr><th>line</th></tr>\n<tr><td>3</td><td>new</td><td><span class=\"new\">2</span></td><td>Bo</td></tr>\n<tr><td>4</td><td>new</td><td>5</td><td>BO@x.se</td></tr>\n<tr><td>2</td><td>update</td><td>1</td><td>2</td></tr>\n").unwrap();
        assert!(erase(&html, &person).unwrap());
        assert_eq!(
            fs::read_to_string(&html).unwrap(),
            "<tr><th>line</th></tr>\n<tr><td>2</td><td>update</td><td>1</td><td>2</td></tr>\n"
        );
    }
}

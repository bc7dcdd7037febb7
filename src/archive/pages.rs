//! kundreg's own pages — previews (text and HTML) and receipts: the lines that show a
//! person go. A table row is one line in both forms; it shows the person when it holds one of
//! their emails or phone numbers, or their number in the customer-number column (the third,
//! after the line and the status).

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
    if kept.len() == text.len() {
        return Ok(false);
    }
    replace(path, kept.as_bytes())?;
    Ok(true)
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
    fn the_rows_showing_the_person_go_from_text_and_html() {
        let person = Person {
            number: "2".into(),
            emails: vec!["bo@x.se".into()],
            phones: vec![],
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

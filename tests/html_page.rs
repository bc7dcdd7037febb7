//! The HTML page of a large file opens in seconds: it lists at most the first 500 rows of
//! each kind (new, changed, unchanged, error) and says how many more there are and that the
//! text preview lists them all; a small file's page lists every row, as always.

mod common;

use common::Workdir;

/// A list of `rows` customers numbered from 1, each in `city`; every 500th row has a bad
/// email when `errors`.
fn list(rows: usize, city: &str, errors: bool) -> String {
    let mut text = String::from("kundnummer;epost;stad\n");
    for i in 1..=rows {
        let email = if errors && i % 500 == 0 {
            "inte-en-adress".to_string()
        } else {
            format!("kund{i}@exempel.se")
        };
        text += &format!("{i};{email};{city}\n");
    }
    text
}

/// How many rows of the page's table have `status` as their status.
fn rows_of(page: &str, status: &str) -> usize {
    page.matches(&format!("</td><td>{status}</td>")).count()
        + page
            .matches(&format!("<td>{status}</td><td colspan"))
            .count()
}

#[test]
fn a_large_files_page_lists_a_bounded_number_of_rows_and_says_the_rest() {
    let w = Workdir::new();
    w.write("first.csv", list(60_000, "Lund", false));
    w.expect(0, &["import", "first.csv", "--yes"]);
    // 30,000 unchanged, 30,000 changed (a new city), 40,000 new, an error every 500th row.
    let mut big = list(30_000, "Lund", true);
    for line in list(100_000, "Umeå", true).lines().skip(30_001) {
        big += line;
        big.push('\n');
    }
    w.write("big.csv", &big);
    let page = w.expect(0, &["preview", "--html", "big.csv"]).stdout;
    assert!(page.len() < 1_200_000, "{} bytes", page.len());
    for status in ["new", "update", "error"] {
        let listed = rows_of(&page, status);
        assert!((1..=500).contains(&listed), "{status}: {listed}");
    }
    assert!(
        page.contains("Not listed here: 39420 more new rows, 29440 more changed rows."),
        "the rest is counted"
    );
    assert!(
        page.contains("big.csv.preview.txt"),
        "the text preview is named"
    );
    assert!(page.contains("A confirm applies the whole file"));
    // The text preview keeps every row.
    let text = w.expect(0, &["preview", "big.csv"]).stdout;
    assert!(
        text.matches(" new ").count() >= 39_800,
        "every row in the text"
    );
}

#[test]
fn a_small_files_page_lists_every_row() {
    let w = Workdir::new();
    w.write("small.csv", list(50, "Lund", false));
    let page = w.expect(0, &["preview", "--html", "small.csv"]).stdout;
    assert_eq!(rows_of(&page, "new"), 50);
    assert!(!page.contains("Not listed here"));
}

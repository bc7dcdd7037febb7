//! Property tests: exports preview back as unchanged, an import and its rollback leave the
//! export as it was, no input makes a preview panic, and the fingerprint follows the planned
//! changes.

mod common;

use kundreg::customer::Change;
use kundreg::input::Input;
use kundreg::lang::Lang;
use kundreg::plan::{Fingerprint, MemoryRegister, Purpose, plan};
use kundreg::report::{Preview, write_html, write_json, write_text};
use proptest::prelude::*;

use common::{Workdir, statuses};

/// A cell a user might type: Swedish letters, quotes, delimiters, line breaks, formula signs.
fn cell() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        "[A-Za-zÅÄÖåäöé0-9 ]{1,12}",
        "[=+@'\\-][A-Za-z0-9 ]{0,6}",
        "[a-z ]{0,4}[,;\"\t|\n][a-z ]{0,4}",
        "'[=+@\\-][0-9]{0,3}",
    ]
}

fn customer_row(number: u32) -> impl Strategy<Value = Vec<String>> {
    (
        proptest::option::of("[a-z]{1,6}@[a-z]{1,5}\\.se"),
        proptest::collection::vec(cell(), 9),
    )
        .prop_map(move |(email, rest)| {
            let mut row = vec![number.to_string(), email.unwrap_or_default()];
            row.extend(rest);
            row
        })
}

/// A CSV file of customers with distinct numbers (emails may collide: those rows are errors).
fn customers() -> impl Strategy<Value = Vec<Vec<String>>> {
    proptest::collection::btree_set(1u32..10_000, 0..25)
        .prop_flat_map(|numbers| numbers.into_iter().map(customer_row).collect::<Vec<_>>())
}

fn csv_file(header: &[&str], rows: &[Vec<String>]) -> Vec<u8> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(header).unwrap();
    for row in rows {
        writer.write_record(row).unwrap();
    }
    writer.into_inner().unwrap()
}

const ALL_FIELDS: [&str; 11] = [
    "kundnummer",
    "epost",
    "förnamn",
    "efternamn",
    "företag",
    "adress",
    "postnummer",
    "stad",
    "land",
    "telefon",
    "anteckning",
];

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    /// Whatever the register holds, its export previews back as all unchanged.
    #[test]
    fn an_export_previews_as_all_unchanged(rows in customers(), excel in any::<bool>()) {
        let w = Workdir::new();
        w.write("kunder.csv", csv_file(&ALL_FIELDS, &rows));
        w.expect(0, &["import", "kunder.csv", "--yes"]);
        let customers = w.expect(0, &["status", "--json"]).json()["customers"].as_u64().unwrap();
        let mut args = vec!["export", "--out", "export.csv"];
        if excel {
            args.push("--excel");
        }
        w.expect(0, &args);
        let preview = w.preview_json("export.csv");
        prop_assert_eq!(preview["summary"]["unchanged"].as_u64(), Some(customers));
        prop_assert!(
            statuses(&preview).iter().all(|(_, s)| s == "unchanged"),
            "{}\n{}",
            String::from_utf8_lossy(&w.read("export.csv")),
            preview
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 16, ..ProptestConfig::default() })]

    /// Any import followed by its rollback gives back the export from before, byte for byte.
    #[test]
    fn an_import_and_its_rollback_leave_the_export_as_it_was(
        first in customers(),
        second in customers(),
    ) {
        let w = Workdir::new();
        w.write("forsta.csv", csv_file(&ALL_FIELDS, &first));
        w.expect(0, &["import", "forsta.csv", "--yes"]);
        let before = w.expect(0, &["export"]).stdout;
        let version = w.expect(0, &["status", "--json"]).json()["version"].as_u64().unwrap();
        w.write("andra.csv", csv_file(&ALL_FIELDS, &second));
        w.expect(0, &["import", "andra.csv", "--yes"]);
        let after = w.expect(0, &["status", "--json"]).json()["version"].as_u64().unwrap();
        if after > version {
            w.expect(0, &["rollback", &after.to_string(), "--yes"]);
        }
        prop_assert_eq!(w.expect(0, &["export"]).stdout, before);
    }
}

/// Text pieces that make inputs look like customer files, mixed with arbitrary bytes.
fn piece() -> impl Strategy<Value = Vec<u8>> {
    const WORDS: &[&str] = &[
        "kundnr",
        "epost",
        "e-post",
        "kundummer",
        "eftenamn",
        "förnamn",
        "Telefon",
        "mobil",
        "x",
        "17",
        "17 ",
        "a@b.se",
        "A@B.SE",
        "'=1",
        "",
        "\u{feff}",
        "å",
        "kundnr,kundnummer",
        "<script>alert(1)</script>",
        "</td>",
        "&amp;",
        "<",
        ">",
        "&",
        "'",
    ];
    const MARKS: &[&str] = &[
        ",", ";", "\t", "|", "\"", "\"\"", "\n", "\r", "\r\n", " ", "\0",
    ];
    prop_oneof![
        proptest::sample::select(WORDS).prop_map(|s| s.as_bytes().to_vec()),
        proptest::sample::select(MARKS).prop_map(|s| s.as_bytes().to_vec()),
        proptest::collection::vec(any::<u8>(), 1..4),
        Just(vec![0xff, 0xfe]),
        Just(vec![0xfe, 0xff]),
    ]
}

fn input_bytes() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        proptest::collection::vec(any::<u8>(), 0..300),
        proptest::collection::vec(piece(), 0..80).prop_map(|p| p.concat()),
    ]
}

/// A register to plan against: customers 1–3, one with an email.
fn small_register() -> MemoryRegister {
    let input = Input::from_bytes(
        "register.csv",
        b"kundnr,epost,namn\n1,a@b.se,Anna\n2,,Bo\n3,c@d.se,\n",
    )
    .unwrap();
    let mut register = MemoryRegister::default();
    let changes = planned_changes(&mut register.clone(), &input, &[1; 32]).1;
    register.apply(&changes).unwrap();
    register.version = 1;
    register
}

/// The fingerprint and the changes `input` would make.
fn planned_changes(
    register: &mut MemoryRegister,
    input: &Input,
    sha: &[u8; 32],
) -> (Fingerprint, Vec<Change>) {
    let mut changes = Vec::new();
    let mut sink = |_: &mut MemoryRegister, batch: &[Change]| {
        changes.extend_from_slice(batch);
        Ok(())
    };
    let purpose = Purpose::Apply(&mut sink);
    let plan = plan(sha, &input.parsed, register, purpose, &mut |_| {}).unwrap();
    (plan.fingerprint, changes)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    /// Any bytes give a report in all three forms (or a clear read error), never a panic.
    #[test]
    fn any_bytes_give_a_report(bytes in input_bytes(), english in any::<bool>()) {
        let lang = if english { Lang::En } else { Lang::Sv };
        let input = match Input::from_bytes("kunder.csv", &bytes) {
            Ok(input) => input,
            Err(e) => {
                prop_assert!(!e.to_string().is_empty());
                return Ok(());
            }
        };
        let planned = input.parsed.file_errors.is_empty().then(|| {
            plan(
                &input.inspection.sha256,
                &input.parsed,
                &mut small_register(),
                Purpose::Report { unchanged: true },
                &mut |_| {},
            )
            .unwrap()
        });
        let preview = Preview::of(&input, planned.as_ref(), lang.texts());
        let mut text = Vec::new();
        write_text(&preview, &mut text, true).unwrap();
        prop_assert!(String::from_utf8(text).is_ok());
        let mut html = Vec::new();
        write_html(&preview, &mut html).unwrap();
        let html = String::from_utf8(html).unwrap();
        prop_assert!(only_our_tags(&html), "{}", html);
        let mut json = Vec::new();
        write_json(&preview, &mut json).unwrap();
        let json: serde_json::Value = serde_json::from_slice(&json).unwrap();
        if let Some(plan) = &planned {
            let rows = json["rows"].as_array().unwrap().len() as u64;
            let c = plan.counts;
            prop_assert_eq!(rows, c.new + c.update + c.unchanged + c.error);
        }
    }

    /// Two files planned against one register have the same fingerprint exactly when they
    /// would make the same changes.
    #[test]
    fn the_fingerprint_follows_the_changes(
        a in proptest::collection::vec(("[1-5]?", "([ac]@[bd]\\.se)?", "(Anna|Bo|Cissi)?"), 1..6),
        b in proptest::collection::vec(("[1-5]?", "([ac]@[bd]\\.se)?", "(Anna|Bo|Cissi)?"), 1..6),
    ) {
        let file = |rows: &[(String, String, String)]| {
            let mut text = String::from("kundnr,epost,namn\n");
            for (n, e, name) in rows {
                text.push_str(&format!("{n},{e},{name}\n"));
            }
            Input::from_bytes("k.csv", text.as_bytes()).unwrap()
        };
        let register = small_register();
        let sha = [7; 32];
        let (fa, ca) = planned_changes(&mut register.clone(), &file(&a), &sha);
        let (fb, cb) = planned_changes(&mut register.clone(), &file(&b), &sha);
        prop_assert_eq!(fa == fb, ca == cb, "{:?}\n{:?}", ca, cb);
        // The bytes are part of the fingerprint too.
        let (other, _) = planned_changes(&mut register.clone(), &file(&a), &[8; 32]);
        prop_assert_ne!(fa, other);
    }
}

/// The tags a preview page is made of; anything else in it would be markup from the file.
const OUR_TAGS: &[&str] = &[
    "!DOCTYPE", "html", "head", "meta", "title", "style", "body", "h1", "h2", "p", "div", "span",
    "strong", "del", "ul", "li", "dl", "dt", "dd", "table", "tr", "th", "td",
];

/// True when every tag in `html` is one of [`OUR_TAGS`].
fn only_our_tags(html: &str) -> bool {
    html.split('<').skip(1).all(|rest| {
        let name: String = rest
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '!')
            .collect();
        OUR_TAGS.contains(&name.as_str())
    })
}

/// A value that tries to be markup: tags, entities, quotes.
fn markup() -> impl Strategy<Value = String> {
    let piece = proptest::sample::select(
        &[
            "<script>alert(1)</script>",
            "<img src=x onerror=alert(1)>",
            "</td></tr></table>",
            "<b>",
            "&amp;",
            "&lt;",
            "&",
            "<",
            ">",
            "\"",
            "'",
            "Åsa",
            " ",
        ][..],
    );
    proptest::collection::vec(piece, 1..5).prop_map(|p| p.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    /// Whatever the file, its name and the register hold, the HTML preview shows it as text:
    /// every value escaped, no tag but the page's own.
    #[test]
    fn the_html_preview_escapes_every_value(
        name in markup(),
        old in markup(),
        new in proptest::collection::vec((markup(), markup()), 1..4),
        header in markup(),
    ) {
        let mut register = MemoryRegister::default();
        let existing = csv_file(&["kundnr", "förnamn"], &[vec!["1".into(), old.clone()]]);
        let existing = Input::from_bytes("r.csv", &existing).unwrap();
        let changes = planned_changes(&mut register.clone(), &existing, &[1; 32]).1;
        register.apply(&changes).unwrap();
        let rows: Vec<Vec<String>> = new
            .iter()
            .enumerate()
            .map(|(i, (first, note))| vec![(i + 1).to_string(), first.clone(), note.clone(), "x".into()])
            .collect();
        // The header line decides the delimiter: a column name with `;` in it (as in `&amp;`)
        // would make the file a semicolon file. Markup in the name stays.
        let header: String = header.chars().filter(|c| !";,|\t".contains(*c)).collect();
        let bytes = csv_file(&["kundnr", "förnamn", "anteckning", &header], &rows);
        let input = Input::from_bytes(&format!("{name}.csv"), &bytes).unwrap();
        let plan = plan(&[2; 32], &input.parsed, &mut register, Purpose::Report { unchanged: true }, &mut |_| {}).unwrap();
        let preview = Preview::of(&input, Some(&plan), Lang::Sv.texts());
        let mut html = Vec::new();
        write_html(&preview, &mut html).unwrap();
        let html = String::from_utf8(html).unwrap();
        prop_assert!(only_our_tags(&html), "{}", html);
        let escaped = |v: &str| kundreg::report::escape(v.trim());
        prop_assert!(html.contains(&escaped(&input.name)), "file name");
        // The old first name shows where the file changes it.
        let first = new[0].0.trim();
        let changes_it = !first.is_empty() && first.split_whitespace().ne(old.split_whitespace());
        prop_assert!(!changes_it || html.contains(&escaped(&old)), "old value");
        for (i, (first, note)) in new.iter().enumerate() {
            // Customer 1's first name shows as `/` where the file gives the one it has.
            let same = i == 0 && first.split_whitespace().eq(old.split_whitespace());
            prop_assert!(same || html.contains(&escaped(first)), "{}", first);
            prop_assert!(html.contains(&escaped(note)), "{}", note);
        }
    }
}

//! A preview checked at a glance, through the binary: the summary per column (its counts add
//! up to the rows' changes, its top values are the most frequent), the warnings for the classic
//! spreadsheet accidents in text, HTML and JSON, the receipt repeating them, and no warning on
//! ordinary files.

mod common;

use std::collections::BTreeMap;

use common::Workdir;
use common::daemon::{Daemon, wait_until};
use serde_json::Value;

const CITIES: [&str; 5] = ["Lund", "Malmö", "Umeå", "Luleå", "Boden"];

/// 30 customers, 100–129, their cities in turn.
fn register(w: &Workdir) {
    w.import("register.csv", &file(unchanged));
}

/// The register's 30 customers with `row` changing what it gives for customer `i`.
fn file(row: impl Fn(usize) -> [String; 3]) -> String {
    let mut text = String::from("kundnummer;epost;förnamn;stad;postnummer;telefon\n");
    for i in 0..30 {
        let [city, postal, phone] = row(i);
        text += &format!("{};k{i}@ex.se;Namn{i};{city};{postal};{phone}\n", 100 + i);
    }
    text
}

/// The columns `file` lets a row change.
const CITY: usize = 0;
const POSTAL: usize = 1;
const PHONE: usize = 2;

/// Customer `i` as the register holds them.
fn unchanged(i: usize) -> [String; 3] {
    [
        CITIES[i % 5].to_string(),
        format!("{} 20", 222 + i),
        format!("070-1234{i:03}"),
    ]
}

/// Customer `i` as the register holds them, but for `column`, which gives `value`.
fn giving(i: usize, column: usize, value: impl Into<String>) -> [String; 3] {
    let mut row = unchanged(i);
    row[column] = value.into();
    row
}

/// The register's customers, the first 20 of them moved to Kiruna: a fill-down.
fn filled_down() -> String {
    file(|i| match i {
        0..20 => giving(i, CITY, "Kiruna"),
        _ => unchanged(i),
    })
}

fn warnings(preview: &Value) -> Vec<(String, String, u64)> {
    preview["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| {
            let kind = w["kind"].as_str().unwrap().to_string();
            (
                kind,
                w["field"].as_str().unwrap().to_string(),
                w["rows"].as_u64().unwrap(),
            )
        })
        .collect()
}

#[test]
fn the_summary_adds_up_to_the_rows_changes_and_names_the_most_frequent_values() {
    let w = Workdir::new();
    register(&w);
    // Nine move (to three cities; one is in Boden already), five new customers, the rest
    // unchanged.
    let mut text = file(|i| match i {
        0..4 => giving(i, CITY, "Kiruna"),
        4..7 => giving(i, CITY, "Boden"),
        7..10 => {
            let mut row = giving(i, CITY, "Gävle");
            row[POSTAL] = "802 22".into();
            row
        }
        _ => unchanged(i),
    });
    for i in 0..5 {
        text += &format!("{};ny{i}@ex.se;Ny{i};Kiruna;981 3{i};0980-1{i}\n", 200 + i);
    }
    w.write("moves.csv", &text);
    let preview = w.preview_json("moves.csv");
    assert!(warnings(&preview).is_empty(), "{preview}");

    // What the rows say, field by field: new values (no old one), changed ones, and counts.
    let mut expected: BTreeMap<String, (u64, u64, BTreeMap<String, u64>)> = BTreeMap::new();
    for row in preview["rows"].as_array().unwrap() {
        // A new customer's email is its key, given beside the changes.
        if row["status"] == "new" {
            let entry = expected.entry("email".into()).or_default();
            entry.0 += 1;
            *entry
                .2
                .entry(row["email"].as_str().unwrap().to_string())
                .or_default() += 1;
        }
        for (field, change) in row["changes"].as_object().into_iter().flatten() {
            let entry = expected.entry(field.clone()).or_default();
            if change["old"].is_null() {
                entry.0 += 1;
            } else {
                entry.1 += 1;
            }
            *entry
                .2
                .entry(change["new"].as_str().unwrap().to_string())
                .or_default() += 1;
        }
    }
    let summary = preview["summary_by_field"].as_object().unwrap();
    for field in ["email", "first_name", "city", "postal_code", "phone"] {
        let s = &summary[field];
        let (new, changed, values) = expected.remove(field).unwrap_or_default();
        assert_eq!(
            (s["new"].as_u64(), s["changed"].as_u64()),
            (Some(new), Some(changed)),
            "{field}"
        );
        assert_eq!(s["cleared"], 0, "{field}");
        let mut top: Vec<(String, u64)> = values.into_iter().collect();
        top.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        top.truncate(3);
        let shown: Vec<(String, u64)> = s["top"]
            .as_array()
            .unwrap()
            .iter()
            .map(|pair| (pair[0].as_str().unwrap().into(), pair[1].as_u64().unwrap()))
            .collect();
        assert_eq!(shown, top, "{field}");
    }
    assert!(
        expected.is_empty(),
        "fields missing from the summary: {expected:?}"
    );
    let city = &summary["city"];
    assert_eq!(
        (city["new"].as_u64(), city["changed"].as_u64()),
        (Some(5), Some(9))
    );
    assert_eq!(city["top"][0], serde_json::json!(["Kiruna", 9]));
    assert_eq!(
        preview["summary"]["new"].as_u64().unwrap()
            + preview["summary"]["update"].as_u64().unwrap(),
        14
    );

    let text = w.expect(0, &["preview", "moves.csv"]).stdout;
    assert!(text.contains("Column by column:"), "{text}");
    let city_line = text
        .lines()
        .find(|l| l.trim_start().starts_with("city "))
        .unwrap();
    let cells: Vec<&str> = city_line.split_whitespace().collect();
    assert_eq!(&cells[..4], ["city", "5", "9", "0"], "{city_line}");
    assert!(
        city_line.ends_with("Kiruna (9), Gävle (3), Boden (2)"),
        "{city_line}"
    );
    assert!(!text.contains("WARNING"), "{text}");

    let html = w.expect(0, &["preview", "moves.csv", "--html"]).stdout;
    assert!(html.contains("<table class=\"glance\">"), "{html}");
    assert!(
        html.contains("<td>Kiruna (9), Gävle (3), Boden (2)</td>"),
        "{html}"
    );
    assert!(!html.contains("class=\"accidents\""), "{html}");
}

#[test]
fn a_value_filled_down_over_many_others_is_warned_of_everywhere() {
    let w = Workdir::new();
    register(&w);
    w.write("ifylld.csv", filled_down());
    let preview = w.preview_json("ifylld.csv");
    assert_eq!(
        warnings(&preview),
        [("fill_down".into(), "city".into(), 20)],
        "{preview}"
    );
    let warning = &preview["warnings"][0];
    assert_eq!(warning["example_lines"], serde_json::json!([2, 3, 4, 5, 6]));
    assert!(
        warning["text"]
            .as_str()
            .unwrap()
            .contains("20 customers get \"Kiruna\", replacing 5 different values"),
        "{warning}"
    );
    let text = w.expect(0, &["preview", "ifylld.csv"]).stdout;
    assert!(
        text.contains("WARNING: city: 20 customers get \"Kiruna\""),
        "{text}"
    );
    let swedish = w
        .expect(0, &["--lang", "sv", "preview", "ifylld.csv"])
        .stdout;
    assert!(
        swedish.contains("VARNING: stad: 20 kunder får \"Kiruna\""),
        "{swedish}"
    );
    let html = w.expect(0, &["preview", "ifylld.csv", "--html"]).stdout;
    let boxed = html.split("<div class=\"accidents\">").nth(1).unwrap();
    assert!(
        boxed.contains("20 customers get &quot;Kiruna&quot;"),
        "{html}"
    );

    // Spread over many values it is an ordinary list: ten moves, each to another city.
    let spread = file(|i| match i {
        0..20 => giving(i, CITY, CITIES[(i + 1) % 5]),
        _ => unchanged(i),
    });
    w.write("flytt.csv", &spread);
    assert!(warnings(&w.preview_json("flytt.csv")).is_empty());
}

#[test]
fn leading_zeros_lost_and_scientific_notation_are_warned_of_and_a_number_in_it_is_an_error() {
    let w = Workdir::new();
    register(&w);
    let mut text = file(|i| match i {
        0..4 => giving(i, POSTAL, format!("{}", 2220 + i)),
        4..9 => giving(i, PHONE, format!("70123{i:04}")),
        9 => giving(i, PHONE, "7,01234E+8"),
        _ => unchanged(i),
    });
    text += "1,23457E+11;ny@ex.se;Ny;Lund;222 20;070-1\n";
    w.write("excel.csv", &text);
    let preview = w.preview_json("excel.csv");
    assert_eq!(
        warnings(&preview),
        [
            ("lost_leading_zeros".into(), "postal_code".into(), 4),
            ("lost_leading_zeros".into(), "phone".into(), 5),
            ("scientific_notation".into(), "phone".into(), 1),
        ],
        "{preview}"
    );
    assert_eq!(
        preview["warnings"][2]["example_lines"],
        serde_json::json!([11])
    );
    let error = preview["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["status"] == "error")
        .unwrap();
    assert_eq!(error["problem"], "number_in_scientific_notation", "{error}");
    assert_eq!(error["line"], 32);
    let text = w.expect(0, &["preview", "excel.csv"]).stdout;
    assert!(
        text.contains("WARNING: postal code: 4 customers get a postal code of 4 digits"),
        "{text}"
    );
    assert!(
        text.contains(
            "WARNING: phone: values in Excel's scientific notation, such as 7,01234E+8 (line 11)"
        ),
        "{text}"
    );
    assert!(
        text.contains("scientific notation (like 1,23457E+11)"),
        "{text}"
    );
    let html = w.expect(0, &["preview", "excel.csv", "--html"]).stdout;
    let boxed = html.split("<div class=\"accidents\">").nth(1).unwrap();
    let boxed = boxed.split("</div>").next().unwrap();
    assert_eq!(
        boxed.matches("<p><strong>WARNING:</strong>").count(),
        3,
        "{boxed}"
    );
    assert!(boxed.contains("such as 7,01234E+8 (line 11)"), "{boxed}");
}

#[test]
fn a_column_whose_values_belong_to_another_field_is_warned_of() {
    let w = Workdir::new();
    let mut text = String::from("kundnummer;epost;förnamn;telefon;stad\n");
    for i in 0..8 {
        text += &format!("{};s{i}@ex.se;S{i};s{i}@ex.se;{} 20\n", 200 + i, 222 + i);
    }
    w.write("skift.csv", &text);
    let preview = w.preview_json("skift.csv");
    assert_eq!(
        warnings(&preview),
        [
            ("shifted_column".into(), "city".into(), 8),
            ("shifted_column".into(), "phone".into(), 8),
        ],
        "{preview}"
    );
    let text = w.expect(0, &["preview", "skift.csv"]).stdout;
    assert!(
        text.contains("WARNING: phone: 8 of 8 values look like email addresses"),
        "{text}"
    );
    assert!(
        text.contains("WARNING: city: 8 of 8 values look like postal codes"),
        "{text}"
    );
    let html = w
        .expect(0, &["--lang", "sv", "preview", "skift.csv", "--html"])
        .stdout;
    assert!(
        html.contains("telefon: 8 av 8 värden ser ut som e-postadresser"),
        "{html}"
    );
}

/// The receipt in `done/` of the input `name` (prefixed `v2_`).
fn receipt(w: &Workdir, name: &str) -> String {
    let done = w.path("in/done");
    let day = std::fs::read_dir(&done)
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    std::fs::read_to_string(day.join(format!("v2_{name}.receipt.txt"))).unwrap()
}

#[test]
fn warnings_never_block_a_confirm_and_the_receipt_repeats_them_and_the_summary() {
    let w = Workdir::new();
    register(&w);
    std::fs::create_dir(w.path("in")).unwrap();
    let filled = filled_down();
    // A run that previews, and another that applies: the receipt's glance is worked out anew.
    w.write("in/ifylld.csv", &filled);
    let once = ["watch", "in", "--once", "--settle", "0"];
    w.expect(0, &once);
    let preview = String::from_utf8(w.read("in/ifylld.csv.preview.txt")).unwrap();
    assert!(preview.contains("WARNING: city: 20 customers"), "{preview}");
    w.write("in/ifylld.confirm", "");
    w.expect(0, &once);
    let worked_out = receipt(&w, "ifylld.csv");
    assert!(
        worked_out.contains("WARNING: city: 20 customers get \"Kiruna\""),
        "{worked_out}"
    );
    assert!(worked_out.contains("Column by column:"), "{worked_out}");
    assert_eq!(w.customer("100")["city"], "Kiruna");

    // A running daemon carries what its preview showed into the receipt.
    let w = Workdir::new();
    register(&w);
    std::fs::create_dir(w.path("in")).unwrap();
    let daemon = Daemon::start(
        &w,
        &["watch", "in", "--settle", "200", "--rescan", "300"],
        "log",
    );
    w.write("in/ifylld.csv", &filled);
    wait_until("the preview", || {
        w.path("in/ifylld.csv.preview.txt").exists()
    });
    w.write("in/ifylld.confirm", "");
    daemon.wait_for_log("ifylld.csv: imported as version 2");
    let carried = receipt(&w, "ifylld.csv");
    let glance = |r: &str| {
        r.lines()
            .filter(|l| {
                l.starts_with("WARNING") || (l.starts_with("  ") && !l.contains("rollback"))
            })
            .map(String::from)
            .collect::<Vec<_>>()
    };
    assert_eq!(glance(&carried), glance(&worked_out), "{carried}");
}

#[test]
fn ordinary_files_give_no_warning() {
    let w = Workdir::new();
    let examples = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    // Copied, so what an import leaves beside a file stays in the test's folder.
    let mut files: Vec<std::path::PathBuf> = std::fs::read_dir(&examples)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "csv" || e == "txt"))
        .map(|p| {
            w.write(
                p.file_name().unwrap().to_str().unwrap(),
                std::fs::read(&p).unwrap(),
            )
        })
        .collect();
    files.sort();
    assert!(files.len() >= 3, "{files:?}");
    // Against an empty register, then against one that holds them all.
    for pass in 0..2 {
        for file in &files {
            let file = file.to_str().unwrap();
            let preview = w.expect(0, &["preview", file, "--json"]).json();
            assert!(
                warnings(&preview).is_empty(),
                "pass {pass}, {file}: {preview}"
            );
        }
        for file in &files {
            w.run(&["import", file.to_str().unwrap(), "--yes"]);
        }
    }

    // The benchmark's import: random changes spread over many values.
    let generator = examples.join("../benches/gen_customers.py");
    let w = Workdir::new();
    for (mode, out) in [("register", "reg.csv"), ("import", "imp.csv")] {
        let made = std::process::Command::new("python3")
            .args([
                generator.to_str().unwrap(),
                mode,
                "3000",
                w.path(out).to_str().unwrap(),
            ])
            .status()
            .expect("python3");
        assert!(made.success());
    }
    w.expect(0, &["import", "reg.csv", "--yes"]);
    let preview = w.preview_json("imp.csv");
    assert!(warnings(&preview).is_empty(), "{}", preview["warnings"]);

    // The tests' own customer lists.
    w.write("kunder.csv", common::computers::customers(500));
    assert!(warnings(&w.preview_json("kunder.csv")).is_empty());
}

#[test]
fn a_column_of_thousands_of_distinct_values_still_names_its_most_frequent_exactly() {
    let w = Workdir::new();
    let mut text = String::from("kundnummer;förnamn;stad\n");
    for i in 0..3000 {
        let city = match i % 600 {
            0 => "Kiruna".to_string(),
            1 if i < 1800 => "Boden".to_string(),
            _ => format!("Stad {i}"),
        };
        text += &format!("{};Namn{i};{city}\n", 1000 + i);
    }
    w.write("många.csv", &text);
    let preview = w.preview_json("många.csv");
    let city = &preview["summary_by_field"]["city"];
    assert_eq!(city["new"], 3000);
    assert_eq!(city["top"][0], serde_json::json!(["Kiruna", 5]), "{city}");
    assert_eq!(city["top"][1], serde_json::json!(["Boden", 3]), "{city}");
    assert_eq!(city["top"][2][1], 1, "{city}");
    assert!(warnings(&preview).is_empty(), "{}", preview["warnings"]);
}

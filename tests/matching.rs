//! Matching through the binary: every row of the matching table, numbering, rows that
//! land on one customer, and "same" values.

mod common;

use common::{Workdir, statuses};

fn register(w: &Workdir) {
    w.import(
        "register.csv",
        "kundnummer,epost,förnamn,efternamn,telefon,postnummer\n\
         17,stina@epost.com,Stina,Olsson,070-112 23 33,123 45\n\
         18,bo@epost.com,Bo,Ek,,\n\
         19,,Cissi,Berg,,\n\
         16,eva@epost.com,Eva,Al,,\n",
    );
}

#[test]
fn the_matching_table() {
    let w = Workdir::new();
    register(&w);
    w.write(
        "k.csv",
        "kundnr,epost,efternamn\n\
         17,stina@epost.com,Ohlsson\n\
         18,ny@epost.com,Ek\n\
         19,eva@epost.com,Berg\n\
         20,bo@epost.com,Ny\n\
         21,,Nyman\n\
         ,nils@epost.com,Karlsson\n",
    );
    let p = w.preview_json("k.csv");
    let rows = &p["rows"];
    // N and E on the same customer: that customer.
    assert_eq!(rows[0]["status"], "update");
    assert_eq!(rows[0]["changes"]["last_name"]["old"], "Olsson");
    // N on A, E on nobody: A, whose email changes.
    assert_eq!(rows[1]["status"], "update");
    assert_eq!(rows[1]["changes"]["email"]["old"], "bo@epost.com");
    assert_eq!(rows[1]["changes"]["email"]["new"], "ny@epost.com");
    assert_eq!(rows[1]["same"][0], "last_name");
    // N on A, E on B: error naming both.
    assert_eq!(rows[2]["status"], "error");
    assert_eq!(rows[2]["problem"], "number_and_email_differ");
    assert_eq!(rows[2]["customers"], serde_json::json!(["19", "16"]));
    assert!(rows[2]["error"].as_str().unwrap().contains("19"));
    // N on nobody, E on B who has another number: error.
    assert_eq!(rows[3]["status"], "error");
    assert_eq!(rows[3]["problem"], "email_has_other_number");
    assert_eq!(rows[3]["customers"], serde_json::json!(["18"]));
    // Only N, unknown: new customer.
    assert_eq!(rows[4]["status"], "new");
    assert_eq!(rows[4]["customer_number"], "21");
    // Only E, unknown: new customer with the next free number (largest numeric + 1).
    assert_eq!(rows[5]["status"], "new");
    assert_eq!(rows[5]["customer_number"], "22");
    assert_eq!(p["summary"]["error"], 2);
}

#[test]
fn only_an_email_finds_its_customer() {
    let w = Workdir::new();
    register(&w);
    w.write("k.csv", "e-post,förnamn\nSTINA@Epost.com,Kristina\n");
    let p = w.preview_json("k.csv");
    assert_eq!(p["rows"][0]["status"], "update");
    assert_eq!(p["rows"][0]["customer_number"], "17");
    w.expect(0, &["import", "k.csv", "--yes"]);
    assert_eq!(w.customer("stina@epost.com")["first_name"], "Kristina");
}

#[test]
fn two_rows_on_one_customer_are_both_errors_naming_each_other() {
    let w = Workdir::new();
    register(&w);
    w.write(
        "k.csv",
        "kundnr,epost,stad\n17,,Lund\n,stina@epost.com,Ystad\n30,x@y.se,A\n31,x@y.se,B\n40,,C\n40,,D\n",
    );
    let p = w.preview_json("k.csv");
    let rows = p["rows"].as_array().unwrap();
    for (line, other) in [(2, 3), (3, 2), (4, 5), (5, 4), (6, 7), (7, 6)] {
        let row = rows.iter().find(|r| r["line"] == line).unwrap();
        assert_eq!(row["problem"], "duplicate_in_file", "{row}");
        assert_eq!(row["lines"], serde_json::json!([other]), "{row}");
        let error = row["error"].as_str().unwrap();
        assert!(error.contains(&format!("line {other}")), "{error}");
    }
    assert_eq!(p["summary"]["error"], 6);
}

#[test]
fn equal_values_under_the_rules_are_same_not_changes() {
    let w = Workdir::new();
    register(&w);
    w.write(
        "k.csv",
        "kundnr,epost,förnamn,efternamn,mobil,postnr\n17,Stina@EPOST.com,Stina,  Olsson ,+46 70 112 23 33,12345\n",
    );
    let p = w.preview_json("k.csv");
    assert_eq!(statuses(&p), vec![(2, "unchanged".into())]);
    let same: Vec<&str> = p["rows"][0]["same"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert_eq!(
        same,
        vec!["first_name", "last_name", "phone", "postal_code"]
    );
    let text = w.expect(0, &["preview", "k.csv"]).stdout;
    let row = text.lines().find(|l| l.starts_with("2 ")).unwrap();
    assert_eq!(row.matches(" /").count(), 4, "{row}");
}

#[test]
fn rows_with_errors_are_reported_and_the_rest_applies() {
    let w = Workdir::new();
    w.write(
        "k.csv",
        "kundnr,epost,förnamn\n1,inte-en-adress,A\n2,ok@x.se,B\n,,\n,,Utan nyckel\n3 4,a@b.se,C\n",
    );
    let run = w.expect(0, &["import", "k.csv", "--yes"]);
    assert!(run.stdout.contains("version 1: 1 new"), "{}", run.stdout);
    assert!(run.stderr.contains("3 rows with errors"), "{}", run.stderr);
    for line in ["line 2:", "line 5:", "line 6:"] {
        assert!(run.stderr.contains(line), "{}", run.stderr);
    }
    w.expect(1, &["get", "1"]);
    w.expect(0, &["get", "2"]);
}

#[test]
fn preview_never_writes_the_register() {
    let w = Workdir::new();
    w.write("k.csv", "kundnr\n1\n");
    w.expect(0, &["preview", "k.csv"]);
    assert!(!w.path("kundreg.redb").exists());
    register(&w);
    let before = w.read("kundreg.redb");
    for format in [&[][..], &["--json"], &["--html"]] {
        let mut args = vec!["preview", "k.csv"];
        args.extend_from_slice(format);
        w.expect(0, &args);
    }
    assert!(
        before == w.read("kundreg.redb"),
        "preview changed the register"
    );
}

#[test]
fn every_error_row_names_its_problem_for_scripts() {
    let w = Workdir::new();
    register(&w);
    let long = "1".repeat(65);
    w.write(
        "k.csv",
        format!("kundnr,epost,stad\n,,Lund\n1 2,,Ystad\n{long},,Lund\n50,inte-en-adress,Lund\n"),
    );
    let p = w.preview_json("k.csv");
    let problems: Vec<(&str, &str)> = p["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["problem"].as_str().unwrap(),
                r["field"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(
        problems,
        [
            ("no_key", ""),
            ("number_has_space", "customer_number"),
            ("number_too_long", "customer_number"),
            ("bad_email", "email"),
        ]
    );
}

//! The commands through the binary: import, get, status, history, export, the register file's
//! safety rules, exit codes and languages.

mod common;

use std::time::Duration;

use common::{Workdir, statuses};
use kundreg::store::{Access, Store};

const CUSTOMERS: &str = "kundnummer,epost,förnamn,efternamn,anteckning\n\
    1,anna@exempel.se,Anna,Åberg,=SUMMA(A1)\n\
    2,bo@exempel.se,Bo,Ek,\"Säger \"\"hej\"\", alltid\"\n";

#[test]
fn import_prints_the_version_and_the_same_bytes_are_refused_after() {
    let w = Workdir::new();
    let run = w.import("kunder.csv", CUSTOMERS);
    assert!(
        run.stdout.contains("version 1: 2 new, 0 changed"),
        "{}",
        run.stdout
    );
    let again = w.expect(3, &["import", "kunder.csv", "--yes"]);
    assert!(
        again.stderr.contains("already imported as version 1"),
        "{}",
        again.stderr
    );
    let preview = w.preview_json("kunder.csv");
    assert_eq!(preview["already_imported_as"], 1);
    let text = w.expect(0, &["preview", "kunder.csv"]).stdout;
    assert!(text.contains("already imported as version 1"), "{text}");
    // The same customers in other bytes are not refused: they are simply unchanged.
    w.write("igen.csv", CUSTOMERS.replace('\n', "\r\n"));
    let run = w.expect(0, &["import", "igen.csv", "--yes"]);
    assert!(run.stdout.contains("changes nothing"), "{}", run.stdout);
    assert_eq!(w.expect(0, &["status", "--json"]).json()["version"], 1);
}

#[test]
fn import_without_a_terminal_needs_yes_and_writes_nothing() {
    let w = Workdir::new();
    w.write("kunder.csv", CUSTOMERS);
    let run = w.expect(3, &["import", "kunder.csv"]);
    assert!(run.stderr.contains("--yes"), "{}", run.stderr);
    assert!(!w.path("kundreg.redb").exists());
}

#[test]
fn a_file_with_file_errors_is_not_imported() {
    let w = Workdir::new();
    w.write("kunder.csv", "förnamn,efternamn\nAnna,Åberg\n");
    let run = w.expect(1, &["import", "kunder.csv", "--yes"]);
    assert!(run.stdout.contains("customer number"), "{}", run.stdout);
    assert!(!w.path("kundreg.redb").exists());
}

#[test]
fn get_finds_a_customer_by_number_or_any_case_of_email() {
    let w = Workdir::new();
    w.import("kunder.csv", CUSTOMERS);
    let by_number = w.customer("1");
    let by_email = w.customer("ANNA@Exempel.se");
    assert_eq!(by_number, by_email);
    assert_eq!(
        by_number,
        serde_json::json!({
            "customer_number": "1",
            "email": "anna@exempel.se",
            "first_name": "Anna",
            "last_name": "Åberg",
            "note": "=SUMMA(A1)",
        })
    );
    let text = w.expect(0, &["get", "2"]).stdout;
    assert!(text.contains("Säger \"hej\", alltid"), "{text}");
    let missing = w.expect(1, &["get", "3"]);
    assert!(missing.stderr.contains("\"3\""), "{}", missing.stderr);
}

#[test]
fn status_and_history_before_and_after_imports() {
    let w = Workdir::new();
    assert_eq!(
        w.expect(0, &["status", "--json"]).json(),
        serde_json::json!({
            "db": "kundreg.redb", "customers": 0, "version": 0, "role": "alone", "folder": null,
            "primary": null, "primary_seen": null, "behind": 0, "epoch": null, "fenced": [], "copies": [],
            "shop_key": null, "join_code": null, "unsealed": [],
        })
    );
    assert_eq!(
        w.expect(0, &["history", "--json"]).json(),
        serde_json::json!([])
    );
    assert!(
        !w.path("kundreg.redb").exists(),
        "reading created a register"
    );

    w.import("kunder.csv", CUSTOMERS);
    w.import(
        "fler.csv",
        "epost,stad\nanna@exempel.se,Lund\nny@exempel.se,Ystad\n",
    );
    let status = w.expect(0, &["status", "--json"]).json();
    assert_eq!(status["customers"], 3);
    assert_eq!(status["version"], 2);

    let history = w.expect(0, &["history", "--json"]).json();
    let versions: Vec<u64> = history
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["version"].as_u64().unwrap())
        .collect();
    assert_eq!(versions, vec![2, 1], "newest first");
    let newest = &history[0];
    assert_eq!(newest["kind"], "import");
    assert_eq!(newest["file"], "fler.csv");
    assert_eq!(newest["new"], 1);
    assert_eq!(newest["update"], 1);
    assert_eq!(newest["removed"], 0);
    assert_eq!(newest["rolled_back_by"], serde_json::Value::Null);
    assert_eq!(newest["sha256"].as_str().unwrap().len(), 64);
    assert!(newest["at"].as_str().unwrap().contains('T'));

    let text = w.expect(0, &["history"]).stdout;
    let v2 = text.find("fler.csv").unwrap();
    let v1 = text.find("kunder.csv").unwrap();
    assert!(v2 < v1, "{text}");
    // The new customer got the next free number.
    assert_eq!(w.customer("ny@exempel.se")["customer_number"], "3");
}

#[test]
fn export_neutralises_formulas_and_previews_back_as_all_unchanged() {
    let w = Workdir::new();
    w.import(
        "kunder.csv",
        "kundnr;e-post;förnamn;anteckning;telefon\n\
         1;a@b.se;Anna;=1+2;+46 70 123 45 67\n\
         2;b@b.se;Bo;'=redan skyddad;\n\
         3;;\"Cé\";\"två\nrader\";-\n\
         4;d@b.se;@Dora;x,y;\n",
    );
    let csv = w.expect(0, &["export"]).stdout;
    let mut lines = csv.lines();
    assert_eq!(
        lines.next().unwrap(),
        "kundnummer,epost,förnamn,efternamn,företag,adress,postnummer,stad,land,telefon,anteckning"
    );
    assert!(csv.contains(",'=1+2\n"), "{csv}");
    assert!(csv.contains(",'+46 70 123 45 67,"), "{csv}");
    assert!(csv.contains(",'@Dora,"), "{csv}");
    assert!(csv.contains(",'-,"), "{csv}");

    w.expect(0, &["export", "--out", "export.csv"]);
    assert_eq!(w.read("export.csv"), csv.as_bytes());
    w.expect(0, &["export", "--out", "excel.csv", "--excel"]);
    let excel = String::from_utf8(w.read("excel.csv")).unwrap();
    assert!(
        excel.starts_with("\u{feff}kundnummer;epost;förnamn;"),
        "{excel}"
    );

    for file in ["export.csv", "excel.csv"] {
        let preview = w.preview_json(file);
        assert!(
            statuses(&preview).iter().all(|(_, s)| s == "unchanged"),
            "{file}: {preview}"
        );
        assert_eq!(preview["summary"]["unchanged"], 4);
    }
}

#[test]
fn export_never_overwrites_a_file() {
    let w = Workdir::new();
    w.import("kunder.csv", CUSTOMERS);
    w.write("export.csv", "mitt eget arbete");
    let run = w.expect(1, &["export", "--out", "export.csv"]);
    assert!(run.stderr.contains("export.csv"), "{}", run.stderr);
    assert_eq!(w.read("export.csv"), b"mitt eget arbete");
    let leftovers = std::fs::read_dir(w.dir()).unwrap().count();
    assert_eq!(leftovers, 3, "a temporary file was left behind");
}

#[test]
fn a_file_that_is_not_a_register_is_refused_and_left_alone() {
    for (content, words) in [
        (&b""[..], "empty"),
        (b"name,email\n", "not a kundreg register"),
    ] {
        let w = Workdir::new();
        w.write("kundreg.redb", content);
        w.write("kunder.csv", CUSTOMERS);
        for args in [
            &["import", "kunder.csv", "--yes"][..],
            &["status"],
            &["preview", "kunder.csv"],
        ] {
            let run = w.expect(1, args);
            assert!(run.stderr.contains(words), "{args:?}: {}", run.stderr);
        }
        assert_eq!(w.read("kundreg.redb"), content);
    }
}

#[test]
fn another_programs_redb_database_is_refused_and_left_alone() {
    let w = Workdir::new();
    let other: redb::TableDefinition<&str, &str> = redb::TableDefinition::new("notes");
    let db = redb::Database::create(w.path("kundreg.redb")).unwrap();
    let txn = db.begin_write().unwrap();
    txn.open_table(other).unwrap().insert("a", "b").unwrap();
    txn.commit().unwrap();
    drop(db);
    let before = w.read("kundreg.redb");
    w.write("kunder.csv", CUSTOMERS);
    for args in [&["import", "kunder.csv", "--yes"][..], &["status"]] {
        let run = w.expect(1, args);
        assert!(
            run.stderr.contains("not a kundreg register"),
            "{}",
            run.stderr
        );
    }
    assert!(before == w.read("kundreg.redb"), "the file was changed");
}

#[test]
fn a_busy_register_is_waited_for_then_exit_4() {
    let w = Workdir::new();
    w.import("kunder.csv", CUSTOMERS);
    let held = Store::open(
        &w.path("kundreg.redb"),
        Access::Write,
        Duration::ZERO,
        &mut || {},
    )
    .unwrap();
    w.write("fler.csv", "kundnr,stad\n1,Lund\n");
    // A read, and an import (which first checks the file read-only, then opens it to write):
    // each says once that it waits, then gives up.
    for args in [&["status"][..], &["import", "fler.csv", "--yes"]] {
        let run = w
            .command(args)
            .env("KUNDREG_BUSY_WAIT", "1")
            .output()
            .unwrap();
        let run = common::finish(run);
        assert_eq!(run.code, 4, "{args:?}: {}", run.stderr);
        assert_eq!(
            run.stderr.matches("waiting up to 1 seconds").count(),
            1,
            "{args:?}: {}",
            run.stderr
        );
        assert!(run.stderr.contains("still in use"), "{}", run.stderr);
    }
    drop(held);
    w.expect(0, &["status"]);
}

#[test]
fn db_option_and_environment_choose_the_register() {
    let w = Workdir::new();
    w.write("kunder.csv", CUSTOMERS);
    w.expect(0, &["--db", "annan.redb", "import", "kunder.csv", "--yes"]);
    assert!(w.path("annan.redb").exists());
    assert!(!w.path("kundreg.redb").exists());
    let run = w
        .command(&["status", "--json"])
        .env("KUNDREG_DB", "annan.redb")
        .output()
        .unwrap();
    let status = common::finish(run).json();
    assert_eq!(status["customers"], 2);
}

#[test]
fn a_new_register_appears_whole_with_the_usual_permissions_and_nothing_beside_it() {
    let w = Workdir::new();
    w.write("kunder.csv", CUSTOMERS);
    w.expect(0, &["--db", "ny.redb", "import", "kunder.csv", "--yes"]);
    let mut names: Vec<String> = std::fs::read_dir(w.path(""))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["kunder.csv", "ny.redb"]);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = |name: &str| {
            std::fs::metadata(w.path(name))
                .unwrap()
                .permissions()
                .mode()
                & 0o777
        };
        assert_eq!(mode("ny.redb"), mode("kunder.csv"));
    }
}

#[test]
fn messages_follow_the_language() {
    let w = Workdir::new();
    w.write("kunder.csv", CUSTOMERS);
    let sv = w.expect(3, &["--lang", "sv", "import", "kunder.csv"]);
    let en = w.expect(3, &["--lang", "en", "import", "kunder.csv"]);
    assert_ne!(sv.stderr, en.stderr);
    assert!(sv.stderr.contains("Ingen terminal"), "{}", sv.stderr);
    let by_env = w
        .command(&["preview", "kunder.csv"])
        .env("KUNDREG_LANG", "sv")
        .output()
        .unwrap();
    let text = common::finish(by_env).stdout;
    assert!(text.contains("Förhandsgranskning"), "{text}");
    let missing = w.expect(1, &["--lang", "sv", "preview", "finns-inte.csv"]);
    assert!(
        missing.stderr.contains("finns-inte.csv finns inte."),
        "{}",
        missing.stderr
    );
}

#[test]
fn usage_errors_exit_2() {
    let w = Workdir::new();
    w.expect(2, &["import"]);
    w.expect(2, &["preview", "k.csv", "--json", "--html"]);
    w.expect(2, &["--lang", "de", "status"]);
    // A wait that is not a number of seconds is refused, whichever way it is given.
    let run = w.expect(2, &["--busy-wait", "soon", "status"]);
    assert!(run.stderr.contains("--busy-wait"), "{}", run.stderr);
    let out = w
        .command(&["status"])
        .env("KUNDREG_BUSY_WAIT", "30s")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--busy-wait"));
}

#[test]
fn html_preview_is_self_contained_and_escapes_every_value() {
    let w = Workdir::new();
    w.import("kunder.csv", "kundnr,förnamn\n1,Anna\n");
    w.write(
        "farlig.csv",
        "kundnr,förnamn,<b>rubrik</b>\n1,<script>alert(1)</script>,x\n2,\"a&b \"\"c\"\"\",y\n",
    );
    let html = w.expect(0, &["preview", "farlig.csv", "--html"]).stdout;
    assert!(html.starts_with("<!DOCTYPE html>"), "{html}");
    assert!(!html.contains("<script"), "{html}");
    assert!(!html.contains("<b>"), "{html}");
    assert!(
        html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "{html}"
    );
    assert!(html.contains("a&amp;b &quot;c&quot;"), "{html}");
    for external in ["http://", "https://", "src=", "<link"] {
        assert!(!html.contains(external), "{external} in {html}");
    }
    // The old value of a change is shown struck through.
    assert!(html.contains("<del>Anna</del>"), "{html}");
}

#[test]
fn an_import_that_rewrites_most_customers_leaves_no_mostly_free_file() {
    let w = Workdir::new();
    let note = "en betydligt längre anteckning som gör varje post större ".repeat(2);
    let mut first = String::from("kundnummer,epost,anteckning\n");
    let mut second = String::from("kundnummer,stad\n");
    for i in 0..20_000 {
        first.push_str(&format!("{i},kund{i}@exempel.se,{note}{i}\n"));
        second.push_str(&format!("{i},Lund\n"));
    }
    w.import("forsta.csv", &first);
    w.import("andra.csv", &second);
    let path = w.path("kundreg.redb");
    let len = std::fs::metadata(&path).unwrap().len();
    let db = redb::Database::open(&path).unwrap();
    let stats = db.begin_write().unwrap().stats().unwrap();
    let used = stats.allocated_pages() * stats.page_size() as u64;
    assert!(used * 2 >= len, "{used} bytes used in a file of {len}");
    drop(db);
    assert_eq!(w.customer("19999")["city"], "Lund");
}

#[test]
fn a_plan_that_changed_since_it_was_shown_is_refused_and_changes_nothing() {
    use kundreg::Error;
    use kundreg::cmd::apply;
    use kundreg::input::Input;
    use kundreg::plan::Fingerprint;

    let w = Workdir::new();
    w.import("kunder.csv", CUSTOMERS);
    let before = w.expect(0, &["export"]).stdout;
    let input = Input::from_bytes("andring.csv", b"kundnr,stad\n1,Lund\n").unwrap();
    let mut store = Store::open(
        &w.path("kundreg.redb"),
        Access::Write,
        Duration::ZERO,
        &mut || {},
    )
    .unwrap()
    .unwrap();
    let shown = Fingerprint([0; 32]);
    let result = apply::import(&store, &input, Some(shown), &mut |_| {});
    assert!(matches!(result, Err(Error::StalePlan)));
    assert!(!store.compact_if_sparse().unwrap());
    drop(store);
    assert_eq!(w.expect(0, &["export"]).stdout, before);
    assert_eq!(w.expect(0, &["status", "--json"]).json()["version"], 1);
    w.import("andring.csv", "kundnr,stad\n1,Lund\n");
    assert_eq!(w.customer("1")["city"], "Lund");
}

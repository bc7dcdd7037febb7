//! History and rollback through the binary: history, show, rollback (conflicts, --force, redo,
//! --to, --dry-run) and forget.

mod common;

use common::Workdir;
use serde_json::json;

const FIRST: &str = "kundnummer;e-post;förnamn;efternamn;telefon;adress\n\
    1;anna@exempel.se;Anna;Åberg;070-123 45 67;Storgatan 1, lägenhet 1102, uppgång B\n\
    2;bo@exempel.se;Bo;Ek;;\n";
const SECOND: &str = "kundnummer;e-post;efternamn;adress\n\
    1;;Berg;Storgatan 12, lägenhet 1102, uppgång B\n\
    3;cilla@exempel.se;Lind;\n";

/// The register as `export` prints it.
fn export(w: &Workdir) -> String {
    w.expect(0, &["export"]).stdout
}

fn history(w: &Workdir) -> serde_json::Value {
    w.expect(0, &["history", "--json"]).json()
}

/// Two imports: FIRST as version 1, SECOND as version 2. Returns the exports after each.
fn two_versions(w: &Workdir) -> (String, String) {
    w.import("forsta.csv", FIRST);
    let after_first = export(w);
    w.import("andra.csv", SECOND);
    (after_first, export(w))
}

#[test]
fn history_lists_versions_newest_first_with_what_rolled_them_back() {
    let w = Workdir::new();
    two_versions(&w);
    w.expect(0, &["rollback", "2", "--yes"]);
    let list = history(&w);
    let summary: Vec<_> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|v| {
            json!([
                v["version"],
                v["kind"],
                v["file"],
                v["new"],
                v["update"],
                v["removed"],
                v["rolled_back_by"],
                v["undid"]
            ])
        })
        .collect();
    assert_eq!(
        summary,
        vec![
            json!([3, "rollback", null, 0, 1, 1, null, [2]]),
            json!([2, "import", "andra.csv", 1, 1, 0, 3, []]),
            json!([1, "import", "forsta.csv", 2, 0, 0, null, []]),
        ]
    );
    assert!(list[1]["at"].as_str().unwrap().ends_with("+00:00"));
    let text = w.expect(0, &["history"]).stdout;
    assert!(text.contains("rolled back by v3"), "{text}");
    assert!(text.contains("undoes v2"), "{text}");
    let swedish = w.command(&["history"]).env("KUNDREG_LANG", "sv").output();
    let swedish = String::from_utf8(swedish.unwrap().stdout).unwrap();
    assert!(swedish.contains("ångrad av v3"), "{swedish}");
}

#[test]
fn show_lists_each_customer_field_by_field() {
    let w = Workdir::new();
    two_versions(&w);
    let shown = w.expect(0, &["show", "2", "--json"]).json();
    assert_eq!(shown["version"], 2);
    assert_eq!(shown["file"], "andra.csv");
    assert_eq!(
        shown["customers"],
        json!([
            {"customer_number": "1", "status": "update", "changes": {
                "last_name": {"old": "Åberg", "new": "Berg"},
                "address": {"old": "Storgatan 1, lägenhet 1102, uppgång B",
                            "new": "Storgatan 12, lägenhet 1102, uppgång B"}}},
            {"customer_number": "3", "status": "new", "changes": {
                "email": {"old": null, "new": "cilla@exempel.se"},
                "last_name": {"old": null, "new": "Lind"}}},
        ])
    );
    let text = w.expect(0, &["show", "2"]).stdout;
    assert!(text.contains("Customer 1 (update)"), "{text}");
    assert!(text.contains("Åberg → Berg"), "{text}");
    // A long value shows the changed part inside it.
    assert!(
        text.contains("Storgatan [-1,-]{+12,+} lägenhet 1102, uppgång B"),
        "{text}"
    );
    let missing = w.expect(1, &["show", "9"]);
    assert!(
        missing.stderr.contains("no version 9"),
        "{}",
        missing.stderr
    );
}

#[test]
fn rollback_restores_the_register_and_frees_what_the_version_created() {
    let w = Workdir::new();
    let (after_first, _) = two_versions(&w);
    let run = w.expect(0, &["rollback", "2", "--yes"]);
    assert!(run.stdout.contains("saved as version 3"), "{}", run.stdout);
    assert_eq!(export(&w), after_first);
    // Customer 3's number and email are free again, and the rolled-back file may be
    // imported again.
    w.expect(1, &["get", "cilla@exempel.se"]);
    let run = w.expect(0, &["import", "andra.csv", "--yes"]);
    assert!(
        run.stdout.contains("version 4: 1 new, 1 changed"),
        "{}",
        run.stdout
    );
    let preview = w.preview_json("andra.csv");
    assert_eq!(preview["already_imported_as"], 4);
}

#[test]
fn a_rollback_in_conflict_changes_nothing_and_lists_the_conflicts() {
    let w = Workdir::new();
    w.import("forsta.csv", FIRST);
    w.import("andra.csv", SECOND);
    w.import("tredje.csv", "kundnummer;efternamn\n1;Dahl\n");
    let before = (export(&w), history(&w));
    let run = w.expect(3, &["rollback", "2", "--yes"]);
    assert!(run.stdout.contains("Conflicts"), "{}", run.stdout);
    let row: Vec<&str> = run
        .stdout
        .lines()
        .find(|l| l.contains("Dahl"))
        .unwrap()
        .split_whitespace()
        .collect();
    assert_eq!(row, ["1", "last", "name", "Dahl", "Berg"]);
    assert!(run.stderr.contains("--force"), "{}", run.stderr);
    assert_eq!((export(&w), history(&w)), before);

    // --force restores the before-records anyway and says what it overwrote.
    let run = w.expect(0, &["rollback", "2", "--yes", "--force"]);
    assert!(
        run.stdout.contains("Overwritten (--force)"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("Dahl"), "{}", run.stdout);
    assert_eq!(w.customer("1")["last_name"], "Åberg");
    w.expect(1, &["get", "3"]);
    // Rolling back the forced rollback brings back exactly what it overwrote.
    w.expect(0, &["rollback", "4", "--yes"]);
    assert_eq!(export(&w), before.0);
}

#[test]
fn an_email_taken_since_is_not_given_back_even_with_force() {
    let w = Workdir::new();
    w.import("forsta.csv", FIRST);
    w.import("byt.csv", "kundnummer;e-post\n2;bo.ek@exempel.se\n");
    w.import(
        "ny.csv",
        "kundnummer;e-post;förnamn\n7;bo@exempel.se;Bosse\n",
    );
    let before = export(&w);
    for args in [
        &["rollback", "2", "--yes"][..],
        &["rollback", "2", "--yes", "--force"],
    ] {
        let run = w.expect(3, args);
        assert!(
            run.stdout.contains(
                "customer 2 would get back the email bo@exempel.se, which customer 7 has now"
            ),
            "{}",
            run.stdout
        );
        assert!(
            run.stderr.contains("not even with --force"),
            "{}",
            run.stderr
        );
        assert_eq!(export(&w), before);
    }
}

#[test]
fn an_email_that_moves_between_customers_in_a_rollback_stays_findable() {
    let w = Workdir::new();
    w.import("forsta.csv", "kundnummer;e-post\n2;bo@exempel.se\n");
    w.expect(0, &["rollback", "--to", "0", "--yes"]);
    w.import("andra.csv", "kundnummer;e-post\n3;bo@exempel.se\n");
    // Customer 3 gives the email up and customer 2 gets it back, in one transaction.
    w.expect(0, &["rollback", "--to", "1", "--yes"]);
    assert_eq!(w.customer("bo@exempel.se")["customer_number"], "2");
    w.expect(1, &["get", "3"]);
}

#[test]
fn rolling_back_a_rollback_is_a_redo() {
    let w = Workdir::new();
    let (_, after_second) = two_versions(&w);
    w.expect(0, &["rollback", "2", "--yes"]);
    let again = w.expect(3, &["rollback", "2", "--yes"]);
    assert!(
        again.stderr.contains("already rolled back by version 3")
            && again.stderr.contains("kundreg rollback 3"),
        "{}",
        again.stderr
    );
    let run = w.expect(0, &["rollback", "3", "--yes"]);
    assert!(run.stdout.contains("Redoes v2"), "{}", run.stdout);
    assert_eq!(export(&w), after_second);
    let list = history(&w);
    assert_eq!(list[0]["undid"], json!([3]));
    assert_eq!(list[1]["rolled_back_by"], 4);
    assert_eq!(list[2]["rolled_back_by"], json!(null));
    // Version 2 stands again, so its bytes count as imported again.
    let refused = w.expect(3, &["import", "andra.csv", "--yes"]);
    assert!(refused.stderr.contains("version 2"), "{}", refused.stderr);
}

#[test]
fn rollback_to_gives_the_register_as_it_was_right_after_that_version() {
    let w = Workdir::new();
    let (after_first, after_second) = two_versions(&w);
    w.import(
        "tredje.csv",
        "kundnummer;efternamn;e-post\n1;Dahl;\n4;Fors;anna@exempel.se\n",
    );
    w.expect(3, &["import", "tredje.csv", "--yes"]);
    w.import("fjarde.csv", "kundnummer;förnamn\n4;Fia\n");
    w.expect(0, &["rollback", "4", "--yes"]);

    let run = w.expect(0, &["rollback", "--to", "2", "--yes"]);
    assert!(run.stdout.contains("Undoes v5, v3."), "{}", run.stdout);
    assert_eq!(export(&w), after_second);
    let list = history(&w);
    assert_eq!(list[0]["undid"], json!([5, 3]));
    let nothing = w.expect(0, &["rollback", "--to", "6", "--yes"]);
    assert!(
        nothing.stdout.contains("already at version 6"),
        "{}",
        nothing.stdout
    );

    w.expect(0, &["rollback", "--to", "1", "--yes"]);
    assert_eq!(export(&w), after_first);
    w.expect(0, &["rollback", "--to", "0", "--yes"]);
    assert_eq!(w.expect(0, &["status", "--json"]).json()["customers"], 0);
    // Undoing the emptying brings everything back.
    w.expect(0, &["rollback", "8", "--yes"]);
    assert_eq!(export(&w), after_first);
    w.expect(1, &["rollback", "--to", "99", "--yes"]);
}

#[test]
fn a_dry_run_shows_what_the_real_run_does_and_writes_nothing() {
    let w = Workdir::new();
    two_versions(&w);
    let register = w.read("kundreg.redb");
    let dry = w.expect(0, &["rollback", "2", "--dry-run"]);
    assert!(
        dry.stdout.contains("Dry run: nothing was changed."),
        "{}",
        dry.stdout
    );
    assert!(
        w.read("kundreg.redb") == register,
        "a dry run wrote the register"
    );
    let real = w.expect(0, &["rollback", "2", "--yes"]);
    let report = |s: &str| {
        s.lines()
            .take_while(|l| !l.starts_with("D"))
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert_eq!(report(&dry.stdout), report(&real.stdout));
    assert!(
        real.stdout.contains("Customer 3 (removed)"),
        "{}",
        real.stdout
    );

    let dry_to = w.expect(0, &["rollback", "--to", "0", "--dry-run"]);
    assert!(dry_to.stdout.contains("removes 2"), "{}", dry_to.stdout);
    assert_eq!(w.expect(0, &["status", "--json"]).json()["customers"], 2);
}

#[test]
fn changing_the_history_without_a_terminal_needs_yes() {
    let w = Workdir::new();
    two_versions(&w);
    let register = w.read("kundreg.redb");
    for args in [
        &["rollback", "2"][..],
        &["rollback", "--to", "0"],
        &["forget", "1"],
    ] {
        let run = w.expect(3, args);
        assert!(run.stderr.contains("--yes"), "{}", run.stderr);
    }
    assert!(
        w.read("kundreg.redb") == register,
        "the register was written"
    );
}

#[test]
fn without_a_register_there_is_nothing_to_roll_back_or_forget() {
    let w = Workdir::new();
    for args in [
        &["rollback", "1", "--yes"][..],
        &["rollback", "1", "--dry-run"],
        &["forget", "1", "--yes"],
        &["show", "1"],
    ] {
        w.expect(1, args);
    }
    w.expect(0, &["rollback", "--to", "0", "--yes"]);
    assert!(!w.path("kundreg.redb").exists(), "a register was created");
}

#[test]
fn forget_erases_a_customer_from_the_register_and_every_version() {
    let w = Workdir::new();
    let (after_first, _) = two_versions(&w);
    w.import(
        "tredje.csv",
        "kundnummer;telefon;anteckning\n1;08-555 12 34;ringer ofta\n",
    );
    let file = w.read("kundreg.redb");
    let holds = |bytes: &[u8], text: &str| bytes.windows(text.len()).any(|w| w == text.as_bytes());
    let personal = [
        "anna@exempel.se",
        "070-123 45 67",
        "08-555 12 34",
        "Åberg",
        "ringer ofta",
    ];
    // Each can be seen in the file before (compression leaves such short values as they
    // are), so their absence afterwards means something.
    for data in personal {
        assert!(holds(&file, data), "the register file holds {data:?}");
    }

    let run = w.expect(0, &["forget", "ANNA@exempel.se", "--yes"]);
    assert!(
        run.stdout.contains("Customer 1 was erased"),
        "{}",
        run.stdout
    );
    w.expect(1, &["get", "1"]);
    w.expect(1, &["get", "anna@exempel.se"]);
    let file = w.read("kundreg.redb");
    for data in personal {
        assert!(
            !holds(&file, data),
            "the register file still holds {data:?}"
        );
    }
    assert!(!w.path("kundreg.redb.forgetting").exists());

    let list = history(&w);
    assert_eq!(list[0]["kind"], "forget");
    assert_eq!(list[0]["removed"], 1);
    let first = w.expect(0, &["show", "1", "--json"]).json();
    assert_eq!(
        first["customers"][0],
        json!({"customer_number": null, "status": "erased", "changes": {}})
    );
    assert!(
        w.expect(0, &["show", "1"])
            .stdout
            .contains("erased customer")
    );

    let refused = w.expect(3, &["rollback", "4", "--yes"]);
    assert!(
        refused.stderr.contains("cannot be rolled back"),
        "{}",
        refused.stderr
    );
    // Rolling back past the forget restores everyone else; the erased customer stays erased.
    w.expect(0, &["rollback", "--to", "1", "--yes"]);
    let without_anna: String = after_first
        .lines()
        .filter(|l| !l.starts_with("1,"))
        .map(|l| format!("{l}\n"))
        .collect();
    assert_eq!(export(&w), without_anna);
    // There is no one left to forget.
    w.expect(1, &["forget", "anna@exempel.se", "--yes"]);
}

#[test]
fn history_messages_are_in_swedish_by_default() {
    let w = Workdir::new();
    w.import("forsta.csv", FIRST);
    w.import("andra.csv", SECOND);
    w.import("tredje.csv", "kundnummer;efternamn\n1;Dahl\n");
    let sv = |args: &[&str]| {
        let out = w.command(args).env("KUNDREG_LANG", "sv").output().unwrap();
        common::finish(out)
    };
    let run = sv(&["rollback", "2", "--yes"]);
    assert_eq!(run.code, 3);
    assert!(run.stdout.contains("Konflikter"), "{}", run.stdout);
    assert!(run.stderr.contains("Inget ändrades"), "{}", run.stderr);
    let run = sv(&["rollback", "9", "--yes"]);
    assert!(
        run.stderr.contains("Det finns ingen version 9"),
        "{}",
        run.stderr
    );
    let run = sv(&["show", "2"]);
    assert!(run.stdout.contains("Kund 1 (ändras)"), "{}", run.stdout);
}

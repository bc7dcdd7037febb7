//! Customers changed and added by hand through the binary: `set` (shown first, its rules,
//! its refusals, rolled back) and `add` (a number no customer ever held).

mod common;

use common::Workdir;
use common::till::{CUSTOMERS, found};

#[test]
fn a_number_kundreg_gives_never_comes_back() {
    let w = Workdir::new();
    w.import("kunder.csv", CUSTOMERS);
    // The highest number is given to a customer, then forgotten.
    w.import("ny.csv", "epost;förnamn\nny@exempel.se;Ny\n");
    assert_eq!(w.customer("ny@exempel.se")["customer_number"], "1005");
    w.expect(0, &["forget", "1005", "--yes"]);
    w.import("ny2.csv", "epost;förnamn\nny2@exempel.se;Ny två\n");
    assert_eq!(w.customer("ny2@exempel.se")["customer_number"], "1006");
    // Rolled back, its number is not given again either.
    w.expect(0, &["rollback", "4", "--yes"]);
    w.import("ny3.csv", "epost;förnamn\nny3@exempel.se;Ny tre\n");
    assert_eq!(w.customer("ny3@exempel.se")["customer_number"], "1007");
}

#[test]
fn set_changes_one_customer_as_a_version_that_rolls_back() {
    let w = Workdir::new();
    w.import("kunder.csv", CUSTOMERS);
    // Shown first as old → new; --dry-run makes nothing.
    let dry = w.expect(
        0,
        &["set", "1001", "telefon=08-123", "City=Umeå", "--dry-run"],
    );
    assert!(
        dry.stdout.contains("070-123 45 67 → 08-123"),
        "{}",
        dry.stdout
    );
    assert!(dry.stdout.contains("Östersund → Umeå"), "{}", dry.stdout);
    assert_eq!(w.customer("1001")["city"], "Östersund");
    // Without a terminal it needs --yes.
    w.expect(3, &["set", "1001", "telefon=08-123"]);
    // By email, any name a header accepts or the JSON key; #TÖM clears.
    let run = w.expect(
        0,
        &[
            "set",
            "NILS@exempel.se",
            "telefon=08-123",
            "postal_code=#TÖM",
            "--yes",
        ],
    );
    assert!(
        run.stdout.contains("Customer 1001 changed: version 2."),
        "{}",
        run.stdout
    );
    let nils = w.customer("1001");
    assert_eq!(nils["phone"], "08-123");
    assert!(nils.get("postal_code").is_none(), "{nils}");
    let history = w.expect(0, &["history", "--json"]).json();
    assert_eq!(history[0]["kind"], "edit");
    assert_eq!(history[0]["update"], 1);
    let card = w.expect(0, &["get", "1001", "--json"]).json();
    assert_eq!(card["versions"][0]["kind"], "edit");
    assert_eq!(
        card["versions"][0]["fields"],
        serde_json::json!(["postal_code", "phone"])
    );
    assert_eq!(found(&w, &["08-123"]), ["1001"]);
    // The same values again change nothing.
    let same = w.expect(0, &["set", "1001", "telefon=08-123", "--yes"]);
    assert!(same.stdout.contains("nothing to change"), "{}", same.stdout);
    // It rolls back like any version.
    w.expect(0, &["rollback", "2", "--yes"]);
    assert_eq!(w.customer("1001")["phone"], "070-123 45 67");
    assert_eq!(w.customer("1001")["postal_code"], "831 30");
}

#[test]
fn set_follows_the_import_rules_and_refuses_with_nothing_changed() {
    let w = Workdir::new();
    w.import("kunder.csv", CUSTOMERS);
    let refused = |args: &[&str], code: i32, says: &str| {
        let mut all = vec!["set"];
        all.extend(args);
        all.push("--yes");
        let run = w.expect(code, &all);
        assert!(run.stderr.contains(says), "{args:?}: {}", run.stderr);
    };
    refused(
        &["1001", "email=inte-en-adress"],
        3,
        "does not look like an email",
    );
    refused(&["1001", "email=ak@exempel.se"], 3, "cannot be made");
    refused(&["1001", "kundnummer=9"], 2, "cannot be changed");
    refused(&["1001", "färg=röd"], 2, "No field is called");
    refused(&["1001", "telefon"], 2, "is not FIELD=VALUE");
    refused(&["1001", "ort="], 2, "city=#CLEAR");
    refused(&["1001", "ort=a", "stad=b"], 2, "given twice");
    refused(&["9999", "ort=Umeå"], 1, "No customer");
    assert_eq!(w.expect(0, &["status", "--json"]).json()["version"], 1);
}

#[test]
fn add_gives_a_new_customer_a_number_no_customer_ever_held() {
    let w = Workdir::new();
    w.import("kunder.csv", CUSTOMERS);
    let run = w.expect(
        0,
        &[
            "add",
            "email=ny@exempel.se",
            "förnamn=Ny",
            "telefon=070-000 00 01",
            "--yes",
        ],
    );
    assert!(
        run.stdout.contains("Customer 1005 added: version 2."),
        "{}",
        run.stdout
    );
    let history = w.expect(0, &["history", "--json"]).json();
    assert_eq!(history[0]["kind"], "add");
    assert_eq!(history[0]["new"], 1);
    assert_eq!(found(&w, &["ny"]), ["1005"]);
    // With a number of its own.
    w.expect(0, &["add", "kundnummer=K-7", "förnamn=Sju", "--yes"]);
    assert_eq!(w.customer("K-7")["first_name"], "Sju");
    // A customer the register holds, or none to find them by, is refused.
    let held = w.expect(3, &["add", "email=nils@exempel.se", "--yes"]);
    assert!(
        held.stderr.contains("in the register already"),
        "{}",
        held.stderr
    );
    w.expect(3, &["add", "kundnummer=1001", "ort=Umeå", "--yes"]);
    let keyless = w.expect(2, &["add", "förnamn=Ingen", "--yes"]);
    assert!(
        keyless.stderr.contains("needs an email"),
        "{}",
        keyless.stderr
    );
    // Rolled back, then added again: its number is not given a second time.
    w.expect(0, &["rollback", "2", "--yes"]);
    w.expect(1, &["get", "1005"]);
    w.expect(0, &["add", "email=ny@exempel.se", "--yes"]);
    assert_eq!(w.customer("ny@exempel.se")["customer_number"], "1006");
}

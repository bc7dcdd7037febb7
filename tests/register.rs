//! The register itself through the binary: `find` (each matching rule, the count), a
//! customer's versions in `get`, likely duplicates, and a register from before the search
//! index. Changes by hand are in `by_hand.rs`.

mod common;

use common::Workdir;
use common::till::{CUSTOMERS, found};

#[test]
fn find_matches_every_word_by_the_rules() {
    let w = Workdir::new();
    w.import("kunder.csv", CUSTOMERS);
    // Names, address and city by a word's beginning, in any case, å/ä/ö too.
    assert_eq!(found(&w, &["nils", "karl"]), ["1001", "1003"]);
    assert_eq!(found(&w, &["öster"]), ["1001", "1004"]);
    assert_eq!(found(&w, &["ÅSA"]), ["1004"]);
    assert_eq!(found(&w, &["karin"]), ["1002"]);
    assert_eq!(found(&w, &["storg"]), ["1001"]);
    assert!(found(&w, &["ster"]).is_empty(), "only a word's beginning");
    // Phone numbers by their digits, +46 and 0046 read as 0, written in any groups.
    for phone in [
        "070-123 45 67",
        "+46 70 123 45 67",
        "0701234567",
        "070 1234567",
    ] {
        assert_eq!(found(&w, &[phone]), ["1001"], "{phone}");
    }
    assert_eq!(found(&w, &["070-111", "22", "33"]), ["1004"]);
    assert_eq!(found(&w, &["0709991122"]), ["1002"]);
    // The words of a phone number written apart, beside a name.
    assert_eq!(found(&w, &["Karlsson,", "070-123", "45", "67"]), ["1001"]);
    // Postal codes without their space.
    assert_eq!(found(&w, &["83130"]), ["1001"]);
    assert_eq!(found(&w, &["411", "01"]), ["1002"]);
    // Every word must match.
    assert!(found(&w, &["nils", "berg"]).is_empty());
    // A customer number or email exactly, listed first.
    assert_eq!(found(&w, &["1003"]), ["1003"]);
    assert_eq!(found(&w, &["KARL@exempel.se"]), ["1003"]);
    assert!(found(&w, &["100"]).is_empty());
    assert_eq!(found(&w, &["karl", "1003"]), ["1003"]);
    let both = found(&w, &["karl"]);
    assert_eq!(both, ["1001", "1003"]);
}

#[test]
fn find_prints_a_table_and_how_many_more_matched() {
    let w = Workdir::new();
    w.import("kunder.csv", CUSTOMERS);
    let run = w.expect(0, &["find", "öster", "--limit", "1", "--lang", "en"]);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert!(
        lines[0].starts_with("Customer number  Name"),
        "{}",
        run.stdout
    );
    assert!(lines[1].contains("Nils Karlsson") && lines[1].contains("Östersund"));
    assert_eq!(lines.len(), 3, "{}", run.stdout);
    assert!(lines[2].starts_with("1 more match"), "{}", run.stdout);
    let none = w.expect(0, &["find", "zzz", "--lang", "sv"]);
    assert_eq!(none.stdout.trim(), "Ingen kund matchar sökningen.");
    let bad = w.expect(2, &["find", "--", "-"]);
    assert!(
        bad.stderr.contains("no letters or digits"),
        "{}",
        bad.stderr
    );
    // No register yet: nothing matches, and no register is made.
    let empty = Workdir::new();
    assert!(found(&empty, &["nils"]).is_empty());
    assert!(!empty.path("kundreg.redb").exists());
}

#[test]
fn get_lists_the_versions_that_changed_the_customer() {
    let w = Workdir::new();
    w.import("kunder.csv", CUSTOMERS);
    w.import(
        "flytt.csv",
        "kundnummer;ort;telefon\n1001;Umeå;070-999 99 99\n",
    );
    let card = w.expect(0, &["get", "1001", "--json"]).json();
    let versions = card["versions"].as_array().expect("versions");
    assert_eq!(versions.len(), 2);
    assert_eq!(versions[0]["version"], 2);
    assert_eq!(versions[0]["kind"], "import");
    assert_eq!(versions[0]["file"], "flytt.csv");
    assert_eq!(versions[0]["fields"], serde_json::json!(["city", "phone"]));
    assert_eq!(versions[1]["version"], 1);
    // The search follows the change.
    assert_eq!(found(&w, &["umeå"]), ["1001"]);
    assert_eq!(found(&w, &["öster"]), ["1004"]);
    let text = w.expect(0, &["get", "1001", "--lang", "en"]).stdout;
    assert!(
        text.contains("Versions that changed the customer"),
        "{text}"
    );
    let line = text.lines().find(|l| l.contains("flytt.csv"));
    assert!(line.is_some_and(|l| l.ends_with("  city, phone")), "{text}");
    // Rolled back, the version that undid it is listed too, and the search follows.
    w.expect(0, &["rollback", "2", "--yes"]);
    let card = w.expect(0, &["get", "1001", "--json"]).json();
    assert_eq!(card["versions"][0]["kind"], "rollback");
    assert_eq!(found(&w, &["öster"]), ["1001", "1004"]);
    // A forgotten customer leaves the search.
    w.expect(0, &["forget", "1001", "--yes"]);
    assert_eq!(found(&w, &["öster"]), ["1004"]);
    assert!(found(&w, &["0701234567"]).is_empty());
}

/// Makes the register in `w` as a kundreg before the search index wrote it (schema 3).
fn as_before_the_index(w: &Workdir) {
    use redb::TableDefinition;
    let meta: TableDefinition<&str, &[u8]> = TableDefinition::new("meta");
    let search: TableDefinition<&str, &[u8]> = TableDefinition::new("search");
    let db = redb::Database::open(w.path("kundreg.redb")).expect("open");
    let txn = db.begin_write().expect("write");
    txn.delete_table(search).expect("no index");
    {
        let mut meta = txn.open_table(meta).expect("meta");
        meta.insert("schema", &3u32.to_le_bytes()[..])
            .expect("schema");
        meta.remove("highest_number").expect("highest");
    }
    txn.commit().expect("commit");
}

#[test]
fn a_register_from_before_the_index_is_found_in_and_given_the_index_when_written() {
    let w = Workdir::new();
    w.import("kunder.csv", CUSTOMERS);
    w.import("flytt.csv", "kundnummer;ort\n1003;Umeå\n");
    as_before_the_index(&w);
    // Read as it is: by a plain scan, and the versions from the whole history.
    assert_eq!(found(&w, &["öster"]), ["1001", "1004"]);
    assert_eq!(found(&w, &["070", "123", "45", "67"]), ["1001"]);
    let card = w.expect(0, &["get", "1003", "--json"]).json();
    assert_eq!(card["versions"][0]["fields"], serde_json::json!(["city"]));
    // The first write gives it the index: the same answers, through it.
    w.import("ny.csv", "epost;förnamn;ort\nny@exempel.se;Ny;Östersund\n");
    assert_eq!(found(&w, &["öster"]), ["1001", "1004", "1005"]);
    let card = w.expect(0, &["get", "1003", "--json"]).json();
    assert_eq!(card["versions"][0]["version"], 2);
    assert_eq!(card["versions"][1]["version"], 1);
    let status = w.expect(0, &["status", "--json"]).json();
    assert_eq!(status["customers"], 5, "{status}");
}

#[test]
fn likely_duplicates_are_warned_of_and_listed_never_refused() {
    let w = Workdir::new();
    w.import("kunder.csv", CUSTOMERS);
    // Like Nils by phone (+46 read as 0), like Åsa by name and postal code (any case, the
    // space left out), and two new rows alike; an ordinary new customer says nothing.
    w.write(
        "nya.csv",
        "förnamn;efternamn;postnummer;epost;telefon\n\
         Per;Ek;111 11;per@exempel.se;+46 70 123 45 67\n\
         ÅSA;öberg;83131;asa2@exempel.se;\n\
         Eva;Lund;222 22;eva@exempel.se;08-777 77\n\
         Eva;Lund;22222;eva2@exempel.se;\n\
         Ola;Berg;333 33;ola@exempel.se;08-999 99\n",
    );
    let preview = w.preview_json("nya.csv");
    let warnings: Vec<&serde_json::Value> = preview["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|w| w["kind"] == "possible_duplicate")
        .collect();
    assert_eq!(warnings.len(), 2, "{}", preview["warnings"]);
    let by_name = warnings.iter().find(|w| w["field"] == "last_name").unwrap();
    assert_eq!(by_name["example_lines"], serde_json::json!([3, 5]));
    let text = by_name["text"].as_str().unwrap();
    assert!(text.contains("line 3 like customer 1004"), "{text}");
    assert!(text.contains("line 5 like line 4"), "{text}");
    let by_phone = warnings.iter().find(|w| w["field"] == "phone").unwrap();
    assert_eq!(by_phone["example_lines"], serde_json::json!([2]));
    assert!(by_phone["text"].as_str().unwrap().contains("customer 1001"));
    let text = w.expect(0, &["preview", "nya.csv"]).stdout;
    assert!(
        text.contains("WARNING: 2 new customers have the same first name"),
        "{text}"
    );
    // It never blocks the import.
    w.expect(0, &["import", "nya.csv", "--yes"]);
    // The register's groups.
    let groups = w.expect(0, &["duplicates", "--json"]).json();
    let numbers = |group: &serde_json::Value| -> Vec<String> {
        group["customers"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["customer_number"].as_str().unwrap().to_string())
            .collect()
    };
    let groups: Vec<(String, Vec<String>)> = groups
        .as_array()
        .unwrap()
        .iter()
        .map(|g| (g["shared"].as_str().unwrap().to_string(), numbers(g)))
        .collect();
    assert_eq!(
        groups,
        [
            (
                "phone".to_string(),
                vec!["1001".to_string(), "1005".to_string()]
            ),
            (
                "name_and_postal_code".into(),
                vec!["1004".into(), "1006".into()]
            ),
            (
                "name_and_postal_code".into(),
                vec!["1007".into(), "1008".into()]
            ),
        ]
    );
    let text = w.expect(0, &["duplicates"]).stdout;
    assert!(text.ends_with("3 groups of likely duplicates. Where it is one person: correct the customer who stays (kundreg set) and forget the other (kundreg forget).\n"), "{text}");
    // Read by a plain scan in a register from before the index: the same groups.
    as_before_the_index(&w);
    assert_eq!(
        w.expect(0, &["duplicates", "--json"])
            .json()
            .as_array()
            .unwrap()
            .len(),
        3
    );
    // None in the tests' own customer lists.
    let fresh = Workdir::new();
    fresh.import("kunder.csv", CUSTOMERS);
    let none = fresh.expect(0, &["duplicates"]).stdout;
    assert!(none.starts_with("No likely duplicates"), "{none}");
}

#[test]
fn find_counts_a_common_word_only_so_far() {
    let w = Workdir::new();
    let mut list = String::from("kundnummer;förnamn;efternamn\n");
    for i in 1..=150 {
        list += &format!("{i};Anna;Berg\n");
    }
    w.import("kunder.csv", &list);
    let run = w.expect(0, &["find", "anna", "--limit", "10"]);
    assert!(run.stdout.contains("\n1 "), "{}", run.stdout);
    let last = run.stdout.lines().last().unwrap();
    assert!(last.starts_with("More than 50 more match"), "{last}");
    let few = w.expect(0, &["find", "anna", "--limit", "100"]);
    assert!(
        few.stdout
            .lines()
            .last()
            .unwrap()
            .starts_with("50 more match"),
        "{}",
        few.stdout
    );
}

#[test]
fn any_limit_is_taken() {
    let w = Workdir::new();
    w.import("kunder.csv", CUSTOMERS);
    let all = w.expect(0, &["find", "öster", "--limit", &usize::MAX.to_string()]);
    assert_eq!(all.stdout.lines().count(), 3, "{}", all.stdout);
    let none = w.expect(0, &["find", "öster", "--limit", "0", "--lang", "en"]);
    assert!(none.stdout.starts_with("2 more match"), "{}", none.stdout);
}

#[test]
fn a_prefix_of_many_words_finds_them_all() {
    // More words begin with "ax" than are merged one by one: they are read as one list.
    let w = Workdir::new();
    let mut list = String::from("kundnummer;förnamn;efternamn\n");
    for i in 1..=90 {
        list += &format!("{i};Ax{i:03};Berg\n");
    }
    w.import("kunder.csv", &list);
    let all = found(&w, &["ax", "berg", "--limit", "100"]);
    let expected: Vec<String> = (1..=90).map(|i| i.to_string()).collect();
    assert_eq!(all, expected);
    assert_eq!(
        found(&w, &["ax05"]),
        ["50", "51", "52", "53", "54", "55", "56", "57", "58", "59"]
    );
}

//! The shop key through the binary, on one local folder: a computer joins the shop only with
//! the code `status` shows; `rekey` on the primary replaces the key, after which a computer
//! with the old one believes nothing new and changes nothing, until it joins again with the
//! new code.

mod common;

use std::fs;

use common::Workdir;
use common::computers::{self, drop_and_confirm, held, join_code, status, wait_for_version};
use common::daemon::Daemon;

/// `watch` on `in/` for the register `db`, as the computer `name`, joining with `code`.
fn watch(w: &Workdir, db: &str, name: &str, code: Option<&str>) -> Daemon {
    computers::watch(w, db, &w.path("in"), name, code)
}

#[test]
fn a_computer_joins_only_with_the_code_and_a_new_key_shuts_out_the_old() {
    let w = Workdir::new();
    fs::create_dir(w.path("in")).unwrap();
    let office = watch(&w, "office.redb", "Office", None);
    office.wait_for_log("Started the shared folder");
    let code = join_code(&w, "office.redb");
    let text = w.expect(0, &["--db", "office.redb", "status"]).stdout;
    assert!(text.contains(&format!("Join code: {code}")), "{text}");

    // Without the code, refused; with it, it follows.
    let (exit, log) = watch(&w, "till.redb", "Till", None).wait();
    assert_eq!(exit, 3, "{log}");
    assert!(log.contains("kundreg watch --join CODE"), "{log}");
    let till = watch(&w, "till.redb", "Till", Some(&code));
    till.wait_for_log("follows Office");
    drop_and_confirm(&w.path("in"), "a.csv", "kundnummer;förnamn\n1;Anna\n");
    wait_for_version(&w, "till.redb", 1);
    assert_eq!(status(&w, "till.redb")["join_code"], code.as_str());

    // Only the primary replaces the key.
    let refused = w.expect(3, &["--db", "till.redb", "rekey"]);
    assert!(
        refused.stderr.contains("run kundreg rekey there"),
        "{}",
        refused.stderr
    );
    let rekeyed = w.expect(0, &["--db", "office.redb", "rekey"]).stdout;
    let new_code = join_code(&w, "office.redb");
    assert_ne!(new_code, code);
    assert!(rekeyed.contains(&new_code), "{rekeyed}");
    office.wait_for_log("The shop key was replaced");
    office.wait_for_log("A copy of the whole register at version 1 published");

    // The till, still with the old key, believes nothing new and changes nothing.
    drop_and_confirm(&w.path("in"), "b.csv", "kundnummer;förnamn\n2;Bo\n");
    wait_for_version(&w, "office.redb", 2);
    till.wait_for_log("was not written by any of the shop's computers");
    assert_eq!(status(&w, "till.redb")["version"], 1);
    drop(till);

    // Another shop's code is refused, and the key the till holds stays.
    fs::create_dir(w.path("other")).unwrap();
    w.expect(0, &["--db", "other.redb", "watch", "other", "--once"]);
    let other = join_code(&w, "other.redb");
    let held_key = fs::read(w.path("till.redb.key")).unwrap();
    let (exit, log) = watch(&w, "till.redb", "Till", Some(&other)).wait();
    assert_eq!(exit, 3, "{log}");
    assert!(
        log.contains("not sealed with this computer's shop key"),
        "{log}"
    );
    assert_eq!(fs::read(w.path("till.redb.key")).unwrap(), held_key);

    // Joined again with the new code, it follows.
    let till = watch(&w, "till.redb", "Till", Some(&new_code));
    till.wait_for_log("follows Office");
    wait_for_version(&w, "till.redb", 2);
    assert_eq!(held(&w, "till.redb"), held(&w, "office.redb"));
    drop(till);
}

/// A folder from before the shop key (its records carry no seal): its primary takes it over
/// on its first start and makes the key; the others join again with the code.
#[test]
fn the_primary_of_a_folder_from_before_the_key_takes_it_over() {
    let w = Workdir::new();
    fs::create_dir(w.path("in")).unwrap();
    let office = watch(&w, "office.redb", "Office", None);
    office.wait_for_log("Started the shared folder");
    let till = watch(&w, "till.redb", "Till", Some(&join_code(&w, "office.redb")));
    drop_and_confirm(&w.path("in"), "a.csv", "kundnummer;förnamn\n1;Anna\n");
    wait_for_version(&w, "till.redb", 1);
    drop(till);
    drop(office);
    // As an earlier kundreg left it: no keys, records without a seal.
    for db in ["office.redb", "till.redb"] {
        fs::remove_file(w.path(&format!("{db}.key"))).unwrap();
    }
    for record in fs::read_dir(w.path("in/.kundreg/epochs"))
        .unwrap()
        .flatten()
    {
        let text = fs::read_to_string(record.path()).unwrap();
        let unsealed: String = text
            .lines()
            .filter(|line| !line.starts_with("mac: "))
            .map(|line| format!("{line}\n"))
            .collect();
        fs::write(record.path(), unsealed).unwrap();
    }
    let (exit, log) = watch(&w, "till.redb", "Till", None).wait();
    assert_eq!(exit, 3, "{log}");
    assert!(!w.path("till.redb.key").exists());
    let office = watch(&w, "office.redb", "Office", None);
    office.wait_for_log("was started by an earlier kundreg");
    let till = watch(&w, "till.redb", "Till", Some(&join_code(&w, "office.redb")));
    till.wait_for_log("follows Office");
    drop_and_confirm(&w.path("in"), "b.csv", "kundnummer;förnamn\n2;Bo\n");
    wait_for_version(&w, "till.redb", 2);
    assert_eq!(held(&w, "till.redb"), held(&w, "office.redb"));
    assert_eq!(status(&w, "office.redb")["role"], "primary");
    drop(till);
}

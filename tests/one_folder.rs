//! Several computers on one local folder (what an SMB share is): each its own register and
//! `kundreg watch`, all on the same inbox. One is the primary, the others follow it; each
//! confirm is applied once and every register ends the same; a register holding other data is
//! refused and neither is touched; changes asked on a replica are made by the primary and
//! answered as there, and wait for it (or are queued) while it is switched off.

mod common;

use std::fs;

use common::Workdir;
use common::computers::{held, join_code, status, wait_for_version};
use common::daemon::{Daemon, wait_until};

const FIRST: &str = "kundnummer;epost;förnamn;telefon\n\
                     1;anna@exempel.se;Anna;070-111\n\
                     2;bo@exempel.se;Bo;070-222\n";

/// `watch` on `in/` for the register `db`, as the computer `name` (the office starts the
/// folder; the others join the shop with the office's code).
fn watch(w: &Workdir, db: &str, name: &str) -> Daemon {
    let mut args = vec![
        "--db", db, "watch", "in", "--name", name, "--settle", "200", "--rescan", "300",
    ];
    let code;
    if db != "office.redb" && w.path("office.redb.key").exists() {
        code = join_code(w, "office.redb");
        args.extend(["--join", &code]);
    }
    Daemon::start(w, &args, &format!("{name}.log"))
}

/// Drops `name` into the inbox, waits for its preview and confirms it.
fn drop_and_confirm(w: &Workdir, name: &str, content: &str) {
    w.write(&format!("in/{name}"), content);
    wait_until("preview", || {
        w.path(&format!("in/{name}.preview.html")).exists()
    });
    w.write(&format!("in/{name}.confirm"), "");
}

/// A workdir with the inbox `in/` and the office's register of `FIRST`, its `watch` started.
fn office() -> (Workdir, Daemon) {
    let w = Workdir::new();
    fs::create_dir(w.path("in")).unwrap();
    w.write("first.csv", FIRST);
    w.expect(0, &["--db", "office.redb", "import", "first.csv", "--yes"]);
    let office = watch(&w, "office.redb", "Office");
    office.wait_for_log("Started the shared folder");
    (w, office)
}

#[test]
fn three_computers_on_one_folder_one_primary_each_change_applied_once() {
    let (w, office) = office();
    let tills = [
        (watch(&w, "till1.redb", "Till 1"), "till1.redb"),
        (watch(&w, "till2.redb", "Till 2"), "till2.redb"),
    ];
    for (till, db) in &tills {
        till.wait_for_log("follows Office");
        till.wait_for_log(
            "rebuilt from the primary's copy at version 1 (this computer is joining)",
        );
        assert_eq!(held(&w, db), held(&w, "office.redb"));
    }
    assert_eq!(status(&w, "till1.redb")["role"], "replica");
    assert_eq!(status(&w, "till1.redb")["primary"], "Office");

    drop_and_confirm(&w, "nya.csv", "kundnummer;förnamn\n3;Cia\n2;Bosse\n");
    office.wait_for_log("imported as version 2");
    drop_and_confirm(&w, "fler.csv", "kundnummer;förnamn\n4;Dan\n");
    office.wait_for_log("imported as version 3");
    // A change on the primary's command line is published by its daemon.
    w.expect(0, &["--db", "office.redb", "rollback", "2", "--yes"]);
    for (till, db) in &tills {
        wait_for_version(&w, db, 4);
        assert!(
            till.log()
                .contains("Version 2 from the primary: import nya.csv.")
        );
        assert!(
            !till.log().contains("preview written"),
            "a replica leaves the inbox alone"
        );
        assert_eq!(held(&w, db), held(&w, "office.redb"));
        assert_eq!(status(&w, db)["behind"], 0);
    }
    assert_eq!(office.log().matches("confirmed, importing").count(), 2);
    let office_history = held(&w, "office.redb").1;
    assert_eq!(office_history.as_array().unwrap().len(), 4);

    // A change asked on a replica is made by the primary and reaches the other replica.
    w.write("more.csv", "kundnummer;förnamn\n9;Eva\n");
    w.expect(0, &["--db", "till1.redb", "import", "more.csv", "--yes"]);
    wait_for_version(&w, "till2.redb", 5);

    // A forget reaches every copy, and the log that held the person is gone.
    w.expect(
        0,
        &["--db", "office.redb", "forget", "anna@exempel.se", "--yes"],
    );
    office.wait_for_log("removed from the folder's log: they held the forgotten customer");
    for (till, db) in &tills {
        wait_for_version(&w, db, 6);
        till.wait_for_log("rebuilt from the primary's copy at version 6");
        w.expect(1, &["--db", db, "get", "anna@exempel.se"]);
        assert_eq!(held(&w, db), held(&w, "office.redb"));
    }
    let log: Vec<_> = fs::read_dir(w.path("in/.kundreg/log")).unwrap().collect();
    assert!(
        log.is_empty(),
        "every change-set before the forget is removed"
    );
    let snapshots: Vec<_> = fs::read_dir(w.path("in/.kundreg/snapshots"))
        .unwrap()
        .collect();
    assert_eq!(
        snapshots.len(),
        1,
        "only the snapshot after the forget is left"
    );
}

#[test]
fn a_register_holding_other_data_is_refused_and_nothing_is_touched() {
    let (w, _office) = office();
    w.write("other.csv", "kundnummer;förnamn\n77;Olle\n");
    w.expect(0, &["--db", "other.redb", "import", "other.csv", "--yes"]);
    let before = (held(&w, "other.redb"), epoch_records(&w));
    let (code, log) = watch(&w, "other.redb", "Other").wait();
    assert_eq!(code, 3, "{log}");
    assert!(
        log.contains("holds other data (1 customer, version 1)"),
        "{log}"
    );
    assert!(log.contains("export"), "it says what to do: {log}");
    let after = (held(&w, "other.redb"), epoch_records(&w));
    assert_eq!(after, before);
    assert_eq!(status(&w, "other.redb")["role"], "alone");
}

#[test]
fn changes_asked_on_a_replica_are_made_by_the_primary_and_answered_as_there() {
    let (w, office) = office();
    let till = watch(&w, "till.redb", "Till");
    till.wait_for_log("rebuilt from the primary's copy");

    // Read by the column names kept beside it, which go to the primary with the file.
    w.write("kolumner.txt", "Mobilnr = telefon\n");
    w.write(
        "more.csv",
        "kundnummer;förnamn;Mobilnr\n3;Cia;070-333\n1;Annie;\n;Ingen;\n",
    );
    let imported = w.expect(0, &["--db", "till.redb", "import", "more.csv", "--yes"]);
    assert!(
        imported
            .stdout
            .contains("Imported as version 2: 1 new, 1 changed."),
        "{}",
        imported.stdout
    );
    assert!(
        imported
            .stderr
            .contains("Sent to Office, the primary; waiting for it"),
        "{}",
        imported.stderr
    );
    // The command says so only once this computer holds the version.
    assert_eq!(status(&w, "till.redb")["version"], 2);
    assert_eq!(w.customer_in("till.redb", "3")["phone"], "070-333");
    // The row the primary did not apply is given back beside the file, here.
    assert!(
        imported.stderr.contains("more.errors.csv"),
        "{}",
        imported.stderr
    );
    let back = String::from_utf8(w.read("more.errors.csv")).unwrap();
    assert!(
        back.starts_with("kundnummer;förnamn;Mobilnr;error\n;Ingen;;"),
        "{back}"
    );
    assert_eq!(held(&w, "till.redb"), held(&w, "office.redb"));
    office.wait_for_log("Request from Till: import more.csv — version 2.");

    // Refused as the primary refuses it: the same message, exit 3.
    let again = w.expect(3, &["--db", "till.redb", "import", "more.csv", "--yes"]);
    assert!(
        again.stderr.contains("already imported as version 2"),
        "{}",
        again.stderr
    );
    w.expect(0, &["--db", "till.redb", "rollback", "2", "--yes"]);
    let twice = w.expect(3, &["--db", "till.redb", "rollback", "2", "--yes"]);
    let on_primary = w.expect(3, &["--db", "office.redb", "rollback", "2", "--yes"]);
    assert_eq!(
        twice.stderr.lines().last(),
        on_primary.stderr.lines().last()
    );
    let forgot = w.expect(
        0,
        &["--db", "till.redb", "forget", "bo@exempel.se", "--yes"],
    );
    assert!(
        forgot.stdout.contains("Customer 2 was erased"),
        "{}",
        forgot.stdout
    );
    w.expect(1, &["--db", "till.redb", "get", "bo@exempel.se"]);
    assert_eq!(held(&w, "till.redb"), held(&w, "office.redb"));
    // A customer changed and one added by hand on the replica: made by the primary, held
    // here before the command says so, refused as there.
    let set = w.expect(0, &["--db", "till.redb", "set", "1", "ort=Umeå", "--yes"]);
    assert!(
        set.stdout.contains("Customer 1 changed: version"),
        "{}",
        set.stdout
    );
    assert_eq!(w.customer_in("till.redb", "1")["city"], "Umeå");
    let add = w.expect(
        0,
        &[
            "--db",
            "till.redb",
            "add",
            "email=ny@exempel.se",
            "förnamn=Ny",
            "--yes",
        ],
    );
    assert!(add.stdout.contains("added: version"), "{}", add.stdout);
    assert_eq!(
        w.customer_in("till.redb", "ny@exempel.se")["first_name"],
        "Ny"
    );
    let taken = w.expect(
        3,
        &[
            "--db",
            "till.redb",
            "set",
            "1",
            "email=ny@exempel.se",
            "--yes",
        ],
    );
    assert!(taken.stderr.contains("cannot be made"), "{}", taken.stderr);
    office.wait_for_log("Request from Till: edit — version");
    assert_eq!(held(&w, "till.redb"), held(&w, "office.redb"));
    assert!(
        fs::read_dir(w.path("in/.kundreg/requests"))
            .unwrap()
            .next()
            .is_none()
    );

    // With the primary switched off, a wait runs out and says for whom; --no-wait queues,
    // and the change is made once the primary is back.
    office.kill();
    w.write("late.csv", "kundnummer;förnamn\n5;Eva\n");
    let waited = w.expect(
        5,
        &[
            "--db",
            "till.redb",
            "import",
            "late.csv",
            "--yes",
            "--wait",
            "1",
        ],
    );
    assert!(
        waited.stderr.contains("Office, the primary (last seen"),
        "{}",
        waited.stderr
    );
    assert!(waited.stderr.contains("stays queued"), "{}", waited.stderr);
    w.write("later.csv", "kundnummer;förnamn\n6;Fia\n");
    let queued = w.expect(
        0,
        &[
            "--db",
            "till.redb",
            "import",
            "later.csv",
            "--yes",
            "--no-wait",
        ],
    );
    assert!(
        queued.stdout.contains("Sent to Office"),
        "{}",
        queued.stdout
    );
    let office = watch(&w, "office.redb", "Office");
    office.wait_for_log("Request from Till: import later.csv");
    office.wait_for_log("Request from Till: import late.csv");
    till.wait_for_log("Request from Till: import later.csv");
    // Versions 2 to 6 were the import, its rollback, the forget, the change and the addition.
    wait_for_version(&w, "till.redb", 8);
    assert_eq!(held(&w, "till.redb"), held(&w, "office.redb"));
    w.expect(0, &["--db", "till.redb", "get", "6"]);
    w.expect(0, &["--db", "till.redb", "get", "5"]);
}

#[test]
fn a_copied_install_takes_an_identity_of_its_own_and_follows() {
    let w = Workdir::new();
    fs::create_dir(w.path("in")).unwrap();
    w.write("first.csv", FIRST);
    w.expect(0, &["--db", "office.redb", "import", "first.csv", "--yes"]);
    w.expect(
        0,
        &[
            "--db",
            "office.redb",
            "watch",
            "in",
            "--once",
            "--name",
            "Office",
        ],
    );
    // A disk image of the office PC, started as a till: the same register, the same identity.
    fs::copy(w.path("office.redb"), w.path("copy.redb")).unwrap();
    fs::copy(w.path("office.redb.key"), w.path("copy.redb.key")).unwrap();
    let office = watch(&w, "office.redb", "Office");
    office.wait_for_log("Watching");
    let copy = watch(&w, "copy.redb", "Copy");
    copy.wait_for_log("had the identity of another computer in the folder (a copied disk?) and has taken a new one");
    assert_eq!(status(&w, "copy.redb")["role"], "replica");
    assert_eq!(status(&w, "office.redb")["role"], "primary");
    drop_and_confirm(&w, "nya.csv", "kundnummer;förnamn\n3;Cia\n");
    office.wait_for_log("imported as version 2");
    wait_for_version(&w, "copy.redb", 2);
    assert_eq!(held(&w, "copy.redb"), held(&w, "office.redb"));
    assert!(!copy.log().contains("importing"), "{}", copy.log());
}

/// The folder's epoch records, by name, with their contents.
fn epoch_records(w: &Workdir) -> Vec<(String, Vec<u8>)> {
    let mut records: Vec<(String, Vec<u8>)> = fs::read_dir(w.path("in/.kundreg/epochs"))
        .unwrap()
        .flatten()
        .map(|e| {
            (
                e.file_name().to_string_lossy().into_owned(),
                fs::read(e.path()).unwrap(),
            )
        })
        .collect();
    records.sort();
    records
}

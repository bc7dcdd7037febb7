//! Several computers over real Syncthing (Debian's `syncthing`, which `.ci/run` installs):
//! two "computers" on this machine, each its own Syncthing home, register and copy of the
//! shared folder, connected over 127.0.0.1 only (see `common::syncthing`). A replica joins a
//! register of 100,000 customers and then holds exactly the primary's; a file dropped and
//! confirmed in the replica's copy is applied once and its preview appears in both copies;
//! rollback and forget run on the replica; after the forget no file in either copy holds the
//! person's email or phone; a replica killed (SIGKILL) while replaying a change to every
//! customer starts again and converges.

mod common;

use std::fs;

use common::Workdir;
use common::computers::{
    customers, files_holding, held, join_code, status, syncthing, wait_for_version, watch,
};
use common::daemon::wait_until;
use common::syncthing::Mesh;

#[test]
fn a_replica_over_syncthing_joins_follows_asks_forgets_and_survives_a_kill() {
    if !syncthing() {
        return;
    }
    let w = Workdir::new();
    let mesh = Mesh::new(w.dir(), 2);
    let (office_in, till_in) = (&mesh.folders[0], &mesh.folders[1]);
    w.write("all.csv", customers(100_000));
    w.expect(0, &["--db", "office.redb", "import", "all.csv", "--yes"]);
    let office = watch(&w, "office.redb", office_in, "Office", None);
    office.wait_for_log("Started the shared folder");
    // Without the shop's code the till is refused, and nothing is written for it.
    let code = join_code(&w, "office.redb");
    wait_until("the folder's records in the till's copy", || {
        till_in
            .join(".kundreg/epochs")
            .read_dir()
            .is_ok_and(|mut d| d.next().is_some())
    });
    let (exit, log) = watch(&w, "till.redb", till_in, "Till", None).wait();
    assert_eq!(exit, 3, "{log}");
    assert!(log.contains("kundreg watch --join CODE"), "{log}");
    assert!(!w.path("till.redb.key").exists());
    let (exit, log) = watch(&w, "till.redb", till_in, "Till", Some("ABCDE-12345")).wait();
    assert_eq!(exit, 2, "{log}");
    let till = watch(&w, "till.redb", till_in, "Till", Some(&code));
    till.wait_for_log("rebuilt from the primary's copy at version 1");
    assert_eq!(held(&w, "till.redb"), held(&w, "office.redb"));

    // Dropped and confirmed in the replica's copy: previewed and applied by the primary once.
    fs::write(
        till_in.join("nya.csv"),
        "kundnummer;förnamn;telefon\n100001;Ny;070-1234567\n3;Trea;\n",
    )
    .unwrap();
    wait_until("the preview in the replica's copy", || {
        till_in.join("nya.csv.preview.html").exists()
    });
    assert!(office_in.join("nya.csv.preview.html").exists());
    fs::write(till_in.join("nya.confirm"), "").unwrap();
    wait_for_version(&w, "till.redb", 2);
    assert_eq!(office.log().matches("confirmed, importing").count(), 1);
    assert!(!till.log().contains("importing"));
    assert_eq!(held(&w, "till.redb"), held(&w, "office.redb"));

    // Rollback and forget asked on the replica. Customer 3 is in the archived file too
    // (done/), in its previews and in its receipt.
    w.expect(0, &["--db", "till.redb", "rollback", "2", "--yes"]);
    assert!(!files_holding(till_in, "Trea").is_empty());
    let forget = w.expect(
        0,
        &["--db", "till.redb", "forget", "kund3@exempel.se", "--yes"],
    );
    assert!(
        forget.stdout.contains("Customer 3 was erased"),
        "{}",
        forget.stdout
    );
    assert!(
        forget.stdout.contains("Also erased from"),
        "{}",
        forget.stdout
    );
    assert_eq!(held(&w, "till.redb"), held(&w, "office.redb"));
    w.expect(1, &["--db", "till.redb", "get", "3"]);
    // A customer changed and one added by hand on the replica: the primary makes both.
    let set = w.expect(
        0,
        &[
            "--db",
            "till.redb",
            "set",
            "kund4@exempel.se",
            "ort=Umeå",
            "--yes",
        ],
    );
    assert!(set.stdout.contains("Customer 4 changed"), "{}", set.stdout);
    let add = w.expect(
        0,
        &["--db", "till.redb", "add", "email=ny@exempel.se", "--yes"],
    );
    assert!(add.stdout.contains("added: version"), "{}", add.stdout);
    assert_eq!(w.customer_in("till.redb", "4")["city"], "Umeå");
    assert_eq!(held(&w, "till.redb"), held(&w, "office.redb"));
    // Once the primary's changes have reached the replica's copy, no file holds the person.
    wait_until("the erasure in both copies", || {
        [office_in, till_in].iter().all(|copy| {
            ["kund3@exempel.se", "08-0000003", "Trea"]
                .iter()
                .all(|value| files_holding(copy, value).is_empty())
        })
    });

    // A change to every customer, and the replica killed while it replays it: it starts
    // again where it stood and converges.
    w.write("everyone.csv", customers(100_000).replace("Stad", "Ort"));
    let before = status(&w, "till.redb")["version"].as_u64().unwrap();
    w.expect(
        0,
        &["--db", "office.redb", "import", "everyone.csv", "--yes"],
    );
    let log = till_in.join(".kundreg/log");
    let arrived = || {
        fs::read_dir(&log).unwrap().flatten().any(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            !name.starts_with('.') && name.contains(&format!("-{:012}-", before + 1))
        })
    };
    wait_until("the large change-set in the replica's copy", arrived);
    std::thread::sleep(std::time::Duration::from_millis(300));
    let replayed = format!("Version {} from the primary", before + 1);
    // On a machine fast enough to finish first, the kill only tests a restart.
    let finished_first = till.log().contains(&replayed);
    till.kill();
    let till = watch(&w, "till.redb", till_in, "Till", None);
    wait_for_version(&w, "till.redb", before + 1);
    assert_eq!(held(&w, "till.redb"), held(&w, "office.redb"));
    assert!(
        finished_first || till.log().contains(&replayed),
        "{}",
        till.log()
    );
}

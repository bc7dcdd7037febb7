//! Failover, through the binary: `kundreg promote` on a replica when the primary is gone. On
//! one local folder the old primary, started again, comes back as a replica. Over real
//! Syncthing (loopback only) the primary is cut off by stopping its Syncthing: each side
//! imports during the cut, the old primary also forgets a customer; once healed every register
//! equals the new primary's, its import is kept, the old primary's comes back into the inbox
//! with a preview that says so, and the forgotten customer is erased everywhere. Two computers
//! that start one folder at the same moment, each with a key of its own, believe nothing of
//! each other's until one joins the other's shop with its code.

mod common;

use std::fs;

use common::Workdir;
use common::computers::{
    customers, drop_and_confirm, files_holding, held, join_code, status, syncthing,
    wait_for_version, watch,
};
use common::daemon::{Daemon, wait_until};
use common::syncthing::Mesh;

/// `watch` on `in/` for the register `db`, as the computer `name`.
fn watch_here(w: &Workdir, db: &str, name: &str, join: Option<&str>) -> Daemon {
    watch(w, db, &w.path("in"), name, join)
}

/// A workdir with the inbox `in/`, the office's register of `rows` customers, its `watch`
/// started, and a till joined.
fn office_and_till(rows: usize) -> (Workdir, Daemon, Daemon) {
    let w = Workdir::new();
    fs::create_dir(w.path("in")).unwrap();
    w.write("first.csv", customers(rows));
    w.expect(0, &["--db", "office.redb", "import", "first.csv", "--yes"]);
    let office = watch_here(&w, "office.redb", "Office", None);
    office.wait_for_log("Started the shared folder");
    let till = watch_here(&w, "till.redb", "Till", Some(&join_code(&w, "office.redb")));
    till.wait_for_log("rebuilt from the primary's copy at version 1");
    (w, office, till)
}

#[test]
fn promoted_on_one_folder_the_old_primary_comes_back_as_a_replica() {
    let (w, office, till) = office_and_till(20);
    w.expect(3, &["--db", "office.redb", "promote"]);
    office.kill();

    // Seen moments ago: refused, and nothing changes.
    let refused = w.expect(5, &["--db", "till.redb", "promote"]);
    assert!(
        refused.stderr.contains("Office, was seen"),
        "{}",
        refused.stderr
    );
    assert!(refused.stderr.contains("--force"), "{}", refused.stderr);
    assert_eq!(status(&w, "till.redb")["role"], "replica");
    let promoted = w.expect(0, &["--db", "till.redb", "promote", "--force"]);
    assert!(
        promoted
            .stdout
            .contains("Till is the primary now (epoch 2), continuing from version 1"),
        "{}",
        promoted.stdout
    );
    till.wait_for_log("This computer is the primary now (epoch 2)");
    assert_eq!(status(&w, "till.redb")["role"], "primary");
    assert_eq!(status(&w, "till.redb")["epoch"], 2);
    drop_and_confirm(&w.path("in"), "kassa.csv", "kundnummer;förnamn\n900;Nina\n");
    wait_for_version(&w, "till.redb", 2);

    let office = watch_here(&w, "office.redb", "Office", None);
    office.wait_for_log("follows Till");
    wait_for_version(&w, "office.redb", 2);
    assert_eq!(held(&w, "office.redb"), held(&w, "till.redb"));
    assert_eq!(status(&w, "office.redb")["role"], "replica");
    // Its changes go to the new primary now.
    w.write("b.csv", "kundnummer;förnamn\n901;Olle\n");
    w.expect(0, &["--db", "office.redb", "import", "b.csv", "--yes"]);
    assert_eq!(held(&w, "office.redb"), held(&w, "till.redb"));
    assert!(!office.log().contains("importing"));
    drop(till);
    drop(office);
}

#[test]
fn a_promotion_killed_midway_leaves_a_replica_or_a_primary() {
    let (w, office, till) = office_and_till(30_000);
    office.kill();
    till.kill();
    let register = held(&w, "office.redb");
    let mut promoted = false;
    for delay in [0, 5, 20, 50, 100, 200, 400, 800, 1600] {
        let mut child = w
            .command(&["--db", "till.redb", "promote", "--force"])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(delay));
        let _ = child.kill();
        let _ = child.wait();
        // Either still a replica of epoch 1, or the primary of epoch 2 — and the register
        // as it was.
        let s = status(&w, "till.redb");
        match (s["role"].as_str(), s["epoch"].as_u64()) {
            (Some("replica"), Some(1)) => {}
            (Some("primary"), Some(2)) => promoted = true,
            other => panic!("after {delay} ms: {other:?}"),
        }
        assert_eq!(held(&w, "till.redb"), register, "after {delay} ms");
        if promoted {
            break;
        }
    }
    if !promoted {
        w.expect(0, &["--db", "till.redb", "promote", "--force"]);
    }
    let till = watch_here(&w, "till.redb", "Till", None);
    till.wait_for_log("Watching");
    drop_and_confirm(
        &w.path("in"),
        "kassa.csv",
        "kundnummer;förnamn\n900000;Nina\n",
    );
    wait_for_version(&w, "till.redb", 2);
    let office = watch_here(&w, "office.redb", "Office", None);
    office.wait_for_log("follows Till");
    wait_for_version(&w, "office.redb", 2);
    assert_eq!(held(&w, "office.redb"), held(&w, "till.redb"));
}

/// Two computers started on one new folder at the same moment, each without a code: each
/// makes a key of its own, so each is a shop of its own and believes nothing of the other's
/// (it says so, once a file has settled); a computer joins another's shop only with its code.
#[test]
fn two_computers_starting_one_folder_at_once_each_trust_only_their_own() {
    let w = Workdir::new();
    fs::create_dir(w.path("in")).unwrap();
    let one = watch_here(&w, "one.redb", "One", None);
    let two = watch_here(&w, "two.redb", "Two", None);
    for daemon in [&one, &two] {
        daemon.wait_for_log("Watching");
    }
    let (one_code, two_code) = (join_code(&w, "one.redb"), join_code(&w, "two.redb"));
    assert_ne!(one_code, two_code);
    wait_until("each says the other's files are not the shop's", || {
        [&one, &two].iter().all(|d| {
            d.log()
                .contains("was not written by any of the shop's computers")
        })
    });
    assert_eq!(status(&w, "one.redb")["role"], "alone");
    drop(two);
    // Started again with the first one's code, the second follows it.
    let two = watch_here(&w, "two.redb", "Two", Some(&one_code));
    two.wait_for_log("follows One");
    drop_and_confirm(&w.path("in"), "kunder.csv", "kundnummer;förnamn\n1;Anna\n");
    wait_for_version(&w, "one.redb", 1);
    wait_for_version(&w, "two.redb", 1);
    assert_eq!(held(&w, "one.redb"), held(&w, "two.redb"));
}

#[test]
fn a_primary_cut_off_over_syncthing_loses_nothing_when_it_comes_back() {
    if !syncthing() {
        return;
    }
    let w = Workdir::new();
    let mut mesh = Mesh::new(w.dir(), 2);
    let (office_in, till_in) = (mesh.folders[0].clone(), mesh.folders[1].clone());
    w.write("all.csv", customers(50));
    w.expect(0, &["--db", "office.redb", "import", "all.csv", "--yes"]);
    let office = watch(&w, "office.redb", &office_in, "Office", None);
    office.wait_for_log("Started the shared folder");
    let code = join_code(&w, "office.redb");
    let till = watch(&w, "till.redb", &till_in, "Till", Some(&code));
    till.wait_for_log("rebuilt from the primary's copy at version 1");

    // The cut: the office goes on alone, importing and forgetting customer 7.
    mesh.stop(0);
    drop_and_confirm(
        &office_in,
        "kontor.csv",
        "kundnummer;förnamn\n800;Kontorsny\n",
    );
    wait_for_version(&w, "office.redb", 2);
    w.expect(0, &["--db", "office.redb", "forget", "7", "--yes"]);
    wait_until("the office's snapshot after the forget", || {
        office.log().contains("at version 3 published")
    });

    // Meanwhile the till is promoted and imports too.
    w.expect(5, &["--db", "till.redb", "promote"]);
    w.expect(0, &["--db", "till.redb", "promote", "--force"]);
    till.wait_for_log("This computer is the primary now (epoch 2)");
    drop_and_confirm(&till_in, "kassa.csv", "kundnummer;förnamn\n900;Kassany\n");
    wait_for_version(&w, "till.redb", 2);

    // Healed: the office follows the till, and gives back what it did alone.
    mesh.start(0);
    office.wait_for_log("Till was made the primary (epoch 2)");
    office.wait_for_log("were not kept");
    office.wait_for_log("the file is back in the inbox as kontor.csv");
    office.wait_for_log("The forget of version 3 here was not kept");
    wait_until("the returned file's preview in the till's copy", || {
        fs::read_to_string(till_in.join("kontor.csv.preview.txt"))
            .is_ok_and(|text| text.contains("was applied on Office"))
    });
    // The office's history and status keep a record of what was not kept.
    let history = w.expect(0, &["--db", "office.redb", "history"]).stdout;
    assert!(
        history.contains("fenced: made on Office in epoch 1"),
        "{history}"
    );
    let fenced = status(&w, "office.redb")["fenced"].clone();
    assert_eq!(fenced.as_array().map(Vec::len), Some(1), "{fenced}");
    assert_eq!(fenced[0]["file"], "kontor.csv");
    assert_eq!(fenced[0]["state"], "returned");
    // The till's import is kept; customer 7 is erased again, by the new primary.
    wait_for_version(&w, "till.redb", 3);
    wait_for_version(&w, "office.redb", 3);
    assert_eq!(held(&w, "office.redb"), held(&w, "till.redb"));
    for db in ["office.redb", "till.redb"] {
        assert_eq!(w.customer_in(db, "900")["first_name"], "Kassany");
        w.expect(1, &["--db", db, "get", "7"]);
        w.expect(1, &["--db", db, "get", "800"]);
    }
    // Confirmed again, the office's import is applied once, by the new primary.
    fs::write(till_in.join("kontor.confirm"), "").unwrap();
    wait_for_version(&w, "till.redb", 4);
    wait_for_version(&w, "office.redb", 4);
    assert_eq!(held(&w, "office.redb"), held(&w, "till.redb"));
    wait_until("no file in either copy holds customer 7", || {
        [&office_in, &till_in]
            .iter()
            .all(|copy| files_holding(copy, "kund7@exempel.se").is_empty())
    });
    assert_eq!(status(&w, "office.redb")["epoch"], 2);
    wait_until("nothing left for a person", || {
        status(&w, "office.redb")["fenced"] == serde_json::json!([])
    });
}

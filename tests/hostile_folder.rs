//! The shared folder turned against the shop, tried as someone who can write into it: links
//! put where kundreg writes are never written through.

#![cfg(unix)]

mod common;

use std::fs;
use std::os::unix::fs::symlink;
use std::process::Command;

use common::Workdir;
use common::daemon::{Daemon, wait_until};

/// `watch` on `in/`.
fn watch(w: &Workdir) -> Daemon {
    let args = ["watch", "in", "--settle", "200", "--rescan", "300"];
    let daemon = Daemon::start(w, &args, "watch.log");
    daemon.wait_for_log("Watching");
    daemon
}

/// Today's folder in `done/`, as a version made now is archived.
fn today() -> String {
    let out = Command::new("date").arg("+%Y-%m-%d").output().unwrap();
    String::from_utf8(out.stdout).unwrap().trim().to_string()
}

#[test]
fn no_link_put_in_the_folder_is_ever_written_through() {
    let w = Workdir::new();
    let done = format!("in/done/{}", today());
    fs::create_dir_all(w.path(&done)).unwrap();
    let secret = w.write("bashrc", "# the user's own file\n");
    // Links at the names the previews, the receipt and an erased file were once written
    // under before being renamed, at a preview's own place, and at the error file's name.
    for name in [
        "in/.a.csv.preview.txt.kundreg-tmp",
        "in/.a.csv.preview.html.kundreg-tmp",
        "in/a.csv.preview.txt",
        "in/a.errors.csv",
        &format!("{done}/.v1_a.csv.receipt.txt.kundreg-tmp"),
        &format!("{done}/v1_a.csv.erasing"),
        &format!("{done}/v1_a.csv.preview.txt.erasing"),
    ] {
        symlink(&secret, w.path(name)).unwrap();
    }
    let daemon = watch(&w);
    w.write(
        "in/a.csv",
        "kundnummer;epost;förnamn\n1;anna@exempel.se;Anna\n2;inte-en-adress;Bo\n",
    );
    wait_until("the preview", || {
        fs::symlink_metadata(w.path("in/a.csv.preview.html")).is_ok()
            && !fs::symlink_metadata(w.path("in/a.csv.preview.txt"))
                .unwrap()
                .is_symlink()
    });
    w.write("in/a.confirm", "");
    daemon.wait_for_log("imported as version 1");
    wait_until("the error file", || w.path("in/a.errors-2.csv").exists());
    assert!(w.path(&format!("{done}/v1_a.csv.receipt.txt")).exists());
    w.expect(0, &["forget", "anna@exempel.se", "--yes"]);
    let archived = fs::read_to_string(w.path(&format!("{done}/v1_a.csv"))).unwrap();
    assert!(!archived.contains("anna@"), "{archived}");
    assert_eq!(
        fs::read_to_string(&secret).unwrap(),
        "# the user's own file\n",
        "written through a link"
    );
}

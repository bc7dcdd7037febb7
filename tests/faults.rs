//! Faults, through the binary: a full disk at each step that writes the register — its
//! creation, an import, a rollback, a forget, an export — leaves the register exactly as it
//! was and every file in place, says so, and the same command works once there is space; the
//! daemon on a full disk, with its inbox renamed away, read-only, its `done/` not a folder and
//! its register unreadable for a while, an input its permissions keep from it, says so once
//! and goes on; a closed or full output; sizes no one expects.
//!
//! The disk is a small tmpfs mounted for the test (CI runs the tests as root); where mounting
//! is not allowed the tests say they are skipped.
#![cfg(unix)]

mod common;

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::Workdir;

/// A small disk of its own, mounted in the workdir, that can be filled up.
struct SmallDisk {
    path: PathBuf,
}

impl SmallDisk {
    /// A tmpfs of `mib` MiB at `DIR/disk`; `None` (said) where mounting is not allowed.
    fn mount(w: &Workdir, mib: u32) -> Option<SmallDisk> {
        let path = w.path("disk");
        fs::create_dir(&path).unwrap();
        let mounted = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={mib}m"), "tmpfs"])
            .arg(&path)
            .output()
            .is_ok_and(|o| o.status.success());
        if !mounted {
            eprintln!("skipped: a tmpfs cannot be mounted here (the tests need root for it)");
            return None;
        }
        Some(SmallDisk { path })
    }

    /// Fills what is left of the disk with a file of zeros.
    fn fill(&self) {
        let mut filler = fs::File::create(self.path.join("filler")).unwrap();
        let block = vec![0u8; 64 * 1024];
        while filler.write_all(&block).is_ok() {}
        // The last, partial block.
        while filler.write_all(&block[..512]).is_ok() {}
        while filler.write_all(&block[..1]).is_ok() {}
        let _ = filler.sync_all();
    }

    fn free(&self) {
        fs::remove_file(self.path.join("filler")).unwrap();
    }

    fn join(&self, name: &str) -> String {
        self.path.join(name).to_str().unwrap().to_string()
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg("-l").arg(&self.path).status();
    }
}

/// `kundreg watch INBOX` running with `settle` milliseconds and a rescan every 200 ms, its
/// log in `watch.log`.
fn watching(w: &Workdir, inbox: &str, settle: &str) -> common::daemon::Daemon {
    let args = ["watch", inbox, "--settle", settle, "--rescan", "200"];
    common::daemon::Daemon::start(w, &args, "watch.log")
}

/// What runs kundreg as a user whose file permissions hold (for root, as CI runs the tests:
/// without the capabilities that let it read and search every file), tried on `unreadable`,
/// a file whose permissions let no one read it; `None` (said) where it is read all the same.
fn as_a_user(w: &Workdir, unreadable: &str) -> Option<Vec<&'static str>> {
    let root = Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| o.stdout.trim_ascii() == b"0");
    let wrapper = match root {
        true => vec!["setpriv", "--bounding-set=-dac_override,-dac_read_search"],
        false => Vec::new(),
    };
    let tried = w.command_under(&wrapper, &["preview", unreadable]).output();
    if !tried.is_ok_and(|o| o.status.code() == Some(1)) {
        eprintln!("skipped: a file cannot be made unreadable to kundreg here");
        return None;
    }
    Some(wrapper)
}

/// Waits a second (several rescans) and checks that `text` is in the daemon's log once: a
/// fault that lasts is said once, however often it is tried again.
fn said_once(daemon: &common::daemon::Daemon, text: &str) {
    std::thread::sleep(std::time::Duration::from_secs(1));
    let log = daemon.log();
    assert_eq!(log.matches(text).count(), 1, "{log}");
}

/// The register's history and customers, as the commands print them.
fn state(w: &Workdir, db: &str) -> (String, String) {
    let history = w.expect(0, &["--db", db, "history", "--json"]).stdout;
    let export = w.expect(0, &["--db", db, "export"]).stdout;
    (history, export)
}

/// Runs `args` on the full disk: exit 1, the full-disk message, and the register unchanged.
fn refused_on_a_full_disk(w: &Workdir, db: &str, args: &[&str]) {
    let before = Path::new(db).exists().then(|| state(w, db));
    let args = [&["--db", db], args].concat();
    let run = w.expect(1, &args);
    assert!(
        run.stderr
            .contains("is full (or the quota is used up). Nothing was changed"),
        "{args:?}: {}",
        run.stderr
    );
    assert!(
        run.stderr.contains(db),
        "the register is named: {}",
        run.stderr
    );
    assert!(!run.stderr.contains(".creating"), "{}", run.stderr);
    match before {
        Some(before) => assert_eq!(state(w, db), before, "{args:?} changed the register"),
        None => assert!(!Path::new(db).exists(), "no half-made register"),
    }
}

fn customers(count: usize, note: &str) -> String {
    let mut text = String::from("kundnr,epost,anteckning\n");
    for i in 0..count {
        text += &format!("{i},k{i}@ex.se,{note} {i}\n");
    }
    text
}

#[test]
fn a_full_disk_changes_nothing_says_so_and_the_command_works_once_there_is_space() {
    let w = Workdir::new();
    let Some(disk) = SmallDisk::mount(&w, 8) else {
        return;
    };
    let db = disk.join("kundreg.redb");
    w.write("first.csv", customers(2000, "första"));
    w.write(
        "second.csv",
        customers(4000, "andra listan med en längre anteckning"),
    );

    // Creating the register.
    disk.fill();
    refused_on_a_full_disk(&w, &db, &["import", "first.csv", "--yes"]);
    disk.free();
    w.expect(0, &["--db", &db, "import", "first.csv", "--yes"]);

    // An import.
    disk.fill();
    refused_on_a_full_disk(&w, &db, &["import", "second.csv", "--yes"]);
    assert!(w.path("second.csv").exists(), "the user's file stays");
    disk.free();
    w.expect(0, &["--db", &db, "import", "second.csv", "--yes"]);

    // A rollback, and a forget (which writes a copy of the register).
    disk.fill();
    refused_on_a_full_disk(&w, &db, &["rollback", "2", "--yes"]);
    refused_on_a_full_disk(&w, &db, &["forget", "7", "--yes"]);
    let out = disk.join("export.csv");
    let export = w.expect(1, &["--db", &db, "export", "--out", &out]);
    assert!(
        export
            .stderr
            .contains("is full: not everything could be written"),
        "{}",
        export.stderr
    );
    let left: Vec<_> = fs::read_dir(&disk.path)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        left.len(),
        2,
        "no copy or half export left behind: {left:?}"
    );
    disk.free();
    w.expect(0, &["--db", &db, "rollback", "2", "--yes"]);
    w.expect(0, &["--db", &db, "forget", "7", "--yes"]);
    assert_eq!(w.expect(1, &["--db", &db, "get", "7"]).code, 1);
}

#[test]
fn a_closed_or_full_output_never_panics() {
    let w = Workdir::new();
    w.import("k.csv", &customers(5000, "en anteckning"));
    // A reader that stops early: the command stops too, quietly, with 0.
    let mut child = w
        .command(&["export"])
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 16];
    std::io::Read::read_exact(child.stdout.as_mut().unwrap(), &mut first).unwrap();
    drop(child.stdout.take());
    assert_eq!(child.wait().unwrap().code(), Some(0));
    // Standard output or standard error on a full disk: an exit code, never a panic.
    let full = || fs::OpenOptions::new().write(true).open("/dev/full");
    if full().is_err() {
        eprintln!("skipped: no /dev/full here");
        return;
    }
    w.write("more.csv", customers(10, "ändrad"));
    for args in [
        &["export"][..],
        &["history"],
        &["preview", "more.csv"],
        &["import", "more.csv", "--yes"],
        &["rollback", "2", "--yes"],
    ] {
        for (stdout, stderr) in [(true, false), (false, true), (true, true)] {
            let mut cmd = w.command(args);
            if stdout {
                cmd.stdout(full().unwrap());
            }
            if stderr {
                cmd.stderr(full().unwrap());
            }
            let code = cmd.status().unwrap().code();
            assert!(
                matches!(code, Some(0..=5)),
                "{args:?} (stdout full {stdout}, stderr full {stderr}): {code:?}"
            );
        }
    }
    let history = w.expect(0, &["history", "--json"]).json();
    let kinds: Vec<&str> = history
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["kind"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        ["rollback", "import", "import"],
        "each change made once"
    );
}

#[test]
fn the_daemon_on_a_full_disk_says_so_once_keeps_running_and_goes_on_when_there_is_space() {
    let w = Workdir::new();
    let Some(disk) = SmallDisk::mount(&w, 4) else {
        return;
    };
    let inbox = disk.join("in");
    fs::create_dir(&inbox).unwrap();
    let daemon = watching(&w, &inbox, "100");
    daemon.wait_for_log("Watching");
    let count = |text: &str| daemon.log().matches(text).count();

    // Files made before the disk fills, and dropped into the inbox (renamed: that takes no
    // space) once it is full, as a sync client drops what it received.
    let waiting = |name: &'static str, text: &str| {
        let (from, to) = (disk.path.join(name), Path::new(&inbox).join(name));
        fs::write(&from, text).unwrap();
        move || fs::rename(&from, &to).unwrap()
    };
    let drop_list = waiting("a.csv", "kundnr,stad\n1,Lund\n2,Ystad\n");
    let drop_confirm = waiting("a.confirm", "");

    // A preview that does not fit: said once, written once there is space.
    disk.fill();
    drop_list();
    daemon.wait_for_log("a.csv: The disk where");
    std::thread::sleep(std::time::Duration::from_secs(2));
    assert_eq!(
        count("is full (or the quota is used up)"),
        1,
        "{}",
        daemon.log()
    );
    disk.free();
    daemon.wait_for_log("a.csv: preview written (2 new");

    // A confirm whose files cannot be moved: the import is made once, moved once there is space.
    disk.fill();
    drop_confirm();
    daemon.wait_for_log("The import is made, but its files are not moved into done/ yet");
    std::thread::sleep(std::time::Duration::from_secs(2));
    assert_eq!(count("are not moved into done/ yet"), 1, "{}", daemon.log());
    disk.free();
    daemon.wait_for_log("already imported as version 1; its files are moved now");
    let history = w.expect(0, &["history", "--json"]).json();
    assert_eq!(history.as_array().map(Vec::len), Some(1), "imported once");
    assert!(Path::new(&inbox).join("done").is_dir());
    assert!(!Path::new(&inbox).join("a.csv").exists());
    let (code, log) = daemon.terminate();
    assert_eq!(code, 0, "{log}");
}

#[test]
fn sizes_no_one_expects_get_a_clear_answer() {
    let w = Workdir::new();
    let write = |name: &str, parts: &[&str], repeat: &str, times: usize, tail: &str| {
        let mut file = std::io::BufWriter::new(fs::File::create(w.path(name)).unwrap());
        for part in parts {
            file.write_all(part.as_bytes()).unwrap();
        }
        for _ in 0..times {
            file.write_all(repeat.as_bytes()).unwrap();
        }
        file.write_all(tail.as_bytes()).unwrap();
    };
    write("columns.csv", &["kundnr"], ",kolumn", 5000, "\n1\n");
    write("header.csv", &["kundnr,"], "x", 1_100_000, "\n1,a\n");
    write(
        "cell.csv",
        &["kundnr,anteckning\n1,"],
        "y",
        2_000_000,
        "\n2,kort\n",
    );
    write(
        "row.csv",
        &["kundnr,anteckning\n1,kort\n2,\""],
        "é",
        50_000_000,
        "\"\n3,kort\n",
    );
    write("empty.csv", &["kundnr\n"], "\n", 10_000_000, "7\n");
    write("quotes.csv", &["kundnr\n"], "\"", 1_000_001, "\n");
    let mut one = String::from("kundnr,stad\n");
    for i in 0..100_000 {
        one += &format!("1,Stad{i}\n");
    }
    w.write("one.csv", one);

    for file in ["columns.csv", "header.csv"] {
        let run = w.expect(1, &["preview", file]);
        assert!(
            run.stdout
                .contains("a customer list has at most 1000 columns"),
            "{file}"
        );
    }
    let cell = w.preview_json("cell.csv");
    assert_eq!(cell["rows"][0]["problem"], "cell_too_long");
    assert_eq!(cell["summary"]["new"], 1, "the other row is read");
    let row = w.expect(1, &["preview", "row.csv"]).stdout;
    assert!(
        row.contains("The row that starts on line 3 is over 16 MB long"),
        "{row:.300}"
    );
    let empty = w.preview_json("empty.csv");
    assert_eq!(empty["rows"][0]["line"], 10_000_002);
    let quotes = w.expect(0, &["preview", "quotes.csv"]).stdout;
    assert!(
        quotes.contains("…\": a customer number may be at most 64"),
        "{quotes:.300}"
    );
    assert!(quotes.len() < 10_000, "a bad value is shown shortened");
    let quotes = w.preview_json("quotes.csv");
    assert_eq!(
        quotes["rows"][0]["line"], 2,
        "the row starts on its own line"
    );
    let one = w.preview_json("one.csv");
    assert_eq!(one["summary"]["error"], 100_000);
    let first = &one["rows"][0];
    assert_eq!(first["lines"].as_array().map(Vec::len), Some(10));
    assert_eq!(first["more_lines"], 99_989);
}

#[test]
fn an_inbox_renamed_away_while_watched_is_said_once_and_waited_for() {
    let w = Workdir::new();
    fs::create_dir(w.path("in")).unwrap();
    let daemon = watching(&w, "in", "100");
    daemon.wait_for_log("Watching");
    fs::rename(w.path("in"), w.path("away")).unwrap();
    daemon.wait_for_log("The folder cannot be read");
    said_once(&daemon, "cannot be read");
    // Back under its name, with a file dropped meanwhile: it goes on by itself.
    w.write("away/kunder.csv", "kundnr,stad\n1,Lund\n");
    fs::rename(w.path("away"), w.path("in")).unwrap();
    daemon.wait_for_log("kunder.csv: preview written (1 new");
    let (code, log) = daemon.terminate();
    assert_eq!(code, 0, "{log}");
}

#[test]
fn a_register_that_cannot_be_read_for_a_while_is_said_once_and_nothing_is_lost() {
    let w = Workdir::new();
    fs::create_dir(w.path("in")).unwrap();
    let daemon = watching(&w, "in", "100");
    daemon.wait_for_log("Watching");
    // The register swapped for something else (a broken disk, a restore gone wrong).
    fs::rename(w.path("kundreg.redb"), w.path("kept.redb")).unwrap();
    w.write("kundreg.redb", "inte ett register");
    w.write("in/kunder.csv", "kundnr,stad\n1,Lund\n");
    daemon.wait_for_log("kunder.csv: ");
    said_once(&daemon, "kunder.csv: ");
    assert!(!w.path("in/kunder.csv.preview.txt").exists());
    fs::rename(w.path("kept.redb"), w.path("kundreg.redb")).unwrap();
    daemon.wait_for_log("kunder.csv: preview written (1 new");
    assert_eq!(w.read("in/kunder.csv"), b"kundnr,stad\n1,Lund\n");
}

#[test]
fn a_done_folder_that_cannot_be_written_keeps_the_import_and_moves_it_later() {
    let w = Workdir::new();
    fs::create_dir(w.path("in")).unwrap();
    // Not a folder: nothing can be moved into it.
    w.write("in/done", "");
    w.write("in/kunder.csv", "kundnr,stad\n1,Lund\n");
    let daemon = watching(&w, "in", "100");
    daemon.wait_for_log("kunder.csv: preview written");
    w.write("in/kunder.confirm", "");
    daemon.wait_for_log("cannot be moved");
    said_once(&daemon, "cannot be moved");
    assert_eq!(w.customer("1")["city"], "Lund");
    fs::remove_file(w.path("in/done")).unwrap();
    daemon.wait_for_log("already imported as version 1; its files are moved now");
    let history = w.expect(0, &["history", "--json"]).json();
    assert_eq!(history.as_array().map(Vec::len), Some(1), "imported once");
    assert!(!w.path("in/kunder.csv").exists());
}

#[test]
fn an_inbox_that_cannot_be_written_is_said_once_and_previewed_once_it_can() {
    let w = Workdir::new();
    let Some(disk) = SmallDisk::mount(&w, 4) else {
        return;
    };
    let inbox = disk.join("in");
    fs::create_dir(&inbox).unwrap();
    let daemon = watching(&w, &inbox, "1000");
    daemon.wait_for_log("Watching");
    // Made read-only well within the file's settle time, before it is read.
    fs::write(
        Path::new(&inbox).join("kunder.csv"),
        "kundnr,stad\n1,Lund\n",
    )
    .unwrap();
    let remount = |how: &str| {
        let done = Command::new("mount")
            .args(["-o", &format!("remount,{how}")])
            .arg(&disk.path)
            .status()
            .unwrap();
        assert!(done.success());
    };
    remount("ro");
    daemon.wait_for_log("kunder.csv: the preview cannot be written");
    said_once(&daemon, "cannot be written");
    remount("rw");
    daemon.wait_for_log("kunder.csv: preview written (1 new");
}

#[test]
fn an_input_its_permissions_keep_from_kundreg_is_said_once_and_read_once_they_let_it() {
    use std::os::unix::fs::PermissionsExt;
    let w = Workdir::new();
    fs::create_dir(w.path("in")).unwrap();
    let unreadable = w.write("in/kunder.csv", "kundnr,stad\n1,Lund\n");
    fs::set_permissions(&unreadable, fs::Permissions::from_mode(0o000)).unwrap();
    let Some(wrapper) = as_a_user(&w, "in/kunder.csv") else {
        return;
    };
    let preview = w
        .command_under(&wrapper, &["preview", "in/kunder.csv"])
        .output();
    let said = common::finish(preview.unwrap());
    assert!(
        said.stderr
            .contains("may not be read or written by this user. Check the file's permissions."),
        "{}",
        said.stderr
    );
    w.write("in/andra.csv", "kundnr,stad\n2,Ystad\n");
    let args = ["watch", "in", "--settle", "100", "--rescan", "200"];
    let command = w.command_under(&wrapper, &args);
    let daemon = common::daemon::Daemon::spawn(command, w.path("watch.log"));
    // The other file is handled meanwhile.
    daemon.wait_for_log("andra.csv: preview written (1 new");
    daemon.wait_for_log("kunder.csv may not be read by the user kundreg runs as");
    // Tried again at each rescan, said once.
    said_once(&daemon, "may not be read");
    assert!(!w.path("in/kunder.csv.preview.txt").exists());
    // Its permissions change, the file does not: it is read by itself.
    fs::set_permissions(&unreadable, fs::Permissions::from_mode(0o644)).unwrap();
    daemon.wait_for_log("kunder.csv: preview written (1 new");
    assert_eq!(w.read("in/kunder.csv"), b"kundnr,stad\n1,Lund\n");
    let (code, log) = daemon.terminate();
    assert_eq!(code, 0, "{log}");
}

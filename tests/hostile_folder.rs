//! The shared folder turned against the shop, tried as someone who can write into it: links
//! put where kundreg writes are never written through.

#![cfg(unix)]

mod common;

use std::fs;
use std::os::unix::fs::symlink;
use std::process::Command;

use common::Workdir;
use common::daemon::{Daemon, wait_until};
use kundreg::shared::key::ShopKey;

/// `watch` on `in/`.
fn watch(w: &Workdir) -> Daemon {
    let args = ["watch", "in", "--settle", "200", "--rescan", "300"];
    let daemon = Daemon::start(w, &args, "watch.log");
    daemon.wait_for_log("Watching");
    daemon
}

/// Drops `list` as `in/listaN.csv`, waits for its preview and confirms it.
fn drop_and_confirm(w: &Workdir, n: u64, list: &str) {
    let name = format!("in/lista{n}.csv");
    w.write(&name, list);
    wait_until("the preview", || {
        w.path(&format!("{name}.preview.html")).exists()
    });
    w.write(&format!("in/lista{n}.confirm"), "");
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

/// The daemon's peak resident memory so far, in MiB.
fn peak_mib(daemon: &Daemon) -> u64 {
    let status = fs::read_to_string(format!("/proc/{}/status", daemon.pid())).unwrap();
    let line = status.lines().find(|l| l.starts_with("VmHWM:")).unwrap();
    let kib: u64 = line[6..]
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .unwrap();
    kib / 1024
}

#[test]
fn pipes_endless_files_and_links_under_control_names_neither_hang_nor_grow() {
    let w = Workdir::new();
    fs::create_dir(w.path("in")).unwrap();
    let daemon = watch(&w);
    daemon.wait_for_log("Started the shared folder");
    let secret = w.write("secret.txt", "hunter2\n");
    let control = w.path("in/.kundreg");
    // An endless file and a pipe where epoch records, status files and notes are read, and
    // a columns file that is a link to a file someone else may not read.
    symlink("/dev/zero", control.join("epochs/000009-zz.kepoch")).unwrap();
    symlink(
        "/dev/zero",
        control.join("computers/00000000000000000000000000000000.status"),
    )
    .unwrap();
    for fifo in [
        "epochs/000010-fifo.kepoch",
        "returned/fifo.kreturn",
        "log/fifo.kchange",
    ] {
        let made = Command::new("mkfifo")
            .arg(control.join(fifo))
            .status()
            .unwrap();
        assert!(made.success());
    }
    symlink(&secret, w.path("in/kolumner.txt")).unwrap();
    // A request that says its frames hold far more than lz4 can make of its bytes.
    let mut request = include_bytes!("../fuzz/seeds/folder/import.krequest").to_vec();
    request.truncate(request.len() / 2);
    for _ in 0..1000 {
        request.push(b'C');
        request.extend_from_slice(&(60u32 << 20).to_le_bytes());
        request.extend_from_slice(&16u32.to_le_bytes());
        request.extend_from_slice(&[0; 16]);
    }
    fs::create_dir_all(control.join("requests")).unwrap();
    fs::write(control.join("requests/forged.krequest"), request).unwrap();

    w.write("in/a.csv", "kundnummer;förnamn\n1;Anna\n");
    wait_until("the preview", || w.path("in/a.csv.preview.txt").exists());
    std::thread::sleep(std::time::Duration::from_secs(1));
    let preview = fs::read_to_string(w.path("in/a.csv.preview.txt")).unwrap();
    assert!(!preview.contains("hunter2"), "{preview}");
    assert!(peak_mib(&daemon) < 100, "peak {} MiB", peak_mib(&daemon));
    let (code, log) = daemon.terminate();
    assert_eq!(code, 0, "{log}");
    assert!(!log.contains("hunter2"), "{log}");
}

#[test]
fn a_hostile_file_name_and_cell_are_shown_inert_and_suggested_commands_run_nothing_else() {
    let w = Workdir::new();
    fs::create_dir(w.path("in")).unwrap();
    let name = "a\x1b[31m$(touch PWNED).csv";
    let list = "kundnummer;förnamn\n1;Anna\x1b[2J\x07\n";
    // On the command line: the preview and the command it suggests.
    w.write(name, list);
    let preview = w.expect(0, &["preview", name]);
    assert!(!preview.stdout.contains('\x1b'), "{}", preview.stdout);
    assert!(
        preview.stdout.contains(r"Anna\x1b[2J\x07"),
        "{}",
        preview.stdout
    );
    let suggested = preview
        .stdout
        .lines()
        .find_map(|l| l.strip_prefix("Import: "))
        .expect("the import command");
    assert_eq!(suggested, r"kundreg import 'a\x1b[31m$(touch PWNED).csv'");
    // In the folder: the log and the receipt.
    let daemon = watch(&w);
    w.write(&format!("in/{name}"), list);
    wait_until("the preview", || {
        w.path(&format!("in/{name}.preview.html")).exists()
    });
    w.write(&format!("in/{name}.confirm"), "");
    daemon.wait_for_log("imported as version 1");
    let (_, log) = daemon.terminate();
    assert!(!log.contains('\x1b'), "{log}");
    assert!(
        log.contains(r"a\x1b[31m$(touch PWNED).csv: imported"),
        "{log}"
    );
    let history = w.expect(0, &["history"]).stdout;
    assert!(!history.contains('\x1b'), "{history}");
    assert!(!w.path("PWNED").exists() && !w.path("in/PWNED").exists());
}

#[test]
fn a_register_a_rebuild_takes_back_is_kept_as_a_copy_first() {
    let w = Workdir::new();
    fs::create_dir(w.path("in")).unwrap();
    let daemon = watch(&w);
    daemon.wait_for_log("Started the shared folder");
    for (n, list) in [
        (1, "kundnummer;förnamn\n1;Anna\n2;Bo\n"),
        (2, "kundnummer;förnamn\n3;Cia\n"),
    ] {
        drop_and_confirm(&w, n, list);
        daemon.wait_for_log(&format!("imported as version {n}"));
    }
    // A computer of the shop (it holds the key) begins a new term from version 0: the
    // register goes back to nothing.
    let key = ShopKey::load(&w.path("kundreg.redb")).unwrap().unwrap();
    let record = new_term_from_nothing(&w);
    let invented = "0123456789abcdef0123456789abcdef";
    fs::write(
        w.path(&format!("in/.kundreg/epochs/000002-{invented}.kepoch")),
        key.seal_text(&record),
    )
    .unwrap();
    daemon.wait_for_log("is kept as");
    let copies = w.expect(0, &["status", "--json"]).json()["copies"].clone();
    let copy = copies[0].as_str().expect("a copy listed").to_string();
    assert_eq!(w.customer_in(&copy, "3")["first_name"], "Cia");
    assert_eq!(
        w.expect(0, &["--db", &copy, "status", "--json"]).json()["version"],
        2
    );
}

/// The text of an epoch record beginning term 2 from version 0 under an invented primary,
/// made from the folder's first record (not sealed).
fn new_term_from_nothing(w: &Workdir) -> String {
    let epochs = w.path("in/.kundreg/epochs");
    let first = fs::read_dir(&epochs)
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    let record = fs::read_to_string(first).unwrap();
    let invented = "0123456789abcdef0123456789abcdef";
    record
        .lines()
        .take_while(|line| !line.starts_with("mac: "))
        .map(|line| match line.split_once(": ") {
            Some(("epoch", _)) => "epoch: 2".to_string(),
            Some(("primary", _)) => format!("primary: {invented}"),
            Some(("name", _)) => "name: Inkräktare".to_string(),
            Some(("from", _)) => "from: 0".to_string(),
            _ => line.to_string(),
        })
        .map(|line| line + "\n")
        .collect()
}

/// Every control file forged by someone without the shop key — an epoch record, a status
/// file, a request, an answer, a change-set and a snapshot under the next version's names —
/// is ignored, said once in the log of each daemon that reads it and listed by `status`; no
/// register changes, and the inbox is still handled by the same primary.
#[test]
fn control_files_forged_without_the_shop_key_are_ignored_and_said_once() {
    let w = Workdir::new();
    fs::create_dir(w.path("in")).unwrap();
    let office = watch(&w);
    office.wait_for_log("Started the shared folder");
    let code = w.expect(0, &["status", "--json"]).json()["join_code"]
        .as_str()
        .unwrap()
        .to_string();
    let args = [
        "--db",
        "till.redb",
        "watch",
        "in",
        "--settle",
        "200",
        "--rescan",
        "300",
        "--name",
        "Till",
        "--join",
        &code,
    ];
    let till = Daemon::start(&w, &args, "till.log");
    till.wait_for_log("follows");
    drop_and_confirm(&w, 1, "kundnummer;förnamn\n1;Anna\n2;Bo\n");
    office.wait_for_log("Version 1 published");
    till.wait_for_log("Version 1 from the primary");
    let kundreg = w.path("in/.kundreg");
    let stranger = ShopKey::new().unwrap();
    let invented = "0123456789abcdef0123456789abcdef";
    let genuine = |dir: &str| {
        let mut entries: Vec<_> = fs::read_dir(kundreg.join(dir)).unwrap().flatten().collect();
        entries.sort_by_key(|e| e.file_name());
        let entry = entries.pop().unwrap();
        let name = entry.file_name().to_string_lossy().into_owned();
        (name, fs::read(entry.path()).unwrap())
    };
    let (log_name, change_set) = genuine("log");
    let (snap_name, snapshot) = genuine("snapshots");
    // The same epoch, author and hash, version 2.
    let next = |name: &str| {
        let parts: Vec<&str> = name.splitn(3, '-').collect();
        format!("{}-000000000002-{}", parts[0], parts[2])
    };
    let forged: Vec<(String, Vec<u8>)> = vec![
        (
            format!("epochs/000002-{invented}.kepoch"),
            stranger.seal_text(&new_term_from_nothing(&w)).into_bytes(),
        ),
        (
            format!("computers/{invented}.status"),
            b"kundreg computer\nname: Inkr\x1b[31mktare\nrole: primary\nversion: 9\n".to_vec(),
        ),
        // The genuine files' bytes, changed by one byte, under the next version's names.
        (format!("log/{}", next(&log_name)), changed(&change_set)),
        (
            format!("snapshots/{}", next(&snap_name)),
            changed(&snapshot),
        ),
        (
            format!("requests/000000000001-{invented}-00000000.krequest"),
            changed(&change_set),
        ),
        (
            format!("answers/000000000001-{invented}-00000000.000001-0123456789abcdef.kanswer"),
            changed(&change_set),
        ),
    ];
    for (name, bytes) in &forged {
        let path = kundreg.join(name);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(&path, bytes).unwrap();
    }
    let file = |name: &String| name.rsplit('/').next().unwrap().to_string();
    // Listed by `status` once they have stood a while (a file still arriving is not).
    wait_until("every forged file listed", || {
        let status = w.expect(0, &["status", "--json"]).json();
        let listed = status["unsealed"].to_string();
        forged.iter().all(|(name, _)| listed.contains(&file(name)))
    });
    // Said by the daemons that read them: the primary reads the records and the requests,
    // the replica the records and the log.
    for (daemon, dirs) in [
        (&office, ["epochs", "requests"]),
        (&till, ["epochs", "log"]),
    ] {
        for (name, _) in forged
            .iter()
            .filter(|(n, _)| dirs.iter().any(|d| n.starts_with(d)))
        {
            daemon.wait_for_log(&file(name));
        }
    }
    let status = w.expect(0, &["status", "--json"]).json();
    assert_eq!(status["role"], "primary", "{status}");
    assert_eq!(status["version"], 1);
    // The inbox is still handled, by the same primary, and followed.
    drop_and_confirm(&w, 2, "kundnummer;förnamn\n3;Cia\n");
    office.wait_for_log("imported as version 2");
    till.wait_for_log("Version 2 from the primary");
    assert_eq!(
        w.expect(0, &["export"]).stdout,
        w.expect(0, &["--db", "till.redb", "export"]).stdout
    );
    assert_eq!(w.customer_in("till.redb", "3")["first_name"], "Cia");
    for (daemon, _) in [(office, ()), (till, ())] {
        let (_, log) = daemon.terminate();
        for (name, _) in &forged {
            let said = log.lines().filter(|l| l.contains(&file(name))).count();
            assert!(said <= 1, "{name} said {said} times: {log}");
        }
        assert!(!log.contains('\x1b'), "{log}");
    }
}

/// `bytes` with one byte changed in the middle.
fn changed(bytes: &[u8]) -> Vec<u8> {
    let mut bytes = bytes.to_vec();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 1;
    bytes
}

#[test]
fn an_empty_file_named_as_a_later_snapshot_neither_stops_publishing_nor_removes_files() {
    let w = Workdir::new();
    fs::create_dir(w.path("in")).unwrap();
    let daemon = watch(&w);
    daemon.wait_for_log("Started the shared folder");
    let snapshots = w.path("in/.kundreg/snapshots");
    let genuine: Vec<_> = fs::read_dir(&snapshots)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .collect();
    assert_eq!(genuine.len(), 1);
    let name = genuine[0]
        .file_name()
        .unwrap()
        .to_string_lossy()
        .into_owned();
    // The same epoch and author, a far later version, no bytes.
    let (epoch, rest) = name.split_once('-').unwrap();
    let (_, rest) = rest.split_once('-').unwrap();
    fs::write(snapshots.join(format!("{epoch}-999999999999-{rest}")), "").unwrap();
    for n in 1..=2 {
        drop_and_confirm(&w, n, &format!("kundnummer;förnamn\n{n};Kund{n}\n"));
        daemon.wait_for_log(&format!("Version {n} published"));
    }
    // A whole snapshot of a version the register made is still there.
    let whole = fs::read_dir(&snapshots).unwrap().flatten().any(|e| {
        let name = e.file_name().to_string_lossy().into_owned();
        e.metadata().unwrap().len() > 0 && !name.contains("-999999999999-")
    });
    assert!(whole);
}

#[test]
fn a_request_over_the_size_limit_is_said_once_and_not_read_again() {
    let w = Workdir::new();
    fs::create_dir(w.path("in")).unwrap();
    let args = [
        "watch",
        "in",
        "--settle",
        "200",
        "--rescan",
        "300",
        "--max-size",
        "1",
    ];
    let daemon = Daemon::start(&w, &args, "watch.log");
    daemon.wait_for_log("Started the shared folder");
    let requests = w.path("in/.kundreg/requests");
    fs::create_dir_all(&requests).unwrap();
    fs::write(requests.join("big.krequest"), vec![b'x'; 3 << 20]).unwrap();
    daemon.wait_for_log("The request big in the shared folder is larger than the 1 MB");
    std::thread::sleep(std::time::Duration::from_secs(1));
    let (_, log) = daemon.terminate();
    assert_eq!(log.matches("The request big").count(), 1, "{log}");
}

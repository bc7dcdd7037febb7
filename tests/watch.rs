//! `kundreg watch`: the shared-folder daemon, run as the real binary on a temp folder while
//! the test acts as shop staff do: dropping files, confirming, cancelling, editing.
//!
//! `--once` runs cover the deterministic cases; a running daemon covers settling, edits,
//! bursts and stopping.

mod common;

use std::fs;

use common::Workdir;

const KUNDER: &str = "kundnummer,epost,förnamn,efternamn\n\
                      17,stina@epost.com,Stina,Olsson\n\
                      ,nils@epost.com,Nils,Karlsson\n";

/// A workdir with an inbox `in/`; the register is `kundreg.redb` beside it.
fn inbox() -> Workdir {
    let w = Workdir::new();
    fs::create_dir(w.path("in")).unwrap();
    w
}

/// One `watch --once` pass with no settle time; returns its log.
fn once(w: &Workdir, extra: &[&str]) -> String {
    let mut args = vec!["watch", "in", "--once", "--settle", "0"];
    args.extend_from_slice(extra);
    w.expect(0, &args).stderr
}

/// The names in a folder of the workdir, sorted (`done` included as a name), but for the
/// shared folder's `.kundreg`.
fn names(w: &Workdir, folder: &str) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(w.path(folder))
        .map(|d| {
            d.map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .filter(|name| name != ".kundreg")
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

/// The one dated folder under `in/done`.
fn done_day(w: &Workdir) -> String {
    let days = names(w, "in/done");
    assert_eq!(days.len(), 1, "{days:?}");
    format!("in/done/{}", days[0])
}

fn text(w: &Workdir, name: &str) -> String {
    String::from_utf8(w.read(name)).unwrap()
}

fn versions(w: &Workdir) -> usize {
    w.expect(0, &["history", "--json"])
        .json()
        .as_array()
        .map_or(0, Vec::len)
}

#[test]
fn preview_then_confirm_applies_and_moves_everything_to_done() {
    let w = inbox();
    w.write("in/kunder.csv", KUNDER);
    let log = once(&w, &[]);
    assert!(log.contains("kunder.csv: preview written (2 new"), "{log}");
    assert_eq!(
        names(&w, "in"),
        [
            "kunder.csv",
            "kunder.csv.preview.html",
            "kunder.csv.preview.txt"
        ]
    );
    let txt = text(&w, "in/kunder.csv.preview.txt");
    assert!(txt.contains("Import: create a file named kunder.csv.confirm (or kunder.confirm)"));
    assert_eq!(versions(&w), 0, "a preview never changes the register");
    let html = text(&w, "in/kunder.csv.preview.html");
    assert!(html.contains("<meta name=\"kundreg-fingerprint\""));

    w.write("in/kunder.confirm", "");
    let log = once(&w, &[]);
    assert!(
        log.contains("imported as version 1 (2 new, 0 changed)"),
        "{log}"
    );
    assert_eq!(names(&w, "in"), ["done"]);
    let day = done_day(&w);
    assert_eq!(
        names(&w, &day),
        [
            "v1_kunder.confirm",
            "v1_kunder.csv",
            "v1_kunder.csv.preview.html",
            "v1_kunder.csv.preview.txt",
            "v1_kunder.csv.receipt.txt"
        ]
    );
    let receipt = text(&w, &format!("{day}/v1_kunder.csv.receipt.txt"));
    assert!(receipt.contains("2 new, 0 changed, 0 unchanged, 0 rows not applied"));
    assert!(receipt.contains("rollback 1"), "{receipt}");
    assert_eq!(w.customer("17")["last_name"], "Olsson");
    // The receipt's undo command works as written.
    let undo = receipt.lines().find(|l| l.contains("rollback 1")).unwrap();
    let args: Vec<&str> = undo.split_whitespace().skip(1).collect();
    w.expect(0, &[args.as_slice(), &["--yes"]].concat());
    assert_eq!(w.expect(1, &["get", "17"]).code, 1);
}

#[test]
fn the_receipt_and_previews_speak_swedish_by_default() {
    let w = inbox();
    w.write("in/kunder.csv", KUNDER);
    w.command(&["watch", "in", "--once", "--settle", "0"])
        .env_remove("KUNDREG_LANG")
        .output()
        .unwrap();
    assert!(text(&w, "in/kunder.csv.preview.txt").contains("Importera: skapa en fil"));
    w.write("in/kunder.csv.confirm", "ja");
    let out = w
        .command(&["watch", "in", "--once", "--settle", "0"])
        .env_remove("KUNDREG_LANG")
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stderr).contains("importerad som version 1"));
    let day = done_day(&w);
    let receipt = text(&w, &format!("{day}/v1_kunder.csv.receipt.txt"));
    assert!(receipt.contains("Ångra importen"), "{receipt}");
}

#[test]
fn a_confirm_made_before_the_preview_is_not_taken() {
    let w = inbox();
    w.write("in/kunder.csv", KUNDER);
    w.write("in/kunder.csv.confirm", "");
    let log = once(&w, &[]);
    assert!(log.contains("not taken"), "{log}");
    assert!(!w.path("in/kunder.csv.confirm").exists());
    let txt = text(&w, "in/kunder.csv.preview.txt");
    assert!(
        txt.starts_with("!! kunder.csv.confirm was not taken and has been removed: it was made before this preview"),
        "{txt}"
    );
    assert_eq!(versions(&w), 0);
}

#[test]
fn a_stale_confirm_writes_a_new_preview_and_applies_nothing() {
    let w = inbox();
    w.import("first.csv", "kundnummer,efternamn\n17,Berg\n");
    w.write("in/kunder.csv", KUNDER);
    once(&w, &[]);
    // The register changes after the preview was read.
    w.import("second.csv", "kundnummer,efternamn\n17,Lind\n");
    w.write("in/kunder.confirm", "");
    let log = once(&w, &[]);
    assert!(log.contains("not taken"), "{log}");
    assert_eq!(versions(&w), 2);
    assert_eq!(w.customer("17")["last_name"], "Lind");
    assert!(!w.path("in/kunder.confirm").exists());
    let txt = text(&w, "in/kunder.csv.preview.txt");
    assert!(txt.contains("the file or the register changed since the preview"));
    assert!(
        txt.contains("Lind → Olsson"),
        "the new preview shows the new plan:\n{txt}"
    );
    // Confirming the new preview works.
    w.write("in/kunder.confirm", "");
    once(&w, &[]);
    assert_eq!(w.customer("17")["last_name"], "Olsson");
}

#[test]
fn an_input_edited_while_stopped_is_previewed_again_before_a_confirm_counts() {
    let w = inbox();
    w.write("in/kunder.csv", KUNDER);
    once(&w, &[]);
    w.write("in/kunder.csv", KUNDER.replace("Olsson", "Ohlsson"));
    w.write("in/kunder.csv.confirm", "");
    once(&w, &[]);
    assert_eq!(versions(&w), 0);
    assert!(text(&w, "in/kunder.csv.preview.txt").contains("Ohlsson"));
}

#[test]
fn cancel_moves_the_input_away_and_deleting_it_removes_its_previews() {
    let w = inbox();
    w.write("in/kunder.csv", KUNDER);
    w.write("in/andra.csv", KUNDER);
    once(&w, &[]);
    w.write("in/kunder.cancel", "");
    fs::remove_file(w.path("in/andra.csv")).unwrap();
    // Someone else's file that merely looks like a preview is left alone.
    w.write("in/gammal.csv.preview.txt", "my own notes");
    let log = once(&w, &[]);
    assert!(
        log.contains("kunder.csv: cancelled by kunder.cancel"),
        "{log}"
    );
    assert_eq!(names(&w, "in"), ["done", "gammal.csv.preview.txt"]);
    let day = done_day(&w);
    assert_eq!(
        names(&w, &day),
        [
            "cancelled_kunder.cancel",
            "cancelled_kunder.csv",
            "cancelled_kunder.csv.preview.html",
            "cancelled_kunder.csv.preview.txt"
        ]
    );
    assert_eq!(versions(&w), 0);
    // A second cancel of a file with the same name never overwrites the first.
    w.write("in/kunder.csv", KUNDER);
    w.write("in/kunder.csv.cancel", "");
    once(&w, &[]);
    assert!(names(&w, &day).contains(&"cancelled-2_kunder.csv".to_string()));
}

#[test]
fn a_file_with_errors_stays_and_a_confirm_only_says_so() {
    let w = inbox();
    w.write("in/fel.csv", "förnamn,efternamn\nNils,Ek\n");
    let log = once(&w, &[]);
    assert!(log.contains("fel.csv: cannot be imported"), "{log}");
    w.write("in/fel.csv.confirm", "");
    let log = once(&w, &[]);
    assert!(log.contains("not taken"), "{log}");
    assert!(w.path("in/fel.csv").exists());
    assert!(!w.path("in/fel.csv.confirm").exists());
    let txt = text(&w, "in/fel.csv.preview.txt");
    assert!(txt.contains("this file cannot be imported"), "{txt}");
    assert!(
        txt.contains("neither a customer number nor an email"),
        "{txt}"
    );
    assert_eq!(versions(&w), 0);
}

#[test]
fn files_too_large_and_spreadsheets_get_a_preview_saying_so() {
    let w = inbox();
    w.write("in/stor.csv", KUNDER);
    w.write("in/kunder.numbers", "PK\u{3}\u{4}not read");
    once(&w, &["--max-size", "0"]);
    assert!(text(&w, "in/stor.csv.preview.txt").contains("more than the 0 MB"));
    assert!(text(&w, "in/kunder.numbers.preview.txt").contains("Export To"));
    w.write("in/stor.confirm", "");
    once(&w, &["--max-size", "0"]);
    assert_eq!(versions(&w), 0);
    assert!(!w.path("in/stor.confirm").exists());
}

#[cfg(unix)]
#[test]
fn links_special_files_temp_and_lock_names_are_never_read() {
    use std::os::unix::fs::symlink;
    let w = inbox();
    let outside = w.write("hemlig.csv", KUNDER);
    symlink(&outside, w.path("in/länk.csv")).unwrap();
    symlink(w.path("in/loop-b.csv"), w.path("in/loop-a.csv")).unwrap();
    symlink(w.path("in/loop-a.csv"), w.path("in/loop-b.csv")).unwrap();
    fs::hard_link(&outside, w.path("in/hård.csv")).unwrap();
    fs::create_dir(w.path("in/mapp.csv")).unwrap();
    let fifo = std::process::Command::new("mkfifo")
        .arg(w.path("in/rör.csv"))
        .status()
        .unwrap();
    assert!(fifo.success());
    for name in [
        "~$kunder.csv",
        ".~lock.öppen.csv#",
        "kunder.csv.tmp",
        "kunder.csv.part",
        ".syncthing.kunder.csv.tmp",
        "Thumbs.db",
        "desktop.ini",
    ] {
        w.write(&format!("in/{name}"), KUNDER);
    }
    // Open in LibreOffice: not read while its lock file is there.
    w.write("in/öppen.csv", KUNDER);
    let log = once(&w, &[]);
    for (name, why) in [
        ("länk.csv", "symbolic link"),
        ("loop-a.csv", "symbolic link"),
        ("hård.csv", "hard link"),
        ("mapp.csv", "not a regular file"),
        ("rör.csv", "not a regular file"),
        ("öppen.csv", "open in another program"),
    ] {
        assert!(
            log.lines().any(|l| l.contains(name) && l.contains(why)),
            "{name}: {why}\n{log}"
        );
    }
    let previews: Vec<String> = names(&w, "in")
        .into_iter()
        .filter(|n| n.contains(".preview."))
        .collect();
    assert!(previews.is_empty(), "{previews:?}");
    // Closed again: read.
    fs::remove_file(w.path("in/.~lock.öppen.csv#")).unwrap();
    once(&w, &[]);
    assert!(w.path("in/öppen.csv.preview.txt").exists());
}

#[test]
fn conflict_copies_are_previewed_with_a_warning_and_never_confirm() {
    let w = inbox();
    w.write("in/kunder.csv", KUNDER);
    w.write("in/kunder (Kassans konfliktkopia 2026-11-24).csv", KUNDER);
    once(&w, &[]);
    let txt = text(
        &w,
        "in/kunder (Kassans konfliktkopia 2026-11-24).csv.preview.txt",
    );
    assert!(
        txt.starts_with("!! This file is a sync client's conflict copy"),
        "{txt}"
    );
    w.write(
        "in/kunder.csv.sync-conflict-20261124-101010-ABCDEFG.confirm",
        "",
    );
    let log = once(&w, &[]);
    assert!(
        log.contains("conflict copy; it confirms and cancels nothing"),
        "{log}"
    );
    assert_eq!(versions(&w), 0);
}

#[test]
fn a_file_imported_before_is_refused_when_dropped_again() {
    let w = inbox();
    w.import("kunder.csv", KUNDER);
    fs::copy(w.path("kunder.csv"), w.path("in/kunder.csv")).unwrap();
    once(&w, &[]);
    assert!(text(&w, "in/kunder.csv.preview.txt").contains("already imported as version 1"));
    w.write("in/kunder.confirm", "");
    let log = once(&w, &[]);
    assert!(log.contains("already imported as version 1"), "{log}");
    assert!(w.path("in/kunder.csv").exists());
    assert_eq!(versions(&w), 1);
}

#[test]
fn a_stop_between_apply_and_move_is_finished_at_the_next_start_without_applying_twice() {
    // The state a stop right after the commit leaves: the version is in the register, the
    // input, its previews and the confirm are still in the inbox.
    let w = inbox();
    w.write("in/kunder.csv", KUNDER);
    once(&w, &[]);
    fs::copy(w.path("in/kunder.csv"), w.path("kunder.csv")).unwrap();
    w.expect(0, &["import", "kunder.csv", "--yes"]);
    w.write("in/kunder.confirm", "");
    let log = once(&w, &[]);
    assert!(
        log.contains("already imported as version 1; its files are moved now"),
        "{log}"
    );
    assert_eq!(versions(&w), 1);
    assert_eq!(names(&w, "in"), ["done"]);
    let day = done_day(&w);
    let receipt = text(&w, &format!("{day}/v1_kunder.csv.receipt.txt"));
    assert!(receipt.contains("The import was applied once"), "{receipt}");

    // A stop later in the move: the receipt is written, the confirm moved, the input not.
    fs::rename(
        w.path(&format!("{day}/v1_kunder.csv")),
        w.path("in/kunder.csv"),
    )
    .unwrap();
    let log = once(&w, &[]);
    assert!(log.contains("its files are moved now"), "{log}");
    assert_eq!(names(&w, "in"), ["done"]);
    assert_eq!(versions(&w), 1);
}

#[test]
fn a_register_inside_the_inbox_is_refused() {
    let w = inbox();
    let run = w.expect(2, &["--db", "in/kundreg.redb", "watch", "in", "--once"]);
    assert!(
        run.stderr.contains("inside the watched folder"),
        "{}",
        run.stderr
    );
    let run = w.expect(1, &["watch", "finns-inte", "--once"]);
    assert!(run.stderr.contains("does not exist"), "{}", run.stderr);
}

/// A running daemon (stopped with signals, so on Unix only).
#[cfg(unix)]
mod running {
    use std::fs;
    use std::path::Path;
    use std::time::{Duration, Instant};

    use super::common::daemon::{Daemon, wait_until};
    use super::common::{self, Workdir, assert_no_panic};
    use super::*;

    /// Starts `watch` on `in/` with `settle` milliseconds of settle time.
    fn start(w: &Workdir, settle: &str) -> Daemon {
        let args = ["watch", "in", "--settle", settle, "--rescan", "500"];
        let daemon = Daemon::start(w, &args, "watch.log");
        daemon.wait_for_log("Watching");
        daemon
    }

    fn exists(path: &Path) -> bool {
        path.exists()
    }

    #[test]
    fn a_running_daemon_follows_slow_writes_excel_saves_edits_and_confirms() {
        use std::io::Write;
        let w = inbox();
        // Settling takes four times the pause between pieces, so a busy machine does not make a
        // pause look like the end (the settle rule itself is unit-tested in `watch::decide`).
        let daemon = start(&w, "600");
        // Written slowly, in pieces: read only once complete.
        let mut file = fs::File::create(w.path("in/kunder.csv")).unwrap();
        for line in KUNDER.lines() {
            writeln!(file, "{line}").unwrap();
            file.flush().unwrap();
            std::thread::sleep(Duration::from_millis(150));
        }
        drop(file);
        wait_until("preview", || exists(&w.path("in/kunder.csv.preview.txt")));
        assert!(text(&w, "in/kunder.csv.preview.txt").contains("Rows read: 2"));
        assert_eq!(
            daemon.log().matches("kunder.csv: preview written").count(),
            1
        );

        // Saved again the way Excel saves: a temp file, the old one deleted, the temp renamed.
        w.write("in/~$kunder.csv", "owner");
        w.write("in/A1B2C3D4.tmp", KUNDER.replace("Olsson", "Ohlsson"));
        fs::remove_file(w.path("in/kunder.csv")).unwrap();
        fs::rename(w.path("in/A1B2C3D4.tmp"), w.path("in/kunder.csv")).unwrap();
        std::thread::sleep(Duration::from_millis(1500));
        assert!(
            !text(&w, "in/kunder.csv.preview.txt").contains("Ohlsson"),
            "read while Excel still has it open"
        );
        fs::remove_file(w.path("in/~$kunder.csv")).unwrap();
        wait_until("new preview", || {
            text(&w, "in/kunder.csv.preview.txt").contains("Ohlsson")
        });
        let txt = text(&w, "in/kunder.csv.preview.txt");
        assert!(txt.contains("Changed since the last preview"), "{txt}");
        assert!(txt.contains("line 2: last name Olsson → Ohlsson"), "{txt}");

        w.write("in/kunder.csv.confirm", "");
        wait_until("moved to done", || {
            exists(&w.path("in/done")) && !exists(&w.path("in/kunder.csv"))
        });
        daemon.wait_for_log("imported as version 1");
        assert_eq!(w.customer("17")["last_name"], "Ohlsson");
        // Every command works while the daemon runs.
        w.expect(0, &["status"]);
        let (code, log) = daemon.terminate();
        assert_eq!(code, 0, "{log}");
        assert!(log.trim_end().ends_with("Stopped."), "{log}");
    }

    #[test]
    fn a_burst_of_files_all_get_previews_and_work_waiting_at_start_is_done() {
        let w = inbox();
        let count = 2000;
        for i in 0..count {
            w.write(
                &format!("in/k{i:04}.csv"),
                format!("epost,förnamn\nk{i}@epost.com,Namn{i}\n"),
            );
        }
        let daemon = start(&w, "100");
        wait_until("2000 previews", || {
            names(&w, "in")
                .iter()
                .filter(|n| n.ends_with(".preview.html"))
                .count()
                == count
        });
        // And a burst dropped while it runs.
        for i in 0..200 {
            w.write(
                &format!("in/ny{i:03}.txt"),
                format!("epost\nny{i}@epost.com\n"),
            );
        }
        wait_until("200 more previews", || {
            names(&w, "in")
                .iter()
                .filter(|n| n.ends_with(".preview.txt"))
                .count()
                == count + 200
        });
        let (code, log) = daemon.terminate();
        assert_eq!(code, 0);
        assert_eq!(log.matches("preview written").count(), count + 200);
    }

    #[test]
    fn sigterm_during_an_import_finishes_it_and_exits_cleanly() {
        let w = inbox();
        let mut big = String::from("kundnummer,epost,förnamn,efternamn,stad\n");
        for i in 0..60_000 {
            big.push_str(&format!(
                "{i},k{i}@epost.com,Förnamn{i},Efternamn{i},Stad{}\n",
                i % 97
            ));
        }
        w.write("in/stor.csv", &big);
        let daemon = start(&w, "100");
        wait_until("preview", || exists(&w.path("in/stor.csv.preview.html")));
        daemon.wait_for_log("preview written");
        w.write("in/stor.confirm", "");
        daemon.wait_for_log("confirmed, importing");
        let (code, log) = daemon.terminate();
        assert_eq!(code, 0, "{log}");
        assert!(log.contains("imported as version 1"), "{log}");
        assert_eq!(versions(&w), 1);
        assert!(!exists(&w.path("in/stor.csv")));
        assert_eq!(
            w.expect(0, &["status", "--json"]).json()["customers"],
            60_000
        );
        assert_no_panic(&common::Run {
            code,
            stdout: String::new(),
            stderr: log,
        });
    }

    /// A daemon killed (SIGKILL) at spread-out moments while it applies a confirmed file: after
    /// the next start the file is imported exactly once and everything is in `done/`.
    #[test]
    fn a_kill_while_applying_never_imports_twice_and_the_next_start_finishes() {
        let mut file = String::from("kundnummer,epost,förnamn,efternamn\n");
        for i in 0..20_000 {
            file.push_str(&format!("{i},k{i}@epost.com,Förnamn{i},Efternamn{i}\n"));
        }
        // How long an uninterrupted confirm takes, to spread the kills over it.
        let timed = |kill_after: Option<Duration>| {
            let w = inbox();
            w.write("in/stor.csv", &file);
            once(&w, &[]);
            let daemon = start(&w, "0");
            let start = Instant::now();
            w.write("in/stor.confirm", "");
            match kill_after {
                Some(after) => {
                    std::thread::sleep(after);
                    daemon.kill();
                }
                None => wait_until("moved", || !exists(&w.path("in/stor.csv"))),
            }
            (w, start.elapsed())
        };
        let (_, full) = timed(None);
        for trial in 0..6u32 {
            let (w, _) = timed(Some(full * trial / 5));
            let before = (versions(&w), w.path("in/stor.csv").exists());
            let log = once(&w, &[]);
            eprintln!(
                "kill at {:?}: versions, input in inbox: {before:?}",
                full * trial / 5
            );
            assert_eq!(versions(&w), 1, "trial {trial}:\n{log}");
            assert_eq!(names(&w, "in"), ["done"], "trial {trial}:\n{log}");
            let day = done_day(&w);
            let moved = names(&w, &day);
            for name in ["v1_stor.csv", "v1_stor.csv.receipt.txt", "v1_stor.confirm"] {
                assert!(
                    moved.contains(&name.to_string()),
                    "trial {trial}: {moved:?}"
                );
            }
        }
    }
}

//! What the daemon costs while it waits: with OS events (Linux's inotify), a daemon with
//! nothing to do sleeps, alone and as primary + replica on one folder, with a preview waiting
//! for its confirm, and a file dropped after the idle stretch is still previewed. Bounds on
//! resources, generous on purpose, not a speed test: at most 2 % of one core, and at most 5
//! wake-ups a second (all threads). A daemon that woke for its own reads of the folder used a
//! whole core; one that wakes for them but gathers each burst for a moment uses little CPU on
//! a fast computer, yet wakes over 100 times a second: on a share each wake-up is network traffic.

#![cfg(target_os = "linux")]

mod common;

use std::fs;
use std::process::Command;
use std::time::Duration;

use common::Workdir;
use common::computers::join_code;
use common::daemon::{Daemon, wait_until};
use common::screen::Screen;

/// How long the daemons are left alone.
const IDLE: Duration = Duration::from_secs(5);
/// At most this share of one core while idle.
const AT_MOST: f64 = 0.02;
/// At most this many wake-ups a second while idle (a rescan every 10 seconds and the status
/// file are far fewer).
const WAKES_AT_MOST: f64 = 5.0;

/// CPU time `pid` has used, all its threads, in seconds.
fn cpu_seconds(pid: u32) -> f64 {
    let stat = fs::read_to_string(format!("/proc/{pid}/stat")).unwrap();
    // The fields after the program's name (which may hold spaces) in parentheses: utime and
    // stime are the 14th and 15th of the line.
    let (_, rest) = stat.rsplit_once(')').unwrap();
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks: u64 = fields[11].parse::<u64>().unwrap() + fields[12].parse::<u64>().unwrap();
    ticks as f64 / ticks_per_second()
}

/// How many times the threads of `pid` went to sleep and were woken since they started.
fn wake_ups(pid: u32) -> f64 {
    let mut wakes = 0;
    for task in fs::read_dir(format!("/proc/{pid}/task")).unwrap() {
        let status = fs::read_to_string(task.unwrap().path().join("status")).unwrap_or_default();
        for line in status.lines() {
            if let Some(n) = line.strip_prefix("voluntary_ctxt_switches:") {
                wakes += n.trim().parse::<u64>().unwrap();
            }
        }
    }
    wakes as f64
}

fn ticks_per_second() -> f64 {
    let out = Command::new("getconf").arg("CLK_TCK").output().unwrap();
    String::from_utf8(out.stdout)
        .unwrap()
        .trim()
        .parse()
        .unwrap()
}

/// Leaves `daemons` alone for [`IDLE`] and checks each used at most [`AT_MOST`] of a core
/// and woke at most [`WAKES_AT_MOST`] times a second.
fn assert_idle(daemons: &[&Daemon]) {
    // What starting or the last file cost is over before the measure starts.
    std::thread::sleep(Duration::from_secs(1));
    let measure = |d: &&Daemon| (cpu_seconds(d.pid()), wake_ups(d.pid()));
    let before: Vec<_> = daemons.iter().map(measure).collect();
    std::thread::sleep(IDLE);
    for (daemon, (cpu, wakes)) in daemons.iter().zip(before) {
        let (cpu_after, wakes_after) = measure(daemon);
        let used = (cpu_after - cpu) / IDLE.as_secs_f64();
        let woke = (wakes_after - wakes) / IDLE.as_secs_f64();
        assert!(
            used <= AT_MOST && woke <= WAKES_AT_MOST,
            "a waiting daemon used {:.1} % of a core and woke {woke:.0} times a second:\n{}",
            used * 100.0,
            daemon.log()
        );
    }
}

/// `watch` on `in/` for the register `db`, as the computer `name`, rescanning as a shop's
/// does (every 10 seconds), serving its screen (on a port of its own).
fn watch(w: &Workdir, db: &str, name: &str, join: Option<&str>) -> Daemon {
    let mut args = vec![
        "--db",
        db,
        "watch",
        "in",
        "--name",
        name,
        "--settle",
        "200",
        "--ui",
        "127.0.0.1:0",
    ];
    if let Some(code) = join {
        args.extend(["--join", code]);
    }
    Daemon::start(w, &args, &format!("{name}.log"))
}

fn drop_and_wait_for_preview(w: &Workdir, name: &str) {
    w.write(
        &format!("in/{name}"),
        "epost;förnamn\nanna@exempel.se;Anna\n",
    );
    wait_until("preview", || {
        w.path(&format!("in/{name}.preview.html")).exists()
    });
}

#[test]
fn a_waiting_daemon_sleeps_and_still_sees_a_file_dropped_after() {
    let w = Workdir::new();
    fs::create_dir(w.path("in")).unwrap();
    let daemon = watch(&w, "office.redb", "Office", None);
    daemon.wait_for_log("Watching");
    // The screen, opened and looked at, waits as the folder does.
    let mut screen = Screen::of(&daemon);
    screen.open();
    assert_eq!(screen.get("/").status, 200);
    assert_idle(&[&daemon]);
    // With a preview waiting for its confirm, the same.
    drop_and_wait_for_preview(&w, "kunder.csv");
    assert_idle(&[&daemon]);
    drop_and_wait_for_preview(&w, "fler.csv");
}

#[test]
fn a_primary_and_a_replica_on_one_folder_both_sleep() {
    let w = Workdir::new();
    fs::create_dir(w.path("in")).unwrap();
    let office = watch(&w, "office.redb", "Office", None);
    office.wait_for_log("Watching");
    let code = join_code(&w, "office.redb");
    let till = watch(&w, "till.redb", "Till", Some(&code));
    till.wait_for_log("follows Office");
    till.wait_for_log("Watching");
    drop_and_wait_for_preview(&w, "kunder.csv");
    assert_idle(&[&office, &till]);
    drop_and_wait_for_preview(&w, "fler.csv");
}

//! A crash test: a large import and a large rollback, each killed (SIGKILL) at spread-out
//! moments. After every kill the register is exactly as before or as after, its history
//! matches, redb's integrity check passes, and the next command works.
//!
//! `KUNDREG_CRASH_TRIALS=N cargo test --release --test crash` runs N kills of each kind
//! instead of the 12 + 12 that run with the tests.

mod common;

use std::path::Path;
use std::time::{Duration, Instant};

use common::{Run, Workdir};

/// Customers in the register before the import; the import changes all of them and adds
/// half as many.
const CUSTOMERS: usize = 6_000;

fn base_file() -> String {
    let mut text = String::from("kundnummer;e-post;förnamn;efternamn;stad\n");
    for n in 1..=CUSTOMERS {
        text.push_str(&format!(
            "{n};kund{n}@exempel.se;Förnamn{n};Efternamn{n};Stad{}\n",
            n % 97
        ));
    }
    text
}

fn import_file() -> String {
    let mut text = String::from("kundnummer;e-post;efternamn;stad\n");
    for n in 1..=CUSTOMERS * 3 / 2 {
        text.push_str(&format!(
            "{n};kund{n}@exempel.se;Nytt{n};Ny stad {}\n",
            n % 89
        ));
    }
    text
}

/// What a register holds, as its users see it: the export, and the history without times.
#[derive(Debug, PartialEq, Eq)]
struct State {
    export: String,
    history: Vec<serde_json::Value>,
}

fn state(w: &Workdir, db: &str) -> State {
    let export = w.expect(0, &["--db", db, "export"]).stdout;
    let mut history = w.expect(0, &["--db", db, "history", "--json"]).json();
    let history = history
        .as_array_mut()
        .expect("history")
        .iter_mut()
        .map(|v| {
            v.as_object_mut().expect("entry").remove("at");
            v.take()
        })
        .collect();
    State { export, history }
}

fn integrity_holds(path: &Path) -> bool {
    let mut db = redb::Database::open(path).expect("redb opens the register");
    db.check_integrity().expect("integrity check runs")
}

/// Spread-out moments in `0..span`, from a fixed seed so a failure can be run again.
fn moments(count: usize, span: Duration) -> Vec<Duration> {
    let mut x: u64 = 0x2545_f491_4f6c_dd1d;
    (0..count)
        .map(|i| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            // Even spread with jitter: every part of the run gets its kills.
            let slot = (i as f64 + (x % 1000) as f64 / 1000.0) / count as f64;
            span.mul_f64(slot)
        })
        .collect()
}

/// Runs kundreg with `args` on a fresh copy of `from`, killing it after `after`. Returns
/// the copy's name.
fn killed_run(w: &Workdir, from: &str, trial: usize, args: &[&str], after: Duration) -> String {
    let db = format!("trial{trial}.redb");
    std::fs::copy(w.path(from), w.path(&db)).expect("copy register");
    let mut full = vec!["--db", db.as_str()];
    full.extend_from_slice(args);
    let mut child = w.command(&full).spawn().expect("start kundreg");
    std::thread::sleep(after);
    // An error here means it finished before the kill: an outcome like any other.
    let _ = child.kill();
    let _ = child.wait();
    db
}

fn timed(w: &Workdir, code: i32, args: &[&str]) -> (Run, Duration) {
    let started = Instant::now();
    let run = w.expect(code, args);
    (run, started.elapsed())
}

#[test]
fn a_killed_import_or_rollback_leaves_the_register_before_or_after() {
    let trials: usize = std::env::var("KUNDREG_CRASH_TRIALS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(12);
    let w = Workdir::new();
    w.write("bas.csv", base_file());
    w.write("import.csv", import_file());
    w.expect(0, &["--db", "before.redb", "import", "bas.csv", "--yes"]);
    std::fs::copy(w.path("before.redb"), w.path("after.redb")).unwrap();
    let (_, import_time) = timed(
        &w,
        0,
        &["--db", "after.redb", "import", "import.csv", "--yes"],
    );
    std::fs::copy(w.path("after.redb"), w.path("undone.redb")).unwrap();
    let (_, rollback_time) = timed(&w, 0, &["--db", "undone.redb", "rollback", "2", "--yes"]);
    let before = state(&w, "before.redb");
    let after = state(&w, "after.redb");
    let undone = state(&w, "undone.redb");
    assert_eq!(
        before.export, undone.export,
        "the rollback restores the register"
    );

    let import = Kills {
        args: &["import", "import.csv", "--yes"],
        from: "before.redb",
        before: &before,
        after: &after,
    };
    let rollback = Kills {
        args: &["rollback", "2", "--yes"],
        from: "after.redb",
        before: &after,
        after: &undone,
    };
    let (a, b) = import.run(&w, 0, trials, import_time);
    let (c, d) = rollback.run(&w, trials, trials, rollback_time);
    eprintln!(
        "import {import_time:?}, rollback {rollback_time:?}; kills leaving before/after: import {a}/{b}, rollback {c}/{d}"
    );
}

/// Kills of one command, run on copies of the register `from`, each of which must end as
/// `before` or `after`.
struct Kills<'a> {
    args: &'a [&'a str],
    from: &'a str,
    before: &'a State,
    after: &'a State,
}

impl Kills<'_> {
    /// Kills the command at `trials` moments spread over `time` (plus 10%). After a kill
    /// that left the register before, the command is run again and must end as after; after
    /// one that left it after, running it again is refused (exit 3). Returns how many kills
    /// left the register before and after.
    fn run(&self, w: &Workdir, first: usize, trials: usize, time: Duration) -> (usize, usize) {
        let mut outcomes = (0, 0);
        for (i, moment) in moments(trials, time.mul_f64(1.1)).into_iter().enumerate() {
            let trial = first + i;
            let db = killed_run(w, self.from, trial, self.args, moment);
            let at = format!("trial {trial}: a kill at {moment:?}");
            assert!(
                integrity_holds(&w.path(&db)),
                "{at}: integrity check failed"
            );
            let now = state(w, &db);
            let again = [&["--db", db.as_str()][..], self.args].concat();
            if now == *self.before {
                outcomes.0 += 1;
                w.expect(0, &again);
                assert!(state(w, &db) == *self.after, "{at}: the command run again");
            } else {
                assert!(now == *self.after, "{at}: left a third state");
                outcomes.1 += 1;
                w.expect(3, &again);
            }
        }
        outcomes
    }
}

#[test]
fn a_kill_while_the_register_is_created_never_leaves_a_half_made_one() {
    let w = Workdir::new();
    w.write("bas.csv", base_file());
    let (_, time) = timed(&w, 0, &["--db", "whole.redb", "import", "bas.csv", "--yes"]);
    let whole = state(&w, "whole.redb");
    // The register is created a few milliseconds into a first import: many kills, so that
    // some land while it is.
    for (trial, moment) in moments(40, time).into_iter().enumerate() {
        let db = format!("new{trial}.redb");
        let import = ["--db", db.as_str(), "import", "bas.csv", "--yes"];
        let mut child = w.command(&import).spawn().expect("start kundreg");
        std::thread::sleep(moment);
        let _ = child.kill();
        let _ = child.wait();
        let at = format!("trial {trial}: a kill at {moment:?}");
        if w.path(&db).exists() {
            assert!(
                integrity_holds(&w.path(&db)),
                "{at}: integrity check failed"
            );
            let now = state(&w, &db);
            if now == whole {
                w.expect(3, &import);
                continue;
            }
            assert!(now.history.is_empty(), "{at}: left a third state");
        }
        w.expect(0, &import);
        assert!(state(&w, &db) == whole, "{at}: the import run again");
    }
}

//! kundreg's several-computers benchmark (not a test): how long a replica takes to hold what
//! the primary committed, over one local folder and over real Syncthing on 127.0.0.1; how long
//! a computer takes to join a register of N customers, beside the primary's own load of it;
//! how many bytes the log carries per changed customer; and how long a promotion takes at N.
//!
//!   cargo bench --bench shared_folder [-- N]        N = 1000000 by default
//!
//! Data comes from `benches/gen_customers.py` (as `benches/run.sh` uses it), in
//! `target/bench/`. Needs python3; the Syncthing part needs `syncthing` and is skipped
//! without it.

#[path = "../tests/common/syncthing.rs"]
mod syncthing;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const KUNDREG: &str = env!("CARGO_BIN_EXE_kundreg");

fn kundreg(dir: &Path, args: &[&str]) -> String {
    let out = Command::new(KUNDREG)
        .current_dir(dir)
        .args(args)
        .env("KUNDREG_LANG", "en")
        .stdin(Stdio::null())
        .output()
        .expect("kundreg runs");
    assert!(
        out.status.success(),
        "kundreg {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Seconds one run of `kundreg ARGS` takes.
fn timed(dir: &Path, args: &[&str]) -> f64 {
    let start = Instant::now();
    kundreg(dir, args);
    start.elapsed().as_secs_f64()
}

fn version(dir: &Path, db: &str) -> u64 {
    let status = kundreg(dir, &["--db", db, "status", "--json"]);
    let at = status.find("\"version\":").map_or(0, |i| i + 10);
    status[at..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect::<String>()
        .parse()
        .unwrap_or(0)
}

/// Waits (at most ten minutes) until the register `db` holds `at_least`; the seconds it took.
fn wait_for(dir: &Path, db: &str, at_least: u64, start: Instant) -> f64 {
    while version(dir, db) < at_least {
        assert!(
            start.elapsed() < Duration::from_secs(600),
            "{db} never reached {at_least}"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    start.elapsed().as_secs_f64()
}

fn generate(kind: &str, n: usize, out: &Path) {
    if out.exists() {
        return;
    }
    let ok = Command::new("python3")
        .args(["benches/gen_customers.py", kind, &n.to_string()])
        .arg(out)
        .status()
        .is_ok_and(|s| s.success());
    assert!(ok, "benches/gen_customers.py {kind} {n}");
}

/// The shop's join code, as `status` shows it for `db` (waited for while its daemon starts).
fn join_code(dir: &Path, db: &str) -> String {
    let start = Instant::now();
    loop {
        let status = kundreg(dir, &["--db", db, "status", "--json"]);
        let status: serde_json::Value = serde_json::from_str(&status).expect("status as JSON");
        if let Some(code) = status["join_code"].as_str() {
            return code.to_string();
        }
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "no join code on {db}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// `watch` on `inbox`, starting the folder or joining the shop with its `join` code.
fn watch(dir: &Path, db: &str, inbox: &Path, name: &str, join: Option<&str>) -> Child {
    let inbox = inbox.to_string_lossy().into_owned();
    let mut args = vec![
        "--db", db, "watch", &inbox, "--name", name, "--settle", "100", "--rescan", "1000",
    ];
    if let Some(code) = join {
        args.extend(["--join", code]);
    }
    Command::new(KUNDREG)
        .current_dir(dir)
        .args(&args)
        .env("KUNDREG_LANG", "en")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("kundreg watch")
}

/// A file of `rows` changes to the register of `register-rows` customers: every customer's
/// city changed.
fn changes(work: &Path, rows: usize, round: usize) -> PathBuf {
    let path = work.join(format!("lag-{rows}-{round}.csv"));
    let mut text = String::from("kundnummer,stad\n");
    for i in 0..rows {
        text += &format!("{},Ort {round}-{}\n", 100000 + i, i % 89);
    }
    fs::write(&path, text).unwrap();
    path
}

/// Replica lag: `confirm` (in the primary's copy) → primary committed, and → replica holds
/// it, for each size.
fn lag(dir: &Path, work: &Path, primary_in: &Path, label: &str) {
    for (round, rows) in [100, 100_000].into_iter().enumerate() {
        let before = version(dir, "p.redb");
        let file = changes(work, rows, round);
        let name = format!("lag{round}.csv");
        fs::copy(&file, primary_in.join(&name)).unwrap();
        let preview = primary_in.join(format!("{name}.preview.html"));
        while !preview.exists() {
            std::thread::sleep(Duration::from_millis(10));
        }
        let start = Instant::now();
        fs::write(primary_in.join(format!("lag{round}.confirm")), "").unwrap();
        let primary = wait_for(dir, "p.redb", before + 1, start);
        let replica = wait_for(dir, "r.redb", before + 1, start);
        println!(
            "lag {label:<13} {rows:>7} rows: primary committed {primary:>6.2} s after the confirm, replica {replica:>6.2} s (lag {:.2} s)",
            replica - primary
        );
    }
}

fn main() {
    let n: usize = std::env::args()
        .skip(1)
        .find(|a| !a.starts_with('-'))
        .and_then(|a| a.parse().ok())
        .unwrap_or(1_000_000);
    let work = PathBuf::from("target/bench");
    fs::create_dir_all(&work).unwrap();
    let (register, import) = (
        work.join(format!("register-{n}.csv")),
        work.join(format!("import-{n}.csv")),
    );
    generate("register", n, &register);
    generate("import", n, &import);
    let dir = tempfile::tempdir_in(&work).unwrap();
    let dir = dir.path();
    let abs = |p: &Path| fs::canonicalize(p).unwrap().to_string_lossy().into_owned();
    println!("kundreg several-computers benchmark, {n} customers");

    // Joining at N: the primary's own load of the register, then a computer joining it.
    let inbox = dir.join("in");
    fs::create_dir(&inbox).unwrap();
    let load = timed(dir, &["--db", "p.redb", "import", &abs(&register), "--yes"]);
    let start = timed(
        dir,
        &[
            "--db", "p.redb", "watch", "in", "--once", "--name", "Office",
        ],
    );
    let code = join_code(dir, "p.redb");
    let join = timed(
        dir,
        &[
            "--db", "r.redb", "watch", "in", "--once", "--join", &code, "--name", "Till",
        ],
    );
    let snapshot: u64 = fs::read_dir(inbox.join(".kundreg/snapshots"))
        .unwrap()
        .flatten()
        .map(|e| e.metadata().unwrap().len())
        .sum();
    println!("load on the primary     {load:>6.2} s");
    println!(
        "start the folder        {start:>6.2} s (snapshot {:.1} MB)",
        snapshot as f64 / 1e6
    );
    println!(
        "join (restore, check)   {join:>6.2} s  ratio {:.2} (goal ≤ 1.0 × the primary's load)",
        join / load
    );

    // Log bytes per changed customer: the import of N rows, published and replayed.
    kundreg(dir, &["--db", "p.redb", "import", &abs(&import), "--yes"]);
    let history = kundreg(dir, &["--db", "p.redb", "history", "--json"]);
    let count = |key: &str| -> u64 {
        let at = history
            .find(&format!("\"{key}\":"))
            .map_or(0, |i| i + key.len() + 3);
        history[at..]
            .chars()
            .take_while(char::is_ascii_digit)
            .collect::<String>()
            .parse()
            .unwrap_or(0)
    };
    let changed = count("new") + count("update");
    let publish = timed(
        dir,
        &[
            "--db", "p.redb", "watch", "in", "--once", "--name", "Office",
        ],
    );
    let log: u64 = fs::read_dir(inbox.join(".kundreg/log"))
        .unwrap()
        .flatten()
        .map(|e| e.metadata().unwrap().len())
        .sum();
    let replay = timed(
        dir,
        &[
            "--db", "r.redb", "watch", "in", "--once", "--join", &code, "--name", "Till",
        ],
    );
    println!(
        "log for {changed} changed customers: {:.1} MB, {:.0} bytes per changed customer; published in {publish:.2} s, replayed in {replay:.2} s",
        log as f64 / 1e6,
        log as f64 / changed.max(1) as f64
    );

    // Failover at N: the till promoted, then the office back, now a replica.
    let promote = timed(dir, &["--db", "r.redb", "promote", "--force"]);
    let back = timed(
        dir,
        &[
            "--db", "p.redb", "watch", "in", "--once", "--name", "Office",
        ],
    );
    println!("promote (catch up, snapshot, epoch) {promote:>6.2} s");
    println!("old primary back as a replica       {back:>6.2} s");

    // Lag over one local folder (an SMB share works the same way), from a register of 100,000.
    let small = work.join("register-100000.csv");
    generate("register", 100_000, &small);
    let local = dir.join("local");
    fs::create_dir_all(local.join("in")).unwrap();
    kundreg(&local, &["--db", "p.redb", "import", &abs(&small), "--yes"]);
    let mut primary = watch(&local, "p.redb", &local.join("in"), "Office", None);
    std::thread::sleep(Duration::from_secs(2));
    let code = join_code(&local, "p.redb");
    let mut replica = watch(&local, "r.redb", &local.join("in"), "Till", Some(&code));
    wait_for(&local, "r.redb", 1, Instant::now());
    lag(&local, &work, &local.join("in"), "local folder");
    for child in [&mut primary, &mut replica] {
        let _ = child.kill();
        let _ = child.wait();
    }

    // Lag over Syncthing between two computers on 127.0.0.1.
    if !syncthing::available() {
        println!("lag over Syncthing: skipped (syncthing is not installed)");
        return;
    }
    let synced = dir.join("synced");
    fs::create_dir_all(&synced).unwrap();
    let mesh = syncthing::Mesh::new(&synced, 2);
    kundreg(
        &synced,
        &["--db", "p.redb", "import", &abs(&small), "--yes"],
    );
    let mut primary = watch(&synced, "p.redb", &mesh.folders[0], "Office", None);
    std::thread::sleep(Duration::from_secs(2));
    let code = join_code(&synced, "p.redb");
    let mut replica = watch(&synced, "r.redb", &mesh.folders[1], "Till", Some(&code));
    wait_for(&synced, "r.redb", 1, Instant::now());
    lag(&synced, &work, &mesh.folders[0], "Syncthing");
    for child in [&mut primary, &mut replica] {
        let _ = child.kill();
        let _ = child.wait();
    }
}

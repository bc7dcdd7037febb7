//! A shop's week, shortened (not a test): three computers over real Syncthing on 127.0.0.1,
//! each with its own register and `kundreg watch` on its own copy of the shared folder, run as
//! a shop runs them (default settle and rescan), through a scripted shop day repeated for a
//! given time. A day: a list dropped on one computer and confirmed on another; one with rows
//! that cannot be imported (its error file deleted afterwards); one edited before its confirm;
//! one cancelled; a rollback and a forget asked on a replica; a replica's Syncthing stopped
//! while a list is imported and started again; then the shop idle. Once in the run the
//! primary's computer is switched off, a replica is promoted and the old primary comes back.
//!
//!   cargo bench --bench soak [-- MINUTES [IDLE_SECONDS]]    10 minutes, 60 s idle a day
//!
//! `KUNDREG_BIN=path/to/kundreg` runs another build (an older commit, say) through the same day.
//!
//! It prints, per computer, CPU while idle and in total, peak memory and its growth, open
//! files, log lines while idle and the sizes of `.kundreg/` and `done/`; then whether every
//! register is the same, every confirmed list was applied exactly once, and no request is
//! left. Needs `syncthing` (Linux: it reads `/proc`).

#[path = "../../tests/common/syncthing.rs"]
mod syncthing;

mod measure;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use measure::{Figures, Sampler, Watched};
use sha2::{Digest, Sha256};

/// How long one step of the day may take before the run is called failed.
const STEP: Duration = Duration::from_secs(300);
const NAMES: [&str; 3] = ["Kontoret", "Kassa 1", "Kassa 2"];

/// One computer of the shop.
struct Computer {
    db: PathBuf,
    copy: PathBuf,
    daemon: Option<Child>,
    watched: Arc<Watched>,
}

struct Shop {
    work: PathBuf,
    computers: Vec<Computer>,
    mesh: syncthing::Mesh,
    primary: usize,
    /// Every list confirmed, which must be applied exactly once.
    confirmed: Vec<String>,
    /// The customer numbers added so far, for the forgets.
    next_customer: u64,
}

/// The build to run: `KUNDREG_BIN`, or this one.
fn binary() -> PathBuf {
    std::env::var_os("KUNDREG_BIN").map_or(env!("CARGO_BIN_EXE_kundreg").into(), PathBuf::from)
}

fn kundreg(work: &Path, args: &[&str]) -> String {
    let out = Command::new(binary())
        .current_dir(work)
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

/// Waits (at most [`STEP`]) until `done`.
fn wait_until(what: &str, mut done: impl FnMut() -> bool) {
    let start = Instant::now();
    while !done() {
        assert!(start.elapsed() < STEP, "timed out: {what}");
        std::thread::sleep(Duration::from_millis(200));
    }
}

impl Shop {
    fn db(&self, i: usize) -> String {
        self.computers[i].db.to_string_lossy().into_owned()
    }

    fn status(&self, i: usize) -> serde_json::Value {
        let text = kundreg(&self.work, &["--db", &self.db(i), "status", "--json"]);
        serde_json::from_str(&text).expect("status is JSON")
    }

    fn version(&self, i: usize) -> u64 {
        self.status(i)["version"].as_u64().unwrap_or(0)
    }

    /// Starts computer `i`'s daemon (joining: with the primary's code, waiting for its
    /// register).
    fn start(&mut self, i: usize, join: bool) {
        let code = join.then(|| {
            let code = &self.status(self.primary)["join_code"];
            code.as_str().expect("the primary's join code").to_string()
        });
        let computer = &mut self.computers[i];
        let log = fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&computer.watched.log)
            .expect("log file");
        let mut command = Command::new(binary());
        command
            .current_dir(&self.work)
            .args(["--db", &computer.db.to_string_lossy(), "watch"])
            .arg(&computer.copy)
            .args(["--name", NAMES[i]])
            // Each computer serves its own screen, as a shop's do.
            .args(["--ui", "127.0.0.1:0"])
            .env("KUNDREG_LANG", "en")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(log);
        if let Some(code) = &code {
            command.args(["--join", code]);
        }
        let child = command.spawn().expect("kundreg watch");
        *computer.watched.pid.lock().unwrap() = Some(child.id());
        computer.daemon = Some(child);
    }

    /// Switches computer `i`'s daemon off (SIGKILL: as a computer switched off).
    fn kill(&mut self, i: usize) {
        let computer = &mut self.computers[i];
        *computer.watched.pid.lock().unwrap() = None;
        if let Some(mut child) = computer.daemon.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    fn log(&self, i: usize) -> String {
        fs::read_to_string(&self.computers[i].watched.log).unwrap_or_default()
    }

    fn wait_for_log(&self, i: usize, text: &str) {
        wait_until(&format!("{} log {text:?}", NAMES[i]), || {
            self.log(i).contains(text)
        });
    }

    /// Waits until every register holds `version`.
    fn converge(&self, version: u64) {
        for (i, name) in NAMES.iter().enumerate() {
            wait_until(&format!("{name} at version {version}"), || {
                self.version(i) >= version
            });
        }
    }

    fn replica(&self, day: usize) -> usize {
        let replicas: Vec<usize> = (0..3).filter(|&i| i != self.primary).collect();
        replicas[day % replicas.len()]
    }

    fn copy(&self, i: usize) -> &Path {
        &self.computers[i].copy
    }

    /// `n` new customers and a change to `n` older ones.
    fn list(&mut self, n: u64) -> String {
        let mut text = String::from("kundnummer;epost;förnamn;stad;telefon\n");
        for _ in 0..n {
            let k = self.next_customer;
            self.next_customer += 1;
            text += &format!(
                "{k};kund{k}@exempel.se;Kund{k};Stad {};070-{k:07}\n",
                k % 89
            );
        }
        for k in 1..=n {
            text += &format!(
                "{k};kund{k}@exempel.se;Kund{k};Ny stad {};\n",
                self.next_customer
            );
        }
        text
    }

    /// Drops `text` as `name` into computer `at`'s copy, waits for its preview to reach
    /// computer `by`'s copy, and confirms it there.
    fn drop_and_confirm(&mut self, name: &str, text: &str, at: usize, by: usize) {
        let before = self.version(self.primary);
        fs::write(self.copy(at).join(name), text).unwrap();
        self.confirm(name, by);
        self.converge(before + 1);
    }

    /// Waits for `name`'s preview in computer `by`'s copy (one that `holds` the text), then
    /// confirms it there.
    fn confirm_when(&mut self, name: &str, by: usize, holds: &str) {
        let preview = self.copy(by).join(format!("{name}.preview.txt"));
        wait_until(&format!("the preview of {name} on {}", NAMES[by]), || {
            fs::read_to_string(&preview).is_ok_and(|t| t.contains(holds))
        });
        let stem = name.trim_end_matches(".csv");
        fs::write(self.copy(by).join(format!("{stem}.confirm")), "").unwrap();
        self.confirmed.push(name.to_string());
    }

    fn confirm(&mut self, name: &str, by: usize) {
        self.confirm_when(name, by, "");
    }

    /// Waits until no file in any copy has a name starting with `prefix` (outside `done/`).
    fn gone(&self, prefix: &str) {
        for copy in self.computers.iter().map(|c| &c.copy) {
            wait_until(&format!("{prefix}… gone from {}", copy.display()), || {
                fs::read_dir(copy)
                    .unwrap()
                    .flatten()
                    .all(|e| !e.file_name().to_string_lossy().starts_with(prefix))
            });
        }
    }

    /// One day in the shop.
    fn day(&mut self, day: usize, promote: bool) {
        let (p, r) = (self.primary, self.replica(day));
        let other = 3 - p - r;
        // A list dropped on a till, confirmed in the office.
        let name = format!("dag{day}-nya.csv");
        let first_new = self.next_customer;
        let list = self.list(20);
        self.drop_and_confirm(&name, &list, r, p);

        // A list with rows that cannot be imported: they come back as an error file, which
        // someone deletes.
        let name = format!("dag{day}-fel.csv");
        let list = self.list(5) + "x;inte-en-adress;Fel;Stad;\n";
        self.drop_and_confirm(&name, &list, other, r);
        let errors = self.copy(other).join(format!("dag{day}-fel.errors.csv"));
        wait_until("the error file", || errors.exists());
        fs::remove_file(&errors).unwrap();
        self.gone(&format!("dag{day}-fel.errors"));

        // A list edited after its preview, then confirmed.
        let name = format!("dag{day}-andrad.csv");
        let list = self.list(5);
        fs::write(self.copy(p).join(&name), &list).unwrap();
        let preview = self.copy(p).join(format!("{name}.preview.txt"));
        wait_until("the first preview", || preview.exists());
        let edited = list.replace("Stad", "Annan stad");
        let before = self.version(p);
        fs::write(self.copy(p).join(&name), &edited).unwrap();
        self.confirm_when(&name, other, "Changed since the last preview");
        self.converge(before + 1);
        let edited_version = before + 1;

        // A list cancelled.
        let name = format!("dag{day}-avbruten.csv");
        let list = self.list(3);
        self.next_customer -= 3;
        fs::write(self.copy(r).join(&name), &list).unwrap();
        let preview = self.copy(other).join(format!("{name}.preview.txt"));
        wait_until("the preview to cancel", || preview.exists());
        fs::write(self.copy(other).join(format!("{name}.cancel")), "").unwrap();
        self.gone(&format!("dag{day}-avbruten"));

        // A rollback of the edited list and a forget asked on replicas.
        let before = self.version(p);
        let undo = edited_version.to_string();
        kundreg(
            &self.work,
            &["--db", &self.db(r), "rollback", &undo, "--yes"],
        );
        let forgotten = first_new.to_string();
        kundreg(
            &self.work,
            &["--db", &self.db(other), "forget", &forgotten, "--yes"],
        );
        self.converge(before + 2);

        // A till cut off while a list is imported, then back.
        self.mesh.stop(r);
        let name = format!("dag{day}-under-avbrott.csv");
        let list = self.list(10);
        self.drop_and_confirm_here(&name, &list, p, &[p, other]);
        std::thread::sleep(Duration::from_secs(5));
        self.mesh.start(r);
        self.converge(self.version(p));

        if promote {
            self.promote(day);
        }
    }

    /// Drops and confirms `name` on computer `at`, waiting only for the computers `on`.
    fn drop_and_confirm_here(&mut self, name: &str, text: &str, at: usize, on: &[usize]) {
        let before = self.version(self.primary);
        fs::write(self.copy(at).join(name), text).unwrap();
        self.confirm(name, at);
        for &i in on {
            wait_until("the import", || self.version(i) > before);
        }
    }

    /// The primary's computer is switched off; a replica is promoted and imports a list; the
    /// old primary comes back and follows it.
    fn promote(&mut self, day: usize) {
        let (old, new) = (self.primary, self.replica(day));
        self.kill(old);
        kundreg(&self.work, &["--db", &self.db(new), "promote", "--force"]);
        self.wait_for_log(new, "This computer is the primary now");
        self.primary = new;
        let name = format!("dag{day}-ny-primar.csv");
        let list = self.list(5);
        let third = 3 - old - new;
        self.drop_and_confirm_here(&name, &list, new, &[new, third]);
        self.start(old, false);
        self.wait_for_log(old, &format!("follows {}", NAMES[new]));
        self.converge(self.version(new));
    }

    /// What every copy must agree on: the export and the history, as one checksum.
    fn checksum(&self, i: usize) -> String {
        let db = self.db(i);
        let export = kundreg(&self.work, &["--db", &db, "export"]);
        let history = kundreg(&self.work, &["--db", &db, "history", "--json"]);
        let sum = Sha256::digest(format!("{export}\n{history}"));
        sum.iter().take(8).map(|b| format!("{b:02x}")).collect()
    }
}

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    let minutes: f64 = args.first().and_then(|a| a.parse().ok()).unwrap_or(10.0);
    let idle = Duration::from_secs(args.get(1).and_then(|a| a.parse().ok()).unwrap_or(60));
    if !syncthing::available() {
        eprintln!("the soak benchmark needs syncthing");
        std::process::exit(1);
    }
    let work = std::env::current_dir().unwrap().join("target/bench/soak");
    let _ = fs::remove_dir_all(&work);
    fs::create_dir_all(&work).unwrap();
    let mesh = syncthing::Mesh::new(&work, 3);
    let computers: Vec<Computer> = (0..3)
        .map(|i| {
            let copy = mesh.folders[i].clone();
            let log = work.join(format!("pc{i}.log"));
            Computer {
                db: work.join(format!("pc{i}.redb")),
                watched: Watched::new(NAMES[i], log, copy.clone()),
                copy,
                daemon: None,
            }
        })
        .collect();
    let watched = computers.iter().map(|c| c.watched.clone()).collect();
    let mut shop = Shop {
        work: work.clone(),
        computers,
        mesh,
        primary: 0,
        confirmed: Vec::new(),
        next_customer: 1,
    };
    let first = shop.list(2000);
    fs::write(work.join("start.csv"), first).unwrap();
    kundreg(
        &work,
        &["--db", &shop.db(0), "import", "start.csv", "--yes"],
    );
    let sampler = Sampler::start(watched);
    let started = Instant::now();
    shop.start(0, false);
    shop.wait_for_log(0, "Started the shared folder");
    for i in 1..3 {
        shop.start(i, true);
        shop.wait_for_log(i, "rebuilt from the primary's copy");
    }
    let run = Duration::from_secs_f64(minutes * 60.0);
    let mut days = 0;
    while started.elapsed() < run {
        shop.day(days, days == 1);
        days += 1;
        // Idle, once what the day did has reached every copy.
        std::thread::sleep(Duration::from_secs(15));
        sampler.idle.store(true, Ordering::SeqCst);
        std::thread::sleep(idle.min(run.saturating_sub(started.elapsed()).max(idle / 2)));
        sampler.idle.store(false, Ordering::SeqCst);
    }
    let elapsed = started.elapsed();
    sampler.finish();
    let figures: Vec<Figures> = shop
        .computers
        .iter()
        .map(|c| Figures::of(&c.watched))
        .collect();
    report(&shop, &figures, days, elapsed);
    for i in 0..3 {
        shop.kill(i);
    }
}

fn report(shop: &Shop, figures: &[Figures], days: usize, elapsed: Duration) {
    println!(
        "kundreg soak: 3 computers over Syncthing on 127.0.0.1, {:.1} minutes, {days} shop days",
        elapsed.as_secs_f64() / 60.0
    );
    println!(
        "{:<10}{:>10}{:>9}{:>9}{:>12}{:>13}{:>11}{:>19}{:>19}",
        "computer",
        "idle CPU",
        "all CPU",
        "peak MiB",
        "growth MiB",
        "open files",
        "idle log/h",
        ".kundreg/ KiB",
        "done/ KiB"
    );
    for f in figures {
        let per_hour = f.idle_log_lines as f64 * 3600.0 / f.idle_seconds.max(1.0);
        let three = |(a, b, c): (u64, u64, u64)| format!("{a}/{b}/{c}");
        println!(
            "{:<10}{:>9.2}%{:>8.2}%{:>9.1}{:>12.1}{:>13}{:>11.0}{:>19}{:>19}",
            f.name,
            f.idle_cpu,
            f.total_cpu,
            f.peak_mib,
            f.growth_mib,
            three((f.fds.0 as u64, f.fds.1 as u64, f.fds.2 as u64)),
            per_hour,
            three(f.kundreg_kib),
            three(f.done_kib),
        );
    }
    println!(
        "idle: {:.0} s of the run; growth: the first minute of each computer's last daemon \
         (started at {}) against the last; open files and sizes: start/largest/end",
        figures.iter().map(|f| f.idle_seconds).fold(0.0, f64::max),
        figures
            .iter()
            .map(|f| format!("{:.0} s", f.growth_since))
            .collect::<Vec<_>>()
            .join(", ")
    );
    println!(
        "goals: idle CPU ≤ 1 % of a core, growth ≤ 10 MiB, open files flat, no log line while idle"
    );
    let sums: Vec<String> = (0..3).map(|i| shop.checksum(i)).collect();
    println!(
        "registers: {} ({})",
        if sums.iter().all(|s| *s == sums[0]) {
            "all equal"
        } else {
            "DIFFER"
        },
        sums.join(", ")
    );
    let history = kundreg(
        &shop.work,
        &["--db", &shop.db(shop.primary), "history", "--json"],
    );
    let history: serde_json::Value = serde_json::from_str(&history).unwrap();
    let mut applied: BTreeMap<&str, usize> = BTreeMap::new();
    for entry in history.as_array().into_iter().flatten() {
        if let Some(file) = entry["file"].as_str() {
            *applied.entry(file).or_default() += 1;
        }
    }
    let once = shop
        .confirmed
        .iter()
        .filter(|name| applied.get(name.as_str()) == Some(&1))
        .count();
    println!(
        "confirmed lists applied exactly once: {once} of {}",
        shop.confirmed.len()
    );
    let mut left = 0;
    for computer in &shop.computers {
        for folder in ["requests", "answers"] {
            let dir = computer.copy.join(".kundreg").join(folder);
            left += fs::read_dir(dir).into_iter().flatten().flatten().count();
        }
    }
    println!("requests or answers left in any copy: {left}");
}

//! What the several-computers tests ask of each computer: its register through the binary,
//! its daemon on a copy of the shared folder, Syncthing (required on CI), and the files a copy
//! holds.

use std::fs;
use std::path::Path;

use super::Workdir;
use super::daemon::{Daemon, wait_until};
use super::syncthing::available;

/// `status --json` of the register `db`.
pub fn status(w: &Workdir, db: &str) -> serde_json::Value {
    w.expect(0, &["--db", db, "status", "--json"]).json()
}

/// What every copy of one register must agree on: the export and the history.
pub fn held(w: &Workdir, db: &str) -> (String, serde_json::Value) {
    let export = w.expect(0, &["--db", db, "export"]).stdout;
    let history = w.expect(0, &["--db", db, "history", "--json"]).json();
    (export, history)
}

/// Waits until the register `db` holds `version`.
pub fn wait_for_version(w: &Workdir, db: &str, version: u64) {
    wait_until(&format!("{db} at version {version}"), || {
        status(w, db)["version"] == version
    });
}

/// Syncthing is required on CI; elsewhere the suite says it is skipped.
pub fn syncthing() -> bool {
    if available() {
        return true;
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "syncthing is not installed (.ci/run installs it)"
    );
    eprintln!("skipped: syncthing is not installed");
    false
}

/// The shop's join code, as `status --json` shows it on `db` (once its daemon made the key).
pub fn join_code(w: &Workdir, db: &str) -> String {
    let mut code = String::new();
    wait_until(&format!("the join code on {db}"), || {
        let shown = status(w, db)["join_code"].as_str().map(str::to_string);
        code = shown.unwrap_or_default();
        !code.is_empty()
    });
    code
}

/// `watch` on `inbox` for the register `db`, as the computer `name`: starting the folder, or
/// joining the shop with its `join` code.
pub fn watch(w: &Workdir, db: &str, inbox: &Path, name: &str, join: Option<&str>) -> Daemon {
    let inbox = inbox.to_string_lossy().into_owned();
    let mut args = vec![
        "--db", db, "watch", &inbox, "--name", name, "--settle", "300", "--rescan", "500",
    ];
    if let Some(code) = join {
        args.extend(["--join", code]);
    }
    Daemon::start(w, &args, &format!("{name}.log"))
}

/// Drops `name` into `inbox`, waits for its preview and confirms it.
pub fn drop_and_confirm(inbox: &Path, name: &str, content: &str) {
    fs::write(inbox.join(name), content).unwrap();
    wait_until("the preview", || {
        inbox.join(format!("{name}.preview.html")).exists()
    });
    let stem = name.trim_end_matches(".csv");
    fs::write(inbox.join(format!("{stem}.confirm")), "").unwrap();
}

/// `rows` customers, numbered from 1.
pub fn customers(rows: usize) -> String {
    let mut text = String::from("kundnummer;epost;förnamn;stad;telefon\n");
    for i in 1..=rows {
        text += &format!(
            "{i};kund{i}@exempel.se;Förnamn{i};Stad{};08-{i:07}\n",
            i % 97
        );
    }
    text
}

/// Every file under `folder` whose bytes contain `needle`.
pub fn files_holding(folder: &Path, needle: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut stack = vec![folder.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in fs::read_dir(&dir).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if fs::read(&path)
                .unwrap_or_default()
                .windows(needle.len())
                .any(|w| w == needle.as_bytes())
            {
                found.push(path.display().to_string());
            }
        }
    }
    found
}

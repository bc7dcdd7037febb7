//! What the several-computers tests ask of each computer's register, through the binary.

use super::Workdir;
use super::daemon::wait_until;

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

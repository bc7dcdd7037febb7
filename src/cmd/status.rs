//! `kundreg status [--json]`: where the register is, its customers and version.

use std::io::Write;

use serde_json::json;

use crate::cmd::{Settings, finish, open, stdout, written};
use crate::error::Error;
use crate::lang::local_time;
use crate::store::Access;
use crate::store::Kind;

/// Prints the register's status. A register not created yet has no customers, version 0.
pub fn run(settings: &Settings, json: bool) -> Result<(), Error> {
    let t = settings.texts;
    let (customers, version, last_import) = match open(settings, Access::Read)? {
        None => (0, 0, None),
        Some(store) => {
            let view = store.read()?;
            let last = view.history()?.into_iter().find(|v| v.kind == Kind::Import);
            (view.len(), view.version(), last)
        }
    };
    let db = settings.db.display().to_string();
    let (mut out, _) = stdout();
    if json {
        let status = json!({"db": db, "customers": customers, "version": version});
        written(writeln!(out, "{status}"))?;
    } else {
        let last = last_import.map_or_else(
            || t.none.to_string(),
            |v| {
                let file = v.file.unwrap_or_default();
                format!("v{} {} ({file})", v.number, local_time(v.at))
            },
        );
        written(writeln!(
            out,
            "{}: {db}\n{}: {customers}\n{}: {version}\n{}: {last}",
            t.status_register, t.status_customers, t.status_version, t.status_last_import
        ))?;
    }
    finish(out)
}

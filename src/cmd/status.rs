//! `kundreg status [--json]`: where the register is, its customers and version, and, for a
//! register in a shared folder, this computer's role, the primary, and how far behind it is.

use std::io::Write;

use serde_json::json;

use crate::cmd::{Settings, finish, open, stdout, written};
use crate::error::Error;
use crate::lang::local_time;
use crate::replication::place::Place;
use crate::replication::status::{Role, Waiting};
use crate::store::{Access, Kind};

/// What `status` says of the shared folder.
struct Shared {
    /// `None`: alone (no shared folder, or no other computer in it).
    role: Option<Role>,
    folder: Option<String>,
    primary: Option<String>,
    primary_seen: Option<i64>,
    behind: u64,
    waiting: Option<Waiting>,
}

/// Prints the register's status. A register not created yet has no customers, version 0.
pub fn run(settings: &Settings, json: bool) -> Result<(), Error> {
    let t = settings.texts;
    let (customers, version, last_import, shared) = match open(settings, Access::Read)? {
        None => (0, 0, None, shared(None, 0)),
        Some(store) => {
            let view = store.read()?;
            let last = view.history()?.into_iter().find(|v| v.kind == Kind::Import);
            let place = Place::of(&store)?;
            (
                view.len(),
                view.version(),
                last,
                shared(place, view.version()),
            )
        }
    };
    let db = settings.db.display().to_string();
    let (mut out, _) = stdout();
    if json {
        let status = json!({
            "db": db,
            "customers": customers,
            "version": version,
            "role": shared.role.map_or("alone", Role::name),
            "folder": shared.folder,
            "primary": shared.primary,
            "primary_seen": shared.primary_seen.and_then(|at| chrono::DateTime::from_timestamp(at, 0)).map(|at| at.to_rfc3339()),
            "behind": shared.behind,
        });
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
        write_shared(&mut out, settings, &shared)?;
    }
    finish(out)
}

fn shared(place: Option<Place>, version: u64) -> Shared {
    let Some(place) = place else {
        return Shared {
            role: None,
            folder: None,
            primary: None,
            primary_seen: None,
            behind: 0,
            waiting: None,
        };
    };
    let primary = place.primary();
    let newest = place.folder.newest_version().unwrap_or(0);
    let primary_version = primary.as_ref().map_or(0, |p| p.version);
    let role = place
        .role()
        .filter(|role| *role == Role::Replica || place.has_others());
    Shared {
        role,
        folder: Some(place.inbox.display().to_string()),
        primary: place.primary_name(),
        primary_seen: primary.as_ref().map(|p| p.seen.timestamp()),
        behind: newest.max(primary_version).saturating_sub(version),
        waiting: place.own().and_then(|own| own.waiting),
    }
}

fn write_shared(out: &mut impl Write, settings: &Settings, shared: &Shared) -> Result<(), Error> {
    let s = &settings.texts.sharing;
    let role = match shared.role {
        Some(Role::Primary) => s.role_primary,
        Some(Role::Replica) => s.role_replica,
        None => s.role_alone,
    };
    written(writeln!(out, "{}: {role}", s.status_role))?;
    let Some(folder) = &shared.folder else {
        return Ok(());
    };
    let primary = match (&shared.primary, shared.primary_seen) {
        (Some(name), Some(at)) => (s.seen)(name, &local_time(at)),
        (Some(name), None) => format!("{name}, {}", s.not_seen),
        (None, _) => s.not_seen.to_string(),
    };
    let behind = match (shared.behind, shared.waiting) {
        (0, _) => s.up_to_date.to_string(),
        (n, None) => (s.behind)(n),
        (n, Some(waiting)) => {
            let why = match waiting {
                Waiting::Version(v) => (s.waiting_version)(v),
                Waiting::Arriving(v) => (s.arriving)(v),
                Waiting::Snapshot => s.waiting_snapshot.to_string(),
            };
            format!("{} — {why}", (s.behind)(n))
        }
    };
    written(writeln!(
        out,
        "{}: {folder}\n{}: {primary}\n{}: {behind}",
        s.status_folder, s.status_primary, s.status_behind
    ))
}

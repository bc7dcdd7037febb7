//! `kundreg status [--json]`: where the register is, its customers and version, and, for a
//! register in a shared folder, this computer's role, the primary and its epoch, how far
//! behind it is, and the work a newer epoch did not keep that waits for a person.

use std::io::Write;

use serde_json::json;

use crate::cmd::{Settings, finish, open, stdout, written};
use crate::error::Error;
use crate::lang::local_time;
use crate::shared::fenced::{FencedWork, State, fenced_work, for_a_person};
use crate::shared::kept;
use crate::shared::place::Place;
use crate::shared::status::{Role, Waiting};
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
    epoch: Option<u64>,
    /// This computer's fenced work that waits for a person.
    fenced: Vec<FencedWork>,
    /// The shop key's fingerprint and join code, on a computer that holds it.
    key: Option<(String, String)>,
    /// The files in `.kundreg/` not sealed with the key, as the folder names them.
    unsealed: Vec<String>,
}

/// What `status` says: the register, its size and version, its last import, its folder.
pub(crate) struct Status {
    customers: u64,
    version: u64,
    last_import: Option<crate::store::Version>,
    shared: Shared,
}

/// The register's status. A register not created yet has no customers, version 0.
pub(crate) fn gather(settings: &Settings) -> Result<Status, Error> {
    Ok(match open(settings, Access::Read)? {
        None => Status {
            customers: 0,
            version: 0,
            last_import: None,
            shared: shared(None, 0),
        },
        Some(store) => {
            let view = store.read()?;
            let last = view.history()?.into_iter().find(|v| v.kind == Kind::Import);
            let place = Place::of(&store)?;
            let mut shared = shared(place, view.version());
            if let Some(folder) = &shared.folder {
                let work = fenced_work(&store)?;
                let waiting = for_a_person(&work, std::path::Path::new(folder));
                shared.fenced = waiting.into_iter().cloned().collect();
            }
            Status {
                customers: view.len(),
                version: view.version(),
                last_import: last,
                shared,
            }
        }
    })
}

/// Prints the register's status.
pub fn run(settings: &Settings, json: bool) -> Result<(), Error> {
    let status = gather(settings)?;
    let (mut out, _) = stdout();
    if json {
        let shared = &status.shared;
        let status = json!({
            "db": settings.db.display().to_string(),
            "customers": status.customers,
            "version": status.version,
            "role": shared.role.map_or("alone", Role::name),
            "folder": shared.folder,
            "primary": shared.primary,
            "primary_seen": shared.primary_seen.and_then(|at| chrono::DateTime::from_timestamp(at, 0)).map(|at| at.to_rfc3339()),
            "behind": shared.behind,
            "epoch": shared.epoch,
            "fenced": shared.fenced.iter().map(fenced_json).collect::<Vec<_>>(),
            "copies": kept::copies(&settings.db),
            "shop_key": shared.key.as_ref().map(|(fingerprint, _)| fingerprint),
            "join_code": shared.key.as_ref().map(|(_, code)| code),
            "unsealed": shared.unsealed,
        });
        written(writeln!(out, "{status}"))?;
    } else {
        write_text(&mut out, settings, &status)?;
    }
    finish(out)
}

/// Writes the status as `status` prints it.
pub(crate) fn write_text(
    out: &mut impl Write,
    settings: &Settings,
    status: &Status,
) -> Result<(), Error> {
    let t = settings.texts;
    let last = status.last_import.as_ref().map_or_else(
        || t.none.to_string(),
        |v| {
            let file = v.file.as_deref().unwrap_or_default();
            format!("v{} {} ({file})", v.number, local_time(v.at))
        },
    );
    written(writeln!(
        out,
        "{}: {}\n{}: {}\n{}: {}\n{}: {last}",
        t.status_register,
        settings.db.display(),
        t.status_customers,
        status.customers,
        t.status_version,
        status.version,
        t.status_last_import
    ))?;
    write_shared(out, settings, &status.shared)
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
            epoch: None,
            fenced: Vec::new(),
            key: None,
            unsealed: Vec::new(),
        };
    };
    let key = place.shared.shop_key();
    let unsealed = match key {
        Some(_) => place.shared.unsealed_files(),
        None => Vec::new(),
    };
    let unsealed = unsealed
        .iter()
        .map(|path| {
            let shown = path.strip_prefix(&place.inbox).unwrap_or(path).display();
            crate::inert::visible(&shown.to_string()).into_owned()
        })
        .collect();
    let primary = place.primary();
    let newest = place.shared.newest_version().unwrap_or(0);
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
        epoch: place
            .shared
            .chain()
            .ok()
            .flatten()
            .map(|chain| chain.current().epoch),
        fenced: Vec::new(),
        key: key.map(|key| (key.fingerprint(), key.join_code())),
        unsealed,
    }
}

fn fenced_json(work: &FencedWork) -> serde_json::Value {
    let v = &work.version;
    let (state, returned_as) = match &work.state {
        State::Waiting => ("waiting", None),
        State::Returned(name) => ("returned", Some(name)),
        State::Missing => ("missing", None),
        State::Reissued => ("reissued", None),
        State::Reported => ("reported", None),
    };
    json!({
        "version": v.number,
        "kind": v.kind.key(),
        "file": v.file,
        "computer": work.computer,
        "epoch": work.epoch,
        "at": chrono::DateTime::from_timestamp(v.at, 0).map(|at| at.to_rfc3339()),
        "state": state,
        "returned_as": returned_as,
    })
}

fn write_shared(out: &mut impl Write, settings: &Settings, shared: &Shared) -> Result<(), Error> {
    let s = &settings.texts.shared;
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
    ))?;
    let k = settings.texts.key;
    match &shared.key {
        Some((fingerprint, code)) => written(writeln!(
            out,
            "{}: {fingerprint}\n{}: {code}",
            k.status_key, k.status_code
        ))?,
        None => written(writeln!(out, "{}: {}", k.status_key, k.no_key))?,
    }
    if !shared.unsealed.is_empty() {
        written(writeln!(out, "{}:", k.status_unsealed))?;
    }
    for file in &shared.unsealed {
        written(writeln!(out, "  {file}"))?;
    }
    let f = settings.texts.failover;
    if let Some(epoch) = shared.epoch {
        written(writeln!(out, "{}: {epoch}", f.status_epoch))?;
    }
    if !shared.fenced.is_empty() {
        written(writeln!(out, "{}:", f.status_fenced))?;
    }
    let copies = kept::copies(&settings.db);
    if !copies.is_empty() {
        written(writeln!(out, "{}:", f.status_copies))?;
    }
    for copy in copies {
        written(writeln!(out, "  {}", copy.display()))?;
    }
    for work in &shared.fenced {
        let v = &work.version;
        let mut what = format!("v{} {}", v.number, settings.texts.kind_word(v.kind));
        if let Some(file) = &v.file {
            what = format!("{what} {file}");
        }
        let state = match &work.state {
            State::Returned(name) => (f.state_returned)(name),
            State::Missing => f.state_missing.to_string(),
            State::Reported => f.state_rollback.to_string(),
            State::Waiting | State::Reissued => f.state_waiting.to_string(),
        };
        let item = (f.fenced_item)(&what, &work.computer, &local_time(v.at));
        written(writeln!(out, "  {item}: {state}"))?;
    }
    Ok(())
}

//! Changes asked on a computer that follows another (the guide's "Several computers"):
//! `import`, `rollback` and `forget` on a replica are sent to the primary as requests. The
//! command waits, saying for whom, until the primary has answered and this computer's
//! register holds the version it made, then says what the change came to (see
//! [`crate::shared::outcome`]) in its own language, with the exit code the command has.
//! The primary's daemon carries each request out (see `watch/requests.rs`).

use std::io::Read;
use std::time::{Duration, Instant};

use crate::cmd::said::{Said, said};
use crate::cmd::{Settings, held_version, note, open, opener, say, tell};
use crate::error::Error;
use crate::shared::member::computer_name;
use crate::shared::outcome::Outcome;
use crate::shared::place::Place;
use crate::shared::replay::ReplayError;
use crate::shared::replica::follow;
use crate::shared::request::{Asked, Request};
use crate::shared::snapshot::Own;
use crate::shared::status::Role;
use crate::store::Access;

/// How often a waiting command looks for its answer.
const POLL: Duration = Duration::from_millis(200);

/// Where a change is made.
pub(crate) enum Route {
    /// In this computer's register.
    Here,
    /// By the primary of this register's shared folder.
    Primary(Box<Place>),
}

/// Where a change asked on this computer is made.
pub(crate) fn route(settings: &Settings) -> Result<Route, Error> {
    let Some(store) = open(settings, Access::Read)? else {
        return Ok(Route::Here);
    };
    let Some(place) = Place::of(&store)? else {
        return Ok(Route::Here);
    };
    Ok(if place.role() == Some(Role::Replica) {
        Route::Primary(Box::new(place))
    } else {
        Route::Here
    })
}

/// Sends `asked` (with the file `file` holds, for an import) to the primary; `waiting` when
/// whoever asks waits for the answer (else this computer's daemon collects it). Returns the
/// request's id; none when this computer has no place in the folder yet.
pub(crate) fn send(
    place: &Place,
    asked: Asked,
    file: &mut dyn Read,
    waiting: bool,
) -> Result<Option<String>, Error> {
    let (Some(identity), computer) = (place.identity, place.computer.unwrap_or_default()) else {
        return Ok(None);
    };
    let request = Request {
        register: identity.register,
        from: computer,
        from_name: place.own().map_or_else(computer_name, |own| own.name),
        at: chrono::Utc::now().timestamp(),
        asked,
        waiting,
    };
    Ok(Some(place.shared.send(&request, file)?))
}

/// Sends `asked` (with the file `file` holds, for an import) to the primary and, unless `wait`
/// is `None`, waits for its answer and for this computer to hold the version it made. Returns
/// what it said (said already), unless the request was only sent.
pub(crate) fn ask(
    settings: &Settings,
    place: &Place,
    asked: Asked,
    file: &mut dyn Read,
    wait: Option<Duration>,
) -> Result<Option<Said>, Error> {
    let s = &settings.texts.shared;
    // A rollback the person saw no report of is shown with its report, as it is here.
    let report = matches!(asked, Asked::Rollback { expected: None, .. });
    let name = match &asked {
        Asked::Import { file, .. } => file.clone(),
        _ => String::new(),
    };
    let computer = place.computer.unwrap_or_default();
    let Some(id) = send(place, asked, file, wait.is_some())? else {
        return Ok(None);
    };
    let primary = place.primary_name().unwrap_or_default();
    let Some(wait) = wait else {
        return say(&(s.queued)(&primary)).map(|()| None);
    };
    note(&(s.asked)(&primary, wait.as_secs()));
    let deadline = Instant::now() + wait;
    let no_answer = || Error::NoAnswer {
        primary: primary.clone(),
        waited: wait.as_secs(),
        seen: place.primary().map(|p| p.seen.timestamp()),
    };
    let answer = loop {
        if let Some(answer) = place.shared.standing_answer(&id) {
            break answer;
        }
        if Instant::now() >= deadline {
            return Err(no_answer());
        }
        std::thread::sleep(POLL);
    };
    if let Some(version) = answer.outcome.version() {
        let own = Own {
            computer,
            folder: &place.inbox.display().to_string(),
            run: place.run,
            carry: Vec::new(),
        };
        // This computer holds the version before it says so (its daemon may be replaying it
        // at the same time: whichever comes first does).
        let mut current = held_version(settings)?;
        while current.unwrap_or(0) < version {
            match follow(
                &place.shared,
                &settings.db,
                current,
                &own,
                opener(settings, Access::Write),
            ) {
                Ok(_) | Err(ReplayError::OutOfOrder { .. }) => {}
                Err(e) => return Err(e.into()),
            }
            current = held_version(settings)?;
            if current.unwrap_or(0) >= version {
                break;
            }
            if Instant::now() >= deadline {
                return Err(Error::NotArrived { primary, version });
            }
            std::thread::sleep(POLL);
            current = held_version(settings)?;
        }
    }
    let _ = place.shared.withdraw(&id);
    let said = said(settings.texts, &answer.outcome, &name, report);
    tell(&said)?;
    match answer.outcome {
        Outcome::Refused(refusal) => Err(refusal.into()),
        _ => Ok(Some(said)),
    }
}

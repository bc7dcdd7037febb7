//! Changes asked on a computer that follows another (the guide's "Several computers"):
//! `import`, `rollback` and `forget` on a replica are sent to the primary as requests. The
//! command waits, saying for whom, until the primary has answered and this computer's
//! register holds the version it made, then says what the primary said, with its exit code.
//! The primary's daemon carries each request out as the command would there.

use std::io::Read;
use std::time::{Duration, Instant};

use crate::archive::Erased;
use crate::cmd::{
    Settings, apply, forget, held_version, import, note, open, opener, rollback, say, tell,
};
use crate::columns::{FILE_NAME, ShopColumns};
use crate::error::Error;
use crate::input::Input;
use crate::lang::{Lang, Texts};
use crate::plan::{Fingerprint, Plan};
use crate::replication::member::computer_name;
use crate::replication::place::Place;
use crate::replication::replay::ReplayError;
use crate::replication::replica::follow;
use crate::replication::request::{Answer, Asked, Request, Told};
use crate::replication::snapshot::Own;
use crate::replication::status::Role;
use crate::rollback::{Undo, UndoPlan};
use crate::store::{Access, Kind, Store, Version};

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

/// Sends `asked` (with the file `file` holds, for an import) to the primary and, unless `wait`
/// is `None`, waits for its answer and for this computer to hold the version it made. Returns
/// what the primary told (said already), unless the request was only sent.
pub(crate) fn ask(
    settings: &Settings,
    place: &Place,
    asked: Asked,
    file: &mut dyn Read,
    wait: Option<Duration>,
) -> Result<Option<Told>, Error> {
    let s = &settings.texts.sharing;
    let (Some(identity), computer) = (place.identity, place.computer.unwrap_or_default()) else {
        return Ok(None);
    };
    let request = Request {
        register: identity.register,
        from: computer,
        from_name: place.own().map_or_else(computer_name, |own| own.name),
        at: chrono::Utc::now().timestamp(),
        asked,
        waiting: wait.is_some(),
    };
    let id = place.shared.send(&request, file)?;
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
    if let Some(version) = answer.version {
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
    let told = told_in(&answer, settings.texts);
    tell(&told)?;
    match told.error {
        Some(message) if answer.code != 0 => Err(Error::Answered {
            code: answer.code,
            message,
        }),
        _ => Ok(Some(told)),
    }
}

/// What an answer tells in the language of `t`.
pub(crate) fn told_in(answer: &Answer, t: &Texts) -> Told {
    answer
        .told
        .iter()
        .find(|(code, _)| code == t.code)
        .or(answer.told.first())
        .map(|(_, told)| told.clone())
        .unwrap_or_default()
}

/// What a request came to on the primary.
enum Outcome {
    /// The file (by its name) imported, as the plan and the version it made.
    Imported(String, Plan, Option<Version>),
    /// An import this request already made (the primary stopped before it answered).
    ImportedBefore(Version),
    /// The rollback, its version, and whether its report is shown (the person did not see
    /// one before asking).
    RolledBack(Box<UndoPlan>, Option<Version>, bool),
    Forgot(String, Version, Option<Erased>),
}

/// Carries out `request` on the primary's register as the command would there, and says what
/// it says in every language.
pub fn carry_out(store: Store, request: &Request, bytes: &[u8]) -> Answer {
    let report = matches!(request.asked, Asked::Rollback { expected: None, .. });
    let outcome = outcome(store, request, bytes);
    let version = match &outcome {
        Ok(Outcome::Imported(_, _, v) | Outcome::RolledBack(_, v, _)) => {
            v.as_ref().map(|v| v.number)
        }
        Ok(Outcome::ImportedBefore(v) | Outcome::Forgot(_, v, _)) => Some(v.number),
        Err(_) => None,
    };
    let told = [Lang::Sv, Lang::En]
        .into_iter()
        .map(|lang| {
            let t = lang.texts();
            (t.code.to_string(), told(t, &outcome, report))
        })
        .collect();
    Answer {
        version,
        code: outcome.as_ref().err().map_or(0, Error::exit_code),
        told,
        term: None,
    }
}

fn outcome(store: Store, request: &Request, bytes: &[u8]) -> Result<Outcome, Error> {
    match &request.asked {
        Asked::Import {
            file,
            expected,
            columns,
        } => {
            let columns = ShopColumns::parse(FILE_NAME, columns.as_bytes());
            let input =
                Input::from_bytes_by(file, bytes, &columns).map_err(|source| Error::Input {
                    path: file.into(),
                    source,
                })?;
            // Carried out already (its answer lost, or not arrived when this computer was
            // promoted): these bytes imported since the request was made, even if that
            // import was rolled back since, are not imported again.
            let sha256 = Some(input.inspection.sha256);
            let done = store
                .read()?
                .history()?
                .into_iter()
                .find(|v| v.kind == Kind::Import && v.sha256 == sha256 && v.at >= request.at);
            if let Some(version) = done {
                return Ok(Outcome::ImportedBefore(version));
            }
            let (plan, version) =
                apply::import(&store, &input, expected.map(Fingerprint), &mut |_| {})?;
            Ok(Outcome::Imported(file.clone(), plan, version))
        }
        Asked::Rollback {
            undo,
            force,
            expected,
        } => {
            let (plan, version) =
                apply::rollback(&store, *undo, *force, expected.map(Fingerprint))?;
            Ok(Outcome::RolledBack(
                Box::new(plan),
                version,
                expected.is_none(),
            ))
        }
        Asked::Forget { key } => {
            let customer = store
                .read()?
                .find(key)?
                .ok_or_else(|| Error::NoSuchCustomer { key: key.clone() })?;
            let (version, erased) = forget::forget(store, &customer)?;
            Ok(Outcome::Forgot(
                customer.number().to_string(),
                version,
                erased,
            ))
        }
    }
}

/// What the command says for `outcome`, in the language of `t`.
fn told(t: &Texts, outcome: &Result<Outcome, Error>, report: bool) -> Told {
    let rollback_report = |plan: &UndoPlan| {
        let mut out = Vec::new();
        let _ = rollback::write_report(&mut out, t, plan, false);
        String::from_utf8_lossy(&out).into_owned()
    };
    match outcome {
        Ok(Outcome::Imported(file, plan, version)) => {
            import::told(t, plan, file, version.as_ref().map(|v| v.number))
        }
        Ok(Outcome::ImportedBefore(v)) => Told {
            out: (t.imported)(v.number, v.new, v.update) + "\n",
            ..Told::default()
        },
        Ok(Outcome::RolledBack(plan, version, shown)) => {
            let mut out = if *shown {
                rollback_report(plan)
            } else {
                String::new()
            };
            out += &match version {
                Some(v) => (t.rolled_back)(v.number),
                None => (t.nothing_to_undo)(plan.register_version),
            };
            Told {
                out: out + "\n",
                ..Told::default()
            }
        }
        Ok(Outcome::Forgot(number, v, erased)) => forget::told(t, number, v, erased.as_ref()),
        Err(e) => Told {
            out: match e {
                Error::Conflicts { plan } if report => rollback_report(plan),
                _ => String::new(),
            },
            error: Some(e.message(t)),
            ..Told::default()
        },
    }
}

/// What `what` asked of the primary is, for its log: never a customer's number or email.
pub(crate) fn described(t: &Texts, asked: &Asked) -> String {
    match asked {
        Asked::Import { file, .. } => format!("{} {file}", t.kind_word(Kind::Import)),
        Asked::Rollback {
            undo: Undo::Version(v),
            ..
        } => format!("{} {v}", t.kind_word(Kind::Rollback)),
        Asked::Rollback {
            undo: Undo::To(v), ..
        } => format!("{} --to {v}", t.kind_word(Kind::Rollback)),
        Asked::Forget { .. } => t.kind_word(Kind::Forget).to_string(),
    }
}

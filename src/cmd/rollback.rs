//! `kundreg rollback VERSION | --to VERSION [--yes] [--dry-run] [--force]`: undo a version,
//! or every version after one, as a new version.

use std::io::{self, IsTerminal};
use std::time::Duration;

use crate::cmd::request::{self, Route};
use crate::cmd::said::write_report;
use crate::cmd::{Settings, apply, ask, compact, finish, open, open_existing, say, stdout};
use crate::error::Error;
use crate::rollback::{self, Undo, UndoPlan};
use crate::shared::request::Asked;
use crate::store::Access;

/// Rolls back as asked. On a terminal (without `yes`) it shows the report and asks first;
/// `dry_run` shows the report and changes nothing. On a computer that follows another, the
/// primary is asked to (waiting for up to `wait`, or not at all).
pub fn run(
    settings: &Settings,
    undo: Undo,
    yes: bool,
    dry_run: bool,
    force: bool,
    wait: Option<Duration>,
) -> Result<(), Error> {
    let t = settings.texts;
    if !dry_run && !yes && !io::stdin().is_terminal() {
        return Err(Error::NeedsYes);
    }
    let route = if dry_run {
        Route::Here
    } else {
        request::route(settings)?
    };
    let nothing = |version| say(&(t.nothing_to_undo)(version));
    let mut expected = None;
    if dry_run || !yes {
        let Some(store) = open(settings, Access::Read)? else {
            return without_register(undo, nothing);
        };
        let plan = rollback::plan(&mut store.read()?, undo, force, None)?;
        drop(store);
        print_report(settings, &plan)?;
        if !plan.applicable() {
            return Err(Error::Conflicts {
                plan: Box::new(plan),
            });
        }
        if plan.undone.is_empty() {
            return nothing(plan.register_version);
        }
        if dry_run {
            return say(t.dry_run_done);
        }
        if !ask(&(t.confirm_undo)(plan.total()), t.yes)? {
            return Err(Error::Declined {
                nothing: t.not_rolled_back,
            });
        }
        expected = Some(plan.fingerprint);
    }
    if let Route::Primary(place) = route {
        let asked = Asked::Rollback {
            undo,
            force,
            expected: expected.map(|f| f.0),
        };
        return request::ask(settings, &place, asked, &mut std::io::empty(), wait).map(drop);
    }
    let Some(mut store) = open_existing(settings)? else {
        return without_register(undo, nothing);
    };
    match apply::rollback(&store, undo, force, expected) {
        Ok((plan, version)) => {
            if yes {
                print_report(settings, &plan)?;
            }
            match version {
                Some(v) => say(&(t.rolled_back)(v.number))?,
                None => return nothing(plan.register_version),
            }
        }
        Err(Error::Conflicts { plan }) if yes => {
            print_report(settings, &plan)?;
            return Err(Error::Conflicts { plan });
        }
        Err(e) => return Err(e),
    }
    compact(settings, &mut store);
    Ok(())
}

/// With no register at all there is nothing to undo for `--to 0`, and no version otherwise.
fn without_register(undo: Undo, nothing: impl Fn(u64) -> Result<(), Error>) -> Result<(), Error> {
    match undo {
        Undo::To(0) => nothing(0),
        Undo::To(version) | Undo::Version(version) => Err(Error::NoSuchVersion { version }),
    }
}

/// Prints the report of a rollback on standard output.
fn print_report(settings: &Settings, plan: &UndoPlan) -> Result<(), Error> {
    let (mut out, color) = stdout();
    write_report(&mut out, settings.texts, plan, color)?;
    finish(out)
}

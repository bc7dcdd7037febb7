//! A customer changed or added by hand, as `set` and `add` make it (see [`crate::edit`]): the
//! change shown first as old → new, asked on a terminal, then made here or, on a computer
//! that follows another, by the primary, as an import is.

use std::io::{self, IsTerminal};
use std::time::Duration;

use crate::cmd::request::{self, Route};
use crate::cmd::said::said;
use crate::cmd::{Settings, apply, ask, finish, open, say, stdout, tell, written};
use crate::customer::Change;
use crate::error::Error;
use crate::plan::{MemoryRegister, Plan, Purpose, Register, plan};
use crate::report::changes::{field_changes, write_change};
use crate::shared::outcome::Outcome;
use crate::shared::request::Asked;
use crate::store::{Access, Kind, StoreError};

/// What a change by hand asks for.
pub(crate) struct ByHand {
    /// `Kind::Edit` or `Kind::Add`.
    pub kind: Kind,
    /// The list of one row it makes.
    pub list: String,
    /// Apply without asking.
    pub yes: bool,
    /// Show the change, and make nothing.
    pub dry_run: bool,
    /// How long to wait for the primary.
    pub wait: Option<Duration>,
}

/// Shows the change, asks (unless `yes`), and makes it where this register's changes are made.
pub(crate) fn make(settings: &Settings, asked: ByHand) -> Result<(), Error> {
    let t = settings.texts;
    let interactive = !asked.yes && !asked.dry_run;
    if interactive && !io::stdin().is_terminal() {
        return Err(Error::NeedsYes);
    }
    let route = request::route(settings)?;
    let (change, plan) = planned(settings, asked.kind, &asked.list)?;
    let Some(change) = change else {
        return say(t.register.edit_changes_nothing);
    };
    let fields = field_changes(&change).map_err(StoreError::from)?;
    let (mut out, color) = stdout();
    written(write_change(&mut out, t, &change, &fields, color))?;
    finish(out)?;
    if asked.dry_run {
        return Ok(());
    }
    if interactive && !ask(t.register.confirm_edit, t.yes)? {
        return Err(Error::Declined {
            nothing: t.register.not_edited,
        });
    }
    let expected = Some(plan.fingerprint);
    if let Route::Primary(place) = route {
        let request = Asked::ByHand {
            kind: asked.kind,
            list: asked.list,
            expected: expected.map(|f| f.0),
        };
        return request::ask(settings, &place, request, &mut io::empty(), asked.wait).map(drop);
    }
    let Some(store) = open(settings, Access::Write)? else {
        return Err(Error::CustomerGone);
    };
    let (number, _, version) = apply::by_hand(&store, asked.kind, &asked.list, expected)?;
    let outcome = Outcome::ByHand {
        kind: asked.kind,
        number: number.unwrap_or_default(),
        version: version.map(|v| v.number),
    };
    // One customer takes a page or two: no compaction, which reads the whole register.
    tell(&said(t, &outcome, "", false))
}

/// The change `list` makes in this computer's register as it is (none when it changes
/// nothing), and its plan; refused as the apply would refuse it.
pub(crate) fn planned(
    settings: &Settings,
    kind: Kind,
    list: &str,
) -> Result<(Option<Change>, Plan), Error> {
    let (parsed, sha) = apply::read_by_hand(kind, list)?;
    let mut change = None;
    let plan = match open(settings, Access::Read)? {
        Some(store) => look(&sha, &parsed, &mut store.read()?, &mut change)?,
        None => look(&sha, &parsed, &mut MemoryRegister::default(), &mut change)
            .map_err(StoreError::from)?,
    };
    apply::by_hand_applicable(kind, &plan)?;
    Ok((change, plan))
}

/// The plan of `parsed` against a register held in memory, its change put in `change`.
fn look<R: Register>(
    sha: &[u8; 32],
    parsed: &crate::parse::ParsedFile,
    register: &mut R,
    change: &mut Option<Change>,
) -> Result<Plan, R::Error> {
    let mut sink = |_: &mut R, changes: &[Change]| {
        *change = changes.first().cloned().or(change.take());
        Ok(())
    };
    plan(
        sha,
        parsed,
        register,
        Purpose::Apply(&mut sink),
        &mut |_| {},
    )
}

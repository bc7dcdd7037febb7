//! `kundreg promote [--force]`: make this computer the primary of its shared folder when the
//! primary is gone (see [`crate::shared::promote`]).

use crate::cmd::{Settings, open, opener, say};
use crate::error::Error;
use crate::lang::local_time;
use crate::shared::member::computer_name;
use crate::shared::place::Place;
use crate::shared::promote::{PromoteError, promote};
use crate::store::Access;

/// Promotes this computer; `force` goes on although the primary was seen within ten minutes
/// or versions from it have not all arrived.
pub fn run(settings: &Settings, force: bool) -> Result<(), Error> {
    let f = settings.texts.failover;
    let place = match open(settings, Access::Read)? {
        Some(store) => Place::of(&store)?,
        None => None,
    };
    let place = place.ok_or(PromoteError::NotShared)?;
    let name = place.own().map_or_else(computer_name, |own| own.name);
    let done = promote(
        &place,
        &settings.db,
        &name,
        force,
        &opener(settings, Access::Write),
    )?;
    say(&(f.promoted)(&name, done.term.epoch, done.term.from))?;
    let seen = done.old_seen.map_or_else(
        || settings.texts.shared.not_seen.to_string(),
        |at| local_time(at.timestamp()),
    );
    say(&(f.old_primary)(&done.old, &seen))
}

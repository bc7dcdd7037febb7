//! `kundreg add FIELD=VALUE... [--yes] [--dry-run]`: adds one customer, with an email or a
//! customer number (without one, kundreg gives the next free number), as a version of its own
//! (kind `add`).

use std::time::Duration;

use crate::cmd::Settings;
use crate::cmd::by_hand::{ByHand, make};
use crate::edit;
use crate::error::Error;
use crate::store::Kind;

/// Adds a customer with `values` (`FIELD=VALUE` each).
pub fn run(
    settings: &Settings,
    values: &[String],
    (yes, dry_run): (bool, bool),
    wait: Option<Duration>,
) -> Result<(), Error> {
    let values = edit::Settings::parse(values)?.for_new()?;
    make(
        settings,
        ByHand {
            kind: Kind::Add,
            list: values.as_list(None),
            yes,
            dry_run,
            wait,
        },
    )
}

//! `kundreg set KEY FIELD=VALUE... [--yes] [--dry-run]`: changes one customer, found by
//! customer number or email, as a version of its own (kind `edit`).

use std::time::Duration;

use crate::cmd::by_hand::{ByHand, make};
use crate::cmd::{Settings, open};
use crate::edit;
use crate::error::Error;
use crate::store::{Access, Kind};

/// Changes the customer with number or email `key` by `settings` (`FIELD=VALUE` each).
pub fn run(
    settings: &Settings,
    key: &str,
    values: &[String],
    (yes, dry_run): (bool, bool),
    wait: Option<Duration>,
) -> Result<(), Error> {
    let values = edit::Settings::parse(values)?.for_change()?;
    let not_found = || Error::NoSuchCustomer { key: key.into() };
    let store = open(settings, Access::Read)?.ok_or_else(not_found)?;
    let customer = store.read()?.find(key)?.ok_or_else(not_found)?;
    drop(store);
    let list = values.as_list(Some(customer.number()));
    make(
        settings,
        ByHand {
            kind: Kind::Edit,
            list,
            yes,
            dry_run,
            wait,
        },
    )
}

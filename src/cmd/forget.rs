//! `kundreg forget KEY [--yes]`: erase a customer from the register and from the history.

use std::io::{self, IsTerminal};

use crate::cmd::{Settings, ask, get, open, open_existing, refuse_on_replica, say};
use crate::error::Error;
use crate::store::Access;

/// Forgets the customer with number or email `key`. On a terminal (without `yes`) it shows
/// the customer and asks first.
pub fn run(settings: &Settings, key: &str, yes: bool) -> Result<(), Error> {
    let t = settings.texts;
    if !yes && !io::stdin().is_terminal() {
        return Err(Error::NeedsYes);
    }
    refuse_on_replica(settings)?;
    let not_found = || Error::NoSuchCustomer { key: key.into() };
    if !yes {
        let store = open(settings, Access::Read)?.ok_or_else(not_found)?;
        let customer = store.read()?.find(key)?.ok_or_else(not_found)?;
        drop(store);
        get::print_customer(settings, &customer)?;
        if !ask(&(t.confirm_forget)(customer.number()), t.yes)? {
            return Err(Error::Declined {
                nothing: t.not_forgotten,
            });
        }
    }
    let store = open_existing(settings)?.ok_or_else(not_found)?;
    // Looked up again: the register may have changed while the person was asked.
    let customer = store.read()?.find(key)?.ok_or_else(not_found)?;
    let version = store.forget(&customer)?;
    say(&(t.forgotten)(customer.number(), version.number))
}

//! `kundreg forget KEY [--yes]`: erase a customer from the register and from the history.

use std::io::{self, IsTerminal};

use crate::cli::Settings;
use crate::cmd::{ask, get, open, open_existing};
use crate::error::Error;
use crate::store::{Access, StoreError};

/// Forgets the customer with number or email `key`. On a terminal (without `yes`) it shows
/// the customer and asks first.
pub fn run(settings: &Settings, key: &str, yes: bool) -> Result<(), Error> {
    let t = settings.texts;
    if !yes && !io::stdin().is_terminal() {
        return Err(Error::NeedsYes);
    }
    let not_found = || Error::from(StoreError::NoSuchCustomer { key: key.into() });
    if !yes {
        let store = open(settings, Access::Read)?.ok_or_else(not_found)?;
        let customer = store.read()?.tables.find(key)?.ok_or_else(not_found)?;
        drop(store);
        get::print_customer(settings, &customer)?;
        if !ask(&(t.confirm_forget)(customer.number()), t.yes)? {
            return Err(Error::Declined {
                nothing: t.not_forgotten,
            });
        }
    }
    let store = open_existing(settings)?.ok_or_else(not_found)?;
    let (version, number) = store.forget(key)?;
    println!("{}", (t.forgotten)(&number, version.version));
    Ok(())
}

//! `kundreg forget KEY [--yes]`: erase a customer from the register and from the history.

use std::io::{self, IsTerminal};

use std::time::Duration;

use crate::cmd::request::{self, Route};
use crate::cmd::said::said;
use crate::cmd::{Settings, apply, ask, card, open, open_existing, tell};
use crate::error::Error;
use crate::shared::outcome::Outcome;
use crate::shared::request::Asked;
use crate::store::Access;

/// Forgets the customer with number or email `key`. On a terminal (without `yes`) it shows
/// the customer and asks first. On a computer that follows another, the primary is asked to
/// (waiting for up to `wait`, or not at all).
pub fn run(settings: &Settings, key: &str, yes: bool, wait: Option<Duration>) -> Result<(), Error> {
    let t = settings.texts;
    if !yes && !io::stdin().is_terminal() {
        return Err(Error::NeedsYes);
    }
    let route = request::route(settings)?;
    let not_found = || Error::NoSuchCustomer { key: key.into() };
    if !yes {
        let store = open(settings, Access::Read)?.ok_or_else(not_found)?;
        let customer = store.read()?.find(key)?.ok_or_else(not_found)?;
        drop(store);
        card::print(settings, &customer)?;
        if !ask(&(t.confirm_forget)(customer.number()), t.yes)? {
            return Err(Error::Declined {
                nothing: t.not_forgotten,
            });
        }
    }
    if let Route::Primary(place) = route {
        let asked = Asked::Forget { key: key.into() };
        return request::ask(settings, &place, asked, &mut std::io::empty(), wait).map(drop);
    }
    let store = open_existing(settings)?.ok_or_else(not_found)?;
    // Looked up again: the register may have changed while the person was asked.
    let customer = store.read()?.find(key)?.ok_or_else(not_found)?;
    let (version, erased) = apply::forget(store, &customer)?;
    let outcome = Outcome::Forgot {
        number: customer.number().to_string(),
        version: version.number,
        erased,
    };
    tell(&said(t, &outcome, "", false))
}

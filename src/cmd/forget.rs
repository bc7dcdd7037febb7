//! `kundreg forget KEY [--yes]`: erase a customer from the register and from the history.

use std::io::{self, IsTerminal};

use std::time::Duration;

use crate::archive::{self, Erased, Person};
use crate::cmd::request::{self, Route};
use crate::cmd::{Settings, ask, get, open, open_existing, tell};
use crate::customer::Customer;
use crate::error::Error;
use crate::lang::Texts;
use crate::replication::place::Place;
use crate::replication::request::{Asked, Told};
use crate::store::{Access, Store, Version};

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
        get::print_customer(settings, &customer)?;
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
    let (version, erased) = forget(store, &customer)?;
    tell(&told(t, customer.number(), &version, erased.as_ref()))
}

/// Forgets `customer` in the register, then in what kundreg keeps in the register's shared
/// folder, if it has one (see [`archive`]). Returns the version and what was erased there.
pub(crate) fn forget(
    store: Store,
    customer: &Customer,
) -> Result<(Version, Option<Erased>), Error> {
    let person = Person::of(&store.read()?, customer)?;
    let inbox = Place::of(&store)?.map(|place| place.inbox);
    let db = store.path().to_path_buf();
    let version = store.forget(customer)?;
    // The copies kept before rebuilds may hold the person too.
    crate::replication::kept::remove_all(&db);
    Ok((version, inbox.map(|inbox| archive::erase(&inbox, &person))))
}

/// What a forget says: the version, then what it erased in the shared folder, what it could
/// not, and the rows still waiting in the inbox.
pub(crate) fn told(t: &Texts, number: &str, version: &Version, erased: Option<&Erased>) -> Told {
    let mut out = (t.forgotten)(number, version.number) + "\n";
    let mut err = String::new();
    if let Some(erased) = erased {
        if !erased.rewritten.is_empty() {
            out += &((t.sharing.archive_rewritten)(erased.rewritten.len()) + "\n");
        }
        if !erased.waiting.is_empty() {
            let rows: Vec<String> = erased
                .waiting
                .iter()
                .map(|(file, line)| format!("{file} {} {line}", t.line))
                .collect();
            out += &((t.sharing.archive_waiting)(&rows.join(", ")) + "\n");
        }
        for (path, why) in &erased.failed {
            err += &((t.sharing.archive_failed)(&path.display().to_string(), why) + "\n");
        }
    }
    Told {
        not_applied: Vec::new(),
        out,
        err,
        error: None,
    }
}

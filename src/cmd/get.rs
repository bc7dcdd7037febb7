//! `kundreg get KEY [--json]`: one customer, by customer number or email.

use std::io::Write;

use serde_json::{Map, Value};

use crate::cmd::{Settings, card, finish, open, stdout, written};
use crate::error::Error;
use crate::field::Field;
use crate::store::Access;

/// Prints the customer with number or email `key`.
pub fn run(settings: &Settings, key: &str, json: bool) -> Result<(), Error> {
    let not_found = || Error::NoSuchCustomer {
        key: key.to_string(),
    };
    let store = open(settings, Access::Read)?.ok_or_else(not_found)?;
    let customer = store.read()?.find(key)?.ok_or_else(not_found)?;
    if !json {
        return card::print(settings, &customer);
    }
    let object: Map<String, Value> = Field::ALL
        .iter()
        .filter_map(|f| customer.get(*f).map(|v| (f.key().into(), v.into())))
        .collect();
    let (mut out, _) = stdout();
    written(writeln!(out, "{}", Value::Object(object)))?;
    finish(out)
}

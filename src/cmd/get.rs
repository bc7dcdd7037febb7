//! `kundreg get KEY [--json]`: one customer, by customer number or email.

use std::io::Write;

use serde_json::{Map, Value};

use crate::cmd::{Settings, finish, open, stdout, written};
use crate::customer::Customer;
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
        return print_customer(settings, &customer);
    }
    let object: Map<String, Value> = Field::ALL
        .iter()
        .filter_map(|f| customer.get(*f).map(|v| (f.key().into(), v.into())))
        .collect();
    let (mut out, _) = stdout();
    written(writeln!(out, "{}", Value::Object(object)))?;
    finish(out)
}

/// Prints a customer's set fields, one per line.
pub fn print_customer(settings: &Settings, customer: &Customer) -> Result<(), Error> {
    let t = settings.texts;
    let (mut out, _) = stdout();
    let width = Field::ALL
        .iter()
        .map(|f| (t.field_name)(*f).chars().count())
        .max()
        .unwrap_or(0);
    for field in Field::ALL {
        if let Some(value) = customer.get(field) {
            let name = format!("{}:", (t.field_name)(field));
            written(writeln!(out, "{name:<w$} {value}", w = width + 1))?;
        }
    }
    finish(out)
}

//! A customer's card as the commands print it: every field set, one per line, in the
//! reference's order (`get` prints it, and `forget` before it asks); and as JSON (`get`,
//! `find`).

use std::io::Write;

use serde_json::{Map, Value};

use crate::cmd::{Settings, finish, stdout, written};
use crate::customer::Customer;
use crate::error::Error;
use crate::field::Field;

/// A customer's set fields as a JSON object, by their JSON keys.
pub(crate) fn json(customer: &Customer) -> Map<String, Value> {
    Field::ALL
        .iter()
        .filter_map(|f| customer.get(*f).map(|v| (f.key().into(), v.into())))
        .collect()
}

/// Prints a customer's set fields, one per line.
pub(crate) fn print(settings: &Settings, customer: &Customer) -> Result<(), Error> {
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

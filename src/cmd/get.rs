//! `kundreg get KEY [--json]`: one customer, by customer number or email.

use std::io::Write;

use serde_json::{Map, Value};

use crate::cli::Settings;
use crate::cmd::{finish, open, stdout, written};
use crate::error::Error;
use crate::field::Field;
use crate::store::Access;

/// Prints the customer with number or email `key`.
pub fn run(settings: &Settings, key: &str, json: bool) -> Result<(), Error> {
    let not_found = || Error::NoSuchCustomer {
        key: key.to_string(),
    };
    let store = open(settings, Access::Read)?.ok_or_else(not_found)?;
    let customer = store.read()?.tables.find(key)?.ok_or_else(not_found)?;
    let set = Field::ALL
        .iter()
        .filter_map(|f| customer.get(*f).map(|v| (*f, v)));
    let (mut out, _) = stdout();
    if json {
        let object: Map<String, Value> = set.map(|(f, v)| (f.key().into(), v.into())).collect();
        written(writeln!(out, "{}", Value::Object(object)))?;
    } else {
        let t = settings.texts;
        let width = Field::ALL
            .iter()
            .map(|f| (t.field_name)(*f).chars().count())
            .max();
        for (field, value) in set {
            let name = format!("{}:", (t.field_name)(field));
            written(writeln!(
                out,
                "{name:<w$} {value}",
                w = width.unwrap_or(0) + 1
            ))?;
        }
    }
    finish(out)
}

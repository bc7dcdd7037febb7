//! `kundreg get KEY [--json]`: one customer, by customer number or email, and the versions
//! that changed them, newest first.

use std::io::Write;

use serde_json::{Value, json};

use crate::cmd::{Settings, aligned, card, finish, open, stdout, written};
use crate::error::Error;
use crate::field::Field;
use crate::inert::visible;
use crate::lang::local_time;
use crate::report::changes::field_changes;
use crate::store::{Access, Version};

/// Prints the customer with number or email `key`, and the versions that changed them.
pub fn run(settings: &Settings, key: &str, json: bool) -> Result<(), Error> {
    let not_found = || Error::NoSuchCustomer {
        key: key.to_string(),
    };
    let store = open(settings, Access::Read)?.ok_or_else(not_found)?;
    let view = store.read()?;
    let customer = view.find(key)?.ok_or_else(not_found)?;
    let versions = view.versions_of(customer.number())?;
    let changed: Vec<Vec<Field>> = versions
        .iter()
        .map(|(_, change)| field_changes(change).map(|c| c.iter().map(|(f, _, _)| *f).collect()))
        .collect::<Result<_, _>>()
        .map_err(crate::store::StoreError::from)?;
    let (mut out, _) = stdout();
    if json {
        let mut object = card::json(&customer);
        let list = versions.iter().zip(&changed).map(|((v, _), fields)| {
            let at = chrono::DateTime::from_timestamp(v.at, 0).map(|t| t.to_rfc3339());
            let fields: Vec<&str> = fields.iter().map(|f| f.key()).collect();
            json!({"version": v.number, "at": at, "kind": v.kind.key(), "file": v.file, "fields": fields})
        });
        object.insert("versions".into(), Value::Array(list.collect()));
        written(writeln!(out, "{}", Value::Object(object)))?;
        return finish(out);
    }
    drop(out);
    card::print(settings, &customer)?;
    let t = settings.texts;
    let (mut out, _) = stdout();
    written(writeln!(out, "\n{}:", t.register.versions_title))?;
    let rows: Vec<[String; 5]> = std::iter::once(t.register.versions_columns.map(str::to_string))
        .chain(
            versions
                .iter()
                .zip(&changed)
                .map(|((v, _), fields)| row(settings, v, fields)),
        )
        .collect();
    for line in aligned(&rows, "  ") {
        written(writeln!(out, "{line}"))?;
    }
    finish(out)
}

/// One version as `get` lists it.
fn row(settings: &Settings, v: &Version, fields: &[Field]) -> [String; 5] {
    let t = settings.texts;
    let names: Vec<&str> = fields.iter().map(|f| (t.field_name)(*f)).collect();
    [
        format!("v{}", v.number),
        local_time(v.at),
        t.kind_word(v.kind).to_string(),
        visible(v.file.as_deref().unwrap_or_default()).into_owned(),
        names.join(", "),
    ]
}

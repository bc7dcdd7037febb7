//! `kundreg duplicates [--json]`: the register's likely duplicates — groups of customers who
//! share a phone, or a first name + last name + postal code (see
//! [`crate::search::duplicates`]) — each customer on a line of its own.

use std::io::Write;

use serde_json::{Value, json};

use crate::cmd::{Settings, aligned, card, finish, open, stdout, written};
use crate::customer::Customer;
use crate::error::Error;
use crate::field::Field;
use crate::inert::visible;
use crate::search::duplicates::Shared;
use crate::store::Access;

/// The register's groups of likely duplicates: what they share, and the customers.
pub(crate) fn groups(settings: &Settings) -> Result<Vec<(Shared, Vec<Customer>)>, Error> {
    let mut groups = Vec::new();
    if let Some(store) = open(settings, Access::Read)? {
        let view = store.read()?;
        for (shared, numbers) in view.alike_groups()? {
            let mut customers = Vec::new();
            for number in &numbers {
                customers.extend(view.find(number)?);
            }
            groups.push((shared, customers));
        }
    }
    Ok(groups)
}

/// Prints the register's groups of likely duplicates.
pub fn run(settings: &Settings, json: bool) -> Result<(), Error> {
    let t = settings.texts.register;
    let groups = groups(settings)?;
    let (mut out, _) = stdout();
    if json {
        let list = groups.iter().map(|(shared, customers)| {
            let customers: Vec<Value> = customers
                .iter()
                .map(|c| Value::Object(card::json(c)))
                .collect();
            json!({"shared": shared.key(), "customers": customers})
        });
        written(writeln!(out, "{}", Value::Array(list.collect())))?;
        return finish(out);
    }
    if groups.is_empty() {
        written(writeln!(out, "{}", t.no_duplicates))?;
        return finish(out);
    }
    let fields = [
        Field::CustomerNumber,
        Field::FirstName,
        Field::LastName,
        Field::Email,
        Field::Phone,
        Field::PostalCode,
        Field::City,
    ];
    for (shared, customers) in &groups {
        written(writeln!(out, "{}:", (t.shared)(*shared)))?;
        let rows: Vec<[String; 7]> = customers
            .iter()
            .map(|c| fields.map(|f| visible(c.get(f).unwrap_or_default()).into_owned()))
            .collect();
        for line in aligned(&rows, "  ") {
            written(writeln!(out, "{line}"))?;
        }
        written(writeln!(out))?;
    }
    written(writeln!(out, "{}", (t.duplicate_groups)(groups.len())))?;
    finish(out)
}

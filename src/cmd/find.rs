//! `kundreg find TEXT... [--json] [--limit N]`: the customers a search matches (the rules are
//! in `crate::search`), those a word names exactly first.

use std::io::Write;

use serde_json::Value;

use crate::cmd::{Settings, aligned, card, finish, open, stdout, written};
use crate::error::Error;
use crate::field::Field;
use crate::inert::visible;
use crate::search::{Found, Query};
use crate::store::Access;

/// Prints the first `limit` customers matching `words`, and how many more match.
pub fn run(settings: &Settings, words: &[String], json: bool, limit: usize) -> Result<(), Error> {
    let query = Query::parse(&words.join(" "))?;
    let found = match open(settings, Access::Read)? {
        Some(store) => store.read()?.search(&query, limit)?,
        None => Found::default(),
    };
    let (mut out, _) = stdout();
    if json {
        let list: Vec<Value> = found
            .customers
            .iter()
            .map(|c| Value::Object(card::json(c)))
            .collect();
        written(writeln!(out, "{}", Value::Array(list)))?;
        return finish(out);
    }
    let t = settings.texts.register;
    if found.total == 0 {
        written(writeln!(out, "{}", t.found_none))?;
        return finish(out);
    }
    let rows: Vec<[String; 5]> = std::iter::once(t.find_columns.map(str::to_string))
        .chain(found.customers.iter().map(|c| {
            let value = |field| visible(c.get(field).unwrap_or_default()).into_owned();
            let name = [Field::FirstName, Field::LastName, Field::Company]
                .map(|f| c.get(f).unwrap_or_default());
            let name = match name {
                [first, last, _] if !first.is_empty() || !last.is_empty() => {
                    format!("{first} {last}").trim().to_string()
                }
                [_, _, company] => company.to_string(),
            };
            [
                value(Field::CustomerNumber),
                visible(&name).into_owned(),
                value(Field::Email),
                value(Field::Phone),
                value(Field::City),
            ]
        }))
        .collect();
    // With --limit 0 only the count is said.
    for line in aligned(&rows, "").iter().filter(|_| rows.len() > 1) {
        written(writeln!(out, "{line}"))?;
    }
    let more = found.total - found.customers.len();
    if !found.complete {
        written(writeln!(out, "{}", (t.found_more_than)(more)))?;
    } else if more > 0 {
        written(writeln!(out, "{}", (t.found_more)(more)))?;
    }
    finish(out)
}

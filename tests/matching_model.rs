//! A property test of matching against a plain reference: random registers and files of
//! customer numbers and emails drawn from small pools (so they collide often), planned by
//! kundreg and by a straightforward reading of the reference's matching table, row by row in
//! file order. Both must give every row the same status, customer and problem.

use std::collections::{BTreeMap, HashMap};

use kundreg::customer::Change;
use kundreg::field::Field;
use kundreg::input::Input;
use kundreg::plan::{MemoryRegister, Purpose, Status, plan};
use proptest::prelude::*;

const EMAILS: [&str; 5] = ["a@x.se", "b@x.se", "c@x.se", "d@x.se", "e@x.se"];
const NAMES: [&str; 2] = ["Anna", "Bo"];

/// A row: customer number, email, first name (each may be left out).
type Row = (Option<u8>, Option<u8>, Option<u8>);

fn row() -> impl Strategy<Value = Row> {
    (
        proptest::option::of(1u8..9),
        proptest::option::of(0u8..5),
        proptest::option::of(0u8..2),
    )
}

fn csv(rows: &[Row]) -> String {
    let mut text = String::from("kundnr,epost,förnamn\n");
    for (number, email, name) in rows {
        let number = number.map(|n| n.to_string()).unwrap_or_default();
        let email = email.map_or("", |e| EMAILS[e as usize]);
        let name = name.map_or("", |n| NAMES[n as usize]);
        text.push_str(&format!("{number},{email},{name}\n"));
    }
    text
}

/// A customer of the reference register.
#[derive(Clone, Debug, Default)]
struct Customer {
    email: Option<String>,
    name: Option<String>,
}

/// What the reference says of one row: its status (or problem) and its customer.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Expected {
    Row(Status, String),
    Problem(&'static str),
}

/// The reference's matching table, applied row by row (rows with no values at all are blank
/// lines, not rows).
fn reference(register: &BTreeMap<String, Customer>, rows: &[Row]) -> Vec<Expected> {
    let rows: Vec<Row> = rows
        .iter()
        .copied()
        .filter(|r| *r != (None, None, None))
        .collect();
    let by_email: HashMap<&str, &str> = register
        .iter()
        .filter_map(|(n, c)| c.email.as_deref().map(|e| (e, n.as_str())))
        .collect();
    enum Lands {
        On(String),
        NewByEmail,
        Error(&'static str),
    }
    let number = |n: &Option<u8>| n.map(|n| n.to_string());
    let email = |e: &Option<u8>| e.map(|e| EMAILS[e as usize]);
    let mut lands: Vec<Lands> = rows
        .iter()
        .map(
            |(n, e, _)| match (number(n), email(e).and_then(|e| by_email.get(e))) {
                (None, None) if e.is_none() => Lands::Error("no_key"),
                (Some(n), Some(owner)) if n != *owner => {
                    Lands::Error(if register.contains_key(&n) {
                        "number_and_email_differ"
                    } else {
                        "email_has_other_number"
                    })
                }
                (Some(n), _) => Lands::On(n),
                (None, Some(owner)) => Lands::On(owner.to_string()),
                (None, None) => Lands::NewByEmail,
            },
        )
        .collect();
    // Rows on one customer: the same email, the same number given, or the same owner.
    let key = |i: usize, lands: &Lands| match lands {
        Lands::On(n) => Some(n.clone()),
        _ => number(&rows[i].0),
    };
    let keys: Vec<(Option<&str>, Option<String>)> = lands
        .iter()
        .enumerate()
        .map(|(i, l)| (email(&rows[i].1), key(i, l)))
        .collect();
    for i in 0..rows.len() {
        let shared = (0..rows.len()).any(|j| {
            j != i
                && !matches!(lands[j], Lands::Error("no_key"))
                && ((keys[i].0.is_some() && keys[i].0 == keys[j].0)
                    || (keys[i].1.is_some() && keys[i].1 == keys[j].1))
        });
        if shared && !matches!(lands[i], Lands::Error(_)) {
            lands[i] = Lands::Error("duplicate_in_file");
        }
    }
    // New customers by email get the next numbers in file order.
    let mut next = register
        .keys()
        .chain(keys.iter().filter_map(|k| k.1.as_ref()))
        .filter_map(|n| n.parse::<u64>().ok())
        .chain(rows.iter().filter_map(|r| r.0.map(u64::from)))
        .max()
        .unwrap_or(0);
    lands
        .into_iter()
        .enumerate()
        .map(|(i, lands)| {
            let customer = match lands {
                Lands::Error(problem) => return Expected::Problem(problem),
                Lands::NewByEmail => {
                    next += 1;
                    return Expected::Row(Status::New, next.to_string());
                }
                Lands::On(n) => n,
            };
            let Some(before) = register.get(&customer) else {
                return Expected::Row(Status::New, customer);
            };
            let (_, e, name) = &rows[i];
            let changes = email(e).is_some_and(|e| before.email.as_deref() != Some(e))
                || name.is_some_and(|n| before.name.as_deref() != Some(NAMES[n as usize]));
            let status = if changes {
                Status::Update
            } else {
                Status::Unchanged
            };
            Expected::Row(status, customer)
        })
        .collect()
}

/// kundreg's plan of `rows`, in the reference's terms, in file order.
fn planned(register: &mut MemoryRegister, rows: &[Row]) -> Vec<Expected> {
    let input = Input::from_bytes("k.csv", csv(rows).as_bytes()).unwrap();
    let purpose = Purpose::Report { unchanged: true };
    let plan = plan(&[1; 32], &input.parsed, register, purpose, &mut |_| {}).unwrap();
    let parsed = &input.parsed.rows;
    let mut by_line: BTreeMap<u32, Expected> = BTreeMap::new();
    for o in &plan.outcomes {
        let number = plan
            .texts
            .number(o)
            .or(parsed.get(o.row as usize, Field::CustomerNumber));
        let line = parsed.line(o.row as usize);
        by_line.insert(line, Expected::Row(o.status, number.unwrap_or("").into()));
    }
    for e in &plan.errors {
        by_line.insert(e.line, Expected::Problem(e.problem.key()));
    }
    by_line.into_values().collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn matching_follows_the_table(
        existing in proptest::collection::btree_map(1u8..7, (proptest::option::of(0u8..5), proptest::option::of(0u8..2)), 0..6),
        rows in proptest::collection::vec(row(), 1..8),
    ) {
        // The reference register: each email with one customer at most.
        let mut register = BTreeMap::new();
        let mut taken = std::collections::HashSet::new();
        for (number, (email, name)) in existing {
            let email = email.filter(|e| taken.insert(*e)).map(|e| EMAILS[e as usize].to_string());
            let name = name.map(|n| NAMES[n as usize].to_string());
            register.insert(number.to_string(), Customer { email, name });
        }
        let mut memory = MemoryRegister::default();
        let lines: Vec<Row> = register
            .iter()
            .map(|(n, c)| {
                let e = c.email.as_deref().and_then(|e| EMAILS.iter().position(|x| *x == e));
                let name = c.name.as_deref().and_then(|m| NAMES.iter().position(|x| *x == m));
                (n.parse().ok(), e.map(|e| e as u8), name.map(|n| n as u8))
            })
            .collect();
        if !lines.is_empty() {
            let input = Input::from_bytes("r.csv", csv(&lines).as_bytes()).unwrap();
            let mut sink = |r: &mut MemoryRegister, c: &[Change]| r.apply(c);
            plan(&[0; 32], &input.parsed, &mut memory, Purpose::Apply(&mut sink), &mut |_| {}).unwrap();
        }
        prop_assert_eq!(planned(&mut memory, &rows), reference(&register, &rows), "{}", csv(&rows));
    }
}

//! A model-based property test of the history: random sequences of imports (that create,
//! change and collide), customers changed and added by hand, rollbacks (conflicting ones too, with and without force), rollbacks
//! to a version, and forgets run against the real store and against a plain model that
//! keeps a snapshot of the register after every version. After every step the register,
//! the history and the record of imported files equal the model's, and every search through
//! the search index finds what a plain scan of the register finds.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::time::Duration;

use common::ops::{CITIES, EMAILS, NAMES, Op, PHONES, add_list, edit_list, file, op};
use kundreg::Error;
use kundreg::cmd::apply;
use kundreg::customer::{self, Change, Customer};
use kundreg::field::{Field, same_value};
use kundreg::input::Input;
use kundreg::plan::{MemoryRegister, Purpose, plan};
use kundreg::rollback::Undo;
use kundreg::search::{Query, scan};
use kundreg::store::{Access, Kind, RegisterChecksum, Store, StoreError};
use proptest::prelude::*;

/// The register: record by customer number.
type Register = BTreeMap<String, Vec<u8>>;

/// One version as the model keeps it.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Entry {
    kind: Kind,
    rolled_back_by: Option<u64>,
    undid: Vec<u64>,
    redid: Vec<u64>,
    sha: Option<[u8; 32]>,
}

#[derive(Default)]
struct Model {
    /// The register right after each version (index 0: before the first), with forgotten
    /// customers taken out of every snapshot up to their forget.
    states: Vec<Register>,
    entries: Vec<Entry>,
    /// Version that applied a file, by SHA-256, while it stands.
    imported: BTreeMap<[u8; 32], u64>,
    /// The largest numeric number a customer ever held, forgotten ones included.
    highest: Option<String>,
}

impl Model {
    fn current(&self) -> &Register {
        self.states.last().expect("state 0")
    }

    fn version(&self) -> u64 {
        self.entries.len() as u64
    }

    fn push(&mut self, state: Register, entry: Entry) {
        let numbers = state.keys().chain(&self.highest);
        self.highest = numbers
            .filter(|n| customer::is_numeric(n))
            .max_by(|a, b| customer::numeric_cmp(a, b))
            .cloned();
        self.states.push(state);
        self.entries.push(entry);
    }

    fn entry(&mut self, version: u64) -> &mut Entry {
        &mut self.entries[version as usize - 1]
    }

    fn import(&mut self, input: &Input) -> Result<(), &'static str> {
        let sha = input.inspection.sha256;
        if self.imported.contains_key(&sha) {
            return Err("already imported");
        }
        let mut register = memory(self.current());
        // A number kundreg gives is above every number a customer ever held.
        register.highest = self.highest.clone();
        let mut sink = |r: &mut MemoryRegister, c: &[Change]| r.apply(c);
        let purpose = Purpose::Apply(&mut sink);
        let plan = plan(&sha, &input.parsed, &mut register, purpose, &mut |_| {}).expect("plan");
        if plan.counts.new + plan.counts.update == 0 {
            return Ok(());
        }
        self.push(
            register.customers,
            Entry {
                kind: Kind::Import,
                rolled_back_by: None,
                undid: vec![],
                redid: vec![],
                sha: Some(sha),
            },
        );
        self.imported.insert(sha, self.version());
        Ok(())
    }

    /// Gives the customer `number` the name `NAMES[name]` with its phone and city.
    fn edit(&mut self, number: &str, name: u8) -> Result<(), &'static str> {
        let record = self.current().get(number).ok_or("no such customer")?;
        let mut customer =
            Customer::from_values(&customer::decode(number, record).expect("record"));
        let i = name as usize;
        for (field, value) in [
            (Field::FirstName, NAMES[i]),
            (Field::Phone, PHONES[i]),
            (Field::City, CITIES[i]),
        ] {
            // A value the import rules call the same keeps the form the register has.
            let old = &mut customer.values[field.index()];
            if !old.as_deref().is_some_and(|o| same_value(field, o, value)) {
                *old = Some(value.to_string());
            }
        }
        let values: customer::Values<'_> = std::array::from_fn(|f| customer.values[f].as_deref());
        let mut after = Vec::new();
        customer::encode(&values, &mut after);
        if &after == record {
            return Ok(());
        }
        let mut state = self.current().clone();
        state.insert(number.to_string(), after);
        self.push(state, by_hand(Kind::Edit));
        Ok(())
    }

    /// Adds a customer with `EMAILS[email]`, the name `NAMES[name]` and the next number.
    fn add(&mut self, email: u8, name: u8) -> Result<(), &'static str> {
        let email = EMAILS[email as usize];
        let current = self.current();
        if current
            .iter()
            .any(|(n, r)| email_of(n, r).as_deref() == Some(email))
        {
            return Err("the customer exists");
        }
        let number = match &self.highest {
            Some(highest) => customer::increment(highest),
            None => "1".to_string(),
        };
        let mut values: customer::Values<'_> = [None; kundreg::field::FIELD_COUNT];
        let i = name as usize;
        values[Field::CustomerNumber.index()] = Some(&number);
        values[Field::Email.index()] = Some(email);
        values[Field::FirstName.index()] = Some(NAMES[i]);
        values[Field::Phone.index()] = Some(PHONES[i]);
        values[Field::City.index()] = Some(CITIES[i]);
        let mut record = Vec::new();
        customer::encode(&values, &mut record);
        let mut state = current.clone();
        state.insert(number, record);
        self.push(state, by_hand(Kind::Add));
        Ok(())
    }

    fn rollback(&mut self, version: u64, force: bool) -> Result<(), &'static str> {
        if version == 0 || version > self.version() {
            return Err("no such version");
        }
        let entry = self.entries[version as usize - 1].clone();
        if entry.kind == Kind::Forget {
            return Err("forget is final");
        }
        if entry.rolled_back_by.is_some() {
            return Err("already rolled back");
        }
        let (before, after) = (
            &self.states[version as usize - 1],
            &self.states[version as usize],
        );
        let mut state = self.current().clone();
        let mut conflict = false;
        let touched: BTreeSet<&String> = before.keys().chain(after.keys()).collect();
        for number in touched {
            if before.get(number) == after.get(number) {
                continue;
            }
            conflict |= state.get(number) != after.get(number);
            match before.get(number) {
                Some(record) => state.insert(number.clone(), record.clone()),
                None => state.remove(number),
            };
        }
        if (conflict && !force) || !emails_unique(&state) {
            return Err("conflicts");
        }
        let new = self.version() + 1;
        self.entry(version).rolled_back_by = Some(new);
        self.unimport(version);
        for &redone in &entry.undid {
            self.entry(redone).rolled_back_by = None;
            if let Some(sha) = self.entry(redone).sha {
                self.imported.entry(sha).or_insert(redone);
            }
        }
        self.push(
            state,
            Entry {
                kind: Kind::Rollback,
                rolled_back_by: None,
                undid: vec![version],
                redid: entry.undid.clone(),
                sha: None,
            },
        );
        Ok(())
    }

    fn rollback_to(&mut self, version: u64) -> Result<(), &'static str> {
        if version > self.version() {
            return Err("no such version");
        }
        let undone: Vec<u64> = (version + 1..=self.version())
            .rev()
            .filter(|&v| {
                let e = &self.entries[v as usize - 1];
                e.kind != Kind::Forget && e.rolled_back_by.is_none()
            })
            .collect();
        if undone.is_empty() {
            return Ok(());
        }
        let new = self.version() + 1;
        for &v in &undone {
            self.entry(v).rolled_back_by = Some(new);
            self.unimport(v);
        }
        let state = self.states[version as usize].clone();
        self.push(
            state,
            Entry {
                kind: Kind::Rollback,
                rolled_back_by: None,
                undid: undone,
                redid: vec![],
                sha: None,
            },
        );
        Ok(())
    }

    fn unimport(&mut self, version: u64) {
        if let Some(sha) = self.entry(version).sha
            && self.imported.get(&sha) == Some(&version)
        {
            self.imported.remove(&sha);
        }
    }

    fn forget(&mut self, key: &str) -> Result<(), &'static str> {
        let number = if self.current().contains_key(key) {
            key.to_string()
        } else {
            let owner = self
                .current()
                .iter()
                .find(|(n, r)| email_of(n, r).as_deref() == Some(key));
            owner.ok_or("no such customer")?.0.clone()
        };
        for state in &mut self.states {
            state.remove(&number);
        }
        let state = self.current().clone();
        self.push(
            state,
            Entry {
                kind: Kind::Forget,
                rolled_back_by: None,
                undid: vec![],
                redid: vec![],
                sha: None,
            },
        );
        Ok(())
    }
}

/// A version of a change by hand, as the model keeps it.
fn by_hand(kind: Kind) -> Entry {
    Entry {
        kind,
        rolled_back_by: None,
        undid: vec![],
        redid: vec![],
        sha: None,
    }
}

fn email_of(number: &str, record: &[u8]) -> Option<String> {
    customer::decode(number, record).expect("record")[Field::Email.index()].map(str::to_string)
}

fn emails_unique(state: &Register) -> bool {
    let emails: Vec<String> = state.iter().filter_map(|(n, r)| email_of(n, r)).collect();
    let mut sorted = emails.clone();
    sorted.sort();
    sorted.dedup();
    sorted.len() == emails.len()
}

fn memory(state: &Register) -> MemoryRegister {
    let mut register = MemoryRegister::default();
    let changes: Vec<Change> = state
        .iter()
        .map(|(n, r)| Change {
            number: n.clone(),
            before: None,
            after: Some(r.clone()),
        })
        .collect();
    register.apply(&changes).expect("model records");
    register
}

fn open(path: &Path) -> Store {
    Store::open(path, Access::Write, Duration::ZERO, &mut || {})
        .expect("open")
        .expect("a register")
}

/// The register and history as the store has them, in the model's terms.
fn stored(path: &Path, model: &Model) -> (Vec<Customer>, Vec<Entry>, BTreeMap<[u8; 32], u64>) {
    let store = open(path);
    let view = store.read().expect("read");
    let mut customers = Vec::new();
    view.for_each_customer(|c| {
        customers.push(c);
        Ok::<(), StoreError>(())
    })
    .expect("customers");
    let mut entries: Vec<Entry> = view
        .history()
        .expect("history")
        .into_iter()
        .map(|v| Entry {
            kind: v.kind,
            rolled_back_by: v.rolled_back_by,
            undid: v.undid,
            redid: v.redid,
            sha: v.sha256,
        })
        .collect();
    entries.reverse();
    let mut imported = BTreeMap::new();
    for sha in model.entries.iter().filter_map(|e| e.sha) {
        if let Some(v) = view.imported_as(&sha).expect("imported") {
            imported.insert(sha, v.number);
        }
    }
    (customers, entries, imported)
}

/// Forgets the customer with this number or email, as `kundreg forget` does.
fn forget(path: &Path, key: &str) -> Result<(), Error> {
    let store = open(path);
    let customer = store.read()?.find(key)?;
    let customer = customer.ok_or_else(|| Error::NoSuchCustomer { key: key.into() })?;
    store.forget(&customer)?;
    Ok(())
}

/// Searches that try every rule of `find` on the tests' customers.
const SEARCHES: [&str; 14] = [
    "anna",
    "a",
    "bo",
    "ci",
    "öster",
    "ö",
    "ås",
    "0701234567",
    "070 123 45 67",
    "+46 8-55 55",
    "3",
    "BO@x.se",
    "anna öst",
    "cilla 5",
];

/// Whether every search through the store's search index finds what a plain scan finds.
fn searches_agree(path: &Path) -> Result<(), String> {
    if !path.exists() {
        return Ok(());
    }
    let store = open(path);
    let view = store.read().expect("read");
    for text in SEARCHES {
        let query = Query::parse(text).expect("query");
        let found = view.search(&query, 3).expect("search");
        let scanned =
            scan::<StoreError>(&query, 3, |each| view.for_each_customer(each)).expect("scan");
        if found != scanned {
            return Err(format!("{text:?}: index {found:?}, scan {scanned:?}"));
        }
    }
    Ok(())
}

/// The checksum the store keeps, if there is a register yet.
fn stored_checksum(path: &Path) -> RegisterChecksum {
    if !path.exists() {
        return RegisterChecksum::default();
    }
    open(path)
        .read()
        .expect("read")
        .checksum()
        .expect("checksum")
}

/// The checksum of the model's register, worked out from scratch.
fn checksum(state: &Register) -> RegisterChecksum {
    let mut checksum = RegisterChecksum::default();
    for (number, record) in state {
        checksum.add(number, record);
    }
    checksum
}

fn customers(state: &Register) -> Vec<Customer> {
    state
        .iter()
        .map(|(n, r)| Customer::from_values(&customer::decode(n, r).expect("record")))
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn the_store_behaves_as_the_model(ops in proptest::collection::vec(op(), 1..14)) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("kundreg.redb");
        let mut model = Model { states: vec![Register::new()], ..Model::default() };
        for (step, op) in ops.iter().enumerate() {
            let (expected, actual) = match op {
                Op::Import(rows) => {
                    let input = Input::from_bytes(&format!("fil{step}.csv"), &file(rows)).unwrap();
                    let actual = apply::import(&open(&path), &input, None, &mut |_| {});
                    (model.import(&input), actual.map(drop))
                }
                Op::Rollback { pick, force } => {
                    let version = u64::from(*pick) % (model.version() + 2);
                    let actual = apply::rollback(&open(&path), Undo::Version(version), *force, None);
                    (model.rollback(version, *force), actual.map(drop))
                }
                Op::RollbackTo(pick) => {
                    let version = u64::from(*pick) % (model.version() + 2);
                    let actual = apply::rollback(&open(&path), Undo::To(version), false, None);
                    (model.rollback_to(version), actual.map(drop))
                }
                Op::Forget { number, by_email } => {
                    let key = if *by_email { EMAILS[*number as usize % 4].to_string() } else { number.to_string() };
                    let actual = forget(&path, &key);
                    (model.forget(&key), actual.map(drop))
                }
                Op::Edit { number, name } => {
                    let number = number.to_string();
                    let list = edit_list(&number, *name);
                    let actual = apply::by_hand(&open(&path), Kind::Edit, &list, None);
                    (model.edit(&number, *name), actual.map(drop))
                }
                Op::Add { email, name } => {
                    let actual = apply::by_hand(&open(&path), Kind::Add, &add_list(*email, *name), None);
                    (model.add(*email, *name), actual.map(drop))
                }
            };
            prop_assert_eq!(expected.is_ok(), actual.is_ok(), "step {} {:?}: model {:?}, store {:?}", step, op, expected, actual.err());
            let (stored_customers, stored_entries, stored_imported) = stored(&path, &model);
            prop_assert_eq!(&stored_customers, &customers(model.current()), "register after step {} {:?}", step, op);
            prop_assert_eq!(&stored_entries, &model.entries, "history after step {} {:?}", step, op);
            prop_assert_eq!(&stored_imported, &model.imported, "imported files after step {} {:?}", step, op);
            prop_assert_eq!(stored_checksum(&path), checksum(model.current()), "checksum after step {} {:?}", step, op);
            prop_assert_eq!(searches_agree(&path), Ok(()), "search after step {} {:?}", step, op);
        }
    }
}

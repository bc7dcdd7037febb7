//! Any sequence of imports, rollbacks and forgets made on any of three computers — on the
//! primary at once, on a replica as a request the primary carries out — with a simulated sync
//! client between their copies of the shared folder that brings changes late, in any order,
//! first cut short (also under a temporary name, and as a conflict copy), and not at all to or
//! from a computer cut off from the others; computers are cut off, promoted (also while cut
//! off, also two at once) and healed. Once everything is healed and every change has arrived,
//! all three registers hold the same customers, history and checksum; every request was
//! answered; each import was applied at most once, and one that is not in the history was
//! fenced and kept for its computer to give back; no forgotten customer of the first file (which
//! no import names again) is in any register.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

use common::ops::{EMAILS, Op, add_list, edit_list, file, op};
use common::register::{open, state};
use kundreg::cmd::watch::carry::carry_out;
use kundreg::rollback::Undo;
use kundreg::shared::fenced::fenced_work;
use kundreg::shared::folder::SharedFolder;
use kundreg::shared::member::Member;
use kundreg::shared::place::Place;
use kundreg::shared::promote::promote;
use kundreg::shared::request::{Asked, Owed, Request};
use kundreg::shared::status::Role;
use kundreg::store::{Kind, Store, StoreError};
use proptest::prelude::*;

const COMPUTERS: usize = 3;

struct Computer {
    db: PathBuf,
    copy: PathBuf,
    member: Member,
}

impl Computer {
    fn open(&self) -> impl Fn() -> Result<Store, StoreError> + '_ {
        || open(&self.db)
    }

    fn version(&self) -> u64 {
        open(&self.db).unwrap().read().unwrap().version()
    }

    fn folder(&self) -> SharedFolder {
        SharedFolder::of(&self.copy, self.member.shared.shop_key().cloned())
    }
}

/// Every file under `.kundreg/` of `copy` with its bytes, by its path there (temporary names
/// left out).
fn files(copy: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let root = copy.join(".kundreg");
    let mut found = BTreeMap::new();
    let mut stack = vec![root.clone()];
    while let Some(dir) = stack.pop() {
        for entry in fs::read_dir(&dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if !entry.file_name().to_string_lossy().starts_with('.')
                && let Ok(bytes) = fs::read(&path)
            {
                found.insert(path.strip_prefix(&root).unwrap().to_path_buf(), bytes);
            }
        }
    }
    found
}

/// The sync client: it notices what changed in each copy since it last looked and carries it
/// to the other copies — a write or a removal, the latest change to a file winning — late,
/// cut short first, or not at all while either end is cut off.
#[derive(Default)]
struct Client {
    /// Each copy as the client last saw it.
    seen: Vec<BTreeMap<PathBuf, Vec<u8>>>,
    /// Changes not carried yet: (from, to, path) → the bytes, or `None` for a removal.
    pending: BTreeMap<(usize, usize, PathBuf), Option<Vec<u8>>>,
    cut: BTreeSet<usize>,
}

impl Client {
    fn carry(&mut self, computers: &[Computer], tape: &mut impl Iterator<Item = u8>, all: bool) {
        self.seen.resize(computers.len(), BTreeMap::new());
        for (i, computer) in computers.iter().enumerate() {
            let now = files(&computer.copy);
            let before = std::mem::take(&mut self.seen[i]);
            let paths: BTreeSet<&PathBuf> = now.keys().chain(before.keys()).collect();
            for path in paths {
                let value = now.get(path);
                if value == before.get(path) {
                    continue;
                }
                for to in (0..computers.len()).filter(|&to| to != i) {
                    // The latest change to a file wins.
                    self.pending.retain(|(_, t, p), _| !(*t == to && p == path));
                    self.pending.insert((i, to, path.clone()), value.cloned());
                }
            }
            self.seen[i] = now;
        }
        let deliverable: Vec<(usize, usize, PathBuf)> = self
            .pending
            .keys()
            .filter(|(from, to, _)| !self.cut.contains(from) && !self.cut.contains(to))
            .cloned()
            .collect();
        for key in deliverable {
            let pick = if all { 0 } else { tape.next().unwrap_or(0) % 4 };
            let (_, to, path) = &key;
            let target = computers[*to].copy.join(".kundreg").join(path);
            let value = self.pending[&key].clone();
            match (pick, value) {
                (0 | 1, Some(bytes)) => {
                    fs::create_dir_all(target.parent().unwrap()).unwrap();
                    fs::write(&target, &bytes).unwrap();
                    self.seen[*to].insert(path.clone(), bytes);
                    self.pending.remove(&key);
                }
                (0 | 1, None) => {
                    let _ = fs::remove_file(&target);
                    self.seen[*to].remove(path);
                    self.pending.remove(&key);
                }
                (2, Some(bytes)) => {
                    // Arriving: cut short under its own name and under a temporary one, and a
                    // conflict copy of an older state.
                    fs::create_dir_all(target.parent().unwrap()).unwrap();
                    let part = bytes[..bytes.len() / 2].to_vec();
                    fs::write(&target, &part).unwrap();
                    let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
                    let conflict = target.with_file_name(format!(
                        "{stem}.sync-conflict-20261201-120000-ABCDEFG.kchange"
                    ));
                    fs::write(&conflict, &part).unwrap();
                    let temp = target.with_file_name(format!(
                        ".syncthing.{}.tmp",
                        path.file_name().unwrap().to_string_lossy()
                    ));
                    fs::write(temp, &bytes[..bytes.len() / 3]).unwrap();
                    self.seen[*to].insert(path.clone(), part.clone());
                    let conflict = conflict.strip_prefix(computers[*to].copy.join(".kundreg"));
                    self.seen[*to].insert(conflict.unwrap().to_path_buf(), part);
                }
                _ => {}
            }
        }
    }
}

/// What each computer's `watch` does in a step, as it sees its own copy.
fn look(computers: &mut [Computer]) {
    for c in computers.iter_mut() {
        let open = || common::register::open(&c.db);
        c.member.refresh(&open).unwrap();
        if c.member.role() == Role::Primary {
            c.member.publish(&open).unwrap();
            let folder = c.folder();
            let term = c.member.term.as_ref().map(|t| (t.epoch, t.author()));
            for id in folder.requests().unwrap() {
                match folder.answers().owed(&id, term) {
                    Some(Owed::Nothing) => continue,
                    Some(Owed::Again(answer)) => {
                        folder.answer(&id, &answer).unwrap();
                        continue;
                    }
                    None => {}
                }
                let Ok((request, bytes)) = folder.read_request(&id, u64::MAX) else {
                    continue;
                };
                if request.register != c.member.identity.register {
                    continue;
                }
                let mut answer = carry_out(open().unwrap(), &request, &bytes);
                answer.term = c.member.term.as_ref().map(|t| (t.epoch, t.author()));
                c.member.publish(&open).unwrap();
                folder.answer(&id, &answer).unwrap();
            }
            folder.remove_answered().unwrap();
        } else {
            let version = c.version();
            c.member.follow(Some(version), &open).unwrap();
        }
        c.member.give_back(&c.copy, &open).unwrap();
        let folder = c.folder();
        for id in folder.requests_from(&c.member.computer).unwrap() {
            let answered = folder.standing_answer(&id);
            if answered.is_some_and(|a| a.outcome.version().is_none_or(|v| v <= c.version())) {
                folder.withdraw(&id).unwrap();
            }
        }
        let version = c.version();
        c.member.write_status(version, None).unwrap();
    }
}

/// What happens in a step: work on a computer, or the network.
#[derive(Clone, Debug)]
enum Step {
    Work(usize, Op),
    Cut(usize),
    Heal,
    Promote(usize),
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        8 => (0..COMPUTERS, op()).prop_map(|(at, op)| Step::Work(at, op)),
        2 => (0..COMPUTERS).prop_map(Step::Cut),
        1 => Just(Step::Heal),
        2 => (0..COMPUTERS).prop_map(Step::Promote),
    ]
}

/// The request `op` makes at `step` on a register at `version`. A forget by number names one
/// of the customers `k1`…`k6` of the first file, which no import names again (and a new
/// customer, numbered after the highest number, is never given): none may be in any register
/// once forgotten.
fn asked(step: usize, op: &Op, version: u64) -> (Asked, Vec<u8>) {
    match op {
        Op::Import(rows) => {
            let asked = Asked::Import {
                file: format!("f{step}.csv"),
                expected: None,
                columns: String::new(),
                sheet: None,
            };
            (asked, file(rows))
        }
        Op::Rollback { pick, force } => {
            let undo = Undo::Version(u64::from(*pick) % (version + 2));
            let asked = Asked::Rollback {
                undo,
                force: *force,
                expected: None,
            };
            (asked, Vec::new())
        }
        Op::RollbackTo(pick) => {
            let undo = Undo::To(u64::from(*pick) % (version + 2));
            let asked = Asked::Rollback {
                undo,
                force: false,
                expected: None,
            };
            (asked, Vec::new())
        }
        Op::Forget { number, by_email } => {
            let key = if *by_email {
                EMAILS[*number as usize % 4].to_string()
            } else {
                format!("k{number}")
            };
            (Asked::Forget { key }, Vec::new())
        }
        Op::Edit { number, name } => {
            let list = edit_list(&format!("k{number}"), *name);
            let asked = Asked::ByHand {
                kind: Kind::Edit,
                list,
                expected: None,
            };
            (asked, Vec::new())
        }
        Op::Add { email, name } => {
            let asked = Asked::ByHand {
                kind: Kind::Add,
                list: add_list(*email, *name),
                expected: None,
            };
            (asked, Vec::new())
        }
    }
}

/// The files every register has applied, and the customers every register has forgotten, so
/// far (a register rebuilt later no longer says).
fn note(computers: &[Computer], applied: &mut BTreeSet<String>, forgotten: &mut BTreeSet<String>) {
    for c in computers {
        let store = open(&c.db).unwrap();
        let history = store.read().unwrap().history().unwrap();
        applied.extend(history.into_iter().filter_map(|v| v.file));
        forgotten.extend(store.forgotten().unwrap().into_iter().map(|(_, n)| n));
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn every_computer_converges_nothing_is_applied_twice_or_lost_and_no_forget_is_undone(
        steps in proptest::collection::vec(step(), 1..14),
        tape in proptest::collection::vec(any::<u8>(), 0..400),
    ) {
        let dir = tempfile::tempdir().unwrap();
        let mut tape = tape.into_iter();
        let mut client = Client::default();
        let mut computers: Vec<Computer> = Vec::new();
        // Every customer a forget by number may name is there from the start.
        let first = dir.path().join("pc0.redb");
        let everyone: String = (1..7).map(|n| format!("k{n},,Anna\n")).collect();
        let everyone = format!("kundnummer,epost,förnamn\n{everyone}");
        let input = kundreg::input::Input::from_bytes("first.csv", everyone.as_bytes()).unwrap();
        kundreg::cmd::apply::import(&open(&first).unwrap(), &input, None, &mut |_| {}).unwrap();
        for (i, name) in ["Office", "Till 1", "Till 2"].into_iter().enumerate() {
            let copy = dir.path().join(format!("pc{i}"));
            fs::create_dir_all(&copy).unwrap();
            let db = dir.path().join(format!("pc{i}.redb"));
            if let Some(primary) = computers.first() {
                // The folder's identity and first snapshot have arrived before a till joins.
                client.carry(&computers, &mut tape, true);
                for (path, bytes) in files(&primary.copy) {
                    let target = copy.join(".kundreg").join(&path);
                    fs::create_dir_all(target.parent().unwrap()).unwrap();
                    fs::write(target, bytes).unwrap();
                }
                client.seen.push(files(&copy));
            }
            let code = computers.first().and_then(|c: &Computer| c.member.shared.shop_key().cloned());
            let (member, _) = Member::join(&copy, &db, name.into(), code.as_ref(), &|| open(&db)).unwrap();
            computers.push(Computer { db, copy, member });
        }
        look(&mut computers);
        let (mut applied, mut forgotten) = (BTreeSet::new(), BTreeSet::new());
        for (n, step) in steps.iter().enumerate() {
            match step {
                Step::Cut(i) => {
                    client.cut.insert(*i);
                }
                Step::Heal => client.cut.clear(),
                Step::Promote(i) => {
                    let c = &computers[*i];
                    let place = Place::of(&open(&c.db).unwrap()).unwrap().unwrap();
                    // Refused when it is the primary already, or has no snapshot to start from.
                    let _ = promote(&place, &c.db, &c.member.name, true, &c.open());
                }
                Step::Work(at, op) => {
                    let c = &computers[*at];
                    let (asked, bytes) = asked(n, op, c.version());
                    let request = Request {
                        register: c.member.identity.register,
                        from: c.member.computer,
                        from_name: c.member.name.clone(),
                        at: chrono::Utc::now().timestamp(),
                        asked,
                        waiting: false,
                    };
                    if c.member.role() == Role::Primary {
                        carry_out(open(&c.db).unwrap(), &request, &bytes);
                    } else {
                        c.folder().send(&request, &mut bytes.as_slice()).unwrap();
                    }
                }
            }
            note(&computers, &mut applied, &mut forgotten);
            client.carry(&computers, &mut tape, false);
            if tape.next().is_some_and(|b| b % 2 == 0) {
                look(&mut computers);
                note(&computers, &mut applied, &mut forgotten);
            }
        }
        // Healed: everything arrives, everyone looks, until nothing is left to do (bounded).
        client.cut.clear();
        for _ in 0..8 {
            client.carry(&computers, &mut tape, true);
            look(&mut computers);
            note(&computers, &mut applied, &mut forgotten);
        }
        let primaries = computers.iter().filter(|c| c.member.role() == Role::Primary).count();
        prop_assert_eq!(primaries, 1);
        let kept = state(&computers[0].db);
        for c in &computers[1..] {
            prop_assert_eq!(&state(&c.db), &kept);
        }
        for copy in computers.iter().map(|c| c.folder()) {
            prop_assert!(copy.requests().unwrap().is_empty(), "a request was never answered");
        }
        let fenced: Vec<String> = computers.iter().flat_map(|c| {
            fenced_work(&open(&c.db).unwrap()).unwrap().into_iter().filter_map(|w| w.version.file)
        }).collect();
        for name in &applied {
            let times = kept.1.iter().filter(|v| v.file.as_ref() == Some(name)).count();
            prop_assert!(times <= 1, "{} applied {} times", name, times);
            prop_assert!(times == 1 || fenced.contains(name), "{} was lost", name);
        }
        // Of the customers forgotten, those no import names.
        for number in forgotten.iter().filter(|n| n.starts_with('k')) {
            prop_assert!(
                kept.0.iter().all(|c| c.number() != number),
                "forgotten customer {} is back", number
            );
        }
    }
}

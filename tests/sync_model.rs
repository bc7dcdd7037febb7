//! Any sequence of imports, rollbacks and forgets made on any of three computers — on the
//! primary at once, on a replica as a request the primary carries out — with a simulated sync
//! client between their copies of the shared folder that brings files late, in any order, first
//! cut short (also under a temporary name, and as a conflict copy), and again after they
//! arrived: once every file has
//! arrived and each computer has looked, all three registers hold the same customers, history
//! and checksum, every request was answered, and no input was applied twice.

mod common;

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use common::ops::{EMAILS, Op, file, op};
use common::register::{open, state};
use kundreg::cmd::request::carry_out;
use kundreg::replication::folder::{SharedFolder, hex};
use kundreg::replication::member::Member;
use kundreg::replication::request::{Asked, Request};
use kundreg::rollback::Undo;
use kundreg::store::{Store, StoreError};
use proptest::prelude::*;

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
        SharedFolder::of(&self.copy)
    }
}

/// Every file under `.kundreg/` of `copy`, by its path there (temporary names left out).
fn files(copy: &Path) -> BTreeSet<PathBuf> {
    let root = copy.join(".kundreg");
    let mut found = BTreeSet::new();
    let mut stack = vec![root.clone()];
    while let Some(dir) = stack.pop() {
        for entry in fs::read_dir(&dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if !entry.file_name().to_string_lossy().starts_with('.') {
                found.insert(path.strip_prefix(&root).unwrap().to_path_buf());
            }
        }
    }
    found
}

/// The computer that writes the file at `path` in `.kundreg/`: a request's sender, a status
/// file's computer, the primary for everything else.
fn writer(path: &Path, computers: &[Computer]) -> usize {
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    computers
        .iter()
        .position(|c| {
            let id = hex(&c.member.computer);
            match path.parent().and_then(Path::to_str) {
                Some("requests") => name.contains(&id),
                Some("computers") => name.starts_with(&id),
                _ => false,
            }
        })
        .unwrap_or(0)
}

/// One round of the sync client. `tape` decides, file by file and copy by copy, whether a
/// change is carried now, left for later, or first written cut short.
fn carry(computers: &[Computer], tape: &mut impl Iterator<Item = u8>, everything: bool) {
    let all: BTreeSet<PathBuf> = computers.iter().flat_map(|c| files(&c.copy)).collect();
    for path in all {
        let from = &computers[writer(&path, computers)];
        let source = from.copy.join(".kundreg").join(&path);
        for to in computers.iter().filter(|c| c.copy != from.copy) {
            let target = to.copy.join(".kundreg").join(&path);
            let pick = if everything {
                0
            } else {
                tape.next().unwrap_or(0) % 4
            };
            match fs::read(&source) {
                Ok(bytes) if fs::read(&target).ok().as_ref() != Some(&bytes) => match pick {
                    0 | 1 => {
                        fs::create_dir_all(target.parent().unwrap()).unwrap();
                        fs::write(&target, &bytes).unwrap();
                    }
                    2 => {
                        // Arriving: cut short under its own name, and under a temporary one;
                        // and a conflict copy the client kept of an older state.
                        fs::create_dir_all(target.parent().unwrap()).unwrap();
                        fs::write(&target, &bytes[..bytes.len() / 2]).unwrap();
                        let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
                        let conflict =
                            format!("{stem}.sync-conflict-20261201-120000-ABCDEFG.kchange");
                        fs::write(target.with_file_name(conflict), &bytes[..bytes.len() / 2])
                            .unwrap();
                        let temp = target.with_file_name(format!(
                            ".syncthing.{}.tmp",
                            path.file_name().unwrap().to_string_lossy()
                        ));
                        fs::write(temp, &bytes[..bytes.len() / 3]).unwrap();
                    }
                    _ => {}
                },
                Err(_) if target.exists() && pick != 3 => fs::remove_file(&target).unwrap(),
                _ => {}
            }
        }
    }
}

/// What each computer's `watch` does in a step.
fn look(computers: &[Computer]) {
    let primary = &computers[0];
    primary.member.publish(&primary.open()).unwrap();
    let folder = primary.folder();
    for id in folder.requests().unwrap() {
        if folder.answer_of(&id).is_some() {
            continue;
        }
        let Ok((request, bytes)) = folder.read_request(&id) else {
            continue;
        };
        let answer = carry_out(open(&primary.db).unwrap(), &request, &bytes);
        primary.member.publish(&primary.open()).unwrap();
        folder.answer(&id, &answer).unwrap();
    }
    folder.remove_answered().unwrap();
    for replica in &computers[1..] {
        replica
            .member
            .follow(Some(replica.version()), &replica.open())
            .unwrap();
        let folder = replica.folder();
        for id in folder.requests_from(&replica.member.computer).unwrap() {
            let answered = folder.answer_of(&id);
            if answered.is_some_and(|a| a.version.is_none_or(|v| v <= replica.version())) {
                folder.withdraw(&id).unwrap();
            }
        }
        replica
            .member
            .write_status(replica.version(), None)
            .unwrap();
    }
}

fn asked(step: usize, op: &Op, version: u64) -> (Asked, Vec<u8>) {
    match op {
        Op::Import(rows) => {
            let file_name = format!("f{step}.csv");
            (
                Asked::Import {
                    file: file_name,
                    expected: None,
                },
                file(rows),
            )
        }
        Op::Rollback { pick, force } => {
            let undo = Undo::Version(u64::from(*pick) % (version + 2));
            (
                Asked::Rollback {
                    undo,
                    force: *force,
                    expected: None,
                },
                Vec::new(),
            )
        }
        Op::RollbackTo(pick) => {
            let undo = Undo::To(u64::from(*pick) % (version + 2));
            (
                Asked::Rollback {
                    undo,
                    force: false,
                    expected: None,
                },
                Vec::new(),
            )
        }
        Op::Forget { number, by_email } => {
            let key = if *by_email {
                EMAILS[*number as usize % 4].to_string()
            } else {
                number.to_string()
            };
            (Asked::Forget { key }, Vec::new())
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 16, ..ProptestConfig::default() })]

    #[test]
    fn every_computer_ends_with_the_primarys_register_and_nothing_is_applied_twice(
        ops in proptest::collection::vec((0usize..3, op()), 1..10),
        tape in proptest::collection::vec(any::<u8>(), 0..400),
    ) {
        let dir = tempfile::tempdir().unwrap();
        let mut tape = tape.into_iter();
        let mut computers: Vec<Computer> = Vec::new();
        for (i, name) in ["Office", "Till 1", "Till 2"].into_iter().enumerate() {
            let copy = dir.path().join(format!("pc{i}"));
            fs::create_dir_all(&copy).unwrap();
            let db = dir.path().join(format!("pc{i}.redb"));
            if let Some(primary) = computers.first() {
                // The folder's identity and first snapshot have arrived before a till joins.
                carry(std::slice::from_ref(primary), &mut tape, true);
                for path in files(&primary.copy) {
                    let target = copy.join(".kundreg").join(&path);
                    fs::create_dir_all(target.parent().unwrap()).unwrap();
                    fs::copy(primary.copy.join(".kundreg").join(&path), target).unwrap();
                }
            }
            let (member, _) = Member::join(&copy, &db, name.into(), i == 0, &|| open(&db)).unwrap();
            computers.push(Computer { db, copy, member });
        }
        carry(&computers, &mut tape, true);
        look(&computers);
        let mut imports = Vec::new();
        for (step, (at, op)) in ops.iter().enumerate() {
            let computer = &computers[*at];
            let (asked, bytes) = asked(step, op, computer.version());
            if let Asked::Import { file, .. } = &asked {
                imports.push(file.clone());
            }
            let request = Request {
                register: computer.member.identity.register,
                from: computer.member.computer,
                from_name: computer.member.name.clone(),
                at: chrono::Utc::now().timestamp(),
                asked,
                waiting: false,
            };
            if *at == 0 {
                carry_out(open(&computer.db).unwrap(), &request, &bytes);
            } else {
                computer.folder().send(&request, &mut bytes.as_slice()).unwrap();
            }
            carry(&computers, &mut tape, false);
            if tape.next().is_some_and(|b| b % 2 == 0) {
                look(&computers);
            }
        }
        // Everything arrives, everyone looks, until nothing is left to do (bounded).
        for _ in 0..6 {
            carry(&computers, &mut tape, true);
            look(&computers);
        }
        carry(&computers, &mut tape, true);
        look(&computers);
        let primary = state(&computers[0].db);
        for replica in &computers[1..] {
            prop_assert_eq!(&state(&replica.db), &primary);
        }
        for copy in computers.iter().map(|c| c.folder()) {
            prop_assert!(copy.requests().unwrap().is_empty(), "a request was never answered");
        }
        let history = &primary.1;
        for name in imports {
            let applied = history.iter().filter(|v| v.file.as_deref() == Some(name.as_str())).count();
            prop_assert!(applied <= 1, "{} applied {} times", name, applied);
        }
    }
}

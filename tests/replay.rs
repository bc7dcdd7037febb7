//! A replica that replays every change-set the primary publishes holds exactly the primary's
//! register: for random imports (that create, change and collide), rollbacks (conflicting
//! ones too, with and without force), rollbacks to a version and forgets, after every step
//! the customers, the whole history and the checksum are the same on both (a forget travels
//! as a snapshot, which the replica restores). A change-set of another register, out of
//! order, or damaged changes nothing on the replica.

mod common;

use std::path::Path;

use common::ops::{EMAILS, Op, add_list, edit_list, file, op};
use common::register::{self, state};
use kundreg::cmd::apply;
use kundreg::input::Input;
use kundreg::rollback::Undo;
use kundreg::shared::folder::{ComputerId, RegisterId};
use kundreg::shared::key::ShopKey;
use kundreg::shared::replay::{ReplayError, publish, replay};
use kundreg::shared::snapshot::{Own, restore, write_snapshot};
use kundreg::store::{Kind, Local, Store};
use proptest::prelude::*;

const REGISTER: RegisterId = RegisterId([42; 16]);

/// The shop key the change-sets and snapshots are sealed with.
fn key() -> ShopKey {
    static KEY: std::sync::OnceLock<ShopKey> = std::sync::OnceLock::new();
    KEY.get_or_init(|| ShopKey::new().unwrap()).clone()
}

fn open(path: &Path) -> Store {
    register::open(path).expect("a register")
}

/// Runs `op` on the primary; true for a forget that erased someone.
fn run(path: &Path, step: usize, op: &Op) -> bool {
    let version = |path: &Path| open(path).read().map_or(0, |v| v.version());
    match op {
        Op::Import(rows) => {
            let input = Input::from_bytes(&format!("fil{step}.csv"), &file(rows)).unwrap();
            let _ = apply::import(&open(path), &input, None, &mut |_| {});
            false
        }
        Op::Rollback { pick, force } => {
            let v = u64::from(*pick) % (version(path) + 2);
            let _ = apply::rollback(&open(path), Undo::Version(v), *force, None);
            false
        }
        Op::RollbackTo(pick) => {
            let v = u64::from(*pick) % (version(path) + 2);
            let _ = apply::rollback(&open(path), Undo::To(v), false, None);
            false
        }
        Op::Edit { number, name } => {
            let list = edit_list(&number.to_string(), *name);
            let _ = apply::by_hand(&open(path), Kind::Edit, &list, None);
            false
        }
        Op::Add { email, name } => {
            let _ = apply::by_hand(&open(path), Kind::Add, &add_list(*email, *name), None);
            false
        }
        Op::Forget { number, by_email } => {
            let key = if *by_email {
                EMAILS[*number as usize % 4].to_string()
            } else {
                number.to_string()
            };
            let store = open(path);
            let found = store
                .read()
                .ok()
                .and_then(|view| view.find(&key).ok().flatten());
            found.is_some_and(|customer| store.forget(&customer).is_ok())
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 40, ..ProptestConfig::default() })]

    #[test]
    fn a_replica_holds_exactly_the_primarys_register(ops in proptest::collection::vec(op(), 1..12)) {
        let dir = tempfile::tempdir().unwrap();
        let (primary, replica) = (dir.path().join("primary.redb"), dir.path().join("replica.redb"));
        drop(open(&replica));
        open(&primary).set_local(Local::Register, REGISTER).unwrap();
        let snapshot = dir.path().join("snapshot");
        for (step, op) in ops.iter().enumerate() {
            let before = open(&primary).read().unwrap().version();
            let forgot = run(&primary, step, op);
            let view_store = open(&primary);
            let view = view_store.read().unwrap();
            if view.version() == before {
                continue;
            }
            if forgot {
                drop(view);
                let (bytes, ..) = write_snapshot(&view_store, REGISTER, 1, Vec::new(), &key()).unwrap();
                std::fs::write(&snapshot, bytes).unwrap();
                let own = Own { computer: ComputerId([7; 16]), folder: "folder", run: None, carry: Vec::new() };
                restore(std::fs::File::open(&snapshot).unwrap(), None, REGISTER, &replica, &own).unwrap();
                // The copy is the replica's own: its computer, not the primary's.
                prop_assert_eq!(open(&replica).local(Local::Computer).unwrap(), Some(vec![7; 16]));
            } else {
                let (bytes, _) = publish(&view, REGISTER, 1, Vec::new(), &key()).unwrap();
                drop(view);
                let replayed = replay(open(&replica), REGISTER, bytes.as_slice());
                prop_assert!(replayed.is_ok(), "step {} {:?}: {:?}", step, op, replayed.err());
            }
            drop(view_store);
            prop_assert_eq!(state(&replica), state(&primary), "after step {} {:?}", step, op);
        }
    }
}

#[test]
fn a_change_set_that_does_not_fit_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (primary, replica) = (
        dir.path().join("primary.redb"),
        dir.path().join("replica.redb"),
    );
    drop(open(&replica));
    let import = |name: &str, text: &str| {
        let input = Input::from_bytes(name, text.as_bytes()).unwrap();
        apply::import(&open(&primary), &input, None, &mut |_| {}).unwrap();
        let store = open(&primary);
        let view = store.read().unwrap();
        publish(&view, REGISTER, 1, Vec::new(), &key()).unwrap().0
    };
    let first = import("a.csv", "kundnr,förnamn\n1,Anna\n2,Bo\n");
    let second = import("b.csv", "kundnr,förnamn\n1,Annie\n");
    let empty = state(&replica);
    // Out of order: version 2 before version 1.
    assert!(matches!(
        replay(open(&replica), REGISTER, second.as_slice()),
        Err(ReplayError::OutOfOrder {
            current: 0,
            found: 2
        })
    ));
    // Another register's.
    assert!(matches!(
        replay(open(&replica), RegisterId([1; 16]), first.as_slice()),
        Err(ReplayError::OtherRegister)
    ));
    // Cut short, or changed in a byte.
    assert!(replay(open(&replica), REGISTER, &first[..first.len() - 1]).is_err());
    let mut changed = first.clone();
    let at = changed.len() / 2;
    changed[at] ^= 1;
    assert!(replay(open(&replica), REGISTER, changed.as_slice()).is_err());
    assert_eq!(state(&replica), empty);
    // A replica that differs from the primary keeps what it had.
    let other = Input::from_bytes("x.csv", b"kundnr,stad\n9,Lund\n").unwrap();
    let diverged = dir.path().join("diverged.redb");
    drop(open(&diverged));
    replay(open(&diverged), REGISTER, first.as_slice()).unwrap();
    apply::import(&open(&diverged), &other, None, &mut |_| {}).unwrap();
    let before = state(&diverged);
    // Its version 2 is its own import now; the primary's version 2 does not follow it.
    assert!(replay(open(&diverged), REGISTER, second.as_slice()).is_err());
    assert_eq!(state(&diverged), before);
    // In order, it all arrives.
    replay(open(&replica), REGISTER, first.as_slice()).unwrap();
    replay(open(&replica), REGISTER, second.as_slice()).unwrap();
    assert_eq!(state(&replica), state(&primary));
}

//! The log in the shared folder, carried by a simulated sync client: the primary publishes
//! each version into its copy of the folder; the files reach the replica's copy late, in any
//! order, duplicated, and first as the partial temporary files sync clients write. The replica
//! catches up whenever it looks, never from a file still arriving, and once everything has
//! arrived it holds exactly the primary's register. A forget travels as a snapshot, and the
//! log before it (which held the person) is removed from both copies.

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use common::register::{open, state};
use kundreg::cmd::apply;
use kundreg::input::Input;
use kundreg::rollback::Undo;
use kundreg::shared::epochs::Term;
use kundreg::shared::folder::{ComputerId, RegisterId, SharedFolder};
use kundreg::shared::key::ShopKey;
use kundreg::shared::replica::follow;
use kundreg::shared::snapshot::Own;
use kundreg::store::Local;
use proptest::prelude::*;

/// One thing the primary does, drawn from few numbers and emails so that they collide. True
/// for a forget that erased someone.
fn act(db: &Path, step: usize, pick: u8) -> bool {
    let store = open(db).unwrap();
    let version = store.read().unwrap().version();
    match pick % 5 {
        0..=2 => {
            let text = format!(
                "kundnr,epost,stad\n{},k{}@x.se,Stad{step}\n{},,Ort{step}\n",
                pick % 7,
                pick % 3,
                pick % 5 + 1
            );
            let input = Input::from_bytes(&format!("f{step}.csv"), text.as_bytes()).unwrap();
            let _ = apply::import(&store, &input, None, &mut |_| {});
            false
        }
        3 => {
            let undo = Undo::Version(u64::from(pick) % (version + 1) + 1);
            let _ = apply::rollback(&store, undo, pick.is_multiple_of(2), None);
            false
        }
        _ => {
            let key = (pick % 7).to_string();
            let found = store
                .read()
                .ok()
                .and_then(|view| view.find(&key).ok().flatten());
            found.is_some_and(|customer| store.forget(&customer).is_ok())
        }
    }
}

/// What the sync client does with one published file: copies it at once, later, or first as
/// a partial temporary file.
#[derive(Clone, Copy, Debug)]
enum Carry {
    Now,
    Later,
    PartialFirst,
}

fn carry() -> impl Strategy<Value = Carry> {
    prop_oneof![
        Just(Carry::Now),
        Just(Carry::Later),
        Just(Carry::PartialFirst)
    ]
}

/// The version in a change-set's name.
fn version_of(file: &Path) -> u64 {
    let name = file.file_name().unwrap().to_string_lossy().into_owned();
    name.split('-').nth(1).unwrap().parse().unwrap()
}

/// The sync client's copy of a file of `a` in `b`.
fn carried(file: &Path, a: &Path, b: &Path) -> PathBuf {
    b.join(file.strip_prefix(a).unwrap())
}

fn copy_to(file: &Path, a: &Path, b: &Path) {
    let to = carried(file, a, b);
    fs::create_dir_all(to.parent().unwrap()).unwrap();
    fs::copy(file, to).unwrap();
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 30, ..ProptestConfig::default() })]

    #[test]
    fn a_replica_catches_up_from_files_arriving_in_any_order(
        steps in proptest::collection::vec((any::<u8>(), carry()), 1..14),
    ) {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (dir.path().join("a"), dir.path().join("b"));
        let (primary, replica) = (dir.path().join("primary.redb"), dir.path().join("replica.redb"));
        let (here, there) = (SharedFolder::of(&a, Some(shop_key())), SharedFolder::of(&b, Some(shop_key())));
        let term = first_term();
        here.start(&term).unwrap();
        let register = term.register;
        // The sync client brings the identity over first.
        copy_to(&record(&a), &a, &b);
        prop_assert_eq!(there.identity().unwrap(), here.identity().unwrap());
        for db in [&primary, &replica] {
            open(db).unwrap().set_local(Local::Register, register).unwrap();
        }
        let own = Own { computer: ComputerId::new(), folder: "b", run: None, carry: Vec::new() };
        let follow = || {
            let current = Some(open(&replica).unwrap().read().unwrap().version());
            follow(&there, &replica, current, &own, || open(&replica))
        };
        let mut later: Vec<PathBuf> = Vec::new();
        for (step, (pick, carry)) in steps.iter().enumerate() {
            let before = open(&primary).unwrap().read().unwrap().version();
            let forgot = act(&primary, step, *pick);
            let store = open(&primary).unwrap();
            let version = store.read().unwrap().version();
            if version > before {
                let file = if forgot {
                    let (file, _) = here.publish_snapshot(&store, &term).unwrap();
                    // The log before the forget held the person: gone from every copy.
                    let gone: Vec<PathBuf> = here.log().unwrap().into_iter().chain(here.snapshots().unwrap())
                        .filter(|f| f.version < version).map(|f| f.path).collect();
                    here.remove_before(version).unwrap();
                    for file in &gone {
                        let _ = fs::remove_file(carried(file, &a, &b));
                    }
                    later.retain(|f| !gone.contains(f));
                    file
                } else {
                    here.publish(&store.read().unwrap(), &term).unwrap()
                };
                match carry {
                    Carry::Now => copy_to(&file, &a, &b),
                    Carry::Later => later.push(file),
                    Carry::PartialFirst => {
                        let bytes = fs::read(&file).unwrap();
                        let to = carried(&file, &a, &b);
                        fs::create_dir_all(to.parent().unwrap()).unwrap();
                        let name = to.file_name().unwrap().to_string_lossy().into_owned();
                        // Syncthing's temporary name, then the file itself cut short under its
                        // own name (a client that writes in place).
                        fs::write(to.with_file_name(format!(".syncthing.{name}.tmp")), &bytes[..bytes.len() / 2]).unwrap();
                        fs::write(&to, &bytes[..bytes.len() - 1]).unwrap();
                        let caught = follow().unwrap();
                        let held = open(&replica).unwrap().read().unwrap().version();
                        prop_assert!(held < version, "a partial file was used");
                        prop_assert!(caught.incomplete.is_none() || caught.incomplete == Some(version));
                        fs::write(&to, &bytes).unwrap();
                    }
                }
            }
            drop(store);
            // A duplicate of an earlier file changes nothing.
            if let Some(first) = here.log().unwrap().first() {
                copy_to(&first.path, &a, &b);
            }
            let caught = follow();
            prop_assert!(caught.is_ok(), "step {}: {:?}", step, caught.err());
        }
        if let Some(first) = later.first() {
            // With a version missing and a later one there, the replica says which it awaits.
            let caught = follow().unwrap();
            let held = open(&replica).unwrap().read().unwrap().version();
            let missing_is_next = held + 1 == version_of(first);
            let later_arrived = there.log().unwrap().iter().any(|f| f.version > held + 1);
            if missing_is_next && later_arrived && caught.rebuilt.is_none() {
                prop_assert_eq!(caught.waiting_for, Some(held + 1));
            }
        }
        for file in later.iter().rev() {
            copy_to(file, &a, &b);
        }
        let caught = follow().unwrap();
        prop_assert_eq!((caught.incomplete, caught.waiting_for), (None, None));
        prop_assert_eq!(state(&replica), state(&primary));
    }
}

/// A sync client's conflict copy can carry the genuine file's name (the copy that "won"); a
/// file under a change-set's name whose contents do not have the name's hash is not replayed
/// (it is waited for, as one still arriving), and the genuine file is, once it is there.
#[test]
fn a_file_under_a_change_sets_name_with_other_contents_is_never_replayed() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    let (primary, other, replica) = (
        dir.path().join("primary.redb"),
        dir.path().join("other.redb"),
        dir.path().join("replica.redb"),
    );
    let term = first_term();
    let (here, there) = (
        SharedFolder::of(&a, Some(shop_key())),
        SharedFolder::of(&b, Some(shop_key())),
    );
    here.start(&term).unwrap();
    copy_to(&record(&a), &a, &b);
    assert!(there.chain().unwrap().is_some(), "the identity has arrived");
    for (db, city) in [(&primary, "Lund"), (&other, "Umeå")] {
        let text = format!("kundnr,stad\n1,{city}\n");
        let input = Input::from_bytes("f.csv", text.as_bytes()).unwrap();
        apply::import(&open(db).unwrap(), &input, None, &mut |_| {}).unwrap();
    }
    drop(open(&replica).unwrap());
    let genuine = here
        .publish(&open(&primary).unwrap().read().unwrap(), &term)
        .unwrap();
    // The other register's version 1, under the genuine file's name.
    fs::create_dir_all(dir.path().join("elsewhere/.kundreg")).unwrap();
    let elsewhere = SharedFolder::of(&dir.path().join("elsewhere"), Some(shop_key()));
    let impostor = elsewhere
        .publish(&open(&other).unwrap().read().unwrap(), &term)
        .unwrap();
    let name = carried(&genuine, &a, &b);
    fs::create_dir_all(name.parent().unwrap()).unwrap();
    fs::copy(&impostor, &name).unwrap();
    let caught = there
        .listing()
        .unwrap()
        .catch_up(&there, || open(&replica))
        .unwrap();
    assert_eq!((caught.replayed.len(), caught.incomplete), (0, Some(1)));
    assert_eq!(open(&replica).unwrap().read().unwrap().version(), 0);
    fs::copy(&genuine, &name).unwrap();
    let caught = there
        .listing()
        .unwrap()
        .catch_up(&there, || open(&replica))
        .unwrap();
    assert_eq!(caught.replayed.len(), 1);
    assert_eq!(state(&replica), state(&primary));
}

/// The one shop key of these tests' computers.
fn shop_key() -> ShopKey {
    static KEY: std::sync::OnceLock<ShopKey> = std::sync::OnceLock::new();
    KEY.get_or_init(|| ShopKey::new().unwrap()).clone()
}

/// The first term of a new folder, started by a new computer.
fn first_term() -> Term {
    Term {
        register: RegisterId::new(),
        epoch: 1,
        primary: ComputerId::new(),
        name: "kontoret".into(),
        from: 0,
        at: chrono::Utc::now(),
    }
}

/// The one epoch record in the folder `root`.
fn record(root: &Path) -> PathBuf {
    let records = fs::read_dir(root.join(".kundreg/epochs")).unwrap();
    records.flatten().next().unwrap().path()
}

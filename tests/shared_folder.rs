//! The log in the shared folder, carried by a simulated sync client: the primary publishes
//! each version into its copy of the folder; the files reach the replica's copy late, in any
//! order, duplicated, and first as the partial temporary files sync clients write. The replica
//! catches up whenever it looks, never from a file still arriving, and once everything has
//! arrived it holds exactly the primary's register.

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use common::register::{open, state};
use kundreg::cmd::apply;
use kundreg::input::Input;
use kundreg::replication::folder::SharedFolder;
use kundreg::rollback::Undo;
use proptest::prelude::*;

/// One thing the primary does, drawn from few numbers and emails so that they collide.
fn act(db: &Path, step: usize, pick: u8) -> Option<String> {
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
            None
        }
        3 => {
            let undo = Undo::Version(u64::from(pick) % (version + 1) + 1);
            let _ = apply::rollback(&store, undo, pick.is_multiple_of(2), None);
            None
        }
        _ => {
            let customer = store.read().ok()?.find(&(pick % 7).to_string()).ok()??;
            store.forget(&customer).ok()?;
            Some(customer.number().to_string())
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

fn copy_to(file: &Path, log: &Path) {
    fs::copy(file, log.join(file.file_name().unwrap())).unwrap();
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
        let (here, there) = (SharedFolder::of(&a), SharedFolder::of(&b));
        let register = here.start().unwrap();
        // The sync client brings the identity over first.
        let their_log = b.join(".kundreg").join("log");
        fs::create_dir_all(&their_log).unwrap();
        fs::copy(a.join(".kundreg/register"), b.join(".kundreg/register")).unwrap();
        prop_assert_eq!(there.identity().unwrap(), Some(register));
        drop(open(&primary).unwrap());
        drop(open(&replica).unwrap());
        let mut later: Vec<PathBuf> = Vec::new();
        for (step, (pick, carry)) in steps.iter().enumerate() {
            let before = open(&primary).unwrap().read().unwrap().version();
            let forgotten = act(&primary, step, *pick);
            let store = open(&primary).unwrap();
            let view = store.read().unwrap();
            if view.version() > before {
                let file = here.publish(&view, register, 1, forgotten.as_deref()).unwrap();
                match carry {
                    Carry::Now => copy_to(&file, &their_log),
                    Carry::Later => later.push(file),
                    Carry::PartialFirst => {
                        let bytes = fs::read(&file).unwrap();
                        let name = file.file_name().unwrap().to_string_lossy().into_owned();
                        // Syncthing's temporary name, then the file itself cut short under its
                        // own name (a client that writes in place).
                        fs::write(their_log.join(format!(".syncthing.{name}.tmp")), &bytes[..bytes.len() / 2]).unwrap();
                        fs::write(their_log.join(&name), &bytes[..bytes.len() - 1]).unwrap();
                        let caught = there.catch_up(register, || open(&replica)).unwrap();
                        let held = open(&replica).unwrap().read().unwrap().version();
                        prop_assert!(held < view.version(), "a partial file was replayed");
                        prop_assert!(caught.incomplete.is_none() || caught.incomplete == Some(view.version()));
                        fs::write(their_log.join(&name), &bytes).unwrap();
                    }
                }
            }
            drop(view);
            drop(store);
            // A duplicate of an earlier file changes nothing.
            if let Some(first) = here.log().unwrap().first() {
                copy_to(&first.path, &their_log);
            }
            let caught = there.catch_up(register, || open(&replica));
            prop_assert!(caught.is_ok(), "step {}: {:?}", step, caught.err());
        }
        if let Some(first) = later.first() {
            // With a version missing and a later one there, the replica says which it awaits.
            let caught = there.catch_up(register, || open(&replica)).unwrap();
            let held = open(&replica).unwrap().read().unwrap().version();
            let missing_is_next = held + 1 == version_of(first);
            let later_arrived = there.log().unwrap().iter().any(|f| f.version > held + 1);
            if missing_is_next && later_arrived {
                prop_assert_eq!(caught.waiting_for, Some(held + 1));
            }
        }
        for file in later.iter().rev() {
            copy_to(file, &their_log);
        }
        let caught = there.catch_up(register, || open(&replica)).unwrap();
        prop_assert_eq!((caught.incomplete, caught.waiting_for), (None, None));
        prop_assert_eq!(state(&replica), state(&primary));
    }
}

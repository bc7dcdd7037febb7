//! The log does not grow without end: the primary publishes a new snapshot once the log since
//! the last one is long enough, and removes what no live computer needs — older snapshots, and
//! change-sets every live computer has replayed that the newest snapshot holds. A replica that
//! is behind keeps the change-sets it still needs; one that was away rebuilds from the snapshot.

mod common;

use std::path::Path;

use common::register::{open, state};
use kundreg::cmd::apply;
use kundreg::input::Input;
use kundreg::shared::folder::LogFile;
use kundreg::shared::member::Member;
use kundreg::store::{Store, StoreError};

fn opener(db: &Path) -> impl Fn() -> Result<Store, StoreError> + '_ {
    move || open(db)
}

/// The versions of change-sets or snapshots, in order.
fn versions(files: &[LogFile]) -> Vec<u64> {
    files.iter().map(|f| f.version).collect()
}

fn import(db: &Path, step: usize) {
    let text = format!("kundnummer;stad\n{};Stad{step}\n", step % 10 + 1);
    let input = Input::from_bytes(&format!("f{step}.csv"), text.as_bytes()).unwrap();
    apply::import(&open(db).unwrap(), &input, None, &mut |_| {}).unwrap();
}

#[test]
fn the_log_is_compacted_to_what_live_computers_still_need() {
    let dir = tempfile::tempdir().unwrap();
    let inbox = dir.path().join("in");
    std::fs::create_dir(&inbox).unwrap();
    let (office_db, till_db) = (dir.path().join("office.redb"), dir.path().join("till.redb"));
    let (office, _) = Member::join(
        &inbox,
        &office_db,
        "Office".into(),
        None,
        &opener(&office_db),
    )
    .unwrap();
    let code = office.shared.shop_key().cloned();
    let (till, _) = Member::join(
        &inbox,
        &till_db,
        "Till".into(),
        code.as_ref(),
        &opener(&till_db),
    )
    .unwrap();
    till.follow(None, &opener(&till_db)).unwrap();
    let version = |db: &Path| open(db).unwrap().read().unwrap().version();
    // The till follows the first 50 versions, then stops.
    for step in 1..=50 {
        import(&office_db, step);
        office.publish(&opener(&office_db)).unwrap();
        till.follow(Some(version(&till_db)), &opener(&till_db))
            .unwrap();
        till.write_status(version(&till_db), None).unwrap();
    }
    assert_eq!(version(&till_db), 50);
    let mut snapshot_at = None;
    for step in 51..=130 {
        import(&office_db, step);
        let done = office.publish(&opener(&office_db)).unwrap();
        snapshot_at = snapshot_at.or(done.snapshot);
    }
    // A new snapshot after 100 change-sets since the first; the first one is gone.
    assert_eq!(snapshot_at, Some(100));
    let snapshots = versions(&office.shared.snapshots().unwrap());
    assert_eq!(snapshots, [100]);
    // The till holds 50: the change-sets from 51 on are kept for it, those before go.
    let log = versions(&office.shared.log().unwrap());
    assert_eq!(log, (51..=130).collect::<Vec<_>>());
    // Once it has caught up, the change-sets the snapshot holds go too.
    till.follow(Some(50), &opener(&till_db)).unwrap();
    till.write_status(version(&till_db), None).unwrap();
    assert_eq!(state(&till_db), state(&office_db));
    office.publish(&opener(&office_db)).unwrap();
    let log = versions(&office.shared.log().unwrap());
    assert_eq!(log, (101..=130).collect::<Vec<_>>());
    // A computer that joins now starts from the snapshot and the log after it.
    let late_db = dir.path().join("late.redb");
    let (late, _) = Member::join(
        &inbox,
        &late_db,
        "Late".into(),
        code.as_ref(),
        &opener(&late_db),
    )
    .unwrap();
    let caught = late.follow(None, &opener(&late_db)).unwrap();
    assert_eq!(caught.rebuilt.map(|(v, _)| v), Some(100));
    assert_eq!(caught.replayed.len(), 30);
    assert_eq!(state(&late_db), state(&office_db));
}

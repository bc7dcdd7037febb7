//! Property tests of the change-set file: whatever a version holds comes back exactly, and a
//! file cut short or changed in any byte is never taken for a whole one.

use kundreg::customer::Change;
use kundreg::shared::changeset::{ChangeSetReader, ChangeSetWriter, Header, file_name};
use kundreg::shared::frames::verify;
use kundreg::shared::key::ShopKey;
use kundreg::store::{Kind, Version};
use proptest::prelude::*;

fn change() -> impl Strategy<Value = Change> {
    (
        "[0-9]{1,8}",
        proptest::option::of(proptest::collection::vec(any::<u8>(), 0..40)),
        proptest::option::of(proptest::collection::vec(any::<u8>(), 0..40)),
    )
        .prop_map(|(number, before, after)| Change {
            number,
            before,
            after,
        })
}

fn header(version: u64, changes: u64) -> Header {
    Header {
        register: kundreg::shared::folder::RegisterId([7; 16]),
        epoch: 1,
        entry: Version {
            number: version,
            kind: Kind::Import,
            at: 1_764_600_000,
            file: Some("kunder.csv".into()),
            sha256: Some([3; 32]),
            fingerprint: [4; 32],
            new: changes,
            update: 0,
            removed: 0,
            chunks: 1,
            rolled_back_by: None,
            undid: Vec::new(),
            redid: Vec::new(),
        },
    }
}

fn written(header: &Header, changes: &[Change], checksum: [u8; 32]) -> Vec<u8> {
    let mut writer = ChangeSetWriter::new(Vec::new(), header, &key()).unwrap();
    for change in changes {
        writer.push(change).unwrap();
    }
    writer.finish(checksum).unwrap().0
}

/// The shop key the change-sets are sealed with.
fn key() -> ShopKey {
    static KEY: std::sync::OnceLock<ShopKey> = std::sync::OnceLock::new();
    KEY.get_or_init(|| ShopKey::new().unwrap()).clone()
}

/// Reads a whole change-set, its MAC checked first: header, changes, trailer, or the first
/// error.
fn read(bytes: &[u8]) -> Result<(Header, Vec<Change>, [u8; 32]), String> {
    verify(bytes, &key()).map_err(|e| e.to_string())?;
    let mut reader = ChangeSetReader::open(bytes).map_err(|e| e.to_string())?;
    let header = reader.header().clone();
    let mut changes = Vec::new();
    while let Some(batch) = reader.next_batch().map_err(|e| e.to_string())? {
        changes.extend(batch);
    }
    let trailer = reader.finish().map_err(|e| e.to_string())?;
    Ok((header, changes, trailer.register_checksum))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn a_change_set_comes_back_exactly(changes in proptest::collection::vec(change(), 0..300)) {
        let header = header(12, changes.len() as u64);
        let bytes = written(&header, &changes, [9; 32]);
        prop_assert_eq!(read(&bytes), Ok((header, changes, [9; 32])));
    }

    #[test]
    fn a_cut_or_changed_file_is_never_whole(
        changes in proptest::collection::vec(change(), 1..40),
        at in any::<prop::sample::Index>(),
        flip in 1u8..=255,
    ) {
        let bytes = written(&header(3, changes.len() as u64), &changes, [1; 32]);
        let at = at.index(bytes.len());
        prop_assert!(read(&bytes[..at]).is_err(), "cut at {}", at);
        let mut changed = bytes.clone();
        changed[at] ^= flip;
        prop_assert!(read(&changed).is_err(), "byte {} changed", at);
        let mut longer = bytes.clone();
        longer.push(0);
        prop_assert!(read(&longer).is_err(), "a byte added");
    }
}

#[test]
fn a_large_version_is_written_in_frames_and_named_by_its_hash() {
    let changes: Vec<Change> = (0..20_000)
        .map(|i| Change {
            number: i.to_string(),
            before: None,
            after: Some(format!("kund{i}@exempel.se Storgatan {i}").into_bytes()),
        })
        .collect();
    let header = header(1, changes.len() as u64);
    let mut writer = ChangeSetWriter::new(Vec::new(), &header, &key()).unwrap();
    for change in &changes {
        writer.push(change).unwrap();
    }
    let (bytes, trailer) = writer.finish([5; 32]).unwrap();
    let mut reader = ChangeSetReader::open(bytes.as_slice()).unwrap();
    let mut batches = 0;
    while reader.next_batch().unwrap().is_some() {
        batches += 1;
    }
    assert!(batches > 1, "one frame for 20,000 changes");
    assert_eq!(reader.finish().unwrap(), trailer);
    let name = file_name(1, 1, &[0xcd; 8], &trailer.sha256);
    let hash: String = trailer.sha256[..6]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert_eq!(
        name,
        format!("000001-000000000001-cdcdcdcdcdcdcdcd-{hash}.kchange")
    );
    assert!(matches!(
        ChangeSetReader::open(&b"kundreg register"[..]),
        Err(kundreg::shared::frames::LogFileError::NotOurs(_))
    ));
}

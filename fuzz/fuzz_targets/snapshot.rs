//! A snapshot file on arbitrary bytes, restored as a joining computer restores one once its
//! MAC is checked (as if the key were known to whoever wrote it): refused, or whole and
//! checked, never a panic, and the register it was to replace never touched
//! unless the copy is whole. The input is the register's identity the computer expects (16
//! bytes), then the snapshot file.
#![no_main]

use std::fs;
use std::path::PathBuf;
use std::sync::OnceLock;

use kundreg::shared::folder::{ComputerId, RegisterId};
use kundreg::shared::snapshot::{Own, restore};
use libfuzzer_sys::fuzz_target;

/// A folder of this run's own for the snapshot and the register it is restored as.
fn folder() -> &'static PathBuf {
    static FOLDER: OnceLock<PathBuf> = OnceLock::new();
    FOLDER.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("kundreg-fuzz-{}", std::process::id()));
        fs::create_dir_all(&dir).expect("a temporary folder for the fuzz target");
        dir
    })
}

fuzz_target!(|bytes: &[u8]| {
    let Some((register, file)) = bytes.split_first_chunk::<16>() else {
        return;
    };
    let dir = folder();
    let snapshot = dir.join("in.ksnap");
    let db = dir.join("kundreg.redb");
    fs::write(&snapshot, file).expect("the snapshot written to the temporary folder");
    fs::write(&db, b"the register before").expect("a register to replace");
    let own = Own {
        computer: ComputerId([7; 16]),
        folder: "fuzz",
        run: None,
        carry: Vec::new(),
    };
    let input = fs::File::open(&snapshot).expect("the snapshot just written");
    match restore(input, None, RegisterId(*register), &db, &own) {
        Ok(_) => fs::remove_file(&db).expect("the restored register removed"),
        Err(_) => assert_eq!(
            fs::read(&db).expect("the register still there"),
            b"the register before",
            "a snapshot refused left the register changed"
        ),
    }
    let left: Vec<_> = fs::read_dir(dir)
        .expect("the temporary folder")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name())
        .filter(|name| name != "in.ksnap" && name != "kundreg.redb")
        .collect();
    assert!(left.is_empty(), "a restore left files behind: {left:?}");
});

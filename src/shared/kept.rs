//! Copies of this computer's register kept before a rebuild replaces it with an older one (or
//! one that forks from it): `<register>.before-<UTC time>`, the last [`KEPT`]. A rebuild that
//! goes back — a newer term fencing this computer's versions, a register found to differ from
//! the primary's — must never lose a shop's data without a copy, whatever made the folder ask
//! for it. A rebuild that only moves forward keeps none. A customer erased — here, or in a
//! register a rebuild brings — removes every copy: it would hold the forgotten person.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// How many copies are kept; older ones are removed.
pub const KEPT: usize = 3;
const MARK: &str = ".before-";

/// Keeps a copy of the register `db` as it is now (a second name for the same file where the
/// file system has them, so it costs nothing until the register is replaced). Returns it.
pub fn keep(db: &Path) -> io::Result<PathBuf> {
    let at = chrono::Utc::now().format("%Y%m%dT%H%M%S%.3fZ");
    let mut name = db.as_os_str().to_owned();
    name.push(format!("{MARK}{at}"));
    let copy = PathBuf::from(name);
    if fs::hard_link(db, &copy).is_err() {
        fs::copy(db, &copy)?;
    }
    let all = copies(db);
    for old in all.iter().take(all.len().saturating_sub(KEPT)) {
        let _ = fs::remove_file(old);
    }
    Ok(copy)
}

/// Removes every copy kept of the register `db` (a customer was erased, whom they may hold).
/// Returns how many there were.
pub fn remove_all(db: &Path) -> usize {
    let copies = copies(db);
    for copy in &copies {
        let _ = fs::remove_file(copy);
    }
    copies.len()
}

/// The copies kept of the register `db`, oldest first.
pub fn copies(db: &Path) -> Vec<PathBuf> {
    let (Some(folder), Some(name)) = (db.parent(), db.file_name()) else {
        return Vec::new();
    };
    let folder = if folder.as_os_str().is_empty() {
        Path::new(".")
    } else {
        folder
    };
    let prefix = format!("{}{MARK}", name.to_string_lossy());
    let mut found: Vec<PathBuf> = fs::read_dir(folder)
        .into_iter()
        .flatten()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with(&prefix))
        .map(|e| folder.join(e.file_name()))
        .collect();
    // The time in the name sorts as text.
    found.sort();
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_last_three_copies_are_kept_each_whole() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("kundreg.redb");
        let mut made = Vec::new();
        for i in 0..5 {
            fs::write(&db, format!("register {i}")).unwrap();
            made.push(keep(&db).unwrap());
            // A rebuild renames a new register over the old one.
            let new = dir.path().join("new");
            fs::write(&new, "rebuilt").unwrap();
            fs::rename(&new, &db).unwrap();
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
        let kept = copies(&db);
        assert_eq!(kept, made[2..]);
        assert_eq!(fs::read_to_string(&kept[2]).unwrap(), "register 4");
        assert_eq!(fs::read_to_string(&db).unwrap(), "rebuilt");
        assert_eq!(remove_all(&db), 3);
        assert!(copies(&db).is_empty());
        assert_eq!(fs::read_to_string(&db).unwrap(), "rebuilt");
    }
}

//! A shared folder started by a kundreg from before the shop key: its files carry no seal.
//! On its first start with this kundreg, the computer whose register says it is the folder's
//! primary takes the folder over as it stands — it makes the shop key, seals the epoch records
//! with it (believing them as every computer did until then), and removes the log, which no
//! computer reads any more (the daemon publishes the register again). Every other computer
//! joins again with the join code.

use std::path::Path;

use super::epochs::Term;
use super::folder::{EPOCHS, SharedFolder};
use super::key::ShopKey;
use crate::store::{Local, Store, StoreError};

/// The most an epoch record from before the key held.
const RECORD_LIMIT: u64 = 16 << 10;

/// Why a folder could not be taken over.
#[derive(Debug, thiserror::Error)]
pub(super) enum TakeOverError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("{}: {source}", path.display())]
    Folder {
        path: std::path::PathBuf,
        source: std::io::Error,
    },
}

/// The shop key this computer made for the folder `inbox`, when its register at `db` is the
/// primary of a folder started before the key; `None` for any other computer or folder.
pub(super) fn take_over(
    inbox: &Path,
    db: &Path,
    open: &dyn Fn() -> Result<Store, StoreError>,
) -> Result<Option<ShopKey>, TakeOverError> {
    if !db.exists() {
        return Ok(None);
    }
    let store = open()?;
    let primary = store.local_bytes::<16>(Local::Primary)?;
    let is_primary = primary.is_some() && primary == store.local_bytes(Local::Computer)?;
    let of_folder = store.local(Local::Folder)? == Some(inbox.display().to_string().into_bytes());
    drop(store);
    let folder = SharedFolder::of(inbox, None);
    let records = match records_without_seal(&folder) {
        Some(records) if is_primary && of_folder && !records.is_empty() => records,
        _ => return Ok(None),
    };
    let folder_error = |source| TakeOverError::Folder {
        path: inbox.to_path_buf(),
        source,
    };
    let key = ShopKey::new().map_err(folder_error)?;
    let sealed = folder.with_key(key.clone());
    for term in &records {
        sealed.rewrite_term(term).map_err(folder_error)?;
    }
    key.save(db).map_err(folder_error)?;
    sealed.remove_log().map_err(folder_error)?;
    Ok(Some(key))
}

/// The folder's epoch records, when none of them is sealed (a folder from before the key).
fn records_without_seal(folder: &SharedFolder) -> Option<Vec<Term>> {
    let mut records = Vec::new();
    for entry in folder.entries(EPOCHS).ok()? {
        let text = crate::guarded::read_text(&entry.path(), RECORD_LIMIT).ok()?;
        if text.lines().any(|line| line.starts_with("mac: ")) {
            return None;
        }
        records.extend(Term::parse(&text));
    }
    Some(records)
}

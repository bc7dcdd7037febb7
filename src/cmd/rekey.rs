//! `kundreg rekey`: replaces the shop key on the primary, after a computer of the shop was
//! lost or given away (see [`crate::shared::key`]). The epoch records are sealed again
//! with the new key, the change-sets and snapshots sealed with the old one are removed (the
//! primary's daemon publishes the register again under the new key), and the new join code is
//! shown: every other computer joins again with it. A computer with the old key can no longer
//! speak for the shop.

use crate::cmd::{Settings, open, say};
use crate::error::Error;
use crate::shared::key::ShopKey;
use crate::shared::place::Place;
use crate::shared::status::Role;
use crate::store::Access;

pub fn run(settings: &Settings) -> Result<(), Error> {
    let (place, db) = match open(settings, Access::Read)? {
        Some(store) => (Place::of(&store)?, store.path().to_path_buf()),
        None => (None, settings.db.clone()),
    };
    let place = place.ok_or(Error::RekeyNotShared)?;
    if place.role() != Some(Role::Primary) {
        return Err(Error::RekeyNotPrimary {
            primary: place.primary_name().unwrap_or_default(),
        });
    }
    let shared_error = |source| Error::SharedFolder {
        path: place.inbox.clone(),
        source,
    };
    let chain = place
        .shared
        .chain()
        .map_err(shared_error)?
        .ok_or_else(|| shared_error(std::io::ErrorKind::NotFound.into()))?;
    let key = ShopKey::new().map_err(shared_error)?;
    let folder = place.shared.with_key(key.clone());
    for term in chain.terms.iter().chain(&chain.lost) {
        folder.rewrite_term(term).map_err(shared_error)?;
    }
    key.save(&db).map_err(|source| Error::Output {
        path: ShopKey::path(&db),
        source,
    })?;
    folder.remove_log().map_err(shared_error)?;
    say(&(settings.texts.key.rekeyed)(
        &key.fingerprint(),
        &key.join_code(),
    ))
}

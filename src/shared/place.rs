//! Where a register stands among computers, as any command can work it out without the
//! daemon: the shared folder its register's own entries name, the identity that folder
//! carries, and so this computer's role and its primary.

use std::path::PathBuf;

use super::folder::{Identity, SharedFolder};
use super::ids::{ComputerId, RegisterId};
use super::key::ShopKey;
use super::status::{ComputerStatus, Role};
use crate::store::{Local, Store, StoreError};

/// A register that belongs to a shared folder.
pub struct Place {
    /// The shared folder (the inbox `watch` runs on).
    pub inbox: PathBuf,
    pub shared: SharedFolder,
    /// What the folder says it carries (what this computer last read of it while the folder
    /// cannot be read).
    pub identity: Option<Identity>,
    pub register: Option<RegisterId>,
    pub computer: Option<ComputerId>,
    /// The mark of this computer's last run of `kundreg watch`.
    pub run: Option<u64>,
}

impl Place {
    /// The place of the register in `store`; `None` for a register no `watch` has run with.
    pub fn of(store: &Store) -> Result<Option<Place>, StoreError> {
        let Some(inbox) = store.local(Local::Folder)? else {
            return Ok(None);
        };
        let inbox = PathBuf::from(String::from_utf8_lossy(&inbox).into_owned());
        // Without its key (or with one that cannot be read) a computer believes nothing in
        // the folder: its standing is what it last read.
        let key = ShopKey::load(store.path()).ok().flatten();
        let folder = SharedFolder::of(&inbox, key);
        let register = store.local_id(Local::Register)?;
        // Where the folder cannot be reached, what this computer last read of it.
        let known = register
            .zip(store.local_id(Local::Primary)?)
            .map(|(register, primary)| Identity { register, primary });
        Ok(Some(Place {
            identity: folder.identity().ok().flatten().or(known),
            register,
            computer: store.local_id(Local::Computer)?,
            run: store.last_run()?,
            shared: folder,
            inbox,
        }))
    }

    /// This computer's role; `None` when the folder cannot be read or carries another
    /// register now.
    pub fn role(&self) -> Option<Role> {
        let identity = self.identity?;
        if self.register != Some(identity.register) {
            return None;
        }
        Some(if self.computer == Some(identity.primary) {
            Role::Primary
        } else {
            Role::Replica
        })
    }

    /// The primary's status, once its file has arrived.
    pub fn primary(&self) -> Option<ComputerStatus> {
        self.shared.status_of(&self.identity?.primary)
    }

    /// The primary's name (see [`SharedFolder::name_of`]).
    pub fn primary_name(&self) -> Option<String> {
        Some(self.shared.name_of(&self.identity?.primary))
    }

    /// This computer's own status, as its daemon last wrote it.
    pub fn own(&self) -> Option<ComputerStatus> {
        self.shared.status_of(&self.computer?)
    }

    /// True when another computer has written a status into the folder.
    pub fn has_others(&self) -> bool {
        self.shared
            .statuses()
            .is_ok_and(|all| all.iter().any(|(id, _)| Some(*id) != self.computer))
    }
}

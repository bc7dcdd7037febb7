//! The primary's side of each step: publishing every version the folder does not hold yet —
//! one as its change-set, a forget or several at once as a snapshot — removing what a forget
//! erased, and compacting the log once every live computer holds what it carries.

use std::io;
use std::path::Path;

use super::folder::{SharedFolder, log_io};
use super::log::Listing;
use super::member::Member;
use super::replay::ReplayError;
use crate::store::{Kind, Store, StoreError};

/// A new snapshot after this many versions since the last one.
const SNAPSHOT_EVERY: u64 = 100;
/// ... or once the log since the last one is larger than the snapshot, and at least this.
const SNAPSHOT_MIN_BYTES: u64 = 1 << 20;
/// A computer whose status is older than this is not waited for when the log is compacted.
const LIVE: chrono::TimeDelta = chrono::TimeDelta::days(14);

/// What the primary published in a step.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Published {
    /// The change-set of this version.
    pub change_set: Option<u64>,
    /// A snapshot at this version: after a forget, after more than one version was made since
    /// the last publish, or when the log since the last snapshot has grown enough.
    pub snapshot: Option<u64>,
    /// Log files and snapshots removed because they held a forgotten customer.
    pub erased: usize,
    /// Log files and snapshots removed because every live computer has what they hold.
    pub compacted: usize,
}

impl Member {
    /// The primary's side of a step: publishes what the register holds that the folder does
    /// not. One new version goes as its change-set; a forget, or more than one version (made
    /// while no daemon ran), as a snapshot. With a forget, every log file and snapshot before
    /// it is removed: they held the person. Then the log is compacted (see
    /// `Member::compact`).
    pub fn publish(
        &self,
        open: &dyn Fn() -> Result<Store, StoreError>,
    ) -> Result<Published, ReplayError> {
        let Some(term) = &self.term else {
            return Ok(Published::default());
        };
        let store = open()?;
        let view = store.read()?;
        let current = view.version();
        let listing = self.shared.listing().map_err(log_io)?.up_to(current);
        let listing = listing.sealed_after(&self.shared, self.checked.get());
        let published = listing.newest();
        let no_snapshot = listing.snapshots.is_empty();
        let mut done = Published::default();
        if current <= published && !no_snapshot {
            self.checked.set(current);
            // Replicas may have caught up since: what they all hold can go.
            done.compacted = self.compact(current, &listing).map_err(log_io)?;
            return Ok(done);
        }
        let mut forget = false;
        for version in published + 1..=current {
            forget |= view.entry(version)?.is_some_and(|v| v.kind == Kind::Forget);
        }
        let mut change_set = None;
        if current == published + 1 && !forget && !no_snapshot {
            change_set = Some(self.shared.publish(&view, term)?);
            done.change_set = Some(current);
        }
        drop(view);
        let due = change_set.is_none_or(|file| self.snapshot_due(&listing, &file));
        if due {
            self.shared.publish_snapshot(&store, term)?;
            done.snapshot = Some(current);
        }
        drop(store);
        // Its own files up to here: not read again to tell whose they are.
        self.checked.set(current);
        // What was published, and what a forget removes, changed the folder.
        let mut listing = self.shared.listing().map_err(log_io)?.up_to(current);
        if forget {
            done.erased =
                SharedFolder::remove_old(&listing, current - 1, current).map_err(log_io)?;
            listing = self.shared.listing().map_err(log_io)?.up_to(current);
        }
        done.compacted = self.compact(current, &listing).map_err(log_io)?;
        Ok(done)
    }

    /// True when the log since the newest snapshot is long enough for a new one: by count, or
    /// when replaying it would read more than the snapshot itself. `listing` is the folder as
    /// it was before this step's change-set, `added` that change-set.
    fn snapshot_due(&self, listing: &Listing, added: &Path) -> bool {
        let Some(newest) = listing.snapshots.last() else {
            return true;
        };
        let size = |path: &Path| std::fs::metadata(path).map_or(0, |m| m.len());
        let after = listing.log.iter().filter(|f| f.version > newest.version);
        let (count, log_bytes) = after.fold((1, size(added)), |(n, bytes), f| {
            (n + 1, bytes + size(&f.path))
        });
        count >= SNAPSHOT_EVERY || log_bytes >= size(&newest.path).max(SNAPSHOT_MIN_BYTES)
    }

    /// Removes what no live computer needs any more: snapshots older than the newest, and log
    /// files of versions both in the newest snapshot and replayed by every computer seen within
    /// [`LIVE`] (one away longer rebuilds from the snapshot when it returns). `current` is the
    /// primary's own version, `listing` the folder now. Returns how many files went.
    fn compact(&self, current: u64, listing: &Listing) -> io::Result<usize> {
        let Some(newest) = listing.snapshots.last() else {
            return Ok(0);
        };
        let now = chrono::Utc::now();
        let live = self
            .shared
            .statuses()?
            .into_iter()
            .filter(|(id, status)| *id != self.computer && now - status.seen < LIVE)
            .map(|(_, status)| status.version)
            .min()
            .unwrap_or(current);
        let through = newest.version.min(live).min(current);
        SharedFolder::remove_old(listing, through, newest.version)
    }
}

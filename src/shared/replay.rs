//! The two ends of a change-set: the primary publishes the version it has just made, a replica
//! replays it into its own register — in one transaction, checked against the checksum the
//! primary's register had after it, so a replica either holds exactly what the primary holds
//! or keeps what it had and says so.

use std::io::{Read, Write};

use super::changeset::{ChangeSetReader, ChangeSetWriter, Header, Trailer};
use super::frames::LogFileError;
use super::ids::RegisterId;
use super::key::ShopKey;
use crate::store::{Draft, Kind, ReadView, Store, StoreError, Version};

/// Why a change-set could not be replayed.
#[derive(Debug, thiserror::Error)]
pub enum ReplayError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    LogFile(#[from] LogFileError),
    #[error("the change-set belongs to another register")]
    OtherRegister,
    #[error("the register has no version to publish yet")]
    NothingToPublish,
    /// The change-set is not the next version here: one before it has not been replayed.
    #[error("version {found} cannot follow version {current}")]
    OutOfOrder { current: u64, found: u64 },
    /// After replaying, the register is not what the primary's was: nothing was kept, and
    /// this register must be rebuilt from a snapshot.
    #[error("after version {version} this register differs from the primary's")]
    Diverged { version: u64 },
    /// A snapshot's register is not what its header says.
    #[error("the snapshot does not hold the register its header names")]
    SnapshotMismatch,
    /// A forget travels as a snapshot: the log before it, which held the person, is removed.
    #[error("a forget is published as a snapshot, not as a change-set")]
    ForgetIsASnapshot,
    /// This computer started the folder with a register holding customers at the moment
    /// another computer started it with another, and the other's start won.
    #[error("another computer's register won the start of the shared folder")]
    LostStart,
}

/// Writes the change-set of `view`'s latest version to `out`: its entry, its changes, and
/// the register's checksum after it.
pub fn publish<W: Write>(
    view: &ReadView,
    register: RegisterId,
    epoch: u64,
    out: W,
    key: &ShopKey,
) -> Result<(W, Trailer), ReplayError> {
    let entry = view
        .entry(view.version())?
        .ok_or(ReplayError::NothingToPublish)?;
    if entry.kind == Kind::Forget {
        return Err(ReplayError::ForgetIsASnapshot);
    }
    let header = Header {
        register,
        epoch,
        entry,
    };
    let mut writer = ChangeSetWriter::new(out, &header, key).map_err(LogFileError::from)?;
    view.for_each_change(&header.entry, |change| {
        writer
            .push(change)
            .map_err(|e| ReplayError::LogFile(e.into()))
    })?;
    Ok(writer
        .finish(view.checksum()?.to_bytes())
        .map_err(LogFileError::from)?)
}

/// Replays the change-set read from `input` into `store`, which must hold every version
/// before it and nothing after. Returns the version as recorded here (the same as on the
/// primary). A change-set that is damaged, out of order or leaves the register other than the
/// primary's changes nothing.
pub fn replay<R: Read>(
    store: Store,
    register: RegisterId,
    input: R,
) -> Result<Version, ReplayError> {
    replay_named(store, register, input, None)
}

/// [`replay`] for a file whose name gives the start of its hash: one whose contents do not
/// have it is not the file named, and changes nothing.
pub fn replay_named<R: Read>(
    store: Store,
    register: RegisterId,
    input: R,
    named: Option<&[u8; 6]>,
) -> Result<Version, ReplayError> {
    let mut reader = ChangeSetReader::open(input)?;
    let header = reader.header().clone();
    if header.register != register {
        return Err(ReplayError::OtherRegister);
    }
    let current = store.read()?.version();
    let found = header.entry.number;
    if found != current + 1 {
        return Err(ReplayError::OutOfOrder { current, found });
    }
    if header.entry.kind == Kind::Forget {
        return Err(ReplayError::ForgetIsASnapshot);
    }
    let (_, version) = store.write(|writer| {
        while let Some(batch) = reader.next_batch()? {
            writer.apply(&batch)?;
        }
        let trailer = reader.finish()?;
        if named.is_some_and(|hash| trailer.sha256[..6] != hash[..]) {
            return Err(LogFileError::Damaged("its name does not match its contents").into());
        }
        if writer.checksum().to_bytes() != trailer.register_checksum {
            return Err(ReplayError::Diverged { version: found });
        }
        Ok(((), Some(Draft::replayed(&header.entry))))
    })?;
    version.ok_or(ReplayError::Diverged { version: found })
}

//! The two ends of a change-set: the primary publishes the version it has just made, a replica
//! replays it into its own register — in one transaction, checked against the checksum the
//! primary's register had after it, so a replica either holds exactly what the primary holds
//! or keeps what it had and says so.

use std::io::{Read, Write};

use super::changeset::{ChangeSetReader, ChangeSetWriter, Header, Trailer};
use super::frames::LogFileError;
use crate::store::{Draft, Kind, ReadView, RegisterChecksum, Store, StoreError, Version};

/// Why a change-set could not be replayed.
#[derive(Debug, thiserror::Error)]
pub enum ReplayError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    ChangeSet(#[from] LogFileError),
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
    /// A forget names a customer this register does not have.
    #[error("version {version} forgets a customer this register does not have")]
    NoSuchCustomer { version: u64 },
}

/// Writes the change-set of `view`'s latest version to `out`: its entry, its changes, and
/// the register's checksum after it. `forgotten` is the number of the customer a forget
/// version erased.
pub fn publish<W: Write>(
    view: &ReadView,
    register: [u8; 16],
    epoch: u64,
    forgotten: Option<&str>,
    out: W,
) -> Result<(W, Trailer), ReplayError> {
    let entry = view.entry(view.version())?.ok_or(ReplayError::OutOfOrder {
        current: view.version(),
        found: 0,
    })?;
    let header = Header {
        register,
        epoch,
        forgotten: forgotten
            .filter(|_| entry.kind == Kind::Forget)
            .map(str::to_string),
        entry,
    };
    let mut writer = ChangeSetWriter::new(out, &header).map_err(LogFileError::from)?;
    view.for_each_change(&header.entry, |change| {
        writer
            .push(change)
            .map_err(|e| ReplayError::ChangeSet(e.into()))
    })?;
    Ok(writer
        .finish(view.checksum()?.to_bytes())
        .map_err(LogFileError::from)?)
}

/// Replays the change-set read from `input` into `store`, which must hold every version
/// before it and nothing after. Returns the version as recorded here (the same as on the
/// primary). A change-set that is damaged, out of order or leaves the register other than the
/// primary's changes nothing, but for a forget, which cannot be taken back (its erasure stands;
/// the register must then be rebuilt).
pub fn replay<R: Read>(store: Store, register: [u8; 16], input: R) -> Result<Version, ReplayError> {
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
        return replay_forget(store, &header, reader);
    }
    let (_, version) = store.write(|writer| {
        while let Some(batch) = reader.next_batch()? {
            writer.apply(&batch)?;
        }
        let trailer = reader.finish()?;
        if writer.checksum().to_bytes() != trailer.register_checksum {
            return Err(ReplayError::Diverged { version: found });
        }
        Ok(((), Some(Draft::replayed(&header.entry))))
    })?;
    version.ok_or(ReplayError::Diverged { version: found })
}

/// A forget is replayed as a forget here (the person erased from the register and from its
/// whole history), then checked.
fn replay_forget<R: Read>(
    store: Store,
    header: &Header,
    reader: ChangeSetReader<R>,
) -> Result<Version, ReplayError> {
    let version = header.entry.number;
    let trailer = reader.finish()?;
    let number = header.forgotten.as_deref().unwrap_or("");
    let customer = store
        .read()?
        .find(number)?
        .filter(|c| c.number() == number)
        .ok_or(ReplayError::NoSuchCustomer { version })?;
    let path = store.path().to_path_buf();
    let entry = store.replay_forget(&customer, &header.entry)?;
    let after = Store::open(
        &path,
        crate::store::Access::Read,
        std::time::Duration::ZERO,
        &mut || {},
    )?
    .map(|store| store.read().and_then(|view| view.checksum()))
    .transpose()?
    .unwrap_or_default();
    if after != RegisterChecksum::from_bytes(&trailer.register_checksum) {
        return Err(ReplayError::Diverged { version });
    }
    Ok(entry)
}

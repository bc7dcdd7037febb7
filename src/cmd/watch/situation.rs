//! The situations the daemon logs once while they last (see `Inbox::log_once`): each about
//! the inbox, one of its inputs, or the shared folder. One about an input ends when the input
//! is gone, and is logged again if it comes back.

/// A situation logged once while it lasts.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(super) enum Situation {
    /// The inbox cannot be read.
    Inbox,
    /// A confirm or cancel file with no input to go with it (its name).
    Unclaimed(String),
    /// An input another program holds open, or this user may not read yet.
    Locked(String),
    /// A name in the inbox that cannot be read as text (as it is shown).
    UnreadableName(String),
    /// An entry that is never read: a link, a folder, a hard-linked file.
    Refused(String),
    /// Writing what goes beside an input failed.
    Write(String),
    /// The register was busy while an input was handled.
    Busy(String),
    /// Work on an input failed.
    Failed(String),
    /// A trouble with the shared folder (joining it, publishing, following, requests).
    Sharing,
    /// Another computer has this computer's identity.
    Twin,
    /// This replica waits for a version, or for one to arrive whole.
    Waiting,
}

impl Situation {
    /// The name in the inbox it is about, if it is about one.
    pub(super) fn name(&self) -> Option<&str> {
        match self {
            Situation::Unclaimed(name)
            | Situation::Locked(name)
            | Situation::UnreadableName(name)
            | Situation::Refused(name)
            | Situation::Write(name)
            | Situation::Busy(name)
            | Situation::Failed(name) => Some(name),
            Situation::Inbox | Situation::Sharing | Situation::Twin | Situation::Waiting => None,
        }
    }
}

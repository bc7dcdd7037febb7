//! Which OS events wake the daemon, and how a burst of them becomes one scan.
//!
//! Only an event that can change what the daemon sees wakes it: a file or folder created,
//! written, renamed or removed, a write finished, its permissions changed, and whatever says
//! events were lost (an overflow, an error, a rescan notice). Opening, reading and closing a
//! file without writing it never does, whoever did it: the daemon's own listing of the inbox
//! and its reads of the shared folder raise such events, and waking for them made it scan in
//! a loop that never slept. The first event that matters opens a short window; the scan comes
//! when it closes, so a program writing a file in many small writes costs one scan. The
//! periodic rescan stays the safety net for anything the events miss.

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use notify::event::{AccessKind, AccessMode, EventKind, MetadataKind, ModifyKind};

use super::Wake;

/// How long a burst of events is gathered before the one scan that answers it all.
pub(super) const BATCH: Duration = Duration::from_millis(50);

/// OS events for the inbox (not its subfolders) and the folders the shared folder's log
/// arrives in: each one that [`matters`] wakes the daemon for a scan.
pub(super) fn watch(
    inbox: &Path,
    arrivals: &[PathBuf],
    wake: mpsc::Sender<Wake>,
) -> notify::Result<notify::RecommendedWatcher> {
    use notify::Watcher;
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        if matters(&event) {
            let _ = wake.send(Wake::Changed);
        }
    })?;
    watcher.watch(inbox, notify::RecursiveMode::NonRecursive)?;
    for folder in arrivals {
        // Without these events the periodic rescan still finds what arrived.
        let _ = watcher.watch(folder, notify::RecursiveMode::NonRecursive);
    }
    Ok(watcher)
}

/// Whether `event` can change what a scan finds.
fn matters(event: &notify::Result<notify::Event>) -> bool {
    let event = match event {
        Ok(event) => event,
        // Events may have been lost: look again.
        Err(_) => return true,
    };
    if event.need_rescan() {
        return true;
    }
    match event.kind {
        // A file opened for writing is closed: what was written is now all there.
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) => false,
        EventKind::Modify(ModifyKind::Metadata(MetadataKind::AccessTime)) => false,
        EventKind::Any
        | EventKind::Create(_)
        | EventKind::Modify(_)
        | EventKind::Remove(_)
        | EventKind::Other => true,
    }
}

/// After the first event, gathers the rest of the burst until [`BATCH`] has passed. Returns
/// whether a stop was asked meanwhile.
pub(super) fn gather(woken: &mpsc::Receiver<Wake>) -> bool {
    let end = Instant::now() + BATCH;
    let mut stop = false;
    loop {
        let left = end.saturating_duration_since(Instant::now());
        if left.is_zero() {
            break;
        }
        match woken.recv_timeout(left) {
            Ok(wake) => stop |= matches!(wake, Wake::Stop),
            Err(_) => break,
        }
    }
    stop
}

#[cfg(test)]
mod tests {
    use notify::event::{CreateKind, DataChange, Event, Flag, RemoveKind, RenameMode};

    use super::*;

    fn of(kind: EventKind) -> notify::Result<Event> {
        Ok(Event::new(kind).add_path("in/kunder.csv".into()))
    }

    #[test]
    fn opening_reading_and_closing_unwritten_never_wake() {
        for kind in [
            EventKind::Access(AccessKind::Open(AccessMode::Any)),
            EventKind::Access(AccessKind::Read),
            EventKind::Access(AccessKind::Close(AccessMode::Read)),
            EventKind::Access(AccessKind::Any),
            EventKind::Modify(ModifyKind::Metadata(MetadataKind::AccessTime)),
        ] {
            assert!(!matters(&of(kind)), "{kind:?}");
        }
    }

    #[test]
    fn changes_and_lost_events_wake() {
        for kind in [
            EventKind::Create(CreateKind::File),
            EventKind::Modify(ModifyKind::Data(DataChange::Any)),
            EventKind::Modify(ModifyKind::Name(RenameMode::To)),
            EventKind::Modify(ModifyKind::Metadata(MetadataKind::Permissions)),
            EventKind::Modify(ModifyKind::Any),
            EventKind::Remove(RemoveKind::File),
            EventKind::Access(AccessKind::Close(AccessMode::Write)),
            // Windows says Any for what it cannot name; an overflow is Other.
            EventKind::Any,
            EventKind::Other,
        ] {
            assert!(matters(&of(kind)), "{kind:?}");
        }
        let rescan = Event::new(EventKind::Access(AccessKind::Read)).set_flag(Flag::Rescan);
        assert!(matters(&Ok(rescan)));
        assert!(matters(&Err(notify::Error::generic("overflow"))));
    }

    #[test]
    fn a_burst_is_gathered_into_one_wake_and_a_stop_in_it_is_kept() {
        let (wake, woken) = mpsc::channel();
        for _ in 0..100 {
            wake.send(Wake::Changed).unwrap();
        }
        wake.send(Wake::Stop).unwrap();
        assert!(gather(&woken));
        assert!(woken.try_recv().is_err());
        wake.send(Wake::Changed).unwrap();
        let started = Instant::now();
        assert!(!gather(&woken));
        assert!(started.elapsed() < Duration::from_secs(5));
    }
}

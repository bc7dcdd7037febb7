//! What a listing of the inbox calls for, given the time now: which inputs have settled and
//! need a preview or have confirms, cancels, locked inputs, orphaned previews. Nothing here
//! touches a file, so every rule is tested without a folder and without sleeping; what a read
//! input calls for is in `judge`.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use super::delta::Snapshot;
use super::listing::{InboxListing, PreviewFile, Stamp};
use super::names::Signal;

/// What the daemon remembers about an input between scans.
pub(super) struct Tracked {
    pub(super) stamp: Stamp,
    /// When `stamp` was first seen: the file is settled `settle` after this.
    pub(super) since: Instant,
    /// The stamp the preview in the inbox describes.
    pub(super) previewed: Option<Stamp>,
    /// What the last preview showed, for "changed since the last preview".
    pub(super) shown: Option<Shown>,
    /// The preview must be written again, whatever it shows: the note of a returned file
    /// arrived after it.
    pub(super) renote: bool,
}

/// The bytes and rows a preview showed.
pub(super) struct Shown {
    pub(super) sha256: [u8; 32],
    pub(super) rows: Option<Snapshot>,
    /// It showed the note of a file given back after a newer epoch did not keep its import
    /// (a note that arrives after the file is shown by a new preview).
    pub(super) noted: bool,
    /// Its summary per column and warnings, as text, for the receipt; `None` where it was
    /// shown by an earlier run.
    pub(super) glance: Option<Vec<String>>,
}

/// What to do about one entry of the inbox.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum Action {
    /// The input is open in an editor: not read while its lock file is there.
    Locked { input: String },
    /// A cancel for the input.
    Cancel { input: String, cancel: String },
    /// The settled input needs a preview (`preview`), or has confirms, or both.
    Read {
        input: String,
        preview: bool,
        confirms: Vec<String>,
    },
    /// A confirm or cancel that names no input (or is a sync client's copy).
    Unclaimed { signal: String, conflict_copy: bool },
}

/// What one listing calls for.
#[derive(Debug, Default)]
pub(super) struct Decision {
    pub(super) actions: Vec<Action>,
    /// Previews whose input is gone.
    pub(super) orphans: Vec<PreviewFile>,
    /// When the next input settles.
    pub(super) next: Option<Instant>,
}

/// Works out what `listing`, seen at `now`, calls for, and updates what is remembered about
/// each input: inputs that are gone are forgotten, a changed one settles anew.
pub(super) fn decide(
    now: Instant,
    settle: Duration,
    listing: &InboxListing,
    tracked: &mut HashMap<String, Tracked>,
) -> Decision {
    // An input that is gone while an editor's lock for it is there is being saved (Excel
    // deletes the old file, then renames the new one into place): it is not forgotten.
    tracked.retain(|name, _| listing.inputs.contains_key(name) || listing.is_locked(name));
    let mut decision = Decision {
        orphans: listing
            .previews
            .iter()
            .filter(|p| !listing.names.contains(&p.input) && !listing.is_locked(&p.input))
            .cloned()
            .collect(),
        ..Decision::default()
    };
    for (name, found) in &listing.inputs {
        if listing.is_locked(name) {
            decision.actions.push(Action::Locked {
                input: name.clone(),
            });
            continue;
        }
        let tracked = tracked.entry(name.clone()).or_insert(Tracked {
            stamp: found.stamp,
            since: now,
            previewed: None,
            shown: None,
            renote: false,
        });
        if tracked.stamp != found.stamp {
            tracked.stamp = found.stamp;
            tracked.since = now;
        }
        let settled = tracked.since + settle;
        if now < settled {
            decision.next = Some(decision.next.map_or(settled, |n| n.min(settled)));
            continue;
        }
        let preview = tracked.previewed != Some(found.stamp);
        let confirms = listing.signals_for(name, Signal::Confirm);
        if let Some(cancel) = listing.signals_for(name, Signal::Cancel).into_iter().next() {
            decision.actions.push(Action::Cancel {
                input: name.clone(),
                cancel,
            });
        } else if preview || !confirms.is_empty() {
            decision.actions.push(Action::Read {
                input: name.clone(),
                preview,
                confirms,
            });
        }
    }
    for signal in &listing.signals {
        let taken = listing.inputs.keys().any(|input| {
            listing
                .signals_for(input, signal.signal)
                .contains(&signal.name)
        });
        if !taken {
            decision.actions.push(Action::Unclaimed {
                signal: signal.name.clone(),
                conflict_copy: signal.conflict_copy,
            });
        }
    }
    decision
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cmd::watch::listing::{Found, SignalFile};

    const SETTLE: Duration = Duration::from_millis(1500);

    fn stamp(len: u64) -> Stamp {
        Stamp {
            len,
            modified: None,
            id: 7,
        }
    }

    /// A listing of these names, inputs with the given sizes.
    fn listing(inputs: &[(&str, u64)], others: &[&str]) -> InboxListing {
        let mut listing = InboxListing::default();
        for (name, len) in inputs {
            let found = Found {
                stamp: stamp(*len),
                conflict_copy: false,
                spreadsheet: false,
                stem_unique: true,
            };
            listing.inputs.insert(name.to_string(), found);
            listing.names.insert(name.to_string());
        }
        for name in others {
            listing.names.insert(name.to_string());
            match super::super::names::classify(name) {
                super::super::names::Name::Signal {
                    signal,
                    target,
                    conflict_copy,
                } => listing.signals.push(SignalFile {
                    name: name.to_string(),
                    signal,
                    target,
                    conflict_copy,
                }),
                super::super::names::Name::Preview { input } => {
                    listing.previews.push(PreviewFile {
                        name: name.to_string(),
                        input,
                    })
                }
                _ => {}
            }
        }
        listing
    }

    fn read(input: &str, preview: bool, confirms: &[&str]) -> Action {
        Action::Read {
            input: input.into(),
            preview,
            confirms: confirms.iter().map(|c| c.to_string()).collect(),
        }
    }

    /// Marks a preview of `input` as written for the size `len`.
    fn previewed(tracked: &mut HashMap<String, Tracked>, input: &str, len: u64) {
        if let Some(t) = tracked.get_mut(input) {
            t.previewed = Some(stamp(len));
        }
    }

    #[test]
    fn a_file_is_read_only_once_it_has_settled() {
        let t0 = Instant::now();
        let mut tracked = HashMap::new();
        let inbox = listing(&[("kunder.csv", 10)], &[]);
        let first = decide(t0, SETTLE, &inbox, &mut tracked);
        assert!(first.actions.is_empty());
        assert_eq!(first.next, Some(t0 + SETTLE));
        let early = decide(t0 + SETTLE / 2, SETTLE, &inbox, &mut tracked);
        assert!(early.actions.is_empty());
        let settled = decide(t0 + SETTLE, SETTLE, &inbox, &mut tracked);
        assert_eq!(settled.actions, [read("kunder.csv", true, &[])]);
        assert_eq!(settled.next, None);
    }

    #[test]
    fn an_edit_settles_anew_and_is_previewed_again() {
        let t0 = Instant::now();
        let mut tracked = HashMap::new();
        let before = listing(&[("kunder.csv", 10)], &[]);
        decide(t0 + SETTLE, SETTLE, &before, &mut tracked);
        decide(t0 + 2 * SETTLE, SETTLE, &before, &mut tracked);
        previewed(&mut tracked, "kunder.csv", 10);
        let quiet = decide(t0 + 3 * SETTLE, SETTLE, &before, &mut tracked);
        assert!(quiet.actions.is_empty(), "nothing to do once previewed");
        let edited = listing(&[("kunder.csv", 12)], &[]);
        let t1 = t0 + 4 * SETTLE;
        let changing = decide(t1, SETTLE, &edited, &mut tracked);
        assert!(changing.actions.is_empty());
        assert_eq!(changing.next, Some(t1 + SETTLE));
        let settled = decide(t1 + SETTLE, SETTLE, &edited, &mut tracked);
        assert_eq!(settled.actions, [read("kunder.csv", true, &[])]);
    }

    #[test]
    fn a_confirm_is_read_with_its_input_and_a_cancel_wins() {
        let t0 = Instant::now();
        let mut tracked = HashMap::new();
        let inbox = listing(&[("kunder.csv", 10)], &["kunder.confirm"]);
        decide(t0, SETTLE, &inbox, &mut tracked);
        let d = decide(t0 + SETTLE, SETTLE, &inbox, &mut tracked);
        assert_eq!(d.actions, [read("kunder.csv", true, &["kunder.confirm"])]);
        previewed(&mut tracked, "kunder.csv", 10);
        let d = decide(t0 + SETTLE, SETTLE, &inbox, &mut tracked);
        assert_eq!(d.actions, [read("kunder.csv", false, &["kunder.confirm"])]);
        let both = listing(
            &[("kunder.csv", 10)],
            &["kunder.confirm", "kunder.csv.cancel"],
        );
        let d = decide(t0 + SETTLE, SETTLE, &both, &mut tracked);
        let cancel = Action::Cancel {
            input: "kunder.csv".into(),
            cancel: "kunder.csv.cancel".into(),
        };
        assert_eq!(d.actions, [cancel]);
    }

    #[test]
    fn a_deleted_input_is_forgotten_and_its_previews_are_orphans() {
        let t0 = Instant::now();
        let mut tracked = HashMap::new();
        let inbox = listing(&[("kunder.csv", 10)], &["kunder.csv.preview.txt"]);
        decide(t0, SETTLE, &inbox, &mut tracked);
        assert!(tracked.contains_key("kunder.csv"));
        let gone = listing(&[], &["kunder.csv.preview.txt", "kunder.csv.preview.html"]);
        let d = decide(t0 + SETTLE, SETTLE, &gone, &mut tracked);
        assert!(tracked.is_empty());
        let orphans: Vec<&str> = d.orphans.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(
            orphans,
            ["kunder.csv.preview.txt", "kunder.csv.preview.html"]
        );
        assert!(d.actions.is_empty());
        // Not while an editor saves it: its lock file is there, and what the last preview
        // showed is kept for the next.
        let back = listing(&[("kunder.csv", 10)], &[]);
        decide(t0, SETTLE, &back, &mut tracked);
        let saving = listing(&[], &["kunder.csv.preview.txt", "~$kunder.csv"]);
        assert!(decide(t0, SETTLE, &saving, &mut tracked).orphans.is_empty());
        assert!(tracked.contains_key("kunder.csv"));
    }

    #[test]
    fn a_locked_input_and_unclaimed_signals_are_reported() {
        let t0 = Instant::now();
        let mut tracked = HashMap::new();
        let inbox = listing(
            &[("kunder.csv", 10)],
            &[
                "~$kunder.csv",
                "annan.confirm",
                "kunder.sync-conflict-20261201-120000-ABCDEFG.confirm",
            ],
        );
        let d = decide(t0 + SETTLE, SETTLE, &inbox, &mut tracked);
        assert_eq!(
            d.actions[0],
            Action::Locked {
                input: "kunder.csv".into()
            }
        );
        let unclaimed: Vec<(String, bool)> = d.actions[1..]
            .iter()
            .filter_map(|a| match a {
                Action::Unclaimed {
                    signal,
                    conflict_copy,
                } => Some((signal.clone(), *conflict_copy)),
                _ => None,
            })
            .collect();
        assert_eq!(unclaimed.len(), 2, "{unclaimed:?}");
        assert!(
            unclaimed
                .iter()
                .any(|(s, copy)| s == "annan.confirm" && !copy)
        );
        assert!(unclaimed.iter().any(|(_, copy)| *copy));
        assert!(
            !tracked.contains_key("kunder.csv"),
            "not looked at while open"
        );
    }
}

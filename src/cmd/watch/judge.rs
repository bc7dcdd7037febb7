//! What a settled input that was read calls for: a new preview, keeping the one in the
//! inbox, refusing its confirms, or applying it with the fingerprint its preview showed. Pure,
//! like `decide`.

use super::files::Marks;
use crate::plan::Fingerprint;

/// Why a confirm was not taken.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Refusal {
    /// The confirm was there before this preview was written.
    BeforePreview,
    /// There is no preview of kundreg's to hold the confirm to.
    NoPreview,
    /// The file or the register changed since the preview.
    Stale,
    /// The file cannot be imported.
    FileErrors,
    /// These bytes were imported already, by `version` at `at`.
    Already { version: u64, at: i64 },
}

/// What a settled input that was read calls for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Verdict {
    /// Write a new preview; any confirm is not taken, for this reason.
    Preview(Refusal),
    /// The preview in the inbox describes exactly these bytes (found after a restart): it is
    /// kept, because people may have read it, and `then` follows.
    Keep { then: Next },
    /// Nothing to do but what follows.
    Go(Next),
}

/// What follows once the preview in the inbox stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Next {
    /// No confirm: nothing.
    Wait,
    /// A confirm held to a preview it does not match: not taken, and a new preview says why.
    Refuse(Refusal),
    /// A confirm held to a preview of these bytes with this plan: apply, if the plan still
    /// has this fingerprint.
    Apply(Fingerprint),
}

/// What was read of a settled input.
pub(super) struct Read<'a> {
    /// The input needs a preview: it is new, changed, or the daemon just started.
    pub(super) preview: bool,
    /// The daemon has written no preview of it since it started.
    pub(super) restarted: bool,
    pub(super) sha256: [u8; 32],
    /// The file has file errors: it cannot be imported at all.
    pub(super) file_errors: bool,
    /// The marks of the preview page in the inbox, if it is kundreg's.
    pub(super) marks: Option<Marks>,
    /// The SHA-256 of the columns file the input was read by, if there is one.
    pub(super) columns: Option<[u8; 32]>,
    pub(super) confirms: &'a [String],
}

/// Judges a settled input that was read.
pub(super) fn judge(read: &Read<'_>) -> Verdict {
    // The preview describes these bytes, read by the same column names.
    let describes = |m: &Marks| m.sha256 == read.sha256 && m.columns == read.columns;
    let kept = read.preview && read.restarted && read.marks.is_some_and(|m| describes(&m));
    if read.preview && !kept {
        return Verdict::Preview(Refusal::BeforePreview);
    }
    let next = if read.confirms.is_empty() {
        Next::Wait
    } else {
        match read.marks {
            _ if read.file_errors => Next::Refuse(Refusal::FileErrors),
            Some(
                m @ Marks {
                    fingerprint: Some(fingerprint),
                    ..
                },
            ) if describes(&m) => Next::Apply(fingerprint),
            Some(Marks {
                fingerprint: Some(_),
                ..
            }) => Next::Refuse(Refusal::Stale),
            _ => Next::Refuse(Refusal::NoPreview),
        }
    };
    if kept {
        Verdict::Keep { then: next }
    } else {
        Verdict::Go(next)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn marks(sha: u8, fingerprint: Option<u8>) -> Option<Marks> {
        Some(Marks {
            sha256: [sha; 32],
            fingerprint: fingerprint.map(|f| Fingerprint([f; 32])),
            columns: None,
        })
    }

    fn judged(
        preview: bool,
        restarted: bool,
        marks: Option<Marks>,
        confirms: &[String],
    ) -> Verdict {
        judge(&Read {
            preview,
            restarted,
            sha256: [1; 32],
            file_errors: false,
            marks,
            columns: None,
            confirms,
        })
    }

    #[test]
    fn confirms_are_held_to_the_preview_they_were_made_after() {
        let confirm = ["kunder.confirm".to_string()];
        // Early: the confirm came before a preview of these bytes was written.
        assert_eq!(
            judged(true, false, marks(1, Some(9)), &confirm),
            Verdict::Preview(Refusal::BeforePreview)
        );
        // Held to the preview in the inbox: applied with its fingerprint.
        assert_eq!(
            judged(false, false, marks(1, Some(9)), &confirm),
            Verdict::Go(Next::Apply(Fingerprint([9; 32])))
        );
        // Stale: the preview describes other bytes.
        assert_eq!(
            judged(false, false, marks(2, Some(9)), &confirm),
            Verdict::Go(Next::Refuse(Refusal::Stale))
        );
        // No preview of kundreg's, or one of a file that cannot be imported.
        assert_eq!(
            judged(false, false, None, &confirm),
            Verdict::Go(Next::Refuse(Refusal::NoPreview))
        );
        // A file that cannot be imported now is not, even by a preview made when it could
        // (its columns file broke since).
        for marks in [marks(1, None), marks(1, Some(9))] {
            let errors = judge(&Read {
                preview: false,
                restarted: false,
                sha256: [1; 32],
                file_errors: true,
                marks,
                columns: None,
                confirms: &confirm,
            });
            assert_eq!(errors, Verdict::Go(Next::Refuse(Refusal::FileErrors)));
        }
        // A preview made by other column names is stale.
        let renamed = judge(&Read {
            preview: false,
            restarted: true,
            sha256: [1; 32],
            file_errors: false,
            marks: marks(1, Some(9)),
            columns: Some([4; 32]),
            confirms: &confirm,
        });
        assert_eq!(renamed, Verdict::Go(Next::Refuse(Refusal::Stale)));
        // After a restart, the preview of exactly these bytes is kept and the confirm taken.
        assert_eq!(
            judged(true, true, marks(1, Some(9)), &confirm),
            Verdict::Keep {
                then: Next::Apply(Fingerprint([9; 32]))
            }
        );
        assert_eq!(
            judged(true, true, marks(2, Some(9)), &[]),
            Verdict::Preview(Refusal::BeforePreview)
        );
        assert_eq!(
            judged(false, false, marks(1, Some(9)), &[]),
            Verdict::Go(Next::Wait)
        );
    }
}

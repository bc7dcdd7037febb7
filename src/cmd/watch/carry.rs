//! A request carried out on the primary, as the command would make the change here (see
//! [`crate::cmd::apply`]): its outcome is data (see [`crate::shared::outcome`]), said by
//! the computer that asked in its own language.

use crate::cmd::apply;
use crate::columns::{FILE_NAME, ShopColumns};
use crate::error::Error;
use crate::input::Input;
use crate::lang::Texts;
use crate::plan::Fingerprint;
use crate::rollback::Undo;
use crate::shared::outcome::Outcome;
use crate::shared::request::{Answer, Asked, Request};
use crate::store::{Kind, Store};

/// Carries out `request` (with the bytes of the file it sent) on the primary's register.
pub fn carry_out(store: Store, request: &Request, bytes: &[u8]) -> Answer {
    Answer {
        outcome: outcome(store, &request.asked, request.at, bytes)
            .unwrap_or_else(|e| Outcome::Refused(e.refusal())),
        term: None,
    }
}

/// Makes the change `asked` (at `at`, Unix seconds) with the bytes of its file in `store`, as
/// the command would make it here: on the primary for a request, and on a computer of its own
/// for the screen.
pub fn outcome(store: Store, asked: &Asked, at: i64, bytes: &[u8]) -> Result<Outcome, Error> {
    match asked {
        Asked::Import {
            file,
            expected,
            columns,
            sheet,
        } => {
            let columns = ShopColumns::parse(FILE_NAME, columns.as_bytes());
            let input = Input::from_bytes_sheet(file, bytes, &columns, sheet.as_deref()).map_err(
                |source| Error::Input {
                    path: file.into(),
                    source,
                },
            )?;
            // Carried out already (its answer lost, or not arrived when this computer was
            // promoted): these bytes imported since the request was made, even if that
            // import was rolled back since, are not imported again.
            let sha256 = Some(input.inspection.sha256);
            let done = store
                .read()?
                .history()?
                .into_iter()
                .find(|v| v.kind == Kind::Import && v.sha256 == sha256 && v.at >= at);
            if let Some(v) = done {
                return Ok(Outcome::ImportedBefore {
                    version: v.number,
                    new: v.new,
                    update: v.update,
                });
            }
            let (plan, version) =
                apply::import(&store, &input, expected.map(Fingerprint), &mut |_| {})?;
            Ok(Outcome::imported(plan, version))
        }
        Asked::Rollback {
            undo,
            force,
            expected,
        } => {
            let (plan, version) =
                apply::rollback(&store, *undo, *force, expected.map(Fingerprint))?;
            Ok(Outcome::RolledBack {
                version: version.map(|v| v.number),
                register_version: plan.register_version,
                // The person saw no report before asking: it comes with the outcome.
                report: expected.is_none().then(|| Box::new(plan)),
            })
        }
        Asked::ByHand {
            kind,
            list,
            expected,
        } => {
            let (number, _, version) =
                apply::by_hand(&store, *kind, list, expected.map(Fingerprint))?;
            Ok(Outcome::ByHand {
                kind: *kind,
                number: number.unwrap_or_default(),
                version: version.map(|v| v.number),
            })
        }
        Asked::Forget { key } => {
            let customer = store
                .read()?
                .find(key)?
                .ok_or_else(|| Error::NoSuchCustomer { key: key.clone() })?;
            let (version, erased) = apply::forget(store, &customer)?;
            Ok(Outcome::Forgot {
                number: customer.number().to_string(),
                version: version.number,
                erased,
            })
        }
    }
}

/// What `asked` asked of the primary is, for its log: never a customer's number or email.
pub(super) fn described(t: &Texts, asked: &Asked) -> String {
    match asked {
        Asked::Import { file, .. } => format!("{} {file}", t.kind_word(Kind::Import)),
        Asked::Rollback {
            undo: Undo::Version(v),
            ..
        } => format!("{} {v}", t.kind_word(Kind::Rollback)),
        Asked::Rollback {
            undo: Undo::To(v), ..
        } => format!("{} --to {v}", t.kind_word(Kind::Rollback)),
        Asked::Forget { .. } => t.kind_word(Kind::Forget).to_string(),
        Asked::ByHand { kind, .. } => t.kind_word(*kind).to_string(),
    }
}

//! Requests in the daemon: the primary carries out what other computers asked (each in one
//! transaction, as the command would, its version published before the answer is written);
//! every computer collects the answers to what it sent without waiting (or left standing), and
//! logs them.

use super::carry::{carry_out, described};
use super::inbox::Inbox;
use super::shared::Sharing;
use super::situation::Situation;
use crate::error::Error;
use crate::lang::Texts;
use crate::shared::frames::LogFileError;
use crate::shared::outcome::Outcome;
use crate::shared::request::{Answer, Owed, Request};
use crate::store::{Store, StoreError};

impl Sharing {
    /// The primary's part: answers every request that has arrived whole and is not answered.
    pub(super) fn answer_requests(
        &mut self,
        inbox: &mut Inbox,
        open: &dyn Fn() -> Result<Store, StoreError>,
    ) {
        let t = inbox.settings.texts;
        let s = &t.shared;
        let shared = &self.member.shared;
        let requests = match shared.requests() {
            Ok(requests) => requests,
            Err(e) => return inbox.log_once(Situation::Sharing, &(s.failed)(&e.to_string())),
        };
        let answers = shared.answers();
        let term = self.member.term.as_ref().map(|t| (t.epoch, t.author()));
        for id in requests {
            match answers.owed(&id, term) {
                Some(Owed::Nothing) => continue,
                Some(Owed::Again(answer)) => {
                    if let Err(e) = shared.answer(&id, &answer) {
                        inbox.log_once(Situation::Sharing, &Error::from(e).message(t));
                    }
                    continue;
                }
                None => {}
            }
            // One too large is said once and set aside: not read again.
            if self.set_aside.contains(&id) {
                continue;
            }
            let limit = inbox.options.max_size;
            let (request, bytes) = match shared.read_request(&id, limit) {
                Ok(read) => read,
                Err(LogFileError::TooLarge { .. }) => {
                    inbox.log(&(s.request_too_large)(&id, limit / 1_000_000));
                    self.set_aside.insert(id);
                    continue;
                }
                // One still arriving is read at a later step.
                Err(_) => continue,
            };
            if request.register != self.member.identity.register {
                continue;
            }
            let store = match open() {
                Ok(store) => store,
                Err(e) => {
                    return inbox.log_once(Situation::Sharing, &Error::from(e).message(t));
                }
            };
            let mut answer = carry_out(store, &request, &bytes);
            answer.term = self.member.term.as_ref().map(|t| (t.epoch, t.author()));
            // The version is in the log before the answer says it exists.
            self.publish(inbox, open);
            if let Err(e) = shared.answer(&id, &answer) {
                inbox.log_once(Situation::Sharing, &Error::from(e).message(t));
                continue;
            }
            inbox.log(&outcome(t, &request, &answer));
        }
        if let Err(e) = shared.remove_answered() {
            inbox.log_once(Situation::Sharing, &(s.failed)(&e.to_string()));
        }
    }

    /// Every computer's part: logs and withdraws the answers to what this computer sent
    /// without waiting (or waited for, but left standing: see [`to_collect`]), once it holds
    /// (`held`) the version they made.
    pub(super) fn collect_answers(&self, inbox: &mut Inbox, held: u64) {
        let t = inbox.settings.texts;
        let shared = &self.member.shared;
        let Ok(mine) = shared.requests_from(&self.member.computer) else {
            return;
        };
        let answers = shared.answers();
        for id in mine {
            let Some(answer) = answers.standing(&id) else {
                continue;
            };
            let Ok((request, _)) = shared.read_request(&id, inbox.options.max_size) else {
                continue;
            };
            if !to_collect(&request, &answer, held, chrono::Utc::now().timestamp()) {
                continue;
            }
            inbox.log(&outcome(t, &request, &answer));
            let _ = shared.withdraw(&id);
        }
    }
}

/// How long a request someone waits for may stand before this computer's daemon collects its
/// answer as if no one waited: the command that waited was stopped, or the screen's page that
/// waited was closed. Longer than any wait a person sets.
const LEFT_STANDING: i64 = 24 * 60 * 60;

/// Whether this computer's daemon collects the answer to `request` (made at `now`, Unix
/// seconds): one no one waits for, or one left standing a day, once this computer holds
/// (`held`) the version it made.
fn to_collect(request: &Request, answer: &Answer, held: u64, now: i64) -> bool {
    let waited_for = request.waiting && now.saturating_sub(request.at) < LEFT_STANDING;
    !waited_for && answer.outcome.version().is_none_or(|v| v <= held)
}

/// The log line of a request's outcome.
fn outcome(t: &Texts, request: &Request, answer: &Answer) -> String {
    let s = &t.shared;
    let what = described(t, &request.asked);
    let from = &request.from_name;
    match &answer.outcome {
        Outcome::Refused(refusal) => {
            let why = Error::from(refusal.clone()).message(t);
            (s.request_refused)(from, &what, &why)
        }
        outcome => match outcome.version() {
            Some(version) => (s.request_done)(from, &what, version),
            None => (s.request_nothing)(from, &what),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shared::ids::{ComputerId, RegisterId};
    use crate::shared::request::Asked;

    #[test]
    fn an_answer_is_collected_when_no_one_waits_or_it_was_left_a_day_and_its_version_is_here() {
        let request = |waiting, at| Request {
            register: RegisterId::from([1; 16]),
            from: ComputerId::from([2; 16]),
            from_name: "Kassan".into(),
            at,
            asked: Asked::Forget { key: "1".into() },
            waiting,
        };
        let answer = Answer {
            outcome: Outcome::Forgot {
                number: "1".into(),
                version: 7,
                erased: None,
            },
            term: None,
        };
        let now = 1_800_000_000;
        assert!(to_collect(&request(false, now), &answer, 7, now));
        assert!(
            !to_collect(&request(false, now), &answer, 6, now),
            "its version is not here yet"
        );
        assert!(
            !to_collect(&request(true, now - 600), &answer, 7, now),
            "someone waits for it"
        );
        assert!(to_collect(
            &request(true, now - LEFT_STANDING),
            &answer,
            7,
            now
        ));
        assert!(!to_collect(
            &request(true, now - LEFT_STANDING),
            &answer,
            6,
            now
        ));
    }
}

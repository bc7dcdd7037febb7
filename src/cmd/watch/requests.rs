//! Requests in the daemon: the primary carries out what other computers asked (each in one
//! transaction, as the command would, its version published before the answer is written);
//! every computer collects the answers to what it sent without waiting, and logs them.

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
    /// without waiting, once it holds (`held`) the version they made.
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
            if request.waiting || answer.outcome.version().is_some_and(|v| v > held) {
                continue;
            }
            inbox.log(&outcome(t, &request, &answer));
            let _ = shared.withdraw(&id);
        }
    }
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

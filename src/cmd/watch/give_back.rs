//! The daemon's part in giving back the work a newer epoch fenced (see
//! [`crate::shared::give_back`]): it logs what was given back, and a trouble once.

use super::inbox::Inbox;
use super::shared::Sharing;
use super::situation::Situation;
use crate::error::Error;
use crate::report::changes::version_list;
use crate::shared::fenced::State;
use crate::store::{Store, StoreError};

impl Sharing {
    /// Gives back the fenced work the register holds that is still waiting, and logs it.
    pub(super) fn give_back(
        &self,
        inbox: &mut Inbox,
        open: &dyn Fn() -> Result<Store, StoreError>,
    ) {
        let t = inbox.settings.texts;
        let f = t.failover;
        let given = match self.member.give_back(&inbox.path, open) {
            Ok(given) => given,
            Err(e) => return inbox.log_once(Situation::Sharing, &Error::from(e).message(t)),
        };
        for back in given {
            if let Some(e) = back.failed {
                inbox.log_once(Situation::Sharing, &Error::from(e).message(t));
                continue;
            }
            let version = &back.work.version;
            let file = version.file.clone().unwrap_or_default();
            let line = match &back.work.state {
                State::Returned(name) => (f.returned)(&file, version.number, name),
                State::Missing => (f.missing)(&file, version.number),
                State::Reissued => (f.reissued)(version.number, &back.work.by),
                State::Reported => {
                    (f.rollback_fenced)(version.number, &version_list(&version.undid))
                }
                State::Waiting => continue,
            };
            inbox.log(&line);
        }
    }
}

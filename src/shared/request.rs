//! Requests: on a replica, `import`, `set`, `add`, `rollback` and `forget` are written into
//! `.kundreg/requests/` for the primary, which carries each out in one transaction as always
//! and writes its answer into `.kundreg/answers/` under the same name. A request has one
//! writer (the computer that asks, which also withdraws it once answered), an answer has one
//! (the primary, which removes it once its request is gone). Both are framed and hashed like
//! every log file, so one still arriving is never used.

use std::io::{self, BufReader, Read};

use serde::{Deserialize, Serialize};

use super::folder::{ANSWERS, REQUESTS, SharedFolder, hex, log_io, new_id, remove_file};
use super::frames::{FrameReader, FrameWriter, Kind, LogFileError, read_full};
use super::ids::{ComputerId, RegisterId};
use super::outcome::Outcome;
use super::replay::ReplayError;
use crate::rollback::Undo;
use crate::store;

const REQUEST: Kind = Kind {
    what: "request",
    magic: b"kundreg request\n",
    format: 2,
};
const ANSWER: Kind = Kind {
    what: "answer",
    magic: b"kundreg answer\n",
    format: 3,
};
const REQUEST_END: &str = ".krequest";
const ANSWER_END: &str = ".kanswer";
/// Bytes of an input file in a frame.
const FRAME_BYTES: usize = 1 << 20;
/// The most an answer may hold (a rollback's report, of at most a thousand customers' changes,
/// is the most it carries).
const ANSWER_LIMIT: u64 = 64 << 20;
/// What the framing may add to the bytes of the file a request carries (its header, and a
/// frame of bytes lz4 could not make smaller: 1/255 more).
const FRAMING: u64 = 1 << 20;

/// What a computer asks of the primary.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Asked {
    /// Import the file sent with the request (`file` is its name), held to the fingerprint
    /// of the preview the person confirmed, if they saw one.
    Import {
        file: String,
        expected: Option<[u8; 32]>,
        /// The shop's columns file the asking computer read the file by (empty: none).
        columns: String,
        /// The sheet of a workbook asked for (`None`: the one kundreg chooses).
        sheet: Option<String>,
    },
    Rollback {
        undo: Undo,
        force: bool,
        expected: Option<[u8; 32]>,
    },
    Forget {
        key: String,
    },
    /// Change (`Kind::Edit`) or add (`Kind::Add`) one customer by hand: `list` is the list of
    /// one row the settings make (see [`crate::edit`]), held to the fingerprint of the change
    /// the person saw, if they saw one.
    ByHand {
        kind: store::Kind,
        list: String,
        expected: Option<[u8; 32]>,
    },
}

/// A request as written.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Request {
    pub register: RegisterId,
    /// The computer that asks, and its name.
    pub from: ComputerId,
    pub from_name: String,
    /// When it asked (Unix seconds).
    pub at: i64,
    pub asked: Asked,
    /// The command that sent it waits for the answer; if not, that computer's daemon collects
    /// it and logs it.
    pub waiting: bool,
}

/// The primary's answer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Answer {
    /// What the request came to, said by the asking computer in its own language.
    pub outcome: Outcome,
    /// The term of the primary that answered (its epoch and the start of its identity): an
    /// answer whose version a newer term fenced is answered again.
    pub term: Option<(u64, [u8; 8])>,
}

/// When the request `id` was made (Unix seconds): its name starts with it (see
/// [`SharedFolder::send`]).
pub fn asked_at(id: &str) -> Option<i64> {
    id.split('-').next()?.parse().ok()
}

impl SharedFolder {
    /// Writes a request, with the bytes of the file to import read from `file` (nothing for
    /// the others). Returns its identity.
    pub fn send(&self, request: &Request, file: &mut dyn Read) -> Result<String, ReplayError> {
        // Names sort in the order the requests were made.
        let id = format!(
            "{:012}-{}-{}",
            request.at.max(0),
            hex(request.from),
            &hex(new_id())[..8]
        );
        let header = postcard::to_allocvec(request).map_err(|e| log_io(io::Error::other(e)))?;
        let key = self.key().map_err(log_io)?;
        self.put(REQUESTS, &id, |out| {
            let mut out = FrameWriter::new(out, REQUEST, &header, key).map_err(log_io)?;
            let mut buf = vec![0u8; FRAME_BYTES];
            let mut total = 0u64;
            loop {
                let n = read_full(file, &mut buf).map_err(log_io)?;
                if n == 0 {
                    break;
                }
                out.frame(&buf[..n]).map_err(log_io)?;
                total += n as u64;
            }
            let (out, _) = out.finish(&total.to_le_bytes()).map_err(log_io)?;
            Ok((out, format!("{id}{REQUEST_END}"), ()))
        })?;
        Ok(id)
    }

    /// The requests `computer` sent that are waiting, oldest first.
    pub fn requests_from(&self, computer: &ComputerId) -> io::Result<Vec<String>> {
        let from = hex(computer);
        let mut mine = self.requests()?;
        mine.retain(|id| id.split('-').nth(1) == Some(from.as_str()));
        Ok(mine)
    }

    /// The requests waiting, oldest first, by identity.
    pub fn requests(&self) -> io::Result<Vec<String>> {
        Ok(self
            .names(REQUESTS, REQUEST_END)?
            .into_iter()
            .filter_map(|name| name.strip_suffix(REQUEST_END).map(str::to_string))
            .collect())
    }

    /// Reads the request `id` and its file's bytes, which may be at most `limit` (the
    /// largest file an inbox takes); an error while it is still arriving, or when it is
    /// larger (nothing is read then).
    pub fn read_request(&self, id: &str, limit: u64) -> Result<(Request, Vec<u8>), LogFileError> {
        let path = self.file(REQUESTS, &format!("{id}{REQUEST_END}"));
        // Framing adds little to a file, and compression makes it smaller.
        let file = self
            .open_sealed(&path, limit.saturating_add(FRAMING))
            .map_err(|e| match e {
                LogFileError::TooLarge { .. } => LogFileError::TooLarge { limit },
                e => e,
            })?;
        read_request(BufReader::new(file), limit)
    }

    /// Withdraws the request `id` (the asking computer, once it has its answer).
    pub fn withdraw(&self, id: &str) -> io::Result<()> {
        remove_file(&self.file(REQUESTS, &format!("{id}{REQUEST_END}")))
    }

    /// Writes the answer to the request `id`, under a name of its term's own: two primaries
    /// that answer one request (one cut off from the others) never overwrite each other.
    pub fn answer(&self, id: &str, answer: &Answer) -> Result<(), ReplayError> {
        let header = postcard::to_allocvec(answer).map_err(|e| log_io(io::Error::other(e)))?;
        let name = answer_name(id, answer.term.unwrap_or_default());
        let key = self.key().map_err(log_io)?;
        self.put(ANSWERS, id, |out| {
            let out = FrameWriter::new(out, ANSWER, &header, key).map_err(log_io)?;
            let (out, _) = out.finish(&[]).map_err(log_io)?;
            Ok((out, name, ()))
        })?;
        Ok(())
    }

    /// The answers in the folder now, to look up request by request (the folder is listed
    /// and the chain of terms read once, however many requests there are).
    pub fn answers(&self) -> Answers<'_> {
        Answers {
            folder: self,
            names: self.names(ANSWERS, ANSWER_END).unwrap_or_default(),
            chain: self.chain().ok().flatten(),
        }
    }

    /// The answer to the request `id` (see [`Answers::standing`]).
    pub fn standing_answer(&self, id: &str) -> Option<Answer> {
        self.answers().standing(id)
    }

    /// The answers whose requests are gone, removed (the primary's part). Returns how many.
    pub fn remove_answered(&self) -> io::Result<usize> {
        let waiting = self.requests()?;
        let mut removed = 0;
        for name in self.names(ANSWERS, ANSWER_END)? {
            let id = name.split('.').next().unwrap_or_default();
            if !waiting.iter().any(|w| w == id) {
                remove_file(&self.file(ANSWERS, &name))?;
                removed += 1;
            }
        }
        Ok(removed)
    }
}

/// What the primary owes a request that has a standing answer (see [`Answers::owed`]).
pub enum Owed {
    Nothing,
    /// An earlier primary's answer, to write again in this term.
    Again(Answer),
}

/// The answers in a folder at one moment (see [`SharedFolder::answers`]).
pub struct Answers<'a> {
    folder: &'a SharedFolder,
    names: Vec<String>,
    chain: Option<super::chain::Chain>,
}

/// The name of the answer to the request `id` written in the term (epoch, author).
fn answer_name(id: &str, (epoch, author): (u64, [u8; 8])) -> String {
    format!("{id}.{epoch:06}-{}{ANSWER_END}", hex(author))
}

impl Answers<'_> {
    /// What the primary in `term` owes the request `id`: nothing when it has answered it in
    /// its own term; an earlier primary's standing answer, to give again in its own term (a
    /// copy of the folder may have lost it, as a sync client that lets an older copy win over
    /// a removal does, and the asker withdraws its request only once its own copy has an
    /// answer); `None` when it is still to be carried out.
    pub fn owed(&self, id: &str, term: Option<(u64, [u8; 8])>) -> Option<Owed> {
        let answer = self.standing(id)?;
        let given = term.is_none_or(|term| self.names.contains(&answer_name(id, term)));
        Some(if given {
            Owed::Nothing
        } else {
            Owed::Again(Answer { term, ..answer })
        })
    }

    /// The answer to the request `id`, unless a newer term fenced the version it made (then
    /// the request is answered again by the primary now).
    pub fn standing(&self, id: &str) -> Option<Answer> {
        let prefix = format!("{id}.");
        self.names
            .iter()
            .filter(|name| name.starts_with(&prefix))
            .filter_map(|name| {
                let path = self.folder.file(ANSWERS, name);
                let file = self.folder.open_sealed(&path, ANSWER_LIMIT).ok()?;
                read_answer(BufReader::new(file))
            })
            .find(|answer| {
                let (Some(version), Some((epoch, author)), Some(chain)) =
                    (answer.outcome.version(), answer.term, &self.chain)
                else {
                    return true;
                };
                chain.keeps(epoch, &author, version).unwrap_or(true)
            })
    }
}

/// A request file's request and the bytes of the file sent with it; an error when it is not
/// one, or not whole.
pub fn read_request(input: impl Read, limit: u64) -> Result<(Request, Vec<u8>), LogFileError> {
    let (mut input, header) = FrameReader::open(input, REQUEST)?;
    let request: Request =
        postcard::from_bytes(&header).map_err(|_| LogFileError::Damaged("header"))?;
    let mut bytes = Vec::new();
    while let Some(frame) = input.next_frame()? {
        if (bytes.len() + frame.len()) as u64 > limit {
            return Err(LogFileError::TooLarge { limit });
        }
        bytes.extend_from_slice(&frame);
    }
    if u64::from_le_bytes(input.end()?) != bytes.len() as u64 {
        return Err(LogFileError::Damaged("the file's length"));
    }
    input.finish()?;
    Ok((request, bytes))
}

/// An answer file's answer; `None` when it is not one, or not whole.
pub fn read_answer(input: impl Read) -> Option<Answer> {
    let (mut input, header) = FrameReader::open(input, ANSWER).ok()?;
    let []: [u8; 0] = input.end().ok()?;
    input.finish().ok()?;
    postcard::from_bytes(&header).ok()
}

#[cfg(test)]
mod tests {
    use std::fs;

    use super::*;

    #[test]
    fn a_request_and_its_answer_read_back_and_a_partial_one_is_not_used() {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir(dir.path().join(".kundreg")).unwrap();
        let folder = SharedFolder::of(
            dir.path(),
            Some(crate::shared::key::ShopKey::new().unwrap()),
        );
        let request = Request {
            register: RegisterId([1; 16]),
            from: ComputerId([2; 16]),
            from_name: "Kassa 1".into(),
            at: 1_764_600_000,
            asked: Asked::Import {
                file: "kunder.csv".into(),
                expected: Some([3; 32]),
                columns: "Medlemsnr = kundnummer\n".into(),
                sheet: Some("Kunder".into()),
            },
            waiting: true,
        };
        let bytes = vec![b'x'; FRAME_BYTES + 10];
        let id = folder.send(&request, &mut bytes.as_slice()).unwrap();
        assert_eq!(folder.requests().unwrap(), std::slice::from_ref(&id));
        assert_eq!(
            folder.read_request(&id, u64::MAX).unwrap(),
            (request, bytes)
        );
        let path = folder.file(REQUESTS, &format!("{id}{REQUEST_END}"));
        let whole = fs::read(&path).unwrap();
        fs::write(&path, &whole[..whole.len() - 1]).unwrap();
        assert!(folder.read_request(&id, u64::MAX).is_err());
        assert_eq!(folder.standing_answer(&id), None);
        let answer = Answer {
            outcome: Outcome::ImportedBefore {
                version: 4,
                new: 1,
                update: 2,
            },
            term: Some((1, [3; 8])),
        };
        folder.answer(&id, &answer).unwrap();
        assert_eq!(folder.standing_answer(&id), Some(answer));
        assert_eq!(
            folder.remove_answered().unwrap(),
            0,
            "its request still waits"
        );
        folder.withdraw(&id).unwrap();
        assert_eq!(folder.remove_answered().unwrap(), 1);
        assert!(folder.requests().unwrap().is_empty());
    }
}

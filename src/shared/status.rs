//! A computer's status file in `.kundreg/computers/`: its name, its role, the version its
//! register holds, when it last wrote the file, and what it is waiting for. Each computer writes
//! only its own; every computer reads them all (`kundreg status`, and which computers are live).
//! Plain `key: value` lines, so a person can read them too.

use chrono::{DateTime, Utc};

/// A computer's part in the folder.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// Changes the register and publishes every version.
    Primary,
    /// Follows the primary's log.
    Replica,
}

impl Role {
    /// The role's name in status files and JSON.
    pub fn name(self) -> &'static str {
        match self {
            Role::Primary => "primary",
            Role::Replica => "replica",
        }
    }
}

/// What a replica is waiting for before it can go on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Waiting {
    /// This version's change-set has not arrived, though later ones have.
    Version(u64),
    /// This version's change-set is arriving (not whole yet).
    Arriving(u64),
    /// A snapshot to start from (no register here yet).
    Snapshot,
}

/// One computer's status.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ComputerStatus {
    pub name: String,
    pub role: Role,
    /// The version its register holds.
    pub version: u64,
    /// When it last wrote its status.
    pub seen: DateTime<Utc>,
    pub waiting: Option<Waiting>,
    /// The run of `kundreg watch` that wrote it: when it started, and a random mark of its
    /// own. Two runs writing one computer's file at once are two computers with one identity
    /// (a copied disk).
    pub run: Option<Run>,
}

/// One run of `kundreg watch`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Run {
    pub started: DateTime<Utc>,
    pub mark: u64,
}

const FIRST_LINE: &str = "kundreg computer";

impl ComputerStatus {
    /// The file's text.
    pub fn to_text(&self) -> String {
        let waiting = match self.waiting {
            None => String::new(),
            Some(Waiting::Version(v)) => format!("waiting: version {v}\n"),
            Some(Waiting::Arriving(v)) => format!("waiting: arriving {v}\n"),
            Some(Waiting::Snapshot) => "waiting: snapshot\n".to_string(),
        };
        let run = self.run.map_or(String::new(), |run| {
            format!("run: {} {:016x}\n", time(run.started), run.mark)
        });
        // A name is one line.
        let name: String = self.name.chars().filter(|c| !c.is_control()).collect();
        format!(
            "{FIRST_LINE}\nname: {name}\nrole: {}\nversion: {}\nseen: {}\n{waiting}{run}",
            self.role.name(),
            self.version,
            time(self.seen),
        )
    }

    /// Reads a status file's text; `None` when it is not one (or is damaged).
    pub fn parse(text: &str) -> Option<ComputerStatus> {
        let mut lines = text.lines();
        if lines.next()? != FIRST_LINE {
            return None;
        }
        let (mut name, mut role, mut version, mut seen, mut waiting) =
            (None, None, None, None, None);
        let mut run = None;
        for line in lines {
            let (key, value) = line.split_once(": ")?;
            match key {
                "name" => name = Some(value.to_string()),
                "role" => {
                    role = Some(match value {
                        "primary" => Role::Primary,
                        "replica" => Role::Replica,
                        _ => return None,
                    })
                }
                "version" => version = value.parse().ok(),
                "seen" => seen = DateTime::parse_from_rfc3339(value).ok(),
                "run" => {
                    let (started, mark) = value.split_once(' ')?;
                    run = Some(Run {
                        started: DateTime::parse_from_rfc3339(started)
                            .ok()?
                            .with_timezone(&Utc),
                        mark: u64::from_str_radix(mark, 16).ok()?,
                    });
                }
                "waiting" => {
                    waiting = Some(match value.split_once(' ') {
                        Some(("version", v)) => Waiting::Version(v.parse().ok()?),
                        Some(("arriving", v)) => Waiting::Arriving(v.parse().ok()?),
                        _ if value == "snapshot" => Waiting::Snapshot,
                        _ => return None,
                    })
                }
                _ => {}
            }
        }
        Some(ComputerStatus {
            name: name?,
            role: role?,
            version: version?,
            seen: seen?.with_timezone(&Utc),
            waiting,
            run,
        })
    }
}

/// A time as status files write it: RFC 3339, UTC, to the millisecond.
fn time(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_status_reads_back_as_written() {
        for waiting in [
            None,
            Some(Waiting::Version(7)),
            Some(Waiting::Arriving(8)),
            Some(Waiting::Snapshot),
        ] {
            let status = ComputerStatus {
                name: "Kassa 1".into(),
                role: Role::Replica,
                version: 6,
                seen: DateTime::from_timestamp(1_764_600_000, 0).unwrap(),
                waiting,
                run: waiting.map(|_| Run {
                    started: DateTime::from_timestamp(1_764_500_000, 5_000_000).unwrap(),
                    mark: 0xfeed,
                }),
            };
            assert_eq!(ComputerStatus::parse(&status.to_text()), Some(status));
        }
        assert_eq!(ComputerStatus::parse("kundreg computer\nname: x\n"), None);
        assert_eq!(ComputerStatus::parse("something else"), None);
    }
}

//! The computers' status files in `.kundreg/computers/`: each computer writes its own (see
//! [`super::status`]), every computer reads them all.

use std::io::{self, Write};

use super::folder::{COMPUTERS, STATUS, SharedFolder, hex, parse_id, read_text};
use super::status::ComputerStatus;

impl SharedFolder {
    /// Writes this computer's status file.
    pub fn write_status(&self, computer: &[u8; 16], text: &str) -> io::Result<()> {
        let dir = self.subfolder(COMPUTERS)?;
        let path = dir.join(format!("{}{STATUS}", hex(computer)));
        crate::guarded::write(&path, |out| out.write_all(text.as_bytes()))
    }

    /// Every computer's status that can be read, with its identity.
    pub fn statuses(&self) -> io::Result<Vec<([u8; 16], ComputerStatus)>> {
        let mut statuses: Vec<([u8; 16], ComputerStatus)> = self
            .entries(COMPUTERS)?
            .into_iter()
            .filter_map(|entry| {
                let name = entry.file_name().into_string().ok()?;
                let id = parse_id(name.strip_suffix(STATUS)?)?;
                let text = read_text(&entry.path())?;
                Some((id, ComputerStatus::parse(&text)?))
            })
            .collect();
        statuses.sort_by_key(|(id, _)| *id);
        Ok(statuses)
    }

    /// The status of the computer `id`, if its file has arrived and can be read.
    pub fn status_of(&self, id: &[u8; 16]) -> Option<ComputerStatus> {
        let path = self
            .root
            .join(COMPUTERS)
            .join(format!("{}{STATUS}", hex(id)));
        ComputerStatus::parse(&read_text(&path)?)
    }

    /// The name of the computer `id` as its status file gives it, or the start of its
    /// identity while none has arrived.
    pub fn name_of(&self, id: &[u8; 16]) -> String {
        self.status_of(id)
            .map_or_else(|| hex(id)[..8].to_string(), |status| status.name)
    }
}

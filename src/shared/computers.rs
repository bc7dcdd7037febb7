//! The computers' status files in `.kundreg/computers/`: each computer writes its own (see
//! [`super::status`]), every computer reads them all.

use std::io;

use super::folder::{COMPUTERS, STATUS, SharedFolder, hex};
use super::ids::ComputerId;
use super::status::ComputerStatus;

impl SharedFolder {
    /// Writes this computer's status file.
    pub fn write_status(&self, computer: &ComputerId, text: &str) -> io::Result<()> {
        let dir = self.subfolder(COMPUTERS)?;
        let path = dir.join(format!("{}{STATUS}", hex(computer)));
        self.write_sealed(&path, text)
    }

    /// Every computer's status that can be read, with its identity.
    pub fn statuses(&self) -> io::Result<Vec<(ComputerId, ComputerStatus)>> {
        let mut statuses: Vec<(ComputerId, ComputerStatus)> = self
            .entries(COMPUTERS)?
            .into_iter()
            .filter_map(|entry| {
                let name = entry.file_name().into_string().ok()?;
                let id = ComputerId::parse(name.strip_suffix(STATUS)?)?;
                Some((id, self.read_status(&entry.path())?))
            })
            .collect();
        statuses.sort_by_key(|(id, _)| *id);
        Ok(statuses)
    }

    /// The status of the computer `id`, if its file has arrived and can be read.
    pub fn status_of(&self, id: &ComputerId) -> Option<ComputerStatus> {
        let path = self
            .root
            .join(COMPUTERS)
            .join(format!("{}{STATUS}", hex(id)));
        self.read_status(&path)
    }

    /// The name of the computer `id` as its status file gives it, or the start of its
    /// identity while none has arrived.
    pub fn name_of(&self, id: &ComputerId) -> String {
        self.status_of(id)
            .map_or_else(|| hex(id)[..8].to_string(), |status| status.name)
    }

    /// The status file at `path`. A computer says when it was last seen; it is believed only
    /// as far as the file's own time: a time in the future would keep a computer "seen" for
    /// good (blocking `promote` and the log's compaction), and the file's time moves on only
    /// as the computer writes it again.
    fn read_status(&self, path: &std::path::Path) -> Option<ComputerStatus> {
        let mut status = ComputerStatus::parse(&self.read_sealed(path)?)?;
        let written = std::fs::symlink_metadata(path).ok()?.modified().ok()?;
        let written = chrono::DateTime::<chrono::Utc>::from(written);
        status.seen = status.seen.min(written).min(chrono::Utc::now());
        Some(status)
    }
}

#[cfg(test)]
mod tests {
    use super::super::key::ShopKey;
    use super::*;

    #[test]
    fn a_computer_is_seen_no_later_than_its_file_was_written() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join(".kundreg")).unwrap();
        let folder = SharedFolder::of(dir.path(), Some(ShopKey::new().unwrap()));
        let text = "kundreg computer\nname: Kassa\nrole: replica\nversion: 3\n\
                    seen: 2099-01-01T00:00:00.000Z\n";
        folder.write_status(&ComputerId([7; 16]), text).unwrap();
        let status = folder.status_of(&ComputerId([7; 16])).expect("a status");
        assert!(status.seen <= chrono::Utc::now());
        assert!(chrono::Utc::now() - status.seen < chrono::Duration::seconds(60));
    }
}

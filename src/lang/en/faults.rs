//! Faults that are no one's mistake: the texts in English.

use crate::lang::faults::FaultTexts;

pub static TEXTS: FaultTexts = FaultTexts {
    disk_full: |path| {
        format!(
            "The disk where {path} is, is full (or the quota is used up). Nothing was changed: the register is as it was and every file is where it was. Free some space and try again."
        )
    },
    output_full: |path| {
        let path = if path == "-" { "standard output" } else { path };
        format!(
            "The disk where {path} is, is full: not everything could be written to it. Free some space and try again."
        )
    },
    not_moved: |path| {
        format!(
            "The disk where {path} is, is full. The import is made, but its files are not moved into done/ yet: that is done once there is space. Free some space."
        )
    },
    folder_full: "The disk where the shared folder is, is full. Nothing was changed, and it is done once there is space. Free some space.",
    not_compacted: |why| {
        format!(
            "The change is made, but the register could not be compacted afterwards: {why} That is tried again next time."
        )
    },
};

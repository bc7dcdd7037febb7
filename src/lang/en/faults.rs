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
    same_customer_as_many: |lines, more| {
        let list: Vec<String> = lines.iter().map(u32::to_string).collect();
        format!(
            "Same customer as on lines {} and {more} more. Merge the rows into one.",
            list.join(", ")
        )
    },
    header_too_large: |columns, bytes| {
        format!(
            "The header line has {columns} columns and {} kB; a customer list has at most 1000 columns and 64 kB of headers. Is it the right file, and the right delimiter?",
            bytes / 1000
        )
    },
    row_too_long: |line| {
        format!(
            "The row that starts on line {line} is over 16 MB long; the rest of the file is not read. Check the quotes on that line: a quote that is never closed makes the rest of the file one cell."
        )
    },
    cell_too_long: |field, bytes| {
        format!(
            "The cell in the column {field} is {} kB long; a value may be at most 1 MB. Check the quotes: a quote that is never closed makes the rest of the file one cell.",
            bytes / 1000
        )
    },
    not_permitted: |name| {
        format!(
            "{name} may not be read by the user kundreg runs as. Let that user read the file (its permissions, or the share's); it is read as soon as it can be."
        )
    },
    not_compacted: |why| {
        format!(
            "The change is made, but the register could not be compacted afterwards: {why} That is tried again next time."
        )
    },
};

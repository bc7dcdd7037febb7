//! Lists from other systems: the texts in English.

use crate::lang::systems::SystemTexts;

pub static TEXTS: SystemTexts = SystemTexts {
    read_as: |system| format!("Read as a customer export from {system}."),
    not_kept: |headers| {
        format!(
            "Not kept (kundreg has no field for them): {}.",
            headers.join(", ")
        )
    },
    full_name: |header, file| {
        format!(
            "Column \"{header}\" holds whole names: the last word (with an af, von or van before it) was read as the last name, the words before it as the first name. If it holds company names, add the line \"{header} = company\" to {file} (or \"{header} = last name\" to keep each name whole)."
        )
    },
    unclear_addresses: |header, lines, count| {
        let lines: Vec<String> = lines.iter().map(u32::to_string).collect();
        let more = match count.saturating_sub(lines.len() as u64) {
            0 => String::new(),
            n => format!(" and {n} more"),
        };
        format!(
            "The address in column \"{header}\" on line {}{more} was kept whole as the street: which part is the city or the postal code is not clear. Check them in the list below.",
            lines.join(", ")
        )
    },
    from_system: |system| format!("as {system} names it"),
    choice: |rank, rows| {
        let which = match rank {
            0 => "first choice".to_string(),
            n => format!("choice {} where those before are empty", n + 1),
        };
        format!("{which}, {}", rows_text(rows))
    },
    further_line: "added after the one before",
    split_name: "whole names, split at the last word",
    split_address: "Mailchimp's address, split into its parts",
    not_kept_column: "not kept",
};

/// `rows` rows, in words.
fn rows_text(rows: u64) -> String {
    match rows {
        1 => "1 row".to_string(),
        n => format!("{n} rows"),
    }
}

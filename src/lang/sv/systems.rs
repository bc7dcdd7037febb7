//! Listor från andra system: texterna på svenska.

use crate::lang::systems::SystemTexts;

pub static TEXTS: SystemTexts = SystemTexts {
    read_as: |system| format!("Läst som en kundexport från {system}."),
    not_kept: |headers| {
        format!(
            "Sparas inte (kundreg har inget fält för dem): {}.",
            headers.join(", ")
        )
    },
    full_name: |header, file| {
        format!(
            "Kolumnen \"{header}\" har hela namn: sista ordet (med af, von eller van före) lästes som efternamn, orden före som förnamn. Är det företagsnamn: lägg till raden \"{header} = företag\" i {file} (eller \"{header} = efternamn\" så behålls varje namn helt)."
        )
    },
    unclear_addresses: |header, lines, count| {
        let lines: Vec<String> = lines.iter().map(u32::to_string).collect();
        let more = match count.saturating_sub(lines.len() as u64) {
            0 => String::new(),
            n => format!(" och {n} till"),
        };
        format!(
            "Adressen i kolumnen \"{header}\" på rad {}{more} behölls hel som gatuadress: vilken del som är ort eller postnummer går inte att se. Kontrollera dem i listan nedan.",
            lines.join(", ")
        )
    },
    from_system: |system| format!("namn i {system}"),
    choice: |rank, rows| {
        let which = match rank {
            0 => "förstahandsval".to_string(),
            n => format!("val {} där de före är tomma", n + 1),
        };
        format!("{which}, {}", rows_text(rows))
    },
    further_line: "läggs till efter den före",
    split_name: "hela namn, delade vid sista ordet",
    split_address: "adressen från Mailchimp, delad i sina delar",
    not_kept_column: "sparas inte",
};

/// `rows` rows, in words.
fn rows_text(rows: u64) -> String {
    match rows {
        1 => "1 rad".to_string(),
        n => format!("{n} rader"),
    }
}

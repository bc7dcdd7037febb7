//! Överblickens texter på svenska.

use crate::lang::glance::{GlanceTexts, Looks, Shared};

pub static TEXTS: GlanceTexts = GlanceTexts {
    summary_title: "Kolumn för kolumn",
    summary_heads: ["kolumn", "nya", "ändrade", "tömda", "vanligaste nya värden"],
    warning: "VARNING",
    fill_down: |field, rows, value, olds, lines| {
        format!(
            "{field}: {rows} kunder får \"{value}\" i stället för {olds} olika värden ({lines}). Har Excels fyll nedåt eller en inklistring gått för långt? Kontrollera kolumnen innan du bekräftar."
        )
    },
    short_postal_code: |field, rows, example, lines| {
        format!(
            "{field}: {rows} kunder får ett postnummer med 4 siffror, till exempel {example} ({lines}); svenska har 5. Excel kan ha tappat en siffra eller en inledande nolla: formatera kolumnen som text och spara igen."
        )
    },
    lost_zero_phone: |field, rows, example, lines| {
        format!(
            "{field}: {rows} kunder får ett nummer utan inledande 0 eller +, till exempel {example} ({lines}). Excel tar bort den i en kolumn som läses som tal: formatera kolumnen som text och spara igen."
        )
    },
    scientific: |field, example, lines| {
        format!(
            "{field}: värden i Excels grundpotensform, till exempel {example} ({lines}): siffrorna har gått förlorade. Formatera kolumnen som text i Excel och spara igen."
        )
    },
    shifted: |field, rows, of, looks, lines| {
        format!(
            "{field}: {rows} av {of} värden ser ut som {looks} ({lines}). Stämmer kolumnens rubrik med innehållet?"
        )
    },
    lines: |list, _| format!("rad {list}"),
    possible_duplicate: |shared, rows, examples, more| {
        let what = match shared {
            Shared::Phone => "samma telefonnummer",
            Shared::Name => "samma förnamn, efternamn och postnummer",
        };
        let rows = match rows {
            1 => "1 ny kund".to_string(),
            n => format!("{n} nya kunder"),
        };
        let more = if more { "; …" } else { "" };
        format!(
            "{rows} har {what} som en kund i registret eller en rad före: {}{more}. Kan det vara samma person? Ändra i så fall raden till den kundens kundnummer (eller e-post), så uppdateras den i stället för att en ny läggs till.",
            examples.join("; ")
        )
    },
    alike: |line, customers, lines| {
        let mut like: Vec<String> = customers.iter().map(|c| format!("kund {c}")).collect();
        like.extend(lines.iter().map(|l| format!("rad {l}")));
        format!("rad {line} som {}", like.join(", "))
    },
    looks: |looks| match looks {
        Looks::Email => "e-postadresser",
        Looks::PostalCode => "postnummer",
        Looks::Phone => "telefonnummer",
    },
};

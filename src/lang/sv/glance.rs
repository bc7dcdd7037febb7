//! Överblickens texter på svenska.

use crate::lang::glance::{GlanceTexts, Looks};

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
    looks: |looks| match looks {
        Looks::Email => "e-postadresser",
        Looks::PostalCode => "postnummer",
        Looks::Phone => "telefonnummer",
    },
};

//! Fel som ingen har gjort: texterna på svenska.

use crate::lang::faults::FaultTexts;

pub static TEXTS: FaultTexts = FaultTexts {
    disk_full: |path| {
        format!(
            "Disken där {path} ligger är full (eller kvoten slut). Ingenting ändrades: registret är som förut och alla filer ligger kvar. Frigör utrymme och försök igen."
        )
    },
    output_full: |path| {
        let path = if path == "-" { "standard ut" } else { path };
        format!(
            "Disken där {path} ligger är full: allt kunde inte skrivas dit. Frigör utrymme och försök igen."
        )
    },
    not_moved: |path| {
        format!(
            "Disken där {path} ligger är full. Importen är gjord, men filerna har inte flyttats till done/ än: det görs när det finns utrymme igen. Frigör utrymme."
        )
    },
    folder_full: "Disken där den delade mappen ligger är full. Ingenting ändrades, och det görs när det finns utrymme igen. Frigör utrymme.",
    same_customer_as_many: |lines, more| {
        let list: Vec<String> = lines.iter().map(u32::to_string).collect();
        format!(
            "Samma kund som på raderna {} och {more} rader till. Slå ihop raderna till en.",
            list.join(", ")
        )
    },
    header_too_large: |columns, bytes| {
        format!(
            "Rubrikraden har {columns} kolumner och {} kB; en kundlista har högst 1000 kolumner och 64 kB rubriker. Är det rätt fil, och rätt avgränsare?",
            bytes / 1000
        )
    },
    row_too_long: |line| {
        format!(
            "Raden som börjar på rad {line} är över 16 MB lång; resten av filen läses inte. Kontrollera citattecknen på den raden: ett citattecken som inte stängs gör resten av filen till en cell."
        )
    },
    cell_too_long: |field, bytes| {
        format!(
            "Cellen i kolumnen {field} är {} kB lång; ett värde får vara högst 1 MB. Kontrollera citattecknen: ett citattecken som inte stängs gör resten av filen till en cell.",
            bytes / 1000
        )
    },
    not_permitted: |name| {
        format!(
            "{name} får inte läsas av användaren som kundreg körs som. Låt den användaren läsa filen (filens behörigheter, eller mappens på servern); den läses så snart det går."
        )
    },
    not_compacted: |why| {
        format!(
            "Ändringen är gjord, men registret kunde inte krympas efteråt: {why} Det görs nästa gång."
        )
    },
};

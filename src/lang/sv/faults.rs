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
    not_compacted: |why| {
        format!(
            "Ändringen är gjord, men registret kunde inte krympas efteråt: {why} Det görs nästa gång."
        )
    },
};

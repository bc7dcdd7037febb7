//! Arbetsböcker: texterna på svenska.

use crate::lang::workbook::WorkbookTexts;
use crate::workbook::WorkbookProblem;

pub static TEXTS: WorkbookTexts = WorkbookTexts {
    sheet: "Blad",
    other_sheets: |sheets| {
        let named: Vec<String> = sheets
            .iter()
            .map(|(name, hidden)| match hidden {
                true => format!("{name} (dolt)"),
                false => name.clone(),
            })
            .collect();
        format!(
            "Andra blad med innehåll, lästes inte: {}. Ska ett av dem läsas i stället: ange det med --sheet, eller flytta det först i arbetsboken.",
            named.join(", ")
        )
    },
    problem: |p| {
        match p {
        WorkbookProblem::Unreadable(why) => format!(
            "Arbetsboken går inte att läsa ({why}). Öppna den i Excel och spara den igen som Excel-arbetsbok (.xlsx)."
        ),
        WorkbookProblem::NoSuchSheet { asked, sheets } => format!(
            "Arbetsboken har inget blad som heter \"{asked}\"; dess blad är: {}.",
            sheets.join(", ")
        ),
        WorkbookProblem::TooManyCells { cells } => format!(
            "Arbetsbokens blad spänner över {cells} celler, fler än de {} en .xls läses med (står en cell långt från de andra?). Öppna den i Excel och spara den som Excel-arbetsbok (.xlsx).",
            crate::workbook::MAX_XLS_CELLS
        ),
        WorkbookProblem::Encrypted => "Arbetsboken är skyddad med lösenord. Öppna den i Excel, ta bort lösenordet (Arkiv → Information → Skydda arbetsbok → Kryptera med lösenord) och spara den igen.".to_string(),
        WorkbookProblem::TooLarge { part, bytes } => format!(
            "Arbetsbokens del {part} packas upp till {} MB, mer än de 512 MB kundreg läser (är den skadad?). Öppna den i Excel och spara den igen, eller spara den som CSV.",
            bytes >> 20
        ),
        WorkbookProblem::NoData => "Arbetsboken har inget synligt blad med innehåll.".to_string(),
    }
    },
    sheet_ignored: |file| {
        format!(
            "{file} är en text, inte en arbetsbok: den har inga blad, och --sheet används inte."
        )
    },
    number_has_fraction: "ett kundnummer är ett heltal: arbetsboken har ett med decimaler",
    stored_as_number: |field, lines| {
        format!(
            "{field}: arbetsboken lagrar det som ett tal, inte som text ({lines}). Ett tal tappar inledande nollor och mellanslag: formatera kolumnen som text i Excel och spara igen."
        )
    },
    by_hand: |paths| {
        format!(
            "De här arbetsböckerna nämner kunden, och kundreg skriver inte om en arbetsbok: ta bort dem eller ta bort kunden ur dem för hand: {}",
            paths.join(", ")
        )
    },
};

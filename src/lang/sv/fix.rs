//! Rätta och lägg tillbaka: texterna på svenska.

use crate::columns::ColumnsProblem;
use crate::lang::fix::FixTexts;

pub static TEXTS: FixTexts = FixTexts {
    cleared: "(tömt)",
    clears_number: "Kundnumret kan inte tömmas: det är det som pekar ut kunden. Ta bort #TÖM ur kundnummerkolumnen.",
    clears_email_without_number: "För att tömma e-posten behöver raden kundens kundnummer, som kunden hittas med. Fyll i kundnumret.",
    error_column: "fel",
    error_reason: |file, line, problem| format!("Rad {line} i {file}: {problem}"),
    errors_written: |rows, path| {
        let (rows, them) = match rows {
            1 => ("Raden".to_string(), "den"),
            n => (format!("De {n} rader"), "dem"),
        };
        format!(
            "{rows} som inte importerades finns i {path}, med orsaken i kolumnen \"fel\". Rätta {them} där (i Excel går bra), spara och lägg tillbaka filen."
        )
    },
    errors_not_written: |path, why| {
        format!(
            "Raderna som inte importerades kunde inte skrivas till {path} ({why}). De finns kvar i originalfilen."
        )
    },
    columns_file: "kolumner.txt",
    columns_error: |file, line, problem| {
        let what = match problem {
            ColumnsProblem::NoEquals => "raden saknar \"=\"".to_string(),
            ColumnsProblem::NoName => "kolumnnamnet före \"=\" saknas".to_string(),
            ColumnsProblem::UnknownField(name) => format!("\"{name}\" är inget fält"),
            ColumnsProblem::Twice { first_line } => {
                format!("kolumnen har redan en annan betydelse på rad {first_line}")
            }
            ColumnsProblem::Unreadable(why) => format!("filen kan inte läsas ({why})"),
        };
        let place = if line == 0 {
            String::new()
        } else {
            format!(" rad {line}")
        };
        format!(
            "{file}{place}: {what}. Varje rad ska vara \"Kolumnnamn = fält\" (till exempel \"Medlemsnr = kundnummer\") eller \"Kolumnnamn = -\" för att hoppa över kolumnen; # inleder en kommentar. Fält: kundnummer, e-post, förnamn, efternamn, företag, adress, postnummer, ort, land, telefon, anteckning. Rätta filen: ingenting importeras så länge den är fel."
        )
    },
    columns_title: "Kolumner",
    from_name: "inbyggt namn",
    from_corrected: "stavningen rättades",
    from_line: |file, line| format!("{file} rad {line}"),
    ignored_by_line: |file, line| format!("hoppas över ({file} rad {line})"),
    unknown_columns: |file, headers| {
        let header = headers.first().copied().unwrap_or_default();
        let named: Vec<String> = headers.iter().map(|h| format!("\"{h}\"")).collect();
        let which = match headers.len() {
            1 => format!("Kolumnen {} känns", named.join(", ")),
            _ => format!("Kolumnerna {} känns", named.join(", ")),
        };
        format!(
            "{which} inte igen och hoppas över. Ska en läsas: lägg till raden \"{header} = fält\" i {file} (till exempel \"{header} = anteckning\"), eller \"{header} = -\" så nämns den inte mer; referensen listar kolumnnamnen kundreg läser."
        )
    },
    ignored: "känns inte igen, hoppas över",
    error_column_note: "orsakerna från en tidigare import, läses inte",
    will_learn: |file| {
        format!("När importen bekräftas sparas rubriken i {file}, så att nästa fil läses likadant.")
    },
    learned_comment: |input, at| {
        format!(
            "Inlärt från {input} {at} (stavningen rättades). Ändra eller ta bort raden om den är fel."
        )
    },
    learned: |header, field, file| {
        format!("Kolumnen \"{header}\" läses hädanefter som {field} (sparat i {file}).")
    },
    not_learned: |file, why| {
        format!("Rubrikerna kunde inte sparas i {file} ({why}). Importen är gjord.")
    },
    columns_file_head: &[
        "# Kolumnnamn som butiken använder, en per rad: Kolumnnamn = fält",
        "# (till exempel: Medlemsnr = kundnummer), eller Kolumnnamn = - för att hoppa över kolumnen.",
        "# Fält: kundnummer, e-post, förnamn, efternamn, företag, adress, postnummer, ort, land, telefon, anteckning.",
    ],
    paste_prompt: "Klistra in listan (med rubrikraden först) och avsluta med Ctrl+D (i Windows: Ctrl+Z och Enter).",
    pasted: "inklistrad lista",
    pasted_stem: "inklistrad",
};

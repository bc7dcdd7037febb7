//! Svenska.

mod failover;
mod faults;
mod fix;
mod glance;
mod key;
mod register;
mod screen;
mod shared;
mod systems;
mod watch;
mod workbook;

use super::{HistoryColumns, Texts};
use crate::field::{Field, ValueProblem};
use crate::parse::{FileError, RowProblem};

fn lines(lines: &[u32]) -> String {
    let list: Vec<String> = lines.iter().map(u32::to_string).collect();
    match list.as_slice() {
        [one] => format!("rad {one}"),
        [rest @ .., last] => format!("raderna {} och {last}", rest.join(", ")),
        [] => String::new(),
    }
}

pub static TEXTS: Texts = Texts {
    code: "sv",
    field_name,
    yes: &["j", "ja", "y", "yes"],
    preview_title: |file| format!("Förhandsgranskning av {file}"),
    rows_read: "Rader lästa",
    encoding: "Teckenkodning",
    delimiter: "Avgränsare",
    tab: "tabb",
    register_version: "Registerversion",
    fingerprint: "Fingeravtryck",
    line: "rad",
    status: "status",
    status_new: "ny",
    status_update: "ändras",
    status_unchanged: "oförändrad",
    status_error: "fel",
    note: "OBS",
    corrected_header: |header, field| {
        format!(
            "Kolumnen \"{header}\" lästes som {field} (stavningen rättades). Stämmer det inte: rätta rubriken."
        )
    },
    encoding_fallback: "Filen är inte UTF-8 och lästes som Windows-1252 (så som svenska Excel sparar). Kontrollera å, ä och ö nedan.",
    already_imported: |version, date| {
        format!(
            "Den här filen är redan importerad som version {version} den {date}. Den importeras inte igen."
        )
    },
    how_to_import: |file| format!("Importera: kundreg import {file}"),
    how_to_edit: "Ändra: rätta filen och förhandsgranska den igen. Nya värden visas i grönt, värden som redan finns i registret som /.",
    file_errors_title: "Filen kan inte importeras",
    how_to_fix: "Rätta filen och försök igen. Inget har ändrats i kundregistret.",
    unchanged_not_listed: |count| format!("… och {count} oförändrade rader som inte listas."),
    page_left_out: |new, update, unchanged, error, file| {
        let kinds: Vec<String> = [
            (new, "som är nya"),
            (update, "som ändras"),
            (unchanged, "som är oförändrade"),
            (error, "med fel"),
        ]
        .into_iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, kind)| format!("{n} rader till {kind}"))
        .collect();
        format!(
            "Sidan listar de första {} raderna av varje slag. Listas inte här: {}. Textförhandsgranskningen ({file}.preview.txt bredvid, eller kundreg preview {file}) listar varje rad. En bekräftelse tillämpar hela filen, mot samma fingeravtryck.",
            crate::report::PAGE_ROWS,
            kinds.join(", ")
        )
    },
    same_legend: "/ = samma som i registret",
    file_error: |e| {
        match e {
        FileError::Empty => "Filen är tom: första raden ska vara rubriker, t.ex. epost,förnamn,efternamn.".into(),
        FileError::DuplicateField { field, first, second } => format!(
            "Kolumnerna \"{first}\" och \"{second}\" betyder båda {}. Ta bort den ena.",
            field_name(*field)
        ),
        FileError::NoKeyColumn => "Rubrikraden saknar kundnummer och e-post. Minst en av dem behövs för att hitta rätt kund.".into(),
        FileError::TooLarge => "Filen är för stor (över 4 GB text). Dela upp den i flera filer.".into(),
        FileError::Columns(e) => (fix::TEXTS.columns_error)(&e.file, e.line, &e.problem),
        FileError::HeaderTooLarge { columns, bytes } => (faults::TEXTS.header_too_large)(*columns, *bytes),
        FileError::RowTooLong { line } => (faults::TEXTS.row_too_long)(*line),
        FileError::Workbook(problem) => (workbook::TEXTS.problem)(problem),
    }
    },
    row_problem: |p| match p {
        RowProblem::NoKey => "Raden saknar både kundnummer och e-post.".into(),
        RowProblem::BadValue {
            field,
            value,
            problem,
        } => format!(
            "{} \"{value}\": {}",
            field_name(*field),
            (TEXTS.value_problem)(*problem)
        ),
        RowProblem::ExtraCells { columns, cells } => format!(
            "Raden har {cells} värden men rubriken bara {columns} kolumner. Kontrollera avgränsare och citattecken."
        ),
        RowProblem::NumberAndEmailDiffer {
            by_number,
            by_email,
        } => format!(
            "Kundnumret tillhör kund {by_number} men e-posten tillhör kund {by_email}. Kontrollera vilken kund som avses."
        ),
        RowProblem::EmailHasOtherNumber { email, number } => {
            format!("E-posten {email} tillhör redan kund {number}, som har ett annat kundnummer.")
        }
        RowProblem::CellTooLong { field, bytes } => {
            (faults::TEXTS.cell_too_long)(field_name(*field), *bytes)
        }
        RowProblem::ClearsNumber => fix::TEXTS.clears_number.into(),
        RowProblem::ClearsEmailWithoutNumber => fix::TEXTS.clears_email_without_number.into(),
        RowProblem::SameCustomerAs {
            lines: l,
            more: more @ 1..,
        } => (faults::TEXTS.same_customer_as_many)(l, *more),
        RowProblem::SameCustomerAs { lines: l, .. } => {
            format!("Samma kund som på {}. Slå ihop raderna till en.", lines(l))
        }
    },
    value_problem: |p| match p {
        ValueProblem::BadEmail => "ser inte ut som en e-postadress",
        ValueProblem::NumberHasSpace => "kundnummer får inte innehålla mellanslag",
        ValueProblem::NumberTooLong => "kundnummer får vara högst 64 tecken",
        ValueProblem::NumberInScientificNotation => {
            "kundnumret är skrivet i Excels grundpotensform (som 1,23457E+11) och siffrorna har gått förlorade: formatera kolumnen som text i Excel och spara igen"
        }
        ValueProblem::NumberHasFraction => workbook::TEXTS.number_has_fraction,
        ValueProblem::ExcelError => {
            "cellen innehåller ett felvärde från Excel, inte data (en formel som inte gick att räkna ut): rätta den i Excel och spara igen"
        }
    },
    confirm_import: |new, update| {
        format!("Importera {new} nya och {update} ändrade kunder? [j/N] ")
    },
    imported: |version, new, update| {
        format!("Importerat som version {version}: {new} nya, {update} ändrade.")
    },
    rows_not_applied: |count| match count {
        1 => "1 rad med fel importerades inte (se förhandsgranskningen).".to_string(),
        n => format!("{n} rader med fel importerades inte (se förhandsgranskningen)."),
    },
    nothing_to_import: "Filen ändrar ingenting i registret. Ingen ny version skapades.",
    not_imported: "Inget importerades.",
    needs_yes: "Ingen terminal att fråga i: lägg till --yes för att fortsätta utan fråga.",
    waiting_for_register: |path, seconds| {
        format!(
            "Kundregistret {path} används av en annan kundreg; väntar upp till {seconds} sekunder …"
        )
    },
    register_empty_file: |path| {
        format!(
            "{path} är en tom fil, inte ett kundregister. Ta bort den eller ange ett annat register med --db."
        )
    },
    register_not_ours: |path| {
        format!(
            "{path} är inte ett kundregister från kundreg. Filen lämnas orörd; ange ett annat register med --db."
        )
    },
    register_schema: |path, found| {
        format!(
            "{path} har registerformat {found}, som den här versionen av kundreg inte kan läsa. Uppdatera kundreg."
        )
    },
    register_busy: |path| {
        format!(
            "Kundregistret {path} används fortfarande av en annan kundreg. Försök igen om en stund."
        )
    },
    register_newer: |path| {
        format!(
            "{path} har skrivits av en nyare kundreg. Filen är hel: uppdatera kundreg på den här datorn och försök igen."
        )
    },
    register_damaged: |path, detail| {
        format!(
            "Kundregistret {path} går inte att läsa ({detail}). Återställ från en säkerhetskopia."
        )
    },
    io_error: |path, detail| format!("{path}: {detail}"),
    no_such_file: |path| format!("{path} finns inte. Kontrollera namnet och mappen."),
    no_access: |path| {
        format!(
            "{path} får inte läsas eller skrivas av den här användaren. Kontrollera filens behörigheter."
        )
    },
    stale_plan: "Registret eller filen ändrades medan importen förbereddes. Inget importerades; förhandsgranska igen.",
    no_such_customer: |key| format!("Ingen kund med kundnummer eller e-post \"{key}\"."),
    no_register: |path| {
        format!("Det finns inget kundregister i {path} än. Det skapas vid första importen.")
    },
    status_register: "Register",
    status_customers: "Kunder",
    status_version: "Version",
    status_last_import: "Senaste import",
    none: "ingen",
    history_empty: "Ingen historik än.",
    history_columns: HistoryColumns {
        version: "version",
        time: "tid",
        kind: "typ",
        file: "fil",
        counts: "nya / ändrade / borttagna",
        remark: "anmärkning",
    },
    rolled_back_by: |version| format!("ångrad av v{version}"),
    kind_import: "import",
    kind_rollback: "ångring",
    kind_forget: "glömd",
    kind_edit: "ändring",
    kind_add: "ny kund",
    exported: |count, path| format!("{count} kunder exporterade till {path}."),
    would_overwrite: |path| {
        format!("{path} finns redan och skrivs inte över. Välj ett annat namn med --out.")
    },
    file_changed: |path| {
        format!("{path} ändrades medan den lästes. Vänta tills den är sparad och försök igen.")
    },
    held_open: |path| {
        format!(
            "{path} är öppen i ett annat program (kanske Excel) som inte låter andra läsa den. Stäng den där och försök igen."
        )
    },
    undoes: |versions| format!("ångrar {versions}"),
    no_such_version: |version| {
        format!("Det finns ingen version {version}. Se vilka som finns med: kundreg history")
    },
    forget_is_final: |version| {
        format!("Version {version} är en radering (forget) och kan inte ångras.")
    },
    already_rolled_back: |version, by| {
        format!(
            "Version {version} är redan ångrad av version {by}. För att göra om den: kundreg rollback {by}"
        )
    },
    stale_undo: "Registret ändrades medan ångringen förbereddes. Inget ändrades; kör kommandot igen för att se den nya.",
    show_title: |version, kind, date| format!("Version {version} ({kind}, {date})"),
    source_file: "Fil",
    undo_one_title: |version| format!("Ångra version {version}"),
    undo_to_title: |version| format!("Återställ registret till version {version}"),
    undo_versions: |versions| format!("Ångrar {versions}."),
    redo_versions: |versions| {
        format!("Gör om {versions} (de ångrades av versionen som nu ångras).")
    },
    undo_counts: |update, removed, new| {
        format!("Återställer {update} kunder, tar bort {removed}, tar tillbaka {new}.")
    },
    no_changes: "Inga kunder ändras.",
    customer: "Kund",
    status_removed: "tas bort",
    erased_customer: "raderad kund",
    more_customers: |count| format!("… och {count} kunder till"),
    conflicts_title: "Konflikter – kunder som ändrats sedan dess:",
    overwritten_title: "Skrivs över (--force):",
    conflicts_header: ["kund", "fält", "nu", "versionen lämnade"],
    email_taken: |number, email, owner| {
        format!("kund {number} skulle få tillbaka e-post {email}, som kund {owner} har nu")
    },
    conflicts_refused: "Inget ändrades: senare ändringar står i vägen. Kör med --force för att återställa kunderna ändå (värdena ovan skrivs då över).",
    email_taken_refused: "Inget ändrades: två kunder kan inte ha samma e-post, inte ens med --force. Ändra eller ta bort e-posten hos kunden som har den nu och försök igen.",
    dry_run_done: "Provkörning: inget ändrades.",
    confirm_undo: |customers| format!("Genomföra ändringen av {customers} kunder? [j/N] "),
    rolled_back: |version| format!("Klart: sparat som version {version}."),
    nothing_to_undo: |version| {
        format!("Inget att ångra: registret är redan vid version {version}.")
    },
    not_rolled_back: "Inget ändrades.",
    confirm_forget: |number| {
        format!(
            "Radera kund {number} ur registret och ur hela historiken? Det kan inte ångras. [j/N] "
        )
    },
    forgotten: |number, version| {
        format!(
            "Kund {number} är raderad ur registret och ur historiken (version {version}). Historiken visar en raderad kund i deras ställe."
        )
    },
    not_forgotten: "Inget raderades.",
    not_a_folder: |path| format!("{path} är ingen mapp. Ange mappen som ska bevakas."),
    register_in_inbox: |db, inbox| {
        format!(
            "Registret {db} ligger i den bevakade mappen {inbox}. Lägg det på den här datorns egen disk, utanför den delade mappen (--db), så att synkprogram aldrig kopierar det halvskrivet."
        )
    },
    failover: &failover::TEXTS,
    glance: &glance::TEXTS,
    fix: &fix::TEXTS,
    faults: &faults::TEXTS,
    key: &key::TEXTS,
    register: &register::TEXTS,
    shared: &shared::TEXTS,
    systems: &systems::TEXTS,
    workbook: &workbook::TEXTS,
    screen: &screen::TEXTS,
    watch: &watch::TEXTS,
};

/// A field's name in Swedish texts.
pub fn field_name(field: Field) -> &'static str {
    field.swedish()
}

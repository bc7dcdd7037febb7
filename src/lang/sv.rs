//! Svenska.

mod failover;
mod faults;
mod fix;
mod glance;
mod key;

use super::{HistoryColumns, SharingTexts, Texts, WatchTexts};
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
    accepted_names: "Godkända kolumnnamn",
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
    rows_not_applied: |count| {
        format!("{count} rader med fel importerades inte (se förhandsgranskningen).")
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
    sharing: SharingTexts {
        started: |folder| {
            format!(
                "Den delade mappen {folder} startades med den här datorn som primär: bara den ändrar registret. Andra datorer ansluter med koden som kundreg status visar (kundreg watch --join KOD på sin kopia av mappen) och följer den."
            )
        },
        primary: "Den här datorn är den delade mappens primära dator: den förhandsgranskar och importerar mappens filer och publicerar varje version.",
        replica: |primary| {
            format!(
                "Den här datorn följer {primary}, den delade mappens primära dator: den håller sin egen kopia av registret aktuell och lämnar mappens filer åt den primära."
            )
        },
        waiting_for_folder: "Väntar på att den delade mappens register ska komma från den primära datorn (--join KOD).",
        twin_yields: "En annan dator har den här datorns identitet (en kopierad disk?); den startade senare och tar en ny.",
        twin_renamed: |primary, was_primary| {
            let role = if was_primary {
                " Den är inte längre primär."
            } else {
                ""
            };
            format!(
                "Den här datorn hade samma identitet som en annan dator i mappen (en kopierad disk?) och har tagit en ny.{role} Den följer {primary} och gör om sitt register från den primäras kopia."
            )
        },
        published: |version| format!("Version {version} publicerad i den delade mappen."),
        published_snapshot: |version| {
            format!(
                "En kopia av hela registret vid version {version} publicerad i den delade mappen, för datorer som ansluter eller ligger efter."
            )
        },
        erased_log: |files| {
            format!(
                "{files} äldre filer togs bort ur mappens logg: de innehöll den raderade kunden."
            )
        },
        compacted_log: |files| {
            format!(
                "{files} äldre filer togs bort ur mappens logg: alla datorer har det de innehöll."
            )
        },
        replayed: |version, what| format!("Version {version} från den primära: {what}."),
        rebuilt: |version, why| {
            format!("Registret byggdes om från den primäras kopia vid version {version} ({why}).")
        },
        why_joined: "den här datorn ansluter",
        why_behind: "loggen före den har tagits bort",
        why_diverged: |version| format!("efter version {version} skilde det sig från den primäras"),
        waiting_version: |version| {
            format!(
                "Väntar på version {version} från den primära: senare versioner har kommit, den här inte än."
            )
        },
        arriving: |version| format!("Version {version} håller på att komma."),
        waiting_snapshot: "Väntar på att den primäras kopia av registret ska komma.",
        failed: |detail| {
            format!("Den delade mappen: {detail}. Försöker igen vid nästa genomsökning.")
        },
        folder_failed: |detail| format!("Den delade mappen: {detail}. Inget ändrades."),
        log_file_damaged: |detail| {
            format!(
                "En fil i den delade mappens .kundreg kan inte användas ({detail}); den inväntas eller ersätts."
            )
        },
        foreign: |db, folder, customers, version| {
            let customers = match customers {
                1 => "1 kund".to_string(),
                n => format!("{n} kunder"),
            };
            format!(
                "Registret {db} innehåller andra uppgifter ({customers}, version {version}) än registret som den delade mappen {folder} bär. Inget ändrades i något av dem. För att föra över kunderna: exportera dem (kundreg --db {db} export --out kunder.csv), importera filen på den primära datorn och starta den här datorn med ett nytt, tomt register (--db)."
            )
        },
        archive_rewritten: |files| {
            format!(
                "Raderades också ur {files} av kundregs filer i den delade mappen (done/ och förhandsgranskningar)."
            )
        },
        archive_waiting: |rows| {
            format!(
                "Finns kvar i filer som väntar i inkorgen, oförändrade (de är personalens filer; ta bort raderna där): {rows}."
            )
        },
        archive_failed: |path, why| {
            format!("Kunden kunde inte raderas ur {path} ({why}); ta bort den ur filen för hand.")
        },
        queued: |primary| {
            format!(
                "Skickat till {primary}, den primära datorn. Det utförs när kundreg watch körs där; den här datorns watch-logg visar hur det gick."
            )
        },
        asked: |primary, seconds| {
            format!(
                "Skickat till {primary}, den primära datorn; väntar på den (upp till {seconds} s) …"
            )
        },
        no_answer: |primary, seconds, seen| {
            format!(
                "{primary}, den primära datorn (senast sedd: {seen}), har inte svarat på {seconds} s. Begäran ligger kvar i kö: den utförs när kundreg watch körs på {primary}. Vänta längre med --wait SEKUNDER."
            )
        },
        not_arrived: |primary, version| {
            format!(
                "{primary} gjorde version {version}, men den har inte kommit till den här datorn än; kundreg watch här spelar upp den när den kommer."
            )
        },
        request_done: |from, what, version| {
            format!("Begäran från {from}: {what} — version {version}.")
        },
        request_nothing: |from, what| format!("Begäran från {from}: {what} — inget att ändra."),
        request_refused: |from, what, why| format!("Begäran från {from}: {what} — nekad: {why}"),
        request_too_large: |file, limit| {
            format!(
                "Begäran {file} i den delade mappen är större än de {limit} MB en fil får vara här (--max-size): den läses inte. Om en dator i butiken skickade den, importera filen på den primära datorn."
            )
        },
        status_role: "Roll",
        role_primary: "primär (ändrar registret)",
        role_replica: "följer den primära",
        role_alone: "ensam (ingen annan dator delar mappen)",
        status_folder: "Delad mapp",
        status_primary: "Primär",
        seen: |name, when| format!("{name}, senast sedd {when}"),
        not_seen: "inte sedd än",
        status_behind: "Efter",
        up_to_date: "aktuell",
        behind: |versions| format!("{versions} versioner"),
    },
    watch: WatchTexts {
        started: |inbox, db| format!("Bevakar {inbox} (register {db}). Avsluta med Ctrl+C."),
        stopped: "Avslutad.",
        no_signals: |detail| {
            format!(
                "Ctrl+C och stoppsignaler kan inte fångas ({detail}); ett stopp kan avbryta pågående arbete."
            )
        },
        no_events: |detail| {
            format!(
                "Inga filhändelser från systemet ({detail}); mappen läses i stället varje sekund."
            )
        },
        inbox_unreadable: |detail| format!("Mappen kan inte läsas: {detail}. Försöker igen."),
        unreadable_name: |name| {
            format!("{name}: namnet är inte läsbar text och hoppas över. Byt namn på filen.")
        },
        symlink: "en symbolisk länk, följs inte",
        not_a_file: "ingen vanlig fil, läses inte",
        hard_link: "en fil med mer än ett namn (hård länk), läses inte. Kopiera in den i mappen i stället.",
        locked: |name| format!("{name} är öppen i ett program; den läses när den har stängts."),
        previewed: |name, new, update, unchanged, error| {
            format!(
                "{name}: förhandsgranskning skriven ({new} nya, {update} ändrade, {unchanged} oförändrade, {error} fel)"
            )
        },
        previewed_errors: |name| {
            format!("{name}: kan inte importeras; förhandsgranskningen säger vad som ska rättas")
        },
        preview_kept: |name| format!("{name}: förhandsgranskningen visar redan den här filen"),
        previews_removed: |input| {
            format!("{input} togs bort; det gjorde även dess förhandsgranskningar")
        },
        applying: |name| format!("{name}: bekräftad, importerar"),
        applied: |name, version, new, update| {
            format!("{name}: importerad som version {version} ({new} nya, {update} ändrade)")
        },
        finished_after_stop: |name, version| {
            format!("{name}: redan importerad som version {version}; filerna flyttas nu")
        },
        nothing_applied: |name| format!("{name}: bekräftad, men den ändrar ingenting"),
        cancelled: |name, cancel| format!("{name}: avbruten med {cancel}"),
        no_input_for: |name| format!("{name}: det finns ingen fil som den hör till"),
        conflict_copy_signal: |name| {
            format!(
                "{name}: en konfliktkopia från ett synkprogram; den bekräftar och avbryter ingenting"
            )
        },
        cannot_write: |name, detail| {
            format!("{name}: förhandsgranskningen kan inte skrivas: {detail}")
        },
        cannot_move: |name, detail| {
            format!("{name}: kan inte flyttas till done: {detail}. Det görs ett nytt försök.")
        },
        cannot_remove: |name, detail| format!("{name} kan inte tas bort: {detail}"),
        next_steps: |name, stem| {
            let confirm = match stem {
                Some(stem) => format!("{name}.confirm (eller {stem}.confirm)"),
                None => format!("{name}.confirm"),
            };
            vec![
                format!(
                    "Importera: skapa en fil med namnet {confirm} i den här mappen (den får vara tom)."
                ),
                format!("Ändra: rätta {name} och spara; en ny förhandsgranskning visas här."),
                format!("Kasta: skapa en fil med namnet {name}.cancel."),
                "Nya värden visas i grönt, värden som redan finns i registret som /.".into(),
            ]
        },
        conflict_copy: "Den här filen är en konfliktkopia från ett synkprogram: två datorer ändrade samma fil. Kontrollera att det är rätt version innan du bekräftar.",
        confirm_not_taken: |confirm, why| {
            format!("{confirm} togs inte emot och har tagits bort: {why}")
        },
        log_not_taken: |name, confirm, why| format!("{name}: {confirm} togs inte emot: {why}"),
        before_preview: "den skapades innan den här förhandsgranskningen skrevs. Läs den här förhandsgranskningen och bekräfta sedan igen.",
        no_preview: "det fanns ingen förhandsgranskning att hålla den mot. Läs den här förhandsgranskningen och bekräfta sedan igen.",
        stale: "filen eller registret har ändrats sedan förhandsgranskningen du bekräftade. Inget importerades. Läs den nya förhandsgranskningen och bekräfta sedan igen.",
        cannot_import: "filen kan inte importeras. Rätta den enligt beskrivningen nedan; en ny förhandsgranskning visas.",
        already: |version, date| {
            format!(
                "exakt den här filen är redan importerad som version {version} den {date}. Ångra den versionen först om den ska importeras igen."
            )
        },
        too_large: |size, limit| {
            format!(
                "Filen är {} MB, mer än de {} MB som kundreg läser i den här mappen. Dela upp den i mindre filer, eller importera den med: kundreg import FIL",
                size / 1_000_000,
                limit / 1_000_000
            )
        },
        spreadsheet: "kundreg läser .csv- och .txt-filer. Välj i Excel Arkiv → Spara som → \"CSV UTF-8 (kommaavgränsad)\" och spara i den här mappen; ta sedan bort den här filen.",
        changed_since: "Ändrat sedan förra förhandsgranskningen",
        too_large_to_compare: "Filen är för stor för att jämföras med förra förhandsgranskningen.",
        row_changed: |line, changes| format!("rad {line}: {changes}"),
        row_removed: |line, values| format!("borttagen (var rad {line}): {values}"),
        row_added: |line, values| format!("rad {line} tillagd: {values}"),
        no_row_changes: "Inga rader ändrades (bara tomma rader, mellanrum eller radernas plats).",
        more_changes: |count| format!("… och {count} till"),
        emptied: "(tomt)",
        receipt_title: |name| format!("kundreg kvitto: {name}"),
        receipt_version: "Version",
        receipt_time: "Importerad",
        receipt_file: "Fil",
        receipt_sha256: "SHA-256",
        receipt_register: "Register",
        receipt_counts: |new, update, unchanged, errors| match unchanged {
            Some(unchanged) => format!(
                "{new} nya, {update} ändrade, {unchanged} oförändrade, {errors} rader importerades inte."
            ),
            None => format!("{new} nya, {update} ändrade, {errors} rader importerades inte."),
        },
        receipt_undo: "Ångra importen med det här kommandot på datorn där registret finns:",
        receipt_resumed: "kundreg stoppades efter importen men innan filen flyttades; flytten gjordes klart vid nästa start. Importen gjordes en gång.",
        nothing: "Inget importerades: registret har redan allt som står i filen.",
    },
};

/// A field's name in Swedish texts.
pub fn field_name(field: Field) -> &'static str {
    field.swedish()
}

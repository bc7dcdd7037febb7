//! Flera datorer, en delad mapp: texterna på svenska.

use crate::lang::shared::SharedTexts;

pub static TEXTS: SharedTexts = SharedTexts {
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
        format!("{files} äldre filer togs bort ur mappens logg: de innehöll den raderade kunden.")
    },
    compacted_log: |files| {
        format!("{files} äldre filer togs bort ur mappens logg: alla datorer har det de innehöll.")
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
    failed: |detail| format!("Den delade mappen: {detail}. Försöker igen vid nästa genomsökning."),
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
    request_done: |from, what, version| format!("Begäran från {from}: {what} — version {version}."),
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
};

//! Den delade mappens bevakning (kundreg watch): texterna på svenska.

use crate::lang::watch::WatchTexts;

pub static TEXTS: WatchTexts = WatchTexts {
    started: |inbox, db| format!("Bevakar {inbox} (register {db}). Avsluta med Ctrl+C."),
    stopped: "Avslutad.",
    no_signals: |detail| {
        format!(
            "Ctrl+C och stoppsignaler kan inte fångas ({detail}); ett stopp kan avbryta pågående arbete."
        )
    },
    no_events: |detail| {
        format!("Inga filhändelser från systemet ({detail}); mappen läses i stället varje sekund.")
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
    cannot_write: |name, detail| format!("{name}: förhandsgranskningen kan inte skrivas: {detail}"),
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
    spreadsheet: "kundreg läser inte Numbers-filer. Välj i Numbers Arkiv → Exportera till → Excel… och spara arbetsboken i den här mappen; ta sedan bort den här filen.",
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
};

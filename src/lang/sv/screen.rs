//! Skärmen: texterna på svenska.

use crate::lang::screen::ScreenTexts;
use crate::screen::Problem;

pub static TEXTS: ScreenTexts = ScreenTexts {
    register: "Kundregister",
    import: "Importera kunder",
    inbox: "Inkorgen",
    history: "Historik",
    computers: "Datorer",
    foreign_host: "Skärmen svarar bara på den här datorns egen adress (127.0.0.1 eller localhost).",
    wrong_token: "Adressen bär inte skärmens nyckel för den här starten (kundreg har startats om sedan dess?).",
    no_session: "Skärmen öppnas från adressen kundreg visar, med sin nyckel.",
    not_from_screen: "Ändringar görs bara från skärmens egna sidor.",
    how_to_open: "Öppna skärmen med kommandot nedan på den här datorn (eller med adressen som kundreg watch skrev i sin logg när den startade):",
    failed_title: "Det gick inte",
    done_title: "Klart",
    waiting_title: "Väntar på den primära datorn",
    back: "Tillbaka",
    problem: |p| {
        match p {
        Problem::NotLoopback(address) => format!("--ui {address}: skärmen lyssnar bara på den här datorns egen adress (127.0.0.1, ::1). Andra datorer kör sin egen kundreg och sin egen skärm."),
        Problem::NotRunning => "Ingen skärm körs för det här registret: starta kundreg watch (utan --no-ui) först.".into(),
        Problem::NoRegister => "Det finns inget register än: en import skapar det.".into(),
        Problem::NotJoined => "Den här datorn har inte anslutit till sin delade mapp än, så ändringen kan inte skickas till den primära datorn.".into(),
        Problem::UploadGone => "Listan finns inte kvar (skärmen har startats om, eller många listor har lästs in sedan). Läs in den igen.".into(),
        Problem::NoFile => "Välj en fil under Från fil, eller klistra in listan under Kopiera/Klistra in.".into(),
        Problem::NothingPasted => "Klistra in listan (formatet på första raden), eller välj Från fil.".into(),
        Problem::Upload(why) => format!("Filen kunde inte tas emot ({why}). Är den större än kundreg läser (--max-size)?"),
        Problem::NoSuchInput(name) => format!("Inkorgen har ingen kundfil som heter \"{name}\"."),
        Problem::PreviewChanged(name) => format!("Förhandsvisningen av \"{name}\" har ändrats sedan sidan visades. Titta på den igen och bekräfta sedan."),
        Problem::NotConfirmed => "Kundnumret du skrev stämmer inte: kunden är inte glömd.".into(),
        Problem::NoSuchRequest => "Den här datorn har ingen sådan ändring som väntar på svar.".into(),
    }
    },
    no_register: "Det finns inget kundregister än. Importera en kundlista så skapas det.",
    register_facts: |customers, version| match customers {
        1 => format!("1 kund, version {version}"),
        n => format!("{n} kunder, version {version}"),
    },
    search_label: "Sök (namn, adress, ort, telefon, postnummer, kundnummer eller e-post)",
    search: "Sök",
    found: |total| match total {
        1 => "1 kund hittades.".into(),
        n => format!("{n} kunder hittades."),
    },
    found_more_than: |total| format!("Fler än {total} kunder hittades."),
    no_customers: "Registret har inga kunder.",
    next_page: "Nästa sida →",
    duplicates: "Möjliga dubbletter",
    duplicates_explained: "Kunder som har samma telefonnummer, eller samma förnamn, efternamn och postnummer. Rätta den som ska vara kvar och glöm den andra.",
    more_duplicates: |more| format!("… och {more} grupper till (kundreg duplicates listar alla)."),
    new_customer: "Ny kund",
    new_needs_key: "En ny kund behöver e-post eller kundnummer (utan kundnummer får kunden nästa lediga).",
    edit: "Ändra",
    edit_title: |number| format!("Ändra kund {number}"),
    show_change: "Visa ändringen",
    customer: "Kund",
    field: "Fält",
    before: "Före",
    after: "Efter",
    save: "Spara",
    forget_title: "Glöm kunden",
    forget_explained: |number| {
        format!(
            "Kund {number} raderas ur registret och ur hela historiken, och ur listorna kundreg sparat i den delade mappen. Det kan inte ångras."
        )
    },
    forget_type_number: |number| format!("Skriv kundnumret ({number}) för att bekräfta:"),
    forget: "Glöm kunden",
    paste: "Kopiera/Klistra in",
    paste_explained: "På första raden skriver du formatet, till exempel epost;förnamn;efternamn;telefon. På följande rader klistrar du in kunderna i samma format. Listan måste ha e-post, kundnummer eller båda.",
    from_file: "Från fil",
    choose_file: "Välj importfil (CSV, text eller arbetsbok):",
    file_kept: |name| format!("Sparad fil: {name}. Välj en annan fil för att byta den."),
    sheet: "Blad i arbetsboken (tomt: kundreg väljer):",
    preview_of: |name| format!("Förhandsvisning: {name}"),
    download_not_applied: |rows| format!("Ladda ner de {rows} rader som inte importerades"),
    import_another: "Importera en lista till",
    inbox_folder: |folder| format!("Filerna som väntar i den delade mappen {folder}."),
    inbox_empty: "Inga kundfiler väntar.",
    file: "Fil",
    size: "Storlek",
    changed: "Ändrad",
    preview: "Förhandsvisning",
    previewed: "skriven",
    not_previewed: "inte än",
    daemon_not_caught_up: "kundreg har inte förhandsvisat filen som den ser ut nu än. Vänta några sekunder och ladda om sidan; sedan kan den bekräftas.",
    cancel: "Avbryt",
    confirmed: |name| {
        format!(
            "\"{name}\" är bekräftad. kundreg importerar den om några sekunder och flyttar den till done/ med ett kvitto."
        )
    },
    cancelled: |name| {
        format!("\"{name}\" är avbruten. kundreg flyttar den ur inkorgen om några sekunder.")
    },
    history_explained: "Varje import och ändring är en version. En version kan ångras, och en ångring kan göras om, som en ny version.",
    version_changes: "Det här ändrade versionen",
    more_changes: |more, version| {
        format!("… och {more} kunder till (kundreg show {version} visar alla).")
    },
    undo_title: "Ångra versionen",
    redo_title: "Gör om det som ångrades",
    undo: "Ångra",
    redo: "Gör om",
    force_explained: "Senare versioner har ändrat de här kunderna. Med tvång återställs kunderna ändå som de var före versionen, och de senare ändringarna av dem skrivs över.",
    show_forced: "Visa ångringen med tvång",
    no_computers: "Registret delar ingen mapp med andra datorer.",
    computer_columns: ["Dator", "Roll", "Version", "Efter", "Sågs senast"],
    waiting_for_primary: |primary| {
        format!(
            "Ändringen är skickad till den primära datorn {primary}. Sidan visar svaret så fort det kommer."
        )
    },
    primary_not_answering: |primary, seen| match seen {
        Some(seen) => format!(
            "Den primära datorn {primary} svarar inte (sågs senast {seen}). Ändringen ligger kvar i den delade mappen och görs när den svarar."
        ),
        None => format!(
            "Den primära datorn {primary} svarar inte. Ändringen ligger kvar i den delade mappen och görs när den svarar."
        ),
    },
    open_at: |url| format!("Skärmen: öppna {url}"),
    port_taken: |address, why| {
        format!(
            "Skärmen startar inte: {address} är upptagen ({why}). Mappen bevakas ändå; kundreg ui öppnar den skärm som redan körs."
        )
    },
    not_started: |why| format!("Skärmen startar inte ({why}). Mappen bevakas ändå."),
    no_browser: "Ingen webbläsare kunde öppnas här: öppna adressen ovan själv.",
};

//! The screen in a real browser (Debian's chromium over WebDriver, see `common/browser.rs`),
//! used as the person at the till uses it: the help page's paste read, changed after "Ändra
//! importdata" and confirmed; a Windows-1252 file with `;` uploaded; the register searched, a
//! customer changed, added and forgotten; an inbox file confirmed; a version undone and redone;
//! an import on a replica made by its primary. Screenshots of the pages go to
//! `target/screenshots/`.

mod common;

use common::Workdir;
use common::browser::Browser;
use common::computers::{join_code, status, wait_for_version};
use common::daemon::{Daemon, wait_until};
use common::screen::Screen;

/// The help page's own example.
const HELP_PAGE: &str = "epost,förnamn,efternamn,telefonnummer\n\
                         nils@epost.com,Nils,Karlsson,070123456\n\
                         stina@epost.com,Stina,Olsson,0701122333";

/// A daemon with its screen on a free port for the register `db`, watching `inbox`, in
/// Swedish (the shop's language), and the browser opened on it.
fn opened(
    w: &Workdir,
    db: &str,
    inbox: &str,
    name: &str,
    join: Option<&str>,
) -> Option<(Daemon, Browser, String)> {
    let browser = Browser::start()?;
    std::fs::create_dir_all(w.path(inbox)).unwrap();
    let mut args = vec![
        "--db",
        db,
        "--lang",
        "sv",
        "watch",
        inbox,
        "--name",
        name,
        "--settle",
        "200",
        "--rescan",
        "300",
        "--ui",
        "127.0.0.1:0",
    ];
    if let Some(code) = join {
        args.extend(["--join", code]);
    }
    let daemon = Daemon::start(w, &args, &format!("{name}.log"));
    let screen = Screen::of(&daemon);
    browser.goto(&screen.url);
    let base = format!("http://127.0.0.1:{}", screen.port);
    assert_eq!(
        browser.url(),
        format!("{base}/"),
        "the secret is not left in the address"
    );
    Some((daemon, browser, base))
}

#[test]
fn the_help_pages_paste_is_read_changed_and_confirmed() {
    let w = Workdir::new();
    let Some((_daemon, b, base)) = opened(&w, "kundreg.redb", "watch", "Kassan", None) else {
        return;
    };
    b.goto(&format!("{base}/import"));
    b.fill("textarea[name=text]", HELP_PAGE);
    b.press("Starta inläsning");
    assert_eq!(b.attributes("tr[data-line]", "data-status"), ["new", "new"]);
    assert!(
        b.attributes("td[data-field=first_name]", "data-mark")
            .iter()
            .all(|m| m == "new")
    );
    b.screenshot("import-preview");
    b.press("Ändra importdata");
    assert_eq!(
        b.value("textarea[name=text]").replace("\r\n", "\n"),
        HELP_PAGE
    );
    b.fill(
        "textarea[name=text]",
        &format!("{HELP_PAGE}\nolle@epost.com,Olle,Berg,0703334444"),
    );
    b.press("Starta inläsning");
    assert_eq!(b.attributes("tr[data-line]", "data-line"), ["2", "3", "4"]);
    b.press("Bekräfta import");
    b.wait_for("version 1");
    b.screenshot("import-receipt");
    assert_eq!(w.customer("olle@epost.com")["phone"], "0703334444");
    // The same list again: every value the same, shown as "/", nothing to confirm.
    b.goto(&format!("{base}/import"));
    b.fill("textarea[name=text]", HELP_PAGE);
    b.press("Starta inläsning");
    assert_eq!(
        b.attributes("tr[data-line]", "data-status"),
        ["unchanged", "unchanged"]
    );
    assert!(
        b.attributes("td[data-field=last_name]", "data-mark")
            .iter()
            .all(|m| m == "same")
    );
    assert!(!b.source().contains("Bekräfta import</button>"));
}

#[test]
fn a_windows_1252_file_with_semicolons_is_uploaded_and_imported() {
    let w = Workdir::new();
    w.import("kunder.csv", "kundnummer;förnamn;ort\n7;Åsa;Malmö\n");
    let Some((_daemon, b, base)) = opened(&w, "kundreg.redb", "watch", "Kassan", None) else {
        return;
    };
    // "Åsa Öberg" and "Göteborg" as Swedish Excel saves them: Windows-1252, `;`.
    let mut bytes = b"kundnummer;f\xf6rnamn;efternamn;ort\r\n".to_vec();
    bytes.extend(b"7;\xc5sa;\xd6berg;G\xf6teborg\r\n8;Per;Str\xf6m;Ume\xe5\r\n");
    let file = w.write("Kunder från Excel.csv", bytes);
    b.goto(&format!("{base}/import"));
    b.click("input[name=way][value=file]");
    b.fill("input[name=file]", &file.display().to_string());
    b.press("Starta inläsning");
    assert_eq!(
        b.attributes("tr[data-line]", "data-status"),
        ["update", "new"]
    );
    assert_eq!(
        b.text("tr[data-line='2'] td[data-field=city]"),
        "Malmö → Göteborg"
    );
    assert_eq!(
        b.attributes("tr[data-line='2'] td[data-field=first_name]", "data-mark"),
        ["same"]
    );
    b.press("Ändra importdata");
    assert!(
        b.source().contains("Kunder från Excel.csv"),
        "the file is kept"
    );
    b.press("Starta inläsning");
    b.press("Bekräfta import");
    b.wait_for("version 2");
    assert_eq!(w.customer("7")["last_name"], "Öberg");
    assert_eq!(w.customer("8")["city"], "Umeå");
    let history = w.expect(0, &["history", "--json"]).json();
    assert_eq!(history[0]["file"], "Kunder från Excel.csv");
}

#[test]
fn the_register_is_searched_and_a_customer_changed_added_and_forgotten() {
    let w = Workdir::new();
    w.import(
        "kunder.csv",
        "kundnummer;förnamn;efternamn;epost;telefon;ort\n\
        1;Anna;Ek;anna@exempel.se;070-111 22 33;Lund\n\
        2;Bo;Ek;bo@exempel.se;070-222;Malmö\n\
        3;Cecilia;Lind;cecilia@exempel.se;070-333;Lund\n",
    );
    let Some((_daemon, b, base)) = opened(&w, "kundreg.redb", "watch", "Kassan", None) else {
        return;
    };
    b.fill("input[name=q]", "ek lund");
    b.press("Sök");
    assert_eq!(
        b.attributes("table.customers tr[data-number]", "data-number"),
        ["1"]
    );
    b.fill("input[name=q]", "0701112233");
    b.press("Sök");
    assert_eq!(
        b.attributes("table.customers tr[data-number]", "data-number"),
        ["1"]
    );
    b.goto(&format!("{base}/"));
    b.screenshot("register");
    b.follow("tr[data-number='1'] a");
    assert_eq!(b.text("dd[data-field=city]"), "Lund");
    b.press("Ändra");
    b.fill("input[name=city]", "Ystad");
    b.fill("input[name=phone]", "");
    b.press("Visa ändringen");
    assert_eq!(b.text("tr[data-field=city] td:nth-child(2)"), "Lund");
    assert_eq!(b.text("tr[data-field=city] td:nth-child(3)"), "Ystad");
    b.screenshot("customer-change");
    b.press("Spara");
    b.wait_for("version 2");
    let anna = w.customer("1");
    assert_eq!(anna["city"], "Ystad");
    assert!(anna.get("phone").is_none(), "{anna}");
    b.goto(&format!("{base}/customer?number=1"));
    assert_eq!(
        b.attributes("table.versions a", "href").len(),
        2,
        "both versions on the card"
    );
    b.screenshot("customer-card");
    b.goto(&format!("{base}/customer/new"));
    b.fill("input[name=email]", "dan@exempel.se");
    b.fill("input[name=first_name]", "Dan");
    b.press("Visa ändringen");
    b.press("Spara");
    b.wait_for("version 3");
    assert_eq!(w.customer("dan@exempel.se")["customer_number"], "4");
    b.goto(&format!("{base}/customer?number=2"));
    b.fill("input[name=typed]", "2");
    b.follow("button[name=forget]");
    b.wait_for("version 4");
    w.expect(1, &["get", "2"]);
}

#[test]
fn an_inbox_file_is_confirmed_and_its_version_undone_and_redone() {
    let w = Workdir::new();
    let Some((_daemon, b, base)) = opened(&w, "kundreg.redb", "watch", "Kassan", None) else {
        return;
    };
    w.write(
        "watch/kunder.csv",
        "kundnummer;förnamn;ort\n1;Anna;Lund\n2;Bo;Malmö\n",
    );
    wait_until("the daemon's preview", || {
        w.path("watch/kunder.csv.preview.html").exists()
    });
    b.goto(&format!("{base}/inbox"));
    b.screenshot("inbox");
    b.follow("tr[data-file='kunder.csv'] a");
    assert_eq!(b.attributes("tr[data-line]", "data-status"), ["new", "new"]);
    b.press("Bekräfta import");
    wait_for_version(&w, "kundreg.redb", 1);
    wait_until("kunder.csv moved to done/", || {
        !w.path("watch/kunder.csv").exists()
    });
    b.goto(&format!("{base}/history"));
    b.follow("tr[data-version='1'] a");
    b.screenshot("history-undo");
    b.press("Ångra");
    b.wait_for("version 2");
    w.expect(1, &["get", "1"]);
    b.goto(&format!("{base}/history/version?v=2"));
    b.press("Gör om");
    b.wait_for("version 3");
    assert_eq!(w.customer("1")["city"], "Lund");
    b.goto(&format!("{base}/history"));
    b.screenshot("history");
}

#[test]
fn an_import_on_a_replica_is_made_by_its_primary_and_answered_on_the_screen() {
    let w = Workdir::new();
    std::fs::create_dir_all(w.path("in")).unwrap();
    w.write("first.csv", "kundnummer;förnamn;ort\n1;Anna;Malmö\n");
    w.expect(0, &["--db", "office.redb", "import", "first.csv", "--yes"]);
    let office = Daemon::start(
        &w,
        &[
            "--db",
            "office.redb",
            "watch",
            "in",
            "--name",
            "Kontoret",
            "--settle",
            "200",
            "--rescan",
            "300",
            "--no-ui",
        ],
        "office.log",
    );
    office.wait_for_log("Started the shared folder");
    let code = join_code(&w, "office.redb");
    let Some((_till, b, base)) = opened(&w, "till.redb", "in", "Kassan", Some(&code)) else {
        return;
    };
    wait_until("the till follows the office", || {
        status(&w, "till.redb")["role"] == "replica"
    });
    b.goto(&format!("{base}/import"));
    b.fill(
        "textarea[name=text]",
        &format!("{HELP_PAGE}\ninte-en-adress,Fel,Rad,070"),
    );
    b.press("Starta inläsning");
    b.press("Bekräfta import");
    b.wait_for("version 2");
    // The receipt as the primary answered it, with the row it did not apply to download.
    assert!(b.source().contains("/import/errors?"), "{}", b.source());
    assert_eq!(
        w.customer_in("office.redb", "nils@epost.com")["first_name"],
        "Nils"
    );
    assert_eq!(
        w.customer_in("till.redb", "stina@epost.com")["first_name"],
        "Stina"
    );
    b.goto(&format!("{base}/computers"));
    assert!(b.source().contains("Kontoret") && b.source().contains("Kassan"));
    b.screenshot("computers");
    // The office switched off: the change waits, and the page says so.
    drop(office);
    b.goto(&format!("{base}/customer?number=1"));
    b.press("Ändra");
    b.fill("input[name=city]", "Lund");
    b.press("Visa ändringen");
    b.press("Spara");
    b.wait_for("data-waiting=\"primary\"");
    // It looks again by itself; after a while it says the change waits in the folder.
    b.wait_for("data-waiting=\"queued\"");
    assert!(b.source().contains("Kontoret"));
}

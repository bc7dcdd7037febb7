//! The screen through real HTTP requests to a running `kundreg watch`: who may use it (the
//! Host, the per-start secret, the session cookie), what no other page may make it do (a
//! change without the CSRF token or from another site, a change by GET), what every answer
//! carries, values and names escaped, the address it may listen on, and a second daemon on
//! the same port. The pages themselves are driven in a real browser in `tests/browser.rs`.

mod common;

use common::Workdir;
use common::daemon::{Daemon, wait_until};
use common::screen::Screen;

/// A daemon with its screen on a free port, and the screen opened.
fn started(w: &Workdir) -> (Daemon, Screen) {
    std::fs::create_dir_all(w.path("watch")).unwrap();
    let daemon = Daemon::start(
        w,
        &["watch", "watch", "--settle", "200", "--ui", "127.0.0.1:0"],
        "watch.log",
    );
    let mut screen = Screen::of(&daemon);
    screen.open();
    (daemon, screen)
}

fn version(w: &Workdir) -> u64 {
    w.expect(0, &["status", "--json"]).json()["version"]
        .as_u64()
        .unwrap()
}

#[test]
fn a_page_is_refused_without_the_session_and_the_address_opens_it() {
    let w = Workdir::new();
    let (_daemon, mut screen) = started(&w);
    screen.cookie = None;
    let refused = screen.get("/");
    assert_eq!(refused.status, 403);
    assert!(
        refused.body.contains("kundreg ui"),
        "says how to open it: {}",
        refused.body
    );
    let forged = screen.get("/?token=00");
    assert_eq!(forged.status, 403, "a wrong secret opens nothing");
    assert!(forged.header("set-cookie").is_none());
    let sealed = screen.raw(
        "GET",
        "/",
        &[
            ("Host", &screen.host()),
            ("Cookie", "kundreg_session=ab.cd"),
        ],
        b"",
    );
    assert_eq!(
        sealed.status, 403,
        "a cookie not sealed with the secret opens nothing"
    );
    screen.open();
    let page = screen.get("/");
    assert_eq!(page.status, 200, "{page:?}");
    assert!(page.body.contains("Customers"));
}

#[test]
fn a_foreign_host_is_refused_even_with_the_session() {
    let w = Workdir::new();
    let (_daemon, screen) = started(&w);
    let cookie = screen.cookie.clone().unwrap();
    for host in [
        "evil.example:80".to_string(),
        format!("evil.example:{}", screen.port),
        format!("127.0.0.1:{}", screen.port + 1),
        "127.0.0.1".to_string(),
    ] {
        let answer = screen.raw("GET", "/", &[("Host", &host), ("Cookie", &cookie)], b"");
        assert_eq!(answer.status, 403, "Host {host}");
    }
    for host in [
        format!("localhost:{}", screen.port),
        format!("127.0.0.1:{}", screen.port),
    ] {
        let answer = screen.raw("GET", "/", &[("Host", &host), ("Cookie", &cookie)], b"");
        assert_eq!(answer.status, 200, "Host {host}");
    }
    let no_host = screen.raw("GET", "/", &[("Cookie", &cookie)], b"");
    assert_eq!(no_host.status, 403);
}

#[test]
fn a_change_needs_the_token_and_the_screen_as_its_origin() {
    let w = Workdir::new();
    w.import(
        "kunder.csv",
        "kundnummer;förnamn;epost\n1;Nils;nils@example.com\n",
    );
    let (_daemon, screen) = started(&w);
    let card = screen.get("/customer?number=1");
    let action = card.action("/customer/forget");
    let typed = [("typed", "1")];
    let without = action.split("&csrf=").next().unwrap();
    assert_eq!(screen.post(without, &typed).status, 403, "no token");
    let wrong = format!("{without}&csrf=0123456789abcdef0123456789abcdef");
    assert_eq!(screen.post(&wrong, &typed).status, 403, "a wrong token");
    let cross = screen.post_with(
        &action,
        &typed,
        &[
            ("Origin", "http://evil.example"),
            ("Sec-Fetch-Site", "cross-site"),
        ],
    );
    assert_eq!(cross.status, 403, "another site's page");
    let origin = screen.post_with(&action, &typed, &[("Origin", "http://evil.example")]);
    assert_eq!(origin.status, 403, "another origin");
    let site = screen.post_with(&action, &typed, &[("Sec-Fetch-Site", "same-site")]);
    assert_eq!(site.status, 403, "a sibling site");
    let by_get = screen.get(&action);
    assert_eq!(by_get.status, 405, "nothing is changed by a GET");
    assert_eq!(version(&w), 1, "nothing was changed");
    w.expect(0, &["get", "1"]);
    let mistyped = screen.post(&action, &[("typed", "2")]);
    assert!(
        mistyped.body.contains("does not match"),
        "{}",
        mistyped.body
    );
    assert!(
        mistyped.body.contains("/lang?to=sv&amp;back=%2F\""),
        "the language switch leads to the register, not back to the form's answer: {}",
        mistyped.body
    );
    let forgot = screen.post(&action, &typed);
    assert_eq!(forgot.status, 200, "{}", forgot.body);
    assert!(forgot.body.contains("version 2"), "{}", forgot.body);
    w.expect(1, &["get", "1"]);
}

#[test]
fn every_answer_forbids_framing_and_foreign_resources_and_allows_no_other_site() {
    let w = Workdir::new();
    let (_daemon, screen) = started(&w);
    for path in ["/", "/import", "/history", "/nothing-here", "/style.css"] {
        let answer = screen.get(path);
        let policy = answer.header("content-security-policy").unwrap_or_default();
        assert!(
            policy.contains("default-src 'none'") && policy.contains("frame-ancestors 'none'"),
            "{path}: {policy}"
        );
        assert_eq!(answer.header("x-frame-options"), Some("DENY"));
        assert!(
            answer
                .headers
                .iter()
                .all(|(k, _)| !k.to_ascii_lowercase().starts_with("access-control")),
            "{path}: no CORS"
        );
    }
    let refused = screen.raw("GET", "/", &[("Host", "evil.example")], b"");
    assert!(refused.header("content-security-policy").is_some());
}

#[test]
fn values_and_file_names_with_markup_are_shown_as_text() {
    let w = Workdir::new();
    let markup = "<script>alert(\"x\")</script>'\"&";
    w.import(
        "kunder.csv",
        &format!("kundnummer;förnamn;epost\n1;{markup};nils@example.com\n"),
    );
    let (_daemon, screen) = started(&w);
    let escaped = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;";
    for path in [
        "/",
        "/customer?number=1",
        "/history/version?v=1",
        "/customer/edit?number=1",
    ] {
        let page = screen.get(path);
        assert!(!page.body.contains("<script"), "{path}: {}", page.body);
        assert!(
            page.body.contains(escaped) || page.body.contains("&lt;script&gt;"),
            "{path}: {}",
            page.body
        );
    }
    let form = screen.get("/import");
    let named = "<img src=x onerror=alert(1)>.csv";
    let preview = screen.post_multipart(
        &form.action("/import"),
        &[("way", "file")],
        &[(
            "file",
            named,
            format!("kundnummer;förnamn\n2;{markup}\n").as_bytes(),
        )],
    );
    assert_eq!(preview.status, 200, "{}", preview.body);
    assert!(
        !preview.body.contains("<img") && !preview.body.contains("<script"),
        "{}",
        preview.body
    );
    assert!(
        preview
            .body
            .contains("&lt;img src=x onerror=alert(1)&gt;.csv"),
        "{}",
        preview.body
    );
    assert!(preview.body.contains("data-mark=\"new\""));
}

#[test]
fn a_paste_is_previewed_confirmed_and_held_to_what_was_shown() {
    let w = Workdir::new();
    let (_daemon, screen) = started(&w);
    let text = "epost,förnamn,efternamn,telefonnummer\nnils@epost.com,Nils,Karlsson,070123456\nstina@epost.com,Stina,Olsson,0701122333\n";
    let preview = screen.paste(text);
    assert!(
        preview.body.contains("data-line=\"2\" data-status=\"new\""),
        "{}",
        preview.body
    );
    assert!(preview.body.contains("Starta inläsning") || preview.body.contains("Bekräfta import"));
    // Something changes the register between the preview and the confirm: held to what was
    // shown, the confirm is refused.
    w.expect(
        0,
        &["add", "epost=stina@epost.com", "förnamn=Kristina", "--yes"],
    );
    let stale = screen.confirm(&preview);
    assert_eq!(stale.status, 422, "{}", stale.body);
    assert_eq!(version(&w), 1);
    // "Ändra importdata" keeps the text; read again, it is confirmed.
    let again = screen.get(&format!("/import?id={}", preview.hidden("id")));
    assert!(
        again.body.contains("nils@epost.com,Nils,Karlsson"),
        "{}",
        again.body
    );
    let preview = screen.paste(text);
    assert!(
        preview.body.contains("data-status=\"update\""),
        "{}",
        preview.body
    );
    let receipt = screen.confirm(&preview);
    assert!(receipt.body.contains("version 2"), "{}", receipt.body);
    assert_eq!(w.customer("stina@epost.com")["first_name"], "Stina");
}

#[test]
fn the_screen_listens_on_this_computer_only_and_a_taken_port_leaves_the_folder_watched() {
    let w = Workdir::new();
    std::fs::create_dir_all(w.path("watch")).unwrap();
    for address in ["0.0.0.0:7373", "192.168.1.10:7373", "[::]:7373"] {
        let run = w.expect(2, &["watch", "watch", "--ui", address]);
        assert!(
            run.stderr.contains("own address only"),
            "{address}: {}",
            run.stderr
        );
    }
    let (first, screen) = started(&w);
    let port = screen.port.to_string();
    let other = Workdir::new();
    std::fs::create_dir_all(other.path("watch")).unwrap();
    let ui = format!("127.0.0.1:{port}");
    let second = Daemon::start(
        &other,
        &["watch", "watch", "--settle", "200", "--ui", &ui],
        "watch.log",
    );
    second.wait_for_log("is in use");
    second.wait_for_log("Watching");
    other.write("watch/kunder.csv", "kundnummer;förnamn\n1;Nils\n");
    wait_until("the preview of the second daemon", || {
        other.path("watch/kunder.csv.preview.txt").exists()
    });
    assert_eq!(screen.get("/").status, 200, "the first screen goes on");
    drop(first);
}

#[test]
fn kundreg_ui_prints_the_address_while_the_screen_runs() {
    let w = Workdir::new();
    let (daemon, screen) = started(&w);
    let run = w.expect(0, &["ui"]);
    assert_eq!(run.stdout.trim(), screen.url);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(w.path("kundreg.redb.screen"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o077, 0, "only its owner reads the secret");
        let (code, _) = daemon.terminate();
        assert_eq!(code, 0);
        assert!(
            !w.path("kundreg.redb.screen").exists(),
            "the address goes with the screen"
        );
        let run = w.expect(5, &["ui"]);
        assert!(run.stderr.contains("No screen runs"), "{}", run.stderr);
    }
    #[cfg(not(unix))]
    drop(daemon);
}

#[test]
fn an_upload_larger_than_the_limit_is_refused_and_nothing_is_kept() {
    let w = Workdir::new();
    std::fs::create_dir_all(w.path("watch")).unwrap();
    let daemon = Daemon::start(
        &w,
        &["watch", "watch", "--ui", "127.0.0.1:0", "--max-size", "1"],
        "watch.log",
    );
    let mut screen = Screen::of(&daemon);
    screen.open();
    let form = screen.get("/import");
    let big = format!("kundnummer;förnamn\n{}", "1;Nils\n".repeat(400_000));
    let answer = screen.post_multipart(
        &form.action("/import"),
        &[("way", "file")],
        &[("file", "stor.csv", big.as_bytes())],
    );
    assert!(
        answer.status == 413 || answer.status == 422,
        "{} {}",
        answer.status,
        answer.body
    );
    assert_eq!(screen.get("/").status, 200, "the screen goes on");
    w.expect(0, &["status"]);
}

#[test]
fn the_language_is_switched_on_the_page_and_leads_back_to_the_screen_only() {
    let w = Workdir::new();
    let (_daemon, screen) = started(&w);
    assert!(screen.get("/").body.contains("lang=\"en\""));
    let switched = screen.get("/lang?to=sv&back=%2Fhistory");
    assert_eq!(switched.status, 303);
    assert_eq!(switched.header("location"), Some("/history"));
    let cookie = switched
        .header("set-cookie")
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_string();
    let both = format!("{}; {cookie}", screen.cookie.as_ref().unwrap());
    let page = screen.raw(
        "GET",
        "/history",
        &[("Host", &screen.host()), ("Cookie", &both)],
        b"",
    );
    assert!(
        page.body.contains("lang=\"sv\"") && page.body.contains("Historik"),
        "{}",
        page.body
    );
    for away in [
        "%2F%2Fevil.example",
        "https%3A%2F%2Fevil.example",
        "%2F%5Cevil.example",
    ] {
        let answer = screen.get(&format!("/lang?to=sv&back={away}"));
        assert_eq!(answer.header("location"), Some("/"), "{away}");
    }
}

#[test]
fn a_workbook_is_uploaded_and_the_rows_not_imported_come_back_as_a_file() {
    let w = Workdir::new();
    let (_daemon, screen) = started(&w);
    let form = screen.get("/import");
    let workbook = std::fs::read(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/workbooks/kunder.xlsx"),
    )
    .unwrap();
    let preview = screen.post_multipart(
        &form.action("/import"),
        // The way left at its default: a file chosen and nothing pasted is the file.
        &[("way", "paste"), ("text", ""), ("sheet", "")],
        &[("file", "kunder.xlsx", &workbook)],
    );
    assert!(preview.body.contains("Sheet: Kunder"), "{}", preview.body);
    assert!(
        preview.body.contains("data-status=\"new\""),
        "{}",
        preview.body
    );
    // A paste with a row that cannot be imported: the receipt offers it back.
    let text = "kundnummer;epost;förnamn\n10;ok@example.com;Ok\n11;not an email;Fel\n";
    let preview = screen.paste(text);
    assert!(
        preview.body.contains("data-status=\"error\""),
        "{}",
        preview.body
    );
    let receipt = screen.confirm(&preview);
    let at = receipt
        .body
        .find("/import/errors?")
        .unwrap_or_else(|| panic!("{}", receipt.body));
    let link = &receipt.body[at..];
    let link = link[..link.find('"').unwrap()].replace("&amp;", "&");
    let file = screen.get(&link);
    assert_eq!(file.status, 200);
    assert!(
        file.header("content-disposition")
            .unwrap()
            .contains("attachment")
    );
    assert!(file.body.contains("11;not an email;Fel;"), "{}", file.body);
    assert!(!file.body.contains("ok@example.com"));
    let elsewhere = link.replace("name=", "name=..%2F");
    assert_ne!(
        screen.get(&elsewhere).status,
        200,
        "only the import's own file"
    );
}

#[test]
fn the_register_paged_is_every_customer_once_in_order() {
    let w = Workdir::new();
    let mut list = String::from("kundnummer;förnamn;ort\n");
    for n in 1..=137 {
        list.push_str(&format!(
            "{n};Namn{n};{}\n",
            if n % 3 == 0 { "Lund" } else { "Malmö" }
        ));
    }
    w.import("kunder.csv", &list);
    let (_daemon, screen) = started(&w);
    let numbers = |body: &str| -> Vec<String> {
        body.split("<tr data-number=\"")
            .skip(1)
            .map(|rest| rest[..rest.find('"').unwrap()].to_string())
            .collect()
    };
    let next = |body: &str| {
        body.find("rel=\"next\" href=\"").map(|at| {
            let rest = &body[at + 17..];
            rest[..rest.find('"').unwrap()].replace("&amp;", "&")
        })
    };
    let walk = |first: &str| {
        let (mut seen, mut path, mut pages) = (Vec::new(), Some(first.to_string()), 0);
        while let Some(p) = path {
            let page = screen.get(&p);
            assert_eq!(page.status, 200, "{p}");
            seen.extend(numbers(&page.body));
            path = next(&page.body);
            pages += 1;
        }
        (seen, pages)
    };
    let export = w.expect(0, &["export"]).stdout;
    let all: Vec<String> = export
        .lines()
        .skip(1)
        .map(|l| l.split(',').next().unwrap().to_string())
        .collect();
    let (seen, pages) = walk("/");
    assert_eq!(pages, 3);
    assert_eq!(seen, all, "the register's pages, in the register's order");
    let (lund, pages) = walk("/?q=lund");
    assert_eq!(pages, 1);
    let scan: Vec<&String> = all
        .iter()
        .filter(|n| n.parse::<u32>().unwrap() % 3 == 0)
        .collect();
    let mut found: Vec<&String> = lund.iter().collect();
    found.sort_by_key(|n| n.parse::<u32>().unwrap());
    let mut scan = scan;
    scan.sort_by_key(|n| n.parse::<u32>().unwrap());
    assert_eq!(found, scan, "a search finds what a plain scan does");
}

#[cfg(unix)]
#[test]
fn the_inbox_page_reads_no_link_no_second_name_and_no_path_out_of_the_folder() {
    let w = Workdir::new();
    let (_daemon, screen) = started(&w);
    w.write("hemlig.csv", "kundnummer;förnamn\n1;Hemlig\n");
    std::os::unix::fs::symlink(w.path("hemlig.csv"), w.path("watch/lank.csv")).unwrap();
    std::fs::hard_link(w.path("hemlig.csv"), w.path("watch/andra-namnet.csv")).unwrap();
    let list = screen.get("/inbox");
    assert!(
        !list.body.contains("lank.csv"),
        "a link is not listed: {}",
        list.body
    );
    for name in [
        "lank.csv",
        "andra-namnet.csv",
        "..%2Fhemlig.csv",
        "%2Fetc%2Fpasswd",
        "kundreg.redb",
    ] {
        let page = screen.get(&format!("/inbox/file?name={name}"));
        assert!(!page.body.contains("Hemlig"), "{name}: {}", page.body);
        assert_eq!(page.status, 422, "{name}");
    }
    w.write("watch/kunder.csv", "kundnummer;förnamn\n1;Anna\n");
    let page = screen.get("/inbox/file?name=kunder.csv");
    assert!(page.body.contains("data-status=\"new\""), "{}", page.body);
}

#[test]
fn the_likely_duplicates_are_listed_as_the_command_lists_them() {
    let w = Workdir::new();
    w.import(
        "kunder.csv",
        "kundnummer;förnamn;efternamn;telefon;postnummer\n\
         1;Anna;Ek;070-111 22 33;22100\n\
         2;Anna;Ek;0701112233;22100\n\
         3;Bo;Lind;070-999;11122\n",
    );
    let (_daemon, screen) = started(&w);
    let page = screen.get("/duplicates");
    assert_eq!(page.status, 200, "{}", page.body);
    let groups = w.expect(0, &["duplicates", "--json"]).json();
    for group in groups.as_array().unwrap() {
        let shared = group["shared"].as_str().unwrap();
        assert!(
            page.body.contains(&format!("data-shared=\"{shared}\"")),
            "{shared}: {}",
            page.body
        );
        for customer in group["customers"].as_array().unwrap() {
            let number = customer["customer_number"].as_str().unwrap();
            assert!(
                page.body
                    .contains(&format!("<tr data-number=\"{number}\">")),
                "{number}"
            );
        }
    }
    assert!(!page.body.contains("<tr data-number=\"3\">"));
    assert!(screen.get("/").body.contains("href=\"/duplicates\""));
}

#[cfg(target_os = "linux")]
#[test]
fn another_loopback_address_is_its_own_host() {
    let w = Workdir::new();
    std::fs::create_dir_all(w.path("watch")).unwrap();
    let daemon = Daemon::start(&w, &["watch", "watch", "--ui", "127.0.0.2:0"], "watch.log");
    daemon.wait_for_log("http://127.0.0.2:");
    let log = daemon.log();
    let url = log[log.find("http://127.0.0.2:").unwrap()..]
        .split_whitespace()
        .next()
        .unwrap()
        .to_string();
    let rest = &url["http://127.0.0.2:".len()..];
    let (port, path) = rest.split_at(rest.find('/').unwrap());
    let mut stream =
        std::net::TcpStream::connect(("127.0.0.2", port.parse::<u16>().unwrap())).unwrap();
    use std::io::{Read, Write};
    write!(
        stream,
        "GET {path} HTTP/1.0\r\nHost: 127.0.0.2:{port}\r\n\r\n"
    )
    .unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    assert!(answer.contains(" 303 See Other"), "{answer}");
}

//! The Windows build under Wine, used as a shop's Windows computer uses it: `kundreg.exe` in
//! `C:\kundreg`, Swedish names and spaces in file and folder names, a path longer than
//! Windows' old 260-character limit, the watch daemon with drop, edit, `kunder.confirm.txt`
//! (what Explorer's "New text document" makes) and cancel, a file another program holds
//! open without sharing, as Excel does, and the screen served with a paste imported through it.
//!
//! `tests/wine/run.sh` builds the `.exe` and the helpers, prepares a Wine prefix and runs these
//! tests; a plain `cargo test` skips them (they are ignored without Wine).

mod common;

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use common::daemon::wait_until;

/// The Windows computer: a Wine prefix whose `C:\kundreg` holds `kundreg.exe`, the test-only
/// `bcryptprimitives.dll` and `hold_open.exe`.
struct Windows {
    drive_c: PathBuf,
}

impl Windows {
    fn new() -> Windows {
        let prefix = std::env::var_os("WINEPREFIX").expect("WINEPREFIX (set by tests/wine/run.sh)");
        let drive_c = Path::new(&prefix).join("drive_c");
        assert!(
            drive_c.join("kundreg/kundreg.exe").is_file(),
            "no kundreg.exe in {}",
            drive_c.display()
        );
        Windows { drive_c }
    }

    /// A new, empty folder `C:\Butik\NAME` (made afresh), as seen from Linux.
    fn folder(&self, name: &str) -> PathBuf {
        let folder = self.drive_c.join("Butik").join(name);
        let _ = std::fs::remove_dir_all(&folder);
        std::fs::create_dir_all(&folder).unwrap();
        folder
    }

    /// A new shop folder `C:\Butik\NAME` holding an empty inbox `INBOX`: both, from Linux.
    fn shop(&self, name: &str, inbox: &str) -> (PathBuf, PathBuf) {
        let shop = self.folder(name);
        let inbox = shop.join(inbox);
        std::fs::create_dir(&inbox).unwrap();
        (shop, inbox)
    }

    /// How Windows names `path`, a path inside the prefix's drive C.
    fn path(&self, path: &Path) -> String {
        let inside = path.strip_prefix(&self.drive_c).expect("a path on drive C");
        let parts: Vec<_> = inside.iter().map(|p| p.to_string_lossy()).collect();
        format!("C:\\{}", parts.join("\\"))
    }

    /// `C:\kundreg\PROGRAM ARGS` under Wine, in English, without a terminal.
    fn program(&self, program: &str, args: &[&str]) -> Command {
        let mut cmd = Command::new("wine");
        cmd.arg(format!("C:\\kundreg\\{program}"))
            .args(args)
            .env("KUNDREG_LANG", "en")
            .env("NO_COLOR", "1")
            .env_remove("KUNDREG_DB")
            .stdin(Stdio::null());
        cmd
    }

    /// Runs `kundreg.exe ARGS` and expects exit code `code`; nothing shown carries `\\?\`.
    fn expect(&self, code: i32, args: &[&str]) -> common::Run {
        let run = common::finish(self.program("kundreg.exe", args).output().unwrap());
        assert_eq!(
            run.code, code,
            "kundreg.exe {args:?}\nstdout:\n{}\nstderr:\n{}",
            run.stdout, run.stderr
        );
        common::assert_no_panic(&run);
        assert_plain_paths(&run.stdout);
        assert_plain_paths(&run.stderr);
        run
    }
}

/// Paths people read never carry Windows' verbatim prefix.
fn assert_plain_paths(text: &str) {
    assert!(!text.contains(r"\\?\"), "a verbatim path shown:\n{text}");
}

/// `text` as Swedish Excel saves a CSV file: Windows-1252, CRLF (every character here is in
/// Latin-1, which Windows-1252 holds at the same code points).
fn excel(text: &str) -> Vec<u8> {
    text.replace('\n', "\r\n")
        .chars()
        .map(|c| u8::try_from(u32::from(c)).expect("a Latin-1 character"))
        .collect()
}

const KUNDER: &str = "\
Kundnummer;E-postadress;Förnamn;Efternamn;Ort
2001;åsa@exempel.se;Åsa;Öberg;Älmhult
2002;pär@exempel.se;Pär;Ström;Örebro
2003;ylva@exempel.se;Ylva;Lindqvist;Umeå
";

/// Puts `bytes` into `folder` as `name` in one step, as a sync client or Explorer does.
fn drop_file(folder: &Path, name: &str, bytes: &[u8]) {
    let temp = folder.join(format!("{name}.tmp"));
    std::fs::write(&temp, bytes).unwrap();
    std::fs::rename(&temp, folder.join(name)).unwrap();
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_default()
}

#[test]
#[ignore = "needs Wine and kundreg.exe: run tests/wine/run.sh"]
fn swedish_names_and_a_long_path_import_preview_and_roll_back() {
    let windows = Windows::new();
    let mut folder = windows.folder("Delad mapp Åsa");
    while windows.path(&folder).len() < 280 {
        folder.push("Kundlistor från Örebro och Umeå");
    }
    std::fs::create_dir_all(&folder).unwrap();
    let file = folder.join("Kunder från Älmhult.csv");
    std::fs::write(&file, excel(KUNDER)).unwrap();
    let db = windows.path(&folder.join("kundregister åäö.redb"));
    let file = windows.path(&file);

    let preview = windows.expect(0, &["--db", &db, "preview", &file, "--json"]);
    let preview = preview.json();
    assert_eq!(preview["summary"]["new"], 3, "{preview}");
    assert_eq!(preview["encoding"], "windows-1252", "{preview}");

    let imported = windows.expect(0, &["--db", &db, "import", &file, "--yes"]);
    assert!(imported.stdout.contains("version 1"), "{}", imported.stdout);
    let asa = windows
        .expect(0, &["--db", &db, "get", "2001", "--json"])
        .json();
    assert_eq!(asa["first_name"], "Åsa", "{asa}");
    assert_eq!(asa["city"], "Älmhult", "{asa}");
    let history = windows
        .expect(0, &["--db", &db, "history", "--json"])
        .json();
    assert_eq!(history[0]["file"], "Kunder från Älmhult.csv", "{history}");

    let again = windows.expect(3, &["--db", &db, "import", &file, "--yes"]);
    assert!(
        again.stderr.contains("already imported"),
        "{}",
        again.stderr
    );

    let export = folder.join("Export åäö.csv");
    windows.expect(0, &["--db", &db, "export", "--out", &windows.path(&export)]);
    let exported = read(&export);
    assert!(
        exported.contains("Pär") && exported.contains("Örebro"),
        "{exported}"
    );

    windows.expect(0, &["--db", &db, "rollback", "1", "--yes"]);
    let status = windows.expect(0, &["--db", &db, "status", "--json"]).json();
    assert_eq!(status["customers"], 0, "{status}");
    assert_eq!(status["version"], 2, "{status}");
}

/// `kundreg.exe watch` on `inbox`, its log in `log`.
struct Watch {
    child: Child,
    log: PathBuf,
}

impl Watch {
    fn start(windows: &Windows, db: &str, inbox: &Path) -> Watch {
        Watch::computer(windows, db, inbox, &[], &inbox.with_extension("log"))
    }

    /// Runs with `more` arguments (`--name`, `--join`), the log in `log`.
    fn computer(windows: &Windows, db: &str, inbox: &Path, more: &[&str], log: &Path) -> Watch {
        let log = log.to_path_buf();
        let inbox = windows.path(inbox);
        let mut args = vec![
            "--db", db, "watch", &inbox, "--settle", "300", "--rescan", "500",
        ];
        args.extend(more);
        let child = windows
            .program("kundreg.exe", &args)
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(&log).unwrap())
            .spawn()
            .unwrap();
        let watch = Watch { child, log };
        watch.wait_for_log("Watching");
        watch
    }

    fn log(&self) -> String {
        read(&self.log)
    }

    fn wait_for_log(&self, text: &str) {
        let start = std::time::Instant::now();
        while !self.log().contains(text) {
            assert!(
                start.elapsed() < std::time::Duration::from_secs(60),
                "timed out: log line {text:?}; the log:\n{}",
                self.log()
            );
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
    }
}

impl Drop for Watch {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The files in `done/`'s one dated folder.
fn done(inbox: &Path) -> Vec<PathBuf> {
    let Ok(days) = std::fs::read_dir(inbox.join("done")) else {
        return Vec::new();
    };
    days.flatten()
        .flat_map(|day| {
            std::fs::read_dir(day.path())
                .into_iter()
                .flatten()
                .flatten()
        })
        .map(|entry| entry.path())
        .collect()
}

fn done_named(inbox: &Path, name: &str) -> Option<PathBuf> {
    done(inbox)
        .into_iter()
        .find(|path| path.file_name().is_some_and(|n| n == name))
}

#[test]
#[ignore = "needs Wine and kundreg.exe: run tests/wine/run.sh"]
fn the_watch_daemon_previews_an_edit_confirms_and_cancels() {
    let windows = Windows::new();
    let (shop, inbox) = windows.shop("Delad Kundinkorg", "Kundinkorg Åsa öst");
    let db = windows.path(&shop.join("kundreg.redb"));
    let watch = Watch::start(&windows, &db, &inbox);
    assert!(
        watch.log().contains(&windows.path(&inbox)),
        "{}",
        watch.log()
    );

    drop_file(&inbox, "kunder.csv", &excel(KUNDER));
    let preview = inbox.join("kunder.csv.preview.txt");
    wait_until("the preview", || read(&preview).contains("new: 3"));
    assert!(inbox.join("kunder.csv.preview.html").is_file());

    drop_file(
        &inbox,
        "kunder.csv",
        &excel(&KUNDER.replace("Lindqvist", "Lindkvist")),
    );
    wait_until("the preview of the edit", || {
        read(&preview).contains("Changed since the last preview")
    });
    assert!(read(&preview).contains("Lindkvist"), "{}", read(&preview));

    std::fs::write(inbox.join("kunder.confirm.txt"), b"").unwrap();
    watch.wait_for_log("kunder.csv: imported as version 1 (3 new, 0 changed)");
    let receipt = done_named(&inbox, "v1_kunder.csv.receipt.txt").expect("a receipt in done/");
    let receipt = read(&receipt);
    assert_plain_paths(&receipt);
    assert!(
        receipt.contains(&format!("kundreg --db \"{db}\" rollback 1")),
        "{receipt}"
    );
    assert!(done_named(&inbox, "v1_kunder.csv").is_some());
    assert!(!inbox.join("kunder.csv").exists());
    let ylva = windows
        .expect(0, &["--db", &db, "get", "2003", "--json"])
        .json();
    assert_eq!(ylva["last_name"], "Lindkvist", "{ylva}");

    drop_file(&inbox, "fel lista.csv", &excel(KUNDER));
    wait_until("the second preview", || {
        inbox.join("fel lista.csv.preview.txt").is_file()
    });
    std::fs::write(inbox.join("fel lista.cancel"), b"").unwrap();
    wait_until("the cancel", || {
        done_named(&inbox, "cancelled_fel lista.csv").is_some()
    });
    assert!(!inbox.join("fel lista.csv.preview.txt").exists());

    // One file under two names (a hard link): which name's confirm would count?
    let elsewhere = shop.join("lista.csv");
    std::fs::write(&elsewhere, excel(KUNDER)).unwrap();
    std::fs::hard_link(&elsewhere, inbox.join("länkad.csv")).unwrap();
    watch.wait_for_log("länkad.csv: a file with more than one name (hard link), not read");
    assert!(!inbox.join("länkad.csv.preview.txt").exists());

    // A workbook LibreOffice saved, dropped as it is: its sheet Kunder read, confirmed, and
    // its row not imported given back as a workbook.
    let workbook =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/workbooks/kunder.xlsx");
    drop_file(&inbox, "Kunder Åsa.xlsx", &std::fs::read(workbook).unwrap());
    let preview = inbox.join("Kunder Åsa.xlsx.preview.txt");
    wait_until("the workbook's preview", || {
        read(&preview).contains("Sheet: Kunder")
    });
    std::fs::write(inbox.join("Kunder Åsa.confirm"), b"").unwrap();
    watch.wait_for_log("Kunder Åsa.xlsx: imported as version 2 (3 new, 0 changed)");
    assert!(inbox.join("Kunder Åsa.errors.xlsx").is_file());
    assert_plain_paths(&watch.log());
}

/// `hold_open.exe`: writes `bytes` as `target` and keeps it open without sharing until
/// dropped, as Excel keeps a file it has open.
struct HeldOpen {
    child: Child,
}

impl HeldOpen {
    fn new(windows: &Windows, bytes: &[u8], target: &Path) -> HeldOpen {
        let source = target.with_extension("source");
        std::fs::write(&source, bytes).unwrap();
        let mut child = windows
            .program(
                "hold_open.exe",
                &[&windows.path(&source), &windows.path(target)],
            )
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        let mut said = String::new();
        let stdout = child.stdout.take().unwrap();
        BufReader::new(stdout).read_line(&mut said).unwrap();
        assert_eq!(said.trim(), "held");
        HeldOpen { child }
    }

    /// Closes the file, as quitting Excel does.
    fn close(mut self) {
        if let Some(mut stdin) = self.child.stdin.take() {
            let _ = stdin.flush();
        }
        assert!(self.child.wait().unwrap().success());
    }
}

impl Drop for HeldOpen {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
#[ignore = "needs Wine and kundreg.exe: run tests/wine/run.sh"]
fn a_file_held_open_without_sharing_is_read_once_it_is_closed() {
    let windows = Windows::new();
    let (shop, inbox) = windows.shop("Hållen fil", "Kundinkorg");
    let db = windows.path(&shop.join("kundreg.redb"));
    // Held beside the inbox first, for the command line; then in it, for the daemon.
    let file = inbox.join("kunder öppen.csv");
    let held = HeldOpen::new(&windows, &excel(KUNDER), &shop.join("kunder öppen.csv"));
    let cli = windows.expect(
        1,
        &[
            "--db",
            &db,
            "preview",
            &windows.path(&shop.join("kunder öppen.csv")),
        ],
    );
    assert!(
        cli.stderr.contains("is open in another program"),
        "{}",
        cli.stderr
    );
    held.close();

    let watch = Watch::start(&windows, &db, &inbox);
    let held = HeldOpen::new(&windows, &excel(KUNDER), &file);
    watch.wait_for_log("kunder öppen.csv is open in another program");
    // Several rescans later it is still only waiting: no preview of half a file, no error.
    std::thread::sleep(Duration::from_secs(3));
    assert!(!inbox.join("kunder öppen.csv.preview.txt").exists());
    assert_eq!(
        watch.log().matches("is open in another program").count(),
        1,
        "{}",
        watch.log()
    );
    held.close();
    let preview = inbox.join("kunder öppen.csv.preview.txt");
    wait_until("the preview once closed", || {
        read(&preview).contains("new: 3")
    });
    std::fs::write(inbox.join("kunder öppen.confirm"), b"").unwrap();
    watch.wait_for_log("kunder öppen.csv: imported as version 1 (3 new, 0 changed)");
    let log = watch.log();
    assert!(!log.contains("cannot"), "{log}");
}

#[test]
#[ignore = "needs Wine and kundreg.exe: run tests/wine/run.sh"]
fn two_computers_on_one_shared_folder_follow_one_primary_and_erase_everywhere() {
    let windows = Windows::new();
    let (shop, inbox) = windows.shop("Två datorer", "Delad inkorg");
    let office = windows.path(&shop.join("kontoret.redb"));
    let till = windows.path(&shop.join("kassan.redb"));
    let first = shop.join("första.csv");
    std::fs::write(&first, excel(KUNDER)).unwrap();
    windows.expect(
        0,
        &["--db", &office, "import", &windows.path(&first), "--yes"],
    );

    let kontoret = ["--name", "Kontoret"];
    let kontoret = Watch::computer(
        &windows,
        &office,
        &inbox,
        &kontoret,
        &shop.join("kontoret.log"),
    );
    kontoret.wait_for_log("Started the shared folder");
    let status = windows
        .expect(0, &["--db", &office, "status", "--json"])
        .json();
    let code = status["join_code"]
        .as_str()
        .expect("the join code")
        .to_string();
    let kassan = ["--name", "Kassan", "--join", &code];
    let kassan = Watch::computer(&windows, &till, &inbox, &kassan, &shop.join("kassan.log"));
    kassan.wait_for_log("rebuilt from the primary's copy at version 1");

    let more = "Kundnummer;E-postadress;Förnamn;Efternamn;Ort\n2004;örjan@exempel.se;Örjan;Åkesson;Växjö\n";
    drop_file(&inbox, "fler.csv", &excel(more));
    wait_until("the preview", || {
        inbox.join("fler.csv.preview.txt").is_file()
    });
    std::fs::write(inbox.join("fler.confirm"), b"").unwrap();
    kontoret.wait_for_log("fler.csv: imported as version 2");
    kassan.wait_for_log("Version 2 from the primary");
    let orjan = windows
        .expect(0, &["--db", &till, "get", "2004", "--json"])
        .json();
    assert_eq!(orjan["city"], "Växjö", "{orjan}");

    // Asked on the till, made by the primary, and gone from both registers and from done/.
    windows.expect(0, &["--db", &till, "forget", "2004", "--yes"]);
    // The log before a forget is removed: the till takes the primary's copy.
    kassan.wait_for_log("rebuilt from the primary's copy at version 3");
    for db in [&office, &till] {
        windows.expect(1, &["--db", db, "get", "2004"]);
    }
    let archived = done_named(&inbox, "v2_fler.csv").expect("the import in done/");
    let archived = std::fs::read(&archived).unwrap();
    let city = excel("Växjö");
    assert!(
        !archived.windows(city.len()).any(|w| w == city),
        "{archived:?}"
    );
    assert_plain_paths(&kontoret.log());
    assert_plain_paths(&kassan.log());
}

#[test]
#[ignore = "needs Wine and kundreg.exe: run tests/wine/run.sh"]
fn the_rows_not_imported_a_columns_file_and_a_pasted_list_on_windows() {
    let windows = Windows::new();
    let folder = windows.folder("Rätta och lägg tillbaka");
    std::fs::write(
        folder.join("kolumner.txt"),
        excel("Medlemsnr = kundnummer\n"),
    )
    .unwrap();
    let file = folder.join("Nya kunder.csv");
    let list = "Medlemsnr;E-postadress;Ort\n3001;åke@exempel.se;Växjö\n3002;inte-en-adress;Ystad\n";
    std::fs::write(&file, excel(list)).unwrap();
    let db = windows.path(&folder.join("register.redb"));
    let run = windows.expect(0, &["--db", &db, "import", &windows.path(&file), "--yes"]);
    assert!(
        run.stderr.contains("Nya kunder.errors.csv"),
        "{}",
        run.stderr
    );
    let back = std::fs::read(folder.join("Nya kunder.errors.csv")).unwrap();
    let expected = "Medlemsnr;E-postadress;Ort;error\n3002;inte-en-adress;Ystad;";
    assert!(
        back.starts_with(&excel(expected)),
        "{}",
        String::from_utf8_lossy(&back)
    );

    // A list on standard input, as `type lista.csv | kundreg import - --yes` gives it.
    let mut paste = windows.program("kundreg.exe", &["--db", &db, "import", "-", "--yes"]);
    let mut child = paste
        .current_dir(&folder)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    stdin
        .write_all(&excel("Medlemsnr;Ort\n3001;Malmö\n"))
        .unwrap();
    drop(stdin);
    let run = common::finish(child.wait_with_output().unwrap());
    assert_eq!(run.code, 0, "{}", run.stderr);
    let get = windows
        .expect(0, &["--db", &db, "get", "3001", "--json"])
        .json();
    assert_eq!(get["city"], "Malmö");
    let history = windows
        .expect(0, &["--db", &db, "history", "--json"])
        .json();
    assert_eq!(history[0]["file"], "pasted list");
}

#[test]
#[ignore = "needs Wine and kundreg.exe: run tests/wine/run.sh"]
fn the_screen_is_served_and_a_paste_imported_on_windows() {
    let windows = Windows::new();
    let (shop, inbox) = windows.shop("Skärmen", "Inkorg");
    let db = windows.path(&shop.join("kundreg.redb"));
    let log = shop.join("watch.log");
    let watch = Watch::computer(&windows, &db, &inbox, &["--ui", "127.0.0.1:0"], &log);
    let mut screen = common::screen::Screen::logged(|| watch.log());
    screen.open();
    assert_eq!(screen.get("/").status, 200);
    assert_eq!(
        screen
            .raw("GET", "/", &[("Host", "evil.example")], b"")
            .status,
        403
    );
    let text = "epost;förnamn;ort\nåsa@exempel.se;Åsa;Örebro\n";
    let preview = screen.paste(text);
    assert!(
        preview.body.contains("data-status=\"new\""),
        "{}",
        preview.body
    );
    let receipt = screen.confirm(&preview);
    assert!(receipt.body.contains("version 1"), "{}", receipt.body);
    let asa = windows
        .expect(0, &["--db", &db, "get", "åsa@exempel.se", "--json"])
        .json();
    assert_eq!(asa["city"], "Örebro", "{asa}");
    assert!(shop.join("kundreg.redb.screen").is_file());
}

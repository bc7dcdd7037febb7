//! Fix and drop again, through the binary: the rows not imported come back as an error file
//! (in the folder and by the command line) that is fixed and imported; the clear marker and
//! its rollback; the shop's column names in `kolumner.txt`; a list pasted on standard input.
//! And, as a property, an error file previewed again unchanged gives the same errors.

mod common;

use std::fs;
use std::io::Write;
use std::process::Stdio;

use common::Workdir;
use kundreg::input::Input;
use kundreg::not_imported::{self, Returned};
use kundreg::plan::{MemoryRegister, Purpose, plan};
use proptest::prelude::*;

/// `text` as Swedish Excel saves it: Windows-1252, CR LF.
fn excel(text: &str) -> Vec<u8> {
    let text = text.replace('\n', "\r\n");
    encoding_rs::WINDOWS_1252.encode(&text).0.into_owned()
}

fn from_excel(bytes: &[u8]) -> String {
    encoding_rs::WINDOWS_1252.decode(bytes).0.into_owned()
}

/// One `watch --once` pass over `in/` with no settle time; returns its log.
fn once(w: &Workdir) -> String {
    w.expect(0, &["watch", "in", "--once", "--settle", "0"])
        .stderr
}

const REGISTER: &str = "kundnr;epost;förnamn;ort\n1;anna@ex.se;Anna;Lund\n2;bo@ex.se;Bo;Malmö\n";

#[test]
fn the_rows_not_imported_come_back_in_the_folder_are_fixed_and_applied() {
    let w = Workdir::new();
    fs::create_dir(w.path("in")).unwrap();
    w.write("register.csv", REGISTER);
    w.expect(0, &["import", "register.csv", "--yes"]);
    w.write(
        "in/kunder.csv",
        excel(
            "kundnr;epost;förnamn;ort\n1;anna@ex.se;Anna;Åre\n3;cissi@;Cissi;Göteborg\n\
             4;dan@ex.se;Dan;#N/A\n5;eva@ex.se;Eva;Östersund\n",
        ),
    );
    once(&w);
    w.write("in/kunder.confirm", "");
    let log = once(&w);
    assert!(log.contains("imported as version 2"), "{log}");
    assert!(log.contains("kunder.errors.csv"), "{log}");
    let day = fs::read_dir(w.path("in/done"))
        .unwrap()
        .next()
        .unwrap()
        .unwrap();
    let receipt = fs::read_to_string(day.path().join("v2_kunder.csv.receipt.txt")).unwrap();
    assert!(
        receipt.contains("The 2 rows not imported are in kunder.errors.csv"),
        "{receipt}"
    );
    let bytes = w.read("in/kunder.errors.csv");
    let text = from_excel(&bytes);
    assert!(std::str::from_utf8(&bytes).is_err(), "still Windows-1252");
    assert_eq!(
        text,
        "kundnr;epost;förnamn;ort;error\r\n\
         3;cissi@;Cissi;Göteborg;\"Line 3 of kunder.csv: email \"\"cissi@\"\": does not look like an email address\"\r\n\
         4;dan@ex.se;Dan;#N/A;\"Line 4 of kunder.csv: city \"\"#N/A\"\": the cell holds one of Excel's error values, not data (a formula that failed): correct it in Excel and save again\"\r\n"
    );
    assert_eq!(w.customer("5")["city"], "Östersund");

    // The error file is previewed like any input; fixed in "Excel" and saved, it applies.
    let log = once(&w);
    assert!(log.contains("kunder.errors.csv: preview written"), "{log}");
    let preview = fs::read_to_string(w.path("in/kunder.errors.csv.preview.txt")).unwrap();
    assert!(preview.contains("error: 2"), "{preview}");
    assert!(preview.contains("error → the reasons from an earlier import, not read"));
    let fixed = text
        .replace("cissi@;", "cissi@ex.se;")
        .replace("#N/A", "Kalmar");
    w.write(
        "in/kunder.errors.csv",
        encoding_rs::WINDOWS_1252.encode(&fixed).0,
    );
    once(&w);
    w.write("in/kunder.errors.confirm", "");
    let log = once(&w);
    assert!(
        log.contains("imported as version 3 (2 new, 0 changed)"),
        "{log}"
    );
    assert_eq!(w.customer("3")["email"], "cissi@ex.se");
    assert_eq!(w.customer("4")["city"], "Kalmar");
    assert!(!w.path("in/kunder.errors-2.csv").exists(), "no rows left");
    let left: Vec<_> = fs::read_dir(w.path("in"))
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .filter(|name| name != ".kundreg")
        .collect();
    assert_eq!(left, ["done"], "only done/");
}

#[test]
fn the_command_line_writes_the_error_file_beside_the_input_never_over_another() {
    let w = Workdir::new();
    fs::create_dir(w.path("listor")).unwrap();
    w.write(
        "listor/nya.csv",
        "kundnr,epost\n1,a@ex.se\n2,inte-en-adress\n",
    );
    w.write("listor/nya.errors.csv", "a file of the shop's own\n");
    let run = w.expect(0, &["--lang", "sv", "import", "listor/nya.csv", "--yes"]);
    assert!(run.stderr.contains("nya.errors-2.csv"), "{}", run.stderr);
    assert_eq!(
        fs::read_to_string(w.path("listor/nya.errors.csv")).unwrap(),
        "a file of the shop's own\n"
    );
    let back = fs::read_to_string(w.path("listor/nya.errors-2.csv")).unwrap();
    assert!(
        back.starts_with("kundnr,epost,fel\n2,inte-en-adress,\"Rad 3 i nya.csv: epost \"\"inte"),
        "{back}"
    );
    // Imported again unchanged, it fails the same way, and its own error file is the next.
    let run = w.expect(0, &["import", "listor/nya.errors-2.csv", "--yes"]);
    assert!(run.stderr.contains("nya.errors-3.csv"), "{}", run.stderr);
    let again = fs::read_to_string(w.path("listor/nya.errors-3.csv")).unwrap();
    assert_eq!(again.lines().count(), 2, "{again}");
    assert!(
        again.starts_with("kundnr,epost,error\n2,inte-en-adress,\"Line 2 of nya.errors-2.csv"),
        "{again}"
    );
}

#[test]
fn a_clear_marker_clears_is_shown_as_such_and_a_rollback_restores_the_value() {
    let w = Workdir::new();
    w.import(
        "r.csv",
        "kundnr,epost,ort,telefon\n1,a@ex.se,Lund,070-1\n2,b@ex.se,Malmö,070-2\n",
    );
    w.write(
        "t.csv",
        "kundnr,epost,ort,telefon\n1,#CLEAR,  #töm ,070-1\n#TÖM,b@ex.se,Ystad,\n,#clear,Umeå,\n2,,,\n",
    );
    let p = w.preview_json("t.csv");
    let rows = p["rows"].as_array().unwrap();
    assert_eq!(
        rows[0]["changes"]["email"],
        serde_json::json!({"old": "a@ex.se", "new": null})
    );
    assert_eq!(
        rows[0]["changes"]["city"],
        serde_json::json!({"old": "Lund", "new": null})
    );
    assert_eq!(rows[1]["problem"], "clears_customer_number");
    assert_eq!(rows[2]["problem"], "clears_email_without_number");
    assert_eq!(rows[3]["status"], "unchanged", "an empty cell never clears");
    assert_eq!(p["summary_by_field"]["city"]["cleared"], 1);
    let text = w.expect(0, &["preview", "t.csv"]).stdout;
    assert!(text.contains("a@ex.se → (cleared)"), "{text}");
    let html = w.expect(0, &["preview", "t.csv", "--html"]).stdout;
    assert!(html.contains("<del>Lund</del> → <span class=\"cleared\">(cleared)</span>"));
    w.expect(0, &["import", "t.csv", "--yes"]);
    let one = w.customer("1");
    assert_eq!((one.get("email"), one.get("city")), (None, None), "{one}");
    assert_eq!(
        w.expect(1, &["get", "a@ex.se"]).code,
        1,
        "the email is free"
    );
    w.expect(0, &["rollback", "2", "--yes"]);
    assert_eq!(w.customer("a@ex.se")["city"], "Lund");
}

#[test]
fn the_shops_column_names_map_ignore_break_and_learn() {
    let w = Workdir::new();
    w.write(
        "kolumner.txt",
        excel("# Våra namn\nMedlemsnr = kundnummer\nIntern kod = -\nBoendeort = city\n"),
    );
    w.write(
        "m.csv",
        "Medlemsnr;Intern kod;Boendeort;Fårg\n7;X-1;Borås;röd\n",
    );
    let p = w.preview_json("m.csv");
    assert_eq!(p["columns"][0]["from"], "columns_file");
    assert_eq!(p["columns"][0]["line"], 2);
    assert_eq!(p["columns"][1]["field"], serde_json::Value::Null);
    assert_eq!(p["ignored_columns"], serde_json::json!(["Fårg"]));
    let text = w.expect(0, &["preview", "m.csv"]).stdout;
    assert!(
        text.contains("Intern kod → ignored (kolumner.txt line 3)"),
        "{text}"
    );
    assert!(
        text.contains("add the line \"Fårg = field\" to kolumner.txt"),
        "{text}"
    );
    assert!(!text.contains("\"Intern kod\" is not recognised"), "{text}");
    w.expect(0, &["import", "m.csv", "--yes"]);
    assert_eq!(w.customer("7")["city"], "Borås");

    // A broken line stops everything read by it, and says which and what is accepted.
    w.write("trasig.txt", "Medlemsnr = kundnummer\nPostort ort\n");
    let run = w.expect(1, &["preview", "m.csv", "--columns", "trasig.txt"]);
    assert!(
        run.stdout
            .contains("trasig.txt line 2: the line has no \"=\". Each line is"),
        "{}",
        run.stdout
    );
    assert_eq!(
        w.expect(1, &["import", "m.csv", "--yes", "--columns", "trasig.txt"])
            .code,
        1
    );

    // A corrected header is learned when its import is confirmed, in the file's encoding.
    w.write("k.csv", "kundummer;efternman\n7;Ek\n");
    let text = w.expect(0, &["preview", "k.csv"]).stdout;
    assert!(
        text.contains("the header is kept in kolumner.txt"),
        "{text}"
    );
    let run = w.expect(0, &["import", "k.csv", "--yes"]);
    assert!(
        run.stderr
            .contains("Column \"kundummer\" is read as customer number from now on")
    );
    let learned = from_excel(&w.read("kolumner.txt"));
    assert!(learned.starts_with("# Våra namn\r\n"), "{learned}");
    assert!(learned.contains("\r\n# Learned from k.csv "), "{learned}");
    assert!(learned.ends_with("\r\nkundummer = customer number\r\nefternman = last name\r\n"));
    let p = w.preview_json("k.csv");
    assert_eq!(p["columns"][0]["from"], "columns_file");
}

#[test]
fn the_inbox_reads_by_its_columns_file_never_as_an_input_and_learns_on_a_confirm() {
    let w = Workdir::new();
    fs::create_dir(w.path("in")).unwrap();
    w.write("in/kolumner.txt", "Medlemsnr = kundnummer\n");
    w.write("in/a.csv", "Medlemsnr,fornman\n1,Anna\n");
    let log = once(&w);
    assert!(!log.contains("kolumner.txt"), "{log}");
    assert!(!w.path("in/kolumner.txt.preview.txt").exists());
    let preview = fs::read_to_string(w.path("in/a.csv.preview.txt")).unwrap();
    assert!(
        preview.contains("Medlemsnr → customer number (kolumner.txt line 1)"),
        "{preview}"
    );
    // A broken columns file: every input is previewed again, and none can be confirmed.
    w.write("in/kolumner.txt", "Medlemsnr = kundnumer\n");
    w.write("in/a.confirm", "");
    once(&w);
    let preview = fs::read_to_string(w.path("in/a.csv.preview.txt")).unwrap();
    assert!(
        preview.contains("\"kundnumer\" is not a field"),
        "{preview}"
    );
    w.write("in/kolumner.txt", "Medlemsnr = kundnummer\n");
    once(&w);
    w.write("in/a.confirm", "");
    let log = once(&w);
    assert!(log.contains("imported as version 1"), "{log}");
    let columns = fs::read_to_string(w.path("in/kolumner.txt")).unwrap();
    assert!(columns.ends_with("fornman = first name\n"), "{columns}");
}

/// Runs kundreg with `stdin` as its standard input.
fn piped(w: &Workdir, args: &[&str], stdin: &str) -> common::Run {
    let mut child = w
        .command(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // A command that refuses before it reads (no terminal to ask on) closes its input: what
    // it says is what is checked.
    let _ = child.stdin.take().unwrap().write_all(stdin.as_bytes());
    common::finish(child.wait_with_output().unwrap())
}

#[test]
fn a_pasted_list_is_previewed_and_imported_from_standard_input() {
    let w = Workdir::new();
    let list = "epost\tförnamn\nnils@epost.com\tNils\nstina@\tStina\n";
    let run = piped(&w, &["preview", "-", "--json"], list);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.json()["summary"]["new"], 1);
    assert!(
        !run.stderr.contains("Paste"),
        "no prompt without a terminal"
    );
    let run = piped(&w, &["import", "-", "--yes"], list);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("Imported as version 1"),
        "{}",
        run.stdout
    );
    assert!(run.stderr.contains("pasted.errors.csv"), "{}", run.stderr);
    assert!(
        fs::read_to_string(w.path("pasted.errors.csv"))
            .unwrap()
            .contains("stina@")
    );
    let history = w.expect(0, &["history", "--json"]).json();
    assert_eq!(history[0]["file"], "pasted list");
    // Without --yes there is no terminal to ask on.
    assert_eq!(piped(&w, &["import", "-"], list).code, 3);
}

/// A file's cell: a value, an empty cell, the clear marker, or something broken.
fn cell() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        "[A-Za-zåäö ]{1,8}",
        Just("#TÖM".to_string()),
        Just("#N/A".to_string()),
        "[a-z]{1,3}@[a-z]{1,2}\\.se",
        "[a-z]{1,4}@",
        "[a-z ;,\"]{1,5}",
    ]
}

fn row() -> impl Strategy<Value = Vec<String>> {
    let number = prop_oneof![Just(String::new()), "[1-9]{1,2}", Just("#TÖM".to_string())];
    (number, proptest::collection::vec(cell(), 2..6)).prop_map(|(number, mut rest)| {
        rest.insert(0, number);
        rest
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// The rows an import leaves behind, written as an error file and read again unchanged,
    /// fail the same way, in the same order, against the same register; none of them applies.
    #[test]
    fn an_error_file_read_again_unchanged_gives_the_same_errors(
        rows in proptest::collection::vec(row(), 1..30),
        semicolons in any::<bool>(),
    ) {
        let delimiter = if semicolons { b';' } else { b',' };
        let mut writer = csv::WriterBuilder::new().delimiter(delimiter).flexible(true).from_writer(Vec::new());
        writer.write_record(["kundnr", "epost", "ort", "telefon"]).unwrap();
        for row in &rows {
            writer.write_record(row).unwrap();
        }
        let bytes = writer.into_inner().unwrap();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("lista.csv");
        fs::write(&path, &bytes).unwrap();
        let mut register = MemoryRegister::default();
        let texts = kundreg::lang::Lang::En.texts();
        let first_input = Input::from_bytes("lista.csv", &bytes).unwrap();
        let first = plan(&[0; 32], &first_input.parsed, &mut register, Purpose::Report { unchanged: true }, &mut |_| {}).unwrap();
        let reasons: Vec<(u32, String)> = first.errors.iter().map(|e| (e.line, (texts.row_problem)(&e.problem))).collect();
        let returned = Returned {
            input: &path,
            encoding: first_input.inspection.encoding,
            parsed: &first_input.parsed,
            folder: dir.path(),
            stem: not_imported::stem("lista.csv"),
            column: texts.fix.error_column,
        };
        let written = not_imported::write(&returned, &reasons).unwrap();
        prop_assert_eq!(written.is_some(), !reasons.is_empty());
        let Some(written) = written else { return Ok(()) };
        let again_bytes = fs::read(&written).unwrap();
        let again = Input::from_bytes("lista.errors.csv", &again_bytes).unwrap();
        prop_assert_eq!(again.parsed.error_column, Some(4));
        let second = plan(&[0; 32], &again.parsed, &mut register, Purpose::Report { unchanged: true }, &mut |_| {}).unwrap();
        prop_assert_eq!(second.counts.new + second.counts.update + second.counts.unchanged, 0);
        let keys = |p: &kundreg::plan::Plan| p.errors.iter().map(|e| e.problem.key()).collect::<Vec<_>>();
        prop_assert_eq!(keys(&first), keys(&second));
    }
}

/// Runs `kundreg import -` on a pseudo-terminal (Python's `pty`), as a person pastes a list,
/// ends it with Ctrl+D and answers the question; returns what the terminal showed.
const ON_A_TERMINAL: &str = r#"
import os, pty, select, sys, time
pid, fd = pty.fork()
if pid == 0:
    os.chdir(sys.argv[2])
    os.environ.update({"KUNDREG_LANG": "en", "NO_COLOR": "1"})
    os.environ.pop("KUNDREG_DB", None)
    os.execv(sys.argv[1], [sys.argv[1], "import", "-"])
shown = b""
def read_until(text, limit):
    global shown
    end = time.time() + limit
    while text not in shown and time.time() < end:
        if select.select([fd], [], [], 0.1)[0]:
            try:
                data = os.read(fd, 4096)
            except OSError:
                return
            if not data:
                return
            shown += data
read_until(b"Ctrl+D", 20)
os.write(fd, b"kundnr,stad\r1,Lund\r")
time.sleep(0.3)
os.write(fd, b"\x04")
read_until(b"[y/N]", 20)
os.write(fd, b"y\r")
read_until(b"Imported", 20)
os.waitpid(pid, 0)
sys.stdout.write(shown.decode(errors="replace"))
"#;

#[test]
fn a_list_pasted_on_a_terminal_is_asked_about_on_the_terminal() {
    let w = Workdir::new();
    let Ok(run) = std::process::Command::new("python3")
        .args(["-c", ON_A_TERMINAL, env!("CARGO_BIN_EXE_kundreg")])
        .arg(w.dir())
        .output()
    else {
        eprintln!("skipped: no python3 to drive a terminal");
        return;
    };
    let shown = String::from_utf8_lossy(&run.stdout);
    assert!(
        shown.contains("Paste the list (header line first), then press Ctrl+D"),
        "{shown}"
    );
    assert!(
        shown.contains("Import 1 new and 0 changed customers? [y/N]"),
        "{shown}"
    );
    assert!(shown.contains("Imported as version 1"), "{shown}");
    assert_eq!(w.customer("1")["city"], "Lund");
}

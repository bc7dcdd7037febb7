//! Command-line arguments (clap structs, no logic) and their one conversion into the
//! [`Settings`] the commands run with.

use std::path::PathBuf;
use std::time::Duration;

use clap::{CommandFactory, Parser, Subcommand};

use crate::cmd::{self, Format, Settings};
use crate::error::Error;
use crate::lang::Lang;
use crate::rollback::Undo;
use crate::shared::key::ShopKey;

/// kundreg: the shop's customer register, with previewed imports and a history.
#[derive(Debug, Parser)]
#[command(name = "kundreg", version, about, after_long_help = column_names())]
pub struct Cli {
    /// The register file (created by the first import).
    #[arg(
        long,
        env = "KUNDREG_DB",
        global = true,
        default_value = "kundreg.redb"
    )]
    pub db: PathBuf,
    /// Language of reports and messages.
    #[arg(
        long,
        env = "KUNDREG_LANG",
        global = true,
        value_enum,
        default_value = "sv"
    )]
    pub lang: Lang,
    /// Seconds to wait for a register another kundreg is using before giving up.
    #[arg(
        long,
        env = "KUNDREG_BUSY_WAIT",
        global = true,
        value_name = "SECONDS",
        default_value_t = 30
    )]
    pub busy_wait: u64,
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Show what importing FILE would do. Never writes the register.
    Preview {
        /// The list to preview; `-` reads it from standard input (paste, then Ctrl+D).
        file: PathBuf,
        /// The shop's column names (default: kolumner.txt beside FILE).
        #[arg(long, value_name = "FILE")]
        columns: Option<PathBuf>,
        /// A workbook's sheet to read, by name (default: one named Kunder or Customers, else
        /// the first visible sheet with data).
        #[arg(long, value_name = "NAME")]
        sheet: Option<String>,
        /// JSON instead of text.
        #[arg(long, conflicts_with = "html")]
        json: bool,
        /// A self-contained HTML page instead of text.
        #[arg(long)]
        html: bool,
    },
    /// Preview FILE, then apply it as a new version (asks first on a terminal).
    Import {
        /// The list to import; `-` reads it from standard input (paste, then Ctrl+D).
        file: PathBuf,
        /// The shop's column names (default: kolumner.txt beside FILE).
        #[arg(long, value_name = "FILE")]
        columns: Option<PathBuf>,
        /// A workbook's sheet to read, by name (default: one named Kunder or Customers, else
        /// the first visible sheet with data).
        #[arg(long, value_name = "NAME")]
        sheet: Option<String>,
        /// Apply without asking (needed without a terminal).
        #[arg(long)]
        yes: bool,
        #[command(flatten)]
        wait: Wait,
    },
    /// Find customers: every word must match a value (name, address or city by a word's
    /// beginning, phone by its digits, postal code, customer number, email).
    Find {
        #[arg(required = true, value_name = "TEXT")]
        words: Vec<String>,
        #[arg(long)]
        json: bool,
        /// How many customers to list.
        #[arg(long, default_value_t = 20, value_name = "N")]
        limit: usize,
    },
    /// Change one customer, by customer number or email: FIELD=VALUE each (any name an
    /// import header accepts, or the JSON key; FIELD=#TÖM clears it). Shown first as old →
    /// new; asks on a terminal.
    Set {
        key: String,
        #[arg(required = true, value_name = "FIELD=VALUE")]
        values: Vec<String>,
        /// Change without asking (needed without a terminal).
        #[arg(long)]
        yes: bool,
        /// Show the change and make nothing.
        #[arg(long, conflicts_with = "yes")]
        dry_run: bool,
        #[command(flatten)]
        wait: Wait,
    },
    /// Add one customer: FIELD=VALUE each, with an email or a customer number (without one,
    /// the next free number is given). Shown first; asks on a terminal.
    Add {
        #[arg(required = true, value_name = "FIELD=VALUE")]
        values: Vec<String>,
        /// Add without asking (needed without a terminal).
        #[arg(long)]
        yes: bool,
        /// Show the customer and add nothing.
        #[arg(long, conflicts_with = "yes")]
        dry_run: bool,
        #[command(flatten)]
        wait: Wait,
    },
    /// The register's likely duplicates: customers who share a phone number, or a first
    /// name, last name and postal code.
    Duplicates {
        #[arg(long)]
        json: bool,
    },
    /// Show one customer, by customer number or email.
    Get {
        key: String,
        #[arg(long)]
        json: bool,
    },
    /// The register: where it is, how many customers, which version.
    Status {
        #[arg(long)]
        json: bool,
    },
    /// The versions, newest first.
    History {
        #[arg(long)]
        json: bool,
    },
    /// What one version changed, customer by customer.
    Show {
        version: u64,
        #[arg(long)]
        json: bool,
    },
    /// Undo a version (or, with --to, every version after one) as a new version.
    Rollback {
        /// The version to undo.
        #[arg(required_unless_present = "to", conflicts_with = "to")]
        version: Option<u64>,
        /// Undo every version after this one, newest first (0: empty the register).
        #[arg(long, value_name = "VERSION", conflicts_with = "force")]
        to: Option<u64>,
        /// Apply without asking (needed without a terminal).
        #[arg(long)]
        yes: bool,
        /// Show what would change, and change nothing.
        #[arg(long)]
        dry_run: bool,
        /// Restore the customers even where later versions changed them.
        #[arg(long)]
        force: bool,
        #[command(flatten)]
        wait: Wait,
    },
    /// Erase a customer from the register and from the whole history (cannot be undone).
    Forget {
        key: String,
        /// Erase without asking (needed without a terminal).
        #[arg(long)]
        yes: bool,
        #[command(flatten)]
        wait: Wait,
    },
    /// Make this computer the primary of its shared folder, when the primary is gone.
    Promote {
        /// Go on although the primary was seen within the last 10 minutes, or versions from
        /// it have not all arrived here.
        #[arg(long)]
        force: bool,
    },
    /// Replace the shop key on the primary (after a computer of the shop was lost): the
    /// other computers join again with the new code.
    Rekey,
    /// Watch a shared folder: preview every customer file dropped there, import it when a
    /// confirm file appears beside it.
    Watch {
        /// The folder to watch.
        #[arg(default_value = "watch")]
        inbox: PathBuf,
        /// Scan the folder instead of waiting for file events (network shares raise none).
        #[arg(long)]
        poll: bool,
        /// Milliseconds a file must stay unchanged before it is read.
        #[arg(long, value_name = "MS", default_value_t = 1500)]
        settle: u64,
        /// Handle what is in the folder now, then exit.
        #[arg(long)]
        once: bool,
        /// Milliseconds between full scans of the folder (default: 1000 when polling, 10000
        /// with file events).
        #[arg(long, value_name = "MS")]
        rescan: Option<u64>,
        /// Files larger than this many megabytes are not read.
        #[arg(long, value_name = "MB", default_value_t = 500)]
        max_size: u64,
        /// The name this computer goes by in the shared folder (default: its host name).
        #[arg(long, env = "KUNDREG_COMPUTER")]
        name: Option<String>,
        /// Join the shop whose shared folder this is, with the join code `kundreg status`
        /// shows on one of its computers: wait for the primary's register to arrive instead
        /// of starting the folder with this computer's register.
        #[arg(long, value_name = "CODE")]
        join: Option<String>,
        /// Where the shop's screen is served: this computer's own address only (`127.0.0.1:0`
        /// picks a free port).
        #[arg(long, value_name = "ADDR:PORT", default_value = "127.0.0.1:7373")]
        ui: std::net::SocketAddr,
        /// No screen.
        #[arg(long)]
        no_ui: bool,
    },
    /// The address of the screen the daemon serves for this register, opened in the
    /// browser where there is one.
    Ui,
    /// The whole register as CSV, or as an Excel workbook.
    Export {
        /// Write to this file (never overwritten) instead of standard output.
        #[arg(long)]
        out: Option<PathBuf>,
        /// Semicolons and a UTF-8 BOM, so Swedish Excel opens it right.
        #[arg(long, conflicts_with = "xlsx")]
        excel: bool,
        /// An Excel workbook (.xlsx): one sheet Kunder, every value a text cell; a workbook
        /// is not for a terminal, so it needs --out.
        #[arg(long, requires = "out")]
        xlsx: bool,
    },
}

/// How a change asked on a computer that follows another waits for the primary.
#[derive(Debug, clap::Args)]
pub struct Wait {
    /// On a computer that follows another: seconds to wait for the primary to make the change.
    #[arg(long = "wait", value_name = "SECONDS", default_value_t = 600)]
    seconds: u64,
    /// On a computer that follows another: send the change to the primary and do not wait.
    #[arg(long, conflicts_with = "seconds")]
    no_wait: bool,
}

impl Wait {
    fn limit(&self) -> Option<Duration> {
        (!self.no_wait).then(|| Duration::from_secs(self.seconds))
    }
}

impl Cli {
    /// Runs the command.
    pub fn run(self) -> Result<(), Error> {
        let settings = Settings {
            db: self.db,
            texts: self.lang.texts(),
            busy_wait: Duration::from_secs(self.busy_wait),
        };
        match self.command {
            Command::Preview {
                file,
                columns,
                sheet,
                json,
                html,
            } => {
                let format = match (json, html) {
                    (true, _) => Format::Json,
                    (_, true) => Format::Html,
                    _ => Format::Text,
                };
                let sheet = sheet.as_deref();
                cmd::preview::run(&settings, &file, columns.as_deref(), sheet, format)?
            }
            Command::Import {
                file,
                columns,
                sheet,
                yes,
                wait,
            } => {
                let sheet = sheet.as_deref();
                let columns = columns.as_deref();
                cmd::import::run(&settings, &file, columns, sheet, yes, wait.limit())?
            }
            Command::Find { words, json, limit } => cmd::find::run(&settings, &words, json, limit)?,
            Command::Set {
                key,
                values,
                yes,
                dry_run,
                wait,
            } => cmd::set::run(&settings, &key, &values, (yes, dry_run), wait.limit())?,
            Command::Add {
                values,
                yes,
                dry_run,
                wait,
            } => cmd::add::run(&settings, &values, (yes, dry_run), wait.limit())?,
            Command::Duplicates { json } => cmd::duplicates::run(&settings, json)?,
            Command::Get { key, json } => cmd::get::run(&settings, &key, json)?,
            Command::Status { json } => cmd::status::run(&settings, json)?,
            Command::History { json } => cmd::history::run(&settings, json)?,
            Command::Show { version, json } => cmd::show::run(&settings, version, json)?,
            Command::Rollback {
                version,
                to,
                yes,
                dry_run,
                force,
                wait,
            } => {
                let undo = match (version, to) {
                    (_, Some(to)) => Undo::To(to),
                    (Some(version), None) => Undo::Version(version),
                    (None, None) => {
                        return Err(Cli::command()
                            .error(
                                clap::error::ErrorKind::MissingRequiredArgument,
                                "rollback VERSION | rollback --to VERSION",
                            )
                            .into());
                    }
                };
                cmd::rollback::run(&settings, undo, yes, dry_run, force, wait.limit())?
            }
            Command::Forget { key, yes, wait } => {
                cmd::forget::run(&settings, &key, yes, wait.limit())?
            }
            Command::Promote { force } => cmd::promote::run(&settings, force)?,
            Command::Rekey => cmd::rekey::run(&settings)?,
            Command::Watch {
                inbox,
                poll,
                settle,
                once,
                rescan,
                max_size,
                name,
                join,
                ui,
                no_ui,
            } => cmd::watch::run(
                &settings,
                cmd::watch::Options {
                    inbox,
                    poll,
                    settle: Duration::from_millis(settle),
                    once,
                    rescan: rescan.map(Duration::from_millis),
                    max_size: max_size.saturating_mul(1_000_000),
                    name,
                    join: join
                        .map(|code| ShopKey::from_join_code(&code).ok_or(Error::BadJoinCode))
                        .transpose()?,
                    ui: (!no_ui).then_some(ui),
                },
            )?,
            Command::Ui => cmd::ui::run(&settings)?,
            Command::Export { out, excel, xlsx } => {
                cmd::export::run(&settings, out.as_deref(), excel, xlsx)?
            }
        }
        Ok(())
    }
}

/// The column names an input file's header (and `set`'s and `add`'s FIELD) may use, for
/// `--help`: the first, Swedish, name of each field, then the others.
fn column_names() -> String {
    let mut help =
        String::from("Column names (any case; spaces, - and _ and å/ä/ö do not matter):");
    for field in crate::field::Field::ALL {
        help.push_str(&format!(
            "\n  {:<16} {}",
            field.key(),
            field.names().join(", ")
        ));
    }
    help
}

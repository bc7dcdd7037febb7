//! The `kundreg` command: parse the arguments, run the command, turn the outcome into an exit
//! code and a message in the user's language.

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = kundreg::cli::Cli::parse();
    let texts = cli.lang.texts();
    match cli.run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            // A reader that closed the output wants no more of it, and no message either.
            if !error.is_closed_output() {
                // Nothing more can be done when standard error cannot be written either.
                let message = error.message(texts);
                let message = kundreg::inert::visible_lines(&message);
                let _ = writeln!(std::io::stderr(), "kundreg: {message}");
            }
            ExitCode::from(error.exit_code())
        }
    }
}

//! The `kundreg` command: parse the arguments, run the command, turn the outcome into an exit
//! code and a message in the user's language.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = kundreg::cli::Cli::parse();
    let texts = cli.lang.texts();
    match cli.run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            if let Some(message) = kundreg::cli::describe(&error, texts) {
                eprintln!("kundreg: {message}");
            }
            ExitCode::from(kundreg::cli::exit_code(&error))
        }
    }
}

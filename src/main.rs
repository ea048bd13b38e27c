//! The `rajat` command: a thin shell over the library.

use std::process::ExitCode;

use clap::Parser;

mod cmd;

fn main() -> ExitCode {
    let cli = cmd::Cli::parse();
    match cmd::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            err.eprint();
            let n = err.diagnostics.iter().filter(|d| d.level == rajat::error::Level::Error).count();
            if n > 1 {
                eprintln!("error: {n} problems; nothing was written");
            }
            ExitCode::from(1)
        }
    }
}

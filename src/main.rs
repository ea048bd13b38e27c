//! The `rajat` command: a thin shell over the library.

use std::process::ExitCode;

use clap::Parser;

mod cmd;

// A build allocates and frees millions of small strings from two threads at
// once; mimalloc does that markedly faster than the system allocator. It runs
// with its own settings: a build's memory is bounded by what it holds (one
// page's worth per thread), not by tuning when mimalloc gives memory back.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = cmd::Cli::parse();
    match cmd::run(cli) {
        Ok(code) => code,
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

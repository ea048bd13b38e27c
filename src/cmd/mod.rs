//! Command-line interface: one file per subcommand, each parsing its flags,
//! calling the library and reporting.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod build;
mod check;
mod init;
mod key;
mod new;
mod publish;
mod serve;

/// rajat publishes a practical guide — the seven situations in which to say
/// "no" to a client — as a fast static site with worksheets and a client self-check.
#[derive(Debug, Parser)]
#[command(name = "rajat", version, about, long_about = None, propagate_version = true)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Build the site into its output folder (public/ by default).
    Build(build::Args),
    /// Find every problem in the guide before readers do; exits with 1 on errors.
    Check(check::Args),
    /// Start a new guide in a folder, from the complete guide built into rajat.
    Init(init::Args),
    /// Make the key that seals what clients send you, so you alone can read it.
    Key(key::Args),
    /// Create a page or worksheet in content/, front matter filled in.
    New(new::Args),
    /// Build the site and send what changed to a web server (SFTP) or a folder.
    Publish(publish::Args),
    /// Preview the site at http://127.0.0.1:1111/, rebuilt and reloaded as you save.
    Serve(serve::Args),
}

/// The site root, shared by every subcommand.
#[derive(Debug, clap::Args)]
pub struct RootArg {
    /// The site's folder (the one holding site.yaml).
    #[arg(long, short = 'r', default_value = ".", value_name = "DIR")]
    pub root: PathBuf,
}

/// Runs the chosen subcommand; its problems come back as an error, which
/// `main` prints. `check` reports its own problems and says how it went in
/// the exit code.
pub fn run(cli: Cli) -> rajat::Result<ExitCode> {
    match cli.command {
        Command::Build(args) => build::run(args).map(|()| ExitCode::SUCCESS),
        Command::Check(args) => Ok(check::run(args)),
        Command::Init(args) => init::run(args).map(|()| ExitCode::SUCCESS),
        Command::Key(args) => key::run(args).map(|()| ExitCode::SUCCESS),
        Command::New(args) => new::run(args).map(|()| ExitCode::SUCCESS),
        Command::Publish(args) => publish::run(args).map(|()| ExitCode::SUCCESS),
        Command::Serve(args) => serve::run(args).map(|()| ExitCode::SUCCESS),
    }
}

/// `1 page`, `2 pages`.
pub fn plural(n: usize, word: &str) -> String {
    if n == 1 { word.to_string() } else { format!("{word}s") }
}

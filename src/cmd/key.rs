//! `rajat key`

use std::io::{BufRead, IsTerminal};
use std::path::PathBuf;

use rajat::Diagnostic;
use rajat::key::{self, MIN_PASSPHRASE, SiteYamlOutcome};

use super::RootArg;

/// The owner's key for sealed answers: what clients send can be read by you alone.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: KeyCommand,
}

#[derive(Debug, clap::Subcommand)]
enum KeyCommand {
    /// Make a new key: the private half in a file protected by a passphrase,
    /// the public half added to site.yaml's `contact:`.
    ///
    /// The passphrase is asked for on the terminal, or read from the first
    /// line of standard input when that is not a terminal. The key file is
    /// never written inside the site's folder. A new key replaces the old
    /// one in site.yaml; answers sealed to the old key still open with the
    /// old file, so keep that file too.
    New(NewArgs),
}

#[derive(Debug, clap::Args)]
struct NewArgs {
    #[command(flatten)]
    root: RootArg,
    /// Where to write the key file (default: your home folder,
    /// `rajat-key-HOST-DATE.rajat-key`). Never inside the site's folder.
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
}

pub fn run(args: Args) -> rajat::Result<()> {
    match args.command {
        KeyCommand::New(args) => new(args),
    }
}

fn new(args: NewArgs) -> rajat::Result<()> {
    let plan = key::plan(&args.root.root, args.out)?;
    let passphrase = read_passphrase()?;
    let made = key::make(&plan, &passphrase)?;
    let owner = plan.owner.as_deref().unwrap_or("the guide's owner");
    let file = std::path::absolute(&made.file).unwrap_or(made.file);
    println!("Made a key for sealed answers (key {}).\n", made.id);
    println!("The private half is in the key file {}, protected by your passphrase.", file.display());
    println!("Keep that file with your other backups. If it is lost, nobody can open the answers");
    println!("sealed to this key, not even with the passphrase: the key cannot be made again.\n");
    match made.site_yaml {
        SiteYamlOutcome::Added { replaced } => {
            println!("The public half is now in site.yaml, under `contact:`.");
            if let Some(old) = replaced {
                println!(
                    "It replaces key {old}: answers sealed to that key still open with its own file, so keep that file too."
                );
            }
            for (language, id) in &made.other_keys {
                println!(
                    "The `{language}` pages still seal answers to key {id}: `languages: {language}: contact:` has a key of its own."
                );
                println!(
                    "If that key is yours too, remove its `key:` line there, so that those pages use the new key."
                );
            }
            println!("\nNext: build the guide and publish it at its https:// address. From then on,");
            if plan.mail {
                println!("\"Send to {owner}\" seals each client's answers so that only you can open them.");
            } else {
                println!("a client's answers are sealed so that only you can open them (add `email:` under");
                println!("`contact:` for a \"Send to {owner}\" button that mails them to you).");
            }
            println!("When sealed answers arrive, open the link and, on that page, choose this file and");
            println!("type your passphrase: once in each browser you read answers in.");
        }
        SiteYamlOutcome::NoContact => {
            println!("site.yaml has no `contact:` yet, so it was not changed. Add these lines to it,");
            println!("with your name as readers know you and the address their answers should reach:\n");
            println!("contact:\n  name: Your Name\n  email: you@example.org\n  key: {}", made.public);
        }
        SiteYamlOutcome::Unchanged => {
            println!("site.yaml was not changed: its `contact:` is written in a way rajat cannot safely edit.");
            println!("Add this line under `contact:`, beside `name:`, at the same indentation:\n");
            println!("  key: {}", made.public);
        }
    }
    Ok(())
}

/// The passphrase: asked twice on a terminal, else the first line of standard input.
fn read_passphrase() -> rajat::Result<String> {
    let failed = |e: std::io::Error| Diagnostic::error(format!("cannot read the passphrase: {e}"));
    if !std::io::stdin().is_terminal() {
        let mut line = String::new();
        std::io::stdin().lock().read_line(&mut line).map_err(failed)?;
        return Ok(line.trim_end_matches(['\n', '\r']).to_string());
    }
    eprintln!("Choose a passphrase for the key file: at least {MIN_PASSPHRASE} characters, such as a few words");
    eprintln!("you will remember. You will type it once in each browser you read answers in.");
    let first = rpassword::prompt_password("Passphrase: ").map_err(failed)?;
    if first.chars().count() >= MIN_PASSPHRASE {
        let again = rpassword::prompt_password("The same again: ").map_err(failed)?;
        if again != first {
            let d = Diagnostic::error("the two passphrases differ; nothing was written");
            return Err(d.hint("run `rajat key new` again").into());
        }
    }
    Ok(first)
}

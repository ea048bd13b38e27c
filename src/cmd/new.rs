//! `rajat new page|worksheet`

use rajat::new::{Blueprint, new_page};

use super::RootArg;

/// Create a page or worksheet with its front matter filled in.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    what: What,
}

#[derive(Debug, clap::Subcommand)]
enum What {
    /// A page of text: `rajat new page situations/late-payer`.
    Page(PathArgs),
    /// A page with a form readers fill in: `rajat new worksheet worksheets/pricing`.
    Worksheet(PathArgs),
}

#[derive(Debug, clap::Args)]
struct PathArgs {
    /// Where to create it, relative to content/ (`.md` is added when missing).
    #[arg(value_name = "PATH")]
    path: String,
    /// Write it in this language of site.yaml (`fi`): `PATH.fi.md`, a copy of
    /// the original page to translate when there is one.
    #[arg(long, value_name = "CODE")]
    language: Option<String>,
    #[command(flatten)]
    root: RootArg,
}

pub fn run(args: Args) -> rajat::Result<()> {
    let (blueprint, args) = match args.what {
        What::Page(a) => (Blueprint::Page, a),
        What::Worksheet(a) => (Blueprint::Worksheet, a),
    };
    let created = new_page(&args.root.root, &args.path, blueprint, args.language.as_deref())?;
    let place = match created.weight {
        Some(w) => format!("weight {w}, the last of its section"),
        None => "no weight, like the pages beside it".to_string(),
    };
    if let Some(original) = &created.original {
        println!("Created {}, a copy of {} to translate.", created.path.display(), original.display());
        println!("Translate its words (keep the form's ids, values and points), then run `rajat check`.");
        return Ok(());
    }
    println!("Created {} (\"{}\", {place}).", created.path.display(), created.title);
    println!("Write its description and text, then run `rajat check`.");
    Ok(())
}

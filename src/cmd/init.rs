//! `rajat init`

use std::path::{Path, PathBuf};

use rajat::init::{InitOptions, init};

/// Start a new guide: write site.yaml and the complete guide's content, ready to edit.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The folder to create the guide in (created when missing).
    #[arg(default_value = ".", value_name = "DIR")]
    dir: PathBuf,
    /// Add the starter to a folder that is not empty. Existing files are never overwritten.
    #[arg(long)]
    force: bool,
    /// Also copy the default theme to themes/default/, to customise it.
    #[arg(long)]
    eject_theme: bool,
    /// The guide's language: `--language fi` starts a guide in Finnish. Give
    /// several (`--language fi --language en`, or `fi,en`) for a guide in
    /// each, the first the default. Without it: English, with the Finnish
    /// edition beside it, as rajat's own guide is published.
    #[arg(long, value_name = "CODE", value_delimiter = ',')]
    language: Vec<String>,
}

pub fn run(args: Args) -> rajat::Result<()> {
    let options =
        InitOptions { dir: args.dir, force: args.force, eject_theme: args.eject_theme, languages: args.language };
    let report = init(&options)?;
    let pages = report.written.iter().filter(|p| p.extension().is_some_and(|e| e == "md")).count();
    let shown = shown_dir(&options.dir);
    match (report.written.len(), pages) {
        (0, _) => println!("Nothing to write: every file of the starter is already in {shown}."),
        (n, 0) => println!("Wrote {n} files to {shown}."),
        (n, pages) => {
            println!("Wrote {n} files to {shown}, among them the guide's {pages} pages in content/, ready to edit.")
        }
    }
    if options.eject_theme {
        println!("The default theme is in themes/default/; edit it there.");
    }
    if !report.skipped.is_empty() {
        match report.skipped.len() {
            1 => println!("Left 1 existing file as it was:"),
            n => println!("Left {n} existing files as they were:"),
        }
        for path in &report.skipped {
            println!("  {}", path.display());
        }
    }
    println!("\nNext, preview it while you edit:\n");
    match shell_word(&options.dir) {
        None => println!("    rajat serve"),
        Some(dir) => println!("    cd {dir} && rajat serve"),
    }
    println!("\nand change base_url in site.yaml to the address the guide will be published at.");
    println!(
        "To publish it: `rajat publish sftp://you@host/~/public_html/guide/` (or set `publish:` in site.yaml), \
         or push it to GitHub, where {} publishes it on GitHub Pages.",
        rajat::init::PAGES_WORKFLOW_PATH
    );
    Ok(())
}

fn shown_dir(dir: &Path) -> String {
    if is_current(dir) { "the current folder".into() } else { format!("`{}/`", dir.display()) }
}

fn is_current(dir: &Path) -> bool {
    dir.as_os_str().is_empty() || dir == Path::new(".")
}

/// The folder as a shell word to `cd` into; `None` for the current folder.
fn shell_word(dir: &Path) -> Option<String> {
    if is_current(dir) {
        return None;
    }
    let text = dir.display().to_string();
    if text.chars().all(|c| c.is_ascii_alphanumeric() || "-_./".contains(c)) {
        Some(text)
    } else {
        Some(format!("'{}'", text.replace('\'', r"'\''")))
    }
}

//! `rajat build`

use std::path::PathBuf;

use super::RootArg;

/// Build the site into its output folder.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    root: RootArg,
    /// Where to write the site [default: output_dir from site.yaml, or public/].
    #[arg(long, short = 'o', value_name = "DIR")]
    out: Option<PathBuf>,
    /// Publish under this URL instead of site.yaml's base_url.
    #[arg(long, value_name = "URL")]
    base_url: Option<String>,
    /// Include pages marked `draft: true`.
    #[arg(long)]
    drafts: bool,
    /// Delete files in the output folder that rajat did not write.
    #[arg(long)]
    force: bool,
}

pub fn run(args: Args) -> rajat::Result<()> {
    let options = rajat::BuildOptions {
        root: args.root.root,
        out: args.out,
        base_url: args.base_url,
        drafts: args.drafts,
        force: args.force,
    };
    let report = rajat::build(&options)?;
    rajat::error::eprint_all(&report.warnings);
    let ms = report.elapsed.as_secs_f64() * 1000.0;
    let time = if ms < 10.0 { format!("{ms:.1} ms") } else { format!("{ms:.0} ms") };
    let pages = if report.pages == 1 { "page" } else { "pages" };
    println!(
        "Built {} {pages} in {time} → {} ({} written, {} unchanged, {} removed)",
        report.pages,
        display_out(&report.out, &options.root),
        report.stats.written,
        report.stats.files - report.stats.written,
        report.stats.removed,
    );
    Ok(())
}

/// The output folder as the user thinks of it: relative to the site root when inside it.
fn display_out(out: &std::path::Path, root: &std::path::Path) -> String {
    let shown = out.strip_prefix(root).unwrap_or(out).display().to_string();
    if shown.ends_with('/') { shown } else { format!("{shown}/") }
}

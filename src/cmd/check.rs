//! `rajat check`

use std::fmt::Write as _;
use std::io::Write as _;
use std::process::ExitCode;

use rajat::check::{CheckOptions, check, external};

use super::{RootArg, plural};

/// Find every problem in the guide before readers do: everything a build
/// checks, plus pages nothing links to, missing images and files, duplicate
/// titles, skipped heading levels and missing descriptions. Exits with 1 when
/// there is an error, 0 when there are only warnings.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    root: RootArg,
    /// Also request every http(s) link the guide contains (10 s each, 8 at a time).
    #[arg(long)]
    external: bool,
    /// Check pages marked `draft: true` too.
    #[arg(long)]
    drafts: bool,
}

pub fn run(args: Args) -> ExitCode {
    let options = CheckOptions {
        root: args.root.root,
        drafts: args.drafts,
        external: args.external.then(external::Settings::default),
    };
    let report = check(&options);
    let mut out = String::new();
    for d in &report.diagnostics {
        let _ = writeln!(out, "{d}");
        if let Some(hint) = &d.hint {
            let _ = writeln!(out, "  help: {hint}");
        }
    }
    let (errors, warnings) = (report.errors(), report.warnings());
    let _ = write!(out, "{errors} {}, {warnings} {}", plural(errors, "error"), plural(warnings, "warning"));
    if report.notes() > 0 {
        let _ = write!(out, ", {} {}", report.notes(), plural(report.notes(), "note"));
    }
    let _ = write!(out, " ({} {} checked", report.pages, plural(report.pages, "page"));
    if options.external.is_some() {
        let _ = write!(out, ", {} external {}", report.external_urls, plural(report.external_urls, "link"));
    }
    let _ = writeln!(out, ")");
    let mut stdout = std::io::stdout().lock();
    let _ = stdout.write_all(out.as_bytes()).and_then(|()| stdout.flush());
    if errors > 0 { ExitCode::FAILURE } else { ExitCode::SUCCESS }
}

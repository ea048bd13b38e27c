//! `rajat publish`

use std::io::IsTerminal;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

use rajat::publish::{Progress, PublishOptions, PublishReport, SshOptions, human_bytes, publish};

use super::{RootArg, plural};

/// Build the site and send what changed to where readers find it.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Where to: `sftp://user@host[:port]/path/` (`/~/path/` for a folder inside the one you log in to),
    /// or a folder. Default: `publish:` in site.yaml.
    #[arg(value_name = "DEST")]
    destination: Option<String>,
    #[command(flatten)]
    root: RootArg,
    /// Publish public/ as it is, without building first.
    #[arg(long)]
    no_build: bool,
    /// Only list what would be sent and deleted.
    #[arg(long)]
    dry_run: bool,
    /// Also delete files at the destination that rajat did not publish (each is named).
    #[arg(long)]
    delete_unknown: bool,
    /// The trusted host keys [default: ~/.ssh/known_hosts, or $RAJAT_KNOWN_HOSTS].
    #[arg(long, value_name = "FILE")]
    known_hosts: Option<PathBuf>,
    /// A private key to log in with, instead of ~/.ssh/id_ed25519, id_ecdsa and id_rsa (repeatable) [or $RAJAT_IDENTITY].
    #[arg(long, value_name = "FILE")]
    identity: Vec<PathBuf>,
}

pub fn run(args: Args) -> rajat::Result<()> {
    let env_path = |name: &str| std::env::var_os(name).filter(|v| !v.is_empty()).map(PathBuf::from);
    let mut identities = args.identity;
    if identities.is_empty() {
        identities.extend(env_path("RAJAT_IDENTITY"));
    }
    let interactive = std::io::stdin().is_terminal() && std::io::stderr().is_terminal();
    let options = PublishOptions {
        root: args.root.root,
        destination: args.destination,
        build: !args.no_build,
        dry_run: args.dry_run,
        delete_unknown: args.delete_unknown,
        ssh: SshOptions {
            known_hosts: args.known_hosts.or_else(|| env_path("RAJAT_KNOWN_HOSTS")),
            identities,
            ssh_dir: env_path("RAJAT_SSH_DIR"),
            agent: true,
            interactive,
        },
    };
    let progress: Box<dyn Progress> = if std::io::stderr().is_terminal() && !options.dry_run {
        Box::new(Bar::new())
    } else {
        Box::new(rajat::publish::Quiet)
    };
    let report = publish(&options, progress.as_ref())?;
    if let Some(build) = &report.build {
        rajat::error::eprint_all(&build.warnings);
        println!(
            "Built {} {} in {:.0} ms ({} written, {} unchanged, {} removed)",
            build.pages,
            plural(build.pages, "page"),
            build.elapsed.as_secs_f64() * 1000.0,
            build.stats.written,
            build.stats.files - build.stats.written,
            build.stats.removed
        );
    }
    rajat::error::eprint_all(&report.warnings);
    if report.rebuilt {
        println!(
            "{} had no record of an earlier publish: its files were compared with the site instead (the next publish will not need to).",
            report.destination
        );
    }
    if options.dry_run {
        dry_run(&report);
        return Ok(());
    }
    for path in &report.plan.unknown_replaced {
        println!("Replaced {path} (rajat did not publish it; --delete-unknown)");
    }
    for path in &report.plan.unknown_deleted {
        println!("Deleted {path} (rajat did not publish it; --delete-unknown)");
    }
    if !report.plan.unknown_kept.is_empty() {
        println!(
            "Kept {} {} rajat did not publish ({}); `--delete-unknown` would delete them.",
            report.plan.unknown_kept.len(),
            plural(report.plan.unknown_kept.len(), "file"),
            listed(&report.plan.unknown_kept)
        );
    }
    let elapsed = report.elapsed.as_secs_f64();
    let time = if elapsed < 10.0 { format!("{elapsed:.1} s") } else { format!("{elapsed:.0} s") };
    let already = if report.files() == 0 && report.deleted() == 0 { " (it already had this site)" } else { "" };
    println!(
        "Published {} {} ({}) to {} in {time}; {} deleted{already}",
        report.files(),
        plural(report.files(), "file"),
        human_bytes(report.plan.bytes()),
        report.destination,
        report.deleted()
    );
    Ok(())
}

/// What `--dry-run` found: every file that would be sent or deleted.
fn dry_run(report: &PublishReport) {
    let plan = &report.plan;
    println!(
        "Would send {} {} ({}) to {}{}",
        report.files(),
        plural(report.files(), "file"),
        human_bytes(plan.bytes()),
        report.destination,
        if report.files() > 0 { ":" } else { "" }
    );
    for upload in plan.uploads() {
        let what = if plan.unknown_replaced.contains(&upload.path) {
            "replacing a file rajat did not publish; --delete-unknown"
        } else if upload.new {
            "new"
        } else {
            "changed"
        };
        println!("  send    {} ({what}, {})", upload.path, human_bytes(upload.entry.1));
    }
    let deleted = report.deleted();
    println!("Would delete {deleted} {}{}", plural(deleted, "file"), if deleted > 0 { ":" } else { "" });
    for path in &plan.deletions {
        println!("  delete  {path}");
    }
    for path in &plan.unknown_deleted {
        println!("  delete  {path} (rajat did not publish it; --delete-unknown)");
    }
    for path in &plan.unknown_kept {
        println!("  keep    {path} (rajat did not publish it)");
    }
    println!("Nothing was sent or deleted (--dry-run).");
}

/// The first few paths, and how many more.
fn listed(paths: &[String]) -> String {
    let mut shown: Vec<&str> = paths.iter().take(5).map(String::as_str).collect();
    let more = paths.len().saturating_sub(5);
    let more = if more > 0 { format!(" and {more} more") } else { String::new() };
    shown.dedup();
    format!("{}{more}", shown.join(", "))
}

/// The progress bar on a terminal: files and bytes, and what is being sent.
struct Bar {
    bar: indicatif::ProgressBar,
    files: AtomicUsize,
    total: AtomicUsize,
}

impl Bar {
    fn new() -> Bar {
        let bar = indicatif::ProgressBar::hidden();
        Bar { bar, files: AtomicUsize::new(0), total: AtomicUsize::new(0) }
    }

    fn show(&self, doing: &str, path: &str) {
        let (files, total) = (self.files.load(Ordering::Relaxed), self.total.load(Ordering::Relaxed));
        self.bar.set_message(format!("{files}/{total} files · {doing} {path}"));
    }
}

impl Progress for Bar {
    fn start(&self, files: usize, bytes: u64) {
        self.total.store(files, Ordering::Relaxed);
        self.bar.set_length(bytes);
        self.bar.set_draw_target(indicatif::ProgressDrawTarget::stderr());
        let style = indicatif::ProgressStyle::with_template("{bar:24} {bytes}/{total_bytes} {wide_msg}")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar())
            .progress_chars("█▌ ");
        self.bar.set_style(style);
    }

    fn sending(&self, path: &str) {
        self.show("sending", path);
    }

    fn sent(&self, path: &str, bytes: u64) {
        self.files.fetch_add(1, Ordering::Relaxed);
        self.bar.inc(bytes);
        self.show("sent", path);
    }

    fn deleting(&self, path: &str) {
        self.show("deleting", path);
    }

    fn finish(&self) {
        self.bar.finish_and_clear();
    }
}

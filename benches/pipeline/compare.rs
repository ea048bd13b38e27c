//! rajat beside Zola (and beside another rajat binary, the one a change
//! started from), on the same guide, in one run: every contender builds in
//! turn, run after run, so what else the machine does falls on all of them
//! alike. Fresh builds start with the output deleted (rajat's staging tree
//! too); unchanged rebuilds are measured from each contender's third build
//! of the same sources, when rajat finds both its trees up to date (Zola
//! writes its whole output on every build).
//!
//! ```sh
//! cargo bench --bench pipeline -- compare --zola /path/to/zola --baseline /path/to/old/rajat \
//!     [--pages 10000] [--runs 11] [--place tmpfs|disk]
//! ```
//!
//! Zola is found at `--zola`, `$ZOLA`, or as `zola` on the `PATH` (`--no-zola`
//! leaves it out); without it, and without `--baseline`, rajat is measured alone.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use super::{RAJAT, Sample, corpus, delete_output, wait};

/// One program building one copy of the guide.
struct Contender {
    name: String,
    program: PathBuf,
    zola: bool,
    site: PathBuf,
    out: PathBuf,
}

impl Contender {
    /// Deletes everything a build left, so the next one starts from nothing.
    fn clear(&self) {
        delete_output(&self.out);
    }

    fn build(&self) -> Sample {
        let mut command = Command::new(&self.program);
        if self.zola {
            command.arg("--root").arg(&self.site).args(["build", "--force", "--output-dir"]).arg(&self.out);
        } else {
            command.args(["build", "--root"]).arg(&self.site).arg("--out").arg(&self.out);
        }
        let child = command
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("run {}: {e}", self.name));
        let sample = wait(child);
        assert!(self.out.join("index.html").exists(), "{} wrote no index.html", self.name);
        sample
    }
}

fn arg<'a>(args: &'a [String], name: &str) -> Option<&'a str> {
    args.iter().position(|a| a == name).and_then(|i| args.get(i + 1)).map(String::as_str)
}

/// Zola: `--zola`, `$ZOLA`, or `zola` on the `PATH`.
fn find_zola(args: &[String]) -> Option<PathBuf> {
    if args.iter().any(|a| a == "--no-zola") {
        return None;
    }
    if let Some(path) = arg(args, "--zola") {
        return Some(PathBuf::from(path));
    }
    if let Some(path) = std::env::var_os("ZOLA").filter(|p| !p.is_empty()) {
        return Some(PathBuf::from(path));
    }
    let found = Command::new("zola").arg("--version").stdout(Stdio::null()).stderr(Stdio::null()).status();
    found.is_ok_and(|s| s.success()).then(|| PathBuf::from("zola"))
}

pub fn run(args: &[String]) {
    let pages: usize = arg(args, "--pages").and_then(|n| n.parse().ok()).unwrap_or(10_000);
    let runs: usize = arg(args, "--runs").and_then(|n| n.parse().ok()).unwrap_or(11);
    let zola = find_zola(args);
    let baseline = arg(args, "--baseline").map(PathBuf::from);
    let disk_root = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench");
    let mut places = vec![("tmpfs", PathBuf::from("/dev/shm/rajat-bench")), ("ext4", disk_root)];
    if let Some(only) = arg(args, "--place") {
        places.retain(|(name, _)| *name == only || (only == "disk" && *name == "ext4"));
    }
    println!("rajat compared, {pages} pages; {runs} paired runs; median [min–max] wall, median CPU, median peak RSS");
    println!("rajat: {RAJAT}");
    if let Some(z) = &zola {
        let version =
            Command::new(z).arg("--version").output().map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string());
        println!("zola: {} ({})", z.display(), version.unwrap_or_default());
    } else {
        println!("zola: not found (pass --zola PATH or set ZOLA)");
    }
    if let Some(b) = &baseline {
        println!("baseline: {}", b.display());
    }
    for (place, root) in &places {
        if !root.parent().is_some_and(Path::is_dir) {
            continue;
        }
        let rajat_site = root.join(format!("corpus-{pages}"));
        let zola_site = root.join(format!("zola-{pages}"));
        let _ = std::fs::remove_dir_all(&rajat_site);
        corpus::write(&rajat_site, pages, 42).expect("write corpus");
        let mut contenders = vec![Contender {
            name: "rajat".into(),
            program: PathBuf::from(RAJAT),
            zola: false,
            site: rajat_site.clone(),
            out: rajat_site.join("public"),
        }];
        if let Some(program) = &baseline {
            contenders.push(Contender {
                name: "baseline".into(),
                program: program.clone(),
                zola: false,
                site: rajat_site.clone(),
                out: rajat_site.join("public-baseline"),
            });
        }
        if let Some(program) = &zola {
            let _ = std::fs::remove_dir_all(&zola_site);
            corpus::write_zola(&zola_site, pages, 42).expect("write Zola corpus");
            contenders.push(Contender {
                name: "zola".into(),
                program: program.clone(),
                zola: true,
                site: zola_site.clone(),
                out: zola_site.join("public"),
            });
        }
        println!("\n{place} ({})", root.display());
        let fresh = paired(&contenders, runs, |c| {
            c.clear();
            c.build()
        });
        report("fresh (output deleted first)", &contenders, &fresh);
        for c in &contenders {
            c.build();
            c.build();
        }
        let unchanged = paired(&contenders, runs, Contender::build);
        report("unchanged (from the third build)", &contenders, &unchanged);
        let _ = std::fs::remove_dir_all(&rajat_site);
        let _ = std::fs::remove_dir_all(&zola_site);
    }
}

/// `runs` rounds in which every contender builds once, the order turning each round.
fn paired(contenders: &[Contender], runs: usize, build: impl Fn(&Contender) -> Sample) -> Vec<Vec<Sample>> {
    let mut samples = vec![Vec::with_capacity(runs); contenders.len()];
    for round in 0..runs {
        for k in 0..contenders.len() {
            let i = (round + k) % contenders.len();
            samples[i].push(build(&contenders[i]));
        }
    }
    samples
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn report(what: &str, contenders: &[Contender], samples: &[Vec<Sample>]) {
    println!("  {what}");
    let wall = |s: &Sample| s.wall.as_secs_f64() * 1e3;
    let rss = |s: &Sample| s.rss_kib as f64 / 1024.0;
    for (c, runs) in contenders.iter().zip(samples) {
        let walls: Vec<f64> = runs.iter().map(wall).collect();
        let (lo, hi) = walls.iter().fold((f64::MAX, 0f64), |(lo, hi), &w| (lo.min(w), hi.max(w)));
        println!(
            "    {:<9} {:>8.1} ms [{lo:.0}–{hi:.0}] wall {:>8.1} ms CPU {:>7.1} MiB",
            c.name,
            median(walls),
            median(runs.iter().map(|s| s.cpu.as_secs_f64() * 1e3).collect()),
            median(runs.iter().map(rss).collect()),
        );
    }
    // Ratios of each round's pair, so a slow moment of the machine counts against both.
    for (other, theirs) in contenders.iter().zip(samples).skip(1) {
        let ours = &samples[0];
        let walls: Vec<f64> = ours.iter().zip(theirs).map(|(a, b)| wall(a) / wall(b)).collect();
        let (lo, hi) = walls.iter().fold((f64::MAX, 0f64), |(lo, hi), &w| (lo.min(w), hi.max(w)));
        let peaks = median(ours.iter().map(rss).collect()) / median(theirs.iter().map(rss).collect());
        println!(
            "    rajat / {:<8} wall {:.3}× [{lo:.3}–{hi:.3}] (median of paired ratios), peak RSS {peaks:.3}×",
            other.name,
            median(walls)
        );
    }
}

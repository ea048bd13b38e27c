//! The rajat benchmark: real runs of the release binary on a synthetic guide.
//!
//! ```sh
//! cargo bench --bench pipeline                  # the full report (about 4 minutes)
//! cargo bench --bench pipeline -- --runs 3      # fewer repetitions
//! cargo bench --bench pipeline -- generate DIR 10000   # only write a corpus
//! cargo bench --bench pipeline -- generate DIR 10000 --default-theme
//! cargo bench --bench pipeline -- default-theme        # only the default theme's rows
//! cargo bench --bench pipeline -- search               # only search's rows
//! cargo bench --bench pipeline -- compare --zola PATH --baseline PATH  # paired with Zola and an older rajat
//! cargo bench --bench pipeline -- profile              # where a build's time goes, whole process (perf)
//! cargo bench --bench pipeline -- generate DIR 10000 --zola    # the same guide in Zola's layout
//! ```
//!
//! Every figure is the median of several runs of a separate `rajat` process:
//! wall time, CPU time (user + system) and peak resident memory from `wait4`.
//! Builds are measured on a tmpfs (`/dev/shm`) and on the real disk (the
//! `target/` folder's file system). Rebuild latencies go through the real
//! `serve` path: from the moment an edited file is written to the moment the
//! live-reload event arrives on the Server-Sent Events stream. Where
//! `strace` is installed, the system calls of a build are counted too, per
//! page (threads and memory calls left out).

mod compare;
mod corpus;
mod profile;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const RAJAT: &str = env!("CARGO_BIN_EXE_rajat");

fn main() {
    let args: Vec<String> = std::env::args().skip(1).filter(|a| a != "--bench").collect();
    if args.first().map(String::as_str) == Some("generate") {
        let dir = PathBuf::from(args.get(1).expect("generate DIR N"));
        let n = args.get(2).and_then(|n| n.parse().ok()).expect("generate DIR N");
        if args.iter().any(|a| a == "--zola") {
            corpus::write_zola(&dir, n, 42).expect("write corpus");
            println!("wrote a {n}-page corpus in Zola's layout to {}", dir.display());
            return;
        }
        let templates = if args.iter().any(|a| a == "--default-theme") {
            corpus::Templates::DefaultTheme
        } else {
            corpus::Templates::Minimal
        };
        corpus::write_with(&dir, n, 42, templates).expect("write corpus");
        println!("wrote a {n}-page corpus to {}", dir.display());
        return;
    }
    if args.first().map(String::as_str) == Some("compare") {
        compare::run(&args[1..]);
        return;
    }
    if args.first().map(String::as_str) == Some("profile") {
        profile::run(&args[1..]);
        return;
    }
    let runs =
        args.iter().position(|a| a == "--runs").and_then(|i| args.get(i + 1)).and_then(|r| r.parse().ok()).unwrap_or(5);
    let disk_root = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench");
    let tmpfs_root = Path::new("/dev/shm/rajat-bench");
    let places: Vec<(&str, PathBuf)> = if Path::new("/dev/shm").is_dir() {
        vec![("tmpfs", tmpfs_root.to_path_buf()), ("disk", disk_root.clone())]
    } else {
        vec![("disk", disk_root.clone())]
    };

    println!("rajat benchmark — median of {runs} runs; wall / CPU (user+sys) / peak RSS");
    println!("machine: {} cores\n", std::thread::available_parallelism().map_or(1, |n| n.get()));

    if args.iter().any(|a| a == "default-theme") {
        default_theme_rows(runs, &places);
        return;
    }
    if args.iter().any(|a| a == "search") {
        let baseline = args.iter().position(|a| a == "--baseline").and_then(|i| args.get(i + 1)).map(PathBuf::from);
        search_rows(runs, &places, baseline.as_deref());
        return;
    }
    let guide = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = tmpfs_root.join("guide-public");
    let m = measure(runs, || {
        delete_output(&out);
        rajat_build(guide, &out)
    });
    println!("{:<52} {m}", "the guide itself, fresh output (tmpfs)");

    for &pages in &[1_000usize, 10_000] {
        for (place, root) in &places {
            let site = root.join(format!("corpus-{pages}"));
            let _ = std::fs::remove_dir_all(&site);
            corpus::write(&site, pages, 42).expect("write corpus");
            let out = site.join("public");
            let fresh = measure(runs, || {
                delete_output(&out);
                rajat_build(&site, &out)
            });
            println!("{:<52} {fresh}", format!("full build, {pages} pages, output just deleted ({place})"));
            // The output holds two trees (see src/output.rs): the second build
            // after a fresh one brings the other up to date, the third is the
            // first to find both so. Unchanged rebuilds are measured from there.
            rajat_build(&site, &out);
            rajat_build(&site, &out);
            let again = measure(runs, || rajat_build(&site, &out));
            println!("{:<52} {again}", format!("full build, {pages} pages, unchanged, steady ({place})"));
            // One page's body edited: what an author's rebuild costs.
            let page = site.join("content/section-05/page-05-0003.md");
            let original_page = std::fs::read_to_string(&page).expect("page");
            let mut edit = 0;
            let one = measure(runs, || {
                edit += 1;
                std::fs::write(
                    &page,
                    original_page.replacen("## Signs to notice", &format!("## Signs to notice\n\nEdit {edit}.\n"), 1),
                )
                .expect("edit page");
                rajat_build(&site, &out)
            });
            std::fs::write(&page, &original_page).expect("restore page");
            println!("{:<52} {one}", format!("full build, {pages} pages, one page edited ({place})"));
            // A template edit: every page changes, the output folder is there.
            let template = site.join("templates/page.html");
            let original = std::fs::read_to_string(&template).expect("template");
            let changed = measure(runs, || {
                edit += 1;
                std::fs::write(&template, original.replacen("<h1>", &format!("<h1 data-edit=\"{edit}\">"), 1))
                    .expect("edit template");
                rajat_build(&site, &out)
            });
            std::fs::write(&template, original).expect("restore template");
            println!("{:<52} {changed}", format!("full build, {pages} pages, every page changed ({place})"));
            if let Some(calls) = syscalls(&site, &out, true) {
                println!("{:<52} {calls}", format!("  system calls, output just deleted ({place})"));
            }
            // The output holds two trees (see src/output.rs): the second build
            // after a fresh one is the first to find both up to date.
            rajat_build(&site, &out);
            rajat_build(&site, &out);
            if let Some(calls) = syscalls(&site, &out, false) {
                println!("{:<52} {calls}", format!("  system calls, unchanged output ({place})"));
            }
        }
    }

    default_theme_rows(runs, &places);
    search_rows(runs, &places, None);

    for pages in [1_000, 10_000] {
        println!();
        serve_latencies(&places[0].1.join(format!("corpus-{pages}")), pages, runs.max(5));
    }
    let _ = std::fs::remove_dir_all(tmpfs_root);
    println!();
    profile::hint();
}

/// The default theme, as nearly every user publishes, beside the same guide
/// with minimal templates: full builds at 1,000 and 10,000 pages, and the
/// pages' average size (issue 13: at most twice the time, well under 60 KB).
fn default_theme_rows(runs: usize, places: &[(&str, PathBuf)]) {
    println!();
    for &pages in &[1_000usize, 10_000] {
        let (place, root) = &places[0];
        for (name, templates) in
            [("minimal templates", corpus::Templates::Minimal), ("default theme", corpus::Templates::DefaultTheme)]
        {
            let site = root.join(format!("corpus-{pages}-{}", name.replace(' ', "-")));
            let _ = std::fs::remove_dir_all(&site);
            corpus::write_with(&site, pages, 42, templates).expect("write corpus");
            // Both with the same settings, the defaults (relative URLs on): only the templates differ.
            let yaml = site.join("site.yaml");
            let settings = std::fs::read_to_string(&yaml).expect("site.yaml");
            std::fs::write(&yaml, settings.replace("relative_urls: false\n", "")).expect("site.yaml");
            let out = site.join("public");
            // From the third build on, both of rajat's trees are up to date: the steady state.
            rajat_build(&site, &out);
            rajat_build(&site, &out);
            let again = measure(runs, || rajat_build(&site, &out));
            let (files, bytes) = page_sizes(&out);
            println!(
                "{:<52} {again}  pages average {:.1} KB, output {:.0} MB",
                format!("{name}, {pages} pages, unchanged output ({place})"),
                bytes as f64 / files.max(1) as f64 / 1024.0,
                total_size(&out) as f64 / 1e6
            );
            let _ = std::fs::remove_dir_all(&site);
        }
    }
}

/// Deletes a build's output folder and the staging tree beside it
/// (`.public.rajat-next`), so the next build starts from nothing.
pub fn delete_output(out: &Path) {
    let _ = std::fs::remove_dir_all(out);
    if let (Some(parent), Some(name)) = (out.parent(), out.file_name()) {
        let _ = std::fs::remove_dir_all(parent.join(format!(".{}.rajat-next", name.to_string_lossy())));
    }
}

/// What search costs (issue 21): the default theme with its search and
/// with `search: false`, at 1,000 and 10,000 pages, output just deleted and
/// unchanged; with `--baseline PATH`, another rajat's builds beside these.
/// Each build of the set is taken in turn, run after run (paired and
/// interleaved), so that what else the machine does falls on all alike; the
/// load average is said. Then the index: its files, and what a query loads
/// in a browser (`search-loads.mjs`, where Node and Chromium are).
fn search_rows(runs: usize, places: &[(&str, PathBuf)], baseline: Option<&Path>) {
    println!();
    // `serve` on this guide: a body edit of a Finnish page, search on and off.
    let guide = places[0].1.join("guide-serve");
    let _ = std::fs::remove_dir_all(&guide);
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    for folder in ["content", "themes"] {
        copy_tree(&repo.join(folder), &guide.join(folder));
    }
    let settings = std::fs::read_to_string(repo.join("site.yaml")).expect("site.yaml");
    for (name, extra) in [("search off", "search: false\n"), ("search on", "")] {
        std::fs::write(guide.join("site.yaml"), format!("{settings}{extra}")).expect("site.yaml");
        let server = Server::start(&guide);
        let mut events = server.events();
        let page = guide.join("content/situations/guarantee.fi.md");
        let original = std::fs::read_to_string(&page).expect("page");
        let body: Vec<Duration> = (0..runs.max(9))
            .map(|i| {
                let started = Instant::now();
                std::fs::write(&page, format!("{original}\nMuokkaus {i}.\n")).expect("write");
                events.wait_for("event: reload");
                started.elapsed()
            })
            .collect();
        std::fs::write(&page, original).expect("restore");
        report(&format!("serve: body edit → reload event, this guide, {name}"), body);
    }
    let _ = std::fs::remove_dir_all(&guide);
    let bins: Vec<(&str, &Path)> =
        std::iter::once(("rajat", Path::new(RAJAT))).chain(baseline.map(|b| ("baseline", b))).collect();
    for &pages in &[1_000usize, 10_000] {
        let (place, root) = &places[0];
        let template = root.join(format!("corpus-{pages}-search"));
        let _ = std::fs::remove_dir_all(&template);
        corpus::write_with(&template, pages, 42, corpus::Templates::DefaultTheme).expect("write corpus");
        let yaml = std::fs::read_to_string(template.join("site.yaml")).expect("site.yaml");
        let settings = yaml.replace("relative_urls: false\n", "");
        // A site of its own for each build of the set, so that each keeps its own output.
        let mut set = Vec::new();
        for &(bin, path) in &bins {
            for (name, extra) in [("search off", "search: false\n"), ("search on", "")] {
                let site = root.join(format!("corpus-{pages}-search-{bin}-{}", name.replace(' ', "-")));
                let _ = std::fs::remove_dir_all(&site);
                copy_tree(&template, &site);
                std::fs::write(site.join("site.yaml"), format!("{settings}{extra}")).expect("site.yaml");
                set.push((format!("{bin}, {name}"), path, site));
            }
        }
        let _ = std::fs::remove_dir_all(&template);
        // A fresh build starts from nothing: no output, and no staging tree beside it (src/output.rs).
        let delete = |out: &Path| {
            let _ = std::fs::remove_dir_all(out);
            let _ = std::fs::remove_dir_all(out.with_file_name(".public.rajat-next"));
        };
        println!("  load average before: {}", load_average());
        let run_set = |fresh: bool| -> Vec<Medians> {
            let mut samples: Vec<Vec<Sample>> = vec![Vec::new(); set.len()];
            for run in 0..runs {
                // Each run starts with the next build of the set: none is always first.
                for k in 0..set.len() {
                    let n = (run + k) % set.len();
                    let (_, bin, site) = &set[n];
                    let out = site.join("public");
                    if fresh {
                        delete(&out);
                    }
                    samples[n].push(build_with(bin, site, &out));
                }
            }
            samples.into_iter().map(Medians).collect()
        };
        let fresh = run_set(true);
        // From the third build on, both of rajat's trees are up to date: the steady state.
        for (_, bin, site) in &set {
            build_with(bin, site, &site.join("public"));
            build_with(bin, site, &site.join("public"));
        }
        let again = run_set(false);
        println!("  load average after: {}", load_average());
        for (n, (name, _, _)) in set.iter().enumerate() {
            println!("{:<52} {}", format!("default theme, {name}, {pages} pages, fresh ({place})"), fresh[n]);
            println!("{:<52} {}", format!("default theme, {name}, {pages} pages, unchanged ({place})"), again[n]);
        }
        let more = |on: Duration, off: Duration| 100.0 * (on.as_secs_f64() / off.as_secs_f64() - 1.0);
        for (b, (bin, _)) in bins.iter().enumerate() {
            let (off, on) = (2 * b, 2 * b + 1);
            println!(
                "  search at {pages} pages, {bin}: {:+.1} % CPU fresh, {:+.1} % CPU unchanged; {:+.1} % wall fresh, {:+.1} % wall unchanged",
                more(fresh[on].cpu_median(), fresh[off].cpu_median()),
                more(again[on].cpu_median(), again[off].cpu_median()),
                more(fresh[on].wall_median(), fresh[off].wall_median()),
                more(again[on].wall_median(), again[off].wall_median()),
            );
        }
        let out = set[1].2.join("public");
        index_sizes(&out.join("rajat/search/en"));
        search_loads(&out, &["boundary", "clients", "what to say", "weekend"]);
        for (_, _, site) in &set {
            let _ = std::fs::remove_dir_all(site);
        }
    }
}

/// A build of `site` into `out` by the rajat at `bin`.
fn build_with(bin: &Path, site: &Path, out: &Path) -> Sample {
    let child = Command::new(bin)
        .args(["build", "--root"])
        .arg(site)
        .arg("--out")
        .arg(out)
        .stdout(Stdio::null())
        .spawn()
        .expect("run rajat");
    let sample = wait(child);
    assert!(out.join("index.html").exists(), "the build failed");
    sample
}

/// The machine's load average over 1, 5 and 15 minutes.
fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map_or_else(|_| "unknown".into(), |l| l.split(' ').take(3).collect::<Vec<_>>().join(" "))
}

/// The files of a language's search index (`folder`): all of them, and each kind.
fn index_sizes(folder: &Path) {
    let mut kinds: Vec<(&str, Vec<u64>)> =
        vec![("index.js", Vec::new()), ("stems-", Vec::new()), ("text-", Vec::new())];
    for entry in std::fs::read_dir(folder).into_iter().flatten().flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let size = entry.metadata().map_or(0, |m| m.len());
        if let Some((_, sizes)) = kinds.iter_mut().find(|(prefix, _)| name.starts_with(prefix)) {
            sizes.push(size);
        }
    }
    let all: u64 = kinds.iter().flat_map(|(_, s)| s).sum();
    let line: Vec<String> = kinds
        .iter_mut()
        .map(|(kind, sizes)| {
            sizes.sort_unstable();
            let median = sizes.get(sizes.len() / 2).copied().unwrap_or(0);
            let max = sizes.last().copied().unwrap_or(0);
            format!(
                "{kind} {} files, median {:.1} KB, largest {:.1} KB",
                sizes.len(),
                median as f64 / 1024.0,
                max as f64 / 1024.0
            )
        })
        .collect();
    println!("  the index: {:.2} MB in all; {}", all as f64 / 1e6, line.join("; "));
}

/// What a browser loads to search the built site `out`, for each query (see `search-loads.mjs`).
fn search_loads(out: &Path, queries: &[&str]) {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/pipeline/search-loads.mjs");
    let run = Command::new("node").arg(&script).arg(out).args(queries).output();
    match run {
        Ok(run) if run.status.success() => {
            println!("  what a query loads (typed letter by letter in Chromium, from disk):");
            print!("{}", String::from_utf8_lossy(&run.stdout));
        }
        Ok(run) => println!("  what a query loads: not measured ({})", String::from_utf8_lossy(&run.stderr).trim()),
        Err(e) => println!("  what a query loads: not measured (node: {e})"),
    }
}

/// Copies a folder and everything in it.
fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create a folder");
    for entry in std::fs::read_dir(from).expect("read a folder").flatten() {
        let path = entry.path();
        if path.is_dir() {
            copy_tree(&path, &to.join(entry.file_name()));
        } else {
            std::fs::copy(&path, to.join(entry.file_name())).expect("copy a file");
        }
    }
}

/// How many pages (`index.html` files of pages, the booklet left out) and their bytes.
fn page_sizes(out: &Path) -> (usize, u64) {
    let mut files = 0;
    let mut bytes = 0;
    let mut stack = vec![out.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                if !path.ends_with("booklet") {
                    stack.push(path);
                }
            } else if path.file_name().is_some_and(|n| n == "index.html") {
                files += 1;
                bytes += entry.metadata().map_or(0, |m| m.len());
            }
        }
    }
    (files, bytes)
}

/// Every byte under `dir`.
fn total_size(dir: &Path) -> u64 {
    std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| if e.path().is_dir() { total_size(&e.path()) } else { e.metadata().map_or(0, |m| m.len()) })
        .sum()
}

/// One measured process.
#[derive(Clone, Copy)]
pub struct Sample {
    pub wall: Duration,
    pub cpu: Duration,
    pub rss_kib: u64,
}

struct Medians(Vec<Sample>);

impl std::fmt::Display for Medians {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let med = |mut v: Vec<f64>| {
            v.sort_by(f64::total_cmp);
            v[v.len() / 2]
        };
        let wall = med(self.0.iter().map(|s| s.wall.as_secs_f64() * 1e3).collect());
        let cpu = med(self.0.iter().map(|s| s.cpu.as_secs_f64() * 1e3).collect());
        let rss = med(self.0.iter().map(|s| s.rss_kib as f64 / 1024.0).collect());
        write!(f, "{wall:>8.1} ms wall {cpu:>8.1} ms CPU {rss:>7.1} MiB")
    }
}

impl Medians {
    fn median(&self, of: impl Fn(&Sample) -> Duration) -> Duration {
        let mut v: Vec<Duration> = self.0.iter().map(of).collect();
        v.sort();
        v[v.len() / 2]
    }

    fn wall_median(&self) -> Duration {
        self.median(|s| s.wall)
    }

    fn cpu_median(&self) -> Duration {
        self.median(|s| s.cpu)
    }
}

fn measure(runs: usize, mut run: impl FnMut() -> Sample) -> Medians {
    Medians((0..runs).map(|_| run()).collect())
}

fn rajat_build(site: &Path, out: &Path) -> Sample {
    build_with(Path::new(RAJAT), site, out)
}

/// System calls are counted, where `strace` is installed, in a run of their
/// own (strace slows a build down). Calls that manage threads and memory are
/// left out: they say nothing about how rajat uses the file system.
const NOT_COUNTED: &[&str] = &[
    "futex",
    "mmap",
    "munmap",
    "mprotect",
    "madvise",
    "brk",
    "mremap",
    "clone",
    "clone3",
    "set_robust_list",
    "rseq",
    "sched_getaffinity",
    "sched_yield",
    "rt_sigaction",
    "rt_sigprocmask",
    "sigaltstack",
    "prctl",
    "exit_group",
    "arch_prctl",
    "set_tid_address",
    "prlimit64",
    "getrandom",
    "execve",
    "exit",
    "wait4",
];

/// Counted system calls of one build, per page, with the commonest named.
struct Calls {
    per_page: f64,
    top: Vec<(String, f64)>,
}

impl std::fmt::Display for Calls {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let top: Vec<String> = self.top.iter().map(|(name, n)| format!("{name} {n:.1}")).collect();
        write!(f, "{:>5.1} per page ({})", self.per_page, top.join(", "))
    }
}

fn syscalls(site: &Path, out: &Path, delete_first: bool) -> Option<Calls> {
    let counts = std::env::temp_dir().join(format!("rajat-bench-strace-{}", std::process::id()));
    if delete_first {
        delete_output(out);
    }
    let status = Command::new("strace")
        .args(["-f", "-c", "-o"])
        .arg(&counts)
        .arg(RAJAT)
        .args(["build", "--root"])
        .arg(site)
        .arg("--out")
        .arg(out)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .ok()?;
    if !status.success() {
        return None;
    }
    let text = std::fs::read_to_string(&counts).ok()?;
    let _ = std::fs::remove_file(&counts);
    let pages = std::fs::read_dir(site.join("content"))
        .ok()?
        .flatten()
        .filter_map(|d| std::fs::read_dir(d.path()).ok())
        .flatten()
        .count()
        .max(1) as f64;
    let mut calls: Vec<(String, f64)> = text
        .lines()
        .filter_map(|line| {
            let cols: Vec<&str> = line.split_whitespace().collect();
            let name = *cols.last()?;
            let n: f64 = cols.get(3)?.parse().ok()?;
            (!NOT_COUNTED.contains(&name) && name != "total").then(|| (name.to_string(), n / pages))
        })
        .collect();
    calls.sort_by(|a, b| b.1.total_cmp(&a.1));
    let per_page = calls.iter().map(|(_, n)| n).sum();
    calls.truncate(6);
    Some(Calls { per_page, top: calls })
}

/// Waits for a child and reads its resource use.
pub fn wait(child: Child) -> Sample {
    let started = Instant::now();
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    // SAFETY: `rusage` is plain data that wait4 fills in; `pid` is our own child.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let r = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    assert_eq!(r, pid, "wait4 failed");
    assert!(libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0, "rajat exited with {status}");
    let tv = |t: libc::timeval| Duration::from_secs(t.tv_sec as u64) + Duration::from_micros(t.tv_usec as u64);
    std::mem::forget(child); // already reaped
    Sample { wall: started.elapsed(), cpu: tv(usage.ru_utime) + tv(usage.ru_stime), rss_kib: usage.ru_maxrss as u64 }
}

/// Edit-to-reload latencies and cold start through `rajat serve`.
fn serve_latencies(site: &Path, pages: usize, runs: usize) {
    let mut starts = Vec::new();
    for _ in 0..runs {
        let server = Server::start(site);
        starts.push(server.first_byte("/"));
    }
    report(&format!("serve: cold start to first byte of /, {pages} pages"), starts);

    let server = Server::start(site);
    let mut events = server.events();
    let page = site.join("content/section-05/page-05-0010.md");
    let template = site.join("templates/page.html");
    let css = site.join("static/style.css");
    let original_page = std::fs::read_to_string(&page).expect("page");
    let original_template = std::fs::read_to_string(&template).expect("template");
    let original_css = std::fs::read_to_string(&css).expect("css");

    let mut edit = |path: &Path, text: String, wanted: &str| -> Duration {
        let started = Instant::now();
        std::fs::write(path, text).expect("write");
        events.wait_for(wanted);
        started.elapsed()
    };
    let body: Vec<Duration> = (0..runs)
        .map(|i| {
            edit(
                &page,
                original_page.replacen("## Signs to notice", &format!("## Signs to notice\n\nEdit {i}.\n"), 1),
                "event: reload",
            )
        })
        .collect();
    report(&format!("serve: body edit → reload event, {pages} pages"), body);
    let title: Vec<Duration> = (0..runs)
        .map(|i| {
            edit(
                &page,
                original_page.replacen("title: Page 5.10 ", &format!("title: Page 5.10 v{i} "), 1),
                "event: reload",
            )
        })
        .collect();
    report(&format!("serve: title edit → reload event, {pages} pages"), title);
    edit(&page, original_page.clone(), "event: reload");
    let tmpl: Vec<Duration> = (0..runs)
        .map(|i| {
            edit(&template, original_template.replacen("<h1>", &format!("<h1 data-v=\"{i}\">"), 1), "event: reload")
        })
        .collect();
    report(&format!("serve: template edit → reload event, {pages} pages"), tmpl);
    let style: Vec<Duration> =
        (0..runs).map(|i| edit(&css, format!("{original_css}\n/* {i} */\n"), "event: css")).collect();
    report(&format!("serve: CSS edit → css event, {pages} pages"), style);
    std::fs::write(&template, original_template).expect("restore");
    std::fs::write(&css, original_css).expect("restore");
}

fn report(what: &str, mut samples: Vec<Duration>) {
    samples.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    println!(
        "{what:<52} median {:>7.1} ms  (min {:.1}, max {:.1}, n={})",
        ms(samples[samples.len() / 2]),
        ms(samples[0]),
        ms(samples[samples.len() - 1]),
        samples.len()
    );
}

struct Server {
    child: Child,
    port: u16,
    started: Instant,
}

impl Server {
    fn start(site: &Path) -> Server {
        let started = Instant::now();
        let mut child = Command::new(RAJAT)
            .args(["serve", "--port", "0", "--root"])
            .arg(site)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start serve");
        let mut lines = BufReader::new(child.stdout.take().expect("stdout")).lines();
        let port = loop {
            let line = lines.next().expect("serve printed its address").expect("read");
            if let Some((_, rest)) = line.split_once("http://127.0.0.1:") {
                break rest.split('/').next().and_then(|p| p.parse().ok()).expect("port");
            }
        };
        std::thread::spawn(move || lines.for_each(drop));
        Server { child, port, started }
    }

    /// Time from start until the first byte of `path` arrives.
    fn first_byte(&self, path: &str) -> Duration {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).expect("connect");
        write!(stream, "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n").expect("send");
        let mut byte = [0u8; 1];
        stream.read_exact(&mut byte).expect("first byte");
        self.started.elapsed()
    }

    fn events(&self) -> Events {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).expect("connect");
        write!(stream, "GET /rajat/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").expect("send");
        let mut e = Events { stream, seen: String::new() };
        e.wait_for("event: hello");
        e
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

struct Events {
    stream: TcpStream,
    seen: String,
}

impl Events {
    fn wait_for(&mut self, needle: &str) {
        self.stream.set_read_timeout(Some(Duration::from_secs(30))).expect("timeout");
        loop {
            if let Some(i) = self.seen.find(needle) {
                self.seen.drain(..i + needle.len());
                return;
            }
            let mut buf = [0u8; 8192];
            let n = self.stream.read(&mut buf).expect("event stream");
            assert!(n > 0, "event stream closed");
            self.seen.push_str(&String::from_utf8_lossy(&buf[..n]));
        }
    }
}

//! Where a whole build's time goes: a sampling profile of the release
//! binary with `perf record`, the kernel and the allocator included (an
//! instruction count such as callgrind's sees user space only), sorted
//! into the parts of a build, with the `perf` commands that reproduce it.
//!
//! ```sh
//! cargo bench --bench pipeline -- profile [--pages 10000] [--unchanged] [--default-theme] [--program PATH]
//! ```
//!
//! `--unchanged` profiles a steady-state rebuild (the fourth build of the
//! same sources) instead of a fresh one; `--program` profiles another
//! rajat binary on the same corpus (the one a change started from, say).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use super::{RAJAT, corpus, delete_output};

/// The parts of a build, each the symbols it is known by; the first that matches a sample's symbol takes it.
const PARTS: &[(&str, &[&str])] = &[
    ("pulldown-cmark (Markdown)", &["pulldown_cmark"]),
    (
        "memmove, memcpy, memcmp, memchr, memset",
        &["__memmove", "__memcpy", "__memcmp", "__memchr", "__memrchr", "__memset", "memchr::", "bcmp", "__mempcpy"],
    ),
    ("mimalloc (the allocator)", &["mi_", "mimalloc"]),
    ("minijinja (templates)", &["minijinja"]),
    ("relative URLs (render::attributes, render::urls)", &["render::attributes", "render::urls"]),
    ("link lookup (links::resolve, Site::page)", &["links::resolve", "links::Pages", "links::classify"]),
    ("hash maps and SipHash", &["hashbrown", "Sip", "core::hash", "std::hash"]),
    ("xxh3 (output hashes)", &["xxh"]),
    ("YAML (front matter, site.yaml)", &["yaml"]),
    ("rayon, threads, locks", &["rayon", "crossbeam", "std::sync", "std::thread", "pthread"]),
    ("rajat (the rest of its own code)", &["rajat::"]),
];

/// Kernel entry points, counted with everything under them (`--children`).
const KERNEL: &[(&str, &[&str])] = &[
    ("page faults on fresh memory", &["asm_exc_page_fault"]),
    ("madvise (the allocator giving memory back)", &["__x64_sys_madvise"]),
    ("…TLB shoot-downs (flush_tlb_mm_range, any cause)", &["flush_tlb_mm_range"]),
    ("mmap, munmap, mprotect", &["__x64_sys_mmap", "__x64_sys_munmap", "__x64_sys_mprotect"]),
    ("write", &["ksys_write", "__x64_sys_pwrite64", "__x64_sys_writev"]),
    ("read", &["ksys_read", "__x64_sys_pread64"]),
    ("open, create, close", &["do_sys_openat2", "__x64_sys_close", "____fput"]),
    ("stat", &["__x64_sys_statx", "__x64_sys_newfstatat", "__x64_sys_fstat", "__x64_sys_newfstat"]),
    (
        "mkdir, rename, unlink, getdents",
        &[
            "__x64_sys_mkdir",
            "__x64_sys_mkdirat",
            "__x64_sys_renameat2",
            "__x64_sys_rename",
            "__x64_sys_unlink",
            "__x64_sys_unlinkat",
            "__x64_sys_rmdir",
            "__x64_sys_getdents64",
        ],
    ),
    ("futex (threads waiting, waking)", &["__x64_sys_futex"]),
    ("process start and exit", &["__x64_sys_execve", "do_group_exit"]),
];

/// Where the time goes, whole process: what to run for the table of the README.
pub fn hint() {
    println!("where the time goes, kernel and allocator included (perf, 10,000 pages, output deleted first):");
    println!(
        "  cargo bench --bench pipeline -- profile              # records and sorts it; --unchanged for a rebuild"
    );
    println!("  which runs, on a fresh corpus in /dev/shm/rajat-bench/profile-10000:");
    println!(
        "  perf record -F 4000 -g -o /tmp/rajat-10000.perf -- {RAJAT} build --root <corpus> --out <corpus>/public"
    );
}

fn arg<'a>(args: &'a [String], name: &str) -> Option<&'a str> {
    args.iter().position(|a| a == name).and_then(|i| args.get(i + 1)).map(String::as_str)
}

pub fn run(args: &[String]) {
    let pages: usize = arg(args, "--pages").and_then(|n| n.parse().ok()).unwrap_or(10_000);
    let unchanged = args.iter().any(|a| a == "--unchanged");
    let default_theme = args.iter().any(|a| a == "--default-theme");
    let program = arg(args, "--program").map_or_else(|| PathBuf::from(RAJAT), PathBuf::from);
    let root = Path::new("/dev/shm/rajat-bench");
    let site = root.join(format!("profile-{pages}"));
    let _ = std::fs::remove_dir_all(&site);
    let templates = if default_theme { corpus::Templates::DefaultTheme } else { corpus::Templates::Minimal };
    corpus::write_with(&site, pages, 42, templates).expect("write corpus");
    let out = site.join("public");
    let data = std::env::temp_dir().join(format!("rajat-{pages}.perf"));
    let build = |program: &Path| {
        let status = Command::new(program)
            .args(["build", "--root"])
            .arg(&site)
            .arg("--out")
            .arg(&out)
            .stdout(Stdio::null())
            .status()
            .expect("run rajat");
        assert!(status.success(), "the build failed");
    };
    delete_output(&out);
    if unchanged {
        for _ in 0..3 {
            build(&program);
        }
    }
    let record = format!(
        "perf record -F 4000 -g -o {data} -- {program} build --root {site} --out {out}",
        data = data.display(),
        program = program.display(),
        site = site.display(),
        out = out.display()
    );
    println!(
        "{} build, {pages} pages, {}",
        if unchanged { "unchanged (steady state)" } else { "fresh" },
        match default_theme {
            true => "the default theme",
            false => "minimal templates",
        }
    );
    println!("reproduce with:");
    if unchanged {
        println!("  (three builds first, so both of rajat's trees are up to date)");
    } else {
        println!("  rm -rf {} {}/.public.rajat-next", out.display(), site.display());
    }
    println!("  {record}");
    println!("  perf report -i {} --no-children --sort dso,sym        # by symbol", data.display());
    println!("  perf report -i {} --children --sort sym               # kernel entries, inclusive", data.display());
    let recorded = Command::new("sh").arg("-c").arg(format!("{record} 2>/dev/null >/dev/null")).status();
    if !recorded.is_ok_and(|s| s.success()) {
        println!("perf could not record here (is linux-perf installed, and perf_event_paranoid low enough?)");
        return;
    }
    let (total, by_symbol) = report(&data, "--no-children", "dso,sym");
    if total == 0 {
        println!("perf recorded no samples");
        return;
    }
    let mut parts: BTreeMap<usize, f64> = BTreeMap::new();
    let mut kernel = 0.0;
    let mut top: Vec<(f64, String)> = Vec::new();
    for (share, fields) in &by_symbol {
        let (dso, sym) = (fields[0].as_str(), fields[1].as_str());
        top.push((*share, format!("{sym} ({dso})")));
        if dso.starts_with("[kernel") || sym.starts_with("[k]") {
            kernel += share;
            continue;
        }
        let part = PARTS.iter().position(|(_, names)| names.iter().any(|n| sym.contains(n))).unwrap_or(PARTS.len());
        *parts.entry(part).or_default() += share;
    }
    println!("\n{total} samples\n\n| where | share of samples |\n|---|---|");
    println!("| the kernel | {kernel:.1} % |");
    let (_, inclusive) = report(&data, "--children", "sym");
    for (name, entries) in KERNEL {
        let share: f64 = inclusive
            .iter()
            .filter(|(_, f)| entries.iter().any(|e| f[0].trim_start_matches("[k] ") == *e))
            .map(|(s, _)| s)
            .sum();
        if share >= 0.05 {
            println!("| …{name} | {share:.1} % |");
        }
    }
    let mut rows: Vec<(f64, &str)> = parts
        .into_iter()
        .map(|(i, share)| (share, PARTS.get(i).map_or("everything else (std, core, libc)", |(name, _)| name)))
        .collect();
    rows.sort_by(|a, b| b.0.total_cmp(&a.0));
    for (share, name) in rows {
        println!("| {name} | {share:.1} % |");
    }
    top.sort_by(|a, b| b.0.total_cmp(&a.0));
    println!("\nthe 25 busiest symbols:");
    for (share, name) in top.iter().take(25) {
        println!("  {share:5.1} %  {name}");
    }
}

/// `perf report` of `data`, one line per `sort` key: each line's share (in
/// per cent) and its fields; with the total number of samples.
fn report(data: &Path, children: &str, sort: &str) -> (u64, Vec<(f64, Vec<String>)>) {
    let output = Command::new("perf")
        .args([
            "report",
            "--stdio",
            "-n",
            "-g",
            "none",
            "--percent-limit",
            "0",
            "-t",
            "\t",
            children,
            "--sort",
            sort,
            "-i",
        ])
        .arg(data)
        .stderr(Stdio::null())
        .output()
        .expect("run perf report");
    let text = String::from_utf8_lossy(&output.stdout);
    let mut total = 0;
    let mut lines = Vec::new();
    for line in text.lines().filter(|l| !l.starts_with('#') && !l.trim().is_empty()) {
        let cols: Vec<&str> = line.split('\t').map(str::trim).collect();
        // --children: children%, self%, samples, fields…; otherwise: self%, samples, fields…
        let skip = usize::from(children == "--children");
        let Some(share) = cols.first().and_then(|c| c.trim_end_matches('%').parse::<f64>().ok()) else { continue };
        let Some(samples) = cols.get(1 + skip).and_then(|c| c.parse::<u64>().ok()) else { continue };
        if children != "--children" {
            total += samples;
        }
        lines.push((share, cols[2 + skip..].iter().map(|s| s.to_string()).collect()));
    }
    (total, lines)
}

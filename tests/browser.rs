//! The forms in a real browser: the guide is built with `rajat build`, served
//! on loopback with `Content-Security-Policy: default-src 'self'` from a tiny
//! server in this file, and driven in headless Chromium by the Node scripts in
//! `tests/browser/` (playwright-core and axe-core).
//!
//! A second test drives `rajat serve`: live reload as an author sees it.
//!
//! Without Chromium or the Node packages these tests say so loudly and are
//! reported as *ignored*, never as passed; with `RAJAT_REQUIRE_BROWSER=1`
//! (as in CI) that is a failure. This file is its own test harness
//! (`harness = false`, libtest-mimic), since only at run time does it know
//! whether the browser is there.

mod common;

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::sync::Arc;

use libtest_mimic::{Arguments, Failed, Trial};
use std::time::Instant;

/// What the browser tests need, or why they cannot run.
struct Browser {
    chromium: PathBuf,
    scripts: PathBuf,
}

impl Browser {
    /// Runs one of the Node scripts; returns whether it passed, and what it printed.
    fn run(&self, script: &str, args: &[&str]) -> (bool, String, String) {
        self.run_with(script, args, &[])
    }

    /// The same, with more environment variables.
    fn run_with(&self, script: &str, args: &[&str], env: &[(&str, &str)]) -> (bool, String, String) {
        let run = Command::new("node")
            .arg(self.scripts.join(script))
            .args(args)
            .envs(env.iter().copied())
            .env("CHROMIUM", &self.chromium)
            .current_dir(&self.scripts)
            .output()
            .expect("run node");
        let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
        (run.status.success(), text(&run.stdout), text(&run.stderr))
    }
}

/// What the browser tests need, or the notice saying what is missing.
fn browser() -> Result<Browser, String> {
    let chromium = std::env::var_os("CHROMIUM").map_or_else(|| PathBuf::from("/usr/bin/chromium"), PathBuf::from);
    let scripts = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser");
    let node = Command::new("node").arg("--version").output().is_ok_and(|o| o.status.success());
    let have_packages =
        || ["playwright-core", "axe-core"].iter().all(|p| scripts.join("node_modules").join(p).is_dir());
    let mut packages = have_packages();
    let mut npm_failed = None;
    if !packages && node && Command::new("npm").arg("--version").output().is_ok_and(|o| o.status.success()) {
        // `cargo test` needs no hand set-up: the packages package-lock.json names, installed once.
        eprintln!("Installing the browser tests' Node packages (npm ci in tests/browser)…");
        match Command::new("npm").args(["ci", "--no-audit", "--no-fund"]).current_dir(&scripts).output() {
            Ok(out) if out.status.success() => packages = have_packages(),
            Ok(out) => npm_failed = Some(String::from_utf8_lossy(&out.stderr).trim().to_string()),
            Err(e) => npm_failed = Some(e.to_string()),
        }
    }
    let mut missing = Vec::new();
    if !chromium.is_file() {
        missing.push(format!(
            "  - Chromium, looked for at {} (set CHROMIUM to use another):\n      apt-get install -y chromium",
            chromium.display()
        ));
    }
    if !node {
        missing.push("  - Node.js 18 or newer:\n      apt-get install -y nodejs npm".to_string());
    }
    if !packages {
        let why = npm_failed.map_or_else(String::new, |e| format!(" (`npm ci` failed: {e})"));
        missing.push(format!(
            "  - the Node packages playwright-core and axe-core{why}:\n      cd tests/browser && npm ci"
        ));
    }
    if missing.is_empty() {
        return Ok(Browser { chromium, scripts });
    }
    let message = format!(
        "\n{bar}\nTHE BROWSER TESTS DID NOT RUN. The worksheets, self-check and letter were NOT tested\nin a browser, because these are missing:\n{}\nInstall them and run `cargo test` again.\n{bar}\n\n",
        missing.join("\n"),
        bar = "!".repeat(78)
    );
    Err(message)
}

/// Serves each folder below its prefix (`/guide/`, `/plain/`) on 127.0.0.1,
/// with the CSP header on every response.
fn serve(listener: TcpListener, sites: Vec<(&'static str, PathBuf)>) {
    let sites = Arc::new(sites);
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let sites = Arc::clone(&sites);
            std::thread::spawn(move || {
                let _ = respond(stream, &sites);
            });
        }
    });
}

fn respond(mut stream: TcpStream, sites: &[(&str, PathBuf)]) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request_line = String::new();
    reader.read_line(&mut request_line)?;
    let mut line = String::new();
    while reader.read_line(&mut line)? > 2 {
        line.clear();
    }
    let mut parts = request_line.split_whitespace();
    let (method, target) = (parts.next().unwrap_or(""), parts.next().unwrap_or("/"));
    let path = target.split(['?', '#']).next().unwrap_or("/");
    let (prefix, root) = sites.iter().find(|(prefix, _)| path.starts_with(prefix)).unwrap_or(&sites[0]);
    let file = path
        .strip_prefix(prefix)
        .filter(|p| !p.split('/').any(|s| s == ".." || s.starts_with('.')))
        .map(|p| if p.is_empty() || p.ends_with('/') { root.join(p).join("index.html") } else { root.join(p) });
    let (status, file) = match file.filter(|f| f.is_file()) {
        Some(f) => ("200 OK", f),
        None => ("404 Not Found", root.join("404.html")),
    };
    let body = std::fs::read(&file).unwrap_or_default();
    let kind = match file.extension().and_then(|e| e.to_str()) {
        Some("html") => "text/html; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("js") => "text/javascript; charset=utf-8",
        Some("svg") => "image/svg+xml",
        Some("xml") => "application/xml",
        Some("txt") => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    };
    let head = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nContent-Security-Policy: default-src 'self'\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes())?;
    if method != "HEAD" {
        stream.write_all(&body)?;
    }
    stream.flush()
}

/// The guide's owner in the guides the browser tests build, so that "Send to" shows.
const CONTACT: &str = "contact:\n  name: Mira Virtanen\n  email: mira@example.org\n";

/// The passphrase of the owner's key in the sealed guide.
const PASSPHRASE: &str = "a long and quiet passphrase";

/// Builds the guide in this repository for `base_url`, into a temporary
/// folder (`site/`): its content and theme as they are, its site.yaml with a
/// `contact:`. With `sealed`, the owner first makes a key with `rajat key
/// new`, as the README says, into `owner.rajat-key` beside the site.
fn build_guide(base_url: &str, sealed: bool) -> tempfile::TempDir {
    let out = tempfile::tempdir().expect("temp dir");
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let root = out.path().join("guide");
    copy_dir(&repo.join("content"), &root.join("content"));
    copy_dir(&repo.join("themes"), &root.join("themes"));
    let config = std::fs::read_to_string(repo.join("site.yaml")).expect("site.yaml");
    assert!(!config.contains("\ncontact:"), "site.yaml has a contact of its own; drop CONTACT here");
    std::fs::write(root.join("site.yaml"), format!("{config}\n{CONTACT}")).expect("write site.yaml");
    let root = root.to_str().expect("utf-8 path");
    if sealed {
        let key = out.path().join("owner.rajat-key");
        let args = ["key", "new", "--root", root, "--out", key.to_str().expect("utf-8 path")];
        common::rajat_with_input(&args, repo, &format!("{PASSPHRASE}\n")).ok();
    }
    let site = out.path().join("site");
    let args = ["build", "--root", root, "--out", site.to_str().expect("utf-8 path"), "--base-url", base_url];
    common::rajat(&args, repo).ok();
    out
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create a folder");
    for entry in std::fs::read_dir(from).expect("read a folder").flatten() {
        let path = entry.path();
        if path.is_dir() {
            copy_dir(&path, &to.join(entry.file_name()));
        } else {
            std::fs::copy(&path, to.join(entry.file_name())).expect("copy a file");
        }
    }
}

fn the_guide_s_forms_work_in_headless_chromium(browser: &Browser) -> Result<(), Failed> {
    let started = Instant::now();
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind a loopback port");
    let origin = format!("http://127.0.0.1:{}", listener.local_addr().expect("port").port());
    let base = format!("{origin}/guide/");
    let sealed = build_guide(&base, true);
    let plain = build_guide(&format!("{origin}/plain/"), false);
    let site = sealed.path().join("site");
    serve(listener, vec![("/guide/", site.clone()), ("/plain/", plain.path().join("site"))]);

    let key = sealed.path().join("owner.rajat-key");
    let env = [
        ("RAJAT_OWNER_KEY", key.to_str().expect("utf-8 path")),
        ("RAJAT_OWNER_PASSPHRASE", PASSPHRASE),
        ("RAJAT_BIN", env!("CARGO_BIN_EXE_rajat")),
    ];
    let (ok, stdout, stderr) = browser.run_with("run.mjs", &[&base, site.to_str().expect("utf-8 path")], &env);
    println!("{stdout}");
    if !ok {
        return Err(format!(
            "the browser tests failed ({:.1} s):\n{stdout}\n{stderr}",
            started.elapsed().as_secs_f64()
        )
        .into());
    }
    Ok(())
}

fn serve_reloads_the_page_an_author_is_editing(browser: &Browser) -> Result<(), Failed> {
    let site = common::Site::fixture("basic");
    let server = common::Server::start(site.root(), &[]);
    let base = format!("http://127.0.0.1:{}/", server.port);
    let (ok, stdout, stderr) = browser.run("live-reload.mjs", &[&base, site.root().to_str().expect("utf-8 path")]);
    let log = server.output.lock().map(|l| l.clone()).unwrap_or_default();
    println!("{stdout}");
    if !ok {
        return Err(format!("live reload failed:\n{stdout}\n{stderr}\n--- rajat serve said:\n{log}").into());
    }
    Ok(())
}

/// The share-link format on its own (`tests/browser/share-link.test.mjs`):
/// needs only Node, rajat (for real key files) and a built guide (for its
/// worksheets' questions).
fn the_share_link_format_round_trips() -> Result<(), Failed> {
    node_test("share-link.test.mjs")
}

/// Search's words and stems in the browser's code equal rajat's (`tests/browser/search-stems.test.mjs`): needs only Node.
fn search_reads_and_stems_words_as_rajat_does() -> Result<(), Failed> {
    node_test("search-stems.test.mjs")
}

/// Runs one of the `node --test` files of `tests/browser/`.
fn node_test(file: &str) -> Result<(), Failed> {
    let scripts = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser");
    let guide = build_guide("https://example.org/", false);
    let run = Command::new("node")
        .args(["--test", file])
        .env("RAJAT_BIN", env!("CARGO_BIN_EXE_rajat"))
        .env("RAJAT_SITE", guide.path().join("site"))
        .current_dir(&scripts)
        .output()
        .map_err(|e| format!("could not run node: {e}"))?;
    let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
    println!("{}", text(&run.stdout));
    if !run.status.success() {
        return Err(format!("node --test failed:\n{}\n{}", text(&run.stdout), text(&run.stderr)).into());
    }
    Ok(())
}

type Test = fn(&Browser) -> Result<(), Failed>;

fn main() -> ExitCode {
    let args = Arguments::from_args();
    let tests: [(&str, Test); 2] = [
        ("the_guide_s_forms_work_in_headless_chromium", the_guide_s_forms_work_in_headless_chromium),
        ("serve_reloads_the_page_an_author_is_editing", serve_reloads_the_page_an_author_is_editing),
    ];
    let node = Command::new("node").arg("--version").output().is_ok_and(|o| o.status.success());
    if !node {
        let _ = writeln!(
            std::io::stderr(),
            "\nTHE SHARE-LINK AND SEARCH-STEM UNIT TESTS DID NOT RUN: Node.js is missing (apt-get install -y nodejs).\n"
        );
    }
    let browser = browser().map(Arc::new);
    let required = std::env::var("RAJAT_REQUIRE_BROWSER").is_ok_and(|v| v == "1");
    if let Err(message) = &browser {
        // Straight to stderr, before the test list, so it is seen.
        let _ = std::io::stderr().write_all(message.as_bytes());
        if required {
            eprintln!("RAJAT_REQUIRE_BROWSER=1, so a missing browser is a failure.");
            return ExitCode::FAILURE;
        }
    }
    let trials = tests
        .into_iter()
        .map(|(name, test)| match &browser {
            Ok(browser) => {
                let browser = Arc::clone(browser);
                Trial::test(name, move || test(&browser))
            }
            // Asked to run it anyway (`--ignored`): it cannot, which is a failure.
            Err(_) => {
                Trial::test(name, || Err("the browser is missing; see the notice above".into())).with_ignored_flag(true)
            }
        })
        .chain(
            [
                ("the_share_link_format_round_trips", the_share_link_format_round_trips as fn() -> Result<(), Failed>),
                ("search_reads_and_stems_words_as_rajat_does", search_reads_and_stems_words_as_rajat_does),
            ]
            .into_iter()
            .map(|(name, test)| {
                if node {
                    Trial::test(name, test)
                } else {
                    Trial::test(name, || Err("Node.js is missing; see the notice above".into())).with_ignored_flag(true)
                }
            }),
        )
        .collect();
    libtest_mimic::run(&args, trials).exit_code()
}

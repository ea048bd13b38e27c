//! `rajat check` as an author uses it before publishing: every problem of the
//! guide, each at its file, line and column, in one run.

mod common;

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};

use common::{Run, Site, rajat, snapshot};

/// The problem lines of a check run (without the `help:` lines under them).
fn problems(run: &Run) -> Vec<&str> {
    run.stdout.lines().filter(|l| !l.starts_with("  help: ")).collect()
}

#[test]
fn every_problem_is_reported_at_its_place_in_one_run() {
    let site = Site::fixture("check");
    let before = snapshot(site.root());
    let run = site.rajat(&["check"]);
    assert_eq!(run.code, 1, "errors make check fail:\n{}{}", run.stdout, run.stderr);
    let expected = [
        // Front matter that does not parse; the file is still checked, and the
        // link to it from the home page is not reported as broken.
        "content/broken.md:3:1: error: unknown key `tilte`",
        "content/broken.md:7:58: error: broken link: `gone.md` points to a page that does not exist",
        "content/guide/a.md:8:3: error: broken link: `missing.md` points to a page that does not exist",
        "content/guide/a.md:8:33: error: broken anchor: `#nowhere` is not a heading on `content/guide/b.md`",
        "content/guide/a.md:12:1: warning: the link `diagram.png` points to a file the site does not have",
        "content/guide/a.md:14:10: warning: the link `files/handout.pdf` points to a file the site does not have",
        // The default theme's policy shows only the guide's own images.
        "content/guide/a.md:16:37: warning: the image `https://coach.example/img/logo.png` is on another site: the theme's pages show only the guide's own images",
        "content/guide/b.md:2:1: warning: `Headings` has no description",
        "content/guide/b.md:5:1: warning: this h3 heading follows the page title (h1), skipping a level",
        "content/guide/b.md:11:1: warning: this h4 heading follows an h2, skipping a level",
        // A worksheet form that does not validate.
        "content/guide/bad-form.md:11:7: error: two fields have the id `goal`",
        "content/guide/fancy.md:5:1: error: there is no template `fancy.html`",
        "content/guide/pricing-again.md:2:1: warning: `pricing` has the same title as `content/guide/pricing.md`",
        "content/guide/pricing-again.md:3:1: warning: the description is still the placeholder from `rajat new`",
        // Two pages at one address: the second is left out, and the rest is still checked.
        "content/guide/same-place.md:1:1: error: `content/guide/b.md` and `content/guide/same-place.md` would both be published at /guide/b/",
        // content/form-only.md is reached through a form's help text, so only this page is an orphan.
        "content/orphan.md:2:1: warning: no menu entry, section listing or link leads readers to this page",
        "site.yaml:3:1: warning: base_url is still the placeholder `https://example.org/`",
        "site.yaml:10:11: error: the menu entry `Gone` points to `gone.md`, which is not a page",
        "8 errors, 10 warnings (12 pages checked)",
    ];
    assert_eq!(problems(&run), expected, "\n{}", run.stdout);
    // Every problem says what to do about it.
    let helps = run.stdout.lines().filter(|l| l.starts_with("  help: ")).count();
    assert_eq!(helps, expected.len() - 1, "{}", run.stdout);
    assert!(run.stderr.is_empty(), "{}", run.stderr);
    assert!(before == snapshot(site.root()), "check must not write anything");
}

#[test]
fn warnings_alone_exit_0_and_a_clean_guide_has_none() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().to_str().unwrap();
    rajat(&["init", root], tmp.path()).ok();
    let run = rajat(&["check", "--root", root], tmp.path());
    run.ok();
    assert_eq!(
        problems(&run),
        [
            "site.yaml:6:1: warning: base_url is still the placeholder `https://example.org/`",
            // 17 pages in English and 17 in Finnish: every page translated, every form alike.
            "0 errors, 1 warning (34 pages checked)"
        ],
        "the starter guide is clean but for its placeholder address"
    );
    let yaml = std::fs::read_to_string(tmp.path().join("site.yaml")).unwrap();
    std::fs::write(tmp.path().join("site.yaml"), yaml.replace("https://example.org/", "https://guide.example.com/"))
        .unwrap();
    let run = rajat(&["check", "--root", root], tmp.path());
    assert_eq!(run.ok().stdout, "0 errors, 0 warnings (34 pages checked)\n");
}

#[test]
fn new_pages_get_a_warning_until_their_description_is_written() {
    let site = Site::fixture("basic");
    site.rajat(&["new", "page", "situations/late-payer"]).ok();
    let run = site.rajat(&["check"]);
    run.ok();
    assert!(
        run.stdout.contains(
            "content/situations/late-payer.md:3:1: warning: the description is still the placeholder from `rajat new`"
        ),
        "{}",
        run.stdout
    );
}

#[test]
fn a_folder_that_is_not_a_site_is_one_error() {
    let tmp = tempfile::tempdir().unwrap();
    let run = rajat(&["check"], tmp.path());
    assert_eq!(run.code, 1);
    let lines = problems(&run);
    assert!(lines[0].starts_with("site.yaml: error: could not read `site.yaml`"), "{}", run.stdout);
    assert!(run.stdout.contains("rajat init"), "says what to do: {}", run.stdout);
    assert!(run.stdout.ends_with("1 error, 0 warnings (0 pages checked)\n"), "{}", run.stdout);
}

#[test]
fn problems_in_site_yaml_and_in_pages_are_reported_together() {
    let site = Site::fixture("basic");
    site.replace("site.yaml", "situations/_index.md", "situation/_index.md");
    site.replace("content/situations/alpha.md", "[beta](beta.md", "[beta](betta.md");
    site.replace("content/about.md", "weight: 5", "weight: [5");
    let run = site.rajat(&["check"]);
    assert_eq!(run.code, 1);
    for expected in [
        "site.yaml:7:11: error: the menu entry `Situations` points to `situation/_index.md`, which is not a page",
        "content/situations/alpha.md:11:5: error: broken link: `betta.md#what-to-say` points to a page that does not exist",
        "content/about.md:4:",
    ] {
        assert!(run.stdout.contains(expected), "missing `{expected}`:\n{}", run.stdout);
    }
    // The menu entry is gone, but the section still lists its pages.
    assert!(!run.stdout.contains("content/situations/alpha.md:2:1: warning: no menu entry"), "{}", run.stdout);
}

/// A tiny HTTP server on loopback: `/ok` answers 200, `/missing` 404,
/// `/moved` redirects to `/ok`, `/loop` redirects to itself, `/no-head`
/// refuses HEAD with 405 but serves GET. Records every request it gets.
fn serve_locally() -> (String, Arc<Mutex<Vec<String>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let log = Arc::new(Mutex::new(Vec::new()));
    let requests = Arc::clone(&log);
    std::thread::spawn(move || {
        for stream in listener.incoming().take(200) {
            let Ok(mut stream) = stream else { continue };
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut first = String::new();
            if reader.read_line(&mut first).is_err() {
                continue;
            }
            let mut line = String::new();
            while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
                line.clear();
            }
            let mut parts = first.split_whitespace();
            let (method, path) = (parts.next().unwrap_or("").to_string(), parts.next().unwrap_or("").to_string());
            requests.lock().unwrap().push(format!("{method} {path}"));
            let (status, location) = match (method.as_str(), path.as_str()) {
                (_, "/ok") => ("200 OK", None),
                (_, "/moved") => ("301 Moved Permanently", Some("/ok")),
                (_, "/loop") => ("302 Found", Some("/loop")),
                ("HEAD", "/no-head") => ("405 Method Not Allowed", None),
                ("GET", "/no-head") => ("200 OK", None),
                _ => ("404 Not Found", None),
            };
            let location = location.map(|l| format!("Location: {l}\r\n")).unwrap_or_default();
            let body = if method == "HEAD" { "" } else { "hello" };
            let _ = write!(
                stream,
                "HTTP/1.1 {status}\r\n{location}Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
                if method == "HEAD" { 5 } else { body.len() }
            );
        }
    });
    (base, log)
}

#[test]
fn external_links_are_checked_only_when_asked_and_only_on_loopback() {
    let (base, log) = serve_locally();
    let site = Site::fixture("basic");
    site.replace("site.yaml", "https://example.com/", &format!("{base}/moved"));
    let lines = [
        format!("[fine]({base}/ok) and [fine again]({base}/ok#part), [gone]({base}/missing)."),
        format!("[moved]({base}/moved), [no HEAD]({base}/no-head), [loop]({base}/loop)."),
        format!("![gone image]({base}/missing)"),
    ];
    site.write("content/links.md", format!("---\ntitle: Links\ndescription: Links out.\n---\n{}\n", lines.join("\n")));
    site.replace("content/_index.md", "Welcome", "Welcome, see [links](links.md)");

    let run = site.rajat(&["check"]);
    assert!(!run.stdout.contains("external link"), "off by default:\n{}", run.stdout);
    assert!(log.lock().unwrap().is_empty(), "no request without --external");

    let run = rajat_without_proxy(&site, &["check", "--external"]);
    run.ok();
    let col = |line: usize, text: &str| lines[line].find(text).unwrap() + 1;
    let expected = [
        format!(
            "content/links.md:5:{}: warning: external link `{base}/missing` answered 404 Not Found",
            col(0, "[gone]")
        ),
        format!(
            "content/links.md:6:{}: warning: external link `{base}/loop` redirects too many times",
            col(1, "[loop]")
        ),
        format!("content/links.md:7:1: warning: external link `{base}/missing` answered 404 Not Found"),
    ];
    for line in &expected {
        assert!(run.stdout.contains(line.as_str()), "missing `{line}`:\n{}", run.stdout);
    }
    assert_eq!(run.stdout.matches("warning: external link").count(), 3, "{}", run.stdout);
    assert!(run.stdout.contains("(6 pages checked, 5 external links)"), "{}", run.stdout);

    let mut counts: HashMap<String, usize> = HashMap::new();
    for request in log.lock().unwrap().iter() {
        *counts.entry(request.clone()).or_default() += 1;
    }
    assert_eq!(counts.get("HEAD /missing"), Some(&1), "each address is requested once: {counts:?}");
    assert_eq!(counts.get("GET /missing"), Some(&1), "a failing HEAD is retried with GET: {counts:?}");
    assert_eq!(counts.get("GET /no-head"), Some(&1), "{counts:?}");
    assert_eq!(counts.get("GET /ok"), None, "a link that answers HEAD is not downloaded: {counts:?}");
}

/// Runs rajat with no proxy settings, so requests to the loopback server go straight to it.
fn rajat_without_proxy(site: &Site, args: &[&str]) -> Run {
    let mut all: Vec<&str> = args.to_vec();
    let root = site.root().to_str().unwrap().to_string();
    all.extend(["--root", &root]);
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_rajat"));
    command.args(&all).current_dir(site.root()).env("NO_COLOR", "1");
    for var in ["http_proxy", "https_proxy", "all_proxy", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY"] {
        command.env_remove(var);
    }
    let output = command.output().expect("run rajat");
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

#[test]
fn translations_that_are_missing_orphaned_or_ask_other_questions_are_warnings() {
    let site = Site::fixture("languages");
    let run = site.rajat(&["check"]);
    assert_eq!(
        problems(&run),
        [
            "content/situations/beta.md:2:1: warning: this page is not translated into `fi` (no `content/situations/beta.fi.md`)",
            "0 errors, 1 warning (13 pages checked)",
        ],
        "\n{}",
        run.stdout
    );
    assert_eq!(run.code, 0, "warnings alone pass");

    site.write("content/situations/renamed.fi.md", "---\ntitle: Uudelleen nimetty\n---\nSivu.\n");
    site.write("content/situations/gamma.md", "---\ntitle: Gamma\n---\nLinks to [about](../about.md).\n");
    site.replace("content/worksheets/plan.fi.md", "id: ready", "id: valmis");
    site.replace(
        "content/about.fi.md",
        "[beta](situations/beta.md)",
        "[beta](situations/beta.md) ja [renamed](situations/renamed.fi.md)",
    );
    let run = site.rajat(&["check"]);
    let lines = problems(&run);
    for expected in [
        "content/situations/beta.md:2:1: warning: this page is not translated into `fi` (no `content/situations/beta.fi.md`)",
        "content/situations/gamma.md:2:1: warning: this page's `fi` translation, `content/situations/gamma.fi.md`, is a draft",
        "content/situations/renamed.fi.md:2:1: warning: this is a translation of `content/situations/renamed.md`, which does not exist",
        "content/worksheets/plan.fi.md:5:1: warning: this translation's form differs from the original's: its questions are `goal`, `valmis`, the original's `goal`, `ready`",
    ] {
        assert!(lines.contains(&expected), "missing {expected:?} in\n{}", run.stdout);
    }
    assert!(run.stdout.contains("help: keep the ids, kinds, answer values and points"), "{}", run.stdout);
}

/// A language's home page may leave its description to that language's own in site.yaml.
#[test]
fn a_home_page_takes_its_description_from_its_language() {
    let site = Site::fixture("languages");
    site.replace("content/_index.fi.md", "description: Etusivu.\n", "");
    let run = site.rajat(&["check"]);
    assert!(!run.stdout.contains("has no description"), "{}", run.stdout);
    site.replace("site.yaml", "    description: Pieni opas englanniksi ja suomeksi.\n", "    description: \"\"\n");
    let run = site.rajat(&["check"]);
    assert!(run.stdout.contains("`Kaksikielinen opas` has no description"), "{}", run.stdout);
}

#[test]
fn images_on_other_sites_are_a_warning_only_where_the_theme_s_policy_blocks_them() {
    let site = Site::fixture("check");
    let warning = "the image `https://coach.example/img/logo.png` is on another site";
    let run = site.rajat(&["check"]);
    assert!(run.stdout.contains(warning), "the default theme's pages carry `default-src 'self'`:\n{}", run.stdout);
    // The site's own base.html, with a policy that lets images come from anywhere over https.
    let base =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/themes/default/templates/base.html")).unwrap();
    assert!(base.contains("default-src 'self';"), "the default theme's policy changed: update this test");
    site.write(
        "templates/base.html",
        base.replacen("default-src 'self';", "default-src 'self'; img-src 'self' https:;", 1),
    );
    let run = site.rajat(&["check"]);
    assert!(!run.stdout.contains(warning), "a theme that allows the image must not warn:\n{}", run.stdout);
    assert!(run.stdout.contains("8 errors, 9 warnings"), "{}", run.stdout);
}

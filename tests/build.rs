//! `rajat build` as an author uses it: a fixture site in, a publishable folder out.

mod common;

use common::{Site, links, snapshot};

#[test]
fn builds_the_expected_files() {
    let site = Site::fixture("basic");
    let run = site.rajat(&["build"]);
    run.ok();
    assert!(run.stdout.starts_with("Built 5 pages in "), "{}", run.stdout);
    assert!(run.stdout.contains("→ public/"), "{}", run.stdout);

    let files: Vec<String> = snapshot(&site.path("public")).into_keys().collect();
    let expected = [
        ".rajat-manifest",
        "404.html",
        "about/index.html",
        "booklet/index.html",
        "diagram.svg",
        "favicon.svg",
        "forms.css",
        "index.html",
        "info.html",
        "old-about/index.html",
        "rajat/search.js",
        "rajat/search/en/index.js",
        "rajat/search/en/stems-0.js",
        "rajat/search/en/text-0.js",
        "rajat/stemmers/english.js",
        "rajat/stemmers/snowball.js",
        "robots-extra.txt",
        "robots.txt",
        "sitemap.xml",
        "situations/alpha/index.html",
        "situations/beta/index.html",
        "situations/index.html",
        "style.css",
        "theme.js",
    ];
    assert_eq!(files, expected);
}

#[test]
fn site_templates_and_static_files_override_the_theme() {
    let site = Site::fixture("basic");
    site.rajat(&["build"]).ok();
    let section = site.read("public/situations/index.html");
    assert!(section.contains("site section template"), "the site's templates/section.html must win");
    assert!(section.contains(r#"<a href="alpha/">Alpha</a>"#), "{section}");
    assert!(site.read("public/style.css").contains("site override"), "the site's static/style.css must win");
    // Templates the site does not override still come from the embedded theme.
    assert!(site.read("public/situations/alpha/index.html").contains(r#"class="skip-link""#));
}

#[test]
fn pages_have_what_readers_and_link_previews_need() {
    let site = Site::fixture("basic");
    site.rajat(&["build"]).ok();
    let alpha = site.read("public/situations/alpha/index.html");
    for needle in [
        r#"<html lang="en">"#,
        "<title>Alpha · Fixture Guide</title>",
        r#"<link rel="canonical" href="https://example.org/situations/alpha/">"#,
        r#"<meta name="description" content="The first situation.">"#,
        r#"<meta property="og:title" content="Alpha">"#,
        r#"<meta property="og:description" content="The first situation.">"#,
        r#"<meta property="og:url" content="https://example.org/situations/alpha/">"#,
        // Headings get ids and self-links; .md links become URLs.
        r##"<h2 id="signs-to-notice"><a class="heading-link" href="#signs-to-notice">Signs to notice</a></h2>"##,
        // Links are relative to the page, so the site works from disk and at any address.
        r##"<a href="../beta/#what-to-say">beta</a>"##,
        // Table of contents is not shown for one heading, but previous/next are.
        r#"<a class="prev" href="../" rel="prev">"#,
        r#"<a class="next" href="../beta/" rel="next">"#,
        // Menu from site.yaml, section tree with the current page marked.
        r#"<a href="https://example.com/">Elsewhere</a>"#,
        r#"<a href="./" aria-current="page">Alpha</a>"#,
        // Every page leads to the booklet.
        r#"<a href="../../booklet/">"#,
    ] {
        assert!(alpha.contains(needle), "missing {needle} in:\n{alpha}");
    }
    // Two scripts, the theme's and search's, from files; no inline code, no live reload outside serve.
    assert_eq!(alpha.matches("<script").count(), 2, "{alpha}");
    assert!(alpha.contains(r#"<script src="../../theme.js""#), "{alpha}");
    assert!(alpha.contains(r#"<script src="../../rajat/search.js" defer"#), "{alpha}");
    assert!(!alpha.contains("style=\""), "no inline styles (CSP default-src 'self')");

    let about = site.read("public/about/index.html");
    assert!(about.contains(r#"<h2 id="who-it-is-for-1">"#), "duplicate headings get distinct ids");
    let beta = site.read("public/situations/beta/index.html");
    assert!(beta.contains("<table>") && beta.contains("footnote"), "tables and footnotes render");
}

#[test]
fn drafts_are_left_out_unless_asked_for() {
    let site = Site::fixture("basic");
    site.rajat(&["build"]).ok();
    assert!(!site.path("public/situations/gamma").exists());
    site.rajat(&["build", "--drafts"]).ok();
    assert!(site.path("public/situations/gamma/index.html").exists());
}

#[test]
fn aliases_redirect_sitemap_and_robots_point_at_the_base_url() {
    let site = Site::fixture("basic");
    site.rajat(&["build"]).ok();
    let redirect = site.read("public/old-about/index.html");
    assert!(redirect.contains(r#"<meta http-equiv="refresh" content="0; url=../about/">"#), "{redirect}");
    assert!(redirect.contains(r#"<link rel="canonical" href="https://example.org/about/">"#));
    let sitemap = site.read("public/sitemap.xml");
    assert!(
        sitemap.contains("<loc>https://example.org/situations/beta/</loc>\n    <lastmod>2026-11-01</lastmod>"),
        "{sitemap}"
    );
    assert!(!sitemap.contains("gamma"), "drafts stay out of the sitemap");
    assert_eq!(sitemap.matches("<loc>").count(), 5);
    assert!(site.read("public/robots.txt").contains("Sitemap: https://example.org/sitemap.xml"));
}

#[test]
fn base_url_with_a_sub_path_every_internal_link_resolves() {
    let site = Site::fixture("basic");
    site.write("site.yaml", site.read("site.yaml") + "relative_urls: false\n");
    site.rajat(&["build", "--base-url", "https://example.org/guide/"]).ok();
    let out = site.path("public");
    let files = snapshot(&out);
    let mut checked = 0;
    for (path, bytes) in &files {
        if !path.ends_with(".html") {
            continue;
        }
        let html = String::from_utf8_lossy(bytes);
        for link in links(&html) {
            let link = link.split('#').next().unwrap().to_string();
            if link.is_empty() || link.starts_with("https://example.com") {
                continue;
            }
            let local = link
                .strip_prefix("https://example.org/guide/")
                .or_else(|| link.strip_prefix("/guide/"))
                .unwrap_or_else(|| panic!("{path}: `{link}` ignores the base URL's /guide/ path"));
            let target =
                if local.is_empty() || local.ends_with('/') { format!("{local}index.html") } else { local.to_string() };
            assert!(files.contains_key(&target), "{path}: `{link}` points to {target}, which was not built");
            checked += 1;
        }
    }
    assert!(checked > 50, "only {checked} links checked");
    assert!(site.read("public/robots.txt").contains("https://example.org/guide/sitemap.xml"));
}

/// The default: every link between the site's files is relative, so the
/// folder works opened from disk, or published at any address, as it is.
#[test]
fn relative_urls_every_link_opens_a_file_on_disk() {
    for fixture in ["basic", "forms"] {
        let site = Site::fixture(fixture);
        site.rajat(&["build", "--base-url", "https://example.org/somewhere/deep/"]).ok();
        let files = snapshot(&site.path("public"));
        let mut checked = 0;
        for (path, bytes) in files.iter().filter(|(p, _)| p.ends_with(".html")) {
            let html = String::from_utf8_lossy(bytes);
            for link in links(&html) {
                // Canonical addresses and the 404 page's links (a server shows it anywhere) are absolute.
                if link.contains("://") || link.starts_with("mailto:") || link.starts_with('#') {
                    continue;
                }
                assert!(!link.starts_with('/'), "{path}: `{link}` starts at the server's root");
                let target = common::resolve(path, &link).unwrap_or_else(|| panic!("{path}: `{link}` leaves the site"));
                assert!(files.contains_key(&target), "{path}: `{link}` opens {target}, which is not on disk");
                checked += 1;
            }
        }
        assert!(checked > 40, "{fixture}: only {checked} links checked");
    }
}

#[test]
fn a_second_build_writes_only_what_changed() {
    let site = Site::fixture("basic");
    site.rajat(&["build"]).ok();
    let run = site.rajat(&["build"]);
    assert!(run.ok().stdout.contains("(0 written, 23 unchanged, 0 removed)"), "{}", run.stdout);
    site.replace("content/situations/beta.md", "Text with a footnote.", "Changed text.");
    let run = site.rajat(&["build"]);
    // The page, the booklet that holds it, and the search index's stems and text
    // (its table of files, index.js, stays: the edit moves no file's first stem).
    assert!(run.ok().stdout.contains("(4 written, 19 unchanged, 0 removed)"), "{}", run.stdout);
    std::fs::remove_file(site.path("content/about.md")).unwrap();
    site.replace("content/_index.md", " or [about](about.md#who-it-is-for)", "");
    let run = site.rajat(&["build"]);
    // The about page, its two redirects go; every page's navigation changes.
    assert!(run.ok().stdout.contains("3 removed"), "{}", run.stdout);
    assert!(!site.path("public/about").exists());
}

#[test]
fn files_rajat_did_not_write_are_kept_unless_forced() {
    let site = Site::fixture("basic");
    site.rajat(&["build"]).ok();
    site.write("public/CNAME", "guide.example.org");
    let run = site.rajat(&["build"]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("`CNAME`") && run.stderr.contains("static/"), "{}", run.stderr);
    assert_eq!(site.read("public/CNAME"), "guide.example.org");
    site.rajat(&["build", "--force"]).ok();
    assert!(!site.path("public/CNAME").exists());
}

#[test]
fn bad_command_line_exits_with_2() {
    let site = Site::fixture("basic");
    assert_eq!(site.rajat(&["build", "--no-such-flag"]).code, 2);
    assert_eq!(site.rajat(&["frobnicate"]).code, 2);
}

/// Each broken input must fail with exit 1, name the file and line, and leave
/// the previous output byte for byte as it was.
#[test]
fn malformed_inputs_fail_clearly_and_keep_the_previous_output() {
    type Mutation = fn(&Site);
    let cases: &[(&str, Mutation, &str)] = &[
        (
            "bad YAML in front matter",
            |s| s.replace("content/about.md", "weight: 5", "weight: [5"),
            "content/about.md:4:9",
        ),
        ("bad YAML in site.yaml", |s| s.replace("site.yaml", "language: en", "language: en: fr"), "site.yaml:4:13"),
        (
            "unclosed front matter",
            |s| s.write("content/situations/alpha.md", "---\ntitle: Alpha\n\nNo closing line.\n"),
            "content/situations/alpha.md:1:1",
        ),
        (
            "unknown front matter key",
            |s| s.replace("content/situations/beta.md", "weight: 2", "weight: 2\nauthor: Me"),
            "content/situations/beta.md:5:1",
        ),
        (
            "non-UTF-8 file",
            |s| s.write("content/situations/alpha.md", b"---\ntitle: Alpha \xff\n---\n".as_slice()),
            "content/situations/alpha.md:2:14",
        ),
        (
            "duplicate output paths",
            |s| s.write("content/about/_index.md", "---\ntitle: About again\n---\n"),
            "content/about.md:1:1",
        ),
        (
            "broken .md link",
            |s| s.replace("content/situations/alpha.md", "[beta](beta.md", "[beta](betta.md"),
            "content/situations/alpha.md:11:5",
        ),
        (
            "broken #anchor",
            |s| s.replace("content/situations/alpha.md", "beta.md#what-to-say", "beta.md#what-to-do"),
            "content/situations/alpha.md:11:5",
        ),
        (
            "missing template",
            |s| s.replace("content/about.md", "weight: 5", "weight: 5\ntemplate: fancy.html"),
            "content/about.md:5:1",
        ),
        (
            "template syntax error",
            |s| s.replace("templates/section.html", "{{ page.content }}", "{% if %}"),
            "templates/section.html:5:7",
        ),
        (
            "output dir = root",
            |s| s.replace("site.yaml", "language: en", "language: en\noutput_dir: ."),
            "site.yaml:5:1",
        ),
        ("unknown theme", |s| s.replace("site.yaml", "language: en", "language: en\ntheme: fancy"), "site.yaml:5:1"),
        (
            "empty title",
            |s| s.replace("content/situations/alpha.md", "title: Alpha", "title: \"\""),
            "content/situations/alpha.md:2:1",
        ),
        (
            "menu entry to a missing page",
            |s| s.replace("site.yaml", "situations/_index.md", "situation/_index.md"),
            "site.yaml:7:11",
        ),
        (
            "link to a draft",
            |s| s.replace("content/situations/alpha.md", "[beta](beta.md", "[gamma](gamma.md"),
            "content/situations/alpha.md:11:5",
        ),
        (
            "invalid date",
            |s| s.replace("content/situations/beta.md", "2026-11-01", "1.11.2026"),
            "content/situations/beta.md:5:1",
        ),
        (
            "undefined value in a template",
            |s| s.replace("templates/section.html", "{{ page.content }}", "{{ page.contnet }}"),
            "templates/section.html:5:4",
        ),
        (
            "output dir inside content/",
            |s| s.replace("site.yaml", "language: en", "language: en\noutput_dir: content/out"),
            "site.yaml:5:1",
        ),
    ];
    for (name, mutate, location) in cases {
        let site = Site::fixture("basic");
        site.rajat(&["build"]).ok();
        let before = snapshot(&site.path("public"));
        mutate(&site);
        let run = site.rajat(&["build"]);
        assert_eq!(run.code, 1, "{name}: expected exit 1\n{}", run.stderr);
        // The exact place: file, line and column, as the diagnostic's `-->` line gives it.
        assert!(
            run.stderr.contains(&format!("--> {location}\n")),
            "{name}: stderr should point at `{location}`:\n{}",
            run.stderr
        );
        assert!(run.stderr.contains("help:"), "{name}: stderr should say what to do:\n{}", run.stderr);
        assert!(!run.stderr.contains("panicked"), "{name}: panicked:\n{}", run.stderr);
        assert!(before == snapshot(&site.path("public")), "{name}: the previous public/ changed");
        // Only the staging tree, which holds the site as it was one build ago, is beside public/.
        let leftovers: Vec<_> = std::fs::read_dir(site.root())
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.contains(".rajat-") && n != ".public.rajat-next")
            .collect();
        assert!(leftovers.is_empty(), "{name}: files left behind: {leftovers:?}");
    }
}

#[test]
fn errors_look_like_rustc() {
    let site = Site::fixture("basic");
    site.replace("content/situations/beta.md", "weight: 2", "weight: 2\ntilte: Oops");
    let run = site.rajat(&["build"]);
    let expected = "error: unknown key `tilte`\n --> content/situations/beta.md:5:1\n  |\n5 | tilte: Oops\n  | ^^^^^\n  = help: did you mean `title`? The keys here are `title`, ";
    assert!(run.stderr.contains(expected), "{}", run.stderr);
}

#[test]
fn several_problems_are_reported_in_one_run() {
    let site = Site::fixture("basic");
    site.replace("content/situations/alpha.md", "[beta](beta.md", "[beta](nope.md");
    site.replace("content/_index.md", "[about](about.md#who-it-is-for)", "[about](about.md#nobody)");
    let run = site.rajat(&["build"]);
    assert!(run.stderr.contains("--> content/situations/alpha.md:11:5\n"), "{}", run.stderr);
    assert!(run.stderr.contains("--> content/_index.md:5:57\n"), "{}", run.stderr);
}

#[test]
fn builds_without_a_themes_folder_using_the_embedded_theme() {
    let site = Site::fixture("basic");
    assert!(!site.path("themes").exists());
    site.rajat(&["build"]).ok();
    assert!(site.read("public/favicon.svg").contains("<svg"));
    // A theme folder on disk wins over the embedded one.
    site.write(
        "themes/default/templates/page.html",
        "{% extends \"base.html\" %}{% block main %}disk theme page{% endblock %}",
    );
    site.write("themes/default/templates/index.html", "home");
    site.write("themes/default/templates/section.html", "section");
    site.write("themes/default/templates/404.html", "404");
    site.write("themes/default/templates/base.html", "{% block main %}{% endblock %}");
    site.rajat(&["build"]).ok();
    assert_eq!(site.read("public/about/index.html"), "disk theme page");
}

#[cfg(unix)]
#[test]
fn any_file_name_works_or_is_refused_by_name() {
    use std::os::unix::ffi::OsStrExt;
    let site = Site::fixture("basic");
    for name in ["as\nset.txt", "quote\"d 'name'.txt", "100%.txt", "tab\there.txt"] {
        site.write(&format!("content/{name}"), "x");
    }
    for _ in 0..3 {
        site.rajat(&["build"]).ok();
    }
    assert_eq!(site.read("public/as\nset.txt"), "x");
    assert_eq!(site.read("public/100%.txt"), "x");
    let check = site.rajat(&["check"]);
    assert!(check.stdout.contains("0 errors"), "{}", check.stdout);

    // A name that is not UTF-8 cannot become an address: refused, by name.
    let bad = std::ffi::OsStr::from_bytes(b"caf\xe9.png");
    std::fs::write(site.path("content").join(bad), "x").unwrap();
    let run = site.rajat(&["build"]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("the name of `content/caf\u{fffd}.png` is not UTF-8"), "{}", run.stderr);
    assert!(run.stderr.contains("rename the file"), "{}", run.stderr);
}

//! The default theme as readers meet it: navigation that stays small on a
//! large guide, the booklet, the owner's brand, typography, short titles.

mod common;
#[path = "../benches/pipeline/corpus.rs"]
mod corpus;

use std::collections::{BTreeMap, HashSet};
use std::path::Path;

use common::{Site, links, resolve, snapshot};

/// The guide of this repository, built with `extra` added to its site.yaml.
fn the_guide(extra: &str) -> (Site, BTreeMap<String, Vec<u8>>) {
    the_guide_with(extra, |_| {})
}

/// The same, with `prepare` run on the site folder first.
fn the_guide_with(extra: &str, prepare: impl Fn(&Site)) -> (Site, BTreeMap<String, Vec<u8>>) {
    let site = Site { dir: tempfile::tempdir().unwrap() };
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    common::copy_dir(&repo.join("content"), &site.path("content"));
    std::fs::copy(repo.join("site.yaml"), site.path("site.yaml")).unwrap();
    site.write("site.yaml", site.read("site.yaml") + extra);
    prepare(&site);
    site.rajat(&["build"]).ok();
    let files = snapshot(&site.path("public"));
    (site, files)
}

fn text(files: &BTreeMap<String, Vec<u8>>, path: &str) -> String {
    String::from_utf8(files.get(path).unwrap_or_else(|| panic!("{path} was not built")).clone()).unwrap()
}

/// The part of `html` from `start` to the first `end` after it.
fn between<'a>(html: &'a str, start: &str, end: &str) -> &'a str {
    let from = html.find(start).unwrap_or_else(|| panic!("no {start}"));
    let to = html[from..].find(end).map_or(html.len(), |e| from + e + end.len());
    &html[from..to]
}

/// Values of attribute `name` in `html`, in order.
fn attr_values(html: &str, name: &str) -> Vec<String> {
    let needle = format!(" {name}=\"");
    html.match_indices(&needle)
        .map(|(i, _)| {
            let rest = &html[i + needle.len()..];
            rest[..rest.find('"').unwrap()].to_string()
        })
        .collect()
}

#[test]
fn a_large_guide_shows_its_sections_and_the_current_section_only() {
    let dir = tempfile::tempdir().unwrap();
    let build = |pages: usize| {
        let root = dir.path().join(format!("guide-{pages}"));
        corpus::write_with(&root, pages, 42, corpus::Templates::DefaultTheme).unwrap();
        common::rajat(&["build", "--root", root.to_str().unwrap()], &root).ok();
        snapshot(&root.join("public"))
    };
    let big = build(1000);
    // Page 20 of the 50 in section 5.
    let page = text(&big, "section-05/page-05-0020/index.html");
    let nav = between(&page, "<nav class=\"sidebar\"", "</nav>");
    let hrefs = links(nav);
    for s in 0..corpus::SECTIONS {
        // Its own section is the folder above.
        let section = if s == 5 { "../".to_string() } else { format!("../../section-{s:02}/") };
        assert!(hrefs.contains(&section), "every section is listed: {section} missing from {hrefs:?}");
    }
    let pages_of = |s: usize| hrefs.iter().filter(|h| h.contains(&format!("page-{s:02}-"))).count();
    for s in (0..corpus::SECTIONS).filter(|&s| s != 5) {
        assert_eq!(pages_of(s), 0, "no page of section {s} is listed on a page of section 5");
    }
    let own = pages_of(5);
    assert!((15..=25).contains(&own), "a window of the current section's pages, not all 50: {own}");
    assert!(nav.contains("more pages"), "the pages left out are one link away: {nav}");
    assert!(nav.contains("aria-current=\"page\""), "the page itself is marked");
    assert!(nav.len() < 8_000, "the navigation is small: {} bytes", nav.len());

    // Twice the pages elsewhere: the navigation stays the same size.
    let bigger = build(2000);
    let page2 = text(&bigger, "section-05/page-05-0020/index.html");
    let nav2 = between(&page2, "<nav class=\"sidebar\"", "</nav>");
    let grown = nav2.len() as f64 / nav.len() as f64;
    assert!((0.95..1.05).contains(&grown), "navigation grew from {} to {} bytes", nav.len(), nav2.len());
    let average = |files: &BTreeMap<String, Vec<u8>>| {
        let pages: Vec<usize> =
            files.iter().filter(|(p, _)| p.contains("/page-") && p.ends_with(".html")).map(|(_, b)| b.len()).collect();
        pages.iter().sum::<usize>() / pages.len()
    };
    let (a, b) = (average(&big), average(&bigger));
    assert!((b as f64) < a as f64 * 1.1, "pages average {a} bytes at 1,000 pages and {b} at 2,000");

    // A booklet holds up to 2,000 pages: 1,021 get one, 2,021 none, and no link to it; check says why.
    assert!(big.contains_key("booklet/index.html") && page.contains("booklet/\""), "1,021 pages: a booklet");
    assert!(!bigger.contains_key("booklet/index.html"), "2,021 pages: no booklet");
    assert!(!page2.contains("booklet/\""), "and no link to one");
    let root = dir.path().join("guide-2000");
    let run = common::rajat(&["check", "--root", root.to_str().unwrap()], &root);
    assert!(
        run.stdout
            .contains("warning: the guide has 2021 pages in `en`, more than a booklet holds (2000): it has no booklet"),
        "{}",
        run.stdout
    );
    assert!(a < 60_000, "pages average {a} bytes");
}

#[test]
fn a_small_guide_shows_its_whole_tree() {
    let (_, files) = the_guide("");
    let page = text(&files, "situations/wont-pay/index.html");
    let nav = between(&page, "<nav class=\"sidebar\"", "</nav>");
    // Short titles where a page has one: "They want a guarantee", not the whole title.
    for (path, title) in [
        ("../../worksheets/ideal-client/", "Your ideal client"),
        ("../guarantee/", "They want a guarantee"),
        ("../no-respect/", "They don’t respect your space"),
    ] {
        assert!(nav.contains(&format!("<a href=\"{path}\">{title}</a>")), "{path} in the whole tree: {nav}");
    }
    assert!(
        nav.contains("<a href=\"./\" aria-current=\"page\">They can’t or won’t pay</a>"),
        "the current page: {nav}"
    );
}

#[test]
fn the_booklet_holds_every_page_once_in_reading_order() {
    let (_, files) = the_guide("");
    let sitemap = text(&files, "sitemap.xml");
    let all: Vec<&str> = sitemap.split("<loc>").skip(1).map(|l| &l[..l.find("</loc>").unwrap()]).collect();
    // Each language has its booklet, of its own pages in its reading order (the sitemap's).
    for (language, booklet_path) in [("en", "booklet/index.html"), ("fi", "fi/booklet/index.html")] {
        let booklet = text(&files, booklet_path);
        let order: Vec<&str> = all
            .iter()
            .map(|l| l.trim_start_matches("https://example.org/"))
            .filter(|path| path.starts_with("fi/") == (language == "fi"))
            .collect();
        assert_eq!(order.len(), 17, "{language}");
        let mut at = 0;
        for (n, path) in order.iter().enumerate() {
            let page = text(&files, &format!("{path}index.html"));
            let title =
                between(&page, "<h1>", "</h1>").trim_start_matches("<h1>").trim_end_matches("</h1>").to_string();
            let heading = format!("<h1 id=\"p{n}-title\">{title}</h1>");
            assert_eq!(booklet.matches(&heading).count(), 1, "{language}: page {n} ({path}) once: {heading}");
            let here = booklet.find(&heading).unwrap();
            assert!(here > at, "{language}: page {n} comes after page {}", n.max(1) - 1);
            at = here;
        }
    }
    let booklet = text(&files, "booklet/index.html");
    assert!(booklet.contains("<meta name=\"robots\" content=\"noindex\">"));
    // Worksheets are blank forms: no script of theirs, no definition.
    assert!(!booklet.contains("forms.js") && !booklet.contains("application/json"));
    assert_eq!(booklet.matches("<script").count(), 1, "only the theme's script, which never prints");
    assert!(booklet.matches("class=\"rajat-form ").count() >= 4, "every form is in it");
    assert!(booklet.contains("<svg class=\"qr\""), "worksheets carry a QR code");
    assert!(!booklet.contains("style="), "no inline styles");
}

#[test]
fn every_link_of_the_booklet_leads_inside_it_or_to_the_site_and_its_html_holds_together() {
    let (_, files) = the_guide("");
    let booklet = text(&files, "booklet/index.html");
    let ids: Vec<String> = attr_values(&booklet, "id");
    let unique: HashSet<&String> = ids.iter().collect();
    assert_eq!(ids.len(), unique.len(), "ids are unique: {:?}", {
        let mut seen = HashSet::new();
        ids.iter().filter(|i| !seen.insert(*i)).collect::<Vec<_>>()
    });
    let mut inside = 0;
    for href in attr_values(&booklet, "href") {
        if let Some(anchor) = href.strip_prefix('#') {
            assert!(unique.contains(&anchor.to_string()), "`{href}` has no target in the booklet");
            inside += 1;
        } else if !href.contains("://") && !href.starts_with("mailto:") {
            let target = resolve("booklet/index.html", &href).unwrap();
            assert!(files.contains_key(&target), "`{href}` leads to {target}, which is not on the site");
        }
    }
    assert!(inside > 100, "links between pages became links within the booklet: {inside}");
    for attr in ["for", "aria-labelledby", "aria-describedby"] {
        for list in attr_values(&booklet, attr) {
            for id in list.split_whitespace() {
                assert!(unique.contains(&id.to_string()), "{attr}=\"{id}\" points at nothing");
            }
        }
    }
    // Every element that is opened is closed, in order.
    let void = ["meta", "link", "input", "br", "img", "hr", "path", "rect", "col", "source", "wbr"];
    let mut stack: Vec<String> = Vec::new();
    let body = &booklet[booklet.find("<body").unwrap()..booklet.find("</body>").unwrap() + "</body>".len()];
    let mut rest = body;
    while let Some(lt) = rest.find('<') {
        rest = &rest[lt + 1..];
        if rest.starts_with("!--") {
            rest = &rest[rest.find("-->").unwrap()..];
            continue;
        }
        let end = rest.find('>').unwrap();
        let tag = &rest[..end];
        let closing = tag.starts_with('/');
        let name: String = tag.trim_start_matches('/').chars().take_while(|c| c.is_ascii_alphanumeric()).collect();
        let name = name.to_ascii_lowercase();
        if name.is_empty() || void.contains(&name.as_str()) || tag.ends_with('/') {
            continue;
        }
        if closing {
            let open = stack.pop().unwrap_or_default();
            assert_eq!(open, name, "</{name}> closes <{open}> near: {}", &rest[..rest.len().min(200)]);
        } else {
            stack.push(name);
        }
    }
    assert!(stack.is_empty(), "left open: {stack:?}");
}

#[test]
fn titles_descriptions_and_navigation_have_the_body_s_typography() {
    let (_, files) = the_guide("");
    let mut checked = 0;
    for (path, bytes) in files.iter().filter(|(p, _)| p.ends_with(".html")) {
        let html = String::from_utf8_lossy(bytes);
        let title = between(&html, "<title>", "</title>");
        let description = between(&html, "<meta name=\"description\"", ">");
        for part in [title, description] {
            assert!(!part.contains("&#39;") && !part.contains('\''), "{path}: a straight apostrophe in {part}");
        }
        if let Some(i) = html.find("<nav class=\"sidebar\"") {
            let nav = between(&html[i..], "<nav", "</nav>");
            assert!(!nav.contains("&#39;"), "{path}: a straight apostrophe in the navigation");
        }
        checked += 1;
    }
    assert!(checked >= 18);
    let page = text(&files, "situations/wont-pay/index.html");
    assert!(page.contains("<title>They can’t or won’t pay · Saying No to Clients</title>"), "{page}");
    let letter = text(&files, "worksheets/refusal-packet/index.html");
    assert!(!letter.contains("&#39;"), "the letter's default sentences are typeset too");
}

#[test]
fn breadcrumbs_use_short_titles_and_sections_are_listed_once() {
    let (_, files) = the_guide("");
    let page = text(&files, "situations/wont-pay/index.html");
    let crumbs = between(&page, "<nav class=\"breadcrumbs\"", "</nav>");
    assert!(crumbs.contains(">Home</a>") && !crumbs.contains(">Seven situations for saying no"), "{crumbs}");
    // The worksheets' page links to each of them in its text: no cards repeat them.
    assert!(!text(&files, "worksheets/index.html").contains("class=\"cards\""));
    assert!(text(&files, "situations/index.html").contains("class=\"cards\""), "a section that does not, lists them");
}

#[test]
fn the_owner_s_brand_in_three_lines_of_yaml() {
    // Three lines of YAML for the brand, and the owner's `contact:` that sharing uses too.
    let (_, files) = the_guide_with(
        "contact:\n  name: Mira Virtanen\n  email: mira@example.org\nbrand:\n  accent: \"#1d6f5f\"\n  logo: logo.svg\n",
        |site| site.write("static/logo.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>"),
    );
    let page = text(&files, "situations/index.html");
    assert!(page.contains("<link rel=\"stylesheet\" href=\"../brand.css\">"), "{page}");
    assert!(page.contains("<img class=\"site-logo\" src=\"../logo.svg\" alt=\"\">"));
    assert!(page.contains("Mira Virtanen") && page.contains("mailto:mira@example.org"), "the owner and contact");
    let css = text(&files, "brand.css");
    assert!(css.contains("--accent: #1d6f5f;"), "{css}");
}

#[test]
fn an_accent_that_does_not_read_is_an_error_at_its_line() {
    let site = Site { dir: tempfile::tempdir().unwrap() };
    site.write("content/_index.md", "---\ntitle: Home\n---\nHi.\n");
    site.write(
        "site.yaml",
        "title: T\nbase_url: https://example.org/\nbrand:\n  logo: logo.svg\n  accent: \"#f4c430\"\n",
    );
    site.write("static/logo.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>");
    let run = site.rajat(&["build"]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(run.stderr.contains("--> site.yaml:5:3"), "{}", run.stderr);
    assert!(run.stderr.contains("too light for the theme's light background"), "{}", run.stderr);
    assert!(run.stderr.contains("4.5:1"), "{}", run.stderr);
    // The shade it suggests passes.
    let suggested = run.stderr.split("accent: \"").nth(2).and_then(|s| s.split('"').next()).unwrap().to_string();
    site.replace("site.yaml", "#f4c430", &suggested);
    site.rajat(&["build"]).ok();
    let css = site.read("public/brand.css");
    assert!(css.contains(&format!("--accent: {suggested};")), "{css}");

    // A dark-mode accent too dark for the dark background.
    site.replace("site.yaml", "  logo: logo.svg\n", "  accent_dark: \"#202020\"\n  logo: logo.svg\n");
    let run = site.rajat(&["build"]);
    assert!(run.stderr.contains("--> site.yaml:4:3"), "{}", run.stderr);
    assert!(run.stderr.contains("leave `accent_dark` out"), "{}", run.stderr);

    // A logo that is not there.
    site.write("site.yaml", "title: T\nbase_url: https://example.org/\nbrand:\n  logo: mine.png\n");
    let run = site.rajat(&["build"]);
    assert!(run.stderr.contains("--> site.yaml:4:3") && run.stderr.contains("no file `mine.png`"), "{}", run.stderr);
}

#[test]
fn printed_worksheets_carry_their_address_and_a_qr_code() {
    let (_, files) = the_guide("");
    let sheet = text(&files, "worksheets/ideal-client/index.html");
    let paper = between(&sheet, "<aside class=\"paper-address\">", "</aside>");
    assert!(
        paper.contains("<svg class=\"qr\"") && paper.contains("https://example.org/worksheets/ideal-client/"),
        "{paper}"
    );
    assert!(!text(&files, "about/index.html").contains("paper-address"), "only pages with a form");
}

/// Most static hosts send no Content-Security-Policy header, so every page
/// declares its own, before anything it loads: the guide's own files run
/// and load, nothing else does (pages work from disk and under serve with it).
#[test]
fn every_page_carries_its_own_content_security_policy() {
    let (_site, files) = the_guide_with("", |site| {
        // A page that moved: its old address is a redirect page rajat writes itself.
        site.write(
            "content/about.md",
            site.read("content/about.md").replacen("---\n", "---\naliases: [old-about/]\n", 1),
        );
    });
    let pages: Vec<&String> = files.keys().filter(|p| p.ends_with(".html")).collect();
    assert!(pages.len() > 30 && pages.contains(&&"old-about/index.html".to_string()), "{pages:?}");
    for path in pages {
        let html = text(&files, path);
        let head = between(&html, "<head>", "</head>");
        let meta = head.find("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'self'");
        let meta = meta.unwrap_or_else(|| panic!("{path} declares no policy of its own:\n{head}"));
        for loaded in ["<script", "<link", "<style", "<img"] {
            if let Some(at) = head.find(loaded) {
                assert!(meta < at, "{path}: the policy comes after {loaded}");
            }
        }
    }
}

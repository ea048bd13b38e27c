//! A guide in two languages (the `languages` fixture: English, and Finnish
//! beside it as `page.fi.md`): addresses, links within a language, and
//! `serve` equal to a build after edits in each language.

mod common;

use common::{Site, apply};
use rajat::live::LiveSite;

const BASE: &str = "http://127.0.0.1:1111/guide/";

#[track_caller]
fn assert_serve_equals_build(site: &Site, live: &LiveSite, step: &str) {
    common::assert_serve_equals_build(site, live, BASE, step);
}

#[test]
fn each_language_has_its_addresses_and_its_links_stay_within_it() {
    let site = Site::fixture("languages");
    site.rajat(&["build"]).ok();
    let page = |path: &str| site.read(&format!("public/{path}index.html"));
    for path in [
        "",
        "about/",
        "situations/alpha/",
        "situations/beta/",
        "fi/",
        "fi/tietoa/",
        "fi/tilanteet/alfa/",
        "fi/tyokirjat/suunnitelma/",
    ] {
        assert!(site.path(&format!("public/{path}index.html")).is_file(), "/{path} is built");
    }
    assert!(!site.path("public/fi/tilanteet/gamma/index.html").exists(), "a Finnish draft is left out");
    // Written to `situations/alpha.md#…` in both languages; each leads to its own.
    assert!(page("about/").contains("href=\"/guide/situations/alpha/#signs\""));
    assert!(page("fi/tietoa/").contains("href=\"/guide/fi/tilanteet/alfa/#merkit\""));
    // beta has no Finnish translation yet: Finnish pages lead to the English one.
    assert!(page("fi/tilanteet/alfa/").contains("href=\"/guide/situations/beta/\""));
    assert!(page("fi/").contains("href=\"/guide/fi/tyokirjat/suunnitelma/\""));
    // A link to a Finnish anchor that does not exist is caught, on the Finnish page.
    site.replace("content/about.fi.md", "#merkit", "#signs");
    let run = site.rajat(&["build"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("broken anchor: `#signs` is not a heading on `content/situations/alpha.fi.md`"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("--> content/about.fi.md:8:"), "{}", run.stderr);
}

/// What a reader sees of the languages: each page in its own language's
/// words, quotation marks, title and menu, with a way to the other language.
#[test]
fn each_page_speaks_its_language_and_leads_to_its_translations() {
    let site = Site::fixture("languages");
    let run = site.rajat(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let page = |path: &str| site.read(&format!("public/{path}index.html"));
    let (en, fi) = (page("situations/alpha/"), page("fi/tilanteet/alfa/"));

    assert!(en.contains("<html lang=\"en\">") && fi.contains("<html lang=\"fi\">"));
    assert!(fi.contains("<title>Alfa · Kaksikielinen opas</title>"), "the language's own site title");
    assert!(fi.contains(">Tilanteet</a>") && !fi.contains(">Situations</a>"), "the language's own menu");
    // The theme's words, and a site's own word for one of them.
    assert!(fi.contains("Siirry sisältöön") && !fi.contains("Skip to content"));
    assert!(en.contains("Skip to content"));
    // Finnish quotation marks open and close with ”, and ’ for single ones.
    assert!(fi.contains("He sanovat ”emme voi maksaa” ja ”asiakkaan ’kiireellinen’ pyyntö”"), "{fi}");
    assert!(!fi.contains('“'));

    // Each page names its translations for search engines, the default language's as x-default.
    let alternates = |html: &str| -> Vec<String> {
        html.lines().filter(|l| l.starts_with("<link rel=\"alternate\" hreflang=")).map(str::to_string).collect()
    };
    let expected = [
        "<link rel=\"alternate\" hreflang=\"en\" href=\"https://example.org/guide/situations/alpha/\">",
        "<link rel=\"alternate\" hreflang=\"fi\" href=\"https://example.org/guide/fi/tilanteet/alfa/\">",
        "<link rel=\"alternate\" hreflang=\"x-default\" href=\"https://example.org/guide/situations/alpha/\">",
    ];
    assert_eq!(alternates(&en), expected);
    assert_eq!(alternates(&fi), expected, "both pages of a pair list the same three");
    assert!(alternates(&page("situations/beta/")).is_empty(), "a page without a translation has none");
    assert!(en.contains("<meta property=\"og:locale\" content=\"en_GB\">"));
    assert!(fi.contains("<meta property=\"og:locale\" content=\"fi_FI\">"));
    assert!(fi.contains("<meta property=\"og:locale:alternate\" content=\"en_GB\">"));

    // The switcher leads to the same page in the other language, or to its home page.
    assert!(en.contains("<a href=\"/guide/fi/tilanteet/alfa/\" hreflang=\"fi\" lang=\"fi\">Suomi</a>"), "{en}");
    assert!(fi.contains("<a href=\"/guide/situations/alpha/\" hreflang=\"en\" lang=\"en\">English</a>"));
    let beta = page("situations/beta/");
    assert!(beta.contains("<a href=\"/guide/fi/\" hreflang=\"fi\" lang=\"fi\">Suomi</a>"), "{beta}");
    assert!(beta.contains("(not translated yet: leads to the home page)"));

    // Each language has its 404 page and its booklet, in its words.
    assert!(site.read("public/fi/404.html").contains("Sivua ei löytynyt"));
    assert!(site.read("public/404.html").contains("Page not found"));
    let booklet = page("fi/booklet/");
    assert!(booklet.contains("Koko opas") && booklet.contains("Alfa") && !booklet.contains(">Alpha<"));

    // The sitemap pairs the translations too.
    let sitemap = site.read("public/sitemap.xml");
    assert!(sitemap.contains("xmlns:xhtml=\"http://www.w3.org/1999/xhtml\""));
    assert!(
        sitemap.contains(concat!(
            "<loc>https://example.org/guide/fi/tilanteet/alfa/</loc>\n",
            "    <xhtml:link rel=\"alternate\" hreflang=\"en\" href=\"https://example.org/guide/situations/alpha/\"/>\n",
            "    <xhtml:link rel=\"alternate\" hreflang=\"fi\" href=\"https://example.org/guide/fi/tilanteet/alfa/\"/>\n",
            "    <xhtml:link rel=\"alternate\" hreflang=\"x-default\" href=\"https://example.org/guide/situations/alpha/\"/>\n",
            "    <lastmod>2026-11-01</lastmod>\n",
        )),
        "{sitemap}"
    );
    assert!(!sitemap.contains("<loc>https://example.org/guide/situations/beta/</loc>\n    <xhtml"));
}

/// A language the theme has no words for gets English ones, and a warning naming what is missing.
#[test]
fn a_language_the_theme_lacks_is_warned_about_by_name() {
    let site = Site::fixture("languages");
    site.replace("site.yaml", "  fi:\n", "  sv:\n    title: Svensk guide\n  fi:\n");
    site.replace(
        "site.yaml",
        "    strings:\n      on_this_page:",
        "    strings:\n      next: Seuraava!\n      on_this_page:",
    );
    let run = site.rajat(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("warning: the default theme has no `sv` words for `booklet_contents`"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("--> site.yaml:14:3"), "{}", run.stderr);
    assert!(!run.stderr.contains("no `fi` words"), "Finnish is built in: {}", run.stderr);
    let home = site.read("public/sv/index.html");
    assert!(home.contains("<html lang=\"sv\">") && home.contains("Skip to content"), "English, not an empty button");
    assert!(site.read("public/fi/tilanteet/alfa/index.html").contains("Seuraava!"), "a site's own word wins");
}

#[test]
fn serve_equals_a_build_after_edits_in_each_language() {
    let site = Site::fixture("languages");
    let mut live = LiveSite::load(site.root(), false, BASE).expect("the fixture builds");
    assert_serve_equals_build(&site, &live, "initial");

    site.replace("content/situations/alpha.fi.md", "Katso", "Lue myös");
    let u = apply(&mut live, &["content/situations/alpha.fi.md"]);
    assert_eq!(
        u.changed,
        [
            "fi/booklet/index.html",
            "fi/tilanteet/alfa/index.html",
            "rajat/search/fi/stems-0.js",
            "rajat/search/fi/text-0.js"
        ],
        "a Finnish body edit changes the Finnish page, booklet and search index only"
    );
    assert_serve_equals_build(&site, &live, "Finnish body edit");

    site.replace("content/situations/alpha.md", "See", "Read");
    let u = apply(&mut live, &["content/situations/alpha.md"]);
    assert_eq!(
        u.changed,
        [
            "booklet/index.html",
            "rajat/search/en/stems-0.js",
            "rajat/search/en/text-0.js",
            "situations/alpha/index.html"
        ],
        "an English body edit changes the English page, booklet and search index only"
    );
    assert_serve_equals_build(&site, &live, "English body edit");

    // A translation appears: Finnish links to beta.md now lead to it.
    site.write(
        "content/situations/beta.fi.md",
        "---\ntitle: Beeta\nslug: beeta\nweight: 2\n---\n\nTakaisin [alfaan](alpha.md).\n",
    );
    let u = apply(&mut live, &["content/situations/beta.fi.md"]);
    assert!(u.changed.contains(&"fi/tilanteet/alfa/index.html".to_string()), "{u:?}");
    assert!(
        String::from_utf8_lossy(&live.files().get("fi/tilanteet/alfa/index.html").unwrap()[..])
            .contains("/guide/fi/tilanteet/beeta/")
    );
    assert_serve_equals_build(&site, &live, "a translation appears");

    // The Finnish section's slug names the folder of every page in it.
    site.replace("content/situations/_index.fi.md", "slug: tilanteet", "slug: tapaukset");
    apply(&mut live, &["content/situations/_index.fi.md"]);
    assert!(live.files().contains_key("fi/tapaukset/alfa/index.html"));
    assert!(!live.files().contains_key("fi/tilanteet/alfa/index.html"));
    assert_serve_equals_build(&site, &live, "a section's slug");

    site.replace("content/situations/alpha.fi.md", "title: Alfa", "title: Alfa-tilanne");
    apply(&mut live, &["content/situations/alpha.fi.md"]);
    assert_serve_equals_build(&site, &live, "a Finnish title");

    std::fs::remove_file(site.path("content/situations/beta.fi.md")).unwrap();
    apply(&mut live, &["content/situations/beta.fi.md"]);
    assert_serve_equals_build(&site, &live, "a translation removed");

    site.replace("site.yaml", "title: Tietoa", "title: Tietoa oppaasta");
    apply(&mut live, &["site.yaml"]);
    assert_serve_equals_build(&site, &live, "the Finnish menu");
}

/// `serve` answers an address that does not exist with the 404 page of its language.
#[test]
fn serve_shows_the_404_page_of_the_address_s_language() {
    let site = Site::fixture("languages");
    let server = common::Server::start(site.root(), &[]);
    let finnish = server.get("/fi/ei-ole/");
    assert_eq!(finnish.status, 404);
    assert!(finnish.text().contains("Sivua ei löytynyt"), "{}", finnish.text());
    let english = server.get("/not-here/");
    assert_eq!(english.status, 404);
    assert!(english.text().contains("Page not found"), "{}", english.text());
    // A first segment that is no language's folder gets the site's 404 page.
    assert!(server.get("/fx/ei-ole/").text().contains("Page not found"));
}

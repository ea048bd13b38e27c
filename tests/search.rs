//! Search as a site's owner and its readers get it: the index rajat builds
//! (its format, its size for this guide, what it finds), the stems shared
//! with the browser, `search: false`, the booklet and the 404 page, and
//! `serve` keeping the index current.
//!
//! The shared tables (`tests/fixtures/search/`) are checked here against
//! rajat's Rust side and by `tests/browser/search-stems.test.mjs` against the
//! browser's: the same words, the same stems.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use common::{Site, apply};
use rajat::live::LiveSite;
use rajat::search::{Stemmer, words};

const STEMS: &str = "tests/fixtures/search/stems.tsv";
const WORDS: &str = "tests/fixtures/search/words.json";

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Every word of the guide's own pages, by language: what the stems table is drawn from.
fn guide_words() -> BTreeMap<&'static str, BTreeSet<String>> {
    let mut found: BTreeMap<&str, BTreeSet<String>> = BTreeMap::new();
    for entry in walkdir::WalkDir::new(repo().join("content")).into_iter().flatten() {
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "md") {
            continue;
        }
        let lang = if path.to_string_lossy().ends_with(".fi.md") { "fi" } else { "en" };
        let text = std::fs::read_to_string(path).unwrap();
        found.entry(lang).or_default().extend(words(&text).into_iter().map(|w| w.text));
    }
    found
}

/// The rows of the stems table: language, word, stem.
fn stem_table() -> Vec<(String, String, String)> {
    let text = std::fs::read_to_string(repo().join(STEMS)).expect("the stems table");
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .map(|l| {
            let mut cols = l.split('\t').map(str::to_string);
            (cols.next().unwrap(), cols.next().unwrap(), cols.next().unwrap_or_default())
        })
        .collect()
}

/// Writes the stems table anew from the guide's words (`RAJAT_WRITE_STEMS=1 cargo test --test search`).
fn write_stem_table() {
    let mut out = String::from(
        "# Every word of the guide's pages (content/) with its Snowball stem, as rajat's index stems it\n\
         # (rust-stemmers): language, word, stem. The browser's stemmers must give the same\n\
         # (tests/browser/search-stems.test.mjs). Written by `RAJAT_WRITE_STEMS=1 cargo test --test search`.\n",
    );
    for (lang, found) in guide_words() {
        let stemmer = Stemmer::for_language(lang);
        for word in found {
            out.push_str(&format!("{lang}\t{word}\t{}\n", stemmer.stem(&word)));
        }
    }
    std::fs::write(repo().join(STEMS), out).unwrap();
}

#[test]
fn the_shared_stems_are_rust_stemmers_stems_of_the_guide_s_words() {
    if std::env::var("RAJAT_WRITE_STEMS").is_ok_and(|v| v == "1") {
        write_stem_table();
    }
    let table = stem_table();
    let mut per_language: BTreeMap<&str, usize> = BTreeMap::new();
    for (lang, word, stem) in &table {
        assert_eq!(&Stemmer::for_language(lang).stem(word), stem, "the stem of {lang} `{word}`");
        *per_language.entry(lang.as_str()).or_default() += 1;
    }
    assert!(per_language["fi"] > 2000 && per_language["en"] > 1500, "a large list in both languages: {per_language:?}");
    // Drawn from the guide: most of its words are there, so a new word in the guide is one the table stands for.
    let listed: BTreeSet<(String, String)> = table.into_iter().map(|(l, w, _)| (l, w)).collect();
    for (lang, found) in guide_words() {
        let missing: Vec<&String> =
            found.iter().filter(|w| !listed.contains(&(lang.to_string(), (*w).clone()))).collect();
        assert!(
            missing.len() * 10 < found.len(),
            "{} of the guide's {lang} words are not in {STEMS} (e.g. {:?}): write it anew with RAJAT_WRITE_STEMS=1 cargo test --test search",
            missing.len(),
            &missing[..missing.len().min(5)]
        );
    }
}

#[test]
fn words_are_read_as_the_shared_table_says() {
    let table: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(repo().join(WORDS)).unwrap()).unwrap();
    let cases = table["cases"].as_array().unwrap();
    assert!(cases.len() >= 8);
    for case in cases {
        let text = case["text"].as_str().unwrap();
        let expected: Vec<&str> = case["words"].as_array().unwrap().iter().map(|w| w.as_str().unwrap()).collect();
        let got: Vec<String> = words(text).into_iter().map(|w| w.text).collect();
        assert_eq!(got, expected, "the words of {text:?}");
    }
}

/// A language's index as the browser reads it, from all its files.
struct Index {
    /// `index.js`'s data.
    meta: serde_json::Value,
    /// The size of `index.js` and of the stems files: what searching loads at most, before the text.
    size: usize,
    /// Every stem, sorted, with its postings.
    stems: Vec<(String, String)>,
    /// Every page in reading order: title, path, section of the guide.
    pages: Vec<(String, String, String)>,
    /// Per page, where its sections start in the language's numbering.
    first_section: Vec<u32>,
    /// Per section: heading, anchor, text.
    sections: Vec<(String, String, String)>,
}

/// The data a script of the index passes to `rajatSearch.NAME(…)`, its last argument.
fn data_of(script: &str, call: &str) -> serde_json::Value {
    let line = script.lines().last().unwrap();
    assert!(line.starts_with(&format!("rajatSearch.{call}(")), "{line:.80}");
    let json = &line[line.find('{').unwrap()..line.len() - 2];
    serde_json::from_str(json).expect("the index holds JSON")
}

/// The index of language `code`, its files read with `read` (`rajat/search/CODE/NAME`).
fn read_index(code: &str, read: impl Fn(&str) -> Option<String>) -> Index {
    let file = |name: &str| read(&format!("rajat/search/{code}/{name}")).unwrap_or_else(|| panic!("{code}/{name}"));
    let script = file("index.js");
    let mut size = script.len();
    let meta = data_of(&script, "index");
    let counts: Vec<u32> =
        meta["sections"].as_str().unwrap().split(',').map(|c| u32::from_str_radix(c, 36).unwrap()).collect();
    let first_section: Vec<u32> = counts.iter().scan(0, |at, c| Some(std::mem::replace(at, *at + c))).collect();
    let mut stems = Vec::new();
    for n in 0..meta["shards"].as_array().unwrap().len() {
        let script = file(&format!("stems-{n}.js"));
        size += script.len();
        let data = data_of(&script, "stems");
        let coded = data["stems"].as_str().unwrap();
        let postings = data["postings"].as_str().unwrap();
        let mut before = String::new();
        for (coded, postings) in coded.split(',').zip(postings.split(',')).filter(|(c, _)| !c.is_empty()) {
            let shared = usize::from_str_radix(&coded[..1], 36).unwrap();
            let stem: String = before.chars().take(shared).chain(coded[1..].chars()).collect();
            if n > 0 && before.is_empty() {
                assert_eq!(stem, meta["shards"][n], "stems-{n}.js starts with the stem index.js says");
            }
            stems.push((stem.clone(), postings.to_string()));
            before = stem;
        }
    }
    let (mut pages, mut sections) = (Vec::new(), Vec::new());
    for (n, first) in meta["chunks"].as_array().unwrap().iter().enumerate() {
        let data = data_of(&file(&format!("text-{n}.js")), "text");
        assert_eq!(&data["first"], first);
        assert_eq!(data["first"].as_u64().unwrap() as usize, pages.len(), "text files follow each other");
        let s = |v: &serde_json::Value| v.as_str().unwrap().to_string();
        for page in data["pages"].as_array().unwrap() {
            pages.push((s(&page[0]), s(&page[1]), s(&page[2])));
        }
        let headings = data["headings"].as_array().unwrap();
        let texts = data["text"].as_array().unwrap();
        assert_eq!(headings.len(), 2 * texts.len(), "two heading entries per section");
        for (n, text) in texts.iter().enumerate() {
            sections.push((s(&headings[2 * n]), s(&headings[2 * n + 1]), s(text)));
        }
    }
    assert_eq!(pages.len(), counts.len(), "every page in the text files");
    assert_eq!(sections.len() as u32, counts.iter().sum::<u32>(), "every section in the text files");
    Index { meta, size, stems, pages, first_section, sections }
}

/// The index of language `code` in the output folder `public`.
fn index(public: &Path, code: &str) -> Index {
    read_index(code, |path| std::fs::read_to_string(public.join(path)).ok())
}

impl Index {
    /// The sorted stems.
    fn stems(&self) -> Vec<String> {
        self.stems.iter().map(|(s, _)| s.clone()).collect()
    }

    /// The pages (by path) where `stem` is, with the field: 2 title, 1 heading, 0 text.
    fn places(&self, stem: &str) -> BTreeMap<String, u32> {
        let Some((_, postings)) = self.stems.iter().find(|(s, _)| s == stem) else { return BTreeMap::new() };
        let mut out = BTreeMap::new();
        let mut section = 0;
        for coded in postings.split(' ') {
            let value = u32::from_str_radix(coded, 36).unwrap();
            section += value / 3;
            let page = self.first_section.partition_point(|&first| first <= section) - 1;
            let field = out.entry(self.pages[page].1.clone()).or_insert(0);
            *field = (*field).max(value % 3);
        }
        out
    }
}

/// This guide, built into a temporary folder.
fn built_guide() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    common::copy_dir(&repo().join("content"), &dir.path().join("content"));
    common::copy_dir(&repo().join("themes"), &dir.path().join("themes"));
    std::fs::copy(repo().join("site.yaml"), dir.path().join("site.yaml")).unwrap();
    common::rajat(&["build", "--root", dir.path().to_str().unwrap()], repo()).ok();
    dir
}

#[test]
fn this_guide_s_index_is_small_and_finds_inflected_finnish() {
    let dir = built_guide();
    let public = dir.path().join("public");
    for code in ["en", "fi"] {
        let index = index(&public, code);
        assert!(index.size < 40_000, "the {code} index is {} bytes, over 40 KB", index.size);
        assert_eq!(index.meta["language"], code);
        assert_eq!(index.meta["stemmer"], if code == "fi" { "finnish" } else { "english" });
        assert_eq!(index.pages.len(), 17, "every page of the language, in reading order");
        // Every word of the guide is indexed: its text is there for the snippets.
        assert!(index.sections.iter().map(|s| s.2.len()).sum::<usize>() > 30_000);
    }
    let fi = index(&public, "fi");
    // "hinnoittelusta" and "hinnoittelu" are one stem; the title of the guarantee page is a title match.
    let stem = |w: &str| Stemmer::Finnish.stem(w);
    assert_eq!(stem("hinnoittelusta"), stem("hinnoittelu"));
    assert_eq!(fi.places(&stem("takuuta")).get("fi/tilanteet/takuu/"), Some(&2), "a title match");
    assert_eq!(fi.places(&stem("merkit")).get("fi/tilanteet/takuu/"), None);
    assert!(
        fi.places(&stem("tunnistat")).get("fi/tilanteet/takuu/") == Some(&1),
        "“Mistä tunnistat tilanteen” is a heading there"
    );
    // Compounds: the pages with "asiakassuhteet" are found by "asiakas" too, and by "suhde".
    let asiakas = fi.places(&stem("asiakas"));
    for page in fi.places(&stem("asiakassuhteet")).keys() {
        assert!(asiakas.contains_key(page), "{page} has asiakassuhteet, so it is found by asiakas");
    }
    // Links lead to pages that exist, and headings to anchors that exist on them.
    for (n, (_, path, _)) in fi.pages.iter().enumerate() {
        let html = std::fs::read_to_string(public.join(format!("{path}index.html"))).unwrap();
        let first = fi.first_section[n] as usize;
        let end = fi.first_section.get(n + 1).map_or(fi.sections.len(), |&e| e as usize);
        assert_eq!(fi.sections[first].1, "", "a page's first section is before any heading");
        for (_, anchor, _) in &fi.sections[first + 1..end] {
            assert!(html.contains(&format!("id=\"{anchor}\"")), "{path} has #{anchor}");
        }
    }
}

#[test]
fn ranking_puts_titles_before_headings_before_text() {
    // Three pages with one word in three places: the index says which place each has.
    let site = Site::fixture("basic");
    site.write("content/title.md", "---\ntitle: Boundaries\ndescription: d\n---\nNothing else.\n");
    site.write("content/heading.md", "---\ntitle: Heading page\ndescription: d\n---\n## Boundaries\n\nText.\n");
    site.write("content/text.md", "---\ntitle: Text page\ndescription: d\n---\nAbout boundaries here.\n");
    site.rajat(&["build"]).ok();
    let found = index(&site.path("public"), "en").places(&Stemmer::English.stem("boundary"));
    assert_eq!(found.get("title/"), Some(&2));
    assert_eq!(found.get("heading/"), Some(&1));
    assert_eq!(found.get("text/"), Some(&0));
}

#[test]
fn search_false_makes_no_index_and_no_box() {
    let site = Site::fixture("basic");
    site.rajat(&["build"]).ok();
    assert!(site.path("public/rajat/search/en/index.js").is_file(), "the default theme has search");
    assert!(site.path("public/rajat/search.js").is_file());
    assert!(site.read("public/index.html").contains("data-search"));
    assert!(!site.read("public/booklet/index.html").contains("data-search"), "no search box in the booklet");
    let not_found = site.read("public/404.html");
    assert!(not_found.contains("data-search-offer"), "the 404 page offers search");

    site.write("site.yaml", site.read("site.yaml") + "search: false\n");
    site.rajat(&["build"]).ok();
    assert!(!site.path("public/rajat/search").exists(), "no index");
    assert!(!site.path("public/rajat/search.js").exists(), "no script");
    assert!(!site.read("public/index.html").contains("data-search"), "no box");
    assert!(!site.read("public/404.html").contains("data-search"));
}

#[test]
fn a_language_without_a_stemmer_matches_words_as_written() {
    assert_eq!(Stemmer::for_language("sv"), Stemmer::Plain);
    let site = Site::fixture("basic");
    site.write("site.yaml", site.read("site.yaml").replace("language: en", "language: sv"));
    site.rajat(&["build"]).ok();
    let index = index(&site.path("public"), "sv");
    assert_eq!(index.meta["stemmer"], serde_json::Value::Null);
    let all = index.stems();
    assert!(all.iter().all(|s| words(s).first().is_some_and(|w| &w.text == s)), "plain lowercase words: {all:?}");
}

#[test]
fn serve_keeps_the_index_current_after_an_edit() {
    let site = Site::fixture("languages");
    let base = "http://127.0.0.1:1111/guide/";
    let mut live = LiveSite::load(site.root(), false, base).unwrap();
    // The stems of a language's index as serve serves it.
    let served = |live: &LiveSite, code: &str| {
        let files = live.files();
        read_index(code, |path| files.get(path).map(|b| String::from_utf8(b.to_vec()).unwrap())).stems()
    };
    let kirsikka = Stemmer::Finnish.stem("kirsikkapuun");
    assert!(!served(&live, "fi").contains(&kirsikka));
    let page = "content/situations/alpha.fi.md";
    site.write(page, site.read(page) + "\nKirsikkapuun kukinnasta.\n");
    let update = apply(&mut live, &[page]);
    assert!(update.changed.iter().any(|p| p.starts_with("rajat/search/fi/stems-")), "{update:?}");
    assert!(
        !update.changed.iter().any(|p| p.starts_with("rajat/search/en/")),
        "the other language's index is as it was"
    );
    assert!(served(&live, "fi").contains(&kirsikka), "the new word is found");
    assert_eq!(update.rendered, 1, "and only the edited page was rendered");
    common::assert_serve_equals_build(&site, &live, base, "a body edit");

    // A new page is searched too.
    site.write("content/situations/delta.fi.md", "---\ntitle: Delta\ndescription: d\n---\nOmenapuu.\n");
    apply(&mut live, &["content/situations/delta.fi.md"]);
    assert!(served(&live, "fi").contains(&Stemmer::Finnish.stem("omenapuu")));
    common::assert_serve_equals_build(&site, &live, base, "a new page");
}

#[test]
fn a_big_guide_is_indexed_by_its_titles_descriptions_and_headings_and_serve_follows_it() {
    // One more page than a full index takes: the text under the headings is left out.
    let site = Site::fixture("basic");
    let pages = rajat::search::index::TEXT_UP_TO;
    for n in 0..pages {
        site.write(
            &format!("content/many/p{n}.md"),
            format!("---\ntitle: Page {n}\ndescription: About lighthouses.\n---\nWindmills here.\n\n## Harbours\n\nCastles.\n"),
        );
    }
    site.write("content/many/_index.md", "---\ntitle: Many\ndescription: d\n---\n");
    site.rajat(&["build"]).ok();
    let index = index(&site.path("public"), "en");
    assert!(index.pages.len() > pages, "{} pages", index.pages.len());
    let stem = |w: &str| Stemmer::English.stem(w);
    assert!(!index.places(&stem("lighthouses")).is_empty(), "descriptions are searched");
    assert_eq!(index.places(&stem("harbours")).get("many/p7/"), Some(&1), "headings are");
    assert!(index.places(&stem("windmills")).is_empty(), "the text is not");
    assert!(index.places(&stem("castles")).is_empty());
    assert!(index.size < 100_000, "{} bytes for {} pages", index.size, index.pages.len());

    // `serve` reads the text again once the guide is small enough, and leaves it out when it grows again.
    let base = "http://127.0.0.1:1111/";
    let mut live = LiveSite::load(site.root(), false, base).unwrap();
    let served = |live: &LiveSite| {
        let files = live.files();
        read_index("en", |path| files.get(path).map(|b| String::from_utf8(b.to_vec()).unwrap()))
    };
    assert!(served(&live).places(&stem("windmills")).is_empty());
    let removed = site.read("content/many/p0.md");
    let until = index.pages.len() - pages;
    for n in 0..until {
        std::fs::remove_file(site.path(&format!("content/many/p{n}.md"))).unwrap();
    }
    let gone: Vec<String> = (0..until).map(|n| format!("content/many/p{n}.md")).collect();
    apply(&mut live, &gone.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(served(&live).places(&stem("windmills")).len(), pages - until, "every page's text is searched");
    common::assert_serve_equals_build(&site, &live, base, "a guide that became small enough");
    site.write("content/many/p0.md", removed);
    apply(&mut live, &["content/many/p0.md"]);
    assert!(served(&live).places(&stem("windmills")).is_empty(), "the text is left out again");
    common::assert_serve_equals_build(&site, &live, base, "a guide that grew again");
}

/// Each language's 404 page, as `serve` (or a web server) shows it at any
/// missing address of the language, however deep: its links, search's
/// script among them, are absolute, so they lead where they should.
#[test]
fn a_language_s_404_page_works_at_any_missing_address() {
    let site = Site::fixture("languages");
    // Addresses made relative, as rajat makes them unless told not to.
    site.write("site.yaml", site.read("site.yaml").replace("relative_urls: false", ""));
    let server = common::Server::start(site.root(), &[]);
    let base = format!("http://127.0.0.1:{}/", server.port);
    for (missing, words) in
        [("/fi/ei-ole/eika-tamakaan/", "Sivua ei löytynyt"), ("/not/here/either/", "Page not found")]
    {
        let page = server.get(missing);
        assert_eq!(page.status, 404);
        let html = page.text();
        assert!(html.contains(words) && html.contains("data-search-offer"), "{missing}: {html}");
        let links: Vec<String> =
            common::links(&html).into_iter().filter(|l| !l.starts_with('#') && !l.starts_with("mailto:")).collect();
        assert!(links.iter().any(|l| l.ends_with("rajat/search.js")), "{missing}: search's script is there: {links:?}");
        for link in &links {
            // Absolute, or from the server's root (serve's live-reload script, added as it answers).
            let path = link.strip_prefix(&base[..base.len() - 1]).unwrap_or(link);
            assert!(path.starts_with('/'), "{missing}: `{link}` is relative, and leads elsewhere at a deeper address");
            assert_eq!(server.get(path).status, 200, "{missing}: `{link}` opens");
        }
    }
}

/// A heading that holds a link gets the self-link `#` beside its text
/// instead of around it. A result under such a heading names the heading as
/// the reader sees it, not with that `#` (“Situations › See beta now #”).
#[test]
fn a_heading_with_a_link_is_named_without_its_self_link() {
    let site = Site::fixture("basic");
    let page = "content/situations/alpha.md";
    site.write(page, site.read(page) + "\n## See [beta](beta.md) now\n\nLighthouses.\n");
    site.rajat(&["build"]).ok();
    let html = site.read("public/situations/alpha/index.html");
    assert!(html.contains("heading-anchor"), "the heading has its self-link beside its text");
    let index = index(&site.path("public"), "en");
    let headings: Vec<&str> = index.sections.iter().map(|(heading, _, _)| heading.as_str()).collect();
    assert!(headings.contains(&"See beta now"), "a result under it shows its heading as written: {headings:?}");
}

/// When a guide grows past [`rajat::search::index::TEXT_UP_TO`] pages in
/// `serve`, the pages it did not render are read again for their headings:
/// their headings must read as a fresh build reads them, a heading with a
/// link included.
#[test]
fn serve_reads_headings_as_a_build_does_when_the_guide_grows_big() {
    let site = Site::fixture("basic");
    let page = "content/situations/alpha.md";
    site.write(page, site.read(page) + "\n## See [beta](beta.md) now\n\nLighthouses.\n");
    site.write("content/many/_index.md", "---\ntitle: Many\ndescription: d\n---\n");
    // The fixture's pages, the section above and these: as many as a full index takes.
    let pages = rajat::search::index::TEXT_UP_TO - 6;
    for n in 0..pages {
        site.write(&format!("content/many/p{n}.md"), format!("---\ntitle: Page {n}\n---\nWindmills.\n"));
    }
    let base = "http://127.0.0.1:1111/";
    let mut live = LiveSite::load(site.root(), false, base).unwrap();
    let files = live.files();
    let small = read_index("en", |path| files.get(path).map(|b| String::from_utf8(b.to_vec()).unwrap()));
    assert_eq!(small.pages.len(), rajat::search::index::TEXT_UP_TO, "every word is read, just");
    site.write("content/many/one-more.md", "---\ntitle: One more\n---\nWindmills.\n");
    apply(&mut live, &["content/many/one-more.md"]);
    common::assert_serve_equals_build(&site, &live, base, "a guide that grew past a full index");
}

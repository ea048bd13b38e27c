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

/// The index of language `code` in the output folder `public`, parsed.
fn index(public: &Path, code: &str) -> (serde_json::Value, usize) {
    let text = std::fs::read_to_string(public.join(format!("rajat/search/{code}/index.js"))).expect("the index");
    let json = text.lines().last().unwrap().strip_prefix("rajatSearch.index(").unwrap().strip_suffix(");").unwrap();
    (serde_json::from_str(json).expect("the index holds JSON"), text.len())
}

/// The sorted stems of an index, from their front-coded form.
fn stems(index: &serde_json::Value) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for coded in index["stems"].as_str().unwrap().split(',') {
        let shared = usize::from_str_radix(&coded[..1], 36).unwrap();
        let before = out.last().cloned().unwrap_or_default();
        out.push(before.chars().take(shared).chain(coded[1..].chars()).collect());
    }
    out
}

/// The pages (by path) where `stem` is, with the field: 2 title, 1 heading, 0 text.
fn places(index: &serde_json::Value, stem: &str) -> BTreeMap<String, u32> {
    let all = stems(index);
    let Some(n) = all.iter().position(|s| s == stem) else { return BTreeMap::new() };
    let postings: Vec<&str> = index["postings"].as_str().unwrap().split(',').collect();
    let pages = index["pages"].as_array().unwrap();
    let mut out = BTreeMap::new();
    let mut section = 0;
    for coded in postings[n].split(' ') {
        let value = u32::from_str_radix(coded, 36).unwrap();
        section += value / 3;
        let page = pages
            .iter()
            .find(|p| {
                let (first, count) = (p[3].as_u64().unwrap() as u32, p[4].as_u64().unwrap() as u32);
                (first..first + count).contains(&section)
            })
            .unwrap();
        let field = out.entry(page[1].as_str().unwrap().to_string()).or_insert(0);
        *field = (*field).max(value % 3);
    }
    out
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
        let (index, size) = index(&public, code);
        assert!(size < 40_000, "the {code} index is {size} bytes, over 40 KB");
        assert_eq!(index["language"], code);
        assert_eq!(index["stemmer"], if code == "fi" { "finnish" } else { "english" });
        let pages = index["pages"].as_array().unwrap();
        assert_eq!(pages.len(), 17, "every page of the language, in reading order");
        let sections: u64 = pages.iter().map(|p| p[4].as_u64().unwrap()).sum();
        assert_eq!(index["headings"].as_array().unwrap().len() as u64, 2 * sections, "two entries per section");
        // The text the snippets show, in chunks that together hold every section.
        let mut texts = 0;
        for n in 0..index["chunks"].as_u64().unwrap() {
            let chunk = std::fs::read_to_string(public.join(format!("rajat/search/{code}/text-{n}.js"))).unwrap();
            assert!(chunk.contains(&format!("rajatSearch.text(\"{code}\", {n}, ")), "{chunk:.200}");
            texts += chunk.matches("\",\"").count() + 1;
        }
        assert!(texts as u64 >= sections, "{texts} texts for {sections} sections");
    }
    let (fi, _) = index(&public, "fi");
    // "hinnoittelusta" and "hinnoittelu" are one stem; the title of the guarantee page is a title match.
    let stem = |w: &str| Stemmer::Finnish.stem(w);
    assert_eq!(stem("hinnoittelusta"), stem("hinnoittelu"));
    assert_eq!(places(&fi, &stem("takuuta")).get("fi/tilanteet/takuu/"), Some(&2), "a title match");
    assert_eq!(places(&fi, &stem("merkit")).get("fi/tilanteet/takuu/"), None);
    assert!(
        places(&fi, &stem("tunnistat")).get("fi/tilanteet/takuu/") == Some(&1),
        "“Mistä tunnistat tilanteen” is a heading there"
    );
    // Compounds: the pages with "asiakassuhteet" are found by "asiakas" too, and by "suhde".
    let asiakas = places(&fi, &stem("asiakas"));
    for page in places(&fi, &stem("asiakassuhteet")).keys() {
        assert!(asiakas.contains_key(page), "{page} has asiakassuhteet, so it is found by asiakas");
    }
    // Links lead to pages that exist, and headings to anchors that exist on them.
    for page in fi["pages"].as_array().unwrap() {
        let path = page[1].as_str().unwrap();
        let html = std::fs::read_to_string(public.join(format!("{path}index.html"))).unwrap();
        let (first, count) = (page[3].as_u64().unwrap() as usize, page[4].as_u64().unwrap() as usize);
        for section in first + 1..first + count {
            let anchor = fi["headings"][2 * section + 1].as_str().unwrap();
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
    let (index, _) = index(&site.path("public"), "en");
    let found = places(&index, &Stemmer::English.stem("boundary"));
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
    let (index, _) = index(&site.path("public"), "sv");
    assert_eq!(index["stemmer"], serde_json::Value::Null);
    let all = stems(&index);
    assert!(all.iter().all(|s| words(s).first().is_some_and(|w| &w.text == s)), "plain lowercase words: {all:?}");
}

#[test]
fn serve_keeps_the_index_current_after_an_edit() {
    let site = Site::fixture("languages");
    let base = "http://127.0.0.1:1111/guide/";
    let mut live = LiveSite::load(site.root(), false, base).unwrap();
    // The stems of a language's index as serve serves it.
    let served = |live: &LiveSite, code: &str| {
        let text =
            String::from_utf8(live.files().get(&format!("rajat/search/{code}/index.js")).unwrap().to_vec()).unwrap();
        let json = text.lines().last().unwrap().strip_prefix("rajatSearch.index(").unwrap().strip_suffix(");").unwrap();
        stems(&serde_json::from_str(json).unwrap())
    };
    let kirsikka = Stemmer::Finnish.stem("kirsikkapuun");
    assert!(!served(&live, "fi").contains(&kirsikka));
    let page = "content/situations/alpha.fi.md";
    site.write(page, site.read(page) + "\nKirsikkapuun kukinnasta.\n");
    let update = apply(&mut live, &[page]);
    assert!(update.changed.iter().any(|p| p == "rajat/search/fi/index.js"), "{update:?}");
    assert!(!update.changed.iter().any(|p| p == "rajat/search/en/index.js"), "the other language's index is as it was");
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
fn a_big_guide_is_indexed_by_its_titles_descriptions_and_headings() {
    // One more page than a full index takes: the text under the headings is left out.
    let site = Site::fixture("basic");
    for n in 0..=rajat::search::index::TRIMMED_AFTER {
        site.write(
            &format!("content/many/p{n}.md"),
            format!("---\ntitle: Page {n}\ndescription: About lighthouses.\n---\nWindmills here.\n\n## Harbours\n\nCastles.\n"),
        );
    }
    site.write("content/many/_index.md", "---\ntitle: Many\ndescription: d\n---\n");
    site.rajat(&["build"]).ok();
    let (index, size) = index(&site.path("public"), "en");
    let stem = |w: &str| Stemmer::English.stem(w);
    assert!(!places(&index, &stem("lighthouses")).is_empty(), "descriptions are searched");
    assert_eq!(places(&index, &stem("harbours")).get("many/p7/"), Some(&1), "headings are");
    assert!(places(&index, &stem("windmills")).is_empty(), "the text is not");
    assert!(places(&index, &stem("castles")).is_empty());
    assert!(size < 100_000, "{size} bytes for {} pages", rajat::search::index::TRIMMED_AFTER);
}

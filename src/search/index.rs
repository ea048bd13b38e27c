//! The search index of one language, as the browser reads it: scripts, not
//! JSON to fetch, so that search works from disk (`file://`) as well as from
//! a server, under `default-src 'self'`.
//!
//! `index.js` holds what a query is matched against: every page's title,
//! address and section (the guide's section it is in), every heading and
//! its anchor, and every stem with the places it occurs (its postings). The
//! text shown in results' snippets is in `text-N.js` files of about
//! [`CHUNK_BYTES`] each, whole pages in reading order, which the browser
//! loads only for the results it shows. So what a reader downloads to search
//! stays small: the text is most of a guide's words.
//!
//! ```text
//! rajatSearch.index({"language":"fi","stemmer":"finnish","chunks":2,
//!   "pages":[[title, path, section, first section, sections, chunk], …],
//!   "headings":[heading, anchor, …],   // two per section; "" before the first heading
//!   "stems":"0aika,3oinen,…",            // sorted; each after how many letters it shares with the one before (base 36)
//!   "postings":"2 1c 3,5 …"})            // per stem (","), its places (" ")
//! rajatSearch.text("fi", N, {"first": section, "text": [text, …]})
//! ```
//!
//! A place is a section and a field, where in it the stem is: 2 the page's
//! title, 1 a heading, 0 the text; it is written in base 36 as the section's
//! distance from the stem's place before (from 0 for the first) × 3 + the
//! field. A stem names each section once, with the best field it has there.
//! Sharing the start of sorted stems and writing sections as distances keep
//! this guide's index near half the size of plain JSON arrays.

use std::collections::{HashMap, HashSet};

use super::Stemmer;
use super::html::{Section, sections};

/// Text per `text-N.js` file, about: a result's snippet costs the reader one such file.
pub const CHUNK_BYTES: usize = 32_000;

/// A language with more pages than this is indexed trimmed: every title,
/// description and heading, but not the text under them. Reading every word
/// of a big guide costs its build far more than a tenth more time (at 1,000
/// pages, 40 % more CPU), and makes an index bigger than a phone should load
/// to search (see the README's Performance).
pub const TRIMMED_AFTER: usize = 300;

/// A language with more pages than this (as many as a booklet holds) is
/// indexed by its titles and descriptions alone: at 10,000 pages, its
/// headings would make an index of megabytes.
pub const TITLES_AFTER: usize = 2_000;

/// Where on a page a word is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Field {
    /// The text of a section.
    Text = 0,
    /// A heading.
    Heading = 1,
    /// The page's title.
    Title = 2,
}

/// One page as search sees it: its sections, and each distinct word with
/// its stem and the best place it has in each section. Made as the page
/// renders (in parallel), kept by `serve` between edits.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PageWords {
    /// The page's sections: the part before its first heading (with the
    /// description), then one per heading.
    pub sections: Vec<Section>,
    /// `(section, field, word, stem)`, one per word and section, best field
    /// kept, in the order of sections.
    pub terms: Vec<(u32, Field, Box<str>, Box<str>)>,
}

impl PageWords {
    /// The words of a page with `title`, `description` and body `html`,
    /// stemmed with `stemmer`; with `limit`, only about that many bytes of
    /// each section's text (none with 0: see [`TRIMMED_AFTER`]).
    pub fn new(stemmer: Stemmer, title: &str, description: &str, html: &str, limit: Option<usize>) -> PageWords {
        PageWords::of_sections(stemmer, title, description, sections(html, limit))
    }

    /// The words of a page with `title`, `description` and `sections`
    /// (those of its body, the first being the part before any heading).
    pub fn of_sections(stemmer: Stemmer, title: &str, description: &str, mut sections: Vec<Section>) -> PageWords {
        if !description.is_empty() {
            let first = &mut sections[0].text;
            *first = if first.is_empty() { description.to_string() } else { format!("{description} {first}") };
        }
        // Section by section, so that the terms come in the order of sections.
        let mut terms = Vec::new();
        let mut best: HashMap<String, Field, Hasher> = HashMap::default();
        let note = |best: &mut HashMap<String, Field, Hasher>, field: Field, text: &str| {
            for word in super::words(text) {
                let slot = best.entry(word.text).or_insert(field);
                *slot = (*slot).max(field);
            }
        };
        for (n, section) in sections.iter().enumerate() {
            if n == 0 {
                note(&mut best, Field::Title, title);
            }
            if let Some((heading, _)) = &section.heading {
                note(&mut best, Field::Heading, heading);
            }
            note(&mut best, Field::Text, &section.text);
            terms.extend(best.drain().map(|(word, field)| {
                let stem = stemmer.stem(&word).into_boxed_str();
                (n as u32, field, word.into_boxed_str(), stem)
            }));
        }
        PageWords { sections, terms }
    }
}

/// A page of the language, in reading order, as the index lists it.
pub struct Listed<'a> {
    /// Its title.
    pub title: &'a str,
    /// Site path without the base path: `fi/tilanteet/takuu/`.
    pub path: &'a str,
    /// The title of the guide's section it is in, if any.
    pub section: Option<&'a str>,
    /// Its words.
    pub words: &'a PageWords,
}

/// The files of a language's index: `(name, contents)`, `index.js` first,
/// names relative to the language's folder of the index.
pub fn build(code: &str, stemmer: Stemmer, pages: &[Listed]) -> Vec<(String, Vec<u8>)> {
    let mut first_section = Vec::with_capacity(pages.len());
    let mut next = 0u32;
    for page in pages {
        first_section.push(next);
        next += page.words.sections.len() as u32;
    }
    // Every stem's places, in the order of sections (pages come in order, and their terms by section).
    let mut postings: HashMap<&str, Vec<(u32, Field)>, Hasher> = HashMap::default();
    for (page, &first) in pages.iter().zip(&first_section) {
        for (section, field, _, stem) in &page.words.terms {
            add_place(postings.entry(stem).or_default(), first + section, *field);
        }
    }
    let parts = if stemmer.compounds() { compound_parts(stemmer, pages, &postings) } else { Vec::new() };
    for (stem, section) in &parts {
        let places = postings.entry(stem.as_str()).or_default();
        if places.iter().all(|&(s, _)| s != *section) {
            places.push((*section, Field::Text));
            places.sort_unstable_by_key(|&(s, _)| s);
        }
    }
    let mut stems: Vec<&str> = postings.keys().copied().collect();
    stems.sort_unstable();

    // The text, in chunks of whole pages.
    let mut chunks: Vec<(u32, Vec<&str>)> = Vec::new();
    let mut chunk_of = Vec::with_capacity(pages.len());
    let mut size = usize::MAX;
    for (page, &first) in pages.iter().zip(&first_section) {
        if size >= CHUNK_BYTES {
            chunks.push((first, Vec::new()));
            size = 0;
        }
        let (_, texts) = chunks.last_mut().expect("a chunk was just made");
        for section in &page.words.sections {
            texts.push(&section.text);
            size += section.text.len();
        }
        chunk_of.push(chunks.len() - 1);
    }

    let index = IndexFile {
        language: code,
        stemmer: stemmer.name(),
        chunks: chunks.len(),
        pages: pages
            .iter()
            .enumerate()
            .map(|(n, page)| {
                let sections = page.words.sections.len();
                (page.title, page.path, page.section.unwrap_or(""), first_section[n], sections, chunk_of[n])
            })
            .collect(),
        headings: pages
            .iter()
            .flat_map(|page| &page.words.sections)
            .flat_map(|s| match &s.heading {
                Some((text, id)) => [text.as_str(), id.as_str()],
                None => ["", ""],
            })
            .collect(),
        stems: front_coded(stems.iter().copied()),
        postings: stems.iter().map(|stem| encode(&postings[stem])).collect::<Vec<_>>().join(","),
    };
    let mut files = vec![("index.js".to_string(), script(&format!("rajatSearch.index({});", json(&index))))];
    let quoted = json(code);
    for (n, (first, text)) in chunks.iter().enumerate() {
        let chunk = json(&TextFile { first: *first, text });
        files.push((format!("text-{n}.js"), script(&format!("rajatSearch.text({quoted}, {n}, {chunk});"))));
    }
    files
}

use super::WordHasher as Hasher;

/// Adds a place to a stem's places, which come in the order of sections; one per section, its best field.
fn add_place(places: &mut Vec<(u32, Field)>, section: u32, field: Field) {
    match places.last_mut() {
        Some((last, best)) if *last == section => *best = (*best).max(field),
        _ => places.push((section, field)),
    }
}

/// `index.js`, as written (see the module's documentation).
#[derive(serde::Serialize)]
struct IndexFile<'a> {
    language: &'a str,
    stemmer: Option<&'a str>,
    chunks: usize,
    pages: Vec<(&'a str, &'a str, &'a str, u32, usize, usize)>,
    headings: Vec<&'a str>,
    stems: String,
    postings: String,
}

/// A `text-N.js`.
#[derive(serde::Serialize)]
struct TextFile<'a> {
    first: u32,
    text: &'a [&'a str],
}

/// JSON of what the index files hold (strings and numbers: it always serializes).
fn json<T: serde::Serialize + ?Sized>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_default()
}

/// A script file's bytes: a note on what it is, then `code`.
fn script(code: &str) -> Vec<u8> {
    format!("// rajat's search index, made by `rajat build`: see src/search/index.rs.\n{code}\n").into_bytes()
}

/// Each place as its distance from the one before × 3 + its field, in base 36, separated by spaces.
fn encode(places: &[(u32, Field)]) -> String {
    let mut out = String::with_capacity(places.len() * 3);
    let mut before = 0;
    for &(section, field) in places {
        if !out.is_empty() {
            out.push(' ');
        }
        push_base36(&mut out, (section - before) * 3 + field as u32);
        before = section;
    }
    out
}

/// Sorted stems, each written after a base-36 digit saying how many letters
/// (at most 35) it shares with the one before, separated by commas.
fn front_coded<'s>(stems: impl Iterator<Item = &'s str>) -> String {
    let mut out = String::new();
    let mut before: Vec<char> = Vec::new();
    for stem in stems {
        let chars: Vec<char> = stem.chars().collect();
        let shared = before.iter().zip(&chars).take_while(|(a, b)| a == b).count().min(35);
        if !out.is_empty() {
            out.push(',');
        }
        push_base36(&mut out, shared as u32);
        out.extend(&chars[shared..]);
        before = chars;
    }
    out
}

fn push_base36(out: &mut String, mut n: u32) {
    let mut digits = [0u8; 8];
    let mut i = digits.len();
    loop {
        i -= 1;
        digits[i] = b"0123456789abcdefghijklmnopqrstuvwxyz"[(n % 36) as usize];
        n /= 36;
        if n == 0 {
            break;
        }
    }
    out.push_str(std::str::from_utf8(&digits[i..]).unwrap_or("0"));
}

/// Shortest part of a compound that is looked for, in letters.
pub const MIN_PART: usize = 4;

/// Shortest last part of a compound whose first part is known only by its stem: shorter
/// ones are mostly endings that happen to be words (`-mistä`, `-uutta`).
pub const MIN_TAIL: usize = 6;

/// The parts of compounds written as one word (`asiakassuhteessa` →
/// `asiakas` + `suhteessa`), as `(stem of a part, section)` for each section
/// the compound is in. A word is split where its first part is a word of the
/// guide as written and the rest's stem is a stem of the guide; failing
/// that, where the rest is a word of the guide of at least [`MIN_TAIL`]
/// letters and the first part's stem is a stem of the guide (`julkaisu` +
/// `viesti`, `kieltäytymis` + `kirjeitä`). Cheap (a look-up per letter, a
/// stem, remembered, only for long words), and it splits only into words
/// the guide uses. On this guide's 745 Finnish words of 11 letters or more,
/// it splits 94, about one in fifteen wrongly (`seuraa` + `vasta`); it
/// misses compounds whose parts the guide never uses alone (`ihanne-`,
/// `maanantai-`).
fn compound_parts(
    stemmer: Stemmer,
    pages: &[Listed],
    postings: &HashMap<&str, Vec<(u32, Field)>, Hasher>,
) -> Vec<(String, u32)> {
    let written: HashSet<&str, Hasher> = pages.iter().flat_map(|p| p.words.terms.iter().map(|t| &*t.2)).collect();
    let mut split: HashMap<&str, Option<(String, String)>, Hasher> = HashMap::default();
    let mut parts = Vec::new();
    let mut first = 0u32;
    for page in pages {
        for (section, _, word, _) in &page.words.terms {
            let found = split.entry(word).or_insert_with(|| split_compound(stemmer, word, &written, postings));
            if let Some((head, tail)) = found {
                parts.push((head.clone(), first + section));
                parts.push((tail.clone(), first + section));
            }
        }
        first += page.words.sections.len() as u32;
    }
    parts
}

/// The stems of the two parts `word` is made of, when it is a compound of the guide's words.
fn split_compound(
    stemmer: Stemmer,
    word: &str,
    written: &HashSet<&str, Hasher>,
    postings: &HashMap<&str, Vec<(u32, Field)>, Hasher>,
) -> Option<(String, String)> {
    let bounds: Vec<usize> = word.char_indices().map(|(at, _)| at).collect();
    if bounds.len() < 2 * MIN_PART {
        return None;
    }
    let splits = &bounds[MIN_PART..=bounds.len() - MIN_PART];
    // The longest first part wins: `kokonaishinta` is `kokonais` + `hinta`.
    for &at in splits.iter().rev() {
        let (head, tail) = word.split_at(at);
        if written.contains(head) {
            let tail = stemmer.stem(tail);
            if postings.contains_key(tail.as_str()) {
                return Some((stemmer.stem(head), tail));
            }
        }
    }
    let own = stemmer.stem(word);
    for &at in splits.iter().rev() {
        let (head, tail) = word.split_at(at);
        if tail.chars().count() >= MIN_TAIL && written.contains(tail) {
            let head = stemmer.stem(head);
            // Not the word's own stem and an ending that happens to be a word (`maanant` + `aina`).
            if head.chars().count() >= MIN_PART && head != own && postings.contains_key(head.as_str()) {
                return Some((head, stemmer.stem(tail)));
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(title: &str, html: &str) -> PageWords {
        PageWords::new(Stemmer::Finnish, title, "", html, None)
    }

    #[test]
    fn a_word_keeps_its_best_place_in_a_section() {
        let words = page("Takuu", "<p>takuu ja lupaus</p><h2 id=\"a\">Lupaus</h2><p>lupaus</p>");
        let mut places: Vec<(u32, Field, &str)> = words.terms.iter().map(|t| (t.0, t.1, &*t.2)).collect();
        places.sort_by_key(|&(section, _, word)| (section, word));
        assert_eq!(
            places,
            [
                (0, Field::Text, "ja"),
                (0, Field::Text, "lupaus"),
                (0, Field::Title, "takuu"),
                (1, Field::Heading, "lupaus")
            ]
        );
    }

    #[test]
    fn base36_postings() {
        assert_eq!(encode(&[(0, Field::Title), (12, Field::Text), (400, Field::Heading)]), "2 10 wd");
        assert_eq!(front_coded(["aika", "aikoa", "ei", "äiti"].into_iter()), "0aika,3oa,0ei,0äiti");
    }

    #[test]
    fn compounds_split_into_words_the_guide_uses() {
        let a = page("Asiakas", "<p>Hyvä asiakas maksaa.</p>");
        let b = page("Suhde", "<p>Asiakassuhteessa on rajat. Suhteessa kaikki.</p>");
        let pages = [
            Listed { title: "Asiakas", path: "a/", section: None, words: &a },
            Listed { title: "Suhde", path: "b/", section: None, words: &b },
        ];
        let files = build("fi", Stemmer::Finnish, &pages);
        let index = String::from_utf8(files[0].1.clone()).unwrap();
        let json: serde_json::Value = serde_json::from_str(
            index.lines().nth(1).unwrap().strip_prefix("rajatSearch.index(").unwrap().strip_suffix(");").unwrap(),
        )
        .unwrap();
        let mut stems: Vec<String> = Vec::new();
        for coded in json["stems"].as_str().unwrap().split(',') {
            let shared = usize::from_str_radix(&coded[..1], 36).unwrap();
            let before = stems.last().cloned().unwrap_or_default();
            stems.push(before.chars().take(shared).chain(coded[1..].chars()).collect());
        }
        let postings: Vec<&str> = json["postings"].as_str().unwrap().split(',').collect();
        let asiakas = stems.iter().position(|s| *s == Stemmer::Finnish.stem("asiakas")).unwrap();
        // Page a's title (section 0, field 2), and page b's text, through the compound (section 1, field 0).
        assert_eq!(postings[asiakas], "2 3");
    }

    #[test]
    fn a_compound_splits_by_its_first_part_s_stem_when_its_last_part_is_a_word() {
        let stem = |w: &str| Stemmer::Finnish.stem(w);
        let pages = page("Viesti", "<p>Julkaisun viesti. Julkaisuviesti. Maanantaina ei aina.</p>");
        let written: HashSet<&str, Hasher> = pages.terms.iter().map(|t| &*t.2).collect();
        let mut postings: HashMap<&str, Vec<(u32, Field)>, Hasher> = HashMap::default();
        for (_, _, _, s) in &pages.terms {
            postings.entry(s).or_default();
        }
        assert_eq!(
            split_compound(Stemmer::Finnish, "julkaisuviesti", &written, &postings),
            Some((stem("julkaisu"), stem("viesti")))
        );
        // "aina" is a word, but "maanant" is the word's own stem: an ending, not a compound.
        assert_eq!(split_compound(Stemmer::Finnish, "maanantaina", &written, &postings), None);
    }
}

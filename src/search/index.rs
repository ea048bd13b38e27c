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

use std::collections::{BTreeMap, HashMap, HashSet};

use super::Stemmer;
use super::html::{Section, sections};

/// Text per `text-N.js` file, about: a result's snippet costs the reader one such file.
pub const CHUNK_BYTES: usize = 32_000;

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
    /// `(section, field, word, stem)`, one per word and section, best field kept.
    pub terms: Vec<(u32, Field, Box<str>, Box<str>)>,
}

impl PageWords {
    /// The words of a page with `title`, `description` and body `html`, stemmed with `stemmer`.
    pub fn new(stemmer: Stemmer, title: &str, description: &str, html: &str) -> PageWords {
        let mut sections = sections(html);
        if !description.is_empty() {
            let first = &mut sections[0].text;
            *first = if first.is_empty() { description.to_string() } else { format!("{description} {first}") };
        }
        let mut best: HashMap<(u32, String), Field> = HashMap::new();
        let mut note = |section: usize, field: Field, text: &str| {
            for word in super::words(text) {
                let slot = best.entry((section as u32, word.text)).or_insert(field);
                *slot = (*slot).max(field);
            }
        };
        note(0, Field::Title, title);
        for (n, section) in sections.iter().enumerate() {
            if let Some((heading, _)) = &section.heading {
                note(n, Field::Heading, heading);
            }
            note(n, Field::Text, &section.text);
        }
        let mut terms: Vec<(u32, Field, Box<str>, Box<str>)> = best
            .into_iter()
            .map(|((section, word), field)| {
                let stem = stemmer.stem(&word).into_boxed_str();
                (section, field, word.into_boxed_str(), stem)
            })
            .collect();
        terms.sort_unstable();
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
    // Every stem's postings: section → best field.
    let mut postings: BTreeMap<&str, BTreeMap<u32, Field>> = BTreeMap::new();
    for (page, &first) in pages.iter().zip(&first_section) {
        for (section, field, _, stem) in &page.words.terms {
            let slot = postings.entry(stem).or_default().entry(first + section).or_insert(*field);
            *slot = (*slot).max(*field);
        }
    }
    let parts = if stemmer.compounds() { compound_parts(stemmer, pages, &postings) } else { Vec::new() };
    let mut postings: BTreeMap<String, BTreeMap<u32, Field>> =
        postings.into_iter().map(|(stem, places)| (stem.to_string(), places)).collect();
    for (stem, section) in parts {
        postings.entry(stem).or_default().entry(section).or_insert(Field::Text);
    }

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

    let listed: Vec<serde_json::Value> = pages
        .iter()
        .enumerate()
        .map(|(n, page)| {
            serde_json::json!([
                page.title,
                page.path,
                page.section.unwrap_or(""),
                first_section[n],
                page.words.sections.len(),
                chunk_of[n]
            ])
        })
        .collect();
    let headings: Vec<&str> = pages
        .iter()
        .flat_map(|page| &page.words.sections)
        .flat_map(|s| match &s.heading {
            Some((text, id)) => [text.as_str(), id.as_str()],
            None => ["", ""],
        })
        .collect();
    let stems = front_coded(postings.keys().map(String::as_str));
    let places: Vec<String> = postings.values().map(encode).collect();
    let places = places.join(",");
    let index = serde_json::json!({
        "language": code,
        "stemmer": stemmer.name(),
        "chunks": chunks.len(),
        "pages": listed,
        "headings": headings,
        "stems": stems,
        "postings": places,
    });
    let mut files = vec![("index.js".to_string(), script(&format!("rajatSearch.index({index});")))];
    for (n, (first, texts)) in chunks.iter().enumerate() {
        let chunk = serde_json::json!({ "first": first, "text": texts });
        let code = serde_json::to_string(code).unwrap_or_default();
        files.push((format!("text-{n}.js"), script(&format!("rajatSearch.text({code}, {n}, {chunk});"))));
    }
    files
}

/// A script file's bytes: a note on what it is, then `code`.
fn script(code: &str) -> Vec<u8> {
    format!("// rajat's search index, made by `rajat build`: see src/search/index.rs.\n{code}\n").into_bytes()
}

/// Each place as its distance from the one before × 3 + its field, in base 36, separated by spaces.
fn encode(places: &BTreeMap<u32, Field>) -> String {
    let mut out = String::with_capacity(places.len() * 3);
    let mut before = 0;
    for (&section, &field) in places {
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
    postings: &BTreeMap<&str, BTreeMap<u32, Field>>,
) -> Vec<(String, u32)> {
    let written: HashSet<&str> = pages.iter().flat_map(|p| p.words.terms.iter().map(|t| &*t.2)).collect();
    let mut split: HashMap<&str, Option<(String, String)>> = HashMap::new();
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
    written: &HashSet<&str>,
    postings: &BTreeMap<&str, BTreeMap<u32, Field>>,
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
        PageWords::new(Stemmer::Finnish, title, "", html)
    }

    #[test]
    fn a_word_keeps_its_best_place_in_a_section() {
        let words = page("Takuu", "<p>takuu ja lupaus</p><h2 id=\"a\">Lupaus</h2><p>lupaus</p>");
        let places: Vec<(u32, Field, &str)> = words.terms.iter().map(|t| (t.0, t.1, &*t.2)).collect();
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
        let places: BTreeMap<u32, Field> = [(0, Field::Title), (12, Field::Text), (400, Field::Heading)].into();
        assert_eq!(encode(&places), "2 10 wd");
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
        let written: HashSet<&str> = pages.terms.iter().map(|t| &*t.2).collect();
        let mut postings: BTreeMap<&str, BTreeMap<u32, Field>> = BTreeMap::new();
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

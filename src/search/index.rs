//! The search index of one language, as the browser reads it: scripts, not
//! JSON to fetch, so that search works from disk (`file://`) as well as from
//! a server, under `default-src 'self'`.
//!
//! It is split so that a query loads only what it needs, however big the
//! guide: `index.js` says how the rest is split; each `stems-N.js` holds a
//! range of the sorted stems with the places each occurs (its postings),
//! about [`SHARD_BYTES`] a file; each `text-N.js` holds whole pages in
//! reading order, about [`CHUNK_BYTES`] a file: their titles, addresses and
//! headings, and the text the snippets are cut from. A query loads
//! `index.js` once, the stems files its words fall in, and the text files
//! of the results it shows.
//!
//! ```text
//! rajatSearch.index({"language":"fi","stemmer":"finnish",
//!   "sections":"5,7,3,…",        // per page in reading order, how many sections (base 36)
//!   "chunks":[0,9,…],             // the first page of each text-N.js
//!   "shards":["","kiel",…]})      // the first stem of each stems-N.js
//! rajatSearch.stems("fi", N, {"stems":"0aika,3oinen,…",   // sorted; each after how many letters it shares with the one before (base 36)
//!   "postings":"2 1c 3,5 …"})                               // per stem (","), its places (" ")
//! rajatSearch.text("fi", N, {"first":page,
//!   "pages":[[title, path, section], …],  // section: the title of the guide's section the page is in, or ""
//!   "headings":[heading, anchor, …],      // two per section; "" before the first heading
//!   "text":[text, …]})                    // one per section
//! ```
//!
//! A page's sections are the part before its first heading (the
//! description first), then one per heading; they are numbered through the
//! whole language in reading order. A place is a section and a field, where
//! in it the stem is: 2 the page's title, 1 a heading, 0 the text; it is
//! written in base 36 as the section's distance from the stem's place
//! before (from 0 for the first) × 3 + the field. A stem names each section
//! once, with the best field it has there. Stems are sorted as the browser
//! compares strings (by UTF-16 code units), so that it finds them by
//! bisection; sharing the start of sorted stems and writing sections as
//! distances keep the files near half the size of plain JSON arrays.

use std::cell::RefCell;
use std::cmp::Ordering;
use std::io::Write;

use hashbrown::HashTable;
use rayon::prelude::*;

use super::html::{Section, sections};
use super::{Stemmer, WordReader};

/// Stems and postings per `stems-N.js`, about: what one word of a query costs the reader at most,
/// unless its own postings are longer.
pub const SHARD_BYTES: usize = 16_000;

/// Titles, headings and text per `text-N.js`, about: a result costs the reader one such file.
pub const CHUNK_BYTES: usize = 16_000;

/// A language with more pages than this is indexed by its pages' titles,
/// descriptions and headings, not the text under them: see [`Depth`].
pub const TEXT_UP_TO: usize = 300;

/// How much of a language's pages its index holds, by how many pages it
/// has. Reading every word costs a build about half again its time,
/// whatever its size (a page's words cost about what its Markdown does):
/// nothing next to a small guide's build, more than the tenth a big
/// guide's may pay (see the README's Performance). Its headings cost about
/// a twentieth, and the index stays split however big the guide is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Depth {
    /// Every word: titles, descriptions, headings and the text under them.
    Text,
    /// Titles, descriptions and headings.
    Headings,
}

impl Depth {
    /// The depth of a language of `pages` pages.
    pub fn of_language(pages: usize) -> Depth {
        if pages > TEXT_UP_TO { Depth::Headings } else { Depth::Text }
    }
}

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
/// the best place it has in each section. Made as the page renders (in
/// parallel), kept by `serve` between edits; stems are made once per
/// language and word when the index is (see [`build`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PageWords {
    /// How much of the page was read.
    pub depth: Depth,
    /// The page's sections: the part before its first heading (with the
    /// description), then one per heading.
    pub sections: Vec<Section>,
    /// The page's distinct words, one after another: word `n` ends at `ends[n]`.
    words: String,
    ends: Vec<u32>,
    /// One per word and section, best field kept, in the order of sections.
    terms: Vec<Term>,
}

/// A word of a page in one of its sections.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Term {
    section: u32,
    field: Field,
    /// Its number among the page's words.
    word: u32,
}

/// What reading a page's words reuses from one page to the next, per thread.
#[derive(Default)]
struct PageReader {
    words: WordReader,
    /// The page's words so far, by their hash: their numbers.
    table: HashTable<u32>,
    /// Per word of the page: the last section it was noted in (+ 1) and its term there.
    last: Vec<(u32, u32)>,
}

thread_local! {
    static READER: RefCell<PageReader> = RefCell::default();
}

impl PageWords {
    /// The words of a page with `title`, `description` and body `html`, as
    /// deep as `depth` says: every word, or its headings (read from the
    /// HTML alone).
    pub fn new(depth: Depth, title: &str, description: &str, html: &str) -> PageWords {
        let sections = match depth {
            Depth::Text => sections(html, None),
            Depth::Headings => sections(html, Some(0)),
        };
        PageWords::of_sections(depth, title, description, sections)
    }

    /// The words of a page with `title`, `description` and `sections`
    /// (those of its body as deep as `depth` reads it, the first being the
    /// part before any heading).
    pub fn of_sections(depth: Depth, title: &str, description: &str, mut sections: Vec<Section>) -> PageWords {
        if sections.is_empty() {
            sections.push(Section::default());
        }
        if !description.is_empty() {
            let first = &mut sections[0].text;
            *first = if first.is_empty() { description.to_string() } else { format!("{description} {first}") };
        }
        let mut page = PageWords { depth, sections, words: String::new(), ends: Vec::new(), terms: Vec::new() };
        READER.with_borrow_mut(|reader| {
            let PageReader { words: reader, table, last } = reader;
            table.clear();
            last.clear();
            let PageWords { sections, words, ends, terms, .. } = &mut page;
            let mut note = |section: u32, field: Field, text: &str| {
                reader.read(text, |_, _, word| {
                    let hash = hash_word(word);
                    let n = match table.find(hash, |&n| is_word_at(words, ends, n, word)) {
                        Some(&n) => n,
                        None => {
                            let n = ends.len() as u32;
                            words.push_str(word);
                            ends.push(words.len() as u32);
                            table.insert_unique(hash, n, |&m| hash_word(word_at(words, ends, m)));
                            last.push((0, 0));
                            n
                        }
                    };
                    let (seen, at) = &mut last[n as usize];
                    if *seen == section + 1 {
                        let term = &mut terms[*at as usize];
                        term.field = term.field.max(field);
                    } else {
                        *seen = section + 1;
                        *at = terms.len() as u32;
                        terms.push(Term { section, field, word: n });
                    }
                });
            };
            note(0, Field::Title, title);
            for (n, section) in sections.iter().enumerate() {
                if let Some((heading, _)) = &section.heading {
                    note(n as u32, Field::Heading, heading);
                }
                note(n as u32, Field::Text, &section.text);
            }
        });
        page.words.shrink_to_fit();
        page.ends.shrink_to_fit();
        page.terms.shrink_to_fit();
        page
    }

    /// The page's distinct words.
    pub fn words(&self) -> impl Iterator<Item = &str> {
        (0..self.ends.len() as u32).map(|n| word_at(&self.words, &self.ends, n))
    }

    /// Each word in each section it is in, with its best field there, in the order of sections.
    pub fn terms(&self) -> impl Iterator<Item = (u32, Field, &str)> {
        self.terms.iter().map(|t| (t.section, t.field, word_at(&self.words, &self.ends, t.word)))
    }
}

/// Word `n` of the words `words` written one after another, ending at `ends`.
fn word_at<'a>(words: &'a str, ends: &[u32], n: u32) -> &'a str {
    let n = n as usize;
    let start = if n == 0 { 0 } else { ends[n - 1] as usize };
    &words[start..ends[n] as usize]
}

/// Whether word `n` of `words` (see [`word_at`]) is `word`: bytes compared, no character boundaries checked.
fn is_word_at(words: &str, ends: &[u32], n: u32, word: &str) -> bool {
    let n = n as usize;
    let start = if n == 0 { 0 } else { ends[n - 1] as usize };
    words.as_bytes().get(start..ends[n] as usize) == Some(word.as_bytes())
}

/// The hash of search's tables, whose keys are words: xxh3, which is quick on
/// short strings (std's SipHash guards against floods of chosen keys, and
/// costs several times more; a guide's words are the owner's own).
fn hash_word(word: &str) -> u64 {
    xxhash_rust::xxh3::xxh3_64(word.as_bytes())
}

/// Strings numbered in the order they first came, each once.
#[derive(Default)]
struct Numbered<'a> {
    table: HashTable<u32>,
    all: Vec<&'a str>,
}

impl<'a> Numbered<'a> {
    /// The number of `s`, given one if it has none.
    fn number(&mut self, s: &'a str) -> u32 {
        let hash = hash_word(s);
        let Numbered { table, all } = self;
        match table.find(hash, |&n| all[n as usize] == s) {
            Some(&n) => n,
            None => {
                let n = all.len() as u32;
                all.push(s);
                table.insert_unique(hash, n, |&m| hash_word(all[m as usize]));
                n
            }
        }
    }

    /// The number of `s`, if it has one.
    fn get(&self, s: &str) -> Option<u32> {
        self.table.find(hash_word(s), |&n| self.all[n as usize] == s).copied()
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
    // The language's words, each once; each page's words by their number in the language.
    let mut words = Numbered::default();
    let numbers: Vec<Vec<u32>> = pages.iter().map(|p| p.words.words().map(|w| words.number(w)).collect()).collect();
    // Each word stemmed once, the words in parallel.
    let stemmed: Vec<String> = words.all.par_iter().with_min_len(256).map(|w| stemmer.stem(w)).collect();
    let mut stems = Numbered::default();
    let stem_of: Vec<u32> = stemmed.iter().map(|s| stems.number(s)).collect();
    // The parts of compounds, once per word.
    let parts: Vec<Option<(u32, u32)>> = if stemmer.compounds() {
        words
            .all
            .par_iter()
            .with_min_len(256)
            .map(|word| {
                let known = |w: &str| words.get(w).is_some();
                let (head, tail) = split_compound(stemmer, word, &known, &|s| stems.get(s).is_some())?;
                Some((stems.get(&head)?, stems.get(&tail)?))
            })
            .collect()
    } else {
        Vec::new()
    };

    // Every stem's places, in the order of sections (pages come in order, and their terms by section).
    let mut places: Vec<Vec<u32>> = vec![Vec::new(); stems.all.len()];
    let mut first = 0u32;
    for (page, numbers) in pages.iter().zip(&numbers) {
        for term in &page.words.terms {
            let section = first + term.section;
            let word = numbers[term.word as usize] as usize;
            add_place(&mut places[stem_of[word] as usize], section, term.field);
            if let Some(&Some((head, tail))) = parts.get(word) {
                add_place(&mut places[head as usize], section, Field::Text);
                add_place(&mut places[tail as usize], section, Field::Text);
            }
        }
        first += page.words.sections.len() as u32;
    }
    let mut sorted: Vec<u32> = (0..stems.all.len() as u32).collect();
    sorted.sort_unstable_by(|&a, &b| browser_order(stems.all[a as usize], stems.all[b as usize]));

    let mut files = vec![(String::new(), Vec::new())];
    let quoted = json(code);
    // The stems, in files of about SHARD_BYTES.
    let mut shards: Vec<&str> = Vec::new();
    let (mut coded, mut postings) = (String::new(), String::new());
    let mut before = "";
    let mut stems_file = |n: usize, coded: &mut String, postings: &mut String| {
        let mut out = Vec::with_capacity(coded.len() + postings.len() + 120);
        out.extend_from_slice(HEADER.as_bytes());
        let _ = write!(out, "rajatSearch.stems({quoted}, {n}, {{\"stems\":");
        push_json(&mut out, coded);
        out.extend_from_slice(b",\"postings\":");
        push_json(&mut out, postings);
        out.extend_from_slice(b"});\n");
        files.push((format!("stems-{n}.js"), out));
        coded.clear();
        postings.clear();
    };
    for &id in &sorted {
        let stem = stems.all[id as usize];
        if shards.is_empty() || coded.len() + postings.len() >= SHARD_BYTES {
            if !shards.is_empty() {
                stems_file(shards.len() - 1, &mut coded, &mut postings);
            }
            // The first file starts at the start: a stem before every other is in it.
            shards.push(if shards.is_empty() { "" } else { stem });
            before = "";
        } else {
            coded.push(',');
            postings.push(',');
        }
        front_code(&mut coded, before, stem);
        encode(&mut postings, &places[id as usize]);
        before = stem;
    }
    if shards.is_empty() {
        shards.push("");
    }
    stems_file(shards.len() - 1, &mut coded, &mut postings);

    // The pages, with their text, in files of about CHUNK_BYTES.
    let mut chunks = Vec::new();
    let mut from = 0;
    while from < pages.len() {
        let mut size = 0;
        let mut to = from;
        while to < pages.len() && (to == from || size < CHUNK_BYTES) {
            let page = &pages[to];
            size += page.title.len() + page.path.len() + page.section.map_or(0, str::len) + 20;
            for section in &page.words.sections {
                size += section.text.len() + section.heading.as_ref().map_or(6, |(h, a)| h.len() + a.len() + 6);
            }
            to += 1;
        }
        chunks.push(from);
        files.push((
            format!("text-{}.js", chunks.len() - 1),
            text_file(&quoted, chunks.len() - 1, from, &pages[from..to]),
        ));
        from = to;
    }

    let mut index = Vec::with_capacity(64 + 3 * pages.len() + 16 * shards.len());
    index.extend_from_slice(HEADER.as_bytes());
    index.extend_from_slice(b"rajatSearch.index({\"language\":");
    push_json(&mut index, code);
    index.extend_from_slice(b",\"stemmer\":");
    match stemmer.name() {
        Some(name) => push_json(&mut index, name),
        None => index.extend_from_slice(b"null"),
    }
    index.extend_from_slice(b",\"sections\":\"");
    let mut counts = String::with_capacity(3 * pages.len());
    for (n, page) in pages.iter().enumerate() {
        if n > 0 {
            counts.push(',');
        }
        push_base36(&mut counts, page.words.sections.len() as u32);
    }
    index.extend_from_slice(counts.as_bytes());
    index.extend_from_slice(b"\",\"chunks\":");
    let _ = serde_json::to_writer(&mut index, &chunks);
    index.extend_from_slice(b",\"shards\":");
    let _ = serde_json::to_writer(&mut index, &shards);
    index.extend_from_slice(b"});\n");
    files[0] = ("index.js".to_string(), index);
    files
}

/// What each index file starts with: what it is.
const HEADER: &str = "// rajat's search index, made by `rajat build`: see src/search/index.rs.\n";

/// A `text-N.js`: the pages `pages`, the first being page `first` of the language.
fn text_file(quoted: &str, n: usize, first: usize, pages: &[Listed]) -> Vec<u8> {
    let mut out = Vec::with_capacity(CHUNK_BYTES + CHUNK_BYTES / 4);
    out.extend_from_slice(HEADER.as_bytes());
    let _ = write!(out, "rajatSearch.text({quoted}, {n}, {{\"first\":{first},\"pages\":[");
    for (n, page) in pages.iter().enumerate() {
        out.extend_from_slice(if n == 0 { b"[" } else { b",[" });
        push_json(&mut out, page.title);
        out.push(b',');
        push_json(&mut out, page.path);
        out.push(b',');
        push_json(&mut out, page.section.unwrap_or(""));
        out.push(b']');
    }
    out.extend_from_slice(b"],\"headings\":[");
    let sections = pages.iter().flat_map(|p| &p.words.sections);
    for (n, section) in sections.clone().enumerate() {
        if n > 0 {
            out.push(b',');
        }
        let (heading, anchor) = section.heading.as_ref().map_or(("", ""), |(h, a)| (h, a));
        push_json(&mut out, heading);
        out.push(b',');
        push_json(&mut out, anchor);
    }
    out.extend_from_slice(b"],\"text\":[");
    for (n, section) in sections.enumerate() {
        if n > 0 {
            out.push(b',');
        }
        push_json(&mut out, &section.text);
    }
    out.extend_from_slice(b"]});\n");
    out
}

/// Appends `s` as a JSON string, as serde_json writes it. Most strings of
/// an index need no escaping: one scan (which the compiler vectorizes),
/// one copy; the text's quotes and backslashes are found with memchr.
fn push_json(out: &mut Vec<u8>, s: &str) {
    let bytes = s.as_bytes();
    let (special, control) = bytes
        .iter()
        .fold((false, false), |(special, control), &b| (special | (b == b'"') | (b == b'\\'), control | (b < 0x20)));
    if control {
        // A string always serializes, and a Vec takes any write.
        let _ = serde_json::to_writer(out, s);
        return;
    }
    out.reserve(bytes.len() + 2);
    out.push(b'"');
    let mut from = 0;
    if special {
        for at in memchr::memchr2_iter(b'"', b'\\', bytes) {
            out.extend_from_slice(&bytes[from..at]);
            out.extend_from_slice(&[b'\\', bytes[at]]);
            from = at + 1;
        }
    }
    out.extend_from_slice(&bytes[from..]);
    out.push(b'"');
}

/// `s` as a JSON string.
fn json(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_default()
}

/// Adds a place to a stem's places, which come in the order of sections:
/// one per section (`section << 2 | field`), its best field.
fn add_place(places: &mut Vec<u32>, section: u32, field: Field) {
    let place = section << 2 | field as u32;
    match places.last_mut() {
        Some(last) if *last >> 2 == section => *last = (*last).max(place),
        _ => places.push(place),
    }
}

/// Appends each place as its distance from the one before × 3 + its field, in base 36, separated by spaces.
fn encode(out: &mut String, places: &[u32]) {
    let mut before = 0;
    for (n, &place) in places.iter().enumerate() {
        if n > 0 {
            out.push(' ');
        }
        let section = place >> 2;
        push_base36(out, (section - before) * 3 + (place & 3));
        before = section;
    }
}

/// Appends `stem` after a base-36 digit saying how many letters (at most
/// 35) it shares with `before`.
fn front_code(out: &mut String, before: &str, stem: &str) {
    let mut shared = 0;
    let mut at = 0;
    for (a, b) in before.chars().zip(stem.chars()) {
        if a != b || shared == 35 {
            break;
        }
        shared += 1;
        at += a.len_utf8();
    }
    push_base36(out, shared);
    out.push_str(&stem[at..]);
}

/// The order in which the browser's `<` puts two strings: by UTF-16 code
/// units, which differs from Rust's (by code points) only between a
/// character past U+FFFF and one from U+E000 to U+FFFF.
fn browser_order(a: &str, b: &str) -> Ordering {
    let (x, y) = (a.as_bytes(), b.as_bytes());
    let Some(at) = x.iter().zip(y).position(|(p, q)| p != q) else { return x.len().cmp(&y.len()) };
    let (p, q) = (x[at], y[at]);
    // Where two strings first differ in a leading byte: 0xF0 and up start a
    // character past U+FFFF (two UTF-16 surrogates, from 0xD800), 0xEE and
    // 0xEF one from U+E000.
    let past = |b: u8| b >= 0xF0;
    let high = |b: u8| (0xEE..=0xEF).contains(&b);
    if (past(p) && high(q)) || (high(p) && past(q)) { q.cmp(&p) } else { p.cmp(&q) }
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

/// The stems of the two parts `word` is made of, when it is a compound of
/// the guide's words (`asiakassuhteessa` → `asiakas` + `suhteessa`);
/// `is_word` says whether a string is a word of the guide as written,
/// `is_stem` whether it is a stem of one. A word is split where its first
/// part is a word of the guide and the rest's stem is a stem of the guide;
/// failing that, where the rest is a word of the guide of at least
/// [`MIN_TAIL`] letters and the first part's stem is a stem of the guide
/// (`julkaisu` + `viesti`, `kieltäytymis` + `kirjeitä`). Cheap (a look-up
/// per letter, a stem, remembered, only for long words; once per word of
/// the language), and it splits only into words the guide uses. On this
/// guide's 745 Finnish words of 11 letters or more, it splits 94, about one
/// in fifteen wrongly (`seuraa` + `vasta`); it misses compounds whose parts
/// the guide never uses alone (`ihanne-`, `maanantai-`).
fn split_compound(
    stemmer: Stemmer,
    word: &str,
    is_word: &dyn Fn(&str) -> bool,
    is_stem: &dyn Fn(&str) -> bool,
) -> Option<(String, String)> {
    let bounds: Vec<usize> = word.char_indices().map(|(at, _)| at).collect();
    if bounds.len() < 2 * MIN_PART {
        return None;
    }
    let splits = &bounds[MIN_PART..=bounds.len() - MIN_PART];
    // The longest first part wins: `kokonaishinta` is `kokonais` + `hinta`.
    for &at in splits.iter().rev() {
        let (head, tail) = word.split_at(at);
        if is_word(head) {
            let tail = stemmer.stem(tail);
            if is_stem(&tail) {
                return Some((stemmer.stem(head), tail));
            }
        }
    }
    let own = stemmer.stem(word);
    for &at in splits.iter().rev() {
        let (head, tail) = word.split_at(at);
        if tail.chars().count() >= MIN_TAIL && is_word(tail) {
            let head = stemmer.stem(head);
            // Not the word's own stem and an ending that happens to be a word (`maanant` + `aina`).
            if head.chars().count() >= MIN_PART && head != own && is_stem(&head) {
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
        PageWords::new(Depth::Text, title, "", html)
    }

    /// The stems and their postings of a built index's stems files, in order.
    fn stems_of(files: &[(String, Vec<u8>)]) -> Vec<(String, String)> {
        let mut out = Vec::new();
        for (name, bytes) in files.iter().filter(|(name, _)| name.starts_with("stems-")) {
            let text = String::from_utf8(bytes.clone()).unwrap();
            let line = text.lines().nth(1).unwrap();
            let json = &line[line.find('{').unwrap()..line.len() - 2];
            let json: serde_json::Value = serde_json::from_str(json).unwrap_or_else(|e| panic!("{name}: {e}"));
            let mut before = String::new();
            let postings: Vec<&str> = json["postings"].as_str().unwrap().split(',').collect();
            for (coded, postings) in json["stems"].as_str().unwrap().split(',').zip(postings) {
                let shared = usize::from_str_radix(&coded[..1], 36).unwrap();
                let stem: String = before.chars().take(shared).chain(coded[1..].chars()).collect();
                out.push((stem.clone(), postings.to_string()));
                before = stem;
            }
        }
        out
    }

    #[test]
    fn a_word_keeps_its_best_place_in_a_section() {
        let words = page("Takuu", "<p>takuu ja lupaus</p><h2 id=\"a\">Lupaus</h2><p>lupaus</p>");
        let mut places: Vec<(u32, Field, &str)> = words.terms().collect();
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
        assert_eq!(words.words().collect::<Vec<_>>(), ["takuu", "ja", "lupaus"], "each word once");
    }

    #[test]
    fn the_depth_follows_the_number_of_pages() {
        assert_eq!(Depth::of_language(TEXT_UP_TO), Depth::Text);
        assert_eq!(Depth::of_language(TEXT_UP_TO + 1), Depth::Headings);
        assert_eq!(Depth::of_language(100_000), Depth::Headings);
        let html = "<p>Windmills.</p><h2 id=\"h\">Harbours</h2><p>Castles.</p>";
        let words = |depth| PageWords::new(depth, "Title", "Lighthouses.", html).words().collect::<Vec<_>>().join(" ");
        assert_eq!(words(Depth::Text), "title lighthouses windmills harbours castles");
        assert_eq!(words(Depth::Headings), "title lighthouses harbours");
    }

    #[test]
    fn json_strings_are_written_as_serde_json_writes_them() {
        let long = "a \"long\" text with a \\ and ä, ".repeat(5);
        let long_control = format!("{long}\n");
        for s in ["plain", "a \"quote\" and a \\", "tab\there\u{1}\u{1f}", "ä\u{2028}€", "", &long, &long_control] {
            let mut out = Vec::new();
            push_json(&mut out, s);
            assert_eq!(String::from_utf8(out).unwrap(), serde_json::to_string(s).unwrap());
        }
    }

    #[test]
    fn base36_postings_and_front_coding() {
        let mut out = String::new();
        encode(&mut out, &[2, 12 << 2, 400 << 2 | 1]);
        assert_eq!(out, "2 10 wd");
        let mut out = String::new();
        let mut before = "";
        for stem in ["aika", "aikoa", "ei", "äiti"] {
            if !out.is_empty() {
                out.push(',');
            }
            front_code(&mut out, before, stem);
            before = stem;
        }
        assert_eq!(out, "0aika,3oa,0ei,0äiti");
    }

    #[test]
    fn stems_are_sorted_as_the_browser_compares_strings() {
        // U+FF21 (fullwidth A) is after U+1F600 (an emoji) in Rust's order, before it in UTF-16's.
        let mut stems = vec!["\u{1F600}", "\u{FF21}", "b", "a", "ä", "ab"];
        stems.sort_by(|a, b| browser_order(a, b));
        assert_eq!(stems, ["a", "ab", "b", "ä", "\u{1F600}", "\u{FF21}"]);
        let utf16 = |s: &str| s.encode_utf16().collect::<Vec<_>>();
        assert!(stems.windows(2).all(|w| utf16(w[0]) < utf16(w[1])));
    }

    #[test]
    fn a_big_index_is_split_by_stems_and_pages() {
        // Many distinct words, so that the stems need several files.
        let texts: Vec<PageWords> = (0..1200)
            .map(|n| page(&format!("Sivu {n}"), &format!("<p>sana{n}a sana{n}b sana{n}c pitkä{n} teksti</p>")))
            .collect();
        let pages: Vec<Listed> = texts
            .iter()
            .enumerate()
            .map(|(n, words)| Listed { title: "t", path: if n % 2 == 0 { "a/" } else { "b/" }, section: None, words })
            .collect();
        let files = build("fi", Stemmer::Finnish, &pages);
        let index = String::from_utf8(files[0].1.clone()).unwrap();
        let json =
            index.lines().nth(1).unwrap().strip_prefix("rajatSearch.index(").unwrap().strip_suffix(");").unwrap();
        let index: serde_json::Value = serde_json::from_str(json).unwrap();
        let shards: Vec<&str> = index["shards"].as_array().unwrap().iter().map(|s| s.as_str().unwrap()).collect();
        assert!(shards.len() > 1 && shards[0].is_empty(), "{shards:?}");
        assert_eq!(files.iter().filter(|(n, _)| n.starts_with("stems-")).count(), shards.len());
        // Each file starts at its stem, in order, and holds the stems up to the next one's.
        let all = stems_of(&files);
        assert!(all.windows(2).all(|w| browser_order(&w[0].0, &w[1].0) == Ordering::Less), "sorted, each once");
        for (n, first) in shards.iter().enumerate().skip(1) {
            let text =
                String::from_utf8(files.iter().find(|(name, _)| *name == format!("stems-{n}.js")).unwrap().1.clone())
                    .unwrap();
            assert!(text.contains(&format!("\"stems\":\"0{first}")), "stems-{n}.js starts with {first}");
        }
        assert!(files.iter().all(|(_, bytes)| bytes.len() < SHARD_BYTES + CHUNK_BYTES), "no file much past its size");
        // The pages' text, in order: every page in one chunk.
        let chunks: Vec<u64> = index["chunks"].as_array().unwrap().iter().map(|c| c.as_u64().unwrap()).collect();
        assert!(chunks.len() > 1 && chunks[0] == 0 && chunks.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(index["sections"].as_str().unwrap().split(',').count(), 1200);
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
        let stems = stems_of(&files);
        let asiakas = stems.iter().find(|(s, _)| *s == Stemmer::Finnish.stem("asiakas")).unwrap();
        // Page a's title (section 0, field 2), and page b's text, through the compound (section 1, field 0).
        assert_eq!(asiakas.1, "2 3");
    }

    #[test]
    fn a_compound_splits_by_its_first_part_s_stem_when_its_last_part_is_a_word() {
        let stem = |w: &str| Stemmer::Finnish.stem(w);
        let page = page("Viesti", "<p>Julkaisun viesti. Julkaisuviesti. Maanantaina ei aina.</p>");
        let written: Vec<&str> = page.words().collect();
        let stems: Vec<String> = written.iter().map(|w| stem(w)).collect();
        let is_word = |w: &str| written.contains(&w);
        let is_stem = |s: &str| stems.iter().any(|t| t == s);
        assert_eq!(
            split_compound(Stemmer::Finnish, "julkaisuviesti", &is_word, &is_stem),
            Some((stem("julkaisu"), stem("viesti")))
        );
        // "aina" is a word, but "maanant" is the word's own stem: an ending, not a compound.
        assert_eq!(split_compound(Stemmer::Finnish, "maanantaina", &is_word, &is_stem), None);
    }
}

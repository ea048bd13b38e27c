//! Leaf: what search needs of a language — its words and their stems —
//! and the index the theme's search box reads (`index.rs`).
//!
//! The browser reduces a reader's query to stems with the same Snowball
//! algorithms (`src/front-end/stemmers/`) and the same reading of words
//! (`words` here, `words` in `src/front-end/search.js`): the two must agree
//! word for word, which `tests/search.rs` and `tests/browser/search-stems.test.mjs`
//! check on one shared table (`tests/fixtures/search/stems.tsv`).

pub mod html;
pub mod index;

use std::cell::RefCell;
use std::collections::HashMap;

/// One word of a text: where it is (byte offsets) and its lowercase form.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Word {
    /// Where it starts in the text.
    pub start: usize,
    /// Where it ends.
    pub end: usize,
    /// Lowercase, a typographic apostrophe (’) written as `'`.
    pub text: String,
}

/// The words of `text`: runs of letters and digits of any script. An
/// apostrophe between two letters belongs to the word (`don't`, `client’s`);
/// quotation marks around words do not (`“no”`, `”ei”`). A hyphenated
/// compound gives its parts and then the whole written without hyphens
/// (`asiakas-suhde` → `asiakas`, `suhde`, `asiakassuhde`), so that both
/// spellings find it.
pub fn words(text: &str) -> Vec<Word> {
    let mut out = Vec::new();
    WordReader::default().read(text, |start, end, word| out.push(Word { start, end, text: word.to_string() }));
    out
}

/// Reads words as [`words`] does, into buffers it keeps from one text to
/// the next: the index reads every word of a guide, and a word allocated
/// each time cost more than finding it.
#[derive(Default)]
pub struct WordReader {
    /// The word being read, lowercase.
    word: String,
    /// The hyphenated compound being read: its parts so far, joined.
    compound: String,
}

/// What kind of character a byte starts, for reading words a run of bytes at a time.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// An ASCII lowercase letter or a digit.
    Lower,
    /// An ASCII capital letter.
    Upper,
    /// A byte of a character outside ASCII: decoded and asked.
    Other,
    /// ASCII that is not a letter or digit (an apostrophe is asked about too).
    Space,
}

static KINDS: [Kind; 256] = {
    let mut kinds = [Kind::Other; 256];
    let mut b = 0;
    while b < 128 {
        let byte = b as u8;
        kinds[b] = if byte.is_ascii_uppercase() {
            Kind::Upper
        } else if byte.is_ascii_alphanumeric() {
            Kind::Lower
        } else {
            Kind::Space
        };
        b += 1;
    }
    kinds
};

fn kind(byte: u8) -> Kind {
    KINDS[usize::from(byte)]
}

impl WordReader {
    /// Calls `each` with every word of `text` in order, as [`words`] gives
    /// them: where it starts and ends in `text`, and its lowercase form.
    pub fn read(&mut self, text: &str, mut each: impl FnMut(usize, usize, &str)) {
        let WordReader { word, compound } = self;
        let bytes = text.as_bytes();
        // The compound being read: how many parts, where it starts and ends.
        let (mut parts, mut compound_start, mut compound_end) = (0, 0, 0);
        // Where the word before is in `text`, when it is there as it is (lowercase ASCII), not in `word`.
        let mut as_written = None;
        let mut i = 0;
        while i < bytes.len() {
            // Up to the next word.
            match kind(bytes[i]) {
                Kind::Space => {
                    i += 1;
                    continue;
                }
                Kind::Other => {
                    let c = char_at(text, i);
                    if !c.is_alphanumeric() {
                        i += c.len_utf8();
                        continue;
                    }
                }
                Kind::Lower | Kind::Upper => {}
            }
            let start = i;
            // A hyphen right between two words continues a compound; anything else ends it.
            let hyphen = hyphen_before(text, start);
            if !hyphen {
                if parts > 1 {
                    each(compound_start, compound_end, compound);
                }
                parts = 0;
                compound_start = start;
            } else if parts == 1 {
                // The compound's first part is the word just read.
                compound.clear();
                compound.push_str(as_written.map_or(word.as_str(), |(a, b)| &text[a..b]));
            }
            // Most words are lowercase ASCII ended by ASCII that is not an apostrophe: taken as they are.
            while i < bytes.len() && kind(bytes[i]) == Kind::Lower {
                i += 1;
            }
            let current = if i == bytes.len() || (kind(bytes[i]) == Kind::Space && bytes[i] != b'\'') {
                as_written = Some((start, i));
                &text[start..i]
            } else {
                as_written = None;
                read_word(text, start, &mut i, word);
                word.as_str()
            };
            if hyphen {
                compound.push_str(current);
            }
            parts += 1;
            compound_end = i;
            each(start, i, current);
        }
        if parts > 1 {
            each(compound_start, compound_end, compound);
        }
    }
}

/// Reads the word starting at byte `start` of `text` into `word`, lowercase,
/// `at` left where it ends: runs of ASCII letters copied at once, other
/// characters one by one.
fn read_word(text: &str, start: usize, at: &mut usize, word: &mut String) {
    let bytes = text.as_bytes();
    word.clear();
    let mut i = start;
    loop {
        let run = i;
        while i < bytes.len() && matches!(kind(bytes[i]), Kind::Lower | Kind::Upper) {
            i += 1;
        }
        if i > run {
            let from = word.len();
            word.push_str(&text[run..i]);
            word[from..].make_ascii_lowercase();
        }
        // Past the run, ASCII other than an apostrophe ends the word.
        if i == bytes.len() || (bytes[i] < 0x80 && bytes[i] != b'\'') {
            break;
        }
        let c = char_at(text, i);
        if c.is_alphanumeric() {
            push_lowercase(word, c);
        } else if (c == '\'' || c == '’')
            && char_before(text, i).is_some_and(char::is_alphabetic)
            && text[i + c.len_utf8()..].chars().next().is_some_and(char::is_alphabetic)
        {
            word.push('\'');
        } else {
            break;
        }
        i += c.len_utf8();
    }
    *at = i;
}

/// Whether a hyphen (`-` or U+2011) comes right before byte `at` of `text`, with a letter or digit before it.
fn hyphen_before(text: &str, at: usize) -> bool {
    let bytes = text.as_bytes();
    let before = if at >= 1 && bytes[at - 1] == b'-' {
        at - 1
    } else if at >= 3 && bytes[at - 3..at] == *"‑".as_bytes() {
        at - 3
    } else {
        return false;
    };
    char_before(text, before).is_some_and(char::is_alphanumeric)
}

/// The character starting at byte `at` of `text` (a character boundary).
fn char_at(text: &str, at: usize) -> char {
    text[at..].chars().next().unwrap_or(' ')
}

/// The character ending at byte `at` of `text`, if any.
fn char_before(text: &str, at: usize) -> Option<char> {
    text[..at].chars().next_back()
}

/// Appends `c` in lowercase, without the general case's iterator for ASCII.
fn push_lowercase(word: &mut String, c: char) {
    if c.is_ascii() {
        word.push(c.to_ascii_lowercase());
    } else {
        word.extend(c.to_lowercase());
    }
}

/// The Snowball algorithm for a language, where rajat has one on both sides
/// (in Rust and in the browser): English and Finnish. Other languages match
/// words as they are written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stemmer {
    /// Snowball's English (Porter2).
    English,
    /// Snowball's Finnish.
    Finnish,
    /// No stemmer: words are matched as written (lowercase).
    Plain,
}

impl Stemmer {
    /// The stemmer for a language code of site.yaml (`en`, `en-GB`, `fi`).
    pub fn for_language(code: &str) -> Stemmer {
        let main = code.split(['-', '_']).next().unwrap_or("").to_ascii_lowercase();
        match main.as_str() {
            "en" => Stemmer::English,
            "fi" => Stemmer::Finnish,
            _ => Stemmer::Plain,
        }
    }

    /// Its name in the browser's code (`src/front-end/stemmers/NAME.js`), if it has one.
    pub fn name(self) -> Option<&'static str> {
        match self {
            Stemmer::English => Some("english"),
            Stemmer::Finnish => Some("finnish"),
            Stemmer::Plain => None,
        }
    }

    /// Whether the language writes compounds as one word, so that their parts are worth finding.
    pub fn compounds(self) -> bool {
        self == Stemmer::Finnish
    }

    /// The stem of `word` (lowercase, as [`words`] gives it).
    pub fn stem(self, word: &str) -> String {
        let (slot, algorithm) = match self {
            Stemmer::English => (0, rust_stemmers::Algorithm::English),
            Stemmer::Finnish => (1, rust_stemmers::Algorithm::Finnish),
            Stemmer::Plain => return word.to_string(),
        };
        // A guide repeats its words: each thread remembers the stems it made.
        STEMS.with(|stems| {
            let mut stems = stems.borrow_mut();
            let (stemmer, cache) = &mut stems[slot];
            if let Some(stem) = cache.get(word) {
                return stem.clone();
            }
            if cache.len() > MAX_CACHED {
                cache.clear();
            }
            let stem = stemmer.get_or_insert_with(|| rust_stemmers::Stemmer::create(algorithm)).stem(word).into_owned();
            cache.insert(word.to_string(), stem.clone());
            stem
        })
    }
}

/// The hasher of search's maps, whose keys are words: xxh3 of each piece
/// written, one call each (std's SipHash, which guards against floods of
/// chosen keys, costs several times more on short words, and a guide's words
/// are the owner's own).
pub type WordHasher = std::hash::BuildHasherDefault<WordHash>;

/// See [`WordHasher`].
#[derive(Clone, Copy, Default)]
pub struct WordHash(u64);

impl std::hash::Hasher for WordHash {
    fn write(&mut self, bytes: &[u8]) {
        self.0 = xxhash_rust::xxh3::xxh3_64_with_seed(bytes, self.0);
    }

    fn write_u8(&mut self, byte: u8) {
        self.write_u64(u64::from(byte));
    }

    fn write_u32(&mut self, n: u32) {
        self.write_u64(u64::from(n));
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0 ^ n).wrapping_mul(0x9E37_79B9_7F4A_7C15).rotate_left(29);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// Stems a thread remembers at most per language; a long `serve` session starts over past it.
const MAX_CACHED: usize = 100_000;

/// A thread's stemmer and the stems it made, for English and Finnish.
type Stems = [(Option<rust_stemmers::Stemmer>, HashMap<String, String, WordHasher>); 2];

thread_local! {
    static STEMS: RefCell<Stems> = RefCell::new(Default::default());
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(text: &str) -> Vec<String> {
        words(text).into_iter().map(|w| w.text).collect()
    }

    #[test]
    fn words_are_runs_of_letters_finnish_ones_included() {
        assert_eq!(texts("Mitä sanoa, kun ÄÄNI ö?"), ["mitä", "sanoa", "kun", "ääni", "ö"]);
        assert_eq!(texts("50 % ennakkoon 2026"), ["50", "ennakkoon", "2026"]);
    }

    #[test]
    fn quotation_marks_are_not_words_but_apostrophes_inside_are() {
        assert_eq!(texts("“No,” she said: ”ei” ’ei’ 'no'"), ["no", "she", "said", "ei", "ei", "no"]);
        assert_eq!(texts("don't the client’s"), ["don't", "the", "client's"]);
    }

    #[test]
    fn hyphenated_compounds_give_their_parts_and_the_whole() {
        assert_eq!(texts("asiakas-suhde"), ["asiakas", "suhde", "asiakassuhde"]);
        assert_eq!(texts("self-check, then"), ["self", "check", "selfcheck", "then"]);
        // A dash between spaces is no compound.
        assert_eq!(texts("työ - vapaa"), ["työ", "vapaa"]);
        let w = words("x a-b");
        assert_eq!((w[3].start, w[3].end), (2, 5));
    }

    #[test]
    fn offsets_point_at_the_word_as_written() {
        let text = "Älä ”lupaa” tuloksia";
        for w in words(text) {
            assert_eq!(text[w.start..w.end].to_lowercase(), w.text);
        }
    }

    #[test]
    fn stemmers_by_language() {
        assert_eq!(Stemmer::for_language("en-GB"), Stemmer::English);
        assert_eq!(Stemmer::for_language("fi"), Stemmer::Finnish);
        assert_eq!(Stemmer::for_language("sv"), Stemmer::Plain);
        assert_eq!(Stemmer::Finnish.stem("hinnoittelusta"), Stemmer::Finnish.stem("hinnoittelu"));
        assert_eq!(Stemmer::English.stem("guarantees"), "guarante");
        assert_eq!(Stemmer::Plain.stem("kunder"), "kunder");
    }
}

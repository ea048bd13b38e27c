//! Small text helpers every step may use: slugs, HTML escaping, paths inside
//! `content/`, percent-decoding and the names of files rajat never reads.
//!
//! A leaf module: it uses nothing else of the crate, so any module can use it
//! without tying the pipeline's steps to each other.

use std::ffi::OsStr;
use std::path::Path;

/// `Why it's a "no"` → `why-it-s-a-no`: lowercase letters and digits (any
/// script), every other run of characters one `-`.
pub fn slugify(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut dash = false;
    for c in text.chars() {
        let keep = if c.is_ascii() { c.is_ascii_alphanumeric() } else { c.is_alphanumeric() };
        if keep {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            if c.is_ascii() {
                out.push(c.to_ascii_lowercase());
            } else {
                out.extend(c.to_lowercase());
            }
        } else {
            dash = true;
        }
    }
    out
}

/// `s`, HTML-escaped for text and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    escape_into(&mut out, s);
    out
}

/// Appends `s` to `out`, HTML-escaped; text without special characters is
/// copied in one go.
pub fn escape_into(out: &mut String, s: &str) {
    let mut rest = s;
    while let Some(i) = rest.bytes().position(|b| matches!(b, b'&' | b'<' | b'>' | b'"' | b'\'')) {
        out.push_str(&rest[..i]);
        out.push_str(match rest.as_bytes()[i] {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            _ => "&#39;",
        });
        rest = &rest[i + 1..];
    }
    out.push_str(rest);
}

/// A language's quotation marks: opening and closing double, opening and
/// closing single (the single closing one is also the apostrophe).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Quotes(pub [char; 4]);

impl Quotes {
    /// “English” and ‘English’, pulldown-cmark's own.
    pub const ENGLISH: Quotes = Quotes(['“', '”', '‘', '’']);
    /// ”Finnish” and ’Finnish’: the same mark opens and closes (as in Swedish).
    pub const NORDIC: Quotes = Quotes(['”', '”', '’', '’']);

    /// The quotation marks of the language `code` (`fi`, `en-GB` …). Languages
    /// other than Finnish and Swedish get English ones, which the body's
    /// Markdown has always had.
    pub fn of(code: &str) -> Quotes {
        match code.split(['-', '_']).next().unwrap_or(code) {
            "fi" | "sv" => Quotes::NORDIC,
            _ => Quotes::ENGLISH,
        }
    }

    /// `mark`, one of the English marks pulldown-cmark prints, in these quotes.
    pub fn relocalize(self, mark: &str) -> Option<&'static str> {
        match (self, mark) {
            (Quotes::NORDIC, "“") => Some("”"),
            (Quotes::NORDIC, "‘") => Some("’"),
            _ => None,
        }
    }
}

impl Default for Quotes {
    fn default() -> Quotes {
        Quotes::ENGLISH
    }
}

/// Typographic punctuation for text written outside Markdown (titles,
/// descriptions, form labels): `can't` → `can’t`, `"no"` → `“no”`, `--` → `–`,
/// `---` → `—`, `...` → `…`. The rules are pulldown-cmark's (the body's), so a
/// title and the body that repeats it read the same.
pub fn smart_punctuation(text: &str, quotes: Quotes) -> std::borrow::Cow<'_, str> {
    if !text.contains(['\'', '"']) && !text.contains("--") && !text.contains("...") {
        return std::borrow::Cow::Borrowed(text);
    }
    let [open2, close2, open1, close1] = quotes.0;
    let chars: Vec<char> = text.chars().collect();
    let mut out: Vec<char> = Vec::with_capacity(chars.len());
    // Quotes that may open, by their index in `out` and their kind.
    let mut openers: Vec<(usize, char)> = Vec::new();
    let punctuation = |c: char| c.is_ascii_punctuation() || "“”‘’«»‹›„‚–—…¡¿·".contains(c);
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '\'' | '"' => {
                let prev = i.checked_sub(1).map(|j| chars[j]);
                let next = chars.get(i + 1).copied();
                let can_open = next.is_some_and(|n| !n.is_whitespace())
                    && prev.is_none_or(|p| {
                        p.is_whitespace() || (punctuation(p) && (c != '\'' || ![']', ')'].contains(&p)))
                    });
                let can_close = prev.is_some_and(|p| !p.is_whitespace())
                    && next.is_none_or(|n| n.is_whitespace() || punctuation(n));
                let matched = if can_close { openers.iter().rposition(|&(_, k)| k == c) } else { None };
                if let Some(at) = matched {
                    let (index, _) = openers[at];
                    openers.truncate(at);
                    out[index] = if c == '\'' { open1 } else { open2 };
                    out.push(if c == '\'' { close1 } else { close2 });
                } else {
                    if can_open {
                        openers.push((out.len(), c));
                    }
                    // An apostrophe, or a quote that may still be closed (and then becomes an opening one).
                    out.push(if c == '\'' { close1 } else { open2 });
                }
                i += 1;
            }
            '-' => {
                let run = chars[i..].iter().take_while(|&&d| d == '-').count();
                if run == 1 {
                    out.push('-');
                } else {
                    // CommonMark's rule: all em dashes or all en dashes when the run divides evenly, ems first otherwise.
                    let (ems, ens) = match (run % 3, run % 2) {
                        (0, _) => (run / 3, 0),
                        (_, 0) => (0, run / 2),
                        (2, _) => ((run - 2) / 3, 1),
                        _ => ((run - 4) / 3, 2),
                    };
                    out.extend(std::iter::repeat_n('—', ems));
                    out.extend(std::iter::repeat_n('–', ens));
                }
                i += run;
            }
            '.' if chars.get(i + 1) == Some(&'.') && chars.get(i + 2) == Some(&'.') => {
                out.push('…');
                i += 3;
            }
            c => {
                out.push(c);
                i += 1;
            }
        }
    }
    std::borrow::Cow::Owned(out.into_iter().collect())
}

/// Resolves `link` relative to the folder of the file `from` (both relative
/// to `content/`, with `/`); `None` if it climbs out of `content/`. A trailing
/// `/` is kept.
pub fn join(from: &str, link: &str) -> Option<String> {
    let mut parts: Vec<&str> = from.split('/').collect();
    parts.pop(); // the file name
    parts.retain(|p| !p.is_empty());
    for part in link.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            p => parts.push(p),
        }
    }
    let mut joined = parts.join("/");
    if link.ends_with('/') && !joined.is_empty() {
        joined.push('/');
    }
    Some(joined)
}

/// `base/a/b.md` → `a/b.md`, always with `/`.
pub fn relative_slash_path(base: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(base).unwrap_or(path);
    rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/")
}

/// Files editors and systems leave behind, which are never content.
pub fn is_ignored(name: &OsStr) -> bool {
    let name = name.to_string_lossy();
    name.starts_with('.')
        || name.ends_with('~')
        || name.starts_with('#')
        || [".swp", ".swo", ".swx", ".tmp", ".bak", ".orig"].iter().any(|ext| name.ends_with(ext))
        || name == "4913" // vim's write test
}

/// A path as one line of a manifest (the build's and the published one): `%` and control characters
/// percent-escaped, so any name fits on its line.
pub fn escape_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for c in path.chars() {
        match c {
            '%' => out.push_str("%25"),
            c if c.is_control() && (c as u32) < 0x80 => out.push_str(&format!("%{:02X}", c as u32)),
            c => out.push(c),
        }
    }
    out
}

/// Decodes `%XX` escapes; `None` when an escape is malformed or the result
/// is not UTF-8.
pub fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = s.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// A title from a file name: `wont-pay.md` → `Wont pay`, `02_red_lines.md` →
/// `Red lines`; a section's `_index.md` is named after its folder.
pub fn title_from_file_name(rel: &str) -> String {
    let mut parts: Vec<&str> = rel.trim_end_matches(".md").split('/').collect();
    let mut name = parts.pop().unwrap_or_default();
    if name == "_index" || name == "index" {
        name = parts.pop().unwrap_or("Home");
    }
    // A numeric prefix orders files in a folder listing; it is not part of the title.
    let unnumbered = name.trim_start_matches(|c: char| c.is_ascii_digit());
    let unnumbered = unnumbered.strip_prefix(['-', '_', '.', ' ']).unwrap_or(name);
    let words: Vec<&str> = unnumbered.split(['-', '_', ' ']).filter(|w| !w.is_empty()).collect();
    if words.is_empty() {
        return name.to_string();
    }
    let sentence = words.join(" ");
    let mut chars = sentence.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => sentence,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugify_examples() {
        for (text, slug) in [
            ("Why it is a no", "why-it-is-a-no"),
            ("What to say!", "what-to-say"),
            ("  Mitä sanoa? ", "mitä-sanoa"),
            ("Step 1: ask", "step-1-ask"),
            ("“Quoted”", "quoted"),
            ("", ""),
        ] {
            assert_eq!(slugify(text), slug, "{text}");
        }
    }

    #[test]
    fn escaping_covers_text_and_attributes() {
        assert_eq!(
            escape(r#"<a href="x">Tom & Jerry's</a>"#),
            "&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;"
        );
        assert_eq!(escape("plain"), "plain");
    }

    #[test]
    fn join_resolves_relative_to_the_file_s_folder() {
        for (from, link, joined) in [
            ("situations/a.md", "b.md", Some("situations/b.md")),
            ("situations/a.md", "../self-check.md", Some("self-check.md")),
            ("situations/a.md", "./x/../b.md", Some("situations/b.md")),
            ("a.md", "situations/", Some("situations/")),
            ("", "situations/_index.md", Some("situations/_index.md")),
            ("a.md", "../b.md", None),
        ] {
            assert_eq!(join(from, link).as_deref(), joined, "{from} + {link}");
        }
    }

    #[test]
    fn editor_leftovers_are_ignored() {
        for name in [".a.md.swp", "a.md~", "#a.md#", ".DS_Store", "4913"] {
            assert!(is_ignored(OsStr::new(name)), "{name}");
        }
        assert!(!is_ignored(OsStr::new("a.md")));
    }

    #[test]
    fn percent_escapes_are_decoded() {
        assert_eq!(percent_decode("my%20diagram.png").as_deref(), Some("my diagram.png"));
        assert_eq!(percent_decode("%C3%A4.png").as_deref(), Some("ä.png"));
        assert_eq!(percent_decode("100%.png"), None);
        assert_eq!(percent_decode("%ff"), None, "not UTF-8");
    }

    #[test]
    fn titles_come_from_file_names() {
        for (rel, title) in [
            ("wont-pay.md", "Wont pay"),
            ("situations/late_payer.md", "Late payer"),
            ("02-red-lines.md", "Red lines"),
            ("pricing/_index.md", "Pricing"),
            ("2026.md", "2026"),
            ("über-uns.md", "Über uns"),
        ] {
            assert_eq!(title_from_file_name(rel), title, "{rel}");
        }
    }

    /// The body's typography and a title's must agree: each text as
    /// pulldown-cmark prints it in a paragraph, with smart punctuation on.
    #[test]
    fn smart_punctuation_matches_the_markdown_body() {
        use pulldown_cmark::{Event, Options, Parser};
        for text in [
            "They can't or won't pay",
            "I'm not going to take this on.",
            "Say \"no\" kindly",
            "'90s clients and 'quoted' words",
            "Rock 'n' roll",
            "The client's \"urgent\" request -- again... and again --- and again",
            "\"Can you guarantee…?\" they ask",
            "(\"in brackets\") and ['single']",
            "a - b, a---b, a----b, a-----b",
            "It's the \"last\" one's turn",
            "Don't",
            "\"Unclosed",
            "closing only\"",
            "O'Brien's 'quote",
            "Plain title",
        ] {
            let expected: String = Parser::new_ext(text, Options::ENABLE_SMART_PUNCTUATION)
                .filter_map(|e| match e {
                    Event::Text(t) => Some(t.to_string()),
                    _ => None,
                })
                .collect();
            assert_eq!(smart_punctuation(text, Quotes::ENGLISH), expected, "{text:?}");
        }
    }

    #[test]
    fn finnish_quotes_open_and_close_with_the_same_mark() {
        let fi = Quotes::of("fi");
        assert_eq!(smart_punctuation("Sano \"ei\" ystävällisesti", fi), "Sano ”ei” ystävällisesti");
        assert_eq!(smart_punctuation("'lainaus' ja Annukan", fi), "’lainaus’ ja Annukan");
        assert_eq!(smart_punctuation("It's \"fine\"", Quotes::of("en-GB")), "It’s “fine”");
        assert_eq!(Quotes::of("sv-FI"), Quotes::NORDIC);
    }
}

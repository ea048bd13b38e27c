//! A page's body HTML as the text a reader reads, in sections: the part
//! before the first heading, then each heading (`<h2 id>` … `<h6 id>`) with
//! the text under it. One pass; what scripts and styles hold is not text.

/// A heading of the page and the text under it (up to the next heading).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Section {
    /// The heading's text and its id (the anchor a result links to); none
    /// for the part of the page before its first heading.
    pub heading: Option<(String, String)>,
    /// The text, whitespace collapsed.
    pub text: String,
}

/// Whether an element's content is not text a reader reads (`name` lowercase).
fn skipped(name: &[u8]) -> bool {
    matches!(name, b"script" | b"style" | b"template" | b"svg")
}

/// Whether an element separates words where a tag alone would not
/// (`<p>a</p><p>b</p>`; `name` lowercase).
fn breaks(name: &[u8]) -> bool {
    matches!(
        name,
        b"p" | b"br"
            | b"li"
            | b"ul"
            | b"ol"
            | b"div"
            | b"td"
            | b"th"
            | b"tr"
            | b"table"
            | b"blockquote"
            | b"pre"
            | b"hr"
            | b"dd"
            | b"dt"
            | b"dl"
            | b"figcaption"
            | b"section"
            | b"aside"
            | b"h1"
            | b"summary"
    )
}

/// The sections of `html`, the body of a page. The first is always there
/// (its text may be empty). With `limit`, a section's text stops at the
/// first word past that many bytes (its headings are all read).
pub fn sections(html: &str, limit: Option<usize>) -> Vec<Section> {
    let limit = limit.unwrap_or(usize::MAX);
    if limit == 0 {
        return headings(html);
    }
    let bytes = html.as_bytes();
    let mut sections = vec![Section::default()];
    // The heading being read: its id and level (`b'2'` …), and its text so far.
    let mut heading: Option<(String, u8, String)> = None;
    let mut i = 0;
    while i < bytes.len() {
        let Some(lt) = memchr::memchr(b'<', &bytes[i..]) else {
            push_text(&mut sections, &mut heading, limit, &html[i..]);
            break;
        };
        push_text(&mut sections, &mut heading, limit, &html[i..i + lt]);
        let start = i + lt;
        let rest = &bytes[start..];
        if rest.starts_with(b"<!--") {
            i = start + memchr::memmem::find(rest, b"-->").map_or(rest.len(), |e| e + 3);
            continue;
        }
        let end = start + tag_end(rest);
        let tag = &html[start..end];
        let closing = tag.starts_with("</");
        let after = &tag.as_bytes()[if closing { 2 } else { 1 }..];
        let name = &after[..after.iter().position(|b| !b.is_ascii_alphanumeric()).unwrap_or(after.len())];
        // The name in lowercase (HTML writers mostly write it so); no element this reads has a longer one.
        let mut lower = [0u8; 10];
        let name: &[u8] = match lower.get_mut(..name.len()) {
            Some(lower) => {
                lower.copy_from_slice(name);
                lower.make_ascii_lowercase();
                lower
            }
            None => b"-",
        };
        i = end;
        if name.is_empty() {
            // A `<` that starts no tag is text.
            push_text(&mut sections, &mut heading, limit, "<");
            i = start + 1;
            continue;
        }
        if !closing && skipped(name) {
            let close = format!("</{}", String::from_utf8_lossy(name));
            i = find_ignore_case(&bytes[end..], close.as_bytes()).map_or(bytes.len(), |at| end + at);
            continue;
        }
        if !closing && is_self_link(name, tag) {
            i = find_ignore_case(&bytes[end..], b"</a").map_or(bytes.len(), |at| end + at);
            continue;
        }
        let level = match name {
            [b'h', l @ b'2'..=b'6'] => Some(*l),
            _ => None,
        };
        match (level, closing) {
            (Some(level), false) => {
                if let Some(id) = attribute(tag, "id") {
                    heading = Some((id, level, String::new()));
                }
            }
            (Some(level), true) => {
                if let Some((id, _, text)) = heading.take_if(|(_, open, _)| *open == level) {
                    sections.push(Section { heading: Some((collapse(&text), id)), text: String::new() });
                }
            }
            (None, _) if breaks(name) => push_text(&mut sections, &mut heading, limit, " "),
            _ => {}
        }
    }
    for section in &mut sections {
        let trimmed = section.text.trim_end().len();
        section.text.truncate(trimmed);
        if section.text.starts_with(' ') {
            section.text.remove(0);
        }
    }
    sections
}

/// The sections of `html` without their text: only its headings, found
/// without reading the rest (what a trimmed index of a big guide reads).
fn headings(html: &str) -> Vec<Section> {
    let mut sections = vec![Section::default()];
    let bytes = html.as_bytes();
    for at in memchr::memmem::find_iter(bytes, b"<h") {
        let Some(&level @ b'2'..=b'6') = bytes.get(at + 2) else { continue };
        let end = at + tag_end(&bytes[at..]);
        let Some(id) = attribute(&html[at..end], "id") else { continue };
        let close = [b'<', b'/', b'h', level];
        let Some(length) = memchr::memmem::find(&bytes[end..], &close) else { continue };
        // The heading's text: what is between its tags, tags left out, and its self-link.
        let mut text = String::new();
        let mut inner = &html[end..end + length];
        if let Some(at) = inner.find(SELF_LINK) {
            inner = &inner[..at];
        }
        let mut rest = inner;
        while let Some(lt) = rest.find('<') {
            decode_into(&mut text, &rest[..lt]);
            rest = rest[lt..].find('>').map_or("", |gt| &rest[lt + gt + 1..]);
        }
        decode_into(&mut text, rest);
        sections.push(Section { heading: Some((collapse(&text), id)), text: String::new() });
    }
    sections
}

/// Adds raw HTML text (entities not yet decoded) to the heading being read, or to the last section.
fn push_text(sections: &mut [Section], heading: &mut Option<(String, u8, String)>, limit: usize, raw: &str) {
    if raw.is_empty() {
        return;
    }
    let limit = if heading.is_some() { usize::MAX } else { limit };
    let target = match heading {
        Some((_, _, text)) => text,
        None => &mut sections.last_mut().expect("there is always a first section").text,
    };
    if target.len() >= limit {
        return;
    }
    decode_into(target, raw);
    if target.len() > limit {
        // Cut after the word that crosses the limit.
        let cut = target[limit..].find(' ').map_or(target.len(), |at| limit + at);
        target.truncate(cut);
    }
}

/// How a heading's self-link starts when the heading holds a link, and the
/// self-link (its text `#`) goes after the heading's text instead of around
/// it (`crate::markdown`): not part of the heading a reader reads.
const SELF_LINK: &str = "<a class=\"heading-anchor\"";

/// Whether the start tag `tag`, of element `name` (lowercase), is a heading's self-link.
fn is_self_link(name: &[u8], tag: &str) -> bool {
    name == b"a" && tag.starts_with(SELF_LINK)
}

/// Where the tag starting `rest` ends (after its `>`), quotes respected.
fn tag_end(rest: &[u8]) -> usize {
    let mut quote = None;
    for (i, &b) in rest.iter().enumerate().skip(1) {
        match (quote, b) {
            (Some(q), _) if b == q => quote = None,
            (Some(_), _) => {}
            (None, b'"' | b'\'') => quote = Some(b),
            (None, b'>') => return i + 1,
            _ => {}
        }
    }
    rest.len()
}

fn find_ignore_case(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w.eq_ignore_ascii_case(needle))
}

/// The value of attribute `name` in the start tag `tag`, entities decoded.
fn attribute(tag: &str, name: &str) -> Option<String> {
    let lower = tag.to_ascii_lowercase();
    let mut from = 0;
    while let Some(at) = lower[from..].find(name) {
        let at = from + at;
        from = at + name.len();
        let before = lower.as_bytes()[at - 1];
        if !before.is_ascii_whitespace() {
            continue;
        }
        let rest = tag[from..].trim_start().strip_prefix('=')?.trim_start();
        let value = match rest.chars().next()? {
            q @ ('"' | '\'') => rest[1..].split(q).next()?,
            _ => rest.split(|c: char| c.is_ascii_whitespace() || c == '>').next()?,
        };
        let mut out = String::new();
        decode_into(&mut out, value);
        return Some(out);
    }
    None
}

/// Appends `raw` with its character references decoded (the ones HTML
/// writers use), and each run of whitespace made one space.
fn decode_into(out: &mut String, raw: &str) {
    let mut rest = raw;
    while let Some(amp) = rest.find('&') {
        push_collapsed(out, &rest[..amp]);
        let after = &rest[amp + 1..];
        let end = after.find(';').filter(|&e| e <= 10);
        let decoded = end.and_then(|e| entity(&after[..e]));
        match (decoded, end) {
            (Some(c), Some(e)) => {
                let mut buffer = [0; 4];
                push_collapsed(out, c.encode_utf8(&mut buffer));
                rest = &after[e + 1..];
            }
            _ => {
                out.push('&');
                rest = after;
            }
        }
    }
    push_collapsed(out, rest);
}

/// Appends `text` with each run of whitespace made one space (none at the start of `out`).
fn push_collapsed(out: &mut String, text: &str) {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let run = i;
        while i < bytes.len() && !bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        out.push_str(&text[run..i]);
        if i < bytes.len() {
            while i < bytes.len() && bytes[i].is_ascii_whitespace() {
                i += 1;
            }
            if !out.is_empty() && !out.ends_with(' ') {
                out.push(' ');
            }
        }
    }
}

fn entity(name: &str) -> Option<char> {
    match name {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        "nbsp" => Some(' '),
        _ => {
            let number = name.strip_prefix('#')?;
            let code = match number.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => number.parse().ok()?,
            };
            char::from_u32(code)
        }
    }
}

/// `text` with each run of whitespace made one space, and none at either end.
fn collapse(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for part in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(part);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_start_sections_and_tags_are_not_text() {
        let html = concat!(
            "<p>Before <em>any</em> heading &amp; more.</p><p>Next</p>\n",
            "<h2 id=\"why\"><a class=\"heading-link\" href=\"#why\">Why &quot;no&quot;</a></h2>\n",
            "<p>Because.</p><script>var x = '<h2 id=\"not\">';</script><!-- <h3 id=\"c\"> -->\n",
            "<h3 id=\"mitä-sanoa\">Mitä sanoa</h3><ul><li>yksi</li><li>kaksi</li></ul>",
        );
        let s = sections(html, None);
        assert_eq!(s.len(), 3, "{s:?}");
        assert_eq!(s[0], Section { heading: None, text: "Before any heading & more. Next".into() });
        assert_eq!(s[1].heading, Some(("Why \"no\"".into(), "why".into())));
        assert_eq!(s[1].text, "Because.");
        assert_eq!(s[2].heading, Some(("Mitä sanoa".into(), "mitä-sanoa".into())));
        assert_eq!(s[2].text, "yksi kaksi");
    }

    #[test]
    fn a_limit_cuts_each_section_s_text_after_a_word_but_keeps_every_heading() {
        let s = sections("<p>one two three four</p><h2 id=\"a\">Alpha beta gamma</h2><p>five six seven</p>", Some(6));
        assert_eq!(s[0].text, "one two");
        assert_eq!(s[1].heading, Some(("Alpha beta gamma".into(), "a".into())));
        assert_eq!(s[1].text, "five six");
    }

    #[test]
    fn with_no_text_wanted_only_the_headings_are_read() {
        let html = "<p>x</p><h2 id=\"why\"><a class=\"heading-link\" href=\"#why\">Why &amp; how</a></h2><p>y</p><h3 id=\"b\">B</h3><h2>No id</h2>";
        let expected: Vec<Section> =
            sections(html, None).into_iter().map(|s| Section { text: String::new(), ..s }).collect();
        assert_eq!(sections(html, Some(0)), expected);
        assert_eq!(expected.len(), 3);
    }

    #[test]
    fn a_heading_s_self_link_beside_its_text_is_not_part_of_it() {
        let html = concat!(
            "<h2 id=\"see\">See <a href=\"/b/\">beta</a> now",
            " <a class=\"heading-anchor\" href=\"#see\" aria-label=\"Link to this section\">#</a></h2>\n<p>Text.</p>",
        );
        for limit in [None, Some(0)] {
            assert_eq!(sections(html, limit)[1].heading, Some(("See beta now".into(), "see".into())), "{limit:?}");
        }
        assert_eq!(sections(html, None)[1].text, "Text.");
    }

    #[test]
    fn a_heading_without_an_id_is_text_of_its_section() {
        let s = sections("<p>a</p><h2>b</h2><p>c&#8217;d &#x27;e&bogus; f</p>", None);
        assert_eq!(s, vec![Section { heading: None, text: "a b c’d 'e&bogus; f".into() }]);
    }
}

//! One pass over HTML that rewrites attribute values: what the booklet does
//! to each page's ids and links, and relative URLs to every address. Text,
//! comments and what scripts hold are never taken for tags, and nothing is
//! allocated but the result.

/// What to do with `<script>` elements.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scripts {
    /// Copy them, and what they hold, as they are (only their tags' attributes are mapped).
    Keep,
    /// Leave them out.
    Drop,
}

/// `html` with each attribute value that `map(tag, attribute, value, into)`
/// replaces rewritten. `map` writes the replacement, HTML-escaped already,
/// into `into` and says whether it did; it is written in double quotes. `tag` and `attribute` are as written
/// (compare them ignoring case); `value` is as written, its entities not
/// decoded.
pub fn rewrite(html: &str, scripts: Scripts, map: impl Fn(&str, &str, &str, &mut Vec<u8>) -> bool) -> String {
    let mut out = Vec::with_capacity(html.len() + html.len() / 16);
    rewrite_into(html.as_bytes(), scripts, None, &mut out, |tag, attr, value, out| {
        std::str::from_utf8(value).is_ok_and(|value| map(tag, attr, value, out))
    });
    // Replacements are strings put between ASCII delimiters of a string: still UTF-8.
    String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// [`rewrite`] over the bytes of an HTML file, into `out` after what it
/// holds (a buffer the caller keeps for the next file); the file need not
/// be checked as UTF-8 first: `map` gets tag and attribute names when they
/// are ASCII, and each value as bytes, to read only when the attribute is
/// one it wants. With `only`, `map` is asked only about values that start
/// with it (and about every attribute of `<meta>`, whose `content` may hold
/// an address further in): a tag without such a value is passed by at once.
/// Nothing is allocated for each value: `map` writes into one buffer.
pub fn rewrite_into(
    html: &[u8],
    scripts: Scripts,
    only: Option<&[u8]>,
    out: &mut Vec<u8>,
    map: impl Fn(&str, &str, &[u8], &mut Vec<u8>) -> bool,
) {
    out.reserve(html.len() + html.len() / 16);
    // Everything before `copied` is in `out`: unchanged HTML is copied in long runs.
    let mut copied = 0;
    let mut i = 0;
    // Where `map` writes a value: one buffer for the whole file.
    let mut replacement = Vec::new();
    while let Some(lt) = memchr::memchr(b'<', &html[i..]) {
        let start = i + lt;
        let rest = &html[start..];
        if rest.starts_with(b"<!--") {
            i = start + memchr::memmem::find(rest, b"-->").map_or(rest.len(), |e| e + 3);
            continue;
        }
        if !rest.get(1).is_some_and(u8::is_ascii_alphabetic) {
            i = start + 1;
            continue;
        }
        let (end, has_value) = tag_extent(rest);
        let tag = &rest[..end];
        let name = tag_name(tag);
        let mut next = start + end;
        if name.eq_ignore_ascii_case(b"script") {
            next = start + find_ignore_case(&rest[end..], b"</script>").map_or(rest.len(), |e| end + e + 9);
            if scripts == Scripts::Drop {
                out.extend_from_slice(&html[copied..start]);
                copied = next;
                i = next;
                continue;
            }
        }
        // Only tags with an attribute value (one that may matter) are looked at closely.
        let may_matter = match only {
            Some(prefix) => name.eq_ignore_ascii_case(b"meta") || has_value_starting(tag, prefix),
            None => true,
        };
        if has_value
            && may_matter
            && name.is_ascii()
            && let Ok(name) = std::str::from_utf8(name)
        {
            rewrite_tag(html, start, tag, name, &map, out, &mut copied, &mut replacement);
        }
        i = next;
    }
    out.extend_from_slice(&html[copied..]);
}

fn tag_name(tag: &[u8]) -> &[u8] {
    let len = tag[1..].iter().take_while(|b| b.is_ascii_alphanumeric()).count();
    &tag[1..1 + len]
}

fn find_ignore_case(h: &[u8], n: &[u8]) -> Option<usize> {
    let first = n[0].to_ascii_lowercase();
    let mut from = 0;
    while let Some(at) = memchr::memchr2(first, first.to_ascii_uppercase(), &h[from..]) {
        let i = from + at;
        if h.len() - i >= n.len() && h[i..i + n.len()].eq_ignore_ascii_case(n) {
            return Some(i);
        }
        from = i + 1;
    }
    None
}

/// Whether an attribute value of `tag` starts with `prefix` (quoted or not).
fn has_value_starting(tag: &[u8], prefix: &[u8]) -> bool {
    let mut from = 0;
    while let Some(at) = memchr::memchr(b'=', &tag[from..]) {
        let value = &tag[from + at + 1..];
        let value = match value.first() {
            Some(b'"' | b'\'') => &value[1..],
            _ => value,
        };
        if value.starts_with(prefix) {
            return true;
        }
        from += at + 1;
    }
    false
}

/// The length of the tag at the start of `tag`, up to and with its `>`
/// (quotes respected), and whether it has an attribute value (an `=`
/// outside quotes). The tag is crossed in jumps from one `>` or quote to
/// the next; a value in quotes is crossed in one (its `>` are text).
fn tag_extent(tag: &[u8]) -> (usize, bool) {
    let mut has_value = false;
    let mut i = 1;
    while let Some(at) = memchr::memchr3(b'>', b'"', b'\'', &tag[i..]) {
        let found = i + at;
        has_value = has_value || memchr::memchr(b'=', &tag[i..found]).is_some();
        let q = tag[found];
        if q == b'>' {
            return (found + 1, has_value);
        }
        match memchr::memchr(q, &tag[found + 1..]) {
            Some(close) => i = found + 1 + close + 1,
            None => return (tag.len(), has_value),
        }
    }
    (tag.len(), has_value || memchr::memchr(b'=', &tag[i.min(tag.len())..]).is_some())
}

/// Replaces the attribute values `map` replaces in the tag at `start` of
/// `html`, writing what comes before each into `out` up to there.
#[allow(clippy::too_many_arguments)] // one caller: the loop of `rewrite_into`
fn rewrite_tag(
    html: &[u8],
    start: usize,
    b: &[u8],
    name: &str,
    map: &impl Fn(&str, &str, &[u8], &mut Vec<u8>) -> bool,
    out: &mut Vec<u8>,
    copied: &mut usize,
    replacement: &mut Vec<u8>,
) {
    let mut i = 1 + name.len();
    loop {
        while i < b.len() && (b[i].is_ascii_whitespace() || b[i] == b'/') {
            i += 1;
        }
        if i >= b.len() || b[i] == b'>' {
            return;
        }
        let attr_start = i;
        while i < b.len() && !b[i].is_ascii_whitespace() && !matches!(b[i], b'=' | b'>' | b'/') {
            i += 1;
        }
        let attr = &b[attr_start..i];
        if b.get(i) != Some(&b'=') {
            continue;
        }
        i += 1;
        let (value, value_start, after) = match b.get(i) {
            Some(&q @ (b'"' | b'\'')) => {
                let close = memchr::memchr(q, &b[i + 1..]).map_or(b.len(), |e| i + 1 + e);
                (&b[i + 1..close], i, (close + 1).min(b.len()))
            }
            _ => {
                let end = b[i..].iter().position(|&c| c.is_ascii_whitespace() || c == b'>').map_or(b.len(), |e| i + e);
                (&b[i..end], i, end)
            }
        };
        let Some(attr) = attr.is_ascii().then(|| std::str::from_utf8(attr).ok()).flatten() else {
            i = after;
            continue;
        };
        replacement.clear();
        if map(name, attr, value, replacement) {
            out.extend_from_slice(&html[*copied..start + value_start]);
            out.push(b'"');
            out.extend_from_slice(replacement);
            out.push(b'"');
            *copied = start + after;
        }
        i = after;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The tag's extent read one byte at a time: what [`tag_extent`] must agree with.
    fn tag_extent_bytewise(tag: &[u8]) -> (usize, bool) {
        let mut has_value = false;
        let mut i = 1;
        while i < tag.len() {
            match tag[i] {
                b'>' => return (i + 1, has_value),
                b'=' => has_value = true,
                q @ (b'"' | b'\'') => match memchr::memchr(q, &tag[i + 1..]) {
                    Some(close) => i += close + 1,
                    None => return (tag.len(), has_value),
                },
                _ => {}
            }
            i += 1;
        }
        (tag.len(), has_value)
    }

    proptest::proptest! {
        /// Crossing a tag in jumps finds the same end, and the same answer to
        /// whether it has a value, as reading it byte by byte.
        #[test]
        fn a_tag_crossed_in_jumps_ends_where_it_does_byte_by_byte(
            body in proptest::collection::vec(proptest::sample::select(b"ab =\"'>/ x".to_vec()), 0..40)
        ) {
            let mut tag = b"<a".to_vec();
            tag.extend(body);
            proptest::prop_assert_eq!(tag_extent(&tag), tag_extent_bytewise(&tag));
        }
    }

    #[test]
    fn only_attribute_values_change_and_scripts_go() {
        let html = "<p class=x>a > b <a HREF=\"/a/\" title='it\"s'>x</a><!-- <a href=\"/c/\"> --> <br/><img src=/b.png alt=\"a > b\"></p><script type=\"module\" src=\"/s.js\"></script><SCRIPT>if (a < b) {}</SCRIPT>end";
        let map = |_: &str, attr: &str, v: &str, out: &mut Vec<u8>| {
            let url = attr.eq_ignore_ascii_case("href") || attr.eq_ignore_ascii_case("src");
            if url {
                out.extend_from_slice(format!("..{v}").as_bytes());
            }
            url
        };
        assert_eq!(
            rewrite(html, Scripts::Drop, map),
            "<p class=x>a > b <a HREF=\"../a/\" title='it\"s'>x</a><!-- <a href=\"/c/\"> --> <br/><img src=\"../b.png\" alt=\"a > b\"></p>end"
        );
        assert!(
            rewrite(html, Scripts::Keep, map)
                .ends_with("<script type=\"module\" src=\"../s.js\"></script><SCRIPT>if (a < b) {}</SCRIPT>end")
        );
        // Text that looks like an attribute is text.
        let text = "<p>Use <code>&lt;a href=\"/x/\"&gt;</code>, href=\"/y/\"</p>";
        assert_eq!(rewrite(text, Scripts::Keep, map), text);
    }
}

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

/// `html` with each attribute value that `map(tag, attribute, value)`
/// returns a replacement for replaced (written in double quotes; the
/// replacement must be HTML-escaped already). `tag` and `attribute` are as
/// written (compare them ignoring case); `value` is as written, its
/// entities not decoded.
pub fn rewrite(html: &str, scripts: Scripts, map: impl Fn(&str, &str, &str) -> Option<String>) -> String {
    let mut out = String::with_capacity(html.len() + html.len() / 16);
    let bytes = html.as_bytes();
    // Everything before `copied` is in `out`: unchanged HTML is copied in long runs.
    let mut copied = 0;
    let mut i = 0;
    while let Some(lt) = memchr::memchr(b'<', &bytes[i..]) {
        let start = i + lt;
        let rest = &html[start..];
        if rest.starts_with("<!--") {
            i = start + rest.find("-->").map_or(rest.len(), |e| e + 3);
            continue;
        }
        if !rest.as_bytes().get(1).is_some_and(u8::is_ascii_alphabetic) {
            i = start + 1;
            continue;
        }
        let end = tag_end(rest);
        let tag = &rest[..end];
        let name = tag_name(tag);
        let mut next = start + end;
        if name.eq_ignore_ascii_case("script") {
            next =
                start + find_ignore_case(&rest[end..], "</script>").map_or(rest.len(), |e| end + e + "</script>".len());
            if scripts == Scripts::Drop {
                out.push_str(&html[copied..start]);
                copied = next;
                i = next;
                continue;
            }
        }
        // Only tags with an attribute value are looked at closely.
        if memchr::memchr(b'=', tag.as_bytes()).is_some() {
            rewrite_tag(html, start, tag, name, &map, &mut out, &mut copied);
        }
        i = next;
    }
    out.push_str(&html[copied..]);
    out
}

fn tag_name(tag: &str) -> &str {
    let len = tag[1..].bytes().take_while(u8::is_ascii_alphanumeric).count();
    &tag[1..1 + len]
}

fn find_ignore_case(haystack: &str, needle: &str) -> Option<usize> {
    let (h, n) = (haystack.as_bytes(), needle.as_bytes());
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

/// The length of the tag at the start of `tag`, up to and with its `>`, quotes respected.
fn tag_end(tag: &str) -> usize {
    let b = tag.as_bytes();
    let mut i = 0;
    while let Some(at) = memchr::memchr3(b'>', b'"', b'\'', &b[i..]) {
        let at = i + at;
        if b[at] == b'>' {
            return at + 1;
        }
        // A quoted value: its `>` are text.
        match memchr::memchr(b[at], &b[at + 1..]) {
            Some(close) => i = at + 1 + close + 1,
            None => return b.len(),
        }
    }
    b.len()
}

/// Replaces the attribute values `map` replaces in the tag at `start` of
/// `html`, writing what comes before each into `out` up to there.
fn rewrite_tag(
    html: &str,
    start: usize,
    tag: &str,
    name: &str,
    map: &impl Fn(&str, &str, &str) -> Option<String>,
    out: &mut String,
    copied: &mut usize,
) {
    let b = tag.as_bytes();
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
        let attr = &tag[attr_start..i];
        if b.get(i) != Some(&b'=') {
            continue;
        }
        i += 1;
        let (value, value_start, after) = match b.get(i) {
            Some(&q @ (b'"' | b'\'')) => {
                let close = tag[i + 1..].find(q as char).map_or(b.len(), |e| i + 1 + e);
                (&tag[i + 1..close], i, (close + 1).min(b.len()))
            }
            _ => {
                let end = tag[i..].find(|c: char| c.is_ascii_whitespace() || c == '>').map_or(b.len(), |e| i + e);
                (&tag[i..end], i, end)
            }
        };
        if let Some(new) = map(name, attr, value) {
            out.push_str(&html[*copied..start + value_start]);
            out.push('"');
            out.push_str(&new);
            out.push('"');
            *copied = start + after;
        }
        i = after;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_attribute_values_change_and_scripts_go() {
        let html = "<p class=x>a > b <a HREF=\"/a/\" title='it\"s'>x</a><!-- <a href=\"/c/\"> --> <br/><img src=/b.png alt=\"a > b\"></p><script type=\"module\" src=\"/s.js\"></script><SCRIPT>if (a < b) {}</SCRIPT>end";
        let map = |_: &str, attr: &str, v: &str| {
            (attr.eq_ignore_ascii_case("href") || attr.eq_ignore_ascii_case("src")).then(|| format!("..{v}"))
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

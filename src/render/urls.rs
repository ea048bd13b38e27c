//! Relative URLs (`relative_urls`, on unless site.yaml turns it off): every
//! address of the site in the published HTML becomes relative to the page
//! that holds it (`/guide/situations/guarantee/` on `situations/wont-pay/`
//! becomes `../guarantee/`). So `public/` works opened from disk and at any
//! address or sub-path, without knowing it; canonical addresses, the
//! sitemap and the QR codes keep the absolute ones of `base_url`.
//!
//! Templates and Markdown write root-relative addresses as always; this is
//! one pass over each HTML file as it is put, so nothing before it changes.
//! The 404 pages (the site's and each language's) are the exception: a web
//! server shows them at any address, so their links are made absolute instead.

use super::Output;
use super::attributes::{self, Scripts};
use crate::error::Diagnostic;

/// Attributes that hold an address.
const URL_ATTRIBUTES: [&str; 4] = ["href", "src", "action", "poster"];

/// An [`Output`] that makes the site's addresses in HTML files relative
/// before handing them on to `out`.
pub struct Relative<'a> {
    out: &'a dyn Output,
    base_path: String,
    base_url: String,
    /// The site's 404 pages (`404.html`, `fi/404.html`): a server shows them
    /// at any address, so their addresses stay absolute.
    not_found: Vec<String>,
}

impl<'a> Relative<'a> {
    /// Wraps `out` for a site published at `base_url`, whose path is
    /// `base_path`, and whose 404 pages are at `not_found`.
    pub fn new(out: &'a dyn Output, base_path: &str, base_url: &str, not_found: Vec<String>) -> Relative<'a> {
        Relative { out, base_path: base_path.to_string(), base_url: base_url.to_string(), not_found }
    }
}

/// The HTML of the file at output path `path` of a site published at
/// `base_url` (whose path is `base_path`), its addresses made relative.
pub fn relative_html(path: &str, html: &str, base_path: &str, base_url: &str) -> String {
    let mut out = Vec::with_capacity(html.len() + html.len() / 16);
    relative_into(path, html.as_bytes(), base_path, base_url, false, &mut out);
    String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// [`relative_html`] over the bytes of the file, into `out` after what it
/// holds; with `absolute`, the site's addresses are made absolute instead
/// (a 404 page, which a server shows at any address).
fn relative_into(path: &str, html: &[u8], base_path: &str, base_url: &str, absolute: bool, out: &mut Vec<u8>) {
    let from = path.rsplit_once('/').map_or("", |(dir, _)| dir);
    // Writes the address `to` as this file shows it, if it is one of the site's.
    let map = |to: &[u8], into: &mut Vec<u8>| -> bool {
        let Some(rest) = to.strip_prefix(base_path.as_bytes()).filter(|_| !to.starts_with(b"//")) else {
            return false;
        };
        let Ok(rest) = std::str::from_utf8(rest) else { return false };
        if absolute {
            into.extend_from_slice(base_url.as_bytes());
            into.extend_from_slice(rest.as_bytes());
        } else {
            push_relative(into, from, rest);
        }
        true
    };
    attributes::rewrite_into(html, Scripts::Keep, Some(base_path.as_bytes()), out, |tag, attr, value, into| {
        if URL_ATTRIBUTES.iter().any(|a| attr.eq_ignore_ascii_case(a)) {
            return map(value, into);
        }
        // A redirect page: `<meta http-equiv="refresh" content="0; url=/guide/a/">`.
        if tag.eq_ignore_ascii_case("meta")
            && attr.eq_ignore_ascii_case("content")
            && std::str::from_utf8(value).is_ok()
        {
            let Some(at) = memchr::memmem::find(value, b"; url=") else { return false };
            into.extend_from_slice(&value[..at + 6]);
            if map(&value[at + 6..], into) {
                return true;
            }
            into.clear();
        }
        false
    })
}

thread_local! {
    /// Each thread's buffer for a page with its addresses made relative: taken while in use.
    static RELATIVE_BUFFER: std::cell::Cell<Vec<u8>> = const { std::cell::Cell::new(Vec::new()) };
}

impl Output for Relative<'_> {
    fn put(&self, path: &str, mut bytes: Vec<u8>) -> Result<(), Diagnostic> {
        if !path.ends_with(".html") {
            return self.out.put(path, bytes);
        }
        self.put_buffer(path, &mut bytes)
    }

    /// The page's addresses made relative into this thread's buffer, which
    /// the output hashes and writes (or takes): the pass and the write are
    /// one step, and no page allocates a copy of itself for it.
    fn put_buffer(&self, path: &str, bytes: &mut Vec<u8>) -> Result<(), Diagnostic> {
        if !path.ends_with(".html") {
            return self.out.put_buffer(path, bytes);
        }
        let mut relative = RELATIVE_BUFFER.take();
        relative.clear();
        let absolute = self.not_found.iter().any(|p| p == path);
        relative_into(path, bytes, &self.base_path, &self.base_url, absolute, &mut relative);
        let put = self.out.put_buffer(path, &mut relative);
        RELATIVE_BUFFER.set(relative);
        put
    }
}

/// The address of site path `to` (`situations/guarantee/#why`, `style.css`,
/// `""` for the home page) relative to the folder `from` (`situations/wont-pay`,
/// `""` for the root), the shortest way.
pub fn relative(from: &str, to: &str) -> String {
    let mut out = Vec::with_capacity(to.len() + 12);
    push_relative(&mut out, from, to);
    // Pieces of two strings, cut at ASCII bytes: UTF-8.
    String::from_utf8(out).unwrap_or_default()
}

/// [`relative`], written at the end of `out`.
pub fn push_relative(out: &mut Vec<u8>, from: &str, to: &str) {
    let split = to.find(['#', '?']).unwrap_or(to.len());
    let (path, suffix) = to.split_at(split);
    let (to_dirs, file) = path.rsplit_once('/').unwrap_or(("", path));
    let mut from = from.split('/').filter(|s| !s.is_empty()).peekable();
    let mut to_dirs = to_dirs.split('/').filter(|s| !s.is_empty()).peekable();
    while let (Some(a), Some(b)) = (from.peek(), to_dirs.peek()) {
        if a != b {
            break;
        }
        from.next();
        to_dirs.next();
    }
    let start = out.len();
    for _ in from {
        out.extend_from_slice(b"../");
    }
    for dir in to_dirs {
        out.extend_from_slice(dir.as_bytes());
        out.push(b'/');
    }
    out.extend_from_slice(file.as_bytes());
    if out.len() == start {
        out.extend_from_slice(b"./");
    }
    out.extend_from_slice(suffix.as_bytes());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_are_relative_to_the_page_s_folder() {
        for (from, to, expected) in [
            ("situations/wont-pay", "situations/guarantee/", "../guarantee/"),
            ("situations/wont-pay", "situations/wont-pay/#why", "./#why"),
            ("situations/wont-pay", "", "../../"),
            ("situations/wont-pay", "style.css", "../../style.css"),
            ("", "style.css", "style.css"),
            ("", "", "./"),
            ("", "situations/", "situations/"),
            ("situations", "worksheets/ideal-client/?x=1#a", "../worksheets/ideal-client/?x=1#a"),
            ("a/b/c", "a/x/", "../../x/"),
        ] {
            assert_eq!(relative(from, to), expected, "{from} → {to}");
        }
    }

    #[test]
    fn only_the_site_s_addresses_change() {
        // What a Relative output hands on for the file `path`.
        let r = |path: &str, html: &str| {
            struct Keep(std::sync::Mutex<Vec<u8>>);
            impl Output for Keep {
                fn put(&self, _: &str, bytes: Vec<u8>) -> Result<(), Diagnostic> {
                    *self.0.lock().unwrap() = bytes;
                    Ok(())
                }
            }
            let keep = Keep(std::sync::Mutex::new(Vec::new()));
            let not_found = vec!["404.html".to_string(), "fi/404.html".to_string()];
            Relative::new(&keep, "/guide/", "https://e.org/guide/", not_found)
                .put(path, html.as_bytes().to_vec())
                .unwrap();
            String::from_utf8(keep.0.into_inner().unwrap()).unwrap()
        };
        let html = "<a href=\"/guide/a/\">a</a><a href=\"https://e.org/x\">x</a><a href=\"#top\">t</a><a href=\"//cdn/x\">c</a><link rel=\"canonical\" href=\"https://e.org/guide/b/\"><meta http-equiv=\"refresh\" content=\"0; url=/guide/a/\">";
        assert_eq!(
            r("b/c/index.html", html),
            "<a href=\"../../a/\">a</a><a href=\"https://e.org/x\">x</a><a href=\"#top\">t</a><a href=\"//cdn/x\">c</a><link rel=\"canonical\" href=\"https://e.org/guide/b/\"><meta http-equiv=\"refresh\" content=\"0; url=../../a/\">"
        );
        assert!(r("404.html", html).starts_with("<a href=\"https://e.org/guide/a/\">"));
        // A language's 404 page too: a server shows it at any address under the language's folder.
        assert!(r("fi/404.html", html).starts_with("<a href=\"https://e.org/guide/a/\">"));
        assert!(r("fi/x/404.html", html).starts_with("<a href=\"../../a/\">"), "a page of its own");
        // A file of the site's own that happens to be called 404.html is not one.
        assert!(r("files/404.html", html).starts_with("<a href=\"../a/\">"), "a static file");
    }
}

//! Markdown → HTML: pulldown-cmark with the guide's extensions, a unique id and
//! a self-link on every heading, a table of contents, and links written as
//! relative `.md` paths turned into URLs.
//!
//! Every relative link in a Markdown file is relative to that file, as on
//! GitHub: `../worksheets/red-lines.md#why` points at a page (and is checked),
//! `diagram.png` at a file next to the page. Root-relative links (`/files/a.pdf`)
//! get the base URL's path prepended.

use std::collections::HashSet;

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd, html};

use crate::content::Source;
use crate::error::Diagnostic;
use crate::text::{escape, escape_into, join, slugify};

/// The Markdown dialect: CommonMark plus the extensions authors expect.
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// A heading, as listed in a page's table of contents.
#[derive(Clone, Debug, PartialEq)]
pub struct TocEntry {
    pub level: u8,
    pub id: String,
    pub title: String,
    pub children: Vec<TocEntry>,
}

/// Where an internal link points.
#[derive(Clone, Debug, PartialEq)]
pub enum LinkTarget {
    /// Another content file, relative to `content/`.
    Page(String),
    /// An anchor on the same page.
    SamePage,
    /// A file that is not a page, as a site path (`situations/diagram.png`).
    Asset(String),
}

/// An internal link, kept so anchors and files can be checked once every page is known.
#[derive(Clone, Debug, PartialEq)]
pub struct Link {
    pub target: LinkTarget,
    pub anchor: Option<String>,
    /// What the author wrote.
    pub dest: String,
    pub line: usize,
    pub col: usize,
}

/// A page body turned into HTML, with what later steps need to know about it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Rendered {
    pub html: String,
    pub toc: Vec<TocEntry>,
    /// Every `id` a link may point at: headings, footnotes, ids in raw HTML.
    pub anchors: HashSet<String>,
    pub links: Vec<Link>,
    /// Heading levels in order with their lines, for `check`'s skipped-level warning.
    pub headings: Vec<(u8, usize)>,
    pub words: usize,
}

/// What the renderer needs to know about the rest of the site.
pub trait Resolve {
    /// The URL (with base path) of the page at `rel` (relative to `content/`), if it exists.
    fn page_url(&self, rel: &str) -> Option<String>;
    /// Whether `rel` is a draft left out of this build.
    fn is_skipped_draft(&self, rel: &str) -> bool;
}

/// Renders the body of `source`, turning links to other pages into their
/// addresses (every page is known by then: the tree is assembled from front
/// matter first). Problems come back beside the result, so one run reports all.
pub fn render(source: &Source, base_path: &str, resolve: &dyn Resolve) -> (Rendered, Vec<Diagnostic>) {
    let body = source.body();
    let mut r = Renderer {
        source,
        base_path,
        resolve,
        out: Rendered::default(),
        problems: Vec::new(),
        ids: HashSet::new(),
        cursor: (0, 1),
    };
    // Events stream from the parser through the rewriting below into the HTML
    // writer; only a heading's own events wait, until its text gives its id.
    let mut parser = Parser::new_ext(body, options()).into_offset_iter();
    let mut pending: std::collections::VecDeque<Event> = std::collections::VecDeque::new();
    let mut html_out = String::with_capacity(body.len() + body.len() / 4);
    let events = std::iter::from_fn(|| {
        if let Some(e) = pending.pop_front() {
            return Some(e);
        }
        let (event, range) = parser.next()?;
        match r.rewrite(event, range.start) {
            Event::Start(Tag::Heading { level, id, classes, .. }) => {
                let mut heading = OpenHeading { level, id, classes, offset: range.start, inner: Vec::new() };
                for (event, range) in parser.by_ref() {
                    match r.rewrite(event, range.start) {
                        Event::End(TagEnd::Heading(_)) => break,
                        e => heading.inner.push(e),
                    }
                }
                r.heading(heading, &mut pending);
                pending.pop_front()
            }
            e => Some(e),
        }
    });
    html::push_html(&mut html_out, events);
    r.out.html = html_out;
    r.out.words = count_words(body);
    r.out.toc = nest_toc(std::mem::take(&mut r.out.toc));
    (r.out, r.problems)
}

/// A heading whose inline content is being collected, to give it an id from its text.
struct OpenHeading<'e> {
    level: HeadingLevel,
    id: Option<CowStr<'e>>,
    classes: Vec<CowStr<'e>>,
    offset: usize,
    inner: Vec<Event<'e>>,
}

struct Renderer<'a> {
    source: &'a Source,
    base_path: &'a str,
    resolve: &'a dyn Resolve,
    out: Rendered,
    problems: Vec<Diagnostic>,
    ids: HashSet<String>,
    /// The last (file offset, line) `line_col` computed.
    cursor: (usize, usize),
}

impl Renderer<'_> {
    /// Rewrites link targets and notes anchors and words, event by event.
    fn rewrite<'e>(&mut self, event: Event<'e>, offset: usize) -> Event<'e> {
        match event {
            Event::Start(Tag::Link { link_type, dest_url, title, id }) => {
                let dest_url = self.link(dest_url, offset, false);
                Event::Start(Tag::Link { link_type, dest_url, title, id })
            }
            Event::Start(Tag::Image { link_type, dest_url, title, id }) => {
                let dest_url = self.link(dest_url, offset, true);
                Event::Start(Tag::Image { link_type, dest_url, title, id })
            }
            Event::Start(Tag::FootnoteDefinition(ref label)) => {
                self.out.anchors.insert(label.to_string());
                event
            }
            Event::Html(ref h) | Event::InlineHtml(ref h) => {
                collect_html_ids(h, &mut self.out.anchors);
                event
            }
            other => other,
        }
    }

    /// Line and column of a body offset. Offsets mostly grow while parsing, so
    /// newlines are counted from the last position asked for, not from the top.
    fn line_col(&mut self, body_offset: usize) -> (usize, usize) {
        let text = self.source.text.as_bytes();
        let offset = (self.source.body_start + body_offset).min(text.len());
        let (mut from, mut line) = self.cursor;
        if offset < from {
            (from, line) = (0, 1);
        }
        line += memchr::memchr_iter(b'\n', &text[from..offset]).count();
        self.cursor = (offset, line);
        let line_start = memchr::memrchr(b'\n', &text[..offset]).map_or(0, |i| i + 1);
        let col = self.source.text.get(line_start..offset).map_or(1, |s| s.chars().count() + 1);
        (line, col)
    }

    fn problem(&mut self, body_offset: usize, message: String, hint: &str, len: usize) {
        let (line, col) = self.line_col(body_offset);
        self.problems.push(
            Diagnostic::error(message).in_file(&self.source.path).at(&self.source.text, line, col).span(len).hint(hint),
        );
    }

    /// Rewrites one link destination and records it for checking.
    fn link<'e>(&mut self, dest: CowStr<'e>, offset: usize, image: bool) -> CowStr<'e> {
        let raw = dest.to_string();
        if raw.is_empty() || has_scheme(&raw) || raw.starts_with("//") {
            return dest;
        }
        let (line, col) = self.line_col(offset);
        let (path, anchor) = match raw.split_once('#') {
            Some((p, a)) => (p, Some(a.to_string())),
            None => (raw.as_str(), None),
        };
        let record = |target| Link { target, anchor: anchor.clone(), dest: raw.clone(), line, col };
        if path.is_empty() {
            self.out.links.push(record(LinkTarget::SamePage));
            return dest;
        }
        if let Some(site_path) = path.strip_prefix('/') {
            return CowStr::from(format!("{}{}", self.base_path, site_path) + &fragment(&anchor));
        }
        let (path, query) = match path.split_once('?') {
            Some((p, q)) => (p, format!("?{q}")),
            None => (path, String::new()),
        };
        let Some(target) = join(&self.source.rel, path) else {
            self.problem(
                offset,
                format!("the link `{raw}` points outside content/"),
                "link to a file inside content/",
                1,
            );
            return dest;
        };
        if target.ends_with(".md") && !image {
            match self.resolve.page_url(&target) {
                Some(url) => {
                    self.out.links.push(record(LinkTarget::Page(target)));
                    CowStr::from(url + &query + &fragment(&anchor))
                }
                None => {
                    let hint = if self.resolve.is_skipped_draft(&target) {
                        "that page is a draft; build with --drafts, or publish it with `draft: false`".to_string()
                    } else {
                        format!("there is no `content/{target}`; links are relative to this file's folder")
                    };
                    self.problem(
                        offset,
                        format!("broken link: `{raw}` points to a page that does not exist"),
                        &hint,
                        1,
                    );
                    dest
                }
            }
        } else {
            self.out.links.push(record(LinkTarget::Asset(target.clone())));
            CowStr::from(format!("{}{target}{query}", self.base_path) + &fragment(&anchor))
        }
    }

    /// Emits a heading with a unique id, wrapped in a link to itself.
    fn heading<'e>(&mut self, heading: OpenHeading<'e>, events: &mut std::collections::VecDeque<Event<'e>>) {
        let OpenHeading { level, id, classes, offset, inner } = heading;
        let title = plain_text(&inner);
        let id = match id {
            Some(id) => {
                if !self.ids.insert(id.to_string()) {
                    self.problem(
                        offset,
                        format!("two headings on this page have the id `{id}`"),
                        "give one of them another `{#id}`",
                        1,
                    );
                }
                id.to_string()
            }
            None => self.unique_id(&title),
        };
        let level_num = level as u8;
        let (line, _) = self.line_col(offset);
        self.out.headings.push((level_num, line));
        self.out.anchors.insert(id.clone());
        self.out.toc.push(TocEntry { level: level_num, id: id.clone(), title, children: Vec::new() });

        // The heading's own text goes through the one HTML writer, between raw tags.
        let id = escape(&id);
        let tag = level.to_string();
        let mut open = String::with_capacity(64 + 2 * id.len());
        open.push('<');
        open.push_str(&tag);
        open.push_str(" id=\"");
        open.push_str(&id);
        open.push('"');
        if !classes.is_empty() {
            open.push_str(" class=\"");
            escape_into(&mut open, &classes.join(" "));
            open.push('"');
        }
        open.push('>');
        let has_link = inner.iter().any(|e| matches!(e, Event::Start(Tag::Link { .. })));
        let mut close = String::with_capacity(32);
        if has_link {
            // A link cannot hold another link: put the self-link beside the text instead.
            close.push_str(" <a class=\"heading-anchor\" href=\"#");
            close.push_str(&id);
            close.push_str("\" aria-label=\"Link to this section\">#</a>");
        } else {
            open.push_str("<a class=\"heading-link\" href=\"#");
            open.push_str(&id);
            open.push_str("\">");
            close.push_str("</a>");
        }
        close.push_str("</");
        close.push_str(&tag);
        close.push_str(">\n");
        events.push_back(Event::Html(CowStr::from(open)));
        events.extend(inner);
        events.push_back(Event::Html(CowStr::from(close)));
    }

    fn unique_id(&mut self, title: &str) -> String {
        let base = slugify(title);
        let base = if base.is_empty() { "section".to_string() } else { base };
        let mut id = base.clone();
        let mut n = 0;
        while !self.ids.insert(id.clone()) {
            n += 1;
            id = format!("{base}-{n}");
        }
        id
    }
}

/// About how many words the Markdown source has, for reading-time
/// estimates: the spaces and line breaks between them, counted with SIMD.
/// Markup and blank lines make it a little generous, which an estimate can
/// bear; counting words exactly was a tenth of the Markdown step.
fn count_words(text: &str) -> usize {
    let bytes = text.as_bytes();
    let gaps = memchr::memchr_iter(b' ', bytes).count() + memchr::memchr_iter(b'\n', bytes).count();
    if text.trim().is_empty() { 0 } else { gaps.max(1) }
}

fn has_scheme(url: &str) -> bool {
    match url.find(':') {
        Some(i) => url[..i].chars().all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c)) && i > 0,
        None => false,
    }
}

fn fragment(anchor: &Option<String>) -> String {
    anchor.as_ref().map(|a| format!("#{a}")).unwrap_or_default()
}

fn plain_text(events: &[Event]) -> String {
    let mut s = String::new();
    for e in events {
        if let Event::Text(t) | Event::Code(t) = e {
            s.push_str(t);
        }
    }
    s
}

fn collect_html_ids(html: &str, anchors: &mut HashSet<String>) {
    let mut rest = html;
    while let Some(i) = rest.find("id=\"") {
        let before = rest[..i].chars().last();
        rest = &rest[i + 4..];
        if matches!(before, Some(c) if c.is_whitespace())
            && let Some(end) = rest.find('"')
        {
            anchors.insert(rest[..end].to_string());
        }
    }
}

/// Turns the flat list of headings into a tree: each heading holds the deeper ones after it.
fn nest_toc(flat: Vec<TocEntry>) -> Vec<TocEntry> {
    fn take(flat: &mut std::iter::Peekable<std::vec::IntoIter<TocEntry>>, level: u8) -> Vec<TocEntry> {
        let mut out = Vec::new();
        while let Some(next) = flat.peek() {
            if next.level < level {
                break;
            }
            let mut entry = flat.next().expect("peeked");
            entry.children = take(flat, entry.level + 1);
            out.push(entry);
        }
        out
    }
    let mut iter = flat.into_iter().peekable();
    let mut out = Vec::new();
    while iter.peek().is_some() {
        let level = iter.peek().map_or(1, |e| e.level);
        out.extend(take(&mut iter, level));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    struct Pages;
    impl Resolve for Pages {
        fn page_url(&self, rel: &str) -> Option<String> {
            match rel {
                "situations/guarantee.md" => Some("/guide/situations/guarantee/".into()),
                "self-check.md" => Some("/guide/self-check/".into()),
                _ => None,
            }
        }
        fn is_skipped_draft(&self, rel: &str) -> bool {
            rel == "draft.md"
        }
    }

    fn md(rel: &str, body: &str) -> (Rendered, Vec<Diagnostic>) {
        let text = format!("---\ntitle: T\n---\n{body}");
        let source = crate::content::parse_source(rel, PathBuf::from(format!("content/{rel}")), text).unwrap();
        render(&source, "/guide/", &Pages)
    }

    #[test]
    fn headings_get_unique_ids_and_self_links() {
        let (r, p) = md("a.md", "## Signs\n\n## Signs\n\n### Deeper {#own}\n");
        assert!(p.is_empty());
        assert!(
            r.html.contains(r##"<h2 id="signs"><a class="heading-link" href="#signs">Signs</a></h2>"##),
            "{}",
            r.html
        );
        assert!(r.html.contains(r#"<h2 id="signs-1">"#));
        assert!(r.html.contains(r#"<h3 id="own">"#));
        assert_eq!(r.toc.len(), 2);
        assert_eq!(r.toc[1].children[0].id, "own");
    }

    #[test]
    fn md_links_become_urls() {
        let (r, p) = md(
            "situations/x.md",
            "[a](guarantee.md#why) [b](../self-check.md) [c](https://e.org/a.md) [d](#top) [e](/files/a.pdf) ![i](pic.png)",
        );
        assert!(p.is_empty(), "{p:?}");
        assert!(r.html.contains(r##"href="/guide/situations/guarantee/#why""##), "{}", r.html);
        assert!(r.html.contains(r#"href="/guide/self-check/""#));
        assert!(r.html.contains(r#"href="https://e.org/a.md""#));
        assert!(r.html.contains(r##"href="#top""##));
        assert!(r.html.contains(r#"href="/guide/files/a.pdf""#));
        assert!(r.html.contains(r#"src="/guide/situations/pic.png""#));
        assert_eq!(r.links.len(), 4);
        assert_eq!(r.links[0].anchor.as_deref(), Some("why"));
    }

    #[test]
    fn broken_links_are_located() {
        let (_, p) = md("a.md", "Intro\n\nSee [this](missing.md) and [that](draft.md).\n");
        assert_eq!(p.len(), 2);
        assert_eq!((p[0].line, p[0].col), (6, 5));
        assert!(p[1].hint.as_ref().unwrap().contains("draft"));
        let (_, p) = md("a.md", "[up](../../etc/passwd)");
        assert!(p[0].message.contains("outside content"));
    }

    #[test]
    fn extensions_are_on() {
        let (r, _) = md("a.md", "| a |\n|---|\n| b |\n\n~~x~~ - [x] done \"q\"[^1]\n\n[^1]: note\n");
        assert!(r.html.contains("<table>"));
        assert!(r.html.contains("<del>x</del>"));
        assert!(r.html.contains("“q”"));
        assert!(r.anchors.contains("1"));
    }
}

//! Markdown → HTML: pulldown-cmark with the guide's extensions, a unique id
//! and a self-link on every heading, a table of contents, and links turned
//! into addresses of the built site (see [`crate::links`]).
//!
//! Everything is linear in the size of the page: heading ids, line and column
//! numbers and link resolution each look at every byte a bounded number of
//! times, whatever the page repeats.

use std::collections::VecDeque;

use rustc_hash::{FxHashMap, FxHashSet};

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd, html};

use crate::content::Header;
use crate::error::Diagnostic;
use crate::links::{self, Link, Pages, Target};
use crate::text::{escape_into, slugify};

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
    /// 1 to 6.
    pub level: u8,
    /// The heading's `id`.
    pub id: String,
    /// Its text.
    pub title: String,
    /// The deeper headings that follow it.
    pub children: Vec<TocEntry>,
}

/// What the rest of the site needs to know about a page's body once it is
/// rendered: its headings, the places a link may point at, and its links.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Outline {
    /// The table of contents.
    pub toc: Vec<TocEntry>,
    /// Every `id` a link may point at: headings, footnotes, ids in raw HTML.
    pub anchors: FxHashSet<String>,
    /// Every link and image of the body, in order.
    pub links: Vec<Link>,
    /// Heading levels in order with their lines, for `check`'s skipped-level warning.
    pub headings: Vec<(u8, usize)>,
    /// About how many words the body has.
    pub words: usize,
}

impl Outline {
    /// Lets go of all but what the anchor check needs once every page has
    /// rendered: the anchors, and the links that point at one.
    pub fn keep_only_what_links_need(&mut self) {
        self.toc = Vec::new();
        self.headings = Vec::new();
        self.links.retain(|l| matches!(&l.target, Target::Page { anchor: Some(_), .. } | Target::SamePage { .. }));
        self.links.shrink_to_fit();
        self.anchors.shrink_to_fit();
    }
}

/// A page's body as HTML, with its outline.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Body {
    /// The HTML.
    pub html: String,
    /// What links, listings and checks need to know about it.
    pub outline: Outline,
}

/// Renders the body of the page `header`, whose whole file is `text`,
/// turning its links into addresses (every page is known by then: the tree
/// is assembled from front matter first). Problems come back beside the
/// result, so one run reports all of them.
pub fn render(header: &Header, text: &str, pages: &dyn Pages) -> (Body, Vec<Diagnostic>) {
    let body_start = header.body_start().min(text.len());
    let body = &text[body_start..];
    let mut r = Renderer {
        header,
        text,
        body_start,
        pages,
        outline: Outline::default(),
        problems: Vec::new(),
        ids: FxHashSet::default(),
        more_problems: 0,
        next_suffix: FxHashMap::default(),
        cursor: Cursor {
            offset: body_start,
            line: 1 + memchr::memchr_iter(b'\n', &text.as_bytes()[..body_start]).count(),
            col: 1,
            line_start: body_start,
        },
    };
    // Events stream from the parser through the rewriting below into the HTML
    // writer; only a heading's own events wait, until its text gives its id.
    let mut parser = Parser::new_ext(body, options()).into_offset_iter();
    let mut pending: VecDeque<Event> = VecDeque::new();
    let mut html_out = String::with_capacity(body.len() + body.len() / 4);
    let events = std::iter::from_fn(|| {
        if let Some(e) = pending.pop_front() {
            return Some(e);
        }
        let (mut event, range) = parser.next()?;
        r.rewrite(&mut event, range.start);
        match event {
            Event::Start(Tag::Heading { level, id, classes, .. }) => {
                // The heading's own events wait in `pending` until its text gives its id.
                let heading = OpenHeading { level, id, classes, offset: range.start };
                pending.push_back(Event::Html(CowStr::Borrowed("")));
                for (mut event, range) in parser.by_ref() {
                    r.rewrite(&mut event, range.start);
                    match event {
                        Event::End(TagEnd::Heading(_)) => break,
                        e => pending.push_back(e),
                    }
                }
                r.heading(heading, &mut pending);
                pending.pop_front()
            }
            e => Some(e),
        }
    });
    html::push_html(&mut html_out, events);
    let mut outline = r.outline;
    // Headings' ids are anchors too; they were kept apart only to be told from each other.
    outline.anchors.extend(r.ids);
    outline.words = count_words(body);
    outline.toc = nest_toc(std::mem::take(&mut outline.toc));
    let mut problems = r.problems;
    if r.more_problems > 0 {
        problems.push(too_many(&header.path, r.more_problems));
    }
    (Body { html: html_out, outline }, problems)
}

/// The most problems one page reports in full; the rest are counted. A page
/// with a million broken links needs its first ones fixed, not a million messages.
pub const MAX_PROBLEMS: usize = 200;

/// The problem that stands for `n` more, past [`MAX_PROBLEMS`].
pub fn too_many(path: &std::path::Path, n: usize) -> Diagnostic {
    Diagnostic::error(format!("… and {n} more problems like these"))
        .in_file(path)
        .hint("fix the ones above and build again to see the rest")
}

/// A heading whose inline content is being collected, to give it an id from its text.
struct OpenHeading<'e> {
    level: HeadingLevel,
    id: Option<CowStr<'e>>,
    classes: Vec<CowStr<'e>>,
    offset: usize,
}

/// The last place a line and column were worked out for: offsets mostly grow
/// while parsing, so the next one is counted from here, not from the top.
#[derive(Clone, Copy)]
struct Cursor {
    /// Byte offset in the file.
    offset: usize,
    line: usize,
    col: usize,
    /// Byte offset where the line starts.
    line_start: usize,
}

struct Renderer<'a> {
    header: &'a Header,
    text: &'a str,
    body_start: usize,
    pages: &'a dyn Pages,
    outline: Outline,
    problems: Vec<Diagnostic>,
    ids: FxHashSet<String>,
    /// Problems past [`MAX_PROBLEMS`], counted rather than kept.
    more_problems: usize,
    /// For each id made from a heading's text, the number to try next: so a
    /// page with many headings of the same text takes linear time.
    next_suffix: FxHashMap<String, usize>,
    cursor: Cursor,
}

impl Renderer<'_> {
    /// Rewrites link targets and notes anchors, event by event.
    fn rewrite<'e>(&mut self, event: &mut Event<'e>, offset: usize) {
        match event {
            Event::Start(Tag::Link { dest_url, .. }) => self.link(dest_url, offset, false),
            Event::Start(Tag::Image { dest_url, .. }) => self.link(dest_url, offset, true),
            Event::Start(Tag::FootnoteDefinition(label)) => {
                self.outline.anchors.insert(label.to_string());
            }
            Event::Html(h) | Event::InlineHtml(h) => collect_html_ids(h, &mut self.outline.anchors),
            // Smart punctuation prints each quotation mark it makes as a text of its own, in English marks.
            Event::Text(t) if t.len() == 3 => {
                if let Some(mark) = self.header.quotes.relocalize(t) {
                    *t = mark.into();
                }
            }
            _ => {}
        }
    }

    /// Line and column (in characters) of a body offset.
    fn line_col(&mut self, body_offset: usize) -> (usize, usize) {
        let offset = (self.body_start + body_offset).min(self.text.len());
        let mut c = self.cursor;
        if offset < c.offset {
            c = Cursor { offset: 0, line: 1, col: 1, line_start: 0 };
        }
        let between = &self.text.as_bytes()[c.offset..offset];
        match memchr::memrchr(b'\n', between) {
            Some(last) => {
                c.line += memchr::memchr_iter(b'\n', between).count();
                c.col = 1 + chars(&between[last + 1..]);
                c.line_start = c.offset + last + 1;
            }
            None => c.col += chars(between),
        }
        c.offset = offset;
        self.cursor = c;
        (c.line, c.col)
    }

    fn problem(&mut self, body_offset: usize, message: String, hint: &str) {
        let (line, col) = self.line_col(body_offset);
        if self.problems.len() >= MAX_PROBLEMS {
            self.more_problems += 1;
            return;
        }
        // The line's text from where the cursor knows it starts: no scan from the top.
        let rest = &self.text[self.cursor.line_start..];
        // A snippet shows a few hundred characters at most: look no further for the line's end.
        let mut near = rest.len().min(4096);
        while !rest.is_char_boundary(near) {
            near -= 1;
        }
        let rest = &rest[..near];
        let line_text = &rest[..memchr::memchr(b'\n', rest.as_bytes()).unwrap_or(rest.len())];
        self.problems
            .push(Diagnostic::error(message).in_file(&self.header.path).at_line_text(line, col, line_text).hint(hint));
    }

    /// Rewrites one link destination, in place, and records it.
    fn link(&mut self, dest: &mut CowStr<'_>, offset: usize, image: bool) {
        match links::resolve(self.pages, &self.header.rel, dest, image) {
            Ok(resolved) => {
                let (line, col) = self.line_col(offset);
                let written = dest.to_string();
                if resolved.href != written {
                    *dest = CowStr::from(resolved.href);
                }
                self.outline.links.push(Link { dest: written, target: resolved.target, image, line, col });
            }
            Err(broken) => self.problem(offset, broken.message(dest), &broken.hint()),
        }
    }

    /// Emits a heading with a unique id, wrapped in a link to itself.
    /// `events` holds a placeholder for its opening tag, then its inline
    /// events; the tags are put around them there.
    fn heading<'e>(&mut self, heading: OpenHeading<'e>, events: &mut VecDeque<Event<'e>>) {
        let OpenHeading { level, id, classes, offset } = heading;
        let inner = events.range(1..);
        let title = plain_text(inner.clone());
        let has_link = inner.clone().any(|e| matches!(e, Event::Start(Tag::Link { .. })));
        let id = match id {
            Some(id) => {
                let id = id.into_string();
                if self.ids.contains(&id) {
                    self.problem(
                        offset,
                        format!("two headings on this page have the id `{id}`"),
                        "give one of them another `{#id}`",
                    );
                } else {
                    self.ids.insert(id.clone());
                }
                id
            }
            None => self.unique_id(&title),
        };
        let level_num = level as u8;
        let (line, _) = self.line_col(offset);
        self.outline.headings.push((level_num, line));

        // The heading's own text goes through the one HTML writer, between raw tags.
        let tag = match level {
            HeadingLevel::H1 => "h1",
            HeadingLevel::H2 => "h2",
            HeadingLevel::H3 => "h3",
            HeadingLevel::H4 => "h4",
            HeadingLevel::H5 => "h5",
            HeadingLevel::H6 => "h6",
        };
        let mut open = String::with_capacity(72 + 2 * id.len());
        open.push('<');
        open.push_str(tag);
        open.push_str(" id=\"");
        escape_into(&mut open, &id);
        open.push('"');
        if !classes.is_empty() {
            open.push_str(" class=\"");
            escape_into(&mut open, &classes.join(" "));
            open.push('"');
        }
        open.push('>');
        let close = if has_link {
            // A link cannot hold another link: put the self-link beside the text instead.
            let mut close = String::with_capacity(96 + id.len());
            close.push_str(" <a class=\"heading-anchor\" href=\"#");
            escape_into(&mut close, &id);
            close.push_str("\" aria-label=\"Link to this section\">#</a></");
            close.push_str(tag);
            close.push_str(">\n");
            CowStr::from(close)
        } else {
            open.push_str("<a class=\"heading-link\" href=\"#");
            escape_into(&mut open, &id);
            open.push_str("\">");
            CowStr::Borrowed(match level {
                HeadingLevel::H1 => "</a></h1>\n",
                HeadingLevel::H2 => "</a></h2>\n",
                HeadingLevel::H3 => "</a></h3>\n",
                HeadingLevel::H4 => "</a></h4>\n",
                HeadingLevel::H5 => "</a></h5>\n",
                HeadingLevel::H6 => "</a></h6>\n",
            })
        };
        events[0] = Event::Html(CowStr::from(open));
        events.push_back(Event::Html(close));
        self.outline.toc.push(TocEntry { level: level_num, id, title, children: Vec::new() });
    }

    /// The heading's slug, or the slug with the first free `-N` after it.
    fn unique_id(&mut self, title: &str) -> String {
        let base = slugify(title);
        let base = if base.is_empty() { "section".to_string() } else { base };
        if !self.ids.contains(&base) {
            self.ids.insert(base.clone());
            return base;
        }
        // Every suffix below the one remembered is taken: ids are only ever added.
        let n = self.next_suffix.entry(base.clone()).or_insert(1);
        loop {
            let id = if *n == 0 { base.clone() } else { format!("{base}-{n}") };
            *n += 1;
            if self.ids.insert(id.clone()) {
                return id;
            }
        }
    }
}

/// The number of characters in UTF-8 `bytes`.
fn chars(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| (b as i8) >= -0x40).count()
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

/// The text of a heading's events, in one allocation of its exact size.
fn plain_text<'a, 'e: 'a>(events: impl Iterator<Item = &'a Event<'e>> + Clone) -> String {
    let text = |e: &'a Event<'e>| match e {
        Event::Text(t) | Event::Code(t) => Some(t),
        _ => None,
    };
    let mut s = String::with_capacity(events.clone().filter_map(text).map(|t| t.len()).sum());
    events.filter_map(text).for_each(|t| s.push_str(t));
    s
}

fn collect_html_ids(html: &str, anchors: &mut FxHashSet<String>) {
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
            let Some(mut entry) = flat.next() else { break };
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

    struct Site;
    impl Pages for Site {
        fn page(&self, _from: &str, rel: String) -> Result<(String, String), String> {
            let url = match rel.as_str() {
                "situations/guarantee.md" => "/guide/situations/guarantee/",
                "self-check.md" => "/guide/self-check/",
                _ => return Err(rel),
            };
            Ok((rel, url.to_string()))
        }
        fn is_skipped_draft(&self, _from: &str, rel: &str) -> bool {
            rel == "draft.md"
        }
        fn base_path(&self) -> &str {
            "/guide/"
        }
    }

    fn md(rel: &str, body: &str) -> (Body, Vec<Diagnostic>) {
        md_in(rel, body, crate::text::Quotes::ENGLISH)
    }

    fn md_in(rel: &str, body: &str, quotes: crate::text::Quotes) -> (Body, Vec<Diagnostic>) {
        let text = format!("---\ntitle: T\n---\n{body}");
        let header = crate::content::parse(rel, PathBuf::from(format!("content/{rel}")), &text, quotes).unwrap();
        render(&header, &text, &Site)
    }

    #[test]
    fn quotation_marks_follow_the_page_language() {
        let body = "Sano \"ei\" ja 'ehkä', älä \"kyllä\". Annukan `\"koodi\"`\n";
        let (fi, _) = md_in("a.md", body, crate::text::Quotes::of("fi"));
        assert_eq!(fi.html, "<p>Sano ”ei” ja ’ehkä’, älä ”kyllä”. Annukan <code>\"koodi\"</code></p>\n");
        let (en, _) = md("a.md", body);
        assert!(en.html.starts_with("<p>Sano “ei” ja ‘ehkä’"), "{}", en.html);
    }

    #[test]
    fn headings_get_unique_ids_and_self_links() {
        let (b, p) = md("a.md", "## Signs\n\n## Signs\n\n### Deeper {#own}\n\n## Signs 1\n\n## Signs\n");
        assert!(p.is_empty());
        assert!(
            b.html.contains(r##"<h2 id="signs"><a class="heading-link" href="#signs">Signs</a></h2>"##),
            "{}",
            b.html
        );
        assert!(b.html.contains(r#"<h2 id="signs-1">"#));
        assert!(b.html.contains(r#"<h3 id="own">"#));
        // `Signs 1` takes `signs-1-1` (its own slug is taken); the next `Signs` skips to `signs-2`.
        assert!(b.html.contains(r#"<h2 id="signs-1-1">"#), "{}", b.html);
        assert!(b.html.contains(r#"<h2 id="signs-2">"#));
        assert_eq!(b.outline.toc.len(), 4);
        assert_eq!(b.outline.toc[1].children[0].id, "own");
    }

    #[test]
    fn whatever_a_page_repeats_takes_linear_time() {
        // 100,000 of each; quadratic handling of any of them took minutes.
        let cases = [
            ("identical headings", "## Same\n\n".repeat(100_000)),
            ("links to one heading", "[x](#same) ".repeat(100_000) + "\n\n## Same\n"),
            ("links to another page", "[x](guarantee.md#why) ".repeat(100_000)),
            ("broken links on one line", "[x](gone.md) ".repeat(100_000)),
            ("footnote references", "x[^a] ".repeat(100_000) + "\n\n[^a]: note\n"),
            ("raw html ids", "<span id=\"a\"></span>\n".repeat(100_000)),
        ];
        for (what, body) in cases {
            let started = std::time::Instant::now();
            let (b, problems) = md("situations/x.md", &body);
            // Linear time is well under a second in a release build, a few seconds in a debug one.
            assert!(started.elapsed() < std::time::Duration::from_secs(15), "{what}: {:?}", started.elapsed());
            assert!(problems.len() <= MAX_PROBLEMS + 1, "{what}: problems are capped, {}", problems.len());
            assert!(!b.html.is_empty(), "{what}");
        }
        let (b, _) = md("a.md", &"## Same\n\n".repeat(100_000));
        assert!(b.outline.anchors.contains("same-99999"));
        let (_, problems) = md("a.md", &"[x](gone.md) ".repeat(100_000));
        assert_eq!(problems.last().map(|d| d.message.as_str()), Some("… and 99800 more problems like these"));
    }

    #[test]
    fn md_links_become_urls() {
        let (b, p) = md(
            "situations/x.md",
            "[a](guarantee.md#why) [b](../self-check.md?x=1) [c](https://e.org/a.md) [d](#top) [e](/files/a.pdf) ![i](pic.png)",
        );
        assert!(p.is_empty(), "{p:?}");
        let html = &b.html;
        assert!(html.contains(r##"href="/guide/situations/guarantee/#why""##), "{html}");
        assert!(html.contains(r#"href="/guide/self-check/?x=1""#));
        assert!(html.contains(r#"href="https://e.org/a.md""#));
        assert!(html.contains(r##"href="#top""##));
        assert!(html.contains(r#"href="/guide/files/a.pdf""#));
        assert!(html.contains(r#"src="/guide/situations/pic.png""#));
        let targets: Vec<&Target> = b.outline.links.iter().map(|l| &l.target).collect();
        assert_eq!(
            targets,
            [
                &Target::Page { rel: "situations/guarantee.md".into(), anchor: Some("why".into()) },
                &Target::Page { rel: "self-check.md".into(), anchor: None },
                &Target::External,
                &Target::SamePage { anchor: "top".into() },
                &Target::SitePath,
                &Target::File { path: "situations/pic.png".into() },
            ]
        );
        assert_eq!((b.outline.links[1].line, b.outline.links[1].col), (4, 23));
    }

    #[test]
    fn broken_links_are_located() {
        let (_, p) = md("a.md", "Intro\n\nSee [this](missing.md) and [that](draft.md).\n");
        assert_eq!(p.len(), 2);
        assert_eq!((p[0].line, p[0].col), (6, 5));
        assert_eq!((p[1].line, p[1].col), (6, 28));
        assert!(p[1].hint.as_ref().unwrap().contains("draft"));
        let (_, p) = md("a.md", "ä ö [up](../../etc/passwd)");
        assert!(p[0].message.contains("outside content"));
        assert_eq!((p[0].line, p[0].col), (4, 5), "columns count characters, not bytes");
    }

    #[test]
    fn extensions_are_on() {
        let (b, _) = md("a.md", "| a |\n|---|\n| b |\n\n~~x~~ \"q\"[^1]\n\n- [x] done\n- [ ] to do\n\n[^1]: note\n");
        assert!(b.html.contains("<table>"));
        assert!(b.html.contains("<del>x</del>"));
        assert!(b.html.contains("“q”"));
        assert!(b.outline.anchors.contains("1"));
        assert!(b.html.contains(r#"<li><input disabled="" type="checkbox" checked=""/>"#), "{}", b.html);
        assert!(b.html.contains(r#"<li><input disabled="" type="checkbox"/>"#), "{}", b.html);
    }
}

//! The guide as a whole: every page with its URL, its place in the section
//! tree and in the reading order, its rendered body, and checked links.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::config::Config;
use crate::content::{Content, FrontMatter, Source};
use crate::error::{Diagnostic, Error, Result};
use crate::markdown::{self, LinkTarget, Rendered, Resolve};

/// Index of a page in [`Site::pages`].
pub type PageId = usize;

/// What a page is in the tree.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// `content/_index.md`, the home page.
    Home,
    /// `content/<dir>/_index.md`: a page that lists others.
    Section,
    /// Any other Markdown file.
    Page,
}

/// One page of the guide. The heavy parts are shared, so cloning a whole
/// [`Site`] (as `serve` does before applying an edit) costs little.
#[derive(Clone, Debug)]
pub struct Page {
    pub source: Arc<Source>,
    pub kind: Kind,
    /// Site path without the base path: `""` for home, `situations/guarantee/`.
    pub path: String,
    pub parent: Option<PageId>,
    /// For the home page and sections: the pages and sections directly inside, in order.
    pub children: Vec<PageId>,
    /// Neighbours in reading order (home, then each section followed by its pages, depth first).
    pub previous: Option<PageId>,
    pub next: Option<PageId>,
    pub rendered: Arc<Rendered>,
}

impl Page {
    pub fn front(&self) -> &FrontMatter {
        &self.source.front
    }

    pub fn title(&self) -> &str {
        &self.source.front.title
    }

    /// The output file: `situations/guarantee/index.html`.
    pub fn output_path(&self) -> String {
        format!("{}index.html", self.path)
    }
}

/// The assembled guide.
#[derive(Clone, Debug)]
pub struct Site {
    pub config: Config,
    /// The site root on disk.
    pub root: PathBuf,
    /// Shared, so `serve` can copy the site before an edit and change only the pages it touches.
    pub pages: Vec<Arc<Page>>,
    /// Content path (`situations/guarantee.md`) → page.
    pub by_rel: Arc<HashMap<String, PageId>>,
    pub skipped_drafts: HashSet<String>,
    /// Non-Markdown files of `content/`, relative to it.
    pub assets: Vec<String>,
    /// Every page, in reading order; the home page first.
    pub order: Vec<PageId>,
}

/// The home page is always page 0.
pub const HOME: PageId = 0;

impl Site {
    /// Places every source in the tree and gives it a URL. Does not render Markdown yet.
    pub fn assemble(root: &Path, config: Config, content: Content) -> Result<Site> {
        let mut sources = content.sources;
        // The home page comes first; a guide without content/_index.md gets an empty one.
        match sources.iter().position(|s| s.rel == "_index.md") {
            Some(i) => {
                let home = sources.remove(i);
                sources.insert(0, home);
            }
            None => sources.insert(
                0,
                Source {
                    rel: "_index.md".into(),
                    path: PathBuf::from("content/_index.md"),
                    text: String::new(),
                    body_start: 0,
                    front: FrontMatter { title: config.title.clone(), ..FrontMatter::default() },
                },
            ),
        }
        let mut problems = Vec::new();
        let mut pages: Vec<Arc<Page>> = Vec::with_capacity(sources.len());
        let mut by_rel = HashMap::with_capacity(sources.len());
        let mut by_path: HashMap<String, PageId> = HashMap::with_capacity(sources.len());
        for source in sources {
            let id = pages.len();
            let kind = if id == HOME {
                Kind::Home
            } else if source.is_section() {
                Kind::Section
            } else {
                Kind::Page
            };
            let path = site_path(&source);
            if let Some(&other) = by_path.get(&path) {
                let other: &Page = &pages[other];
                problems.push(
                    Diagnostic::error(format!(
                        "`{}` and `{}` would both be published at /{path}",
                        other.source.path.display(),
                        source.path.display()
                    ))
                    .in_file(&source.path)
                    .at(&source.text, 1, 1)
                    .hint("rename one of the files, or give one a different `slug:`"),
                );
            }
            by_path.insert(path.clone(), id);
            by_rel.insert(source.rel.clone(), id);
            pages.push(Arc::new(Page {
                source: Arc::new(source),
                kind,
                path,
                parent: None,
                children: Vec::new(),
                previous: None,
                next: None,
                rendered: Arc::default(),
            }));
        }
        let mut site = Site {
            config,
            root: root.to_path_buf(),
            pages,
            by_rel: Arc::new(by_rel),
            skipped_drafts: content.skipped_drafts.into_iter().collect(),
            assets: content.assets,
            order: Vec::new(),
        };
        site.link_tree();
        problems.extend(site.check_menu());
        if problems.is_empty() { Ok(site) } else { Err(Error::new(problems)) }
    }

    /// Sets parents, sorted children and the reading order from the pages'
    /// paths and weights. Returns the pages whose place changed (parent,
    /// children, previous or next); only those are written to.
    pub fn link_tree(&mut self) -> Vec<PageId> {
        let n = self.pages.len();
        let mut parents: Vec<Option<PageId>> = vec![None; n];
        let mut children: Vec<Vec<PageId>> = vec![Vec::new(); n];
        for (id, parent) in parents.iter_mut().enumerate().skip(1) {
            let p = self.section_of(&self.pages[id].source.rel);
            *parent = Some(p);
            children[p].push(id);
        }
        for list in &mut children {
            self.sort_children(list);
        }
        self.place(parents, children)
    }

    /// After titles or weights of `moved` changed (the tree's shape did not):
    /// sorts their sections again and redoes the reading order. Returns the
    /// pages whose place changed.
    pub fn reorder(&mut self, moved: &[PageId]) -> Vec<PageId> {
        let parents: Vec<Option<PageId>> = self.pages.iter().map(|p| p.parent).collect();
        let mut children: Vec<Vec<PageId>> = self.pages.iter().map(|p| p.children.clone()).collect();
        let mut sections: Vec<PageId> = moved.iter().filter_map(|&id| parents[id]).collect();
        sections.sort_unstable();
        sections.dedup();
        for section in sections {
            self.sort_children(&mut children[section]);
        }
        self.place(parents, children)
    }

    /// Weight first (pages without one last), then title, then file name.
    fn sort_children(&self, list: &mut [PageId]) {
        list.sort_by(|&a, &b| {
            let (a, b) = (&self.pages[a], &self.pages[b]);
            (a.front().weight.unwrap_or(i64::MAX), a.title(), &a.source.rel).cmp(&(
                b.front().weight.unwrap_or(i64::MAX),
                b.title(),
                &b.source.rel,
            ))
        });
    }

    /// Writes parents and children, derives the reading order and previous/next,
    /// and returns the pages whose place changed.
    fn place(&mut self, parents: Vec<Option<PageId>>, children: Vec<Vec<PageId>>) -> Vec<PageId> {
        let n = self.pages.len();
        let mut order = Vec::with_capacity(n);
        let mut stack = vec![HOME];
        while let Some(id) = stack.pop() {
            order.push(id);
            stack.extend(children[id].iter().rev());
        }
        let mut neighbours: Vec<(Option<PageId>, Option<PageId>)> = vec![(None, None); n];
        for (i, &id) in order.iter().enumerate() {
            neighbours[id] = (i.checked_sub(1).map(|j| order[j]), order.get(i + 1).copied());
        }
        let mut changed = Vec::new();
        for (id, ((parent, kids), (previous, next))) in parents.into_iter().zip(children).zip(neighbours).enumerate() {
            let page = &self.pages[id];
            if page.parent != parent || page.children != kids || page.previous != previous || page.next != next {
                let page = self.page_mut(id);
                (page.parent, page.children, page.previous, page.next) = (parent, kids, previous, next);
                changed.push(id);
            }
        }
        self.order = order;
        changed
    }

    /// A page to change; copied first if another version of the site shares it.
    pub fn page_mut(&mut self, id: PageId) -> &mut Page {
        Arc::make_mut(&mut self.pages[id])
    }

    /// The nearest section above a content file: `a/b/c.md` → `a/b/_index.md`, `a/_index.md`, or home.
    fn section_of(&self, rel: &str) -> PageId {
        let mut dir = rel.rsplit_once('/').map_or("", |(d, _)| d);
        if rel.ends_with("_index.md") || rel.ends_with("/index.md") {
            // A section's parent is the section of the folder above it.
            dir = dir.rsplit_once('/').map_or("", |(d, _)| d);
        }
        loop {
            let candidate = if dir.is_empty() { "_index.md".to_string() } else { format!("{dir}/_index.md") };
            if let Some(&id) = self.by_rel.get(&candidate)
                && self.pages[id].source.rel != rel
            {
                return id;
            }
            if dir.is_empty() {
                return HOME;
            }
            dir = dir.rsplit_once('/').map_or("", |(d, _)| d);
        }
    }

    /// Menu entries with `page:` must name a page of the guide.
    fn check_menu(&self) -> Vec<Diagnostic> {
        let mut problems = Vec::new();
        for item in &self.config.menu {
            if let Some(page) = &item.page
                && !self.by_rel.contains_key(page.trim_start_matches("./"))
            {
                let source = &self.config.source;
                let d = Diagnostic::error(format!(
                    "the menu entry `{}` points to `{page}`, which is not a page",
                    item.title
                ))
                .in_file(crate::config::CONFIG_FILE)
                .hint("`page:` is a path relative to content/, e.g. `situations/_index.md`");
                let d = match source.find(page.as_str()) {
                    Some(offset) => d.at_offset(source, offset).span(page.chars().count()),
                    None => d,
                };
                problems.push(d);
            }
        }
        problems
    }

    /// The URL of a menu entry.
    pub fn menu_url(&self, item: &crate::config::MenuItem) -> String {
        match (&item.page, &item.url) {
            (Some(page), _) => match self.by_rel.get(page.trim_start_matches("./")) {
                Some(&id) => self.url(id),
                None => self.config.url(""),
            },
            (None, Some(url)) if url.starts_with('/') => self.config.url(url),
            (None, Some(url)) => url.clone(),
            (None, None) => self.config.url(""),
        }
    }

    /// Root-relative URL of a page, with the base path.
    pub fn url(&self, id: PageId) -> String {
        self.config.url(&self.pages[id].path)
    }

    /// Absolute URL of a page.
    pub fn permalink(&self, id: PageId) -> String {
        self.config.permalink(&self.pages[id].path)
    }

    /// Renders the Markdown of every page, in parallel, then checks the links
    /// between them. Reports every broken link at once.
    pub fn render_markdown(&mut self) -> Result<()> {
        let results: Vec<(Rendered, Vec<Diagnostic>)> =
            self.pages.par_iter().map(|p| markdown::render(&p.source, &self.config.base_path, &*self)).collect();
        let mut problems = Vec::new();
        for (id, (rendered, p)) in results.into_iter().enumerate() {
            self.page_mut(id).rendered = Arc::new(rendered);
            problems.extend(p);
        }
        problems.extend(self.check_anchors(0..self.pages.len()));
        if problems.is_empty() { Ok(()) } else { Err(Error::new(problems)) }
    }

    /// Renders one page's Markdown again (after an edit); returns its problems.
    pub fn render_page_markdown(&mut self, id: PageId) -> Vec<Diagnostic> {
        let (rendered, problems) = markdown::render(&self.pages[id].source, &self.config.base_path, &*self);
        self.page_mut(id).rendered = Arc::new(rendered);
        problems
    }

    /// Checks that every `#anchor` used by the given pages exists on its target,
    /// and that what their forms link to exists.
    pub fn check_anchors(&self, ids: impl Iterator<Item = PageId>) -> Vec<Diagnostic> {
        let ids: Vec<PageId> = ids.collect();
        let mut problems = crate::forms::links::check(self, &ids);
        for &id in &ids {
            let page = &self.pages[id];
            for link in &page.rendered.links {
                let Some(anchor) = &link.anchor else { continue };
                let target = match &link.target {
                    LinkTarget::Page(rel) => match self.by_rel.get(rel) {
                        Some(&t) => t,
                        None => continue,
                    },
                    LinkTarget::SamePage => id,
                    LinkTarget::Asset(_) => continue,
                };
                let anchors = &self.pages[target].rendered.anchors;
                // A form's questions can be linked to by their ids.
                if anchor.is_empty()
                    || anchors.contains(anchor)
                    || crate::forms::links::has_anchor(&self.pages[target], anchor)
                {
                    continue;
                }
                let mut known: Vec<&str> = anchors.iter().map(String::as_str).collect();
                known.sort_unstable();
                known.truncate(12);
                let hint = if known.is_empty() {
                    format!("`{}` has no headings to link to", self.pages[target].source.path.display())
                } else {
                    format!("anchors there: #{}", known.join(", #"))
                };
                problems.push(
                    Diagnostic::error(format!(
                        "broken anchor: `#{anchor}` is not a heading on `{}`",
                        self.pages[target].source.path.display()
                    ))
                    .in_file(&page.source.path)
                    .at(&page.source.text, link.line, link.col)
                    .hint(hint),
                );
            }
        }
        problems
    }
}

/// Lets the Markdown renderer look up other pages' URLs.
impl Resolve for Site {
    fn page_url(&self, rel: &str) -> Option<String> {
        self.by_rel.get(rel).map(|&id| self.url(id))
    }

    fn is_skipped_draft(&self, rel: &str) -> bool {
        self.skipped_drafts.contains(rel)
    }
}

/// The site path of a content file: `a/b.md` → `a/b/`, `a/_index.md` → `a/`,
/// `a/index.md` → `a/`; `slug:` replaces the last part.
pub fn site_path(source: &Source) -> String {
    let rel = source.rel.trim_end_matches(".md");
    let mut parts: Vec<String> = rel.split('/').map(url_segment).collect();
    let last = parts.pop().unwrap_or_default();
    let is_folder_page = last == "_index" || last == "index";
    match (&source.front.slug, is_folder_page) {
        (Some(slug), true) => {
            parts.pop();
            parts.push(slug.clone());
        }
        (Some(slug), false) => parts.push(slug.clone()),
        (None, true) => {}
        (None, false) => parts.push(last),
    }
    parts.retain(|p| !p.is_empty());
    parts.into_iter().map(|p| p + "/").collect()
}

/// A file or folder name as a URL segment: kept as written when it is already
/// URL-safe, otherwise slugified (`My Notes` → `my-notes`).
fn url_segment(name: &str) -> String {
    if name.chars().all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c)) {
        name.to_string()
    } else {
        crate::text::slugify(name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source(rel: &str, front: &str) -> Source {
        crate::content::parse_source(rel, PathBuf::from(format!("content/{rel}")), format!("---\n{front}\n---\n"))
            .unwrap()
    }

    fn site(files: &[(&str, &str)]) -> Result<Site> {
        let config = Config::parse(Path::new("site.yaml"), "title: G\nbase_url: https://e.org/g/\n".into()).unwrap();
        let content = Content { sources: files.iter().map(|(r, f)| source(r, f)).collect(), ..Content::default() };
        Site::assemble(Path::new("."), config, content)
    }

    #[test]
    fn paths_follow_files_and_slugs() {
        assert_eq!(site_path(&source("a/b.md", "title: x")), "a/b/");
        assert_eq!(site_path(&source("a/_index.md", "title: x")), "a/");
        assert_eq!(site_path(&source("_index.md", "title: x")), "");
        assert_eq!(site_path(&source("a/b.md", "title: x\nslug: c")), "a/c/");
        assert_eq!(site_path(&source("My Notes.md", "title: x")), "my-notes/");
    }

    #[test]
    fn tree_and_reading_order_follow_weights_then_titles() {
        let s = site(&[
            ("about.md", "title: About\nweight: 9"),
            ("s/_index.md", "title: Situations\nweight: 1"),
            ("s/b.md", "title: Bravo"),
            ("s/a.md", "title: Alpha"),
            ("s/z.md", "title: Zulu\nweight: 1"),
        ])
        .unwrap();
        let titles: Vec<&str> = s.order.iter().map(|&id| s.pages[id].title()).collect();
        assert_eq!(titles, ["G", "Situations", "Zulu", "Alpha", "Bravo", "About"]);
        let zulu = s.by_rel["s/z.md"];
        assert_eq!(s.pages[zulu].previous.map(|p| s.pages[p].title()), Some("Situations"));
        assert_eq!(s.url(zulu), "/g/s/z/");
        assert_eq!(s.permalink(zulu), "https://e.org/g/s/z/");
    }

    #[test]
    fn duplicate_paths_name_both_files() {
        let err = site(&[("a.md", "title: A"), ("a/_index.md", "title: A2")]).unwrap_err();
        assert!(err.diagnostics[0].message.contains("`content/a.md` and `content/a/_index.md`"), "{err}");
    }

    #[test]
    fn broken_anchor_is_reported_with_the_anchors_that_exist() {
        let mut s = site(&[("a.md", "title: A")]).unwrap();
        let text = "---\ntitle: B\n---\n## Real\n\n[x](a.md#nope) [y](#real)\n".to_string();
        let b = crate::content::parse_source("b.md", PathBuf::from("content/b.md"), text).unwrap();
        s.pages.push(Arc::new(Page {
            source: Arc::new(b),
            kind: Kind::Page,
            path: "b/".into(),
            parent: None,
            children: vec![],
            previous: None,
            next: None,
            rendered: Arc::default(),
        }));
        Arc::make_mut(&mut s.by_rel).insert("b.md".into(), 2);
        let err = s.render_markdown().unwrap_err();
        assert_eq!(err.diagnostics.len(), 1);
        let d = &err.diagnostics[0];
        assert_eq!((d.line, d.col), (6, 1));
        assert!(d.message.contains("`#nope`"));
    }
}

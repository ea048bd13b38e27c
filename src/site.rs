//! The guide as a whole: every page with its URL, its place in the section
//! tree and in the reading order, the menu, and the checks that need every
//! page at once (anchors, what forms point at).

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::config::{CONFIG_FILE, Config};
use crate::content::form::FormKind;
use crate::content::{Content, FrontMatter, Header};
use crate::error::Diagnostic;
use crate::links::{self, Link, Target};
use crate::markdown::Outline;

/// Index of a page in [`Site::pages`].
pub type PageId = usize;

/// The home page is always page 0.
pub const HOME: PageId = 0;

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

impl Kind {
    /// The name templates see (`page.kind`).
    pub fn name(self) -> &'static str {
        match self {
            Kind::Home => "home",
            Kind::Section => "section",
            Kind::Page => "page",
        }
    }
}

/// One page of the guide. The heavy parts are shared, so cloning a whole
/// [`Site`] (as `serve` does before applying an edit) costs little.
#[derive(Clone, Debug)]
pub struct Page {
    /// Its file's front matter.
    pub header: Arc<Header>,
    /// What it is in the tree.
    pub kind: Kind,
    /// Site path without the base path: `""` for home, `situations/guarantee/`.
    pub path: String,
    /// The section it is in; `None` for the home page.
    pub parent: Option<PageId>,
    /// For the home page and sections: the pages and sections directly inside, in order.
    pub children: Vec<PageId>,
    /// The page before it in reading order (home, then each section followed by its pages, depth first).
    pub previous: Option<PageId>,
    /// The page after it in reading order.
    pub next: Option<PageId>,
    /// What its body holds; empty until its Markdown is rendered.
    pub outline: Arc<Outline>,
    /// The links its form writes; empty until the form is rendered.
    pub form_links: Arc<Vec<Link>>,
}

impl Page {
    /// The page's front matter.
    pub fn front(&self) -> &FrontMatter {
        &self.header.front
    }

    /// The page's title.
    pub fn title(&self) -> &str {
        &self.header.front.title
    }

    /// The output file: `situations/guarantee/index.html`.
    pub fn output_path(&self) -> String {
        format!("{}index.html", self.path)
    }

    /// Every link the page writes, in its body and its form.
    pub fn links(&self) -> impl Iterator<Item = &Link> {
        self.outline.links.iter().chain(self.form_links.iter())
    }

    /// The pages (relative to `content/`) the page's links lead to.
    pub fn linked_pages(&self) -> impl Iterator<Item = &str> {
        self.links().filter_map(|l| match &l.target {
            Target::Page { rel, .. } => Some(rel.as_str()),
            _ => None,
        })
    }
}

/// An entry of the site menu, its target resolved.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MenuEntry {
    /// What the menu shows.
    pub title: String,
    /// Where it leads, with the base path.
    pub url: String,
    /// The page it leads to, for a `page:` entry.
    pub page: Option<PageId>,
    /// Whether it leads to another site.
    pub external: bool,
}

/// The assembled guide.
#[derive(Clone, Debug)]
pub struct Site {
    /// `site.yaml`.
    pub config: Config,
    /// The site root on disk.
    pub root: PathBuf,
    /// Shared, so `serve` can copy the site before an edit and change only the pages it touches.
    pub pages: Vec<Arc<Page>>,
    /// Content path (`situations/guarantee.md`) → page.
    pub by_rel: Arc<HashMap<String, PageId>>,
    /// Drafts left out of this build, relative to `content/`.
    pub skipped_drafts: HashSet<String>,
    /// Non-Markdown files of `content/`, relative to it.
    pub assets: Vec<String>,
    /// Every page, in reading order; the home page first.
    pub order: Vec<PageId>,
    /// The site menu, each entry's target resolved.
    pub menu: Vec<MenuEntry>,
}

impl Site {
    /// Places every page in the tree and gives it a URL; does not render
    /// anything. Returns the site it could build together with every problem
    /// found: a page that would have another's address is left out, and so
    /// is a menu entry that names no page. A build stops on any problem;
    /// `rajat check` carries on with what there is.
    pub fn assemble(root: &Path, config: Config, content: Content) -> (Site, Vec<Diagnostic>) {
        let mut headers = content.headers;
        // The home page comes first; a guide without content/_index.md gets a made-up one.
        match headers.iter().position(|h| h.rel == "_index.md") {
            Some(i) => {
                let home = headers.remove(i);
                headers.insert(0, home);
            }
            None => headers.insert(0, Header::made_up_home(&config.title)),
        }
        let mut problems = Vec::new();
        let mut pages: Vec<Arc<Page>> = Vec::with_capacity(headers.len());
        let mut by_rel = HashMap::with_capacity(headers.len());
        let mut by_path: HashMap<String, PageId> = HashMap::with_capacity(headers.len());
        for header in headers {
            let id = pages.len();
            let kind = if id == HOME {
                Kind::Home
            } else if header.is_section() {
                Kind::Section
            } else {
                Kind::Page
            };
            let path = site_path(&header);
            if let Some(&other) = by_path.get(&path) {
                problems.push(
                    Diagnostic::error(format!(
                        "`{}` and `{}` would both be published at /{path}",
                        pages[other].header.path.display(),
                        header.path.display()
                    ))
                    .in_file(&header.path)
                    .at(&header.text, 1, 1)
                    .hint("rename one of the files, or give one a different `slug:`"),
                );
                continue;
            }
            by_path.insert(path.clone(), id);
            by_rel.insert(header.rel.clone(), id);
            pages.push(Arc::new(Page {
                header: Arc::new(header),
                kind,
                path,
                parent: None,
                children: Vec::new(),
                previous: None,
                next: None,
                outline: Arc::default(),
                form_links: Arc::default(),
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
            menu: Vec::new(),
        };
        site.link_tree();
        problems.extend(site.resolve_menu());
        (site, problems)
    }

    /// Sets parents, sorted children and the reading order from the pages'
    /// paths and weights. Returns the pages whose place changed (parent,
    /// children, previous or next); only those are written to.
    pub fn link_tree(&mut self) -> Vec<PageId> {
        let n = self.pages.len();
        let mut parents: Vec<Option<PageId>> = vec![None; n];
        let mut children: Vec<Vec<PageId>> = vec![Vec::new(); n];
        for (id, parent) in parents.iter_mut().enumerate().skip(1) {
            let p = self.section_of(&self.pages[id].header.rel);
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
            (a.front().weight.unwrap_or(i64::MAX), a.title(), &a.header.rel).cmp(&(
                b.front().weight.unwrap_or(i64::MAX),
                b.title(),
                &b.header.rel,
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
                && self.pages[id].header.rel != rel
            {
                return id;
            }
            if dir.is_empty() {
                return HOME;
            }
            dir = dir.rsplit_once('/').map_or("", |(d, _)| d);
        }
    }

    /// Resolves the menu of site.yaml once: a `page:` entry must name a page.
    /// Returns the problems; entries that lead nowhere are left out.
    pub fn resolve_menu(&mut self) -> Vec<Diagnostic> {
        let mut problems = Vec::new();
        let mut menu = Vec::with_capacity(self.config.menu.len());
        for item in &self.config.menu {
            let (written, page) = match (&item.page, &item.url) {
                (Some(page), _) => (page, true),
                (None, Some(url)) => (url, false),
                (None, None) => continue,
            };
            // Menu paths are relative to content/, like a link written at its top.
            match links::resolve(self, "", written, false) {
                Ok(links::Resolved { href, target: Target::Page { rel, .. } }) if page => menu.push(MenuEntry {
                    title: item.title.clone(),
                    url: href,
                    page: self.by_rel.get(&rel).copied(),
                    external: false,
                }),
                Ok(links::Resolved { href, target }) if !page => menu.push(MenuEntry {
                    title: item.title.clone(),
                    external: target == Target::External && written.contains("://"),
                    url: href,
                    page: None,
                }),
                _ => {
                    let source = &self.config.source;
                    let d = Diagnostic::error(format!(
                        "the menu entry `{}` points to `{written}`, which is not a page",
                        item.title
                    ))
                    .in_file(CONFIG_FILE)
                    .hint("`page:` is a path relative to content/, e.g. `situations/_index.md`");
                    problems.push(match source.find(written.as_str()) {
                        Some(offset) => d.at_offset(source, offset).span(written.chars().count()),
                        None => d,
                    });
                }
            }
        }
        self.menu = menu;
        problems
    }

    /// Root-relative URL of a page, with the base path.
    pub fn url(&self, id: PageId) -> String {
        self.config.url(&self.pages[id].path)
    }

    /// Absolute URL of a page.
    pub fn permalink(&self, id: PageId) -> String {
        self.config.permalink(&self.pages[id].path)
    }

    /// The page a link target names, if it is one of this build.
    pub fn page_of(&self, target: &Target, from: PageId) -> Option<PageId> {
        match target {
            Target::Page { rel, .. } => self.by_rel.get(rel).copied(),
            Target::SamePage { .. } => Some(from),
            _ => None,
        }
    }

    /// Whether `anchor` is a place on the page `id`: a heading, a footnote,
    /// an id in raw HTML, or a question of its form.
    pub fn has_anchor(&self, id: PageId, anchor: &str) -> bool {
        let page = &self.pages[id];
        anchor.is_empty()
            || page.outline.anchors.contains(anchor)
            || page.front().form.as_ref().is_some_and(|f| f.anchors().any(|a| a == anchor))
    }

    /// Checks that every `#anchor` the given pages link to exists, in their
    /// bodies and their forms. The one check of anchors.
    pub fn check_anchors(&self, ids: impl IntoIterator<Item = PageId>) -> Vec<Diagnostic> {
        let mut problems = Vec::new();
        for id in ids {
            let page = &self.pages[id];
            let mut found = 0;
            for link in page.links() {
                let anchor = match &link.target {
                    Target::Page { anchor: Some(a), .. } => a,
                    Target::SamePage { anchor } => anchor,
                    _ => continue,
                };
                let Some(target) = self.page_of(&link.target, id) else { continue };
                if self.has_anchor(target, anchor) {
                    continue;
                }
                found += 1;
                if found > crate::markdown::MAX_PROBLEMS {
                    continue;
                }
                let target_page = &self.pages[target];
                let mut known: Vec<&str> = target_page.outline.anchors.iter().map(String::as_str).collect();
                known.sort_unstable();
                known.truncate(12);
                let hint = if known.is_empty() {
                    format!("`{}` has no headings to link to", target_page.header.path.display())
                } else {
                    format!("anchors there: #{}", known.join(", #"))
                };
                problems.push(
                    Diagnostic::error(format!(
                        "broken anchor: `#{anchor}` is not a heading on `{}`",
                        target_page.header.path.display()
                    ))
                    .in_file(&page.header.path)
                    .at_line(link.line, link.col)
                    .with_snippet_from(&page.header.text)
                    .hint(hint),
                );
            }
            if found > crate::markdown::MAX_PROBLEMS {
                problems.push(crate::markdown::too_many(&page.header.path, found - crate::markdown::MAX_PROBLEMS));
            }
        }
        problems
    }

    /// Checks what only the whole site shows about the forms of the given
    /// pages: a self-check's letter page has a letter form, and no question
    /// has the id of a heading on its page.
    pub fn check_forms(&self, ids: impl IntoIterator<Item = PageId>) -> Vec<Diagnostic> {
        let mut problems = Vec::new();
        for id in ids {
            let page = &self.pages[id];
            let Some(form) = &page.front().form else { continue };
            let header = &page.header;
            if let Some(letter_page) = &form.letter_page {
                let target = page.form_links.iter().find(|l| l.dest == *letter_page).map(|l| &l.target);
                let problem = match target {
                    Some(Target::Page { rel, .. }) => {
                        let kind =
                            self.by_rel.get(rel).and_then(|&t| self.pages[t].front().form.as_ref()).map(|f| f.kind);
                        (kind != Some(FormKind::RefusalLetter)).then(|| {
                            (
                                format!("`{letter_page}` has no letter form to open"),
                                "point `letter_page:` at the page whose form has `kind: letter`",
                            )
                        })
                    }
                    // Not rendered (it was broken, and reported then), or not a page.
                    None => None,
                    Some(_) => Some((
                        format!("`{letter_page}` is not a page of the guide"),
                        "write the letter page's `.md` path, relative to this file",
                    )),
                };
                if let Some((message, hint)) = problem {
                    problems.push(at_front_matter(header, letter_page, "letter_page").with(message).hint(hint));
                }
            }
            // Field ids are anchors too (see `has_anchor`); they must not shadow a heading.
            for field in form.fields.iter().filter(|f| page.outline.anchors.contains(&f.id)) {
                problems.push(
                    at_front_matter(header, &format!("id: {}", field.id), "fields:")
                        .with(format!("the field `{}` has the same id as a heading on this page", field.id))
                        .hint("give the field another id, or the heading another `{#id}`: a link to either would be ambiguous"),
                );
            }
        }
        problems
    }
}

/// A diagnostic at the first place `needle` is written in the front matter,
/// looking after the line holding `after` when there is one.
pub fn at_front_matter(header: &Header, needle: &str, after: &str) -> Diagnostic {
    let front = header.text.as_str();
    let start = front.find(after).unwrap_or(0);
    let found = front[start..].find(needle).map(|i| start + i).or_else(|| front.find(needle));
    let d = Diagnostic::error("").in_file(&header.path);
    match found {
        Some(offset) => d.at_offset(front, offset).span(needle.chars().count()),
        None => match crate::error::find_key_line(front, "form") {
            Some((line, col)) => d.at(front, line, col).span(4),
            None => d.at(front, 1, 1),
        },
    }
}

trait WithMessage {
    fn with(self, message: impl Into<String>) -> Self;
}

impl WithMessage for Diagnostic {
    fn with(mut self, message: impl Into<String>) -> Self {
        self.message = message.into();
        self
    }
}

/// Lets links be resolved against this build's pages.
impl links::Pages for Site {
    fn page_url(&self, rel: &str) -> Option<String> {
        self.by_rel.get(rel).map(|&id| self.url(id))
    }

    fn is_skipped_draft(&self, rel: &str) -> bool {
        self.skipped_drafts.contains(rel)
    }

    fn base_path(&self) -> &str {
        &self.config.base_path
    }
}

/// The site path of a content file: `a/b.md` → `a/b/`, `a/_index.md` → `a/`,
/// `a/index.md` → `a/`; `slug:` replaces the last part.
pub fn site_path(header: &Header) -> String {
    let rel = header.rel.trim_end_matches(".md");
    let mut parts: Vec<String> = rel.split('/').map(url_segment).collect();
    let last = parts.pop().unwrap_or_default();
    let is_folder_page = last == "_index" || last == "index";
    match (&header.front.slug, is_folder_page) {
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

    fn header(rel: &str, front: &str) -> Header {
        let text = format!("---\n{front}\n---\n");
        crate::content::parse(rel, PathBuf::from(format!("content/{rel}")), &text).unwrap()
    }

    fn site(files: &[(&str, &str)], menu: &str) -> (Site, Vec<Diagnostic>) {
        let config =
            Config::parse(Path::new("site.yaml"), format!("title: G\nbase_url: https://e.org/g/\n{menu}")).unwrap();
        let content = Content { headers: files.iter().map(|(r, f)| header(r, f)).collect(), ..Content::default() };
        Site::assemble(Path::new("."), config, content)
    }

    #[test]
    fn paths_follow_files_and_slugs() {
        assert_eq!(site_path(&header("a/b.md", "title: x")), "a/b/");
        assert_eq!(site_path(&header("a/_index.md", "title: x")), "a/");
        assert_eq!(site_path(&header("_index.md", "title: x")), "");
        assert_eq!(site_path(&header("a/b.md", "title: x\nslug: c")), "a/c/");
        assert_eq!(site_path(&header("My Notes.md", "title: x")), "my-notes/");
    }

    #[test]
    fn tree_and_reading_order_follow_weights_then_titles() {
        let (s, problems) = site(
            &[
                ("about.md", "title: About\nweight: 9"),
                ("s/_index.md", "title: Situations\nweight: 1"),
                ("s/b.md", "title: Bravo"),
                ("s/a.md", "title: Alpha"),
                ("s/z.md", "title: Zulu\nweight: 1"),
            ],
            "",
        );
        assert!(problems.is_empty());
        let titles: Vec<&str> = s.order.iter().map(|&id| s.pages[id].title()).collect();
        assert_eq!(titles, ["G", "Situations", "Zulu", "Alpha", "Bravo", "About"]);
        let zulu = s.by_rel["s/z.md"];
        assert_eq!(s.pages[zulu].previous.map(|p| s.pages[p].title()), Some("Situations"));
        assert_eq!(s.url(zulu), "/g/s/z/");
        assert_eq!(s.permalink(zulu), "https://e.org/g/s/z/");
        assert!(s.pages[HOME].header.made_up, "no content/_index.md: a made-up home page");
    }

    #[test]
    fn problems_leave_a_site_that_can_still_be_checked() {
        let (s, problems) = site(
            &[("a.md", "title: A"), ("a/_index.md", "title: A2"), ("b.md", "title: B")],
            "menu:\n  - title: Gone\n    page: gone.md\n  - title: B\n    page: ./b.md\n",
        );
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(problems[0].message.contains("`content/a.md` and `content/a/_index.md`"), "{problems:?}");
        assert!(problems[1].message.contains("`gone.md`, which is not a page"));
        assert_eq!(problems[1].line, 5);
        assert_eq!(s.pages.len(), 3, "home, a.md and b.md; the second file at /a/ is left out");
        assert_eq!(s.menu, [MenuEntry { title: "B".into(), url: "/g/b/".into(), page: Some(2), external: false }]);
    }
}

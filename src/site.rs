//! The guide as a whole: every page with its URL, its place in the section
//! tree and in the reading order, the menu, and the checks that need every
//! page at once (anchors, what forms point at).

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use crate::config::{CONFIG_FILE, Config, DEFAULT_LANGUAGE, Lang};
use crate::content::form::FormKind;
use crate::content::{Content, FrontMatter, Header};
use crate::error::Diagnostic;
use crate::links::{self, Link, Target};
use crate::markdown::Outline;

/// Index of a page in [`Site::pages`].
pub type PageId = usize;

/// The home page (of the default language) is always page 0; the home page
/// of language `n` is page `n`.
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
    /// The language it is written in.
    pub lang: Lang,
    /// Site path without the base path: `""` for home, `situations/guarantee/`, `fi/tilanteet/takuu/`.
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
    pub by_rel: Arc<FxHashMap<String, PageId>>,
    /// Drafts left out of this build, relative to `content/`.
    pub skipped_drafts: HashSet<String>,
    /// Non-Markdown files of `content/`, relative to it.
    pub assets: Vec<String>,
    /// Every page, in reading order: each language's home page followed by
    /// its pages, the default language first.
    pub order: Vec<PageId>,
    /// Each language's menu, each entry's target resolved.
    pub menus: Vec<Vec<MenuEntry>>,
}

impl Site {
    /// Places every page in the tree and gives it a URL; does not render
    /// anything. Returns the site it could build together with every problem
    /// found: a page that would have another's address is left out, and so
    /// is a menu entry that names no page. A build stops on any problem;
    /// `rajat check` carries on with what there is.
    pub fn assemble(root: &Path, config: Config, content: Content) -> (Site, Vec<Diagnostic>) {
        // Each language's home page comes first, in the order of the
        // languages; one without a `_index.md` of its own gets a made-up one.
        let languages = config.languages.len();
        let mut homes: Vec<Option<Arc<Header>>> = vec![None; languages];
        let mut headers = Vec::with_capacity(content.headers.len() + languages);
        // Each header goes into the Arc its page keeps once, side by side:
        // from there on only pointers move, not a header's 650 bytes.
        let shared: Vec<Arc<Header>> = content.headers.into_par_iter().map(Arc::new).collect();
        for header in shared {
            let (lang, key) = config.language_of(&header.rel);
            if key == "_index.md" {
                homes[lang] = Some(header);
            } else {
                headers.push((lang, header));
            }
        }
        let homes = homes.into_iter().enumerate().map(|(lang, home)| {
            let home = home.unwrap_or_else(|| {
                Arc::new(Header::made_up_home(&config.file_in("_index.md", lang), &config.languages[lang].title))
            });
            (lang, home)
        });
        let headers: Vec<(Lang, Arc<Header>)> = homes.chain(headers).collect();
        // A section's `slug:` names its folder in the addresses of the pages inside it.
        let section_slugs: HashMap<&str, &str> = headers
            .iter()
            .filter(|(_, h)| is_section_file(&config.language_of(&h.rel).1))
            .filter_map(|(_, h)| Some((h.rel.as_str(), h.front.slug.as_deref()?)))
            .collect();
        let paths: Vec<String> = headers
            .par_iter()
            .map(|(lang, h)| page_path(&config, *lang, h, |section| section_slugs.get(section).copied()))
            .collect();
        let mut problems = Vec::new();
        let mut pages: Vec<Arc<Page>> = Vec::with_capacity(headers.len());
        let mut by_rel = FxHashMap::with_capacity_and_hasher(headers.len(), Default::default());
        let mut by_path: FxHashMap<String, PageId> =
            FxHashMap::with_capacity_and_hasher(headers.len(), Default::default());
        for ((lang, header), path) in headers.into_iter().zip(paths) {
            let id = pages.len();
            let kind = if id < languages {
                Kind::Home
            } else if is_section_file(&config.language_of(&header.rel).1) {
                Kind::Section
            } else {
                Kind::Page
            };
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
                header,
                kind,
                lang,
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
            menus: Vec::new(),
        };
        site.link_tree();
        problems.extend(site.resolve_menus());
        (site, problems)
    }

    /// Language `lang`'s pages in reading order, its home page first.
    pub fn order_of(&self, lang: Lang) -> &[PageId] {
        let start = self.order.iter().position(|&id| id == self.home(lang)).unwrap_or(self.order.len());
        let end = self.order[start..]
            .iter()
            .skip(1)
            .position(|&id| id < self.languages())
            .map_or(self.order.len(), |n| start + 1 + n);
        &self.order[start..end]
    }

    /// How many languages the guide has; their home pages are pages `0..languages()`.
    pub fn languages(&self) -> usize {
        self.config.languages.len()
    }

    /// The home page of language `lang`.
    pub fn home(&self, lang: Lang) -> PageId {
        lang
    }

    /// The page `id` in language `lang`, when it is translated into it (or is written in it).
    pub fn translation(&self, id: PageId, lang: Lang) -> Option<PageId> {
        let page = &self.pages[id];
        if page.lang == lang {
            return Some(id);
        }
        if page.kind == Kind::Home {
            return Some(self.home(lang));
        }
        let (_, key) = self.config.language_of(&page.header.rel);
        self.by_rel.get(&self.config.file_in(&key, lang)).copied()
    }

    /// The address `header`'s page has in this site: what it would be
    /// published at if it replaced the page of the same file.
    pub fn path_for(&self, header: &Header) -> String {
        let (lang, _) = self.config.language_of(&header.rel);
        let slug = |section: &str| {
            let &id = self.by_rel.get(section)?;
            self.pages[id].front().slug.as_deref()
        };
        page_path(&self.config, lang, header, slug)
    }

    /// Sets parents, sorted children and the reading order from the pages'
    /// paths and weights. Returns the pages whose place changed (parent,
    /// children, previous or next); only those are written to.
    pub fn link_tree(&mut self) -> Vec<PageId> {
        let n = self.pages.len();
        let mut parents: Vec<Option<PageId>> = vec![None; n];
        let mut children: Vec<Vec<PageId>> = vec![Vec::new(); n];
        let sections = self.sections_by_folder();
        let found: Vec<PageId> =
            (self.languages()..n).into_par_iter().map(|id| self.section_of(&sections, id)).collect();
        for (id, p) in (self.languages()..n).zip(found) {
            parents[id] = Some(p);
            children[p].push(id);
        }
        drop(sections);
        children.par_iter_mut().filter(|list| list.len() > 1).for_each(|list| self.sort_children(list));
        self.place(parents, children)
    }

    /// Each language's sections by their folder (`a/b` for `a/b/_index.md`).
    fn sections_by_folder(&self) -> Vec<FxHashMap<Cow<'_, str>, PageId>> {
        let mut sections = vec![FxHashMap::default(); self.languages()];
        for (id, page) in self.pages.iter().enumerate() {
            let (lang, key) = self.config.language_of(&page.header.rel);
            let folder = |key: &str| key.strip_suffix("/_index.md").map(str::len);
            let Some(len) = folder(&key) else { continue };
            let folder = match key {
                Cow::Borrowed(key) => Cow::Borrowed(&key[..len]),
                Cow::Owned(key) => Cow::Owned(key[..len].to_string()),
            };
            sections[lang].insert(folder, id);
        }
        sections
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

    /// Writes parents and children, derives the reading order and previous/next
    /// (each language has its own, from its home page), and returns the pages
    /// whose place changed.
    fn place(&mut self, parents: Vec<Option<PageId>>, children: Vec<Vec<PageId>>) -> Vec<PageId> {
        let n = self.pages.len();
        let mut order = Vec::with_capacity(n);
        let mut neighbours: Vec<(Option<PageId>, Option<PageId>)> = vec![(None, None); n];
        for home in 0..self.languages() {
            let start = order.len();
            let mut stack = vec![home];
            while let Some(id) = stack.pop() {
                order.push(id);
                stack.extend(children[id].iter().rev());
            }
            let language = &order[start..];
            for (i, &id) in language.iter().enumerate() {
                neighbours[id] = (i.checked_sub(1).map(|j| language[j]), language.get(i + 1).copied());
            }
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

    /// The nearest section above page `id`, in its language: `a/b/c.md` →
    /// `a/b/_index.md`, `a/_index.md`, or the language's home page.
    /// `sections` is [`Site::sections_by_folder`].
    fn section_of(&self, sections: &[FxHashMap<Cow<'_, str>, PageId>], id: PageId) -> PageId {
        let page = &self.pages[id];
        let (lang, key) = self.config.language_of(&page.header.rel);
        let mut dir = key.rsplit_once('/').map_or("", |(d, _)| d);
        if key.ends_with("_index.md") || key.ends_with("/index.md") {
            // A section's parent is the section of the folder above it.
            dir = dir.rsplit_once('/').map_or("", |(d, _)| d);
        }
        while !dir.is_empty() {
            if let Some(&section) = sections[lang].get(dir)
                && section != id
            {
                return section;
            }
            dir = dir.rsplit_once('/').map_or("", |(d, _)| d);
        }
        self.home(lang)
    }

    /// Resolves each language's menu of site.yaml once: a `page:` entry must
    /// name a page, and leads to it in the menu's language. Returns the
    /// problems; entries that lead nowhere are left out.
    pub fn resolve_menus(&mut self) -> Vec<Diagnostic> {
        let mut problems = Vec::new();
        let mut menus = Vec::with_capacity(self.languages());
        for (lang, language) in self.config.languages.iter().enumerate() {
            let mut menu = Vec::with_capacity(language.menu.len());
            // Menu paths are relative to content/, like a link written in the language's home page.
            let from = &self.pages[self.home(lang)].header.rel;
            for item in &language.menu {
                let (written, page) = match (&item.page, &item.url) {
                    (Some(page), _) => (page, true),
                    (None, Some(url)) => (url, false),
                    (None, None) => continue,
                };
                match links::resolve(self, from, written, false) {
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
                    // The same entry in two languages' menus is one mistake, said once.
                    _ if lang > DEFAULT_LANGUAGE && self.config.languages[DEFAULT_LANGUAGE].menu.contains(item) => {}
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
            menus.push(menu);
        }
        self.menus = menus;
        problems
    }

    /// Root-relative URL of a page, with the base path.
    pub fn url(&self, id: PageId) -> String {
        self.url_with_room(id, 0)
    }

    /// [`Site::url`], in a string with room for `room` more bytes (a
    /// link's query and anchor), so appending them does not copy it.
    fn url_with_room(&self, id: PageId, room: usize) -> String {
        let base = &self.config.base_path;
        let path = self.pages[id].path.trim_start_matches('/');
        let mut url = String::with_capacity(base.len() + path.len() + room);
        url.push_str(base);
        url.push_str(path);
        url
    }

    /// Absolute URL of a page.
    pub fn permalink(&self, id: PageId) -> String {
        let base = &self.config.base_url;
        let path = self.pages[id].path.trim_start_matches('/');
        let mut url = String::with_capacity(base.len() + path.len());
        url.push_str(base);
        url.push_str(path);
        url
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
    /// bodies and their forms. The one check of anchors. Pages are checked
    /// side by side; their problems come back in the order of `ids`.
    pub fn check_anchors(&self, ids: impl IntoIterator<Item = PageId>) -> Vec<Diagnostic> {
        let ids: Vec<PageId> = ids.into_iter().collect();
        let per_page: Vec<Vec<Diagnostic>> = ids.par_iter().map(|&id| self.check_page_anchors(id)).collect();
        per_page.into_iter().flatten().collect()
    }

    /// [`Site::check_anchors`] for one page.
    fn check_page_anchors(&self, id: PageId) -> Vec<Diagnostic> {
        let mut problems = Vec::new();
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
        problems
    }

    /// Checks what only the whole site shows about the forms of the given
    /// pages: a self-check's letter page has a letter form, and no question
    /// has the id of a heading on its page.
    pub fn check_forms(&self, ids: impl IntoIterator<Item = PageId>) -> Vec<Diagnostic> {
        let mut problems = Vec::new();
        // Few pages have a form: only those are looked at closely.
        for id in ids.into_iter().filter(|&id| self.pages[id].front().form.is_some()) {
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
/// A link written in a page of one language leads to the page of that
/// language: `guarantee.md`, written in `about.fi.md`, is `guarantee.fi.md`.
/// Where there is no such translation it leads to the page as written (in
/// the default language), and `rajat check` says the translation is missing.
impl links::Pages for Site {
    fn page(&self, from: &str, rel: String) -> Result<(String, String), String> {
        if self.languages() > 1 {
            let (lang, _) = self.config.language_of(from);
            if lang != DEFAULT_LANGUAGE && self.config.language_of(&rel).0 == DEFAULT_LANGUAGE {
                let own = self.config.file_in(&rel, lang);
                if let Some(&id) = self.by_rel.get(&own) {
                    return Ok((own, self.url_with_room(id, LINK_ROOM)));
                }
            }
        }
        match self.by_rel.get(&rel) {
            Some(&id) => Ok((rel, self.url_with_room(id, LINK_ROOM))),
            None => Err(rel),
        }
    }

    fn is_skipped_draft(&self, from: &str, rel: &str) -> bool {
        let (lang, _) = self.config.language_of(from);
        self.skipped_drafts.contains(rel) || self.skipped_drafts.contains(&self.config.file_in(rel, lang))
    }

    fn base_path(&self) -> &str {
        &self.config.base_path
    }
}

/// Room left after a page's URL handed to a link, for the `?query` and
/// `#anchor` it appends (`#a-sample-reply`): one allocation a link.
const LINK_ROOM: usize = 40;

/// Whether a content file's path (without its language) is a section's own page.
fn is_section_file(key: &str) -> bool {
    key == "_index.md" || key.ends_with("/_index.md")
}

/// The site path of a content file in language `lang`: `a/b.md` → `a/b/`,
/// `a/_index.md` → `a/`, `a/index.md` → `a/`; `slug:` replaces the last part,
/// and a section's slug (`section_slug` of its file) replaces its folder's
/// name in the paths of everything inside it. Pages of languages but the
/// default start with the language's code: `fi/tilanteet/takuu/`.
fn page_path<'a>(
    config: &Config,
    lang: Lang,
    header: &Header,
    section_slug: impl Fn(&str) -> Option<&'a str>,
) -> String {
    let (_, key) = config.language_of(&header.rel);
    let stem = key.trim_end_matches(".md");
    let (folder, last) = stem.rsplit_once('/').unwrap_or(("", stem));
    let mut folders: Vec<&str> = folder.split('/').filter(|f| !f.is_empty()).collect();
    let own = match last {
        // The home page is the language's root, whatever it says.
        "_index" | "index" if folders.is_empty() => None,
        "_index" | "index" => {
            let name = folders.pop().unwrap_or_default();
            Some(header.front.slug.clone().unwrap_or_else(|| url_segment(name)))
        }
        _ => Some(header.front.slug.clone().unwrap_or_else(|| url_segment(last))),
    };
    let mut path = config.prefix(lang);
    let mut walked = String::new();
    for name in folders {
        walked.push_str(name);
        walked.push('/');
        let section = config.file_in(&format!("{walked}_index.md"), lang);
        let segment = section_slug(&section).map_or_else(|| url_segment(name), str::to_string);
        if !segment.is_empty() {
            path.push_str(&segment);
            path.push('/');
        }
    }
    if let Some(own) = own.filter(|o| !o.is_empty()) {
        path.push_str(&own);
        path.push('/');
    }
    path
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
        crate::content::parse(rel, PathBuf::from(format!("content/{rel}")), &text, Default::default()).unwrap()
    }

    fn site(files: &[(&str, &str)], menu: &str) -> (Site, Vec<Diagnostic>) {
        let config =
            Config::parse(Path::new("site.yaml"), format!("title: G\nbase_url: https://e.org/g/\n{menu}")).unwrap();
        let content = Content { headers: files.iter().map(|(r, f)| header(r, f)).collect(), ..Content::default() };
        Site::assemble(Path::new("."), config, content)
    }

    #[test]
    fn paths_follow_files_and_slugs() {
        let (s, _) = site(&[("a/_index.md", "title: A")], "");
        assert_eq!(s.path_for(&header("a/b.md", "title: x")), "a/b/");
        assert_eq!(s.path_for(&header("a/_index.md", "title: x")), "a/");
        assert_eq!(s.path_for(&header("_index.md", "title: x")), "");
        assert_eq!(s.path_for(&header("a/b.md", "title: x\nslug: c")), "a/c/");
        assert_eq!(s.path_for(&header("My Notes.md", "title: x")), "my-notes/");
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
        assert_eq!(s.menus[0], [MenuEntry { title: "B".into(), url: "/g/b/".into(), page: Some(2), external: false }]);
    }

    fn two_languages(files: &[(&str, &str)]) -> (Site, Vec<Diagnostic>) {
        let yaml = "title: Guide\nbase_url: https://e.org/\nmenu:\n  - title: Situations\n    page: s/_index.md\n\
                    languages:\n  fi:\n    title: Opas\n    menu:\n      - title: Tilanteet\n        page: s/_index.md\n";
        let config = Config::parse(Path::new("site.yaml"), yaml.to_string()).unwrap();
        let content = Content { headers: files.iter().map(|(r, f)| header(r, f)).collect(), ..Content::default() };
        Site::assemble(Path::new("."), config, content)
    }

    #[test]
    fn each_language_has_its_own_tree_addresses_and_menu() {
        let (s, problems) = two_languages(&[
            ("s/_index.md", "title: Situations"),
            ("s/_index.fi.md", "title: Tilanteet\nslug: tilanteet"),
            ("s/a.md", "title: Alpha"),
            ("s/a.fi.md", "title: Alfa\nslug: alfa"),
            ("s/b.md", "title: Bravo"),
            ("notes.v2.md", "title: Notes"),
        ]);
        assert!(problems.is_empty(), "{problems:?}");
        let path = |rel: &str| s.pages[s.by_rel[rel]].path.as_str();
        assert_eq!(path("_index.fi.md"), "fi/", "a made-up Finnish home page");
        assert_eq!(s.pages[1].title(), "Opas");
        assert_eq!(path("s/a.fi.md"), "fi/tilanteet/alfa/", "the section's slug names the folder");
        assert_eq!(path("s/a.md"), "s/a/");
        assert_eq!(path("notes.v2.md"), "notes.v2/", "`v2` is no language of the guide");
        let titles: Vec<&str> = s.order.iter().map(|&id| s.pages[id].title()).collect();
        assert_eq!(titles, ["Guide", "Notes", "Situations", "Alpha", "Bravo", "Opas", "Tilanteet", "Alfa"]);
        let alfa = s.by_rel["s/a.fi.md"];
        assert_eq!(s.pages[alfa].next, None, "reading order stays within a language");
        assert_eq!(s.pages[s.pages[alfa].parent.unwrap()].title(), "Tilanteet");
        assert_eq!(s.translation(s.by_rel["s/a.md"], 1), Some(alfa));
        assert_eq!(s.translation(s.by_rel["s/b.md"], 1), None);
        assert_eq!(s.menus[1][0].url, "/fi/tilanteet/");
        assert_eq!(s.menus[0][0].url, "/s/");
        // Links resolve within the language, and to the original where there is no translation.
        let link = |from: &str, dest: &str| links::resolve(&s, from, dest, false).map(|r| r.href);
        assert_eq!(link("s/a.fi.md", "b.md"), Ok("/s/b/".to_string()));
        assert_eq!(link("s/_index.fi.md", "a.md#x"), Ok("/fi/tilanteet/alfa/#x".to_string()));
        assert_eq!(link("s/_index.md", "a.md"), Ok("/s/a/".to_string()));
        assert_eq!(link("s/_index.md", "a.fi.md"), Ok("/fi/tilanteet/alfa/".to_string()), "named outright");
    }
}

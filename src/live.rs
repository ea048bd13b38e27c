//! A site kept in memory and brought up to date file by file: what `serve`
//! shows while an author writes.
//!
//! Only changed files are read again, and the render pipeline
//! ([`crate::render`]) runs only for what they touch: a body edit renders that
//! page's Markdown and template and nothing else; a front matter edit also
//! renders the pages whose templates read that page (listings, previous/next
//! links, navigation — see [`Reads`]); a template edit renders the pages that
//! use it; a static file is copied alone. Adding, removing or moving a page
//! rebuilds the tree from the sources already in memory, rendering Markdown
//! again only where a link's target moved. The result is byte for byte what
//! `rajat build` writes (tested).
//!
//! An edit that fails leaves the last good site as it was; the failing files
//! are tried again with the next change, so the error stays until it is fixed.

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use bytes::Bytes;

use crate::config::{CONFIG_FILE, Config};
use crate::content::{self, CONTENT_DIR, Content, Header};
use crate::disk::{self, Kind};
use crate::error::{Diagnostic, Error, Result, all};
use crate::links::Target;
use crate::render::{self, Job, MemorySources, Output, Pages, Reads, SiteValues};
use crate::search::index::PageWords;
use crate::site::{self as assembled, HOME, PageId, Site};
use crate::text::{is_ignored, relative_slash_path};
use crate::theme::{Origin, Theme};

/// Every output file by path, split in shards so that an update copies only
/// the shards it touches: a one-page edit of a 10,000-page site must not copy
/// a 10,000-entry map to publish a new version.
#[derive(Clone, Debug)]
pub struct Files {
    shards: Vec<Arc<HashMap<String, Bytes>>>,
}

const SHARDS: usize = 64;

impl Default for Files {
    fn default() -> Self {
        Files { shards: vec![Arc::default(); SHARDS] }
    }
}

impl Files {
    fn shard(path: &str) -> usize {
        (xxhash_rust::xxh3::xxh3_64(path.as_bytes()) % SHARDS as u64) as usize
    }

    /// The file at `path` (`situations/index.html`).
    pub fn get(&self, path: &str) -> Option<&Bytes> {
        self.shards[Self::shard(path)].get(path)
    }

    /// Whether the site has a file at `path`.
    pub fn contains_key(&self, path: &str) -> bool {
        self.get(path).is_some()
    }

    /// Puts a file; returns the one it replaced.
    pub fn insert(&mut self, path: String, bytes: Bytes) -> Option<Bytes> {
        Arc::make_mut(&mut self.shards[Self::shard(&path)]).insert(path, bytes)
    }

    /// Takes a file away; returns it.
    pub fn remove(&mut self, path: &str) -> Option<Bytes> {
        let shard = &mut self.shards[Self::shard(path)];
        if shard.contains_key(path) { Arc::make_mut(shard).remove(path) } else { None }
    }

    /// Every file, in no particular order.
    pub fn iter(&self) -> impl Iterator<Item = (&String, &Bytes)> {
        self.shards.iter().flat_map(|s| s.iter())
    }
}

/// The files a run of the pipeline puts, kept until the run is known to have worked.
#[derive(Default)]
struct Collected(Mutex<Vec<(String, Vec<u8>)>>);

impl Output for Collected {
    fn put(&self, path: &str, bytes: Vec<u8>) -> Result<(), Diagnostic> {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).push((path.to_string(), bytes));
        Ok(())
    }
}

impl Collected {
    fn into_files(self) -> Vec<(String, Vec<u8>)> {
        self.0.into_inner().unwrap_or_else(|e| e.into_inner())
    }
}

/// A site in memory, with what it takes to update it.
pub struct LiveSite {
    root: PathBuf,
    drafts: bool,
    base_url: String,
    site: Site,
    theme: Theme,
    values: SiteValues,
    /// What each page's template read of other pages, by page id.
    reads: Vec<Reads>,
    /// The whole text of every page, by path relative to `content/`.
    texts: HashMap<String, Arc<str>>,
    /// Every page's body HTML, by page id, so a template edit need not render Markdown.
    html: Vec<Option<Arc<str>>>,
    /// Every page's words for search, by page id, so an edit reads only the edited page's.
    words: Vec<Option<Arc<PageWords>>>,
    /// Paths produced by [`render::generated_files`] (404, redirects, sitemap, robots).
    generated: BTreeSet<String>,
    files: Arc<Files>,
    /// Changes that failed, tried again with the next one.
    failing: BTreeSet<String>,
    /// Symbolic links met since the warnings were last taken.
    warnings: RefCell<Vec<Diagnostic>>,
}

/// What an update changed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Update {
    /// Output paths whose bytes changed, appeared or went away.
    pub changed: Vec<String>,
    /// Pages whose templates were rendered again.
    pub rendered: usize,
    /// The source files that changed, relative to the site root.
    pub sources: Vec<String>,
}

impl Update {
    /// Whether only stylesheets changed, so a browser can swap them without reloading.
    pub fn only_css(&self) -> bool {
        !self.changed.is_empty() && self.changed.iter().all(|p| p.ends_with(".css"))
    }
}

/// What a changed path is to the site.
enum Changed {
    Config,
    Markdown(String),
    Asset(String),
    Template(String),
    Static(String),
}

/// The pages a first render of a site renders Markdown for, and the HTML it may reuse.
struct Reuse {
    content: Pages,
    html: Vec<Option<Arc<str>>>,
    words: Vec<Option<Arc<PageWords>>>,
}

impl LiveSite {
    /// Builds the whole site into memory, published at `base_url`.
    pub fn load(root: &Path, drafts: bool, base_url: &str) -> Result<LiveSite> {
        let mut config = Config::load(root)?;
        config.set_base_url(base_url)?;
        let (theme, loaded) = all(Theme::load(root, &config), content::load(root, drafts, Some(&config)))?;
        let mut links: Vec<Diagnostic> = loaded.links.iter().map(|p| disk::link_warning(p)).collect();
        links.extend(config.warnings.iter().cloned());
        let (content, texts) = loaded.complete()?;
        let texts: HashMap<String, Arc<str>> = texts.into_iter().map(|(rel, t)| (rel, Arc::from(t))).collect();
        let (site, problems) = Site::assemble(root, config, content);
        if !problems.is_empty() {
            return Err(Error::new(problems));
        }
        let reuse = Reuse { content: Pages::All, html: Vec::new(), words: Vec::new() };
        let live = LiveSite::render(root, drafts, base_url, site, theme, texts, reuse)?;
        live.warnings.borrow_mut().extend(links);
        Ok(live)
    }

    /// Renders every file of an assembled site into memory.
    fn render(
        root: &Path,
        drafts: bool,
        base_url: &str,
        mut site: Site,
        theme: Theme,
        texts: HashMap<String, Arc<str>>,
        reuse: Reuse,
    ) -> Result<LiveSite> {
        let mut theme_links: Vec<Diagnostic> = theme.links.iter().map(|p| disk::link_warning(p)).collect();
        theme_links.extend(theme.warnings.iter().cloned());
        let values = SiteValues::new(&site, &theme);
        let job = Job {
            content: reuse.content,
            keep_html: true,
            track_reads: true,
            full_outlines: true,
            ..Job::everything()
        };
        let collected = Collected::default();
        let sources = MemorySources { texts: &texts, edited: &HashMap::new(), html: &reuse.html, words: &reuse.words };
        let outcome = render::run(&mut site, Some(&theme), Some(&values), &sources, &job, &collected);
        if !outcome.problems.is_empty() {
            return Err(Error::new(outcome.problems).fill_snippets(root));
        }
        let n = site.pages.len();
        let mut files = Files::default();
        for (path, bytes) in collected.into_files() {
            files.insert(path, Bytes::from(bytes));
        }
        let mut reads = vec![Reads::default(); n];
        for (id, r) in outcome.reads {
            reads[id] = r;
        }
        let mut html = vec![None; n];
        for (id, h) in outcome.html {
            html[id] = Some(h);
        }
        let mut words = reuse.words;
        words.resize(n, None);
        for (id, w) in outcome.words {
            words[id] = Some(w);
        }
        Ok(LiveSite {
            root: root.to_path_buf(),
            drafts,
            base_url: base_url.to_string(),
            site,
            theme,
            values,
            reads,
            texts,
            html,
            words,
            generated: outcome.generated.unwrap_or_default().into_iter().collect(),
            files: Arc::new(files),
            failing: BTreeSet::new(),
            warnings: RefCell::new(theme_links),
        })
    }

    /// The warnings met since they were last taken: symbolic links left out,
    /// words a language lacks.
    pub fn take_warnings(&self) -> Vec<Diagnostic> {
        let mut taken = std::mem::take(&mut *self.warnings.borrow_mut());
        taken.sort_by(|a, b| a.path.cmp(&b.path));
        taken.dedup();
        taken
    }

    /// The current site, to serve.
    pub fn files(&self) -> Arc<Files> {
        Arc::clone(&self.files)
    }

    /// The site as assembled (pages, config).
    pub fn site(&self) -> &Site {
        &self.site
    }

    /// Brings the site up to date with files that changed on disk (absolute,
    /// or relative to the root). On error nothing changes.
    pub fn apply(&mut self, paths: &[PathBuf]) -> Result<Update> {
        let mut rels: BTreeSet<String> = std::mem::take(&mut self.failing);
        for p in paths {
            if let Some(rel) = self.relative(p) {
                rels.extend(self.expand(&rel));
                rels.insert(rel);
            }
        }
        let result = self.apply_rels(&rels).map_err(|e| e.fill_snippets(&self.root));
        if result.is_err() {
            self.failing = rels;
        }
        result
    }

    fn relative(&self, path: &Path) -> Option<String> {
        let rel = if path.is_absolute() {
            path.strip_prefix(&self.root)
                .ok()
                .or_else(|| path.strip_prefix(crate::config::absolute(&self.root)).ok())?
        } else {
            path
        };
        let rel = relative_slash_path(Path::new(""), rel);
        let ignored = rel.split('/').any(|part| is_ignored(std::ffi::OsStr::new(part)));
        (!rel.is_empty() && !ignored).then_some(rel)
    }

    /// The files of the theme and the site's overrides that are on disk, relative to the root.
    fn disk_files(&self) -> impl Iterator<Item = String> + '_ {
        self.theme.statics.values().chain(self.theme.templates.values()).filter_map(|o| match o {
            Origin::Disk(p) => Some(relative_slash_path(Path::new(""), p)),
            Origin::Embedded(..) => None,
        })
    }

    /// A folder that appeared, went away or moved stands for the files in it:
    /// those on disk now, and those the site had under it.
    fn expand(&self, rel: &str) -> Vec<String> {
        let mut files = Vec::new();
        let dir = self.root.join(rel);
        let kind = disk::kind(&self.root, Path::new(rel));
        // A file, or a page the site knows, stands for itself.
        if kind == Kind::File || rel.strip_prefix("content/").is_some_and(|r| self.site.by_rel.contains_key(r)) {
            return files;
        }
        // A folder reached without a link: its files, never those behind a link in it.
        if kind == Kind::Folder {
            let walk = walkdir::WalkDir::new(&dir)
                .follow_root_links(false)
                .into_iter()
                .filter_entry(|e| !is_ignored(e.file_name()));
            for entry in walk.flatten().filter(|e| e.file_type().is_file()) {
                files.push(relative_slash_path(&self.root, entry.path()));
            }
        }
        let prefix = format!("{rel}/");
        let known_pages = self.site.pages.iter().map(|p| format!("{CONTENT_DIR}/{}", p.header.rel));
        let known_assets = self.site.assets.iter().map(|a| format!("{CONTENT_DIR}/{a}"));
        files.extend(known_pages.chain(known_assets).chain(self.disk_files()).filter(|p| p.starts_with(&prefix)));
        files
    }

    /// Whether `rel` is a file of the site on disk; a link (or a path through
    /// one) is not, and is named in the update's warnings.
    fn on_disk(&self, rel: &str) -> bool {
        match disk::kind(&self.root, Path::new(rel)) {
            Kind::File => true,
            Kind::Link => {
                self.warnings.borrow_mut().push(disk::link_warning(Path::new(rel)));
                false
            }
            _ => false,
        }
    }

    fn classify(&self, rel: &str) -> Option<Changed> {
        let theme_dir = format!("themes/{}/", self.site.config.theme);
        if rel == CONFIG_FILE {
            return Some(Changed::Config);
        }
        if let Some(r) = rel.strip_prefix("content/") {
            return Some(if r.ends_with(".md") { Changed::Markdown(r.into()) } else { Changed::Asset(r.into()) });
        }
        let templates = rel.strip_prefix("templates/").or_else(|| rel.strip_prefix(&format!("{theme_dir}templates/")));
        if let Some(name) = templates {
            return Some(Changed::Template(name.into()));
        }
        let statics = rel.strip_prefix("static/").or_else(|| rel.strip_prefix(&format!("{theme_dir}static/")));
        if let Some(p) = statics {
            return Some(Changed::Static(p.into()));
        }
        // The theme's strings and `theme.yaml` are read with the theme: start over.
        rel.strip_prefix(&theme_dir)
            .filter(|r| *r == "theme.yaml" || (r.starts_with("strings/") && r.ends_with(".yaml")))
            .map(|_| Changed::Config)
    }

    fn apply_rels(&mut self, rels: &BTreeSet<String>) -> Result<Update> {
        let mut markdown = Vec::new();
        let mut assets = Vec::new();
        let mut templates = HashSet::new();
        let mut statics = Vec::new();
        for rel in rels {
            match self.classify(rel) {
                Some(Changed::Config) => return self.reload(rels),
                Some(Changed::Markdown(r)) => markdown.push(r),
                Some(Changed::Asset(r)) => assets.push(r),
                Some(Changed::Template(n)) => {
                    templates.insert(n);
                }
                Some(Changed::Static(p)) => statics.push(p),
                None => {}
            }
        }
        // A theme folder that appears or goes away changes which theme is used.
        let theme_dir = format!("themes/{}", self.site.config.theme);
        if rels.iter().any(|r| r == &theme_dir || r == "themes") {
            return self.reload(rels);
        }
        // Files that came and went within one batch (an editor's or sed's temporary file) are not news.
        let on_disk: HashSet<String> = self.disk_files().collect();
        let known = |r: &str| {
            r.strip_prefix("content/")
                .is_some_and(|c| self.site.by_rel.contains_key(c) || self.site.assets.iter().any(|a| a == c))
                || on_disk.contains(r)
        };
        let sources: Vec<String> =
            rels.iter().filter(|r| self.classify(r).is_some() && (self.on_disk(r) || known(r))).cloned().collect();
        if sources.is_empty() {
            return Ok(Update::default());
        }

        let theme = if templates.is_empty() && statics.is_empty() {
            None
        } else {
            Some(Theme::load(&self.root, &self.site.config)?)
        };
        let clock = crate::timings::Phases::start();
        let mut next = self.site.clone();
        clock.lap("live: clone the site");
        for asset in &assets {
            let exists = self.on_disk(&format!("{CONTENT_DIR}/{asset}"));
            next.assets.retain(|a| a != asset);
            if exists {
                next.assets.push(asset.clone());
                next.assets.sort();
            }
        }

        // Read the changed Markdown; decide whether the tree's shape changes.
        let mut problems = Vec::new();
        let mut edits: Vec<(PageId, Header)> = Vec::new();
        let mut edited_texts: HashMap<String, Arc<str>> = HashMap::new();
        let mut structural: Vec<(String, Option<Header>)> = Vec::new();
        for rel in &markdown {
            let new = if self.on_disk(&format!("{CONTENT_DIR}/{rel}")) {
                match content::read(&self.root, rel, content::quotes_of(&self.site.config, rel)) {
                    Ok((header, text)) => {
                        edited_texts.insert(rel.clone(), Arc::from(text));
                        Some(header)
                    }
                    Err(d) => {
                        problems.push(d);
                        continue;
                    }
                }
            } else {
                None
            };
            let publish = new.as_ref().is_some_and(|h| !h.front.draft || self.drafts);
            // A page keeps its place when its address stays, and a section
            // when its `slug:` does too (it names the folder of its pages).
            let keeps_place = |id: PageId, h: &Header| {
                let page = &next.pages[id];
                next.path_for(h) == page.path
                    && (page.kind != assembled::Kind::Section || page.front().slug == h.front.slug)
            };
            match (next.by_rel.get(rel), new) {
                (Some(&id), Some(h)) if publish && keeps_place(id, &h) => edits.push((id, h)),
                (None, None) => {
                    next.skipped_drafts.remove(rel);
                }
                (_, h) => structural.push((rel.clone(), h)),
            }
        }
        if !problems.is_empty() {
            return Err(Error::new(problems));
        }
        if !structural.is_empty() {
            // Every page as it is now, by path; the made-up home page is none of them.
            let mut all: BTreeMap<String, Header> = next
                .pages
                .iter()
                .filter(|p| !p.header.made_up)
                .map(|p| (p.header.rel.clone(), (*p.header).clone()))
                .collect();
            for (id, h) in edits {
                all.insert(next.pages[id].header.rel.clone(), h);
            }
            for (rel, h) in structural {
                all.remove(&rel);
                next.skipped_drafts.remove(&rel);
                match h {
                    Some(h) if h.front.draft && !self.drafts => {
                        next.skipped_drafts.insert(rel);
                    }
                    Some(h) => {
                        all.insert(rel, h);
                    }
                    None => {}
                }
            }
            let content = Content {
                headers: all.into_values().collect(),
                skipped_drafts: next.skipped_drafts.into_iter().collect(),
                assets: next.assets,
            };
            return self.rebuild_tree(next.config, content, edited_texts, theme, sources);
        }
        self.apply_edits(next, theme, edits, edited_texts, &templates, &statics, &assets, sources)
    }

    /// Edits that keep every page's address: re-render exactly what shows them.
    #[allow(clippy::too_many_arguments)] // one call site; the pieces are what `apply_rels` sorted out
    fn apply_edits(
        &mut self,
        mut next: Site,
        theme: Option<Theme>,
        edits: Vec<(PageId, Header)>,
        edited_texts: HashMap<String, Arc<str>>,
        templates: &HashSet<String>,
        statics: &[String],
        assets: &[String],
        sources: Vec<String>,
    ) -> Result<Update> {
        let mut summaries_changed = Vec::new();
        let mut order_changed = false;
        // Dates and aliases show up in the sitemap and redirects only.
        let mut listed_changed = false;
        let mut touched: Vec<PageId> = edits.iter().map(|(id, _)| *id).collect();
        touched.sort_unstable();
        for (id, header) in edits {
            let old = &next.pages[id].header.front;
            let new = &header.front;
            if old != new {
                listed_changed |= old.date != new.date || old.aliases != new.aliases;
                order_changed |= old.title != new.title || old.weight != new.weight;
                if old.title != new.title
                    || old.short_title != new.short_title
                    || old.description != new.description
                    || old.weight != new.weight
                    || old.date != new.date
                    || old.extra != new.extra
                {
                    summaries_changed.push(id);
                }
            }
            next.page_mut(id).header = Arc::new(header);
        }
        let clock = crate::timings::Phases::start();
        let theme_ref = theme.as_ref().unwrap_or(&self.theme);
        let neighbours_changed: HashSet<PageId> =
            if order_changed { next.reorder(&touched).into_iter().collect() } else { HashSet::new() };
        let new_values = (!summaries_changed.is_empty() || order_changed)
            .then(|| self.values.updated(&next, theme_ref, &summaries_changed, order_changed));
        let values = new_values.as_ref().unwrap_or(&self.values);
        clock.lap("live: reorder and shared values");

        let affected_templates = if templates.is_empty() { HashSet::new() } else { theme_ref.dependents(templates) };
        summaries_changed.sort_unstable();
        // Sections whose list of pages changed order: `page.nav` shows them.
        let lists_changed: HashSet<PageId> = neighbours_changed
            .iter()
            .copied()
            .filter(|&id| self.site.pages[id].children != next.pages[id].children)
            .collect();
        let to_render: Vec<PageId> = (0..next.pages.len())
            .filter(|&id| {
                let reads = &self.reads[id];
                touched.binary_search(&id).is_ok()
                    || neighbours_changed.contains(&id)
                    || (order_changed && reads.nav)
                    || reads.lists.iter().any(|l| lists_changed.contains(l))
                    || reads.pages.iter().any(|p| summaries_changed.binary_search(p).is_ok())
                    || affected_templates.contains(render::template_name(&next, id))
            })
            .collect();
        // The 404 page shows the site and maybe the navigation; the sitemap
        // the reading order and dates; redirects the aliases; the booklet
        // every page.
        let regenerate = listed_changed
            || !affected_templates.is_empty()
            || !neighbours_changed.is_empty()
            || summaries_changed.contains(&HOME)
            || (order_changed && values.uses_nav())
            || (values.uses_page_nav() && !summaries_changed.is_empty())
            || (render::makes_booklet(theme_ref) && !touched.is_empty())
            // The search index has every page's words.
            || (!touched.is_empty() && render::makes_search(&next, theme_ref));
        let copied: Vec<String> = statics.iter().chain(assets).cloned().collect();
        let job = Job {
            content: Pages::Only(touched),
            templates: Pages::Only(to_render),
            generated: regenerate,
            copied: Some(copied.clone()),
            keep_html: true,
            track_reads: true,
            keep_going: false,
            full_outlines: true,
        };
        clock.lap("live: decide what to render");
        let collected = Collected::default();
        let sources_in_memory =
            MemorySources { texts: &self.texts, edited: &edited_texts, html: &self.html, words: &self.words };
        let outcome = render::run(&mut next, Some(theme_ref), Some(values), &sources_in_memory, &job, &collected);
        clock.lap("live: run the pipeline");
        if !outcome.problems.is_empty() {
            return Err(Error::new(outcome.problems));
        }

        let mut files = (*self.files).clone();
        let mut changed = Vec::new();
        for (path, bytes) in collected.into_files() {
            put(&mut files, &mut changed, path, bytes);
        }
        if let Some(list) = &outcome.generated {
            let paths: BTreeSet<String> = list.iter().cloned().collect();
            for gone in self.generated.difference(&paths) {
                remove(&mut files, &mut changed, gone);
            }
            self.generated = paths;
        }
        // A static file or asset that went away is not copied: take it out.
        let still: HashSet<String> = render::copied_files(&next, theme_ref).into_iter().map(|(p, _)| p).collect();
        for path in copied.iter().filter(|p| !still.contains(*p)) {
            remove(&mut files, &mut changed, path);
        }
        clock.lap("live: store the files");

        let rendered = outcome.templates_rendered;
        for (id, reads) in outcome.reads {
            self.reads[id] = reads;
        }
        for (id, html) in outcome.html {
            self.html[id] = Some(html);
        }
        for (id, words) in outcome.words {
            self.words[id] = Some(words);
        }
        self.texts.extend(edited_texts);
        self.site = next;
        if let Some(t) = theme {
            self.theme = t;
        }
        if let Some(v) = new_values {
            self.values = v;
        }
        self.files = Arc::new(files);
        changed.sort();
        Ok(Update { changed, rendered, sources })
    }

    /// Pages came, went or moved: rebuild the tree from the pages in memory,
    /// rendering Markdown again only where the text or a link's target changed.
    fn rebuild_tree(
        &mut self,
        config: Config,
        content: Content,
        edited_texts: HashMap<String, Arc<str>>,
        theme: Option<Theme>,
        sources: Vec<String>,
    ) -> Result<Update> {
        let old = &self.site;
        let (mut site, problems) = Site::assemble(&self.root, config, content);
        if !problems.is_empty() {
            return Err(Error::new(problems));
        }
        let mut texts = self.texts.clone();
        texts.extend(edited_texts);
        let mut html = vec![None; site.pages.len()];
        let mut words = vec![None; site.pages.len()];
        let mut again = Vec::new();
        for (id, slot) in html.iter_mut().enumerate() {
            let page = &site.pages[id];
            let reusable = old.by_rel.get(&page.header.rel).filter(|&&before| {
                let before = &old.pages[before];
                let same_text = self.texts.get(&page.header.rel) == texts.get(&page.header.rel)
                    && before.header.made_up == page.header.made_up;
                // Each link to a page leads where it led: the same page at the
                // same address (a translation that appeared takes a link over).
                let rel = page.header.rel.as_str();
                let same_targets =
                    before.outline.links.iter().filter(|l| matches!(l.target, Target::Page { .. })).all(|l| {
                        let href = |s: &Site| crate::links::resolve(s, rel, &l.dest, false).map(|r| r.href).ok();
                        href(old) == href(&site)
                    });
                same_text && same_targets
            });
            match reusable {
                Some(&before) => {
                    *slot = self.html[before].clone();
                    words[id] = self.words[before].clone();
                    site.page_mut(id).outline = Arc::clone(&old.pages[before].outline);
                }
                None => again.push(id),
            }
        }
        let theme = match theme {
            Some(t) => t,
            None => Theme::load(&self.root, &site.config)?,
        };
        let reuse = Reuse { content: Pages::Only(again), html, words };
        let fresh = LiveSite::render(&self.root, self.drafts, &self.base_url, site, theme, texts, reuse)?;
        let changed = diff(&self.files, &fresh.files);
        let rendered = fresh.site.pages.len();
        fresh.warnings.borrow_mut().extend(self.take_warnings());
        *self = fresh;
        Ok(Update { changed, rendered, sources })
    }

    /// site.yaml or the theme changed: start over from disk.
    fn reload(&mut self, rels: &BTreeSet<String>) -> Result<Update> {
        let fresh = LiveSite::load(&self.root, self.drafts, &self.base_url)?;
        let changed = diff(&self.files, &fresh.files);
        let rendered = fresh.site.pages.len();
        fresh.warnings.borrow_mut().extend(self.take_warnings());
        *self = fresh;
        Ok(Update { changed, rendered, sources: rels.iter().cloned().collect() })
    }
}

fn put(files: &mut Files, changed: &mut Vec<String>, path: String, bytes: Vec<u8>) {
    if files.get(&path).is_none_or(|old| old[..] != bytes[..]) {
        changed.push(path.clone());
        files.insert(path, Bytes::from(bytes));
    }
}

fn remove(files: &mut Files, changed: &mut Vec<String>, path: &str) {
    if files.remove(path).is_some() {
        changed.push(path.to_string());
    }
}

/// Paths whose bytes differ between two versions of the site.
fn diff(old: &Files, new: &Files) -> Vec<String> {
    let mut changed: Vec<String> = new
        .iter()
        .filter(|(p, b)| old.get(p).is_none_or(|o| o != *b))
        .map(|(p, _)| p.clone())
        .chain(old.iter().map(|(p, _)| p).filter(|p| !new.contains_key(p)).cloned())
        .collect();
    changed.sort();
    changed
}

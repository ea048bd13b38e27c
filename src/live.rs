//! A site kept in memory and brought up to date file by file: what `serve`
//! shows while an author writes.
//!
//! Only changed files are read again. A body edit renders that page's
//! Markdown and template and nothing else; a front matter edit also renders
//! the pages whose templates read that page (listings, previous/next links,
//! navigation — see [`Deps`]); a template edit renders the pages that use it;
//! a static file is copied alone. Adding, removing or moving a page rebuilds
//! the tree from the sources already in memory. The result is byte for byte
//! what `rajat build` writes (tested).
//!
//! An edit that fails leaves the last good site as it was; the failing files
//! are tried again with the next change, so the error stays until it is fixed.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use bytes::Bytes;
use rayon::prelude::*;

use crate::config::CONFIG_FILE;
use crate::content::{self, CONTENT_DIR, Content, Source};
use crate::error::{Diagnostic, Error, Result};
use crate::render::{self, Deps, Shared};
use crate::site::{HOME, PageId, Site};
use crate::theme::{Theme, read_origin};

/// The served site: every output file by path.
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

    pub fn get(&self, path: &str) -> Option<&Bytes> {
        self.shards[Self::shard(path)].get(path)
    }

    pub fn contains_key(&self, path: &str) -> bool {
        self.get(path).is_some()
    }

    pub fn insert(&mut self, path: String, bytes: Bytes) -> Option<Bytes> {
        Arc::make_mut(&mut self.shards[Self::shard(&path)]).insert(path, bytes)
    }

    pub fn remove(&mut self, path: &str) -> Option<Bytes> {
        let shard = &mut self.shards[Self::shard(path)];
        if shard.contains_key(path) { Arc::make_mut(shard).remove(path) } else { None }
    }

    pub fn iter(&self) -> impl Iterator<Item = (&String, &Bytes)> {
        self.shards.iter().flat_map(|s| s.iter())
    }
}

/// A site in memory, with what it takes to update it.
pub struct LiveSite {
    root: PathBuf,
    drafts: bool,
    base_url: String,
    site: Site,
    theme: Theme,
    shared: Shared,
    /// What each page's template read of other pages, by page id.
    deps: Vec<Deps>,
    /// Paths produced by [`render::generated_files`] (404, redirects, sitemap, robots).
    generated: BTreeSet<String>,
    files: Arc<Files>,
    /// Changes that failed, tried again with the next one.
    failing: BTreeSet<String>,
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

impl LiveSite {
    /// Builds the whole site into memory, published at `base_url`.
    pub fn load(root: &Path, drafts: bool, base_url: &str) -> Result<LiveSite> {
        let (site, theme) = crate::load(root, Some(base_url), drafts)?;
        LiveSite::render(root, drafts, base_url, site, theme)
    }

    /// Renders every file of an assembled site into memory.
    fn render(root: &Path, drafts: bool, base_url: &str, site: Site, theme: Theme) -> Result<LiveSite> {
        let (shared, deps, files, generated) = render_everything(&site, &theme)?;
        Ok(LiveSite {
            root: root.to_path_buf(),
            drafts,
            base_url: base_url.to_string(),
            site,
            theme,
            shared,
            deps,
            generated,
            files: Arc::new(files),
            failing: BTreeSet::new(),
        })
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
        let result = self.apply_rels(&rels);
        if result.is_err() {
            self.failing = rels;
        }
        result
    }

    fn relative(&self, path: &Path) -> Option<String> {
        let rel = if path.is_absolute() {
            path.strip_prefix(&self.root)
                .ok()
                .or_else(|| path.strip_prefix(crate::output::absolute(&self.root)).ok())?
        } else {
            path
        };
        let rel = crate::text::relative_slash_path(Path::new(""), rel);
        let ignored = rel.split('/').any(|part| crate::text::is_ignored(std::ffi::OsStr::new(part)));
        (!rel.is_empty() && !ignored).then_some(rel)
    }

    /// A folder that appeared, went away or moved stands for the files in it:
    /// those on disk now, and those the site had under it.
    fn expand(&self, rel: &str) -> Vec<String> {
        let mut files = Vec::new();
        let dir = self.root.join(rel);
        // A file, or a page the site knows, stands for itself.
        if dir.is_file() || rel.strip_prefix("content/").is_some_and(|r| self.site.by_rel.contains_key(r)) {
            return files;
        }
        if dir.is_dir() {
            let walk =
                walkdir::WalkDir::new(&dir).into_iter().filter_entry(|e| !crate::text::is_ignored(e.file_name()));
            for entry in walk.flatten().filter(|e| e.file_type().is_file()) {
                files.push(crate::text::relative_slash_path(&self.root, entry.path()));
            }
        }
        let prefix = format!("{rel}/");
        let known_pages = self.site.pages.iter().map(|p| format!("{CONTENT_DIR}/{}", p.source.rel));
        let known_assets = self.site.assets.iter().map(|a| format!("{CONTENT_DIR}/{a}"));
        let known_statics = self.theme.statics.values().filter_map(|o| match o {
            crate::theme::Origin::Disk(p) => Some(crate::text::relative_slash_path(Path::new(""), p)),
            crate::theme::Origin::Embedded(..) => None,
        });
        files.extend(known_pages.chain(known_assets).chain(known_statics).filter(|p| p.starts_with(&prefix)));
        files
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
        statics.map(|p| Changed::Static(p.into()))
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
        let known = |r: &str| {
            r.strip_prefix("content/").is_some_and(|c| self.site.by_rel.contains_key(c) || self.site.assets.iter().any(|a| a == c))
                || self.theme.statics.values().any(|o| matches!(o, crate::theme::Origin::Disk(p) if crate::text::relative_slash_path(Path::new(""), p) == r))
                || self.theme.templates.values().any(|o| matches!(o, crate::theme::Origin::Disk(p) if crate::text::relative_slash_path(Path::new(""), p) == r))
        };
        let sources: Vec<String> = rels
            .iter()
            .filter(|r| self.classify(r).is_some() && (self.root.join(r).exists() || known(r)))
            .cloned()
            .collect();
        if sources.is_empty() {
            return Ok(Update::default());
        }

        let theme = if templates.is_empty() && statics.is_empty() {
            None
        } else {
            Some(Theme::load(&self.root, &self.site.config)?)
        };
        let clock = crate::Phases::start();
        let mut next = self.site.clone();
        clock.lap("live: clone the site");
        for asset in &assets {
            let exists = self.root.join(CONTENT_DIR).join(asset).is_file();
            next.assets.retain(|a| a != asset);
            if exists {
                next.assets.push(asset.clone());
                next.assets.sort();
            }
        }

        // Read the changed Markdown; decide whether the tree's shape changes.
        let mut problems = Vec::new();
        let mut edits: Vec<(PageId, Source)> = Vec::new();
        let mut structural: Vec<(String, Option<Source>)> = Vec::new();
        for rel in &markdown {
            let new = if self.root.join(CONTENT_DIR).join(rel).is_file() {
                match content::read_source(&self.root, rel) {
                    Ok(s) => Some(s),
                    Err(d) => {
                        problems.push(d);
                        continue;
                    }
                }
            } else {
                None
            };
            let publish = new.as_ref().is_some_and(|s| !s.front.draft || self.drafts);
            match (next.by_rel.get(rel), new) {
                (Some(&id), Some(s)) if publish && crate::site::site_path(&s) == next.pages[id].path => {
                    edits.push((id, s))
                }
                (None, None) => {
                    next.skipped_drafts.remove(rel);
                }
                (_, s) => structural.push((rel.clone(), s)),
            }
        }
        if !problems.is_empty() {
            return Err(Error::new(problems));
        }
        if !structural.is_empty() {
            // Every source as it is now, by path; the synthetic home page (no file) is not one.
            let mut all: BTreeMap<String, Source> = next
                .pages
                .iter()
                .filter(|p| !(p.source.rel == "_index.md" && p.source.text.is_empty()))
                .map(|p| (p.source.rel.clone(), (*p.source).clone()))
                .collect();
            for (id, s) in edits {
                all.insert(next.pages[id].source.rel.clone(), s);
            }
            for (rel, s) in structural {
                all.remove(&rel);
                next.skipped_drafts.remove(&rel);
                match s {
                    Some(s) if s.front.draft && !self.drafts => {
                        next.skipped_drafts.insert(rel);
                    }
                    Some(s) => {
                        all.insert(rel, s);
                    }
                    None => {}
                }
            }
            let content = Content {
                sources: all.into_values().collect(),
                skipped_drafts: next.skipped_drafts.into_iter().collect(),
                assets: next.assets,
            };
            return self.rebuild_tree(next.config, content, theme, sources);
        }
        self.apply_edits(next, theme, edits, &templates, &statics, &assets, sources)
    }

    /// Edits that keep every page's address: re-render exactly what shows them.
    #[allow(clippy::too_many_arguments)] // one call site; the pieces are what `apply_rels` sorted out
    fn apply_edits(
        &mut self,
        mut next: Site,
        theme: Option<Theme>,
        edits: Vec<(PageId, Source)>,
        templates: &HashSet<String>,
        statics: &[String],
        assets: &[String],
        sources: Vec<String>,
    ) -> Result<Update> {
        let mut summaries_changed = Vec::new();
        let mut order_changed = false;
        // Dates and aliases show up in the sitemap and redirects only.
        let mut listed_changed = false;
        let touched: Vec<PageId> = edits.iter().map(|(id, _)| *id).collect();
        for (id, source) in edits {
            let old = &next.pages[id].source.front;
            let new = &source.front;
            if old != new {
                listed_changed |= old.date != new.date || old.aliases != new.aliases;
                order_changed |= old.title != new.title || old.weight != new.weight;
                if old.title != new.title
                    || old.description != new.description
                    || old.weight != new.weight
                    || old.date != new.date
                    || old.extra != new.extra
                {
                    summaries_changed.push(id);
                }
            }
            next.page_mut(id).source = Arc::new(source);
        }
        let clock = crate::Phases::start();
        let mut problems = Vec::new();
        for &id in &touched {
            problems.extend(next.render_page_markdown(id));
        }
        clock.lap("live: render the edited Markdown");
        // Links into an edited page can only break if its anchors changed;
        // only then are the other pages' links (and forms') looked through.
        let anchors_changed =
            touched.iter().any(|&id| next.pages[id].rendered.anchors != self.site.pages[id].rendered.anchors);
        let linking: Vec<PageId> = if anchors_changed {
            let touched_rels: HashSet<&str> = touched.iter().map(|&id| next.pages[id].source.rel.as_str()).collect();
            (0..next.pages.len())
                .filter(|&id| {
                    touched.contains(&id)
                        || next.pages[id].front().form.is_some()
                        || next.pages[id].rendered.links.iter().any(|l| match &l.target {
                            crate::markdown::LinkTarget::Page(rel) => touched_rels.contains(rel.as_str()),
                            _ => false,
                        })
                })
                .collect()
        } else {
            touched.clone()
        };
        problems.extend(next.check_anchors(linking.into_iter()));
        let theme_ref = theme.as_ref().unwrap_or(&self.theme);
        problems.extend(render::check_templates(&next, theme_ref, touched.iter().copied()));
        if !problems.is_empty() {
            return Err(Error::new(problems));
        }

        clock.lap("live: check links");
        let neighbours_changed: HashSet<PageId> =
            if order_changed { next.reorder(&touched).into_iter().collect() } else { HashSet::new() };
        clock.lap("live: reorder");
        let new_shared = (!summaries_changed.is_empty() || order_changed)
            .then(|| self.shared.updated(&next, theme_ref, &summaries_changed, order_changed));
        let shared = new_shared.as_ref().unwrap_or(&self.shared);
        clock.lap("live: shared values");

        let affected_templates =
            if templates.is_empty() { HashSet::new() } else { templates_using(theme_ref, templates) };
        if !affected_templates.is_empty() {
            problems.extend(render::check_templates(&next, theme_ref, 0..next.pages.len()));
        }
        summaries_changed.sort_unstable();
        let to_render: Vec<PageId> = (0..next.pages.len())
            .filter(|&id| {
                let deps = &self.deps[id];
                touched.contains(&id)
                    || neighbours_changed.contains(&id)
                    || (order_changed && deps.nav)
                    || deps.pages.iter().any(|p| summaries_changed.binary_search(p).is_ok())
                    || affected_templates.contains(render::template_name(&next, id))
            })
            .collect();
        clock.lap("live: decide what to render");
        let rendered: Vec<Result<(Vec<u8>, Deps), Diagnostic>> =
            to_render.par_iter().map(|&id| render::render_page(&next, theme_ref, shared, id)).collect();
        clock.lap("live: render templates");

        let mut files = (*self.files).clone();
        clock.lap("live: copy the file map");
        let mut changed = Vec::new();
        let mut deps = Vec::with_capacity(rendered.len());
        for (&id, r) in to_render.iter().zip(rendered) {
            match r {
                Ok((html, d)) => {
                    put(&mut files, &mut changed, next.pages[id].output_path(), html);
                    deps.push((id, d));
                }
                Err(d) => problems.push(d),
            }
        }
        clock.lap("live: store pages");
        // The 404 page shows the site and maybe the navigation; the sitemap
        // the reading order and dates; redirects the aliases.
        let regenerate = listed_changed
            || !affected_templates.is_empty()
            || !neighbours_changed.is_empty()
            || summaries_changed.contains(&HOME)
            || (order_changed && shared.uses_nav());
        let mut generated = None;
        if regenerate {
            let claimed = render::claimed_paths(&next, theme_ref, &mut problems);
            match render::generated_files(&next, theme_ref, shared, &claimed) {
                Ok(list) => {
                    let paths: BTreeSet<String> = list.iter().map(|(p, _)| p.clone()).collect();
                    for gone in self.generated.difference(&paths) {
                        remove(&mut files, &mut changed, gone);
                    }
                    for (path, bytes) in list {
                        put(&mut files, &mut changed, path, bytes);
                    }
                    generated = Some(paths);
                }
                Err(d) => problems.push(d),
            }
        }
        clock.lap("live: generated files");
        let copied: HashMap<String, crate::theme::Origin> =
            render::copied_files(&next, theme_ref).into_iter().collect();
        for path in statics.iter().chain(assets) {
            match copied.get(path) {
                Some(origin) => match read_origin(&self.root, origin) {
                    Ok(bytes) => put(&mut files, &mut changed, path.clone(), bytes),
                    Err(d) => problems.push(d),
                },
                None => remove(&mut files, &mut changed, path),
            }
        }
        if !problems.is_empty() {
            return Err(Error::new(problems));
        }

        let rendered = to_render.len();
        for (id, d) in deps {
            self.deps[id] = d;
        }
        self.site = next;
        if let Some(t) = theme {
            self.theme = t;
        }
        if let Some(s) = new_shared {
            self.shared = s;
        }
        if let Some(g) = generated {
            self.generated = g;
        }
        self.files = Arc::new(files);
        changed.sort();
        Ok(Update { changed, rendered, sources })
    }

    /// Pages came, went or moved: rebuild the tree from the sources in memory,
    /// rendering Markdown again only where a link's target address changed.
    fn rebuild_tree(
        &mut self,
        config: crate::config::Config,
        content: Content,
        theme: Option<Theme>,
        sources: Vec<String>,
    ) -> Result<Update> {
        let old = &self.site;
        let mut site = Site::assemble(&self.root, config, content)?;
        let old_url = |rel: &str| old.by_rel.get(rel).map(|&id| old.url(id));
        let mut problems = Vec::new();
        let reusable: Vec<Option<Arc<crate::markdown::Rendered>>> = site
            .pages
            .iter()
            .map(|page| {
                let &id = old.by_rel.get(&page.source.rel)?;
                let before = &old.pages[id];
                let same_source = before.source.text == page.source.text;
                let same_targets = before.rendered.links.iter().all(|l| match &l.target {
                    crate::markdown::LinkTarget::Page(rel) => {
                        old_url(rel) == site.by_rel.get(rel).map(|&t| site.url(t))
                    }
                    _ => true,
                });
                (same_source && same_targets).then(|| Arc::clone(&before.rendered))
            })
            .collect();
        for (id, reuse) in reusable.into_iter().enumerate() {
            match reuse {
                Some(r) => site.page_mut(id).rendered = r,
                None => problems.extend(site.render_page_markdown(id)),
            }
        }
        problems.extend(site.check_anchors(0..site.pages.len()));
        if !problems.is_empty() {
            return Err(Error::new(problems));
        }
        let theme = match theme {
            Some(t) => t,
            None => Theme::load(&self.root, &site.config)?,
        };
        let fresh = LiveSite::render(&self.root, self.drafts, &self.base_url, site, theme)?;
        let changed = diff(&self.files, &fresh.files);
        let rendered = fresh.site.pages.len();
        *self = fresh;
        Ok(Update { changed, rendered, sources })
    }

    /// site.yaml or the theme changed: start over from disk.
    fn reload(&mut self, rels: &BTreeSet<String>) -> Result<Update> {
        let fresh = LiveSite::load(&self.root, self.drafts, &self.base_url)?;
        let changed = diff(&self.files, &fresh.files);
        let rendered = fresh.site.pages.len();
        *self = fresh;
        Ok(Update { changed, rendered, sources: rels.iter().cloned().collect() })
    }
}

type Everything = (Shared, Vec<Deps>, Files, BTreeSet<String>);

/// Renders every file of the site into memory.
fn render_everything(site: &Site, theme: &Theme) -> Result<Everything> {
    let mut problems = render::check_templates(site, theme, 0..site.pages.len());
    let claimed = render::claimed_paths(site, theme, &mut problems);
    if !problems.is_empty() {
        return Err(Error::new(problems));
    }
    let shared = Shared::new(site, theme);
    let results: Vec<Result<(Vec<u8>, Deps), Diagnostic>> =
        (0..site.pages.len()).into_par_iter().map(|id| render::render_page(site, theme, &shared, id)).collect();
    let mut files = Files::default();
    let mut deps = Vec::with_capacity(site.pages.len());
    for (id, r) in results.into_iter().enumerate() {
        match r {
            Ok((html, d)) => {
                files.insert(site.pages[id].output_path(), Bytes::from(html));
                deps.push(d);
            }
            Err(d) => problems.push(d),
        }
    }
    let mut generated = BTreeSet::new();
    match render::generated_files(site, theme, &shared, &claimed) {
        Ok(list) => {
            for (path, bytes) in list {
                generated.insert(path.clone());
                files.insert(path, Bytes::from(bytes));
            }
        }
        Err(d) => problems.push(d),
    }
    for (path, origin) in render::copied_files(site, theme) {
        match read_origin(&site.root, &origin) {
            Ok(bytes) => {
                files.insert(path, Bytes::from(bytes));
            }
            Err(d) => problems.push(d),
        }
    }
    if problems.is_empty() { Ok((shared, deps, files, generated)) } else { Err(Error::new(problems)) }
}

/// The templates that are, or include/extend/import, one of `changed`.
fn templates_using(theme: &Theme, changed: &HashSet<String>) -> HashSet<String> {
    let mut affected: HashSet<String> = changed.clone();
    loop {
        let before = affected.len();
        for name in theme.templates.keys() {
            if affected.contains(name) {
                continue;
            }
            let Ok(t) = theme.env.get_template(name) else { continue };
            let src = t.source();
            if affected.iter().any(|a| src.contains(&format!("\"{a}\"")) || src.contains(&format!("'{a}'"))) {
                affected.insert(name.clone());
            }
        }
        if affected.len() == before {
            return affected;
        }
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

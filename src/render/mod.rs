//! The one render pipeline: what turns an assembled [`Site`] into the files
//! of the published site. `build` streams it to disk, `serve` keeps it in
//! memory and runs again only what an edit touches, `check` runs it writing
//! nothing. They differ only in the [`Job`] they hand to [`run`], where the
//! Markdown comes from ([`Sources`]) and where the files go ([`Output`]):
//!
//! 1. check that every page's template exists, and claim the output paths
//!    of pages, aliases and static files;
//! 2. per page, in parallel: render its Markdown (links resolved as they are
//!    written), then its form and its template;
//! 3. check the anchors links point at, and what forms point at;
//! 4. the generated files (404 page, redirects, sitemap, robots.txt, scripts,
//!    the brand's stylesheet, the booklet, the search index);
//! 5. the files copied as they are.
//!
//! A step is added here, once.

mod attributes;
mod booklet;
mod brand;
mod files;
mod form;
mod nav;
mod search;
mod urls;
pub mod values;

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use rayon::prelude::*;

pub use files::{alias_path, claimed_paths, copied_files, generated_files};
pub use values::{Reads, SiteValues};

use crate::error::{Diagnostic, find_key_line};
use crate::links::Link;
use crate::markdown::{self, Outline};
use crate::search::index::PageWords;
use crate::site::{Kind, Page, PageId, Site};
use crate::theme::{Theme, read_origin, template_diagnostic};
use values::{PageParts, ReadLog, page_context};

/// Where the files of a rendered site go. Called from several threads at once.
pub trait Output: Sync {
    /// Receives one file; `path` is relative to the output root (`a/b/index.html`).
    fn put(&self, path: &str, bytes: Vec<u8>) -> Result<(), Diagnostic>;

    /// Receives one file from a buffer its caller fills again for the next
    /// one. An output that keeps files takes the bytes (what this does
    /// unless an output says otherwise); one that only hashes and writes
    /// them leaves them, so a build renders every page into the same few
    /// buffers instead of allocating and freeing a page's worth each time.
    fn put_buffer(&self, path: &str, bytes: &mut Vec<u8>) -> Result<(), Diagnostic> {
        self.put(path, std::mem::take(bytes))
    }
}

/// Where a page's Markdown comes from while the site renders.
pub trait Sources: Sync {
    /// The whole text of the page's file: front matter and body.
    fn text(&self, page: &Page) -> Result<Cow<'_, str>, Diagnostic>;

    /// The page's body HTML kept from an earlier run, when its Markdown has not changed.
    fn kept_html(&self, _id: PageId) -> Option<Arc<str>> {
        None
    }

    /// The page's words for search kept from an earlier run, when its Markdown has not changed.
    fn kept_words(&self, _id: PageId) -> Option<Arc<PageWords>> {
        None
    }
}

/// Pages a step of the pipeline runs for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Pages {
    /// Every page.
    All,
    /// Only these.
    Only(Vec<PageId>),
}

impl Pages {
    fn contains(&self, id: PageId) -> bool {
        match self {
            Pages::All => true,
            Pages::Only(ids) => ids.binary_search(&id).is_ok(),
        }
    }

    fn ids(&self, n: usize) -> Vec<PageId> {
        match self {
            Pages::All => (0..n).collect(),
            Pages::Only(ids) => ids.clone(),
        }
    }
}

/// What one run of the pipeline does.
#[derive(Clone, Debug)]
pub struct Job {
    /// Pages whose Markdown is rendered (again).
    pub content: Pages,
    /// Pages that go through their template (their Markdown is rendered too
    /// when no HTML of it is kept).
    pub templates: Pages,
    /// Whether to make the generated files (404 page, redirects, sitemap …).
    pub generated: bool,
    /// Which copied files to put: all, or these site paths.
    pub copied: Option<Vec<String>>,
    /// Keep each page's body HTML in [`Outcome::html`], for a later run that
    /// only re-runs templates (`serve`).
    pub keep_html: bool,
    /// Note what each template reads of other pages, in [`Outcome::reads`] (`serve`).
    pub track_reads: bool,
    /// Go on past a step that failed, to find every problem (`check`).
    pub keep_going: bool,
    /// Keep each page's whole outline once it has rendered (`serve` renders
    /// templates again, `check` warns about headings and files); otherwise
    /// only what the anchor check needs stays, so a big build holds less.
    pub full_outlines: bool,
}

impl Job {
    /// Everything, stopping at the first step that fails: what `build` runs.
    pub fn everything() -> Job {
        Job {
            content: Pages::All,
            templates: Pages::All,
            generated: true,
            copied: None,
            keep_html: false,
            track_reads: false,
            keep_going: false,
            full_outlines: false,
        }
    }
}

/// What a run of the pipeline made, besides the files it put.
#[derive(Debug, Default)]
pub struct Outcome {
    /// Every problem found.
    pub problems: Vec<Diagnostic>,
    /// The body HTML of each page rendered, with [`Job::keep_html`].
    pub html: Vec<(PageId, Arc<str>)>,
    /// The words for search of each page rendered, with [`Job::keep_html`] when the site has search.
    pub words: Vec<(PageId, Arc<PageWords>)>,
    /// What each template read, with [`Job::track_reads`].
    pub reads: Vec<(PageId, Reads)>,
    /// The paths of the generated files, when they were made.
    pub generated: Option<Vec<String>>,
    /// How many pages went through their template.
    pub templates_rendered: usize,
}

/// Whether the theme makes a booklet (`booklet.html`), which shows every page
/// of a language (of one with at most [`booklet::MAX_PAGES`]).
pub fn makes_booklet(theme: &Theme) -> bool {
    booklet::wanted(theme)
}

/// Whether the site gets search (the theme shows a search box; site.yaml did not turn it off).
pub fn makes_search(site: &Site, theme: &Theme) -> bool {
    search::wanted(site, theme)
}

/// The most pages a language's booklet holds.
pub const BOOKLET_MAX_PAGES: usize = booklet::MAX_PAGES;

/// Whether language `lang` gets a booklet (the theme makes one and the language is small enough).
pub fn has_booklet(site: &Site, theme: &Theme, lang: crate::config::Lang) -> bool {
    booklet::made(site, theme, lang)
}

/// The template a page uses: its own `template:`, or the one for its kind.
pub fn template_name(site: &Site, id: PageId) -> &str {
    let page = &site.pages[id];
    match (&page.front().template, page.kind) {
        (Some(t), _) => t,
        (None, Kind::Home) => "index.html",
        (None, Kind::Section) => "section.html",
        (None, Kind::Page) => "page.html",
    }
}

/// Runs `job` on `site`, putting the files into `out`. Each page's outline
/// and form links are stored in `site` as it renders; `values` must have
/// been made from `site` as it is. With no `theme` (it does not load), only
/// the Markdown is rendered and checked.
pub fn run(
    site: &mut Site,
    theme: Option<&Theme>,
    values: Option<&SiteValues>,
    sources: &dyn Sources,
    job: &Job,
    out: &dyn Output,
) -> Outcome {
    let mut outcome = Outcome::default();
    let clock = crate::timings::Phases::start();
    let n = site.pages.len();
    let themed = theme.zip(values);
    // With `relative_urls`, every HTML file's addresses are made relative as it is put.
    let relative = site.config.relative_urls.then(|| {
        let not_found = (0..site.languages()).map(|lang| format!("{}404.html", site.config.prefix(lang))).collect();
        urls::Relative::new(out, &site.config.base_path, &site.config.base_url, not_found)
    });
    // The booklet makes its addresses relative itself, on its small frame.
    let booklet_out = out;
    let out: &dyn Output = match &relative {
        Some(relative) => relative,
        None => out,
    };
    // A language's booklet is made from its pages' chapters, made as step 2 renders them.
    let booklet = job.generated && theme.is_some_and(|t| (0..site.languages()).any(|l| booklet::made(site, t, l)));
    // Search reads each page's words from its body as step 2 renders it.
    let search_made = theme.is_some_and(|t| search::wanted(site, t));
    let searched = (job.generated || job.keep_html) && search_made;
    // How deep each language's pages are read for search, known once (it depends on their number).
    let search_depth: Vec<Option<search::Depth>> =
        (0..site.languages()).map(|lang| searched.then(|| search::depth(site, lang))).collect();
    let mut chapters: Vec<Option<booklet::Chapter>> = Vec::new();
    let templates = if themed.is_some() { job.templates.clone() } else { Pages::Only(Vec::new()) };

    // 1. Templates that exist, and output paths nobody else claims.
    let mut claimed = HashMap::new();
    if let Some(theme) = theme {
        outcome.problems.extend(check_templates(site, theme, templates.ids(n)));
        outcome.problems.extend(brand::check(site, theme));
        if job.generated || job.copied.is_none() {
            claimed = claimed_paths(site, theme, &mut outcome.problems);
        }
    }
    if !outcome.problems.is_empty() && !job.keep_going {
        return outcome;
    }
    clock.lap("  1 templates and output paths");

    // 2. Every page: its Markdown, its form and its template.
    let wanted: Vec<PageId> = (0..n).filter(|&id| job.content.contains(id) || templates.contains(id)).collect();
    let site_ref: &Site = site;
    let booklet_chapters = theme.filter(|_| booklet).map(|t| booklet::Chapters::new(site_ref, t));
    let results: Vec<PageResult> = wanted
        .par_iter()
        .map(|&id| {
            let words = search_depth[site_ref.pages[id].lang];
            let keep = Keep { booklet: booklet_chapters.as_ref(), words };
            let mut result = render_page(site_ref, themed, sources, job, &templates, keep, id, out);
            // Let go of what only the template needed here, on the thread that made it.
            if !job.full_outlines
                && let Some(outline) = result.outline.as_mut()
            {
                outline.keep_only_what_links_need();
            }
            result
        })
        .collect();
    clock.lap("  2 every page rendered");
    drop(booklet_chapters);
    let mut contented = Vec::new();
    if booklet {
        chapters.resize(n, None);
    }
    let mut words: Vec<Option<Arc<PageWords>>> = Vec::new();
    if searched {
        words.resize(n, None);
    }
    for mut r in results {
        if let Some(page_words) = r.words.take() {
            if job.keep_html {
                outcome.words.push((r.id, Arc::clone(&page_words)));
            }
            words[r.id] = Some(page_words);
        }
        if let Some(chapter) = r.booklet.take() {
            chapters[r.id] = Some(chapter);
        }
        outcome.problems.extend(r.problems);
        if let Some(outline) = r.outline {
            let old = std::mem::replace(&mut site.page_mut(r.id).outline, Arc::new(outline));
            contented.push((r.id, old));
        }
        if let Some(links) = r.form_links {
            site.page_mut(r.id).form_links = Arc::new(links);
        }
        if let Some(html) = r.html {
            outcome.html.push((r.id, html));
        }
        if let Some(reads) = r.reads {
            outcome.reads.push((r.id, reads));
        }
        outcome.templates_rendered += usize::from(r.templated);
    }

    clock.lap("  2 outlines stored");

    // 3. Anchors and forms, for the pages rendered and the pages linking to
    //    one whose anchors changed.
    let to_check = pages_to_check(site, &job.content, &contented);
    outcome.problems.extend(site.check_anchors(to_check.iter().copied()));
    outcome.problems.extend(site.check_forms(to_check.iter().copied()));
    if !outcome.problems.is_empty() && !job.keep_going {
        return outcome;
    }
    let Some((theme, values)) = themed else { return outcome };
    clock.lap("  3 anchors and forms checked");

    // 4. The generated files.
    if job.generated {
        match generated_files(site, theme, values, &claimed, search_made) {
            Ok(list) => {
                outcome.generated = Some(list.iter().map(|(p, _)| p.clone()).collect());
                outcome.problems.extend(list.into_iter().filter_map(|(path, bytes)| out.put(&path, bytes).err()));
            }
            Err(d) => outcome.problems.push(d),
        }
        if booklet {
            match booklet::render(site, theme, values, sources, &claimed, chapters) {
                Ok(booklets) => {
                    for (path, bytes) in booklets {
                        outcome.problems.extend(booklet_out.put(&path, bytes).err());
                        outcome.generated.get_or_insert_with(Vec::new).push(path);
                    }
                }
                Err(d) => outcome.problems.push(d),
            }
        }
        if searched {
            match search::files(site, sources, &mut words) {
                Ok(files) => {
                    for (path, bytes) in files {
                        outcome.problems.extend(out.put(&path, bytes).err());
                        outcome.generated.get_or_insert_with(Vec::new).push(path);
                    }
                }
                Err(d) => outcome.problems.push(d),
            }
        }
    }

    clock.lap("  4 generated files");

    // 5. The files copied as they are.
    let copied: Vec<_> = copied_files(site, theme)
        .into_iter()
        .filter(|(path, _)| job.copied.as_ref().is_none_or(|only| only.contains(path)))
        .collect();
    let root = &site.root;
    let problems: Vec<Diagnostic> = copied
        .par_iter()
        .filter_map(|(path, origin)| read_origin(root, origin).and_then(|bytes| out.put(path, bytes)).err())
        .collect();
    outcome.problems.extend(problems);
    clock.lap("  5 copied files");
    outcome
}

/// What rendering one page gave.
struct PageResult {
    id: PageId,
    outline: Option<Outline>,
    form_links: Option<Vec<Link>>,
    html: Option<Arc<str>>,
    reads: Option<Reads>,
    templated: bool,
    /// The page's chapter of its language's booklet.
    booklet: Option<booklet::Chapter>,
    /// The page's words, for search.
    words: Option<Arc<PageWords>>,
    problems: Vec<Diagnostic>,
}

/// What step 2 makes of a page's body for step 4.
#[derive(Clone, Copy)]
struct Keep<'a> {
    /// The booklet's chapters, when the site has a booklet.
    booklet: Option<&'a booklet::Chapters<'a>>,
    /// Its words, for search, as deep as its language is read (when its Markdown is rendered).
    words: Option<search::Depth>,
}

/// Step 2 for one page: its Markdown (when asked, or when its HTML is not
/// kept), then its form and its template, the result put into `out`; its
/// chapter of the booklet made from its body and form, when it is in one,
/// and its words for search, as `keep` asks.
#[allow(clippy::too_many_arguments)] // one call site, in `run`
fn render_page(
    site: &Site,
    themed: Option<(&Theme, &SiteValues)>,
    sources: &dyn Sources,
    job: &Job,
    templates: &Pages,
    keep: Keep,
    id: PageId,
    out: &dyn Output,
) -> PageResult {
    let page = &site.pages[id];
    let mut result = PageResult {
        id,
        outline: None,
        form_links: None,
        html: None,
        reads: None,
        templated: false,
        booklet: None,
        words: None,
        problems: Vec::new(),
    };
    let kept = if job.content.contains(id) { None } else { sources.kept_html(id) };
    // The body HTML is moved into the template's values when it is not kept.
    let body: String = match kept {
        Some(html) => {
            let body = html.to_string();
            result.html = Some(html);
            body
        }
        None => {
            let text = match sources.text(page) {
                Ok(text) => text,
                Err(d) => {
                    result.problems.push(d);
                    return result;
                }
            };
            let (body, problems) = markdown::render(&page.header, &text, site);
            result.problems.extend(problems);
            if let Some(depth) = keep.words {
                result.words = Some(Arc::new(search::page_words(site, id, depth, &body.html, Some(&body.outline))));
            }
            result.outline = Some(body.outline);
            if job.keep_html {
                result.html = Some(Arc::from(body.html.as_str()));
            }
            body.html
        }
    };
    let booklet = keep.booklet.filter(|b| b.wants(id));
    let Some((theme, values)) = themed.filter(|_| templates.contains(id)) else {
        // The booklet shows the page's form as well, made here when there is no template to render.
        result.booklet = booklet.and_then(|b| {
            let form = form::render(site, id).map(|f| f.html).unwrap_or_default();
            b.chapter(site, id, &body, &form)
        });
        return result;
    };
    let log = job.track_reads.then(|| Arc::new(ReadLog::default()));
    // The form's links are checked whatever the body holds, so one run reports both.
    let form = form::render(site, id).unwrap_or_default();
    if let Some(log) = &log {
        form.reads.iter().for_each(|&p| log.page(p));
    }
    result.problems.extend(form.problems);
    result.form_links = Some(form.links);
    result.booklet = booklet.and_then(|b| b.chapter(site, id, &body, &form.html));
    // A missing template was reported in step 1; a page with broken links is
    // not worth its template unless every problem is wanted.
    if !theme.has_template(template_name(site, id)) || !(result.problems.is_empty() || job.keep_going) {
        return result;
    }
    let outline = result.outline.as_ref().unwrap_or(&page.outline);
    let parts = PageParts { body, outline, form: form.html };
    let context = page_context(site, values, id, parts, log.as_ref());
    // The page is rendered into this thread's buffer, which the output
    // hashes and writes and leaves for the next page (or takes, to keep).
    let mut html = PAGE_BUFFER.take();
    html.clear();
    match render_template(theme, template_name(site, id), context, page, &mut html) {
        Ok(()) => result.problems.extend(out.put_buffer(&page.output_path(), &mut html).err()),
        Err(d) => result.problems.push(d),
    }
    PAGE_BUFFER.set(html);
    result.templated = true;
    result.reads = log.and_then(|log| Arc::try_unwrap(log).ok()).map(ReadLog::into_reads);
    result
}

thread_local! {
    /// Each thread's buffer for the page it renders: taken while in use, so a
    /// page rendered inside another (it never is) would get a buffer of its own.
    static PAGE_BUFFER: std::cell::Cell<Vec<u8>> = const { std::cell::Cell::new(Vec::new()) };
}

/// Renders one template with `context` into `html`, its errors said for the page.
fn render_template(
    theme: &Theme,
    name: &str,
    context: minijinja::Value,
    page: &Page,
    html: &mut Vec<u8>,
) -> Result<(), Diagnostic> {
    let template = theme.env.get_template(name).map_err(|e| template_diagnostic(&e, &theme.templates, None))?;
    match template.render_captured_to(context, &mut *html) {
        Ok(_) => Ok(()),
        Err(e) => {
            let d = template_diagnostic(&e, &theme.templates, None);
            let note = format!("while rendering `{}`", page.header.path.display());
            let hint = d.hint.clone().unwrap_or_default();
            Err(d.hint(format!("{hint} ({note})")))
        }
    }
}

/// The pages whose links step 3 checks: those whose Markdown was rendered,
/// and, where a page's anchors changed, the pages linking to it.
fn pages_to_check(site: &Site, content: &Pages, contented: &[(PageId, Arc<Outline>)]) -> Vec<PageId> {
    if *content == Pages::All {
        return (0..site.pages.len()).collect();
    }
    let changed: HashSet<&str> = contented
        .iter()
        .filter(|(id, old)| site.pages[*id].outline.anchors != old.anchors)
        .map(|(id, _)| site.pages[*id].header.rel.as_str())
        .collect();
    let mut ids: Vec<PageId> = contented.iter().map(|(id, _)| *id).collect();
    if !changed.is_empty() {
        ids.extend((0..site.pages.len()).filter(|&id| site.pages[id].linked_pages().any(|rel| changed.contains(rel))));
    }
    ids.sort_unstable();
    ids.dedup();
    ids
}

/// Every page's `template:` must exist in the theme.
pub fn check_templates(site: &Site, theme: &Theme, ids: impl IntoIterator<Item = PageId>) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    for id in ids {
        let name = template_name(site, id);
        if !theme.has_template(name) {
            let header = &site.pages[id].header;
            let d = Diagnostic::error(format!("there is no template `{name}`")).in_file(&header.path);
            let d = match find_key_line(&header.text, "template") {
                Some((line, col)) => d.at(&header.text, line, col).span("template".len()),
                None => d,
            };
            let known: Vec<&str> = theme.templates.keys().map(String::as_str).collect();
            problems.push(d.hint(format!("add `templates/{name}`, or use one of: {}", known.join(", "))));
        }
    }
    problems
}

/// Each page's text, read from disk as the page renders, on the thread
/// that renders it: what a build uses. The texts are not held from reading
/// the front matter to rendering (a 10,000-page guide's Markdown is tens of
/// megabytes), so a build holds one page's Markdown per thread, allocated
/// and let go where it is used. The file must still start with the front
/// matter read before; one that changed there since fails the build.
pub struct DiskSources {
    root: crate::disk::Root,
}

impl DiskSources {
    /// The sources of the site at `root`.
    pub fn open(root: &std::path::Path) -> Result<DiskSources, Diagnostic> {
        match crate::disk::Root::open(root) {
            Ok(root) => Ok(DiskSources { root }),
            Err(e) => Err(crate::error::io_error(root, "read", &e)),
        }
    }
}

impl Sources for DiskSources {
    fn text(&self, page: &Page) -> Result<Cow<'_, str>, Diagnostic> {
        let header = &page.header;
        if header.made_up {
            return Ok(Cow::Borrowed(""));
        }
        let text = crate::content::read_text_in(&self.root, &header.path)?;
        if !text.starts_with(header.text.as_str()) {
            return Err(Diagnostic::error(format!(
                "`{}` changed while the site was being built",
                header.path.display()
            ))
            .in_file(&header.path)
            .hint("run the build again"));
        }
        Ok(Cow::Owned(text))
    }
}

/// Texts held in memory, by path relative to `content/`: what `serve` keeps.
pub struct MemorySources<'a> {
    /// The whole text of each page's file.
    pub texts: &'a HashMap<String, Arc<str>>,
    /// Texts read since, which win over `texts`.
    pub edited: &'a HashMap<String, Arc<str>>,
    /// The body HTML of each page from the last run, by page id.
    pub html: &'a [Option<Arc<str>>],
    /// The words for search of each page from the last run, by page id.
    pub words: &'a [Option<Arc<PageWords>>],
}

impl Sources for MemorySources<'_> {
    fn text(&self, page: &Page) -> Result<Cow<'_, str>, Diagnostic> {
        match self.edited.get(&page.header.rel).or_else(|| self.texts.get(&page.header.rel)) {
            Some(text) => Ok(Cow::Borrowed(text)),
            None if page.header.made_up => Ok(Cow::Borrowed("")),
            None => Err(Diagnostic::error(format!("`{}` was not read", page.header.path.display()))
                .in_file(&page.header.path)
                .hint("save the file again")),
        }
    }

    fn kept_html(&self, id: PageId) -> Option<Arc<str>> {
        self.html.get(id).cloned().flatten()
    }

    fn kept_words(&self, id: PageId) -> Option<Arc<PageWords>> {
        self.words.get(id).cloned().flatten()
    }
}

//! `rajat check`: everything a build validates, plus what an author wants to
//! hear about before readers find it — all of it in one run.
//!
//! The build's own steps do the validating (config, content, site, Markdown,
//! templates, by rendering into a sink that keeps nothing); this module only
//! keeps going where a build would stop, and adds warnings:
//!
//! * pages no reader is led to (see [`unreachable_pages`]);
//! * links to images and files the published site will not have;
//! * two pages with the same title;
//! * headings that skip a level;
//! * pages without a description, or still with the one `rajat new` wrote;
//! * a `base_url` still set to the starter's placeholder;
//! * with `--external`, http(s) links that do not answer (see [`external`]).

pub mod external;

use std::collections::{HashMap, HashSet, VecDeque};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use crate::config::Config;
use crate::content::{self, Content, FrontMatter, Source};
use crate::error::{Diagnostic, Level, find_key_line};
use crate::markdown::LinkTarget;
use crate::render::{self, Sink};
use crate::site::{HOME, Kind, PageId, Site};
use crate::theme::Theme;

/// What `rajat check` was asked to do.
#[derive(Clone, Debug)]
pub struct CheckOptions {
    /// The site root: the folder holding `site.yaml`.
    pub root: PathBuf,
    /// Check pages marked `draft: true` too.
    pub drafts: bool,
    /// Also request every http(s) link; off by default, as it needs the network.
    pub external: Option<external::Settings>,
}

impl CheckOptions {
    /// Checks the site at `root` as `build` would publish it, without the network.
    pub fn new(root: impl Into<PathBuf>) -> Self {
        CheckOptions { root: root.into(), drafts: false, external: None }
    }
}

/// Every problem found, errors and warnings, in file order.
#[derive(Clone, Debug, Default)]
pub struct Report {
    pub diagnostics: Vec<Diagnostic>,
    /// Pages checked (0 when the site could not be assembled).
    pub pages: usize,
    /// Distinct external URLs requested.
    pub external_urls: usize,
}

impl Report {
    pub fn errors(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.level == Level::Error).count()
    }

    pub fn warnings(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.level == Level::Warning).count()
    }
}

/// Checks the site at `options.root`. Never fails: every problem, even "this
/// is not a site", is a diagnostic in the report.
pub fn check(options: &CheckOptions) -> Report {
    let mut run = Run { problems: Vec::new() };
    let (pages, external_urls) = run.check_site(options);
    let mut diagnostics = run.problems;
    diagnostics.sort_by(|a, b| (&a.path, a.line, a.col).cmp(&(&b.path, b.line, b.col)));
    diagnostics.dedup();
    Report { diagnostics, pages, external_urls }
}

struct Run {
    problems: Vec<Diagnostic>,
}

impl Run {
    fn extend(&mut self, diagnostics: impl IntoIterator<Item = Diagnostic>) {
        self.problems.extend(diagnostics);
    }

    /// Returns how many pages were checked and how many external URLs requested.
    fn check_site(&mut self, options: &CheckOptions) -> (usize, usize) {
        let root = &options.root;
        let config = Config::load(root).map_err(|e| self.extend(e.diagnostics)).ok();
        if !root.join(crate::config::CONFIG_FILE).exists() {
            // Not a site at all: what else is missing would only bury that message.
            return (0, 0);
        }
        let content = match content::load_tolerant(root, options.drafts) {
            Ok((content, failed)) => Some(self.stand_in_for_failed(root, content, failed)),
            Err(e) => {
                self.extend(e.diagnostics);
                None
            }
        };
        let Some(config) = config else { return (0, 0) };
        self.extend(output_location(root, &config));
        self.extend(placeholder_base_url(&config));
        let theme = Theme::load(root, &config).map_err(|e| self.extend(e.diagnostics)).ok();
        let Some((content, stand_ins)) = content else { return (0, 0) };
        let Some(mut site) = self.assemble(root, config, content) else { return (0, 0) };
        if let Err(e) = site.render_markdown() {
            self.extend(e.diagnostics);
        }
        let generated = theme.as_ref().map(|theme| {
            let sink = RecordingSink::default();
            if let Err(e) = render::render_site(&site, theme, &sink) {
                self.extend(e.diagnostics);
            }
            known_files(&site, theme, sink.paths.into_inner().unwrap_or_else(|e| e.into_inner()))
        });
        // Pages that stand in for unparsable files already have their error; their
        // front matter is made up, so warnings about it would only be noise.
        let real: Vec<PageId> = (0..site.pages.len())
            .filter(|&id| !stand_ins.contains(&site.pages[id].source.rel) && !site.pages[id].source.text.is_empty())
            .collect();
        self.extend(unreachable_pages(&site, &real));
        self.extend(duplicate_titles(&site, &real));
        self.extend(missing_descriptions(&site, &real));
        self.extend(skipped_heading_levels(&site));
        if let Some(files) = &generated {
            self.extend(missing_files(&site, files));
        }
        let mut external_urls = 0;
        if let Some(settings) = &options.external {
            let links = external::collect(&site);
            external_urls = links.len();
            self.extend(external::check(&links, settings));
        }
        (site.pages.len(), external_urls)
    }

    /// Puts a stand-in page in place of each Markdown file that could not be
    /// parsed, so links to it do not show up as broken too. Its body is kept
    /// when the front matter can at least be found, so its links and anchors
    /// are still checked.
    fn stand_in_for_failed(
        &mut self,
        root: &Path,
        mut content: Content,
        failed: Vec<content::Unloaded>,
    ) -> (Content, HashSet<String>) {
        let mut stand_ins = HashSet::new();
        for (rel, diagnostic) in failed {
            self.problems.push(diagnostic);
            let Some(rel) = rel else { continue };
            let path = Path::new(content::CONTENT_DIR).join(&rel);
            let text = std::fs::read(root.join(&path)).ok().and_then(|b| String::from_utf8(b).ok()).unwrap_or_default();
            let body_start = content::split_front_matter(&text).map_or(text.len(), |s| s.body_start);
            let title = crate::text::title_from_file_name(&rel);
            let front = FrontMatter { title, ..FrontMatter::default() };
            content.sources.push(Source { rel: rel.clone(), path, text, body_start, front });
            stand_ins.insert(rel);
        }
        (content, stand_ins)
    }

    /// [`Site::assemble`], carrying on past its problems: when two files claim
    /// one address, or a menu entry names no page, those are reported and the
    /// site is assembled again without the second file and the entry.
    fn assemble(&mut self, root: &Path, mut config: Config, content: Content) -> Option<Site> {
        let sources = content.sources.clone();
        let (skipped_drafts, assets) = (content.skipped_drafts.clone(), content.assets.clone());
        match Site::assemble(root, config.clone(), content) {
            Ok(site) => return Some(site),
            Err(e) => self.extend(e.diagnostics),
        }
        let mut seen = HashSet::new();
        let mut kept: Vec<Source> = Vec::with_capacity(sources.len());
        // The home page is placed first, so it is the one that keeps its address.
        let (home, rest): (Vec<Source>, Vec<Source>) = sources.into_iter().partition(|s| s.rel == "_index.md");
        for source in home.into_iter().chain(rest) {
            if seen.insert(crate::site::site_path(&source)) {
                kept.push(source);
            }
        }
        let rels: HashSet<&str> = kept.iter().map(|s| s.rel.as_str()).collect();
        config.menu.retain(|item| item.page.as_ref().is_none_or(|p| rels.contains(p.trim_start_matches("./"))));
        let content = Content { sources: kept, skipped_drafts, assets };
        Site::assemble(root, config, content).ok()
    }
}

/// A sink that keeps only the names of the files a build would write.
#[derive(Default)]
struct RecordingSink {
    paths: Mutex<HashSet<String>>,
}

impl Sink for RecordingSink {
    fn emit(&self, path: &str, _bytes: Vec<u8>) -> Result<(), Diagnostic> {
        self.paths.lock().unwrap_or_else(|e| e.into_inner()).insert(path.to_string());
        Ok(())
    }
}

/// Every file the published site will have, whether or not rendering got
/// that far: what the sink received, pages, alias redirects and copied files.
fn known_files(site: &Site, theme: &Theme, mut files: HashSet<String>) -> HashSet<String> {
    for page in &site.pages {
        files.insert(page.output_path());
        files.extend(page.front().aliases.iter().map(|a| render::alias_path(a)));
    }
    files.extend(render::copied_files(site, theme).into_iter().map(|(path, _)| path));
    files.extend(["404.html", "sitemap.xml", "robots.txt"].map(String::from));
    files
}

/// The checks `build` makes of `output_dir` before writing.
fn output_location(root: &Path, config: &Config) -> Option<Diagnostic> {
    let why = crate::output::check_output_location(root, &root.join(&config.output_dir)).err()?;
    let d = if config.output_dir_from_file {
        config.diagnostic_at_key("output_dir", why)
    } else {
        Diagnostic::error(why).in_file(crate::config::CONFIG_FILE)
    };
    Some(d.hint("build into a folder of its own, such as `public/`"))
}

fn placeholder_base_url(config: &Config) -> Option<Diagnostic> {
    (config.base_url == crate::init::PLACEHOLDER_BASE_URL).then(|| {
        let mut d = config.diagnostic_at_key("base_url", format!("base_url is still the placeholder `{}`", config.base_url));
        d.level = Level::Warning;
        d.hint("set it to the address the guide will be published at; canonical links, the sitemap and link previews use it")
    })
}

/// A warning pointing at a front matter key of a page (its first line when the key is absent).
fn at_key(site: &Site, id: PageId, key: &str, message: String) -> Diagnostic {
    let source = &site.pages[id].source;
    let d = Diagnostic::warning(message).in_file(&source.path);
    match find_key_line(&source.text[..source.body_start], key) {
        Some((line, col)) => d.at(&source.text, line, col).span(key.len()),
        None => d.at(&source.text, 1, 1),
    }
}

/// Pages no reader is led to. A page is reached when a path of links leads to
/// it from the home page or from an entry of the site menu, following:
///
/// * links in page bodies (`[x](../situations/wont-pay.md)`),
/// * links written in a page's form (see [`form_links`]), and
/// * section listings: a section (`_index.md` below `content/`) lists the pages
///   and sections directly inside it.
///
/// The home page does not list its children, and the sidebar's table of
/// contents, previous/next links and the sitemap do not count: a page only
/// they lead to is one the guide never sends its readers to.
pub fn unreachable_pages(site: &Site, ids: &[PageId]) -> Vec<Diagnostic> {
    let mut reached = vec![false; site.pages.len()];
    let mut queue: VecDeque<PageId> = VecDeque::from([HOME]);
    for item in &site.config.menu {
        if let Some(&id) = item.page.as_ref().and_then(|p| site.by_rel.get(p.trim_start_matches("./"))) {
            queue.push_back(id);
        }
    }
    while let Some(id) = queue.pop_front() {
        if std::mem::replace(&mut reached[id], true) {
            continue;
        }
        let page = &site.pages[id];
        for link in &page.rendered.links {
            if let LinkTarget::Page(rel) = &link.target
                && let Some(&target) = site.by_rel.get(rel)
            {
                queue.push_back(target);
            }
        }
        if page.kind == Kind::Section {
            queue.extend(page.children.iter().copied());
        }
        for dest in form_links(page) {
            if let Ok(crate::forms::links::Target::Page(target, _)) =
                crate::forms::links::resolve(site, &page.source.rel, &dest)
            {
                queue.push_back(target);
            }
        }
    }
    ids.iter()
        .filter(|&&id| !reached[id])
        .map(|&id| {
            let file = site.pages[id].source.rel.rsplit('/').next().unwrap_or_default().to_string();
            at_key(site, id, "title", "no menu entry, section listing or link leads readers to this page".into()).hint(
                format!("link to it from another page (`[…]({file})`), add it to `menu:` in site.yaml, or move it into a section's folder"),
            )
        })
        .collect()
}

/// Every link a page's form writes: the situation of each question and reason,
/// the letter page, and links in help texts and results. Its pages count as
/// reached like those of body links.
pub fn form_links(page: &crate::site::Page) -> Vec<String> {
    let Some(form) = &page.front().form else { return Vec::new() };
    let mut links: Vec<String> = form.letter_page.iter().cloned().collect();
    for field in &form.fields {
        links.extend(field.situation.iter().cloned());
        links.extend(field.options.iter().filter_map(|c| c.situation.clone()));
        links.extend(field.help.iter().flat_map(|h| crate::forms::links::markdown_links(h)));
    }
    let texts = form.results.iter().map(|b| b.text.as_str()).chain(form.stop_result.iter().map(|s| s.text.as_str()));
    links.extend(texts.flat_map(crate::forms::links::markdown_links));
    links
}

/// Pages whose title another page already has (ignoring case), in reading order.
pub fn duplicate_titles(site: &Site, ids: &[PageId]) -> Vec<Diagnostic> {
    let included: HashSet<PageId> = ids.iter().copied().collect();
    let mut first: HashMap<String, PageId> = HashMap::new();
    let mut problems = Vec::new();
    for &id in site.order.iter().filter(|id| included.contains(id)) {
        let title = site.pages[id].title().trim().to_lowercase();
        match first.get(&title) {
            Some(&other) => problems.push(
                at_key(
                    site,
                    id,
                    "title",
                    format!(
                        "`{}` has the same title as `{}`",
                        site.pages[id].title(),
                        site.pages[other].source.path.display()
                    ),
                )
                .hint("readers tell pages apart by their titles, in menus, listings and search results; give one of them another title"),
            ),
            None => {
                first.insert(title, id);
            }
        }
    }
    problems
}

/// Pages without a description, or still with the placeholder of `rajat new`.
/// The home page may go without when site.yaml has one: it is used there.
pub fn missing_descriptions(site: &Site, ids: &[PageId]) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    for &id in ids {
        let front = site.pages[id].front();
        match front.description.as_deref().map(str::trim) {
            Some(crate::new::PLACEHOLDER_DESCRIPTION) => problems.push(
                at_key(site, id, "description", "the description is still the placeholder from `rajat new`".into())
                    .hint("write one sentence saying what the page is for; search results and link previews show it"),
            ),
            None | Some("") if id != HOME || site.config.description.trim().is_empty() => problems.push(
                at_key(site, id, "title", format!("`{}` has no description", front.title)).hint(
                    "add `description: One sentence on what the page is for.`; search results and link previews show it",
                ),
            ),
            _ => {}
        }
    }
    problems
}

/// Headings that go more than one level deeper than the heading before them.
/// The page title is the `h1`, so a body that starts with `###` skips `##`.
pub fn skipped_heading_levels(site: &Site) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    for page in &site.pages {
        let mut previous = 1u8;
        for &(level, line) in &page.rendered.headings {
            if level > previous + 1 {
                let text = page.source.text.lines().nth(line.saturating_sub(1)).unwrap_or_default();
                let col = text.chars().take_while(|c| c.is_whitespace()).count() + 1;
                let wanted = usize::from(previous) + 1;
                let what = if previous == 1 { "the page title (h1)".to_string() } else { format!("an h{previous}") };
                problems.push(
                    Diagnostic::warning(format!("this h{level} heading follows {what}, skipping a level"))
                        .in_file(&page.source.path)
                        .at(&page.source.text, line, col)
                        .span(usize::from(level))
                        .hint(format!(
                            "make it an h{wanted} (`{} `): screen readers and the table of contents use heading levels to show the page's outline",
                            "#".repeat(wanted)
                        )),
                );
            }
            previous = level;
        }
    }
    problems
}

/// Links to images and files (not pages) that the published site will not have.
pub fn missing_files(site: &Site, files: &HashSet<String>) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    for page in &site.pages {
        for link in &page.rendered.links {
            let LinkTarget::Asset(target) = &link.target else { continue };
            let decoded = crate::text::percent_decode(target).unwrap_or_else(|| target.clone());
            let exists = [target.as_str(), decoded.as_str()].iter().any(|t| {
                let folder = t.trim_end_matches('/');
                files.contains(*t)
                    || (t.is_empty() || t.ends_with('/')) && files.contains(&format!("{t}index.html"))
                    || files.contains(&format!("{folder}/index.html"))
            });
            if exists {
                continue;
            }
            problems.push(
                Diagnostic::warning(format!("the link `{}` points to a file the site does not have", link.dest))
                    .in_file(&page.source.path)
                    .at(&page.source.text, link.line, link.col)
                    .hint(format!(
                        "put the file at `content/{decoded}` (links are relative to this page's folder), or put it in `static/` and link to it as `/{}`",
                        decoded.rsplit('/').next().unwrap_or_default()
                    )),
            );
        }
    }
    problems
}

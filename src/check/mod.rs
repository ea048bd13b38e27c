//! `rajat check`: everything a build validates, plus what an author wants to
//! hear about before readers find it — all of it in one run.
//!
//! The build's own steps do the validating: config, content, the assembled
//! site and the render pipeline, run with [`Job::keep_going`] into an output
//! that keeps only the names of the files. This module only carries on where
//! a build would stop, and adds warnings:
//!
//! * pages no reader is led to (see [`unreachable_pages`]);
//! * links to images and files the published site will not have;
//! * images on other sites, where the theme's policy lets a page show only
//!   its own (see [`images_on_other_sites`]);
//! * two pages with the same title;
//! * headings that skip a level;
//! * pages without a description, or still with the one `rajat new` wrote;
//! * a `base_url` still set to the starter's placeholder;
//! * in a guide of several languages, pages not translated into one of them,
//!   translations whose original is gone, and translated forms whose
//!   questions or answers differ from the original's (see [`translations`]);
//! * with `--external`, http(s) links that do not answer (see [`external`]).

pub mod external;

use std::collections::{HashMap, HashSet, VecDeque};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use crate::config::{CONFIG_FILE, Config, DEFAULT_LANGUAGE, PLACEHOLDER_BASE_URL};
use crate::content::form::Form;
use crate::content::{self, CONTENT_DIR, FrontMatter, Header, PLACEHOLDER_DESCRIPTION};
use crate::error::{Diagnostic, Error, Level, find_key_line};
use crate::links::Target;
use crate::render::{self, Job, MemorySources, Output, SiteValues};
use crate::site::{Kind, PageId, Site};
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
    /// The problems, sorted by file, line and column, each once.
    pub diagnostics: Vec<Diagnostic>,
    /// Pages checked (0 when the site could not be assembled).
    pub pages: usize,
    /// Distinct external URLs requested.
    pub external_urls: usize,
}

impl Report {
    /// How many problems are errors.
    pub fn errors(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.level == Level::Error).count()
    }

    /// How many problems are warnings.
    pub fn warnings(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.level == Level::Warning).count()
    }

    /// How many are notes: nothing wrong, but worth knowing.
    pub fn notes(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.level == Level::Note).count()
    }
}

/// Checks the site at `options.root`. Never fails: every problem, even "this
/// is not a site", is a diagnostic in the report.
pub fn check(options: &CheckOptions) -> Report {
    let mut problems = Vec::new();
    let (pages, external_urls) = check_site(options, &mut problems);
    // Error::new sorts by place and drops repeats, as for a build.
    let diagnostics = Error::new(problems).fill_snippets(&options.root).diagnostics;
    Report { diagnostics, pages, external_urls }
}

/// Returns how many pages were checked and how many external URLs requested.
fn check_site(options: &CheckOptions, problems: &mut Vec<Diagnostic>) -> (usize, usize) {
    let root = &options.root;
    let config = Config::load(root).map_err(|e| problems.extend(e.diagnostics)).ok();
    if !root.join(CONFIG_FILE).exists() {
        // Not a site at all: what else is missing would only bury that message.
        return (0, 0);
    }
    let loaded = content::load(root, options.drafts, config.as_ref()).map_err(|e| problems.extend(e.diagnostics)).ok();
    let Some(config) = config else { return (0, 0) };
    if let Err(d) = config.output_folder(root, None) {
        problems.push(d);
    }
    problems.extend(placeholder_base_url(&config));
    problems.extend(unsealed_contact(&config));
    problems.extend(config.warnings.iter().cloned());
    let theme = Theme::load(root, &config).map_err(|e| problems.extend(e.diagnostics)).ok();
    let Some(loaded) = loaded else { return (0, 0) };
    let links = loaded.links.iter().chain(theme.iter().flat_map(|t| &t.links));
    problems.extend(links.map(|p| crate::disk::link_warning(p)));
    problems.extend(theme.iter().flat_map(|t| t.warnings.iter().cloned()));
    let mut texts: HashMap<String, Arc<str>> = loaded.texts.into_iter().map(|(rel, t)| (rel, Arc::from(t))).collect();
    let mut content = loaded.content;
    let stand_ins = stand_in_for_unreadable(loaded.unreadable, &mut content, &mut texts, problems);
    let (mut site, assembly) = Site::assemble(root, config, content);
    problems.extend(assembly);

    let values = theme.as_ref().map(|theme| SiteValues::new(&site, theme));
    let out = FileNames::default();
    let sources = MemorySources { texts: &texts, edited: &HashMap::new(), html: &[], words: &[] };
    let job = Job { keep_going: true, full_outlines: true, ..Job::everything() };
    let outcome = render::run(&mut site, theme.as_ref(), values.as_ref(), &sources, &job, &out);
    problems.extend(outcome.problems);
    let files =
        theme.as_ref().map(|theme| known_files(&site, theme, out.0.into_inner().unwrap_or_else(|e| e.into_inner())));

    // Pages that stand in for unparsable files already have their error; their
    // front matter is made up, so warnings about it would only be noise.
    let real: Vec<PageId> = (0..site.pages.len())
        .filter(|&id| !stand_ins.contains(&site.pages[id].header.rel) && !site.pages[id].header.made_up)
        .collect();
    problems.extend(unreachable_pages(&site, &real));
    problems.extend(duplicate_titles(&site, &real));
    problems.extend(missing_descriptions(&site, &real));
    problems.extend(translations(&site, &real));
    problems.extend(skipped_heading_levels(&site, &texts));
    if let Some(theme) = &theme {
        problems.extend(booklets_left_out(&site, theme));
    }
    if let Some(files) = &files {
        problems.extend(missing_files(&site, files));
    }
    if theme.as_ref().is_some_and(Theme::shows_only_own_images) {
        problems.extend(images_on_other_sites(&site, &real, &texts));
    }
    let mut external_urls = 0;
    if let Some(settings) = &options.external {
        let links = external::collect(&site);
        external_urls = links.len();
        problems.extend(external::check(&links, settings));
    }
    (site.pages.len(), external_urls)
}

/// A language with more pages than a booklet holds gets none: say so once.
fn booklets_left_out(site: &Site, theme: &Theme) -> Vec<Diagnostic> {
    if !crate::render::makes_booklet(theme) {
        return Vec::new();
    }
    (0..site.languages())
        .filter(|&lang| !crate::render::has_booklet(site, theme, lang))
        .map(|lang| {
            let code = &site.config.languages[lang].code;
            Diagnostic::warning(format!(
                "the guide has {} pages in `{code}`, more than a booklet holds ({}): it has no booklet",
                site.order_of(lang).len(),
                crate::render::BOOKLET_MAX_PAGES
            ))
            .in_file(crate::config::CONFIG_FILE)
            .hint("its pages still print one by one; a booklet is for a guide someone reads on paper from start to end")
        })
        .collect()
}

/// Puts a stand-in page in place of each Markdown file that could not be
/// parsed, so links to it do not show up as broken too. Its body is kept
/// when the front matter can at least be found, so its links and anchors
/// are still checked.
fn stand_in_for_unreadable(
    unreadable: Vec<content::Unreadable>,
    content: &mut content::Content,
    texts: &mut HashMap<String, Arc<str>>,
    problems: &mut Vec<Diagnostic>,
) -> HashSet<String> {
    let mut stand_ins = HashSet::new();
    for file in unreadable {
        problems.push(file.problem);
        let Some(rel) = file.rel else { continue };
        let text = file.text.unwrap_or_default();
        let body_start = content::split(&text).map_or(text.len(), |s| s.body_start);
        let front = FrontMatter { title: crate::text::title_from_file_name(&rel), ..FrontMatter::default() };
        let path = Path::new(CONTENT_DIR).join(&rel);
        content.headers.push(Header {
            rel: rel.clone(),
            path,
            front,
            text: text[..body_start].to_string(),
            made_up: false,
            quotes: Default::default(),
        });
        texts.insert(rel.clone(), Arc::from(text));
        stand_ins.insert(rel);
    }
    stand_ins
}

/// An output that keeps only the names of the files a build would write.
#[derive(Default)]
struct FileNames(Mutex<HashSet<String>>);

impl Output for FileNames {
    fn put(&self, path: &str, _bytes: Vec<u8>) -> Result<(), Diagnostic> {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).insert(path.to_string());
        Ok(())
    }
}

/// Every file the published site will have, whether or not rendering got
/// that far: what the output received, pages, alias redirects and copied files.
fn known_files(site: &Site, theme: &Theme, mut files: HashSet<String>) -> HashSet<String> {
    for page in &site.pages {
        files.insert(page.output_path());
        files.extend(page.front().aliases.iter().map(|a| render::alias_path(a)));
    }
    files.extend(render::copied_files(site, theme).into_iter().map(|(path, _)| path));
    files.extend(["404.html", "sitemap.xml", "robots.txt"].map(String::from));
    files
}

fn placeholder_base_url(config: &Config) -> Option<Diagnostic> {
    (config.base_url == PLACEHOLDER_BASE_URL).then(|| {
        let mut d = config.diagnostic_at_key("base_url", format!("base_url is still the placeholder `{}`", config.base_url));
        d.level = Level::Warning;
        d.hint("set it to the address the guide will be published at; canonical links, the sitemap and link previews use it")
    })
}

/// A note when clients' answers would reach the owner's mail readable: a
/// `contact:` with an `email` but no `key` (each place site.yaml says so once).
fn unsealed_contact(config: &Config) -> Vec<Diagnostic> {
    let mut seen = HashSet::new();
    let mut notes = Vec::new();
    for language in &config.languages {
        let Some(contact) = &language.contact else { continue };
        let Some(email) = contact.email.as_deref().filter(|_| contact.key.is_none()) else { continue };
        if !seen.insert(email.to_string()) {
            continue;
        }
        let d = Diagnostic::note(format!("answers clients send to {email} are not sealed: `contact:` has no `key`"))
            .in_file(CONFIG_FILE);
        let d = match config.source.find(&format!("email: {email}")) {
            Some(offset) => d.at_offset(&config.source, offset).span("email".len()),
            None => d,
        };
        notes.push(d.hint(
            "run `rajat key new`: it adds a `key:` here, and from then on \"Send to\" seals each client's answers so that only you can open them",
        ));
    }
    notes
}

/// A warning pointing at a front matter key of a page (its first line when the key is absent).
fn at_key(site: &Site, id: PageId, key: &str, message: String) -> Diagnostic {
    let header = &site.pages[id].header;
    let d = Diagnostic::warning(message).in_file(&header.path);
    match find_key_line(&header.text, key) {
        Some((line, col)) => d.at(&header.text, line, col).span(key.len()),
        None => d.at(&header.text, 1, 1),
    }
}

/// Pages no reader is led to. A page is reached when a path of links leads to
/// it from the home page or from an entry of the site menu, following:
///
/// * links in page bodies (`[x](../situations/wont-pay.md)`),
/// * links written in a page's form (its situations, letter page, help texts), and
/// * section listings: a section (`_index.md` below `content/`) lists the pages
///   and sections directly inside it.
///
/// The home page does not list its children, and the sidebar's table of
/// contents, previous/next links and the sitemap do not count: a page only
/// they lead to is one the guide never sends its readers to. The language
/// switcher does: a page reached leads to its translations.
pub fn unreachable_pages(site: &Site, ids: &[PageId]) -> Vec<Diagnostic> {
    let mut reached = vec![false; site.pages.len()];
    let mut queue: VecDeque<PageId> = (0..site.languages()).map(|lang| site.home(lang)).collect();
    queue.extend(site.menus.iter().flatten().filter_map(|entry| entry.page));
    while let Some(id) = queue.pop_front() {
        if std::mem::replace(&mut reached[id], true) {
            continue;
        }
        let page = &site.pages[id];
        queue.extend((0..site.languages()).filter_map(|lang| site.translation(id, lang)));
        queue.extend(page.linked_pages().filter_map(|rel| site.by_rel.get(rel).copied()));
        if page.kind == Kind::Section {
            queue.extend(page.children.iter().copied());
        }
    }
    ids.iter()
        .filter(|&&id| !reached[id])
        .map(|&id| {
            let file = site.pages[id].header.rel.rsplit('/').next().unwrap_or_default().to_string();
            at_key(site, id, "title", "no menu entry, section listing or link leads readers to this page".into()).hint(
                format!("link to it from another page (`[…]({file})`), add it to `menu:` in site.yaml, or move it into a section's folder"),
            )
        })
        .collect()
}

/// In a guide of several languages: each page of the default language
/// missing in another language, each translation whose original is not
/// there, and each translated form that asks other questions, or offers
/// other answers, than the original's. Answers are kept and shared by the
/// questions' ids and the answers' values, so those must be the same in
/// every language; only the words change.
pub fn translations(site: &Site, ids: &[PageId]) -> Vec<Diagnostic> {
    let config = &site.config;
    let mut problems = Vec::new();
    if site.languages() < 2 {
        return problems;
    }
    for &id in ids {
        let page = &site.pages[id];
        let (lang, key) = config.language_of(&page.header.rel);
        if lang == DEFAULT_LANGUAGE {
            for other in 1..site.languages() {
                if site.translation(id, other).is_none_or(|t| site.pages[t].header.made_up) {
                    let file = config.file_in(&key, other);
                    let code = &config.languages[other].code;
                    let draft = site.skipped_drafts.contains(&file);
                    let message = if draft {
                        format!("this page's `{code}` translation, `{CONTENT_DIR}/{file}`, is a draft")
                    } else {
                        format!("this page is not translated into `{code}` (no `{CONTENT_DIR}/{file}`)")
                    };
                    problems.push(at_key(site, id, "title", message).hint(format!(
                        "until it is, links and the language switcher on `{code}` pages lead here; write `{CONTENT_DIR}/{file}` beside this file"
                    )));
                }
            }
            continue;
        }
        let Some(original) = site.translation(id, DEFAULT_LANGUAGE).filter(|&o| !site.pages[o].header.made_up) else {
            if site.skipped_drafts.contains(key.as_ref()) || page.kind == Kind::Home {
                continue;
            }
            problems.push(
                at_key(site, id, "title", format!("this is a translation of `{CONTENT_DIR}/{key}`, which does not exist"))
                    .hint(format!(
                        "if the original was renamed or moved, rename this file to match; a page only in `{}` still needs an original of that name",
                        config.languages[lang].code
                    )),
            );
            continue;
        };
        let (Some(theirs), Some(ours)) = (&site.pages[original].front().form, &page.front().form) else { continue };
        if let Some(difference) = form_difference(theirs, ours) {
            problems.push(at_key(site, id, "form", format!("this translation's form differs from the original's: {difference}")).hint(format!(
                "keep the ids, kinds, answer values and points of `{CONTENT_DIR}/{key}` and translate only the words: answers are kept and shared by them"
            )));
        }
    }
    problems
}

/// The first way the translated form `ours` differs from `theirs` in what
/// answers mean, in words; `None` when they ask the same.
fn form_difference(theirs: &Form, ours: &Form) -> Option<String> {
    let ids = |f: &Form| f.fields.iter().map(|f| f.id.clone()).collect::<Vec<_>>();
    if ids(theirs) != ids(ours) {
        return Some(format!(
            "its questions are `{}`, the original's `{}`",
            ids(ours).join("`, `"),
            ids(theirs).join("`, `")
        ));
    }
    if theirs.kind != ours.kind {
        return Some(format!("it is a {} form, the original a {}", ours.kind.name(), theirs.kind.name()));
    }
    for (a, b) in theirs.fields.iter().zip(&ours.fields) {
        if a.kind != b.kind {
            return Some(format!("`{}` is {}, in the original {}", a.id, b.kind.name(), a.kind.name()));
        }
        let values = |f: &crate::content::form::Field| f.options.iter().map(|c| c.value.clone()).collect::<Vec<_>>();
        if values(a) != values(b) {
            return Some(format!(
                "the answers of `{}` are `{}`, in the original `{}`",
                a.id,
                values(b).join("`, `"),
                values(a).join("`, `")
            ));
        }
        for (x, y) in a.options.iter().zip(&b.options) {
            if (x.points, x.stop, x.explain) != (y.points, y.stop, y.explain) {
                return Some(format!("the answer `{}` of `{}` scores differently", x.value, a.id));
            }
        }
    }
    let ranges = |f: &Form| f.results.iter().map(|b| (b.min, b.max)).collect::<Vec<_>>();
    if ranges(theirs) != ranges(ours) {
        return Some("its result bands cover other scores".into());
    }
    None
}

/// Pages whose title another page already has (ignoring case), in reading order.
pub fn duplicate_titles(site: &Site, ids: &[PageId]) -> Vec<Diagnostic> {
    let included: HashSet<PageId> = ids.iter().copied().collect();
    // Titles are compared within a language: a name can be the same in two.
    let mut first: HashMap<(usize, String), PageId> = HashMap::new();
    let mut problems = Vec::new();
    for &id in site.order.iter().filter(|id| included.contains(id)) {
        let title = (site.pages[id].lang, site.pages[id].title().trim().to_lowercase());
        match first.get(&title) {
            Some(&other) => problems.push(
                at_key(
                    site,
                    id,
                    "title",
                    format!(
                        "`{}` has the same title as `{}`",
                        site.pages[id].title(),
                        site.pages[other].header.path.display()
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
            Some(PLACEHOLDER_DESCRIPTION) => problems.push(
                at_key(site, id, "description", "the description is still the placeholder from `rajat new`".into())
                    .hint("write one sentence saying what the page is for; search results and link previews show it"),
            ),
            // A home page may leave its description to its language's site.yaml one.
            None | Some("")
                if id >= site.languages()
                    || site.config.languages[site.pages[id].lang].description.trim().is_empty() =>
            {
                problems.push(at_key(site, id, "title", format!("`{}` has no description", front.title)).hint(
                    "add `description: One sentence on what the page is for.`; search results and link previews show it",
                ))
            }
            _ => {}
        }
    }
    problems
}

/// Headings that go more than one level deeper than the heading before them.
/// The page title is the `h1`, so a body that starts with `###` skips `##`.
pub fn skipped_heading_levels(site: &Site, texts: &HashMap<String, Arc<str>>) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    for page in &site.pages {
        let text = texts.get(&page.header.rel).map_or("", |t| &**t);
        let mut previous = 1u8;
        for &(level, line) in &page.outline.headings {
            if level > previous + 1 {
                let line_text = text.lines().nth(line.saturating_sub(1)).unwrap_or_default();
                let col = line_text.chars().take_while(|c| c.is_whitespace()).count() + 1;
                let wanted = usize::from(previous) + 1;
                let what = if previous == 1 { "the page title (h1)".to_string() } else { format!("an h{previous}") };
                problems.push(
                    Diagnostic::warning(format!("this h{level} heading follows {what}, skipping a level"))
                        .in_file(&page.header.path)
                        .at(text, line, col)
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

/// Images on other sites (`![](https://…)`), when the theme's pages show
/// only their own: the browser refuses them, and a reader sees a broken
/// image with nothing to say why.
pub fn images_on_other_sites(site: &Site, real: &[PageId], texts: &HashMap<String, Arc<str>>) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    for &id in real {
        let page = &site.pages[id];
        let text = texts.get(&page.header.rel).map_or("", |t| &**t);
        for link in page.links().filter(|l| l.image && l.target == Target::External) {
            let dest = link.dest.trim();
            // `//host/…` is another site too, over the page's own scheme.
            if !external::is_http(dest) && !dest.starts_with("//") {
                continue;
            }
            problems.push(
                Diagnostic::warning(format!("the image `{dest}` is on another site: the theme's pages show only the guide's own images"))
                    .in_file(&page.header.path)
                    .at(text, link.line, link.col)
                    .hint(format!(
                        "readers would see a broken image, because the `{}` theme's pages load only the guide's own files (Content-Security-Policy `default-src 'self'`); save the image in `static/` and write `![…](/{})`",
                        site.config.theme,
                        dest.rsplit('/').next().filter(|n| !n.is_empty()).unwrap_or("image.png")
                    )),
            );
        }
    }
    problems
}

/// Links to images and files (not pages) that the published site will not have.
pub fn missing_files(site: &Site, files: &HashSet<String>) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    for page in &site.pages {
        for link in page.links() {
            let Target::File { path } = &link.target else { continue };
            let decoded = crate::text::percent_decode(path).unwrap_or_else(|| path.clone());
            let exists = [path.as_str(), decoded.as_str()].iter().any(|t| {
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
                    .in_file(&page.header.path)
                    .at_line(link.line, link.col)
                    .hint(format!(
                        "put the file at `content/{decoded}` (links are relative to this page's folder), or put it in `static/` and link to it as `/{}`",
                        decoded.rsplit('/').next().unwrap_or_default()
                    )),
            );
        }
    }
    problems
}

//! Rendering: pages through templates, plus everything else a published site
//! needs (404 page, redirects for aliases, sitemap, robots.txt, static files).
//!
//! The result goes to a [`Sink`] — the output folder for `build`, memory for
//! `serve` — so both share this one pipeline.

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::Arc;

use minijinja::value::{Enumerator, Object};
use minijinja::{Value, context};
use rayon::prelude::*;

use crate::error::{Diagnostic, Error, Result, find_key_line};
use crate::markdown::{Rendered, TocEntry};
use crate::site::{HOME, Kind, PageId, Site};
use crate::theme::{Origin, Theme, read_origin, template_diagnostic};

/// Where rendered files go. Called from several threads at once.
pub trait Sink: Sync {
    /// Receives one output file; `path` is relative to the output root (`a/b/index.html`).
    fn emit(&self, path: &str, bytes: Vec<u8>) -> Result<(), Diagnostic>;
}

/// Values shared by every page's template context, built once per build.
/// Cloning a `Value` only bumps a reference count, so no page copies the tree.
pub struct Shared {
    site: Value,
    nav: Value,
    /// Whether any template mentions `nav`; the tree is not built otherwise.
    uses_nav: bool,
    summaries: Vec<Value>,
    rajat: Value,
}

/// What a page's template read of other pages while rendering: `serve`
/// re-renders the page when any of it changes.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Deps {
    /// The template used `nav` (the whole section tree: titles, URLs, order).
    pub nav: bool,
    /// Pages whose summary (title, description, URL, …) the template read.
    pub pages: Vec<PageId>,
}

/// Notes that the page being rendered shows something of page `id` (for
/// content that is not a template value, such as a form's links).
pub fn record_read(id: PageId) {
    READ.with(|r| r.borrow_mut().pages.push(id));
}

thread_local! {
    /// Filled while one page renders; a render never leaves its thread.
    static READ: RefCell<Deps> = RefCell::new(Deps::default());
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

/// Renders every page and file of the site into `sink`.
pub fn render_site(site: &Site, theme: &Theme, sink: &dyn Sink) -> Result<()> {
    let mut problems = check_templates(site, theme, 0..site.pages.len());
    let claimed = claimed_paths(site, theme, &mut problems);
    if !problems.is_empty() {
        return Err(Error::new(problems));
    }
    let shared = Shared::new(site, theme);
    let mut problems: Vec<Diagnostic> = site
        .pages
        .par_iter()
        .enumerate()
        .filter_map(|(id, _)| {
            render_page(site, theme, &shared, id)
                .and_then(|(html, _)| sink.emit(&site.pages[id].output_path(), html))
                .err()
        })
        .collect();
    match generated_files(site, theme, &shared, &claimed) {
        Ok(files) => problems.extend(files.into_iter().filter_map(|(path, bytes)| sink.emit(&path, bytes).err())),
        Err(d) => problems.push(d),
    }
    let copied: Vec<Diagnostic> = copied_files(site, theme)
        .par_iter()
        .filter_map(|(path, origin)| read_origin(&site.root, origin).and_then(|b| sink.emit(path, b)).err())
        .collect();
    problems.extend(copied);
    if problems.is_empty() { Ok(()) } else { Err(Error::new(problems)) }
}

/// Every page's `template:` must exist in the theme.
pub fn check_templates(site: &Site, theme: &Theme, ids: impl Iterator<Item = PageId>) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    for id in ids {
        let name = template_name(site, id);
        if !theme.has_template(name) {
            let page = &site.pages[id];
            let d = Diagnostic::error(format!("there is no template `{name}`")).in_file(&page.source.path);
            let d = match find_key_line(&page.source.text[..page.source.body_start], "template") {
                Some((line, col)) => d.at(&page.source.text, line, col).span("template".len()),
                None => d,
            };
            let known: Vec<&str> = theme.templates.keys().map(String::as_str).collect();
            problems.push(d.hint(format!("add `templates/{name}`, or use one of: {}", known.join(", "))));
        }
    }
    problems
}

/// Renders one page through its template, and says what it read of other pages.
pub fn render_page(site: &Site, theme: &Theme, shared: &Shared, id: PageId) -> Result<(Vec<u8>, Deps), Diagnostic> {
    render_page_body(site, theme, shared, id, &site.pages[id].rendered)
}

/// [`render_page`] with the page's rendered Markdown handed in, for a build
/// that renders each body just before its template and lets it go right after.
pub fn render_page_body(
    site: &Site,
    theme: &Theme,
    shared: &Shared,
    id: PageId,
    body: &Rendered,
) -> Result<(Vec<u8>, Deps), Diagnostic> {
    let page = &site.pages[id];
    let name = template_name(site, id);
    // Reads start counting here: building the page's own values (its form
    // shows linked pages' titles) counts too.
    READ.with(|r| *r.borrow_mut() = Deps::default());
    let ctx = Value::from_object(PageContext {
        site: shared.site.clone(),
        nav: shared.nav.clone(),
        rajat: shared.rajat.clone(),
        page: page_value(site, shared, id, body),
    });
    let template = theme.env.get_template(name).map_err(|e| template_diagnostic(&e, &theme.templates, None))?;
    let rendered = template.render(ctx);
    let mut deps = READ.with(|r| std::mem::take(&mut *r.borrow_mut()));
    let html = rendered.map_err(|e| {
        let d = template_diagnostic(&e, &theme.templates, None);
        let note = format!("while rendering `{}`", page.source.path.display());
        let hint = d.hint.clone().unwrap_or_default();
        d.hint(format!("{hint} ({note})"))
    })?;
    deps.pages.sort_unstable();
    deps.pages.dedup();
    Ok((html.into_bytes(), deps))
}

/// The variables a page template sees; reading `nav` is recorded in [`Deps`].
#[derive(Debug)]
struct PageContext {
    site: Value,
    nav: Value,
    rajat: Value,
    page: Value,
}

impl Object for PageContext {
    fn get_value(self: &Arc<Self>, key: &Value) -> Option<Value> {
        match key.as_str()? {
            "site" => Some(self.site.clone()),
            "nav" => {
                READ.with(|r| r.borrow_mut().nav = true);
                Some(self.nav.clone())
            }
            "rajat" => Some(self.rajat.clone()),
            "page" => Some(self.page.clone()),
            _ => None,
        }
    }

    fn enumerate(self: &Arc<Self>) -> Enumerator {
        Enumerator::Str(&["site", "nav", "rajat", "page"])
    }
}

/// What listings, navigation and previous/next links show of a page. Reading
/// any of it is recorded in [`Deps`].
#[derive(Debug)]
struct Summary {
    id: PageId,
    fields: Value,
}

impl Object for Summary {
    fn get_value(self: &Arc<Self>, key: &Value) -> Option<Value> {
        READ.with(|r| r.borrow_mut().pages.push(self.id));
        self.fields.get_item(key).ok().filter(|v| !v.is_undefined())
    }

    fn enumerate(self: &Arc<Self>) -> Enumerator {
        Enumerator::Str(&["title", "description", "url", "permalink", "kind", "weight", "date", "extra"])
    }
}

impl Shared {
    /// Builds the values every page shares, once: config, navigation tree,
    /// page summaries. The tree is only built when a template mentions `nav`.
    pub fn new(site: &Site, theme: &Theme) -> Shared {
        let summaries: Vec<Value> = (0..site.pages.len()).map(|id| summary(site, id)).collect();
        let uses_nav = theme.mentions("nav");
        Shared {
            site: site_value(site, &summaries),
            nav: if uses_nav { nav_entries(site, HOME) } else { Value::from(Vec::<Value>::new()) },
            uses_nav,
            summaries,
            rajat: context! { version => env!("CARGO_PKG_VERSION") },
        }
    }

    /// Whether any template shows the navigation tree.
    pub fn uses_nav(&self) -> bool {
        self.uses_nav
    }

    /// A copy with the summaries of `pages` made again (their front matter
    /// changed) and, if `tree` changed, the navigation; the rest is shared.
    pub fn updated(&self, site: &Site, theme: &Theme, pages: &[PageId], tree: bool) -> Shared {
        let mut summaries = self.summaries.clone();
        for &id in pages {
            summaries[id] = summary(site, id);
        }
        let uses_nav = theme.mentions("nav");
        Shared {
            site: if pages.contains(&HOME) { site_value(site, &summaries) } else { self.site.clone() },
            nav: if uses_nav && (tree || !self.uses_nav) { nav_entries(site, HOME) } else { self.nav.clone() },
            uses_nav,
            summaries,
            rajat: self.rajat.clone(),
        }
    }
}

/// `site` in templates: the config, the menu and the home page.
fn site_value(site: &Site, summaries: &[Value]) -> Value {
    let config = &site.config;
    let menu: Vec<Value> = config
        .menu
        .iter()
        .map(|item| {
            let url = site.menu_url(item);
            let page = item.page.as_ref().and_then(|p| site.by_rel.get(p.trim_start_matches("./")));
            context! { title => item.title.clone(), url => url, external => item.url.as_ref().is_some_and(|u| u.contains("://")), is_page => page.is_some() }
        })
        .collect();
    context! {
        title => config.title.clone(),
        description => config.description.clone(),
        base_url => config.base_url.clone(),
        base_path => config.base_path.clone(),
        language => config.language.clone(),
        menu => menu,
        extra => crate::yaml::to_value(&config.extra),
        home => summaries[HOME].clone(),
    }
}

fn summary(site: &Site, id: PageId) -> Value {
    let page = &site.pages[id];
    let front = page.front();
    let fields = context! {
        title => front.title.clone(),
        description => front.description.clone().unwrap_or_default(),
        url => site.url(id),
        permalink => site.permalink(id),
        kind => kind_name(page.kind),
        weight => front.weight,
        date => front.date.clone(),
        extra => crate::yaml::to_value(&front.extra),
    };
    Value::from_object(Summary { id, fields })
}

fn kind_name(kind: Kind) -> &'static str {
    match kind {
        Kind::Home => "home",
        Kind::Section => "section",
        Kind::Page => "page",
    }
}

/// The section tree below `id`, for navigation menus.
fn nav_entries(site: &Site, id: PageId) -> Value {
    site.pages[id]
        .children
        .iter()
        .map(|&child| {
            let page = &site.pages[child];
            context! {
                title => page.title().to_string(),
                url => site.url(child),
                kind => kind_name(page.kind),
                children => nav_entries(site, child),
            }
        })
        .collect()
}

/// Everything a template knows about the page it renders.
fn page_value(site: &Site, shared: &Shared, id: PageId, body: &Rendered) -> Value {
    let page = &site.pages[id];
    let front = page.front();
    let summary_of = |other: Option<PageId>| other.map(|o| shared.summaries[o].clone());
    let mut ancestors = Vec::new();
    let mut up = page.parent;
    while let Some(p) = up {
        ancestors.push(shared.summaries[p].clone());
        up = site.pages[p].parent;
    }
    ancestors.reverse();
    let children = &page.children;
    let pick = |section: bool| -> Vec<Value> {
        children
            .iter()
            .filter(|&&c| (site.pages[c].kind == Kind::Section) == section)
            .map(|&c| shared.summaries[c].clone())
            .collect()
    };
    let words = body.words;
    context! {
        title => front.title.clone(),
        description => front.description.clone().unwrap_or_default(),
        url => site.url(id),
        permalink => site.permalink(id),
        path => page.path.clone(),
        kind => kind_name(page.kind),
        source => page.source.path.to_string_lossy().replace('\\', "/"),
        content => Value::from_safe_string(body.html.clone()),
        form => Value::from_safe_string(crate::forms::html::render(site, id).unwrap_or_default()),
        toc => toc_value(&body.toc),
        words => words,
        reading_minutes => words.div_ceil(200).max(1),
        weight => front.weight,
        date => front.date.clone(),
        extra => crate::yaml::to_value(&front.extra),
        previous => summary_of(page.previous),
        next => summary_of(page.next),
        parent => summary_of(page.parent),
        ancestors => ancestors,
        pages => pick(false),
        sections => pick(true),
    }
}

fn toc_value(toc: &[TocEntry]) -> Value {
    toc.iter()
        .map(|e| context! { level => e.level, id => e.id.clone(), title => e.title.clone(), children => toc_value(&e.children) })
        .collect()
}

/// The output paths pages take, checking aliases and static files do not collide with them.
pub fn claimed_paths(site: &Site, theme: &Theme, problems: &mut Vec<Diagnostic>) -> HashMap<String, PageId> {
    let mut claimed: HashMap<String, PageId> =
        site.pages.iter().enumerate().map(|(id, p)| (p.output_path(), id)).collect();
    for (id, page) in site.pages.iter().enumerate() {
        for alias in &page.front().aliases {
            let path = alias_path(alias);
            if let Some(&other) = claimed.get(&path) {
                let d = Diagnostic::error(format!(
                    "the alias `{alias}` is already the address of `{}`",
                    site.pages[other].source.path.display()
                ))
                .in_file(&page.source.path);
                let d = match page.source.text.find(alias.as_str()) {
                    Some(offset) => d.at_offset(&page.source.text, offset).span(alias.chars().count()),
                    None => d,
                };
                problems.push(d.hint("remove the alias, or change one of the two addresses"));
            } else {
                claimed.insert(path, id);
            }
        }
    }
    for (path, origin) in &theme.statics {
        if let Some(&id) = claimed.get(path) {
            problems.push(
                Diagnostic::error(format!(
                    "the static file `{}` has the same address as `{}`",
                    origin.display().display(),
                    site.pages[id].source.path.display()
                ))
                .in_file(origin.display())
                .hint("rename the static file, or give the page another slug"),
            );
        }
    }
    claimed
}

/// `old/page/` → `old/page/index.html`; `old.html` stays; `old` → `old/index.html`.
pub fn alias_path(alias: &str) -> String {
    let a = alias.trim_start_matches('/');
    let last = a.trim_end_matches('/').rsplit('/').next().unwrap_or("");
    if !a.ends_with('/') && last.contains('.') {
        a.to_string()
    } else {
        format!("{}/index.html", a.trim_end_matches('/'))
    }
}

/// Files the site generates besides its pages: the 404 page, redirects for
/// aliases, `sitemap.xml`, `robots.txt`, and the form scripts under `rajat/`.
pub fn generated_files(
    site: &Site,
    theme: &Theme,
    shared: &Shared,
    claimed: &HashMap<String, PageId>,
) -> Result<Vec<(String, Vec<u8>)>, Diagnostic> {
    let config = &site.config;
    let not_found = context! {
        site => shared.site.clone(),
        nav => shared.nav.clone(),
        rajat => shared.rajat.clone(),
        page => context! { title => "Page not found", description => "", url => config.url("404.html"), permalink => config.permalink("404.html"), kind => "404", content => "", toc => Vec::<Value>::new(), extra => Value::from(()), ancestors => Vec::<Value>::new() },
    };
    let html = theme
        .env
        .get_template("404.html")
        .and_then(|t| t.render(not_found))
        .map_err(|e| template_diagnostic(&e, &theme.templates, None))?;
    let mut files = vec![("404.html".to_string(), html.into_bytes())];
    for (path, &id) in claimed {
        if site.pages[id].output_path() != *path {
            files.push((path.clone(), redirect_page(site, id)));
        }
    }
    files.push(("sitemap.xml".into(), sitemap(site).into_bytes()));
    files.push((
        "robots.txt".into(),
        format!("User-agent: *\nAllow: /\n\nSitemap: {}sitemap.xml\n", config.base_url).into_bytes(),
    ));
    let has_forms = site.pages.iter().any(|p| p.front().form.is_some());
    files.extend(crate::assets::files(has_forms).into_iter().map(|(path, bytes)| (path, bytes.to_vec())));
    Ok(files)
}

/// Files copied as they are, with where each comes from: the theme's and the
/// site's static files, and the non-Markdown files of `content/`.
pub fn copied_files(site: &Site, theme: &Theme) -> Vec<(String, Origin)> {
    let mut files: Vec<(String, Origin)> = theme.statics.iter().map(|(p, o)| (p.clone(), o.clone())).collect();
    for asset in &site.assets {
        files.push((asset.clone(), Origin::Disk(std::path::Path::new(crate::content::CONTENT_DIR).join(asset))));
    }
    files
}

/// A tiny page that sends browsers and search engines to the page's real address.
fn redirect_page(site: &Site, id: PageId) -> Vec<u8> {
    let url = crate::text::escape(&site.url(id));
    let permalink = crate::text::escape(&site.permalink(id));
    let lang = crate::text::escape(&site.config.language);
    format!(
        "<!doctype html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n<title>Moved</title>\n<link rel=\"canonical\" href=\"{permalink}\">\n<meta name=\"robots\" content=\"noindex\">\n<meta http-equiv=\"refresh\" content=\"0; url={url}\">\n</head>\n<body>\n<p>This page has moved to <a href=\"{url}\">{permalink}</a>.</p>\n</body>\n</html>\n"
    )
    .into_bytes()
}

/// `sitemap.xml` with every page's absolute URL, in reading order.
fn sitemap(site: &Site) -> String {
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for &id in &site.order {
        xml.push_str("  <url>\n    <loc>");
        xml.push_str(&crate::text::escape(&site.permalink(id)));
        xml.push_str("</loc>\n");
        if let Some(date) = &site.pages[id].front().date {
            xml.push_str(&format!("    <lastmod>{}</lastmod>\n", crate::text::escape(&date[..10])));
        }
        xml.push_str("  </url>\n");
    }
    xml.push_str("</urlset>\n");
    xml
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alias_paths() {
        assert_eq!(alias_path("/old/page/"), "old/page/index.html");
        assert_eq!(alias_path("old.html"), "old.html");
        assert_eq!(alias_path("old"), "old/index.html");
    }
}

//! The booklet: the whole guide on one page, in reading order, to print at
//! once. Made only when the theme has a `booklet.html` template, so a site
//! with templates of its own pays nothing for it.
//!
//! Each page's body and form are put in as they render for the page itself,
//! with their `id`s made unique within the booklet (page `n` of the reading
//! order is `#pn`, its heading `what-to-say` is `#pn.what-to-say`), links
//! between pages turned into links within the booklet, and scripts left out:
//! a worksheet is a blank form to fill in on paper. The template is rendered
//! with a placeholder for each page's HTML, and the pages are put in its
//! place after, each moved once: the booklet costs one pass over every page
//! (in parallel) and about as much memory as itself.

use std::collections::HashMap;

use minijinja::{Value, context};
use rayon::prelude::*;

use super::Sources;
use super::attributes::{self, Scripts};
use super::values::SiteValues;
use crate::config::Lang;
use crate::error::Diagnostic;
use crate::site::{PageId, Site};
use crate::theme::{Theme, template_diagnostic};

/// The theme's template for the booklet.
pub const TEMPLATE: &str = "booklet.html";

/// The booklet's site path (in the default language; another language's
/// has its prefix: `fi/booklet/`).
pub const PATH: &str = "booklet/";

/// The site path of language `lang`'s booklet.
pub fn path(site: &Site, lang: Lang) -> String {
    format!("{}{PATH}", site.config.prefix(lang))
}

/// Whether the theme makes a booklet: it has the template, and its other
/// templates link to the booklet (`site.booklet`). A site whose own templates
/// replace the theme's and never link to it gets none, and pays nothing.
pub fn wanted(theme: &Theme) -> bool {
    theme.has_template(TEMPLATE) && theme.uses_attribute("site", "booklet", Some(TEMPLATE))
}

/// The most pages a booklet holds. A language with more gets none: one
/// page of a few thousand chapters (tens of megabytes of HTML) is more than
/// a browser opens comfortably, and nobody prints it at once; its pages
/// still print one by one. `rajat check` says so.
pub const MAX_PAGES: usize = 2_000;

/// Whether language `lang` gets a booklet: the theme makes one, and the
/// language has at most [`MAX_PAGES`] pages.
pub fn made(site: &Site, theme: &Theme, lang: Lang) -> bool {
    wanted(theme) && site.order_of(lang).len() <= MAX_PAGES
}

/// The address of language `lang`'s booklet, for templates to link to
/// (`site.booklet`), when it has one.
pub fn url(site: &Site, theme: &Theme, lang: Lang) -> Option<String> {
    made(site, theme, lang).then(|| site.config.url(&path(site, lang)))
}

/// Marks where a part of the booklet goes in the template's output.
const MARK: char = '\u{1}';

/// A page's body and form as the booklet shows them (see [`rewrite`]).
pub type Chapter = (String, String);

/// What a page's chapter of its language's booklet needs, known once the
/// site is assembled: so step 2 of the pipeline makes each chapter from the
/// page's body and form as it renders them, on the same worker, instead of
/// keeping a copy of the body for the booklet to go over again.
pub struct Chapters<'s> {
    /// Each page's place in its language's booklet, by id (`None`: in none).
    place: Vec<Option<usize>>,
    /// Each language's pages by site path → place in its reading order.
    index: Vec<HashMap<&'s str, usize>>,
    base_path: &'s str,
    /// Each language's booklet folder (`booklet`, `fi/booklet`), when the site's addresses are relative.
    relative: Vec<Option<String>>,
}

impl<'s> Chapters<'s> {
    /// For the languages of `site` that get a booklet.
    pub fn new(site: &'s Site, theme: &Theme) -> Chapters<'s> {
        let mut place = vec![None; site.pages.len()];
        let mut index = Vec::with_capacity(site.languages());
        let mut relative = Vec::with_capacity(site.languages());
        for lang in 0..site.languages() {
            let made = made(site, theme, lang);
            let order = if made { site.order_of(lang) } else { &[] };
            for (n, &id) in order.iter().enumerate() {
                place[id] = Some(n);
            }
            index.push(order_index(site, order));
            let here = path(site, lang);
            relative.push(site.config.relative_urls.then(|| here.trim_end_matches('/').to_string()));
        }
        Chapters { place, index, base_path: &site.config.base_path, relative }
    }

    /// Whether page `id` is in a booklet.
    pub fn wants(&self, id: PageId) -> bool {
        self.place[id].is_some()
    }

    /// Page `id`'s chapter, from its body and form HTML.
    pub fn chapter(&self, site: &Site, id: PageId, body: &str, form: &str) -> Option<Chapter> {
        let n = self.place[id]?;
        let lang = site.pages[id].lang;
        let prefix = format!("p{n}");
        let at = self.relative[lang].as_deref();
        let index = &self.index[lang];
        Some((rewrite(body, &prefix, index, self.base_path, at), rewrite(form, &prefix, index, self.base_path, at)))
    }
}

/// Site path of each page of `order` → its place in it.
fn order_index<'s>(site: &'s Site, order: &[PageId]) -> HashMap<&'s str, usize> {
    order.iter().enumerate().map(|(n, &id)| (site.pages[id].path.as_str(), n)).collect()
}

/// The booklet of each language, from each page's chapter by id
/// (`chapters`, as step 2 made them; a page missing there is rendered again
/// from `sources`). Their addresses are relative already when the site's are.
pub fn render(
    site: &Site,
    theme: &Theme,
    values: &SiteValues,
    sources: &dyn Sources,
    claimed: &HashMap<String, PageId>,
    mut chapters: Vec<Option<Chapter>>,
) -> Result<Vec<(String, Vec<u8>)>, Diagnostic> {
    chapters.resize(site.pages.len(), None);
    (0..site.languages())
        .filter(|&lang| made(site, theme, lang))
        .map(|lang| render_one(site, theme, values, sources, claimed, &mut chapters, lang))
        .collect()
}

/// The booklet of language `lang`: its pages, in its reading order.
fn render_one(
    site: &Site,
    theme: &Theme,
    values: &SiteValues,
    sources: &dyn Sources,
    claimed: &HashMap<String, PageId>,
    chapters: &mut [Option<Chapter>],
    lang: Lang,
) -> Result<(String, Vec<u8>), Diagnostic> {
    let here = path(site, lang);
    let output = format!("{here}index.html");
    if let Some(&id) = claimed.get(&output) {
        return Err(Diagnostic::error(format!(
            "`{}` has the address of the booklet, /{here}",
            site.pages[id].header.path.display()
        ))
        .in_file(&site.pages[id].header.path)
        .hint("give the page another `slug:`; the theme's booklet (its `booklet.html`) is published there"));
    }
    let clock = crate::timings::Phases::start();
    let order = site.order_of(lang);
    let config = &site.config;
    let base_path = config.base_path.as_str();
    let relative = config.relative_urls;
    let work: Vec<(usize, PageId, Option<Chapter>)> =
        order.iter().enumerate().map(|(n, &id)| (n, id, chapters[id].take())).collect();
    // Only pages step 2 did not render (serve renders some) are made here.
    let missing = work.iter().any(|(_, _, chapter)| chapter.is_none());
    let index = if missing { order_index(site, order) } else { HashMap::new() };
    let at = here.trim_end_matches('/');
    let chapters: Vec<Result<Chapter, Diagnostic>> = work
        .into_par_iter()
        .map(|(n, id, chapter)| {
            if let Some(chapter) = chapter {
                return Ok(chapter);
            }
            let body = body_of(site, sources, id)?;
            let prefix = format!("p{n}");
            let body = rewrite(&body, &prefix, &index, base_path, relative.then_some(at));
            let form = super::form::render(site, id)
                .map(|f| rewrite(&f.html, &prefix, &index, base_path, relative.then_some(at)));
            Ok((body, form.unwrap_or_default()))
        })
        .collect();
    clock.lap("booklet: chapters");
    let mut pages = Vec::with_capacity(chapters.len());
    let mut parts: Vec<Option<String>> = Vec::with_capacity(2 * chapters.len());
    let placeholder = |parts: &mut Vec<Option<String>>, html: String| {
        let value = Value::from_safe_string(format!("{MARK}{}{MARK}", parts.len()));
        parts.push((!html.is_empty()).then_some(html));
        value
    };
    for (n, (chapter, &id)) in chapters.into_iter().zip(order).enumerate() {
        let (body, form) = chapter?;
        let page = &site.pages[id];
        let front = page.front();
        let mut depth = 0;
        let mut up = page.parent;
        while let Some(p) = up {
            depth += 1;
            up = site.pages[p].parent;
        }
        pages.push(context! {
            id => format!("p{n}"),
            title => front.title.clone(),
            short_title => front.short_title.clone().unwrap_or_else(|| front.title.clone()),
            description => front.description.clone().unwrap_or_default(),
            url => site.url(id),
            permalink => site.permalink(id),
            kind => page.kind.name(),
            depth => depth,
            chapter => depth <= 1,
            has_form => front.form.is_some(),
            content => placeholder(&mut parts, body),
            form => placeholder(&mut parts, form),
        });
    }
    let page = context! {
        title => theme.string(lang, "booklet_title", "The whole guide"),
        short_title => theme.string(lang, "booklet_short_title", "Booklet"),
        description => config.languages[lang].description.clone(),
        url => config.url(&here),
        permalink => config.permalink(&here),
        language => config.languages[lang].code.clone(),
        translations => Vec::<Value>::new(),
        alternates => Vec::<Value>::new(),
        kind => "booklet",
        content => "",
        form => "",
        toc => Vec::<Value>::new(),
        nav => Vec::<Value>::new(),
        extra => Value::from(()),
        ancestors => Vec::<Value>::new(),
    };
    clock.lap("booklet: values");
    let context = values.context_with(page, context! { pages => pages }, lang);
    let frame = theme
        .env
        .get_template(TEMPLATE)
        .and_then(|t| t.render(context))
        .map_err(|e| template_diagnostic(&e, &theme.templates, None))?;
    clock.lap("booklet: template");
    let frame = match relative {
        true => super::urls::relative_html(&output, &frame, base_path, &config.base_url),
        false => frame,
    };
    clock.lap("booklet: frame made relative");
    let html = splice(&frame, parts);
    clock.lap("booklet: pages put in");
    Ok((output, html))
}

/// `frame` with each placeholder replaced by its part (a part written
/// twice is written once). The copies run in parallel, into one buffer.
fn splice(frame: &str, mut parts: Vec<Option<String>>) -> Vec<u8> {
    // The pieces of the booklet in order: frame text, or a part by index.
    enum Piece<'f> {
        Frame(&'f str),
        Part(usize),
    }
    let mut pieces = Vec::with_capacity(2 * parts.len() + 1);
    let mut rest = frame;
    while let Some(at) = rest.find(MARK) {
        let after = &rest[at + 1..];
        let end = after.find(MARK).unwrap_or(after.len());
        match after[..end].parse::<usize>().ok().filter(|&n| n < parts.len()) {
            Some(n) => {
                pieces.push(Piece::Frame(&rest[..at]));
                pieces.push(Piece::Part(n));
                rest = after.get(end + 1..).unwrap_or("");
            }
            None => {
                pieces.push(Piece::Frame(&rest[..at + 1]));
                rest = after;
            }
        }
    }
    pieces.push(Piece::Frame(rest));
    let mut sources: Vec<&[u8]> = Vec::with_capacity(pieces.len());
    let mut seen = vec![false; parts.len()];
    for piece in &pieces {
        sources.push(match piece {
            Piece::Frame(text) => text.as_bytes(),
            Piece::Part(n) if !std::mem::replace(&mut seen[*n], true) => parts[*n].as_deref().unwrap_or("").as_bytes(),
            Piece::Part(_) => b"",
        });
    }
    let total = sources.iter().map(|s| s.len()).sum();
    let mut out = vec![0u8; total];
    let mut targets: Vec<(&mut [u8], &[u8])> = Vec::with_capacity(sources.len());
    let mut free = out.as_mut_slice();
    for source in &sources {
        let (target, tail) = free.split_at_mut(source.len());
        targets.push((target, source));
        free = tail;
    }
    targets.into_par_iter().with_min_len(64).for_each(|(target, source)| target.copy_from_slice(source));
    drop(sources);
    parts.par_iter_mut().with_min_len(64).for_each(|p| drop(p.take()));
    out
}

/// A page's body HTML when step 2 did not render it: kept from an earlier
/// run (`serve`), or rendered from its Markdown.
pub(super) fn body_of(site: &Site, sources: &dyn Sources, id: PageId) -> Result<String, Diagnostic> {
    if let Some(html) = sources.kept_html(id) {
        return Ok(html.to_string());
    }
    let page = &site.pages[id];
    let text = sources.text(page)?;
    Ok(crate::markdown::render(&page.header, &text, site).0.html)
}

/// Attributes holding ids, or lists of ids, that must stay unique in the booklet.
const ID_ATTRIBUTES: [&str; 9] = [
    "id",
    "for",
    "headers",
    "list",
    "form",
    "aria-labelledby",
    "aria-describedby",
    "aria-controls",
    "data-rajat-definition",
];

/// A page's HTML as part of the booklet: ids prefixed with `prefix`, links to
/// pages of the guide (`index`: site path → place in the reading order) and
/// to places on the page turned into links within the booklet, scripts left
/// out; with `relative` (the booklet's own path, `fi/booklet`), other
/// addresses of the site made relative to the booklet. One pass over the HTML.
pub fn rewrite(
    html: &str,
    prefix: &str,
    index: &HashMap<&str, usize>,
    base_path: &str,
    relative: Option<&str>,
) -> String {
    // An address of the site elsewhere than a page of the guide, relative to the booklet.
    let elsewhere = |value: &str, into: &mut Vec<u8>| {
        let Some(at) = relative.filter(|_| !value.starts_with("//")) else { return false };
        let Some(rest) = value.strip_prefix(base_path) else { return false };
        super::urls::push_relative(into, at, rest);
        true
    };
    attributes::rewrite(html, Scripts::Drop, |_, attr, value, into| {
        if ID_ATTRIBUTES.iter().any(|a| attr.eq_ignore_ascii_case(a)) {
            for (i, id) in value.split_ascii_whitespace().enumerate() {
                if i > 0 {
                    into.push(b' ');
                }
                into.extend_from_slice(prefix.as_bytes());
                into.push(b'.');
                into.extend_from_slice(id.as_bytes());
            }
            true
        } else if attr.eq_ignore_ascii_case("href") {
            link(value, prefix, index, base_path, into) || elsewhere(value, into)
        } else if attr.eq_ignore_ascii_case("src") {
            elsewhere(value, into)
        } else {
            false
        }
    })
}

/// Writes where a link of page `prefix` leads within the booklet, if it
/// leads to a place on that page or another page of the guide.
fn link(href: &str, prefix: &str, index: &HashMap<&str, usize>, base_path: &str, into: &mut Vec<u8>) -> bool {
    let (path, anchor) = match href.split_once('#') {
        Some((path, anchor)) => (path, Some(anchor)),
        None => (href, None),
    };
    let n = if path.is_empty() {
        None
    } else {
        match path.strip_prefix(base_path).and_then(|p| index.get(p)) {
            Some(&n) => Some(n),
            None => return false,
        }
    };
    into.push(b'#');
    match n {
        None => into.extend_from_slice(prefix.as_bytes()),
        Some(n) => {
            use std::io::Write as _;
            let _ = write!(into, "p{n}");
        }
    }
    if let Some(anchor) = anchor.filter(|a| !a.is_empty()) {
        into.push(b'.');
        into.extend_from_slice(anchor.as_bytes());
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_links_and_scripts_are_made_fit_for_one_page() {
        let index: HashMap<&str, usize> = [("", 0), ("situations/wont-pay/", 7)].into_iter().collect();
        let html = concat!(
            "<h2 id=\"why\"><a class=\"heading-link\" href=\"#why\">Why</a></h2>\n",
            "<p>See <a href=\"/g/situations/wont-pay/#what-to-say\">this</a>, <a href=\"/g/\">home</a>, ",
            "<a href='https://example.org/'>out</a> and <img src=\"/g/a.png\" alt=\"a > b\"></p>\n",
            "<label for=\"x\">X</label><input id=\"x\" aria-describedby=\"x--help x--low\">\n",
            "<!-- <a href=\"#kept\"> --><script type=\"application/json\">{\"a\":1}</script><SCRIPT src=x></SCRIPT>end",
        );
        let out = rewrite(html, "p3", &index, "/g/", Some("booklet"));
        assert_eq!(
            out,
            concat!(
                "<h2 id=\"p3.why\"><a class=\"heading-link\" href=\"#p3.why\">Why</a></h2>\n",
                "<p>See <a href=\"#p7.what-to-say\">this</a>, <a href=\"#p0\">home</a>, ",
                "<a href='https://example.org/'>out</a> and <img src=\"../a.png\" alt=\"a > b\"></p>\n",
                "<label for=\"p3.x\">X</label><input id=\"p3.x\" aria-describedby=\"p3.x--help p3.x--low\">\n",
                "<!-- <a href=\"#kept\"> -->end",
            )
        );
    }
}

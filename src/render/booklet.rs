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

/// The booklet of each language, from the body HTML of each page by id
/// (`bodies`, as step 2 rendered them; a page missing there is taken from
/// `sources`). Their addresses are relative already when the site's are.
pub fn render(
    site: &Site,
    theme: &Theme,
    values: &SiteValues,
    sources: &dyn Sources,
    claimed: &HashMap<String, PageId>,
    mut bodies: Vec<Option<String>>,
) -> Result<Vec<(String, Vec<u8>)>, Diagnostic> {
    bodies.resize(site.pages.len(), None);
    (0..site.languages())
        .filter(|&lang| made(site, theme, lang))
        .map(|lang| render_one(site, theme, values, sources, claimed, &mut bodies, lang))
        .collect()
}

/// The booklet of language `lang`: its pages, in its reading order.
fn render_one(
    site: &Site,
    theme: &Theme,
    values: &SiteValues,
    sources: &dyn Sources,
    claimed: &HashMap<String, PageId>,
    bodies: &mut [Option<String>],
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
    let index: HashMap<&str, usize> =
        order.iter().enumerate().map(|(n, &id)| (site.pages[id].path.as_str(), n)).collect();
    let config = &site.config;
    let base_path = config.base_path.as_str();
    let relative = config.relative_urls;
    let work: Vec<(usize, PageId, Option<String>)> =
        order.iter().enumerate().map(|(n, &id)| (n, id, bodies[id].take())).collect();
    let at = here.trim_end_matches('/');
    let chapters: Vec<Result<(String, String), Diagnostic>> = work
        .into_par_iter()
        .map(|(n, id, body)| {
            let body = match body {
                Some(body) => body,
                None => body_of(site, sources, id)?,
            };
            let prefix = format!("p{n}");
            let body = rewrite(&body, &prefix, &index, base_path, relative.then_some(at));
            let form = super::form::render(site, id)
                .map(|f| rewrite(&f.html, &prefix, &index, base_path, relative.then_some(at)));
            Ok((body, form.unwrap_or_default()))
        })
        .collect();
    clock.lap("booklet: rewrite");
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
    let elsewhere = |value: &str| {
        let at = relative.filter(|_| !value.starts_with("//"))?;
        let rest = value.strip_prefix(base_path)?;
        Some(super::urls::relative(at, rest))
    };
    attributes::rewrite(html, Scripts::Drop, |_, attr, value| {
        if ID_ATTRIBUTES.iter().any(|a| attr.eq_ignore_ascii_case(a)) {
            Some(value.split_ascii_whitespace().map(|id| format!("{prefix}.{id}")).collect::<Vec<_>>().join(" "))
        } else if attr.eq_ignore_ascii_case("href") {
            link(value, prefix, index, base_path).or_else(|| elsewhere(value))
        } else if attr.eq_ignore_ascii_case("src") {
            elsewhere(value)
        } else {
            None
        }
    })
}

/// Where a link of page `prefix` leads within the booklet, if it leads to a
/// place on that page or another page of the guide.
fn link(href: &str, prefix: &str, index: &HashMap<&str, usize>, base_path: &str) -> Option<String> {
    let (path, anchor) = match href.split_once('#') {
        Some((path, anchor)) => (path, Some(anchor)),
        None => (href, None),
    };
    let target = if path.is_empty() {
        prefix.to_string()
    } else {
        let n = index.get(path.strip_prefix(base_path)?)?;
        format!("p{n}")
    };
    Some(match anchor.filter(|a| !a.is_empty()) {
        Some(anchor) => format!("#{target}.{anchor}"),
        None => format!("#{target}"),
    })
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

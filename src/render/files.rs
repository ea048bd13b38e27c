//! What a published site holds besides its pages: the 404 page, redirects
//! for aliases, `sitemap.xml`, `robots.txt`, the form scripts, and the files
//! copied as they are.

use std::collections::HashMap;

use minijinja::{Value, context};

use super::values::SiteValues;
use crate::error::Diagnostic;
use crate::site::{PageId, Site};
use crate::text::escape;
use crate::theme::{Origin, Theme, template_diagnostic};

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
                    site.pages[other].header.path.display()
                ))
                .in_file(&page.header.path);
                let d = match page.header.text.find(alias.as_str()) {
                    Some(offset) => d.at_offset(&page.header.text, offset).span(alias.chars().count()),
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
                    site.pages[id].header.path.display()
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
/// aliases, `sitemap.xml`, `robots.txt`, and the scripts under `rajat/`
/// (the forms', and with `search` the search box's).
pub fn generated_files(
    site: &Site,
    theme: &Theme,
    values: &SiteValues,
    claimed: &HashMap<String, PageId>,
    search: bool,
) -> Result<Vec<(String, Vec<u8>)>, Diagnostic> {
    let config = &site.config;
    let mut files = Vec::new();
    // Each language has its 404 page (`404.html`, `fi/404.html`): a server
    // that knows the guide's languages can show the reader's.
    for lang in 0..site.languages() {
        let path = format!("{}404.html", config.prefix(lang));
        if let Some(&id) = claimed.get(&path) {
            return Err(Diagnostic::error(format!(
                "`{}` has the address of the 404 page, /{path}",
                site.pages[id].header.path.display()
            ))
            .in_file(&site.pages[id].header.path)
            .hint("give the page another `slug:`"));
        }
        let title = theme.string(lang, "not_found_title", "Page not found");
        let not_found = values.context_for(
            context! {
                    title => title.clone(),
                    short_title => title,
                    description => "",
                    url => config.url(&path),
                    permalink => config.permalink(&path),
                    kind => "404",
                    content => "",
                    form => "",
                    toc => Vec::<Value>::new(),
                    extra => Value::from(()),
                    ancestors => Vec::<Value>::new(),
                    language => config.languages[lang].code.clone(),
                    translations => Vec::<Value>::new(),
            alternates => Vec::<Value>::new(),
                    // The top of the language's navigation, as on its home page.
                    nav => values.top_nav(site, lang),
                },
            lang,
        );
        let html = theme
            .env
            .get_template("404.html")
            .and_then(|t| t.render(not_found))
            .map_err(|e| template_diagnostic(&e, &theme.templates, None))?;
        files.push((path, html.into_bytes()));
    }
    for (path, &id) in claimed {
        if site.pages[id].output_path() != *path {
            files.push((path.clone(), redirect_page(site, theme, id)));
        }
    }
    files.push(("sitemap.xml".into(), sitemap(site).into_bytes()));
    files.push((
        "robots.txt".into(),
        format!("User-agent: *\nAllow: /\n\nSitemap: {}sitemap.xml\n", config.base_url).into_bytes(),
    ));
    if let Some(css) = super::brand::stylesheet(site, theme) {
        files.push(css?);
    }
    let has_forms = site.pages.iter().any(|p| p.front().form.is_some());
    let stemmers = search.then(|| super::search::stemmers(site));
    files.extend(
        crate::assets::files(has_forms, stemmers.as_deref()).into_iter().map(|(path, bytes)| (path, bytes.to_vec())),
    );
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
/// In the page's language, with the theme's words when it has them.
fn redirect_page(site: &Site, theme: &Theme, id: PageId) -> Vec<u8> {
    let url = escape(&site.url(id));
    let permalink = escape(&site.permalink(id));
    let page_lang = site.pages[id].lang;
    let lang = escape(&site.config.languages[page_lang].code);
    let title = escape(&theme.string(page_lang, "moved_title", "Moved"));
    let text = escape(&theme.string(page_lang, "moved_text", "This page has moved to {url}."));
    let text = text.replace("{url}", &format!("<a href=\"{url}\">{permalink}</a>"));
    format!(
        "<!doctype html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'self'\">\n<title>{title}</title>\n<link rel=\"canonical\" href=\"{permalink}\">\n<meta name=\"robots\" content=\"noindex\">\n<meta http-equiv=\"refresh\" content=\"0; url={url}\">\n</head>\n<body>\n<p>{text}</p>\n</body>\n</html>\n"
    )
    .into_bytes()
}

/// `sitemap.xml` with every page's absolute URL, in reading order; on a
/// guide of several languages, each page lists its translations (and the
/// default language's as `x-default`), as search engines ask.
fn sitemap(site: &Site) -> String {
    let languages = site.languages() > 1;
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\"",
    );
    if languages {
        xml.push_str(" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\"");
    }
    xml.push_str(">\n");
    for &id in &site.order {
        xml.push_str("  <url>\n    <loc>");
        xml.push_str(&escape(&site.permalink(id)));
        xml.push_str("</loc>\n");
        for (hreflang, other) in alternates(site, id) {
            xml.push_str(&format!(
                "    <xhtml:link rel=\"alternate\" hreflang=\"{}\" href=\"{}\"/>\n",
                escape(hreflang),
                escape(&site.permalink(other))
            ));
        }
        if let Some(date) = &site.pages[id].front().date {
            xml.push_str(&format!("    <lastmod>{}</lastmod>\n", escape(&date[..10])));
        }
        xml.push_str("  </url>\n");
    }
    xml.push_str("</urlset>\n");
    xml
}

/// The translations of page `id` (itself included) by `hreflang`, then
/// `x-default` for the default language's; none when it has no translation.
pub fn alternates(site: &Site, id: PageId) -> Vec<(&str, PageId)> {
    if site.languages() < 2 {
        return Vec::new();
    }
    let found: Vec<(&str, PageId)> = (0..site.languages())
        .filter_map(|lang| Some((site.config.languages[lang].code.as_str(), site.translation(id, lang)?)))
        .collect();
    if found.len() < 2 {
        return Vec::new();
    }
    let default = found.iter().find(|(code, _)| *code == site.config.languages[0].code).map(|&(_, p)| p);
    found.into_iter().chain(default.map(|p| ("x-default", p))).collect()
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

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
/// aliases, `sitemap.xml`, `robots.txt`, and the form scripts under `rajat/`.
pub fn generated_files(
    site: &Site,
    theme: &Theme,
    values: &SiteValues,
    claimed: &HashMap<String, PageId>,
) -> Result<Vec<(String, Vec<u8>)>, Diagnostic> {
    let config = &site.config;
    let not_found = values.context_for(context! {
        title => theme.string("not_found_title", "Page not found"),
        short_title => theme.string("not_found_title", "Page not found"),
        description => "",
        url => config.url("404.html"),
        permalink => config.permalink("404.html"),
        kind => "404",
        content => "",
        form => "",
        toc => Vec::<Value>::new(),
        extra => Value::from(()),
        ancestors => Vec::<Value>::new(),
        // The top of the guide's navigation, as on the home page.
        nav => values.top_nav(site),
    });
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
    if let Some(css) = super::brand::stylesheet(site, theme) {
        files.push(css?);
    }
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
    let url = escape(&site.url(id));
    let permalink = escape(&site.permalink(id));
    let lang = escape(&site.config.language);
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
        xml.push_str(&escape(&site.permalink(id)));
        xml.push_str("</loc>\n");
        if let Some(date) = &site.pages[id].front().date {
            xml.push_str(&format!("    <lastmod>{}</lastmod>\n", escape(&date[..10])));
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

//! Links written in content: one reading of what a link points at, the same
//! for a page's body, a form's help texts, situations and results, and the
//! site menu.
//!
//! Every relative link is relative to the file it is written in, as on
//! GitHub: `../worksheets/red-lines.md#why` is a page of the guide (and is
//! checked), `diagram.png` a file beside it. A link with a scheme
//! (`https:`, `mailto:`, `tel:`) or starting with `//` goes elsewhere and is
//! used as written; `#why` is a place on the same page; `/files/a.pdf` is a
//! path of the site, under the base URL's path. An image is never a page.
//!
//! [`classify`] reads a link on its own; [`resolve`] turns it into the
//! address it has in the built site. Links are recorded as pages render
//! ([`Link`]), so the anchor check, `rajat check` and its `--external` mode
//! work from the record and never read Markdown again.

/// A link as written, classified without knowing the site.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Written<'a> {
    /// Nothing at all (`[x]()`): left as it is.
    Empty,
    /// Has a scheme or starts with `//`: used as written.
    External,
    /// `#anchor`: a place on the same page.
    SamePage {
        /// Without the `#`.
        anchor: &'a str,
    },
    /// Another Markdown file of `content/`.
    Page {
        /// Relative to `content/`: `situations/guarantee.md`.
        rel: String,
        /// `?…` as written, or empty.
        query: &'a str,
        /// Without the `#`.
        anchor: Option<&'a str>,
    },
    /// Any other file of the site, relative to the file the link is in.
    File {
        /// Relative to `content/`, which is also its path in the site: `situations/diagram.png`.
        rel: String,
        /// `?…` as written, or empty.
        query: &'a str,
        /// Without the `#`.
        anchor: Option<&'a str>,
    },
    /// `/path`: a path of the site, under the base URL's path.
    SitePath {
        /// After the leading `/`, query and anchor included.
        path: &'a str,
    },
    /// A relative link that climbs out of `content/`.
    Outside,
}

/// Reads the link `dest`, written in the file `from` (relative to
/// `content/`; `""` for a file at the site root, such as `site.yaml`).
pub fn classify<'a>(from: &str, dest: &'a str, image: bool) -> Written<'a> {
    let dest = dest.trim();
    if dest.is_empty() {
        return Written::Empty;
    }
    if has_scheme(dest) || dest.starts_with("//") {
        return Written::External;
    }
    let (path, anchor) = match dest.split_once('#') {
        Some((p, a)) => (p, Some(a)),
        None => (dest, None),
    };
    if path.is_empty() {
        return Written::SamePage { anchor: anchor.unwrap_or_default() };
    }
    if let Some(site_path) = dest.strip_prefix('/') {
        return Written::SitePath { path: site_path };
    }
    let (path, query) = match path.find('?') {
        Some(i) => (&path[..i], &path[i..]),
        None => (path, ""),
    };
    let Some(rel) = crate::text::join(from, path) else { return Written::Outside };
    if rel.ends_with(".md") && !image {
        Written::Page { rel, query, anchor }
    } else {
        Written::File { rel, query, anchor }
    }
}

fn has_scheme(url: &str) -> bool {
    match url.find(':') {
        Some(i) => i > 0 && url[..i].chars().all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c)),
        None => false,
    }
}

/// What a resolved link points at.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    /// Somewhere outside the site (or nothing): used as written.
    External,
    /// A place on the page the link is on.
    SamePage {
        /// Without the `#`; may be empty.
        anchor: String,
    },
    /// A page of the guide.
    Page {
        /// Relative to `content/`.
        rel: String,
        /// Without the `#`.
        anchor: Option<String>,
    },
    /// A file of the site that is not a page.
    File {
        /// Its path in the site, without query or anchor: `situations/diagram.png`.
        path: String,
    },
    /// A path of the site written from its root; not checked.
    SitePath,
}

/// A link that leads nowhere.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Broken {
    /// It climbs out of `content/`.
    Outside,
    /// The `.md` file it names does not exist.
    NoPage {
        /// Relative to `content/`.
        rel: String,
    },
    /// The page it names is a draft left out of this build.
    Draft {
        /// Relative to `content/`.
        rel: String,
    },
}

impl Broken {
    /// What is wrong with the link `dest`, in a sentence.
    pub fn message(&self, dest: &str) -> String {
        match self {
            Broken::Outside => format!("the link `{dest}` points outside content/"),
            Broken::NoPage { .. } | Broken::Draft { .. } => {
                format!("broken link: `{dest}` points to a page that does not exist")
            }
        }
    }

    /// What to do about it.
    pub fn hint(&self) -> String {
        match self {
            Broken::Outside => "link to a file inside content/".into(),
            Broken::NoPage { rel } => format!("there is no `content/{rel}`; links are relative to this file's folder"),
            Broken::Draft { .. } => {
                "that page is a draft; build with --drafts, or publish it with `draft: false`".into()
            }
        }
    }
}

/// What the resolver needs to know about the site.
pub trait Pages {
    /// The page a link written in the file `from` to the file `rel` (both
    /// relative to `content/`) leads to, if it is published: the page's own
    /// file (in a guide of several languages, the translation in `from`'s
    /// language) and its URL, with the base path. `Err` hands `rel` back
    /// when there is no such page.
    fn page(&self, from: &str, rel: String) -> Result<(String, String), String>;
    /// Whether such a link leads to a draft left out of this build.
    fn is_skipped_draft(&self, from: &str, rel: &str) -> bool;
    /// The path part of the base URL: `/` or `/guide/`.
    fn base_path(&self) -> &str;
}

/// A link and the address it has in the built site.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Resolved {
    /// The `href` (or `src`) to write.
    pub href: String,
    /// What it points at.
    pub target: Target,
}

/// Resolves the link `dest`, written in the file `from` (relative to
/// `content/`), to its address in the built site.
pub fn resolve(pages: &dyn Pages, from: &str, dest: &str, image: bool) -> Result<Resolved, Broken> {
    let fragment = |anchor: Option<&str>| anchor.map(|a| format!("#{a}")).unwrap_or_default();
    Ok(match classify(from, dest, image) {
        Written::Empty | Written::External => Resolved { href: dest.to_string(), target: Target::External },
        Written::SamePage { anchor } => {
            Resolved { href: dest.to_string(), target: Target::SamePage { anchor: anchor.to_string() } }
        }
        Written::SitePath { path } => {
            Resolved { href: format!("{}{path}", pages.base_path()), target: Target::SitePath }
        }
        Written::Outside => return Err(Broken::Outside),
        Written::Page { rel, query, anchor } => match pages.page(from, rel) {
            Ok((rel, url)) => Resolved {
                href: url + query + &fragment(anchor),
                target: Target::Page { rel, anchor: anchor.map(str::to_string) },
            },
            Err(rel) if pages.is_skipped_draft(from, &rel) => return Err(Broken::Draft { rel }),
            Err(rel) => return Err(Broken::NoPage { rel }),
        },
        Written::File { rel, query, anchor } => Resolved {
            href: format!("{}{rel}{query}{}", pages.base_path(), fragment(anchor)),
            target: Target::File { path: rel },
        },
    })
}

/// A link as a page renders it: what was written, where, and what it points at.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Link {
    /// What the author wrote.
    pub dest: String,
    /// What it points at.
    pub target: Target,
    /// Whether it is an image (`![alt](dest)`), shown in the page, not followed.
    pub image: bool,
    /// 1-based line in the page's file.
    pub line: usize,
    /// 1-based column, in characters.
    pub col: usize,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_are_classified_the_same_wherever_they_are_written() {
        let page = |rel: &str, query, anchor| Written::Page { rel: rel.into(), query, anchor };
        let file = |rel: &str, query, anchor| Written::File { rel: rel.into(), query, anchor };
        let cases: Vec<(&str, &str, bool, Written)> = vec![
            ("situations/a.md", "b.md", false, page("situations/b.md", "", None)),
            ("situations/a.md", "../self-check.md#pay", false, page("self-check.md", "", Some("pay"))),
            ("situations/a.md", "b.md?x=1#top", false, page("situations/b.md", "?x=1", Some("top"))),
            ("situations/a.md", " b.md ", false, page("situations/b.md", "", None)),
            ("situations/a.md", "b.md", true, file("situations/b.md", "", None)),
            ("situations/a.md", "pic.png?v=2", true, file("situations/pic.png", "?v=2", None)),
            ("situations/a.md", "#why", false, Written::SamePage { anchor: "why" }),
            ("situations/a.md", "/files/a.pdf#p2", false, Written::SitePath { path: "files/a.pdf#p2" }),
            ("situations/a.md", "https://e.org/a.md", false, Written::External),
            ("situations/a.md", "mailto:me@e.org", false, Written::External),
            ("situations/a.md", "tel:+358401234567", false, Written::External),
            ("situations/a.md", "//cdn.e.org/x.js", false, Written::External),
            ("situations/a.md", "../../etc/passwd", false, Written::Outside),
            ("situations/a.md", "", false, Written::Empty),
            ("", "situations/_index.md", false, page("situations/_index.md", "", None)),
            ("", "./about.md", false, page("about.md", "", None)),
        ];
        for (from, dest, image, expected) in cases {
            assert_eq!(classify(from, dest, image), expected, "{from}: {dest}");
        }
    }
}

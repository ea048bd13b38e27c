//! Reading `content/`: walk the folder, split front matter from body, and type
//! the front matter. Nothing here knows about URLs or other pages.

use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::Deserialize;
use walkdir::WalkDir;

use crate::error::{Diagnostic, Error, Result, io_error, utf8_error};
use crate::text::{is_ignored, relative_slash_path};

/// The folder, under the site root, that holds the guide's Markdown.
pub const CONTENT_DIR: &str = "content";

/// Front matter of a page or section, as the author wrote it.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    pub title: String,
    #[serde(default)]
    pub description: Option<String>,
    /// Lower weights come first; pages without one follow, by title.
    #[serde(default)]
    pub weight: Option<i64>,
    /// `YYYY-MM-DD`, optionally with a time; shown by templates and used in the sitemap.
    #[serde(default)]
    pub date: Option<String>,
    #[serde(default)]
    pub draft: bool,
    /// A template to use instead of the default for this kind of page.
    #[serde(default)]
    pub template: Option<String>,
    /// Replaces the last part of the URL (the file name by default).
    #[serde(default)]
    pub slug: Option<String>,
    /// Old URLs that should redirect here.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Anything the author wants to hand to templates.
    #[serde(default)]
    pub extra: serde_yaml::Value,
    /// A worksheet, self-check or letter the page lets readers fill in (see `crate::forms`).
    #[serde(default)]
    pub form: Option<crate::forms::Form>,
}

/// One Markdown file of `content/`, read and split.
#[derive(Clone, Debug)]
pub struct Source {
    /// Path relative to `content/`, with `/` separators: `situations/guarantee.md`.
    pub rel: String,
    /// Path relative to the site root, for messages: `content/situations/guarantee.md`.
    pub path: PathBuf,
    /// The whole file.
    pub text: String,
    /// Byte offset where the Markdown body starts.
    pub body_start: usize,
    pub front: FrontMatter,
}

impl Source {
    /// The Markdown body.
    pub fn body(&self) -> &str {
        &self.text[self.body_start..]
    }

    /// The same file with the Markdown body dropped: front matter only.
    pub fn without_body(&self) -> Source {
        Source {
            rel: self.rel.clone(),
            path: self.path.clone(),
            text: self.text[..self.body_start].to_string(),
            body_start: self.body_start,
            front: self.front.clone(),
        }
    }

    /// Whether this is a section's own page (`_index.md`).
    pub fn is_section(&self) -> bool {
        self.rel == "_index.md" || self.rel.ends_with("/_index.md")
    }
}

/// What `content/` holds.
#[derive(Debug, Default)]
pub struct Content {
    pub sources: Vec<Source>,
    /// Drafts that were left out (relative to `content/`), so a link to one can say so.
    pub skipped_drafts: Vec<String>,
    /// Other files (images, PDFs) copied to the same place in the output, relative to `content/`.
    pub assets: Vec<String>,
}

/// Reads every file under `root/content`, in parallel. Problems in several
/// files are all reported together.
pub fn load(root: &Path, drafts: bool) -> Result<Content> {
    all_or_nothing(read_all(root, drafts, true)?)
}

/// A file of `content/` that could not be loaded: its path relative to
/// `content/` (`None` when the folder walk failed) and why.
pub type Unloaded = (Option<String>, Diagnostic);

/// Like [`load`], but a file that cannot be read or parsed does not stop the
/// others: returns what did load, and a problem for each file that did not,
/// with its path relative to `content/` (`None` when the folder walk failed).
/// `check` uses this to report every problem in one run; `build` stays all or nothing.
pub fn load_tolerant(root: &Path, drafts: bool) -> Result<(Content, Vec<Unloaded>)> {
    read_all(root, drafts, true)
}

/// Like [`load`], but keeps only each file's front matter: what a build needs
/// to place every page before it renders any (see `build.rs`).
pub fn load_front_matter(root: &Path, drafts: bool) -> Result<Content> {
    all_or_nothing(read_all(root, drafts, false)?)
}

/// What loaded, or every problem if any file did not.
fn all_or_nothing((content, failed): (Content, Vec<Unloaded>)) -> Result<Content> {
    if failed.is_empty() { Ok(content) } else { Err(Error::new(failed.into_iter().map(|(_, d)| d).collect())) }
}

/// Reads every Markdown file of `content/` in parallel, with or without its body.
fn read_all(root: &Path, drafts: bool, bodies: bool) -> Result<(Content, Vec<Unloaded>)> {
    let Listing { markdown, assets, mut problems } = list(root)?;
    let read = |rel: &String| read_source(root, rel).map(|s| if bodies { s } else { s.without_body() });
    let results: Vec<Result<Source, Diagnostic>> = markdown.par_iter().map(read).collect();
    let mut content = Content { assets, ..Content::default() };
    for (rel, r) in markdown.into_iter().zip(results) {
        match r {
            Ok(s) if s.front.draft && !drafts => content.skipped_drafts.push(s.rel),
            Ok(s) => content.sources.push(s),
            Err(d) => problems.push((Some(rel), d)),
        }
    }
    Ok((content, problems))
}

/// The files of `content/`, relative to it, in a stable order.
#[derive(Debug, Default)]
pub struct Listing {
    pub markdown: Vec<String>,
    pub assets: Vec<String>,
    /// Parts of the folder that could not be read.
    pub problems: Vec<Unloaded>,
}

/// Walks `root/content`, leaving out editors' leftovers.
pub fn list(root: &Path) -> Result<Listing> {
    let dir = root.join(CONTENT_DIR);
    if !dir.is_dir() {
        return Err(Diagnostic::error(format!("no `{CONTENT_DIR}/` folder in `{}`", root.display()))
            .hint("create content/_index.md, or start a new guide with `rajat init`")
            .into());
    }
    let mut listing = Listing::default();
    for entry in WalkDir::new(&dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_ignored(e.file_name()))
    {
        match entry {
            Ok(e) if e.file_type().is_file() => {
                let rel = relative_slash_path(&dir, e.path());
                if rel.ends_with(".md") {
                    listing.markdown.push(rel);
                } else {
                    listing.assets.push(rel);
                }
            }
            Ok(_) => {}
            Err(e) => listing.problems.push((None, Diagnostic::error(format!("could not read `{CONTENT_DIR}/`: {e}")))),
        }
    }
    Ok(listing)
}

/// Reads and splits one Markdown file, `rel` being relative to `content/`.
pub fn read_source(root: &Path, rel: &str) -> Result<Source, Diagnostic> {
    let path = Path::new(CONTENT_DIR).join(rel);
    let bytes = std::fs::read(root.join(&path)).map_err(|e| io_error(&path, "read", &e))?;
    let text = String::from_utf8(bytes).map_err(|e| utf8_error(&path, e))?;
    parse_source(rel, path, text)
}

/// Splits and types the front matter of a file already in memory.
pub fn parse_source(rel: &str, path: PathBuf, text: String) -> Result<Source, Diagnostic> {
    let split = split_front_matter(&text).map_err(|d| d.in_file(&path))?;
    let front: FrontMatter = crate::yaml::parse(&path, &text, &text[split.yaml.clone()], split.yaml_line)
        .map_err(|d| crate::forms::refine(d, &text))?;
    validate(&front, &path, &text)?;
    Ok(Source { rel: rel.to_string(), path, body_start: split.body_start, front, text })
}

/// Where the parts of a Markdown file are.
#[derive(Debug, PartialEq)]
pub struct Split {
    /// Byte range of the YAML between the `---` lines.
    pub yaml: std::ops::Range<usize>,
    /// 1-based file line of the YAML's first line.
    pub yaml_line: usize,
    pub body_start: usize,
}

/// Finds the YAML front matter between two `---` lines at the top of a file.
pub fn split_front_matter(text: &str) -> Result<Split, Diagnostic> {
    let bom = if text.starts_with('\u{feff}') { '\u{feff}'.len_utf8() } else { 0 };
    let mut lines = text[bom..].split_inclusive('\n');
    let first = lines.next().unwrap_or("");
    if first.trim_end() != "---" {
        return Err(Diagnostic::error("this file has no front matter")
            .at(text, 1, 1)
            .hint("start the file with a `---` line, then `title: Your title`, then another `---` line"));
    }
    let yaml_start = bom + first.len();
    let mut offset = yaml_start;
    for line in lines {
        if line.trim_end() == "---" {
            return Ok(Split { yaml: yaml_start..offset, yaml_line: 2, body_start: offset + line.len() });
        }
        offset += line.len();
    }
    Err(Diagnostic::error("the front matter is never closed")
        .at(text, 1, 1)
        .span(3)
        .hint("add a line with only `---` after the last front matter key"))
}

/// Checks the values serde cannot: non-empty title, a date that is a date, a slug that is one URL segment.
fn validate(front: &FrontMatter, path: &Path, text: &str) -> Result<(), Diagnostic> {
    let at_key = |key: &str, message: String| {
        let d = Diagnostic::error(message).in_file(path);
        match crate::error::find_key_line(text, key) {
            Some((line, col)) => d.at(text, line, col).span(key.len()),
            None => d.at(text, 1, 1),
        }
    };
    if front.title.trim().is_empty() {
        return Err(at_key("title", "the title is empty".into()).hint("every page needs a title: `title: Your title`"));
    }
    if let Some(date) = &front.date
        && !is_date(date)
    {
        return Err(at_key("date", format!("`{date}` is not a date"))
            .hint("write dates as YYYY-MM-DD, e.g. `date: 2026-11-28`"));
    }
    if let Some(slug) = &front.slug
        && (slug.is_empty() || slug.contains(['/', '\\', '?', '#', ' ']) || slug == "." || slug == "..")
    {
        return Err(at_key("slug", format!("`{slug}` is not a valid slug"))
            .hint("a slug is one part of a URL: letters, digits, `-` and `_`, e.g. `slug: pay-first`"));
    }
    if let Some(alias) =
        front.aliases.iter().find(|a| a.contains("..") || a.contains('\\') || a.trim_matches('/').is_empty())
    {
        return Err(at_key("aliases", format!("`{alias}` is not a usable alias"))
            .hint("an alias is a site path such as `old/page/` or `old-page.html`"));
    }
    Ok(())
}

/// `YYYY-MM-DD`, optionally followed by `T` or a space and a time.
fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    let digits = |r: std::ops::Range<usize>| b.get(r).is_some_and(|d| d.iter().all(u8::is_ascii_digit));
    let ok = b.len() >= 10 && digits(0..4) && b[4] == b'-' && digits(5..7) && b[7] == b'-' && digits(8..10);
    if !ok || !(b.len() == 10 || b[10] == b'T' || b[10] == b' ') {
        return false;
    }
    let month: u32 = s[5..7].parse().unwrap_or(0);
    let day: u32 = s[8..10].parse().unwrap_or(0);
    (1..=12).contains(&month) && (1..=31).contains(&day)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Source, Diagnostic> {
        parse_source("a.md", PathBuf::from("content/a.md"), text.to_string())
    }

    #[test]
    fn splits_front_matter_and_body() {
        let s = parse("---\ntitle: Hello\nweight: 2\n---\nBody *here*\n").unwrap();
        assert_eq!(s.front.title, "Hello");
        assert_eq!(s.front.weight, Some(2));
        assert_eq!(s.body(), "Body *here*\n");
    }

    #[test]
    fn handles_crlf_and_bom() {
        let s = parse("\u{feff}---\r\ntitle: Hi\r\n---\r\nBody\r\n").unwrap();
        assert_eq!(s.front.title, "Hi");
        assert_eq!(s.body(), "Body\r\n");
    }

    #[test]
    fn unclosed_front_matter_says_what_to_add() {
        let d = parse("---\ntitle: Hi\nBody\n").unwrap_err();
        assert_eq!(d.message, "the front matter is never closed");
        assert_eq!(d.line, 1);
        assert!(d.hint.unwrap().contains("---"));
    }

    #[test]
    fn yaml_error_line_is_the_file_line() {
        let d = parse("---\ntitle: Hi\nweight: [1\n---\n").unwrap_err();
        assert!(d.line >= 3, "{d:?}");
        let d = parse("---\ntitle: Hi\nauthor: Me\n---\n").unwrap_err();
        assert_eq!((d.line, d.message.as_str()), (3, "unknown key `author`"));
    }

    #[test]
    fn empty_title_bad_date_and_slug_are_refused() {
        assert_eq!(parse("---\ntitle: ''\n---\n").unwrap_err().line, 2);
        assert_eq!(parse("---\ntitle: a\ndate: 28.11.2026\n---\n").unwrap_err().line, 3);
        assert_eq!(parse("---\ntitle: a\nslug: a/b\n---\n").unwrap_err().line, 3);
        assert!(parse("---\ntitle: a\ndate: 2026-11-28T10:00:00Z\n---\n").is_ok());
    }
}

//! A page's front matter: found between the two `---` lines at the top of a
//! Markdown file, read into [`FrontMatter`] with every key checked.

use std::path::Path;

use serde::de::{DeserializeSeed, MapAccess};

use super::form::Form;
use crate::error::{Diagnostic, find_key_line};
use crate::text::{Quotes, smart_punctuation};
use crate::yaml::{FromMapping, Keys, Problem, Reader, entries};

/// Front matter of a page or section, as the author wrote it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FrontMatter {
    /// The page's title, shown as its heading and in listings.
    pub title: String,
    /// A shorter title for breadcrumbs and navigation, where the title is long.
    pub short_title: Option<String>,
    /// One sentence for search results and link previews.
    pub description: Option<String>,
    /// Lower weights come first; pages without one follow, by title.
    pub weight: Option<i64>,
    /// `YYYY-MM-DD`, optionally with a time; shown by templates and used in the sitemap.
    pub date: Option<String>,
    /// Left out of a build unless `--drafts`.
    pub draft: bool,
    /// A template to use instead of the default for this kind of page.
    pub template: Option<String>,
    /// Replaces the last part of the URL (the file name by default).
    pub slug: Option<String>,
    /// Old URLs that should redirect here.
    pub aliases: Vec<String>,
    /// Anything the author wants to hand to templates.
    pub extra: serde_yaml::Value,
    /// A worksheet, self-check or letter the page lets readers fill in.
    pub form: Option<Form>,
}

/// The keys of front matter, in the order the README lists them.
pub const FRONT_MATTER_KEYS: Keys = Keys {
    known: &[
        "title",
        "short_title",
        "description",
        "weight",
        "date",
        "draft",
        "template",
        "slug",
        "aliases",
        "extra",
        "form",
    ],
    own: Some("put keys of your own under `extra:`"),
};

/// Where the parts of a Markdown file are.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Split {
    /// Byte range of the YAML between the `---` lines.
    pub yaml: std::ops::Range<usize>,
    /// 1-based file line of the YAML's first line.
    pub yaml_line: usize,
    /// Byte offset where the Markdown body starts.
    pub body_start: usize,
}

/// Finds the YAML front matter between two `---` lines at the top of a file.
pub fn split(text: &str) -> Result<Split, Diagnostic> {
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

/// Reads and checks the front matter of `text`, the whole file at `path`.
pub fn read(path: &Path, text: &str, split: &Split, quotes: Quotes) -> Result<FrontMatter, Diagnostic> {
    let yaml = &text[split.yaml.clone()];
    let mut front =
        crate::yaml::read(path, text, yaml, split.yaml_line, |r, d| r.mapping::<FrontMatter>(()).deserialize(d))?;
    validate(&front, path, &text[..split.body_start])?;
    // What templates show of the front matter has the body's typography, in the page language's quotation marks.
    front.title = smart_punctuation(&front.title, quotes).into_owned();
    front.short_title = front.short_title.map(|t| smart_punctuation(&t, quotes).into_owned());
    front.description = front.description.map(|d| smart_punctuation(&d, quotes).into_owned());
    front.form = front.form.map(|f| f.with_typography(quotes));
    Ok(front)
}

impl FromMapping for FrontMatter {
    type Context<'c> = ();

    fn not_a_mapping() -> Problem {
        Problem::new(
            "front matter must be `key: value` lines",
            "write one key per line between the `---` lines, starting with `title: Your title`",
        )
    }

    fn read<'de, A: MapAccess<'de>>(r: &Reader, (): (), map: A) -> Result<FrontMatter, A::Error> {
        let mut front = FrontMatter::default();
        let mut title = None;
        entries(r, map, &FRONT_MATTER_KEYS, |key, map| {
            match key {
                "title" => title = Some(map.next_value_seed(r.value("title"))?),
                "short_title" => front.short_title = map.next_value_seed(r.value("short_title"))?,
                "description" => front.description = map.next_value_seed(r.value("description"))?,
                "weight" => front.weight = map.next_value_seed(r.value("weight"))?,
                "date" => front.date = map.next_value_seed(r.value("date"))?,
                "draft" => front.draft = map.next_value_seed(r.value("draft"))?,
                "template" => front.template = map.next_value_seed(r.value("template"))?,
                "slug" => front.slug = map.next_value_seed(r.value("slug"))?,
                "aliases" => front.aliases = map.next_value_seed(r.value("aliases"))?,
                "extra" => front.extra = map.next_value_seed(r.value("extra"))?,
                _ => front.form = Some(map.next_value_seed(r.mapping::<Form>(()))?),
            }
            Ok(())
        })?;
        front.title = title.ok_or_else(|| r.fail(FRONT_MATTER_KEYS.missing("title", "Your title")))?;
        Ok(front)
    }
}

/// Checks the values the reading cannot: a non-empty title, a date that is
/// a date, a slug that is one URL segment, aliases inside the site.
fn validate(front: &FrontMatter, path: &Path, header: &str) -> Result<(), Diagnostic> {
    let at_key = |key: &str, message: String| {
        let d = Diagnostic::error(message).in_file(path);
        match find_key_line(header, key) {
            Some((line, col)) => d.at(header, line, col).span(key.len()),
            None => d.at(header, 1, 1),
        }
    };
    if front.title.trim().is_empty() {
        return Err(at_key("title", "the title is empty".into()).hint("every page needs a title: `title: Your title`"));
    }
    if front.short_title.as_ref().is_some_and(|t| t.trim().is_empty()) {
        return Err(at_key("short_title", "the short title is empty".into())
            .hint("write a few words for breadcrumbs and navigation, or leave `short_title` out"));
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

//! `rajat new`: a new page or worksheet in `content/`, its front matter filled
//! in so it builds at once and sits at the end of its section.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::content::{CONTENT_DIR, PLACEHOLDER_DESCRIPTION};
use crate::error::{Diagnostic, Result, io_error};
use crate::text::{is_ignored, title_from_file_name};

/// What kind of page to create.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Blueprint {
    /// A page of text.
    Page,
    /// A page with a form the reader fills in.
    Worksheet,
}

/// The page `rajat new` created.
#[derive(Clone, Debug, PartialEq)]
pub struct Created {
    /// Relative to the site root: `content/situations/late-payer.md`.
    pub path: PathBuf,
    /// The title it was given, from the file name.
    pub title: String,
    /// `None` when the section's other pages have no weights either.
    pub weight: Option<i64>,
    /// The page it is a translation of, copied to be translated.
    pub original: Option<PathBuf>,
}

/// Creates `content/<path>` (`.md` added when missing) in the site at `root`,
/// in `language` (a code of site.yaml) when given: `late-payer.fi.md`. A
/// translation of a page that exists starts as a copy of it, its form's ids
/// and values and its weight already right, the words left to translate.
/// Refuses to overwrite a file that exists.
pub fn new_page(root: &Path, path: &str, blueprint: Blueprint, language: Option<&str>) -> Result<Created> {
    if !root.join(crate::config::CONFIG_FILE).is_file() {
        return Err(Diagnostic::error(format!("`{}` is not a rajat site: it has no site.yaml", root.display()))
            .hint("run `rajat new` in the guide's folder, pass --root, or start a guide with `rajat init`")
            .into());
    }
    let written = content_rel(path)?;
    let written_key = |rel: &str| match rel.rsplit_once('.').and_then(|(stem, _)| stem.rsplit_once('.')) {
        Some((stem, code)) if language == Some(code) => format!("{stem}.md"),
        _ => rel.to_string(),
    };
    let (rel, original) = match language {
        None => (written, None),
        Some(code) => {
            let config = crate::config::Config::load(root)?;
            let Some(lang) = config.languages.iter().position(|l| l.code == code) else {
                let codes: Vec<String> = config.languages.iter().map(|l| format!("`{}`", l.code)).collect();
                return Err(Diagnostic::error(format!("the guide has no language `{code}`"))
                    .in_file(crate::config::CONFIG_FILE)
                    .hint(format!(
                        "its languages are {}; add `{code}:` under `languages:` in site.yaml first",
                        codes.join(", ")
                    ))
                    .into());
            };
            let (_, key) = config.language_of(&written);
            let rel = config.file_in(&key, lang);
            let original = (lang != crate::config::DEFAULT_LANGUAGE).then(|| key.into_owned());
            let quotes = crate::text::Quotes::of(&config.languages[crate::config::DEFAULT_LANGUAGE].code);
            (rel, original.filter(|o| root.join(CONTENT_DIR).join(o).is_file()).map(|o| (o, quotes)))
        }
    };
    let display = Path::new(CONTENT_DIR).join(&rel);
    let file = root.join(&display);
    let (text, title, weight) = match &original {
        Some((original, quotes)) => {
            let (header, text) = crate::content::read(root, original, *quotes)?;
            let note = format!(
                "# Translated from content/{original}: translate the words; keep the form's ids, values and points.\n"
            );
            let text = match text.split_once('\n') {
                Some((first, rest)) => format!("{first}\n{note}{rest}"),
                None => text,
            };
            (text, header.front.title, header.front.weight)
        }
        None => {
            let title = title_from_file_name(&written_key(&rel));
            let weight = next_weight(root, &rel);
            (front_matter(&title, weight, blueprint), title, weight)
        }
    };
    if let Some(parent) = file.parent() {
        std::fs::create_dir_all(parent).map_err(|e| io_error(parent, "create the folder", &e))?;
    }
    let mut out = match std::fs::OpenOptions::new().write(true).create_new(true).open(&file) {
        Ok(out) => out,
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            return Err(Diagnostic::error(format!("`{}` already exists", display.display()))
                .in_file(&display)
                .hint("rajat new never overwrites a page; pick another name, or edit the page that is there")
                .into());
        }
        Err(e) => return Err(io_error(&display, "create", &e).into()),
    };
    out.write_all(text.as_bytes()).map_err(|e| io_error(&display, "write", &e))?;
    Ok(Created { path: display, title, weight, original: original.map(|(o, _)| Path::new(CONTENT_DIR).join(o)) })
}

/// The path relative to `content/`, with `/` separators and `.md` at the end.
/// A leading `content/` is dropped, since a shell completes paths from the site folder.
pub fn content_rel(path: &str) -> Result<String, Diagnostic> {
    let slashed = path.trim().replace('\\', "/");
    let slashed = slashed.strip_prefix("./").unwrap_or(&slashed);
    let slashed = slashed.strip_prefix("content/").unwrap_or(slashed);
    let hint = "give a path inside content/, such as `situations/late-payer` or `worksheets/pricing.md`";
    if slashed.is_empty() || slashed.starts_with('/') || slashed.ends_with('/') {
        return Err(Diagnostic::error(format!("`{path}` is not a page path")).hint(hint));
    }
    let parts: Vec<&str> = slashed.split('/').filter(|p| !p.is_empty() && *p != ".").collect();
    if let Some(bad) = parts.iter().find(|p| **p == ".." || p.contains(':')) {
        return Err(Diagnostic::error(format!("`{path}` leaves content/ (`{bad}`)")).hint(hint));
    }
    if let Some(hidden) = parts.iter().find(|p| is_ignored(std::ffi::OsStr::new(p))) {
        return Err(Diagnostic::error(format!("rajat ignores files named like `{hidden}`"))
            .hint("names starting with `.` or `#`, or ending in `~` or `.bak`, are treated as editor leftovers; choose another name"));
    }
    let mut rel = parts.join("/");
    if !rel.ends_with(".md") {
        rel.push_str(".md");
    }
    Ok(rel)
}

/// One more than the highest weight among the pages beside `rel` in its
/// section: the Markdown files of its folder and the `_index.md` of the folders
/// inside it (for a section's own `_index.md`, those of the folder above).
/// `Some(1)` for the first page; `None` when siblings exist but none has a weight,
/// since any weight would put the new page before them.
fn next_weight(root: &Path, rel: &str) -> Option<i64> {
    let mut dir: Vec<&str> = rel.split('/').collect();
    let name = dir.pop().unwrap_or_default();
    if name == "_index.md" {
        dir.pop();
    }
    let dir = dir.join("/");
    let prefix = if dir.is_empty() { String::new() } else { format!("{dir}/") };
    let Ok(entries) = std::fs::read_dir(root.join(CONTENT_DIR).join(&dir)) else {
        return Some(1);
    };
    let mut siblings = Vec::new();
    for entry in entries.flatten() {
        let file_name = entry.file_name().to_string_lossy().into_owned();
        if is_ignored(entry.file_name().as_os_str()) {
            continue;
        }
        let path = entry.path();
        if path.is_dir() {
            siblings.push(format!("{prefix}{file_name}/_index.md"));
        } else if file_name.ends_with(".md") && file_name != "_index.md" {
            siblings.push(format!("{prefix}{file_name}"));
        }
    }
    let sources: Vec<_> = siblings
        .iter()
        .filter(|s| *s != rel)
        .filter_map(|s| crate::content::read(root, s, Default::default()).ok().map(|(h, _)| h))
        .collect();
    match sources.iter().filter_map(|s| s.front.weight).max() {
        Some(max) => Some(max.saturating_add(1)),
        None if sources.is_empty() => Some(1),
        None => None,
    }
}

/// The text of the new file.
fn front_matter(title: &str, weight: Option<i64>, blueprint: Blueprint) -> String {
    let mut text = format!("---\ntitle: {}\ndescription: {PLACEHOLDER_DESCRIPTION}\n", crate::yaml::scalar(title));
    if let Some(weight) = weight {
        text.push_str(&format!("weight: {weight}\n"));
    }
    let body = match blueprint {
        Blueprint::Page => PAGE_BODY,
        Blueprint::Worksheet => {
            text.push_str(WORKSHEET_FORM);
            WORKSHEET_BODY
        }
    };
    text.push_str("---\n");
    text.push_str(body);
    text
}

/// What a new page says to its author, after the front matter.
const PAGE_BODY: &str = include_str!("new/page.md");
/// A small example form (`form:` front matter, see `crate::content::form`) showing the common kinds of question.
const WORKSHEET_FORM: &str = include_str!("new/worksheet-form.yaml");
const WORKSHEET_BODY: &str = include_str!("new/worksheet.md");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_relative_to_content_and_end_in_md() {
        assert_eq!(content_rel("situations/late-payer").unwrap(), "situations/late-payer.md");
        assert_eq!(content_rel("content/a.md").unwrap(), "a.md");
        assert_eq!(content_rel("./a//b").unwrap(), "a/b.md");
        for bad in ["", "../outside", "/etc/passwd", "a/", "notes/.hidden", "a~"] {
            assert!(content_rel(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_new_worksheet_has_a_valid_example_form() {
        let text = front_matter("Pricing", Some(4), Blueprint::Worksheet);
        let header =
            crate::content::parse("w/pricing.md", PathBuf::from("content/w/pricing.md"), &text, Default::default())
                .unwrap();
        let form = header.front.form.as_ref().expect("a form");
        assert_eq!(form.kind, crate::content::form::FormKind::Worksheet);
        assert!(form.fields.len() >= 3);
        assert!(text[header.body_start()..].contains("under `form:`"));
    }

    #[test]
    fn titles_that_look_like_yaml_are_quoted() {
        let text = front_matter("Null", Some(3), Blueprint::Page);
        let header = crate::content::parse("a.md", PathBuf::from("content/a.md"), &text, Default::default()).unwrap();
        assert_eq!((header.front.title.as_str(), header.front.weight), ("Null", Some(3)));
    }
}

//! What a form points at, checked once the whole site is known: the
//! situation page of each question and reason, the letter page of a
//! self-check, and links inside help texts and results. A problem is reported
//! at the line of the front matter where the path is written.

use pulldown_cmark::{Event, Parser, Tag};

use super::{Form, FormKind};
use crate::content::Source;
use crate::error::Diagnostic;
use crate::site::{PageId, Site};

/// Where a link written in a form goes.
#[derive(Clone, Debug, PartialEq)]
pub enum Target {
    /// A page of the guide, with an optional `#anchor`.
    Page(PageId, Option<String>),
    /// Anything else: a URL to use as it is.
    Url(String),
}

/// Resolves a link written in the form of the page `from` (relative to
/// `content/`), the way links in Markdown bodies are resolved. The error is a
/// message and a hint.
pub fn resolve(site: &Site, from: &str, dest: &str) -> Result<Target, (String, String)> {
    let dest = dest.trim();
    if dest.is_empty() || dest.contains("://") || dest.starts_with("mailto:") || dest.starts_with("//") {
        return Ok(Target::Url(dest.to_string()));
    }
    let (path, anchor) = match dest.split_once('#') {
        Some((p, a)) => (p, Some(a.to_string())),
        None => (dest, None),
    };
    if path.is_empty() {
        return Ok(Target::Url(dest.to_string()));
    }
    if let Some(site_path) = path.strip_prefix('/') {
        let anchor = anchor.map(|a| format!("#{a}")).unwrap_or_default();
        return Ok(Target::Url(format!("{}{site_path}{anchor}", site.config.base_path)));
    }
    let Some(rel) = crate::text::join(from, path) else {
        return Err((format!("the link `{dest}` points outside content/"), "link to a file inside content/".into()));
    };
    if !rel.ends_with(".md") {
        let anchor = anchor.map(|a| format!("#{a}")).unwrap_or_default();
        return Ok(Target::Url(format!("{}{rel}{anchor}", site.config.base_path)));
    }
    match site.by_rel.get(&rel) {
        Some(&id) => Ok(Target::Page(id, anchor)),
        None if site.skipped_drafts.contains(&rel) => Err((
            format!("`{dest}` points to a draft"),
            "build with --drafts, or publish the page with `draft: false`".into(),
        )),
        None => Err((
            format!("broken link: `{dest}` points to a page that does not exist"),
            format!("there is no `content/{rel}`; paths are relative to this file's folder"),
        )),
    }
}

/// The URL of a resolved link (with the base path).
pub fn url(site: &Site, target: &Target) -> String {
    match target {
        Target::Page(id, anchor) => {
            let anchor = anchor.as_ref().map(|a| format!("#{a}")).unwrap_or_default();
            site.url(*id) + &anchor
        }
        Target::Url(url) => url.clone(),
    }
}

/// Checks the forms of the given pages; every problem is reported.
pub fn check(site: &Site, ids: &[PageId]) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    for &id in ids {
        let source = &site.pages[id].source;
        if let Some(form) = &source.front.form {
            check_form(site, id, source, form, &mut problems);
        }
    }
    problems
}

fn check_form(site: &Site, id: PageId, source: &Source, form: &Form, problems: &mut Vec<Diagnostic>) {
    let mut link = |dest: &str, after: &str| {
        if let Err((message, hint)) = check_link(site, &source.rel, dest) {
            problems.push(at(source, dest, after).hint(hint).with_message(message));
        }
    };
    for field in &form.fields {
        let after = format!("id: {}", field.id);
        if let Some(situation) = &field.situation {
            link(situation, &after);
        }
        for choice in &field.options {
            if let Some(situation) = &choice.situation {
                link(situation, &after);
            }
        }
        for dest in field.help.iter().flat_map(|h| markdown_links(h)) {
            link(&dest, &after);
        }
    }
    let texts = form.results.iter().map(|b| b.text.as_str()).chain(form.stop_result.iter().map(|s| s.text.as_str()));
    for dest in texts.flat_map(markdown_links) {
        link(&dest, "results:");
    }
    if let Some(letter_page) = &form.letter_page {
        match resolve(site, &source.rel, letter_page) {
            Ok(Target::Page(target, _)) => {
                let kind = site.pages[target].front().form.as_ref().map(|f| f.kind);
                if kind != Some(FormKind::RefusalLetter) {
                    problems.push(
                        at(source, letter_page, "letter_page")
                            .with_message(format!("`{letter_page}` has no letter form to open"))
                            .hint("point `letter_page:` at the page whose form has `kind: letter`"),
                    );
                }
            }
            Ok(Target::Url(_)) => problems.push(
                at(source, letter_page, "letter_page")
                    .with_message(format!("`{letter_page}` is not a page of the guide"))
                    .hint("write the letter page's `.md` path, relative to this file"),
            ),
            Err((message, hint)) => {
                problems.push(at(source, letter_page, "letter_page").with_message(message).hint(hint))
            }
        }
    }
    // Field ids are anchors too (see `has_anchor`); they must not shadow a heading.
    let headings = &site.pages[id].rendered.anchors;
    for field in form.fields.iter().filter(|f| headings.contains(&f.id)) {
        problems.push(
            at(source, &format!("id: {}", field.id), "fields:")
                .with_message(format!("the field `{}` has the same id as a heading on this page", field.id))
                .hint("give the field another id, or the heading another `{#id}`: a link to either would be ambiguous"),
        );
    }
}

/// Whether `anchor` names a question of the page's form (`self-check.md#wont-pay`).
pub fn has_anchor(page: &crate::site::Page, anchor: &str) -> bool {
    page.front().form.as_ref().is_some_and(|f| f.anchors().any(|a| a == anchor))
}

/// Checks one link, including its `#anchor`.
fn check_link(site: &Site, from: &str, dest: &str) -> Result<(), (String, String)> {
    match resolve(site, from, dest)? {
        Target::Page(target, Some(anchor)) if !anchor.is_empty() => {
            let page = &site.pages[target];
            if page.rendered.anchors.contains(&anchor) || has_anchor(page, &anchor) {
                Ok(())
            } else {
                Err((
                    format!("broken anchor: `#{anchor}` is not a heading on `{}`", page.source.path.display()),
                    "link to one of the page's headings, or to the page without `#…`".into(),
                ))
            }
        }
        _ => Ok(()),
    }
}

/// The destinations of the links in a Markdown text.
pub fn markdown_links(text: &str) -> Vec<String> {
    Parser::new_ext(text, crate::markdown::options())
        .filter_map(|e| match e {
            Event::Start(Tag::Link { dest_url, .. }) | Event::Start(Tag::Image { dest_url, .. }) => {
                Some(dest_url.to_string())
            }
            _ => None,
        })
        .collect()
}

/// A diagnostic at the first place `needle` is written in the front matter,
/// looking after the line holding `after` when there is one.
fn at(source: &Source, needle: &str, after: &str) -> Diagnostic {
    let front = &source.text[..source.body_start.min(source.text.len())];
    let start = front.find(after).unwrap_or(0);
    let found = front[start..].find(needle).map(|i| start + i).or_else(|| front.find(needle));
    let d = Diagnostic::error("").in_file(&source.path);
    match found {
        Some(offset) => d.at_offset(&source.text, offset).span(needle.chars().count()),
        None => match crate::error::find_key_line(front, "form") {
            Some((line, col)) => d.at(&source.text, line, col).span(4),
            None => d.at(&source.text, 1, 1),
        },
    }
}

trait WithMessage {
    fn with_message(self, message: impl Into<String>) -> Self;
}

impl WithMessage for Diagnostic {
    fn with_message(mut self, message: impl Into<String>) -> Self {
        self.message = message.into();
        self
    }
}

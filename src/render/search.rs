//! The search index, a generated file of step 4: per language, the words of
//! its pages (read from each page's body HTML as step 2 renders it) made
//! into the scripts the theme's search box loads (see `crate::search::index`).
//!
//! Made only when the theme shows a search box (its templates use
//! `site.search`) and site.yaml does not say `search: false`, so a site with
//! templates of its own pays nothing for it.

use std::sync::Arc;

use rayon::prelude::*;

use super::Sources;
use crate::config::Lang;
use crate::error::Diagnostic;
use crate::markdown::{Outline, TocEntry};
use crate::search::Stemmer;
use crate::search::html::Section;
pub use crate::search::index::Depth;
use crate::search::index::{self, Listed, PageWords};
use crate::site::{PageId, Site};
use crate::theme::Theme;

/// The search box's script, below the base URL; the index of language `fi`
/// is beside it, in `rajat/search/fi/`.
pub const SCRIPT: &str = "rajat/search.js";

/// Whether the site gets search: the theme shows a search box, and site.yaml did not turn it off.
pub fn wanted(site: &Site, theme: &Theme) -> bool {
    site.config.search && theme.uses_attribute("site", "search", None)
}

/// The address of the search script, for templates (`site.search`), when the site has search.
pub fn url(site: &Site, theme: &Theme) -> Option<String> {
    wanted(site, theme).then(|| site.config.url(SCRIPT))
}

/// The browser's names of the stemmers the site's languages use (`english`, `finnish`).
pub fn stemmers(site: &Site) -> Vec<&'static str> {
    let mut names: Vec<&str> = (0..site.languages()).filter_map(|lang| stemmer(site, lang).name()).collect();
    names.sort_unstable();
    names.dedup();
    names
}

/// The stemmer of language `lang`.
fn stemmer(site: &Site, lang: Lang) -> Stemmer {
    Stemmer::for_language(&site.config.languages[lang].code)
}

/// How much of language `lang`'s pages its index holds (see [`Depth`]).
pub fn depth(site: &Site, lang: Lang) -> Depth {
    Depth::of_language(site.order_of(lang).len())
}

/// The words of page `id`, whose body is `html`, as deep as `depth` (its
/// language's) says: what step 2 keeps of each page it renders. A page's
/// headings are taken from its `outline` when it has one: the HTML need not
/// be read for them.
pub fn page_words(site: &Site, id: PageId, depth: Depth, html: &str, outline: Option<&Outline>) -> PageWords {
    let front = site.pages[id].front();
    let description = front.description.as_deref().unwrap_or("");
    match (depth, outline) {
        (Depth::Headings, Some(outline)) => {
            let mut sections = vec![Section::default()];
            headings_of(&outline.toc, &mut sections);
            PageWords::of_sections(depth, &front.title, description, sections)
        }
        _ => PageWords::new(depth, &front.title, description, html),
    }
}

/// The headings of a table of contents, in order, as sections without text
/// (those of levels 2 to 6, as `search::html` reads them from HTML).
fn headings_of(toc: &[TocEntry], sections: &mut Vec<Section>) {
    for entry in toc {
        if (2..=6).contains(&entry.level) {
            sections.push(Section { heading: Some((entry.title.clone(), entry.id.clone())), text: String::new() });
        }
        headings_of(&entry.children, sections);
    }
}

/// The index of every language, as output paths and contents. `words` has
/// the pages step 2 rendered; the others come from `sources` (kept by
/// `serve`), or are read from their Markdown.
pub fn files(
    site: &Site,
    sources: &dyn Sources,
    words: &mut [Option<Arc<PageWords>>],
) -> Result<Vec<(String, Vec<u8>)>, Diagnostic> {
    let clock = crate::timings::Phases::start();
    let depths: Vec<Depth> = (0..site.languages()).map(|lang| depth(site, lang)).collect();
    let depth_of = |id: PageId| depths[site.pages[id].lang];
    // Pages step 2 did not read, or read as deep as their language was before it grew or shrank.
    let missing: Vec<PageId> =
        (0..site.pages.len()).filter(|&id| words[id].as_ref().is_none_or(|w| w.depth != depth_of(id))).collect();
    let found: Vec<Result<(PageId, Arc<PageWords>), Diagnostic>> = missing
        .into_par_iter()
        .map(|id| {
            if let Some(kept) = sources.kept_words(id).filter(|w| w.depth == depth_of(id)) {
                return Ok((id, kept));
            }
            let html = super::booklet::body_of(site, sources, id)?;
            Ok((id, Arc::new(page_words(site, id, depth_of(id), &html, None))))
        })
        .collect();
    for result in found {
        let (id, page_words) = result?;
        words[id] = Some(page_words);
    }
    let languages: Vec<Lang> = (0..site.languages()).collect();
    let files = languages
        .into_par_iter()
        .flat_map_iter(|lang| {
            let pages: Vec<Listed> = site
                .order_of(lang)
                .iter()
                .filter_map(|&id| {
                    let page = &site.pages[id];
                    Some(Listed {
                        title: page.title(),
                        path: &page.path,
                        section: page.parent.filter(|&p| p != site.home(lang)).map(|p| site.pages[p].title()),
                        words: words[id].as_deref()?,
                    })
                })
                .collect();
            let code = &site.config.languages[lang].code;
            let folder = format!("rajat/search/{code}/");
            index::build(code, stemmer(site, lang), &pages)
                .into_iter()
                .map(move |(name, bytes)| (format!("{folder}{name}"), bytes))
        })
        .collect();
    clock.lap("search: the index");
    Ok(files)
}

//! A page's form as the reader meets it: accessible HTML that works printed
//! and without JavaScript ([`html`]), and the definition as JSON for the
//! script that brings it to life ([`json`]).
//!
//! Both write the links the definition holds — situation pages, the letter
//! page, links in help texts and results — so both resolve them through one
//! [`FormRenderer`], which records each link once, with its place in the
//! front matter, and notes which other pages the form shows.

mod html;
mod json;

use std::cell::RefCell;
use std::collections::HashMap;

use crate::content::Header;
use crate::content::form::Form;
use crate::error::Diagnostic;
use crate::links::{self, Link, Resolved, Target};
use crate::site::{PageId, Site, at_front_matter};

/// A form, rendered.
#[derive(Debug, Default)]
pub struct RenderedForm {
    /// The form, its definition and its script tag, ready for `{{ page.form }}`.
    pub html: String,
    /// Every link the form writes.
    pub links: Vec<Link>,
    /// The other pages whose titles or forms it shows.
    pub reads: Vec<PageId>,
    /// Links that lead nowhere.
    pub problems: Vec<Diagnostic>,
}

/// The form of page `id`, or `None` when the page has none.
pub fn render(site: &Site, id: PageId) -> Option<RenderedForm> {
    let page = &site.pages[id];
    let form = page.front().form.as_ref()?;
    let r = FormRenderer {
        site,
        header: &page.header,
        form,
        // A translation's form has its original's id: a shared link names the same form in each language.
        form_id: form.id_for(&site.config.language_of(&page.header.rel).1),
        words: &site.config.languages[page.lang].form_words,
        links: RefCell::default(),
        seen: RefCell::default(),
        reads: RefCell::default(),
        problems: RefCell::default(),
    };
    // A letter's reasons name their situations; the letter shows none of
    // them, but they are links all the same, checked and recorded with the rest.
    for field in &form.fields {
        for situation in field.options.iter().filter_map(|c| c.situation.as_deref()) {
            r.link(situation, &format!("id: {}", field.id));
        }
    }
    let html = html::render(&r, page.title());
    Some(RenderedForm {
        html,
        links: r.links.into_inner(),
        reads: r.reads.into_inner(),
        problems: r.problems.into_inner(),
    })
}

/// What rendering one form needs, and what it has found so far.
struct FormRenderer<'a> {
    site: &'a Site,
    header: &'a Header,
    form: &'a Form,
    form_id: String,
    /// The forms' words in the page's language.
    words: &'a crate::words::Words,
    links: RefCell<Vec<Link>>,
    /// Each link written so far, by what the author wrote: HTML and JSON
    /// both write some of them, and each is recorded and reported once.
    seen: RefCell<HashMap<String, Option<Resolved>>>,
    reads: RefCell<Vec<PageId>>,
    problems: RefCell<Vec<Diagnostic>>,
}

impl FormRenderer<'_> {
    /// Resolves a link the form writes; `after` is text of the front matter
    /// after which it is written (`id: wont-pay`), to point at the right one.
    fn link(&self, dest: &str, after: &str) -> Option<Resolved> {
        if let Some(seen) = self.seen.borrow().get(dest) {
            return seen.clone();
        }
        let place = at_front_matter(self.header, dest.trim(), after);
        let resolved = match links::resolve(self.site, &self.header.rel, dest, false) {
            Ok(resolved) => {
                self.links.borrow_mut().push(Link {
                    dest: dest.to_string(),
                    target: resolved.target.clone(),
                    image: false,
                    line: place.line,
                    col: place.col,
                });
                if let Some(id) = self.page_of(&resolved) {
                    self.reads.borrow_mut().push(id);
                }
                Some(resolved)
            }
            Err(broken) => {
                let mut d = place.hint(broken.hint());
                d.message = match broken {
                    links::Broken::Draft { .. } => format!("`{dest}` points to a draft"),
                    _ => broken.message(dest),
                };
                self.problems.borrow_mut().push(d);
                None
            }
        };
        self.seen.borrow_mut().insert(dest.to_string(), resolved.clone());
        resolved
    }

    /// A link's address as the form's script uses it: relative to the page
    /// with `relative_urls`, as the HTML's links are (see [`crate::render::urls`]).
    fn script_address(&self, href: String) -> String {
        let config = &self.site.config;
        let page = self.site.by_rel.get(&self.header.rel).map(|&id| self.site.pages[id].path.as_str());
        match (config.relative_urls, page, href.strip_prefix(config.base_path.as_str())) {
            (true, Some(page), Some(rest)) => super::urls::relative(page.trim_end_matches('/'), rest),
            _ => href,
        }
    }

    /// The page a resolved link leads to, if it is one.
    fn page_of(&self, resolved: &Resolved) -> Option<PageId> {
        match &resolved.target {
            Target::Page { rel, .. } => self.site.by_rel.get(rel).copied(),
            _ => None,
        }
    }

    /// The address and title of a page the form links to (the address as
    /// written, when the link is broken: that is reported already).
    fn page_link(&self, dest: &str, after: &str) -> (String, String) {
        match self.link(dest, after) {
            Some(resolved) => {
                let title = match self.page_of(&resolved) {
                    Some(id) => self.site.pages[id].title().to_string(),
                    None => dest.to_string(),
                };
                (resolved.href, title)
            }
            None => (dest.to_string(), dest.to_string()),
        }
    }
}

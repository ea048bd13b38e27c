//! `page.nav`: the navigation a page shows, small whatever the size of the
//! guide. A guide of up to [`FULL_TREE_MAX`] pages shows its whole tree on
//! every page, as before. A larger one shows what the doc themes that scale
//! show: every top-level entry, the path down to the page, and the pages of
//! each section on that path; other sections are folded. A list longer than
//! [`LONG_LIST`] shows a window of pages around the one on the path, and a
//! link to its section for the rest. So every page's navigation is bounded,
//! and a build writes output linear in the number of pages.
//!
//! Every entry shown is noted in the page's [`ReadLog`]: its title and
//! address as a read of that page, and each list as a read of its section's
//! order, so `serve` renders a page again exactly when something it shows changes.

use std::sync::Arc;

use minijinja::Value;
use minijinja::value::{Enumerator, Object};

use super::values::ReadLog;
use crate::site::{PageId, Site};

/// Guides up to this many pages show the whole tree on every page.
pub const FULL_TREE_MAX: usize = 60;

/// Pages shown either side of the page on the path in a long list.
pub const WINDOW: usize = 10;

/// Lists longer than this are shown as a window around the page on the path.
pub const LONG_LIST: usize = 2 * WINDOW + 5;

/// The navigation of page `id`: a list of entries, each `title` (the short
/// title where there is one), `url`, `kind` (`page`, `section`, or `more`
/// for the link standing for pages left out, with their `count`),
/// `current`, `open` (its children are shown) and `children`.
///
/// `closed` holds each page's entry as most pages show it (see [`closed_entry`]),
/// made once per build: a page's navigation is then mostly shared values.
pub fn page_nav(site: &Site, closed: &[Value], id: PageId, log: Option<&Arc<ReadLog>>) -> Value {
    let full = site.pages.len() <= FULL_TREE_MAX;
    let mut on_path = vec![id];
    let mut up = site.pages[id].parent;
    while let Some(p) = up {
        on_path.push(p);
        up = site.pages[p].parent;
    }
    let home = site.home(site.pages[id].lang);
    Value::from(entries(site, closed, home, id, &on_path, full, log))
}

/// Page `id`'s entry when it is neither open nor the current page.
pub fn closed_entry(site: &Site, id: PageId) -> Value {
    entry(site, id, false, false, !site.pages[id].children.is_empty(), Vec::new())
}

fn entry(site: &Site, id: PageId, current: bool, open: bool, folded: bool, children: Vec<Value>) -> Value {
    let page = &site.pages[id];
    let front = page.front();
    Value::from_object(Entry {
        title: Value::from(front.short_title.as_deref().unwrap_or(&front.title)),
        url: Value::from(site.url(id)),
        kind: page.kind.name(),
        current,
        open,
        folded: Some(folded),
        count: None,
        children: Value::from(children),
    })
}

/// An entry of `page.nav`: a page, or (`kind` `more`, with a `count`) the
/// pages a long list leaves out. An object rather than a map: a theme reads
/// half a dozen of these values for each of the forty-odd entries of every
/// page's navigation, and a match finds each at once.
#[derive(Debug)]
struct Entry {
    title: Value,
    url: Value,
    kind: &'static str,
    current: bool,
    open: bool,
    /// `None` for a `more` entry, which has none.
    folded: Option<bool>,
    /// Only a `more` entry has one.
    count: Option<usize>,
    children: Value,
}

impl Object for Entry {
    fn get_value(self: &Arc<Self>, key: &Value) -> Option<Value> {
        Some(match key.as_str()? {
            "title" => self.title.clone(),
            "url" => self.url.clone(),
            "kind" => Value::from(self.kind),
            "current" => Value::from(self.current),
            "open" => Value::from(self.open),
            "folded" => Value::from(self.folded?),
            "count" => Value::from(self.count?),
            "children" => self.children.clone(),
            _ => return None,
        })
    }

    fn enumerate(self: &Arc<Self>) -> Enumerator {
        match self.count {
            None => Enumerator::Str(&["title", "url", "kind", "current", "open", "folded", "children"]),
            Some(_) => Enumerator::Str(&["kind", "count", "url", "title", "current", "open", "children"]),
        }
    }
}

/// The entries of the list of `owner`'s children.
fn entries(
    site: &Site,
    closed: &[Value],
    owner: PageId,
    current: PageId,
    on_path: &[PageId],
    full: bool,
    log: Option<&Arc<ReadLog>>,
) -> Vec<Value> {
    let children = &site.pages[owner].children;
    if let Some(log) = log {
        log.list(owner);
    }
    let shown = if full || children.len() <= LONG_LIST {
        0..children.len()
    } else {
        let at = children.iter().position(|c| on_path.contains(c)).unwrap_or(0);
        let start = at.saturating_sub(WINDOW).min(children.len() - (2 * WINDOW + 1));
        start..start + 2 * WINDOW + 1
    };
    let more = |count: usize| {
        // The section's own address leads to all of them.
        if let Some(log) = log {
            log.page(owner);
        }
        Value::from_object(Entry {
            title: Value::from(""),
            url: Value::from(site.url(owner)),
            kind: "more",
            current: false,
            open: false,
            folded: None,
            count: Some(count),
            children: Value::from(Vec::<Value>::new()),
        })
    };
    let mut list = Vec::with_capacity(shown.len() + 2);
    if shown.start > 0 {
        list.push(more(shown.start));
    }
    for &child in &children[shown.clone()] {
        if let Some(log) = log {
            log.page(child);
        }
        let page = &site.pages[child];
        let open = !page.children.is_empty() && (full || on_path.contains(&child));
        if !open
            && child != current
            && let Some(shared) = closed.get(child)
        {
            list.push(shared.clone());
            continue;
        }
        let kids = if open { entries(site, closed, child, current, on_path, full, log) } else { Vec::new() };
        let folded = !page.children.is_empty() && !open;
        list.push(entry(site, child, child == current, open, folded, kids));
    }
    if shown.end < children.len() {
        list.push(more(children.len() - shown.end));
    }
    list
}

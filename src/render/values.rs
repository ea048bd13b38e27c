//! What templates see: `site`, `page`, `nav` and `rajat`, made once per
//! build where they are shared, and per page where they are not.
//!
//! `serve` needs to know what a page's template read of other pages, to
//! render it again when any of that changes. A page rendered with a
//! [`ReadLog`] gets values that note every such read in it; without one
//! (a build), it gets the shared values as they are, at no cost.

use std::sync::{Arc, Mutex};

use minijinja::value::{Enumerator, Object};
use minijinja::{Value, context};

use crate::config::Lang;
use crate::markdown::{Outline, TocEntry};
use crate::site::{Kind, PageId, Site};
use crate::theme::Theme;

/// What a page's template read of other pages while rendering.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Reads {
    /// The template used `nav` (the whole section tree: titles, URLs, order).
    pub nav: bool,
    /// Pages whose summary (title, description, URL, …) the template or the form read.
    pub pages: Vec<PageId>,
    /// Sections (and the home page) whose list of pages, in order, the page shows (`page.nav`).
    pub lists: Vec<PageId>,
}

/// Where the reads of one page's rendering are noted.
#[derive(Debug, Default)]
pub struct ReadLog(Mutex<Reads>);

impl ReadLog {
    /// Notes that the page shows something of page `id`.
    pub fn page(&self, id: PageId) {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).pages.push(id);
    }

    /// Notes that the page shows the pages of section `id`, in their order.
    pub fn list(&self, id: PageId) {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).lists.push(id);
    }

    fn nav(&self) {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).nav = true;
    }

    /// What was read, each page once.
    pub fn into_reads(self) -> Reads {
        let mut reads = self.0.into_inner().unwrap_or_else(|e| e.into_inner());
        for list in [&mut reads.pages, &mut reads.lists] {
            list.sort_unstable();
            list.dedup();
        }
        reads
    }
}

/// Values shared by every page's template context, made once per build.
/// Cloning a `Value` only bumps a reference count, so no page copies the tree.
pub struct SiteValues {
    /// `site`, in each language (by [`Lang`]).
    site: Vec<Value>,
    /// `nav`, the section tree of each language.
    nav: Vec<Value>,
    /// `t`, the theme's words in each language.
    t: Vec<Value>,
    /// Whether any template uses `nav`; the tree is not built otherwise.
    uses_nav: bool,
    /// Whether any template may use `page.nav`; it is not made otherwise.
    uses_page_nav: bool,
    /// The parts of `page` that cost a page something to make, and whether
    /// any template may read each; one that none reads is not made.
    page_uses: PageUses,
    /// Each page's entry in `page.nav` as most pages show it, by id.
    nav_entries: Vec<Value>,
    /// Each page's summary fields, by id.
    summaries: Vec<Value>,
    rajat: Value,
}

impl SiteValues {
    /// Makes the values every page shares, once: config, navigation tree,
    /// page summaries. The tree is only built when a template uses `nav`.
    pub fn new(site: &Site, theme: &Theme) -> SiteValues {
        let base = base_of(site);
        let summaries: Vec<Value> = (0..site.pages.len()).map(|id| summary_fields(site, id, &base)).collect();
        let uses_nav = theme.uses_variable("nav");
        let uses_page_nav = theme.uses_attribute("page", "nav", None);
        let languages = 0..site.languages();
        SiteValues {
            site: languages.clone().map(|lang| site_value(site, theme, &summaries, lang)).collect(),
            nav: languages.clone().map(|lang| nav_value(site, uses_nav, lang)).collect(),
            t: languages.map(|lang| theme.strings(lang)).collect(),
            uses_nav,
            uses_page_nav,
            page_uses: PageUses::of(theme),
            nav_entries: if uses_page_nav {
                (0..site.pages.len()).map(|id| super::nav::closed_entry(site, id)).collect()
            } else {
                Vec::new()
            },
            summaries,
            rajat: context! { version => env!("CARGO_PKG_VERSION") },
        }
    }

    /// Whether any template shows the navigation tree.
    pub fn uses_nav(&self) -> bool {
        self.uses_nav
    }

    /// Whether any template may show `page.nav`.
    pub fn uses_page_nav(&self) -> bool {
        self.uses_page_nav
    }

    /// `page.nav` for a page that is not one of the guide's (the 404 page):
    /// the top of language `lang`'s navigation, as on its home page.
    pub fn top_nav(&self, site: &Site, lang: Lang) -> Value {
        if self.uses_page_nav {
            super::nav::page_nav(site, &self.nav_entries, site.home(lang), None)
        } else {
            Value::from(Vec::<Value>::new())
        }
    }

    /// A copy with the summaries of `pages` made again (their front matter
    /// changed) and, if `tree` changed, the navigation; the rest is shared.
    pub fn updated(&self, site: &Site, theme: &Theme, pages: &[PageId], tree: bool) -> SiteValues {
        let mut summaries = self.summaries.clone();
        let base = base_of(site);
        for &id in pages {
            summaries[id] = summary_fields(site, id, &base);
        }
        let uses_nav = theme.uses_variable("nav");
        let uses_page_nav = theme.uses_attribute("page", "nav", None);
        let mut entries = self.nav_entries.clone();
        if uses_page_nav && entries.len() != site.pages.len() {
            entries = (0..site.pages.len()).map(|id| super::nav::closed_entry(site, id)).collect();
        } else if uses_page_nav {
            for &id in pages {
                entries[id] = super::nav::closed_entry(site, id);
            }
        }
        let languages = 0..site.languages();
        let homes_changed = pages.iter().any(|&id| id < site.languages()) || self.site.len() != site.languages();
        SiteValues {
            page_uses: PageUses::of(theme),
            site: match homes_changed {
                true => languages.clone().map(|lang| site_value(site, theme, &summaries, lang)).collect(),
                false => self.site.clone(),
            },
            nav: match uses_nav && (tree || !self.uses_nav) {
                true => languages.clone().map(|lang| nav_value(site, uses_nav, lang)).collect(),
                false => self.nav.clone(),
            },
            t: languages.map(|lang| theme.strings(lang)).collect(),
            uses_nav,
            uses_page_nav,
            nav_entries: entries,
            summaries,
            rajat: self.rajat.clone(),
        }
    }

    /// The summary of page `id`, noting the read in `log` when there is one.
    fn summary(&self, id: PageId, log: Option<&Arc<ReadLog>>) -> Value {
        match log {
            None => self.summaries[id].clone(),
            Some(log) => Value::from_object(Tracked { id, fields: self.summaries[id].clone(), log: Arc::clone(log) }),
        }
    }

    /// The context of a template that is not a page's (the 404 page), in language `lang`.
    pub fn context_for(&self, page: Value, lang: Lang) -> Value {
        context! { site => self.site[lang].clone(), nav => self.nav[lang].clone(), t => self.t[lang].clone(), rajat => self.rajat.clone(), page => page }
    }

    /// The context of the booklet's template: `booklet` besides the usual.
    pub fn context_with(&self, page: Value, booklet: Value, lang: Lang) -> Value {
        context! { site => self.site[lang].clone(), nav => self.nav[lang].clone(), t => self.t[lang].clone(), rajat => self.rajat.clone(), page => page, booklet => booklet }
    }
}

/// The variables a page template sees.
#[derive(Debug)]
struct PageContext {
    site: Value,
    nav: Value,
    t: Value,
    rajat: Value,
    page: Value,
    log: Option<Arc<ReadLog>>,
}

impl Object for PageContext {
    fn get_value(self: &Arc<Self>, key: &Value) -> Option<Value> {
        match key.as_str()? {
            "site" => Some(self.site.clone()),
            "nav" => {
                if let Some(log) = &self.log {
                    log.nav();
                }
                Some(self.nav.clone())
            }
            "t" => Some(self.t.clone()),
            "rajat" => Some(self.rajat.clone()),
            "page" => Some(self.page.clone()),
            _ => None,
        }
    }

    fn enumerate(self: &Arc<Self>) -> Enumerator {
        Enumerator::Str(&["site", "nav", "t", "rajat", "page"])
    }
}

/// A page summary whose every read is noted.
#[derive(Debug)]
struct Tracked {
    id: PageId,
    fields: Value,
    log: Arc<ReadLog>,
}

impl Object for Tracked {
    fn get_value(self: &Arc<Self>, key: &Value) -> Option<Value> {
        self.log.page(self.id);
        self.fields.get_item(key).ok().filter(|v| !v.is_undefined())
    }

    fn enumerate(self: &Arc<Self>) -> Enumerator {
        Enumerator::Str(&SUMMARY_KEYS)
    }
}

/// `site` for a page rendered with a log: `site.home` is a page summary too.
#[derive(Debug)]
struct TrackedSite {
    fields: Value,
    home: Value,
}

impl Object for TrackedSite {
    fn get_value(self: &Arc<Self>, key: &Value) -> Option<Value> {
        if key.as_str() == Some("home") {
            return Some(self.home.clone());
        }
        self.fields.get_item(key).ok().filter(|v| !v.is_undefined())
    }

    fn enumerate(self: &Arc<Self>) -> Enumerator {
        Enumerator::Str(&SITE_KEYS)
    }
}

const SUMMARY_KEYS: [&str; 9] =
    ["title", "short_title", "description", "url", "permalink", "kind", "weight", "date", "extra"];
const SITE_KEYS: [&str; 14] = [
    "title",
    "description",
    "base_url",
    "base_path",
    "language",
    "locale",
    "languages",
    "menu",
    "extra",
    "home",
    "contact",
    "brand",
    "booklet",
    "search",
];

/// `site` in templates, in language `lang`: the config, the menu, the home
/// page, the owner and their brand, the booklet's address when the theme
/// makes one, and the guide's languages.
fn site_value(site: &Site, theme: &Theme, summaries: &[Value], lang: Lang) -> Value {
    let config = &site.config;
    let language = &config.languages[lang];
    let menu: Vec<Value> = site.menus[lang]
        .iter()
        .map(|entry| {
            context! { title => entry.title.clone(), url => entry.url.clone(), external => entry.external, is_page => entry.page.is_some() }
        })
        .collect();
    // Every language, for a switcher that leads to each one's home page.
    let languages: Vec<Value> =
        (0..site.languages()).map(|other| language_value(site, other, site.home(other), other == lang, true)).collect();
    context! {
        title => language.title.clone(),
        description => language.description.clone(),
        base_url => config.base_url.clone(),
        base_path => config.base_path.clone(),
        language => language.code.clone(),
        locale => language.locale.clone(),
        languages => if languages.len() > 1 { languages } else { Vec::new() },
        menu => menu,
        extra => yaml_value(&config.extra),
        home => summaries[site.home(lang)].clone(),
        contact => language.contact.as_ref().map(|c| context! { name => c.name.clone(), email => c.email.clone() }),
        brand => super::brand::site_value(site, theme),
        booklet => super::booklet::url(site, theme, lang),
        search => super::search::url(site, theme),
    }
}

/// A language as templates see it (in `site.languages` and `page.translations`):
/// `code`, `locale`, `og_locale` (`fi_FI`), `name` (in itself), `url` and
/// `permalink` of page `id` (in that language), `current`, and `translated`
/// (false when `id` is that language's home page standing in for a page not
/// translated into it).
fn language_value(site: &Site, lang: Lang, id: PageId, current: bool, translated: bool) -> Value {
    let language = &site.config.languages[lang];
    context! {
        code => language.code.clone(),
        locale => language.locale.clone(),
        og_locale => language.locale.replace('-', "_"),
        name => language.name.clone(),
        url => site.url(id),
        permalink => site.permalink(id),
        current => current,
        translated => translated,
    }
}

/// `page.translations`: the page in each of the guide's languages, its own
/// included; a language it is not translated into leads to that language's
/// home page. Empty on a one-language guide.
fn translations_value(site: &Site, id: PageId, log: Option<&Arc<ReadLog>>) -> Vec<Value> {
    if site.languages() < 2 {
        return Vec::new();
    }
    let own = site.pages[id].lang;
    (0..site.languages())
        .map(|lang| {
            let (target, translated) = match site.translation(id, lang) {
                Some(t) => (t, true),
                None => (site.home(lang), false),
            };
            if let Some(log) = log {
                log.page(target);
            }
            language_value(site, lang, target, lang == own, translated)
        })
        .collect()
}

/// `nav` of language `lang`: its section tree, when a template uses it.
fn nav_value(site: &Site, uses_nav: bool, lang: Lang) -> Value {
    match uses_nav {
        true => nav_entries(site, site.home(lang)),
        false => Value::from(Vec::<Value>::new()),
    }
}

/// What listings, navigation and previous/next links show of a page.
fn summary_fields(site: &Site, id: PageId, base: &Base) -> Value {
    let page = &site.pages[id];
    Value::from_object(Summary {
        header: Arc::clone(&page.header),
        path: page.path.as_str().into(),
        kind: page.kind,
        base_url: Arc::clone(&base.0),
        base_path: Arc::clone(&base.1),
    })
}

/// The base URL and its path, shared by every summary.
type Base = (Arc<str>, Arc<str>);

fn base_of(site: &Site) -> Base {
    (Arc::from(site.config.base_url.as_str()), Arc::from(site.config.base_path.as_str()))
}

/// A page's summary, made into values only as a template reads them: a big
/// guide holds one small object per page rather than eight strings. It
/// holds the page's front matter, not the page: step 2 of the pipeline
/// stores each page's outline in its `Page` as it renders, and a `Page`
/// shared with the summaries would be copied for that.
#[derive(Debug)]
struct Summary {
    header: Arc<crate::content::Header>,
    path: Box<str>,
    kind: Kind,
    base_url: Arc<str>,
    base_path: Arc<str>,
}

impl Object for Summary {
    fn get_value(self: &Arc<Self>, key: &Value) -> Option<Value> {
        let front = &self.header.front;
        Some(match key.as_str()? {
            "title" => Value::from(front.title.as_str()),
            "short_title" => Value::from(front.short_title.as_deref().unwrap_or(&front.title)),
            "description" => Value::from(front.description.as_deref().unwrap_or_default()),
            "url" => Value::from(joined(&self.base_path, &self.path)),
            "permalink" => Value::from(joined(&self.base_url, &self.path)),
            "kind" => Value::from(self.kind.name()),
            "weight" => Value::from(front.weight),
            "date" => Value::from(front.date.clone()),
            "extra" => yaml_value(&front.extra),
            _ => return None,
        })
    }

    fn enumerate(self: &Arc<Self>) -> Enumerator {
        Enumerator::Str(&SUMMARY_KEYS)
    }
}

/// `a` then `b`, in one allocation of their size.
fn joined(a: &str, b: &str) -> String {
    let mut s = String::with_capacity(a.len() + b.len());
    s.push_str(a);
    s.push_str(b);
    s
}

/// The section tree below `id`, for navigation menus.
fn nav_entries(site: &Site, id: PageId) -> Value {
    site.pages[id]
        .children
        .iter()
        .map(|&child| {
            let page = &site.pages[child];
            context! {
                title => page.title().to_string(),
                url => site.url(child),
                kind => page.kind.name(),
                children => nav_entries(site, child),
            }
        })
        .collect()
}

/// What a page's template is given besides the shared values.
pub struct PageParts<'a> {
    /// The body as HTML.
    pub body: String,
    /// What the body holds.
    pub outline: &'a Outline,
    /// The form as HTML, or empty.
    pub form: String,
}

/// The parts of `page` that cost something to make for every page, and
/// whether any template may read each (it names it, or hands `page` on as a
/// whole): a theme of its own that shows no table of contents makes none.
#[derive(Clone, Copy, Debug)]
struct PageUses {
    toc: bool,
    ancestors: bool,
    pages: bool,
    sections: bool,
    links_every_child: bool,
    translations: bool,
    alternates: bool,
    source: bool,
}

impl PageUses {
    fn of(theme: &Theme) -> PageUses {
        let uses = |attr| theme.uses_attribute("page", attr, None);
        PageUses {
            toc: uses("toc"),
            ancestors: uses("ancestors"),
            pages: uses("pages"),
            sections: uses("sections"),
            links_every_child: uses("links_every_child"),
            translations: uses("translations"),
            alternates: uses("alternates"),
            source: uses("source"),
        }
    }
}

/// The whole context of page `id`'s template; reads are noted in `log` when given.
pub fn page_context(
    site: &Site,
    values: &SiteValues,
    id: PageId,
    parts: PageParts,
    log: Option<&Arc<ReadLog>>,
) -> Value {
    let page = &site.pages[id];
    let lang = page.lang;
    let front = page.front();
    let uses = values.page_uses;
    let summary_of = |other: Option<PageId>| other.map(|o| values.summary(o, log));
    let made = |wanted: bool, make: &dyn Fn() -> Value| if wanted { make() } else { Value::UNDEFINED };
    let ancestors = made(uses.ancestors, &|| {
        let mut ancestors = Vec::new();
        let mut up = page.parent;
        while let Some(p) = up {
            ancestors.push(values.summary(p, log));
            up = site.pages[p].parent;
        }
        ancestors.reverse();
        Value::from(ancestors)
    });
    let pick = |section: bool| -> Value {
        page.children
            .iter()
            .filter(|&&c| (site.pages[c].kind == Kind::Section) == section)
            .map(|&c| values.summary(c, log))
            .collect()
    };
    let words = parts.outline.words;
    // Whether the body links to each of the section's pages, so a listing would repeat it.
    let links_every_child = made(uses.links_every_child, &|| {
        if page.children.is_empty() {
            return Value::from(false);
        }
        let linked: rustc_hash::FxHashSet<PageId> = parts
            .outline
            .links
            .iter()
            .filter_map(|l| match &l.target {
                crate::links::Target::Page { rel, .. } => site.by_rel.get(rel).copied(),
                _ => None,
            })
            .collect();
        Value::from(page.children.iter().all(|c| linked.contains(c)))
    });
    let nav = if values.uses_page_nav {
        super::nav::page_nav(site, &values.nav_entries, id, log)
    } else {
        Value::from(Vec::<Value>::new())
    };
    let page_value = PageValue([
        Value::from(front.title.as_str()),
        Value::from(front.short_title.as_deref().unwrap_or(&front.title)),
        Value::from(front.description.as_deref().unwrap_or_default()),
        Value::from(site.url(id)),
        Value::from(site.permalink(id)),
        Value::from(page.path.as_str()),
        Value::from(page.kind.name()),
        made(uses.source, &|| Value::from(page.header.path.to_string_lossy().replace('\\', "/"))),
        Value::from_safe_string(parts.body),
        Value::from_safe_string(parts.form),
        made(uses.toc, &|| toc_value(&parts.outline.toc)),
        Value::from(words),
        Value::from(words.div_ceil(200).max(1)),
        Value::from(front.weight),
        Value::from(front.date.as_deref()),
        yaml_value(&front.extra),
        Value::from(summary_of(page.previous)),
        Value::from(summary_of(page.next)),
        Value::from(summary_of(page.parent)),
        ancestors,
        made(uses.pages, &|| pick(false)),
        made(uses.sections, &|| pick(true)),
        links_every_child,
        nav,
        Value::from(site.config.languages[lang].code.as_str()),
        made(uses.translations, &|| Value::from(translations_value(site, id, log))),
        made(uses.alternates, &|| {
            super::files::alternates(site, id)
                .into_iter()
                .map(|(hreflang, other)| context! { hreflang => hreflang, permalink => site.permalink(other) })
                .collect()
        }),
    ]);
    let site_value = match log {
        None => values.site[lang].clone(),
        Some(_) => Value::from_object(TrackedSite {
            fields: values.site[lang].clone(),
            home: values.summary(site.home(lang), log),
        }),
    };
    Value::from_object(PageContext {
        site: site_value,
        nav: values.nav[lang].clone(),
        t: values.t[lang].clone(),
        rajat: values.rajat.clone(),
        page: Value::from_object(page_value),
        log: log.cloned(),
    })
}

/// `page` in a page's template: its values by [`PAGE_KEYS`], made once for
/// the page (and only those some template may read), looked up without a map.
#[derive(Debug)]
struct PageValue([Value; PAGE_KEYS.len()]);

const PAGE_KEYS: [&str; 27] = [
    "title",
    "short_title",
    "description",
    "url",
    "permalink",
    "path",
    "kind",
    "source",
    "content",
    "form",
    "toc",
    "words",
    "reading_minutes",
    "weight",
    "date",
    "extra",
    "previous",
    "next",
    "parent",
    "ancestors",
    "pages",
    "sections",
    "links_every_child",
    "nav",
    "language",
    "translations",
    "alternates",
];

impl Object for PageValue {
    fn get_value(self: &Arc<Self>, key: &Value) -> Option<Value> {
        // A match on the name: compared by length first, so about one comparison a read.
        let at = match key.as_str()? {
            "title" => 0,
            "short_title" => 1,
            "description" => 2,
            "url" => 3,
            "permalink" => 4,
            "path" => 5,
            "kind" => 6,
            "source" => 7,
            "content" => 8,
            "form" => 9,
            "toc" => 10,
            "words" => 11,
            "reading_minutes" => 12,
            "weight" => 13,
            "date" => 14,
            "extra" => 15,
            "previous" => 16,
            "next" => 17,
            "parent" => 18,
            "ancestors" => 19,
            "pages" => 20,
            "sections" => 21,
            "links_every_child" => 22,
            "nav" => 23,
            "language" => 24,
            "translations" => 25,
            "alternates" => 26,
            _ => return None,
        };
        debug_assert_eq!(PAGE_KEYS[at], key.as_str().unwrap_or_default());
        Some(self.0[at].clone()).filter(|v| !v.is_undefined())
    }

    fn enumerate(self: &Arc<Self>) -> Enumerator {
        Enumerator::Str(&PAGE_KEYS)
    }
}

fn toc_value(toc: &[TocEntry]) -> Value {
    toc.iter()
        .map(|e| context! { level => e.level, id => e.id.as_str(), title => e.title.as_str(), children => toc_value(&e.children) })
        .collect()
}

/// YAML data (the `extra:` maps) as a template value.
pub fn yaml_value(v: &serde_yaml::Value) -> Value {
    match v {
        serde_yaml::Value::Null => Value::from(()),
        serde_yaml::Value::Bool(b) => Value::from(*b),
        serde_yaml::Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                Value::from(i)
            } else if let Some(u) = n.as_u64() {
                Value::from(u)
            } else {
                Value::from(n.as_f64().unwrap_or(f64::NAN))
            }
        }
        serde_yaml::Value::String(s) => Value::from(s.as_str()),
        serde_yaml::Value::Sequence(items) => items.iter().map(yaml_value).collect(),
        serde_yaml::Value::Mapping(map) => Value::from_iter(map.iter().map(|(k, v)| {
            let key = match k {
                serde_yaml::Value::String(s) => s.clone(),
                other => serde_yaml::to_string(other).unwrap_or_default().trim().to_string(),
            };
            (key, yaml_value(v))
        })),
        serde_yaml::Value::Tagged(t) => yaml_value(&t.value),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn theme(templates: &[(&str, &str)]) -> Theme {
        let mut env = minijinja::Environment::new();
        let mut names = std::collections::BTreeMap::new();
        for (name, source) in templates {
            env.add_template_owned(name.to_string(), source.to_string()).unwrap();
            names.insert(name.to_string(), crate::theme::Origin::Embedded("x", b""));
        }
        Theme {
            env,
            templates: names,
            statics: Default::default(),
            links: Vec::new(),
            strings: Vec::new(),
            warnings: Vec::new(),
            backgrounds: Default::default(),
        }
    }

    /// A part of `page` no template names is not made; one that a template
    /// may reach by any way (`page` handed on whole, looked up by a name
    /// in a variable) is.
    #[test]
    fn only_what_a_template_may_read_of_page_is_left_out() {
        let toc = |source: &str| PageUses::of(&theme(&[("page.html", source), ("other.html", "{{ page.title }}")])).toc;
        assert!(!toc("{{ page.title }} {{ page.content }}"));
        assert!(toc("{% for e in page.toc %}{{ e.title }}{% endfor %}"));
        assert!(toc("{% if page.toc %}x{% endif %}"));
        assert!(toc("{% set p = page %}{{ p.toc }}"), "handed on whole");
        assert!(toc("{{ page[name] }}"), "looked up by a name it holds");
        assert!(toc("{% macro m(p) %}{{ p.toc }}{% endmacro %}{{ m(page) }}"), "given to a macro");
        assert!(toc("{% for key, value in page|items %}{{ value }}{% endfor %}"), "every part, one by one");
        assert!(!toc("{% include \"partials/toc.html\" %}"), "an include is a template of its own");
        let included = PageUses::of(&theme(&[("page.html", "{% include \"t.html\" %}"), ("t.html", "{{ page.toc }}")]));
        assert!(included.toc);
    }
}

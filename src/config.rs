//! `site.yaml`: the guide's own settings, and where a build may write.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::de::{DeserializeSeed, MapAccess, SeqAccess};

use crate::error::{Diagnostic, Error, Result, find_key_line, io_error, utf8_error};
use crate::yaml::{FromList, FromMapping, Keys, Problem, Reader, entries};

/// The name of the config file at the site root.
pub const CONFIG_FILE: &str = "site.yaml";

/// The `base_url` a new site starts with; `rajat check` warns until it is changed.
pub const PLACEHOLDER_BASE_URL: &str = "https://example.org/";

/// A parsed, validated `site.yaml`.
#[derive(Clone, Debug, PartialEq)]
pub struct Config {
    /// Absolute URL of the published site, always ending in `/`.
    pub base_url: String,
    /// The path part of `base_url` (`/` or `/guide/`): every internal link starts with it.
    pub base_path: String,
    /// Name of the theme: a folder under `themes/`, or `default` (embedded).
    pub theme: String,
    /// Where `build` writes, relative to the site root.
    pub output_dir: PathBuf,
    /// Whether `output_dir` came from `site.yaml` (so errors can point there).
    pub output_dir_from_file: bool,
    /// The owner's colours and logo, for the theme to wear.
    pub brand: Option<Brand>,
    /// Whether links between the site's files are relative (`../wont-pay/`),
    /// so the output works from disk and at any address; `true` unless
    /// site.yaml says `relative_urls: false`.
    pub relative_urls: bool,
    /// Whether the theme's search is made (its index, per language); `true`
    /// unless site.yaml says `search: false`.
    pub search: bool,
    /// Anything the owner wants to hand to templates.
    pub extra: serde_yaml::Value,
    /// The text of `site.yaml`, kept so later steps can point at its lines.
    pub source: String,
    /// Every language of the guide, the default one first (made of the
    /// top-level `language`, `title`, `description`, `menu`, `contact` and
    /// `strings`: see [`Config::default_language`]), then those under `languages:`.
    pub languages: Vec<Language>,
    /// What is worth saying but does not stop a build: words a language lacks.
    pub warnings: Vec<Diagnostic>,
    /// Where `rajat publish` sends the site when its command line names no
    /// destination (`publish:`).
    pub publish: Option<Destination>,
}

/// Where `rajat publish` sends the site: `publish:` in site.yaml, or its command line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Destination {
    /// `sftp://user@host:port/path`: a web hotel or server, over SSH.
    Sftp {
        /// Whom to log in as; the local user's name when not given, as `ssh` does.
        user: Option<String>,
        /// The host's name or address, as written (lowercased).
        host: String,
        /// 22 unless given.
        port: u16,
        /// The folder on the host: absolute (`/var/www/opas`), or relative to
        /// the folder the login starts in when written `/~/public_html/opas`.
        path: String,
    },
    /// A folder: a mounted share, or another disk. Relative to the site's
    /// folder when written in site.yaml, to the current folder on the command line.
    Folder(PathBuf),
}

impl Destination {
    /// Reads a destination: `sftp://[user@]host[:port]/path`, or a folder.
    pub fn parse(text: &str) -> Result<Destination, Problem> {
        let text = text.trim();
        if text.is_empty() {
            return Err(Problem::new(
                "the destination is empty",
                "write `sftp://user@host/path/` for a web server, or a folder such as `/mnt/share/opas`",
            ));
        }
        let Some((scheme, rest)) = text.split_once("://") else {
            return Ok(Destination::Folder(PathBuf::from(text)));
        };
        if !scheme.eq_ignore_ascii_case("sftp") {
            return Err(Problem::new(
                format!("rajat cannot publish to `{scheme}://` addresses"),
                "publish over SFTP (`sftp://user@host/path/`; most web hotels offer it beside FTP) or to a folder; \
                 for GitHub Pages, Netlify or Cloudflare see \"Publish\" in rajat's README",
            ));
        }
        let url_help = "write it as `sftp://user@host/path/`, with `:port` after the host if it is not 22, \
                        and `/~/path/` for a folder inside the one you log in to";
        let (authority, path) = rest.split_once('/').unwrap_or((rest, ""));
        let (user, host_port) = match authority.rsplit_once('@') {
            Some((user, host)) => (Some(user), host),
            None => (None, authority),
        };
        let user = match user.map(|u| crate::text::percent_decode(u).filter(|u| !u.is_empty())) {
            None => None,
            Some(Some(user)) => Some(user),
            Some(None) => return Err(Problem::new(format!("`{text}` has no user name before `@`"), url_help)),
        };
        let (host, port) = if let Some(bracketed) = host_port.strip_prefix('[') {
            // An IPv6 address: `[::1]:2222`.
            let (host, after) = bracketed.split_once(']').unwrap_or((bracketed, ""));
            (host, after.strip_prefix(':'))
        } else {
            match host_port.rsplit_once(':') {
                Some((host, port)) => (host, Some(port)),
                None => (host_port, None),
            }
        };
        let port = match port {
            None => 22,
            Some(p) => match p.parse::<u16>() {
                Ok(p) if p > 0 => p,
                _ => return Err(Problem::new(format!("`{p}` is not a port number"), url_help)),
            },
        };
        if host.is_empty() || host.contains(|c: char| c.is_whitespace() || "/\\?#".contains(c)) {
            return Err(Problem::new(format!("`{text}` names no host"), url_help));
        }
        let path = crate::text::percent_decode(path)
            .ok_or_else(|| Problem::new(format!("`{path}` is not a path rajat can read"), url_help))?;
        let path = match path.strip_prefix('~') {
            Some(home) if home.is_empty() || home.starts_with('/') => home.trim_start_matches('/').to_string(),
            _ if path.is_empty() => {
                return Err(Problem::new(
                    format!("`{text}` names no folder on the host"),
                    "add the folder after the host: `sftp://user@host/~/public_html/opas/` (inside the folder you \
                     log in to) or `sftp://user@host/var/www/opas/`",
                ));
            }
            _ => format!("/{path}"),
        };
        if path.split('/').any(|p| p == "..") {
            return Err(Problem::new(format!("`{text}` climbs out of its folder with `..`"), url_help));
        }
        Ok(Destination::Sftp {
            user,
            host: host.to_ascii_lowercase(),
            port,
            path: path.trim_end_matches('/').to_string(),
        })
    }
}

impl std::fmt::Display for Destination {
    /// The destination as a person writes it: `sftp://mira@example.org/~/opas/`, `/mnt/share/opas/`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Destination::Sftp { user, host, port, path } => {
                write!(f, "sftp://")?;
                if let Some(user) = user {
                    write!(f, "{}@", user.replace('%', "%25").replace('@', "%40"))?;
                }
                if host.contains(':') {
                    write!(f, "[{host}]")?
                } else {
                    write!(f, "{host}")?
                }
                if *port != 22 {
                    write!(f, ":{port}")?;
                }
                match path.strip_prefix('/') {
                    Some("") => write!(f, "/"),
                    Some(abs) => write!(f, "/{abs}/"),
                    None if path.is_empty() => write!(f, "/~/"),
                    None => write!(f, "/~/{path}/"),
                }
            }
            Destination::Folder(dir) => {
                let shown = dir.display().to_string();
                if shown.ends_with('/') { write!(f, "{shown}") } else { write!(f, "{shown}/") }
            }
        }
    }
}

/// A language the guide is written in.
#[derive(Clone, Debug, PartialEq)]
pub struct Language {
    /// `en`, `fi`: the suffix of its files (`guarantee.fi.md`) and, but for
    /// the default language, the first part of its addresses (`/fi/`).
    pub code: String,
    /// A BCP 47 tag (`en-GB`, `fi`) for `<html lang>`, dates and `og:locale`;
    /// the code when not given.
    pub locale: String,
    /// The guide's title in this language.
    pub title: String,
    /// Its description in this language.
    pub description: String,
    /// Its menu in this language.
    pub menu: Vec<MenuItem>,
    /// Who readers in this language send answers to.
    pub contact: Option<Contact>,
    /// Words of the theme, by key, in place of the theme's own (`strings:`).
    pub strings: BTreeMap<String, String>,
    /// The words of rajat's forms in this language: the built-in ones, with
    /// the site's (`strings: {forms: …}`) over them, English behind both.
    pub form_words: crate::words::SharedWords,
    /// What the language switcher calls it, in itself: `Suomi`.
    pub name: String,
}

impl Language {
    /// The first part of this language's addresses: `""` for the default language, `fi/` for the others.
    pub fn prefix(&self, default: bool) -> String {
        if default { String::new() } else { format!("{}/", self.code) }
    }
}

/// Index of a language in [`Config::languages`]; the default language is 0.
pub type Lang = usize;

/// The default language's index.
pub const DEFAULT_LANGUAGE: Lang = 0;

/// A menu entry: a page of the guide (checked like any link) or another URL.
#[derive(Clone, Debug, PartialEq)]
pub struct MenuItem {
    /// What the menu shows.
    pub title: String,
    /// A content file, relative to `content/`: `situations/_index.md`.
    pub page: Option<String>,
    /// Any other URL.
    pub url: Option<String>,
}

/// The guide's owner: named where a worksheet is shared, and written to
/// by "Send to …" when `email` is given. With `key` (the public half of the
/// key `rajat key new` made), what clients send is sealed so that only the
/// owner can read it.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Contact {
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// `rajat-p256.…`, checked to be a P-256 point.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
}

/// The owner's brand: an accent colour for links, buttons and highlights,
/// and a logo shown before the site's title.
#[derive(Clone, Debug, PartialEq)]
pub struct Brand {
    /// The accent on light backgrounds.
    pub accent: Option<Colour>,
    /// The accent on dark backgrounds; made from `accent` when not given.
    pub accent_dark: Option<Colour>,
    /// A file of the site (`static/` or `content/`), as its site path: `logo.svg`.
    pub logo: Option<String>,
}

/// A colour written as `#rgb` or `#rrggbb`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Colour(pub [u8; 3]);

impl Colour {
    /// `#9a3b26`.
    pub fn hex(self) -> String {
        format!("#{:02x}{:02x}{:02x}", self.0[0], self.0[1], self.0[2])
    }

    /// Reads `#rgb` or `#rrggbb`.
    pub fn parse(text: &str) -> Option<Colour> {
        let hex = text.trim().strip_prefix('#')?;
        let digit = |i: usize, n: usize| u8::from_str_radix(hex.get(i..i + n)?, 16).ok();
        match hex.len() {
            3 => Some(Colour([digit(0, 1)? * 17, digit(1, 1)? * 17, digit(2, 1)? * 17])),
            6 => Some(Colour([digit(0, 2)?, digit(2, 2)?, digit(4, 2)?])),
            _ => None,
        }
    }
}

const CONFIG_KEYS: Keys = Keys {
    known: &[
        "title",
        "description",
        "base_url",
        "language",
        "locale",
        "language_name",
        "languages",
        "theme",
        "output_dir",
        "relative_urls",
        "search",
        "menu",
        "contact",
        "brand",
        "strings",
        "publish",
        "extra",
    ],
    own: Some("put settings of your own under `extra:`"),
};

const MENU_KEYS: Keys = Keys { known: &["title", "page", "url"], own: None };

const CONTACT_KEYS: Keys = Keys { known: &["name", "email", "key"], own: None };

const BRAND_KEYS: Keys = Keys { known: &["accent", "accent_dark", "logo"], own: None };

/// `site.yaml` as written, before its values are checked together.
#[derive(Default)]
struct RawConfig {
    title: Option<String>,
    description: Option<String>,
    base_url: Option<String>,
    language: Option<String>,
    theme: Option<String>,
    output_dir: Option<String>,
    relative_urls: Option<bool>,
    search: Option<bool>,
    menu: Vec<MenuItem>,
    contact: Option<Contact>,
    brand: Option<Brand>,
    extra: serde_yaml::Value,
    locale: Option<String>,
    language_name: Option<String>,
    strings: Strings,
    languages: Vec<RawLanguage>,
    publish: Option<Destination>,
}

impl Config {
    /// Reads and validates `root/site.yaml`.
    pub fn load(root: &Path) -> Result<Config> {
        let display = PathBuf::from(CONFIG_FILE);
        let bytes = crate::disk::read(root, &display).map_err(|e| {
            if crate::disk::is_link(&e) {
                return crate::disk::link_warning(&display).into_error_level();
            }
            let d = io_error(&display, "read", &e);
            if e.kind() == std::io::ErrorKind::NotFound {
                d.hint(format!(
                    "`{}` is not a rajat site; run rajat in the folder that holds site.yaml, pass --root, or start one with `rajat init`",
                    root.display()
                ))
            } else {
                d
            }
        })?;
        let source = String::from_utf8(bytes).map_err(|e| utf8_error(&display, e))?;
        Config::parse(&display, source)
    }

    /// Parses the text of a `site.yaml`; `path` is used in messages.
    pub fn parse(path: &Path, source: String) -> Result<Config> {
        let raw: RawConfig = crate::yaml::read(path, &source, &source, 1, |r, d| r.mapping(()).deserialize(d))?;
        let at_key = |key: &str, message: String| {
            let d = Diagnostic::error(message).in_file(path);
            match find_key_line(&source, key) {
                Some((line, col)) => d.at(&source, line, col).span(key.len()),
                None => d.at(&source, 1, 1),
            }
        };
        let mut problems = Vec::new();
        let title = raw.title.unwrap_or_default();
        if title.trim().is_empty() {
            problems.push(
                at_key("title", "the site title is empty".into())
                    .hint("give the guide a title: `title: Saying no to clients`"),
            );
        }
        let written_url = raw.base_url.unwrap_or_default();
        let base_url =
            match normalize_base_url(&written_url) {
                Some(url) => url,
                None => {
                    let message = if written_url.is_empty() {
                        "site.yaml has no `base_url`".to_string()
                    } else {
                        format!("`{written_url}` is not an absolute http(s) URL")
                    };
                    problems.push(at_key("base_url", message).hint(
                        "write the address the site is published at, e.g. `base_url: https://example.org/guide/`",
                    ));
                    "http://localhost/".into()
                }
            };
        let language_menus = raw.languages.iter().filter_map(|l| l.menu.as_ref()).flatten();
        for item in raw.menu.iter().chain(language_menus) {
            if item.page.is_some() == item.url.is_some() {
                let d =
                    Diagnostic::error(format!("menu entry `{}` needs exactly one of `page:` or `url:`", item.title))
                        .in_file(path);
                let d = match source.find(&format!("title: {}", item.title)) {
                    Some(offset) => d.at_offset(&source, offset),
                    None => d.at(&source, 1, 1),
                };
                problems.push(
                    d.hint("`page: situations/_index.md` for a page of the guide, `url: https://…` for anything else"),
                );
            }
        }
        let language = raw.language.unwrap_or_else(|| "en".into());
        let description = raw.description.unwrap_or_default();
        let mut form_overrides = vec![raw.strings.forms];
        let mut languages = vec![Language {
            code: language.clone(),
            locale: raw.locale.unwrap_or_else(|| language.clone()),
            title: title.clone(),
            description: description.clone(),
            menu: raw.menu.clone(),
            contact: raw.contact.clone(),
            strings: raw.strings.theme,
            form_words: Default::default(),
            name: raw.language_name.unwrap_or_else(|| native_name(&language)),
        }];
        for other in raw.languages {
            if languages.iter().any(|l| l.code == other.code) {
                let d = Diagnostic::error(format!("the language `{}` is given twice", other.code)).in_file(path);
                let d = match source.find(&format!("{}:", other.code)) {
                    Some(offset) => d.at_offset(&source, offset).span(other.code.len()),
                    None => d,
                };
                problems.push(d.hint("the default language is `language:`; list only the others under `languages:`"));
                continue;
            }
            form_overrides.push(other.strings.forms);
            languages.push(Language {
                locale: other.locale.unwrap_or_else(|| other.code.clone()),
                title: other.title.unwrap_or_else(|| title.clone()),
                description: other.description.unwrap_or_else(|| description.clone()),
                // A language without a menu of its own shows the default one, its pages in that language.
                menu: other.menu.unwrap_or_else(|| raw.menu.clone()),
                // A language's own contact is the same owner unless it says
                // otherwise: it takes the top-level key when it has none and
                // writes to the same address, or to none. At an address of its
                // own it is someone else, whom that key does not open answers for.
                contact: match other.contact {
                    Some(mut own) => {
                        let top = raw.contact.as_ref();
                        if own.email.is_none() || own.email == top.and_then(|c| c.email.clone()) {
                            own.key = own.key.or_else(|| top.and_then(|c| c.key.clone()));
                        }
                        Some(own)
                    }
                    None => raw.contact.clone(),
                },
                strings: other.strings.theme,
                form_words: Default::default(),
                name: other.name.unwrap_or_else(|| native_name(&other.code)),
                code: other.code,
            });
        }
        if !problems.is_empty() {
            return Err(Error::new(problems));
        }
        let warnings = form_words(&mut languages, &form_overrides, path, &source);
        // Shown by templates beside the body: with the body's typography, in each language's quotation marks.
        for l in &mut languages {
            let quotes = crate::text::Quotes::of(&l.code);
            let smart = |t: &str| crate::text::smart_punctuation(t, quotes).into_owned();
            l.title = smart(&l.title);
            l.description = smart(&l.description);
            l.menu.iter_mut().for_each(|item| item.title = smart(&item.title));
        }
        Ok(Config {
            warnings,
            base_path: base_path_of(&base_url),
            base_url,
            languages,
            theme: raw.theme.unwrap_or_else(|| "default".into()),
            output_dir_from_file: raw.output_dir.is_some(),
            output_dir: raw.output_dir.map_or_else(|| PathBuf::from("public"), PathBuf::from),
            brand: raw.brand,
            relative_urls: raw.relative_urls.unwrap_or(true),
            publish: raw.publish,
            search: raw.search.unwrap_or(true),
            extra: raw.extra,
            source,
        })
    }

    /// The default language: the guide's title, description, menu and
    /// contact as site.yaml gives them at its top level.
    pub fn default_language(&self) -> &Language {
        &self.languages[DEFAULT_LANGUAGE]
    }

    /// Replaces the base URL (`--base-url`, or the address `serve` listens on).
    pub fn set_base_url(&mut self, url: &str) -> Result<()> {
        let url = normalize_base_url(url).ok_or_else(|| {
            Diagnostic::error(format!("`{url}` is not an absolute http(s) URL"))
                .hint("pass e.g. --base-url https://example.org/guide/")
        })?;
        self.base_path = base_path_of(&url);
        self.base_url = url;
        Ok(())
    }

    /// The absolute URL of a site path such as `situations/guarantee/`.
    pub fn permalink(&self, path: &str) -> String {
        format!("{}{}", self.base_url, path.trim_start_matches('/'))
    }

    /// The root-relative URL of a site path, honouring a base URL with a sub-path.
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base_path, path.trim_start_matches('/'))
    }

    /// The language the content file `rel` is written in, and its path
    /// without the language: `a/b.fi.md` → (fi, `a/b.md`). Files of the
    /// default language have no suffix; a suffix that is not one of the
    /// guide's languages is part of the name.
    pub fn language_of<'a>(&self, rel: &'a str) -> (Lang, std::borrow::Cow<'a, str>) {
        if self.languages.len() > 1
            && let Some(stem) = rel.strip_suffix(".md")
            && let Some((name, code)) = stem.rsplit_once('.')
            && !code.contains('/')
            && let Some(lang) = self.languages.iter().skip(1).position(|l| l.code == code)
        {
            return (lang + 1, std::borrow::Cow::Owned(format!("{name}.md")));
        }
        (DEFAULT_LANGUAGE, std::borrow::Cow::Borrowed(rel))
    }

    /// The file that holds `key`'s page in language `lang`: `a/b.md` → `a/b.fi.md`.
    pub fn file_in(&self, key: &str, lang: Lang) -> String {
        match (lang, key.strip_suffix(".md")) {
            (DEFAULT_LANGUAGE, _) | (_, None) => key.to_string(),
            (_, Some(stem)) => format!("{stem}.{}.md", self.languages[lang].code),
        }
    }

    /// The first part of language `lang`'s addresses: `""` or `fi/`.
    pub fn prefix(&self, lang: Lang) -> String {
        self.languages[lang].prefix(lang == DEFAULT_LANGUAGE)
    }

    /// A diagnostic at the line of `key` in site.yaml, for a problem with its value.
    pub fn diagnostic_at_key(&self, key: &str, message: impl Into<String>) -> Diagnostic {
        let d = Diagnostic::error(message).in_file(CONFIG_FILE);
        match find_key_line(&self.source, key) {
            Some((line, col)) => d.at(&self.source, line, col).span(key.len()),
            None => d,
        }
    }

    /// The output folder of a build of the site at `root`: `out` when given
    /// (`--out`), else `output_dir`. Refuses a folder that would destroy or
    /// feed back into the site's sources (see [`check_output_location`]).
    pub fn output_folder(&self, root: &Path, out: Option<&Path>) -> Result<PathBuf, Diagnostic> {
        let folder = out.map_or_else(|| root.join(&self.output_dir), Path::to_path_buf);
        check_output_location(root, &folder).map_err(|why| {
            let d = if out.is_none() && self.output_dir_from_file {
                self.diagnostic_at_key("output_dir", why)
            } else if out.is_none() {
                Diagnostic::error(why).in_file(CONFIG_FILE)
            } else {
                Diagnostic::error(format!("{why} (`{}`)", folder.display()))
            };
            d.hint("build into a folder of its own, such as `public/`")
        })?;
        Ok(folder)
    }
}

impl FromMapping for RawConfig {
    type Context<'c> = ();

    fn not_a_mapping() -> Problem {
        Problem::new("site.yaml must be `key: value` lines", "start with `title: Your guide's title`")
    }

    fn read<'de, A: MapAccess<'de>>(r: &Reader, (): (), map: A) -> Result<RawConfig, A::Error> {
        let mut raw = RawConfig::default();
        entries(r, map, &CONFIG_KEYS, |key, map| {
            match key {
                "title" => raw.title = Some(map.next_value_seed(r.value("title"))?),
                "description" => raw.description = map.next_value_seed(r.value("description"))?,
                "base_url" => raw.base_url = Some(map.next_value_seed(r.value("base_url"))?),
                "language" => raw.language = Some(map.next_value_seed(r.text_with("language", check_code))?),
                "theme" => raw.theme = map.next_value_seed(r.value("theme"))?,
                "output_dir" => raw.output_dir = map.next_value_seed(r.value("output_dir"))?,
                "relative_urls" => raw.relative_urls = map.next_value_seed(r.value("relative_urls"))?,
                "search" => raw.search = map.next_value_seed(r.value("search"))?,
                "menu" => raw.menu = map.next_value_seed(r.list(()))?,
                "contact" => raw.contact = Some(map.next_value_seed(r.mapping::<Contact>(()))?),
                "locale" => raw.locale = Some(map.next_value_seed(r.text_with("locale", check_locale))?),
                "language_name" => raw.language_name = Some(map.next_value_seed(r.value("language_name"))?),
                "strings" => raw.strings = map.next_value_seed(r.mapping::<Strings>(()))?,
                "languages" => raw.languages = map.next_value_seed(r.mapping::<Languages>(()))?.0,
                "brand" => raw.brand = Some(map.next_value_seed(r.mapping::<Brand>(()))?),
                "publish" => raw.publish = Some(map.next_value_seed(r.text_with("publish", Destination::parse))?),
                _ => raw.extra = map.next_value_seed(r.value("extra"))?,
            }
            Ok(())
        })?;
        if raw.title.is_none() {
            return Err(r.fail(CONFIG_KEYS.missing("title", "Your guide's title")));
        }
        if raw.base_url.is_none() {
            return Err(r.fail(CONFIG_KEYS.missing("base_url", "https://example.org/")));
        }
        Ok(raw)
    }
}

impl FromList for Vec<MenuItem> {
    type Context<'c> = ();

    fn not_a_list() -> Problem {
        Problem::new(
            "`menu:` must be a list of entries",
            "write each entry as `- title: …` with `page:` or `url:` on the lines below `menu:`",
        )
    }

    fn read<'de, A: SeqAccess<'de>>(r: &Reader, (): (), mut seq: A) -> Result<Vec<MenuItem>, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element_seed(r.mapping::<MenuItem>(()))? {
            items.push(item);
        }
        Ok(items)
    }
}

impl FromMapping for MenuItem {
    type Context<'c> = ();

    fn not_a_mapping() -> Problem {
        Problem::new(
            "a menu entry must be a mapping: `title` and `page` or `url`",
            "write it as `- title: About` with `page: about.md` on the next line",
        )
    }

    fn read<'de, A: MapAccess<'de>>(r: &Reader, (): (), map: A) -> Result<MenuItem, A::Error> {
        let mut item = MenuItem { title: String::new(), page: None, url: None };
        let mut title = None;
        entries(r, map, &MENU_KEYS, |key, map| {
            match key {
                "title" => title = Some(map.next_value_seed(r.value("title"))?),
                "page" => item.page = map.next_value_seed(r.value("page"))?,
                _ => item.url = map.next_value_seed(r.value("url"))?,
            }
            Ok(())
        })?;
        item.title = title.ok_or_else(|| r.fail(MENU_KEYS.missing("title", "What the menu shows")))?;
        Ok(item)
    }
}

impl FromMapping for Contact {
    type Context<'c> = ();

    fn not_a_mapping() -> Problem {
        Problem::new(
            "`contact:` must be a mapping: `name` and, if readers may write to you, `email`",
            "write it as `contact: {name: Mira Virtanen, email: mira@example.org}`",
        )
    }

    fn read<'de, A: MapAccess<'de>>(r: &Reader, (): (), map: A) -> Result<Contact, A::Error> {
        let mut name = None;
        let mut email = None;
        let mut key = None;
        entries(r, map, &CONTACT_KEYS, |k, map| {
            match k {
                "name" => name = Some(map.next_value_seed(r.text_with("name", check_contact_name))?),
                "email" => email = Some(map.next_value_seed(r.text_with("email", check_email))?),
                _ => key = Some(map.next_value_seed(r.text_with("key", check_public_key))?),
            }
            Ok(())
        })?;
        let name = name.ok_or_else(|| r.fail(CONTACT_KEYS.missing("name", "Your Name")))?;
        Ok(Contact { name, email, key })
    }
}

impl FromMapping for Brand {
    type Context<'c> = ();

    fn not_a_mapping() -> Problem {
        Problem::new(
            "`brand:` must be a mapping: `accent`, `accent_dark` and `logo`, each optional",
            "write it as `brand: {accent: \"#1d6f5f\", logo: logo.svg}`",
        )
    }

    fn read<'de, A: MapAccess<'de>>(r: &Reader, (): (), map: A) -> Result<Brand, A::Error> {
        let mut brand = Brand { accent: None, accent_dark: None, logo: None };
        entries(r, map, &BRAND_KEYS, |key, map| {
            match key {
                "accent" => brand.accent = Some(map.next_value_seed(r.text_with("accent", check_colour))?),
                "accent_dark" => {
                    brand.accent_dark = Some(map.next_value_seed(r.text_with("accent_dark", check_colour))?)
                }
                _ => brand.logo = Some(map.next_value_seed(r.text_with("logo", check_logo))?),
            }
            Ok(())
        })?;
        Ok(brand)
    }
}

/// `#1d6f5f` or `#1d6`: the only forms a colour check can be sure of.
fn check_colour(text: &str) -> Result<Colour, Problem> {
    Colour::parse(text).ok_or_else(|| {
        Problem::new(
            format!("`{text}` is not a colour rajat can check"),
            "write it as six hexadecimal digits after `#`, in quotes: `accent: \"#1d6f5f\"`",
        )
    })
}

/// A site path of a file the site publishes: `logo.svg`, `images/logo.png`.
fn check_logo(text: &str) -> Result<String, Problem> {
    let path = text.trim().trim_start_matches('/');
    if path.is_empty() || path.contains("..") || path.contains("://") || path.contains('\\') {
        return Err(Problem::new(
            format!("`{text}` is not a file of the site"),
            "put the logo in `static/` and write its path there, e.g. `logo: logo.svg` for `static/logo.svg`",
        ));
    }
    Ok(path.to_string())
}

/// The owner's name, as readers will see it ("Send to Mira").
fn check_contact_name(name: &str) -> Result<String, Problem> {
    let name = name.trim();
    if name.is_empty() {
        return Err(Problem::new(
            "the contact's `name` is empty",
            "write the name readers know you by, e.g. `name: Mira Virtanen`",
        ));
    }
    Ok(name.to_string())
}

/// An address a `mailto:` link can carry as it is: one `@`, no spaces, nothing that ends the address.
fn check_email(email: &str) -> Result<String, Problem> {
    let email = email.trim();
    let plain =
        |part: &str| !part.is_empty() && !part.contains(|c: char| c.is_whitespace() || "@?&#/<>\"\\,;:".contains(c));
    let usable = email.split_once('@').is_some_and(|(local, domain)| {
        plain(local) && plain(domain) && domain.contains('.') && !domain.starts_with('.') && !domain.ends_with('.')
    });
    if !usable {
        return Err(Problem::new(
            format!("`{email}` is not an email address"),
            "write the address readers send their answers to, e.g. `email: mira@example.org`, or leave `email` out",
        ));
    }
    Ok(email.to_string())
}

/// The public half of the owner's key, as `rajat key new` wrote it.
fn check_public_key(text: &str) -> Result<String, Problem> {
    use crate::sealing::{KeyProblem, PublicKey};
    match PublicKey::parse(text) {
        Ok(key) => Ok(key.text()),
        Err(KeyProblem::NotAKey) => Err(Problem::new(
            "`key` is not a key for sealed answers",
            format!(
                "a key for sealed answers starts with `{}`: run `rajat key new` to make one, or leave `key` out",
                crate::sealing::PUBLIC_PREFIX
            ),
        )),
        Err(KeyProblem::Damaged) => Err(Problem::new(
            "this key for sealed answers is damaged: part of it is missing or changed",
            "copy the key again, whole, from the `public` value in your key file, or run `rajat key new` for a new key",
        )),
    }
}

/// `https://example.org/guide` → `https://example.org/guide/`; `None` when not http(s).
fn normalize_base_url(url: &str) -> Option<String> {
    let url = url.trim();
    let rest = url.strip_prefix("https://").or_else(|| url.strip_prefix("http://"))?;
    if rest.is_empty() || rest.starts_with('/') || url.contains(char::is_whitespace) {
        return None;
    }
    let mut url = url.to_string();
    if !url.ends_with('/') {
        url.push('/');
    }
    Some(url)
}

fn base_path_of(base_url: &str) -> String {
    let after_scheme = base_url.split_once("://").map_or(base_url, |(_, r)| r);
    match after_scheme.find('/') {
        Some(i) => after_scheme[i..].to_string(),
        None => "/".into(),
    }
}

/// Refuses output folders that would destroy or feed back into the site's
/// sources: the site root itself, a folder above it, or anything inside
/// `content/`, `themes/`, `templates/` or `static/`.
pub fn check_output_location(root: &Path, out: &Path) -> Result<(), String> {
    let root = absolute(root);
    let out = absolute(out);
    if out == root {
        return Err("the output folder is the site root; building there would delete the site".into());
    }
    if root.starts_with(&out) {
        return Err("the output folder contains the site root; building there would delete the site".into());
    }
    for source in ["content", "themes", "templates", "static"] {
        if out.starts_with(root.join(source)) {
            return Err(format!("the output folder is inside `{source}/`, which rajat reads from"));
        }
    }
    Ok(())
}

/// An absolute, normalised path, without requiring it to exist: `..` is
/// resolved lexically, then symlinks in the part that exists.
pub fn absolute(path: &Path) -> PathBuf {
    let joined =
        if path.is_absolute() { path.to_path_buf() } else { std::env::current_dir().unwrap_or_default().join(path) };
    let mut lexical = PathBuf::new();
    for c in joined.components() {
        match c {
            std::path::Component::ParentDir => {
                lexical.pop();
            }
            std::path::Component::CurDir => {}
            c => lexical.push(c),
        }
    }
    let mut existing = lexical.clone();
    let mut tail = Vec::new();
    while !existing.exists() {
        match (existing.file_name().map(|n| n.to_os_string()), existing.parent()) {
            (Some(name), Some(parent)) => {
                tail.push(name);
                existing = parent.to_path_buf();
            }
            _ => break,
        }
    }
    let mut out = std::fs::canonicalize(&existing).unwrap_or(existing);
    out.extend(tail.into_iter().rev());
    out
}

/// A language under `languages:`, as written.
struct RawLanguage {
    code: String,
    locale: Option<String>,
    title: Option<String>,
    description: Option<String>,
    menu: Option<Vec<MenuItem>>,
    contact: Option<Contact>,
    strings: Strings,
    name: Option<String>,
}

const LANGUAGE_KEYS: Keys =
    Keys { known: &["title", "description", "locale", "name", "menu", "contact", "strings"], own: None };

/// `languages:`: each language's code, and what is worded in it.
struct Languages(Vec<RawLanguage>);

impl FromMapping for Languages {
    type Context<'c> = ();

    fn not_a_mapping() -> Problem {
        Problem::new(
            "`languages:` must be a mapping of language codes to their settings",
            "write e.g. `languages:` then `  fi:` then `    title: Kuinka sanoa ei` on the lines below",
        )
    }

    fn read<'de, A: MapAccess<'de>>(r: &Reader, (): (), mut map: A) -> Result<Languages, A::Error> {
        let mut languages = Vec::new();
        while let Some(code) = map.next_key_seed(r.text_with("languages", check_code))? {
            languages.push(map.next_value_seed(r.mapping::<RawLanguage>(code))?);
        }
        Ok(Languages(languages))
    }
}

impl FromMapping for RawLanguage {
    type Context<'c> = String;

    fn not_a_mapping() -> Problem {
        Problem::new(
            "a language's settings must be a mapping: `title`, `description`, `menu` …",
            "write them on indented lines below the language's code",
        )
    }

    fn read<'de, A: MapAccess<'de>>(r: &Reader, code: String, map: A) -> Result<RawLanguage, A::Error> {
        let mut language = RawLanguage {
            code,
            locale: None,
            title: None,
            description: None,
            menu: None,
            contact: None,
            strings: Strings::default(),
            name: None,
        };
        entries(r, map, &LANGUAGE_KEYS, |key, map| {
            match key {
                "title" => language.title = Some(map.next_value_seed(r.value("title"))?),
                "description" => language.description = Some(map.next_value_seed(r.value("description"))?),
                "locale" => language.locale = Some(map.next_value_seed(r.text_with("locale", check_locale))?),
                "name" => language.name = Some(map.next_value_seed(r.value("name"))?),
                "menu" => language.menu = Some(map.next_value_seed(r.list(()))?),
                "contact" => language.contact = Some(map.next_value_seed(r.mapping::<Contact>(()))?),
                _ => language.strings = map.next_value_seed(r.mapping::<Strings>(()))?,
            }
            Ok(())
        })?;
        Ok(language)
    }
}

/// `strings:`: words by key, the theme's, and the forms' under `forms:`.
#[derive(Default)]
struct Strings {
    theme: BTreeMap<String, String>,
    forms: BTreeMap<String, String>,
}

impl FromMapping for Strings {
    type Context<'c> = ();

    fn not_a_mapping() -> Problem {
        Problem::new("`strings:` must be a mapping of keys to words", "write e.g. `strings: {next: Seuraava}`")
    }

    fn read<'de, A: MapAccess<'de>>(r: &Reader, (): (), mut map: A) -> Result<Strings, A::Error> {
        let mut strings = Strings::default();
        while let Some(key) = map.next_key_seed(r.value::<String>("strings"))? {
            if key == "forms" {
                strings.forms = map.next_value_seed(r.mapping::<FormStrings>(()))?.0;
            } else {
                let text: String = map.next_value_seed(r.value("strings"))?;
                strings.theme.insert(key, text);
            }
        }
        Ok(strings)
    }
}

/// `strings: {forms: …}`: the forms' words by key.
struct FormStrings(BTreeMap<String, String>);

impl FromMapping for FormStrings {
    type Context<'c> = ();

    fn not_a_mapping() -> Problem {
        Problem::new(
            "`forms:` under `strings:` must be a mapping of keys to words",
            "write e.g. `forms: {copyAnswers: Kopioi vastaukset}`",
        )
    }

    fn read<'de, A: MapAccess<'de>>(r: &Reader, (): (), mut map: A) -> Result<FormStrings, A::Error> {
        let mut strings = BTreeMap::new();
        while let Some(key) = map.next_key_seed(r.value::<String>("forms"))? {
            let text: String = map.next_value_seed(r.value("forms"))?;
            strings.insert(key, text);
        }
        Ok(FormStrings(strings))
    }
}

/// Gives each language the words of rajat's forms (built in, the site's
/// `overrides` over them, English behind), and returns a warning for each
/// language that lacks some and for each key the site gives that is none.
fn form_words(
    languages: &mut [Language],
    overrides: &[BTreeMap<String, String>],
    path: &Path,
    source: &str,
) -> Vec<Diagnostic> {
    let english = crate::words::english_form_words();
    let mut warnings = Vec::new();
    for (i, (language, overrides)) in languages.iter_mut().zip(overrides).enumerate() {
        let own = crate::words::built_in_form_words(&language.code);
        let (words, missing) = crate::words::merge(english, own, overrides);
        language.form_words = std::sync::Arc::new(words);
        let place = |d: Diagnostic| at_language(d, source, &language.code, i == DEFAULT_LANGUAGE);
        if !missing.is_empty() {
            let d = Diagnostic::warning(format!(
                "the forms have no `{}` words for {}; they show English there",
                language.code,
                crate::words::listed(&missing)
            ))
            .in_file(path);
            warnings.push(place(d).hint(format!(
                "give them under `strings:` then `forms:` for `{}` in site.yaml; README.md (Languages) lists every key",
                language.code
            )));
        }
        let unknown: Vec<String> = overrides.keys().filter(|k| !english.contains_key(*k)).cloned().collect();
        if !unknown.is_empty() {
            let d = Diagnostic::warning(format!("the forms have no words called {}", crate::words::listed(&unknown)))
                .in_file(path);
            warnings.push(place(d).hint("check the spelling; README.md (Languages) lists every key"));
        }
    }
    warnings
}

/// `d` placed at the line of site.yaml (its text `source`) that names the
/// language `code`: `language:` for the default one, else its key under `languages:`.
pub fn at_language(d: Diagnostic, source: &str, code: &str, default: bool) -> Diagnostic {
    let needle = if default { "language:".to_string() } else { format!("  {code}:") };
    match source.find(&needle) {
        Some(offset) => d.at_offset(source, offset + needle.len() - needle.trim_start().len()),
        None => d.at(source, 1, 1),
    }
}

/// A language's name in itself, for the switcher; the code for one this table lacks
/// (`name:` under the language gives any other).
fn native_name(code: &str) -> String {
    let base = code.split('-').next().unwrap_or(code);
    let name = match base {
        "da" => "Dansk",
        "de" => "Deutsch",
        "en" => "English",
        "es" => "Español",
        "et" => "Eesti",
        "fi" => "Suomi",
        "fr" => "Français",
        "is" => "Íslenska",
        "it" => "Italiano",
        "nb" | "no" => "Norsk",
        "nl" => "Nederlands",
        "nn" => "Nynorsk",
        "pl" => "Polski",
        "pt" => "Português",
        "se" => "Davvisámegiella",
        "sv" => "Svenska",
        _ => return code.to_string(),
    };
    name.to_string()
}

/// A language code: `en`, `fi`, `pt-br`. It names files and folders, so it is kept plain.
fn check_code(code: &str) -> Result<String, Problem> {
    let mut parts = code.split('-');
    let first = parts.next().unwrap_or_default();
    let plain = |p: &str| !p.is_empty() && p.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit());
    if (2..=3).contains(&first.len()) && first.chars().all(|c| c.is_ascii_lowercase()) && parts.all(plain) {
        Ok(code.to_string())
    } else {
        Err(Problem::new(
            format!("`{code}` is not a language code"),
            "use a lowercase code such as `en`, `fi` or `pt-br`; it becomes part of file names (`page.fi.md`) and addresses (`/fi/`)",
        ))
    }
}

/// A BCP 47 tag such as `en-GB`.
fn check_locale(locale: &str) -> Result<String, Problem> {
    let ok = !locale.is_empty()
        && locale.split('-').all(|p| !p.is_empty() && p.len() <= 8 && p.chars().all(|c| c.is_ascii_alphanumeric()));
    if ok {
        Ok(locale.to_string())
    } else {
        Err(Problem::new(format!("`{locale}` is not a locale"), "write a tag such as `en-GB` or `fi-FI`"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(src: &str) -> Result<Config> {
        Config::parse(Path::new("site.yaml"), src.to_string())
    }

    #[test]
    fn base_path_follows_the_base_url() {
        let c = parse("title: T\nbase_url: https://example.org/guide\n").unwrap();
        assert_eq!(c.base_url, "https://example.org/guide/");
        assert_eq!(c.base_path, "/guide/");
        assert_eq!(c.url("situations/x/"), "/guide/situations/x/");
        assert_eq!(c.permalink("/a/"), "https://example.org/guide/a/");
        let c = parse("title: T\nbase_url: http://localhost:1111\n").unwrap();
        assert_eq!(c.base_path, "/");
    }

    #[test]
    fn problems_name_the_exact_line_and_column() {
        for (yaml, line, col, message) in [
            ("title: T\nbase_url: https://e.org/\ncolour: red\n", 3, 1, "unknown key `colour`"),
            ("title: T\nbase_url: https://e.org/\nmenu: About\n", 3, 7, "`menu:` must be a list"),
            ("title: T\nbase_url: https://e.org/\nmenu:\n  - title: A\n    pgae: a.md\n", 5, 5, "unknown key `pgae`"),
            ("title: T\ndescription: [a]\nbase_url: https://e.org/\n", 2, 14, "`description` must be text"),
            ("title: T\n", 1, 1, "missing required key `base_url`"),
            ("title: T\nbase_url: https://e.org/\nlanguage: Finnish\n", 3, 11, "`Finnish` is not a language code"),
            (
                "title: T\nbase_url: https://e.org/\nlanguages:\n  FI:\n    title: O\n",
                4,
                3,
                "`FI` is not a language code",
            ),
            ("title: T\nbase_url: https://e.org/\nlanguages:\n  fi:\n    titel: O\n", 5, 5, "unknown key `titel`"),
            ("title: T\nbase_url: https://e.org/\nlanguages:\n  en:\n    title: O\n", 4, 3, "`en` is given twice"),
            ("title: T\nbase_url: https://e.org/\nlanguages: [fi]\n", 3, 12, "`languages:` must be a mapping"),
            ("title: T\nbase_url: https://e.org/\nlocale: en_GB\n", 3, 9, "`en_GB` is not a locale"),
        ] {
            let err = parse(yaml).unwrap_err();
            let d = &err.diagnostics[0];
            assert!(d.message.contains(message), "{yaml:?}: {}", d.message);
            assert_eq!((d.line, d.col), (line, col), "{yaml:?}: {}", d.message);
        }
    }

    #[test]
    fn languages_default_first_each_with_its_words() {
        let c = parse(
            "title: Guide\nbase_url: https://e.org/\nlanguage: en\nlocale: en-GB\nmenu:\n  - title: About\n    page: about.md\n\
             languages:\n  fi:\n    title: Opas\n    strings:\n      next: Seuraava\n  sv: {}\n",
        )
        .unwrap();
        let codes: Vec<(&str, &str, &str, &str)> = c
            .languages
            .iter()
            .map(|l| (l.code.as_str(), l.locale.as_str(), l.title.as_str(), l.name.as_str()))
            .collect();
        assert_eq!(
            codes,
            [("en", "en-GB", "Guide", "English"), ("fi", "fi", "Opas", "Suomi"), ("sv", "sv", "Guide", "Svenska")]
        );
        assert_eq!(c.languages[1].strings["next"], "Seuraava");
        assert_eq!(c.languages[1].form_words.get("copyAnswers"), "Kopioi vastaukset", "built in for Finnish");
        assert_eq!(c.languages[2].form_words.get("copyAnswers"), "Copy answers", "English where there are none");
        assert_eq!(c.warnings.len(), 1, "{:?}", c.warnings);
        assert!(c.warnings[0].message.starts_with("the forms have no `sv` words for `addLine`"), "{:?}", c.warnings);
        assert_eq!(c.warnings[0].line, 13);
        assert_eq!(
            c.languages[2].menu,
            c.default_language().menu,
            "a language without a menu of its own shows the default one"
        );
        assert_eq!(c.language_of("a/b.fi.md"), (1, "a/b.md".into()));
        assert_eq!(c.language_of("a/b.en.md"), (0, "a/b.en.md".into()), "the default language has no suffix");
        assert_eq!(c.language_of("a.fi/b.md"), (0, "a.fi/b.md".into()));
        assert_eq!(c.file_in("a/_index.md", 2), "a/_index.sv.md");
        assert_eq!(c.prefix(1), "fi/");
        let one = parse("title: T\nbase_url: https://e.org/\n").unwrap();
        assert_eq!(one.language_of("a.fi.md"), (0, "a.fi.md".into()), "one language: a suffix is part of the name");
    }

    #[test]
    fn contact_names_the_owner_and_perhaps_their_address() {
        let c =
            parse("title: T\nbase_url: https://e.org/\ncontact:\n  name: Mira Virtanen\n  email: mira@example.org\n")
                .unwrap();
        assert_eq!(
            c.default_language().contact,
            Some(Contact { name: "Mira Virtanen".into(), email: Some("mira@example.org".into()), key: None })
        );
        let c = parse("title: T\nbase_url: https://e.org/\ncontact: {name: Mira}\n").unwrap();
        assert_eq!(c.default_language().contact, Some(Contact { name: "Mira".into(), email: None, key: None }));
        assert_eq!(parse("title: T\nbase_url: https://e.org/\n").unwrap().default_language().contact, None);
        for (yaml, line, col, message, hint) in [
            ("contact: Mira\n", 3, 10, "`contact:` must be a mapping", "name: Mira Virtanen"),
            ("contact:\n  email: m@e.org\n", 4, 3, "missing required key `name`", "name: Your Name"),
            ("contact:\n  name: Mira\n  mail: m@e.org\n", 5, 3, "unknown key `mail`", "did you mean `email`?"),
            (
                "contact:\n  name: Mira\n  email: mira at example\n",
                5,
                10,
                "`mira at example` is not an email address",
                "leave `email` out",
            ),
            (
                "contact:\n  name: Mira\n  email: m@e.org?cc=x@y.org\n",
                5,
                10,
                "is not an email address",
                "mira@example.org",
            ),
            ("contact:\n  name: ''\n", 4, 9, "the contact's `name` is empty", "name: Mira Virtanen"),
            ("contact:\n  name: [Mira]\n", 4, 9, "`name` must be text", "same line"),
            ("contact:\n  name: Mira\n  key: BPn3x\n", 5, 8, "`key` is not a key for sealed answers", "rajat key new"),
            (
                "contact:\n  name: Mira\n  key: rajat-p256.BPn3x\n",
                5,
                8,
                "this key for sealed answers is damaged",
                "from the `public` value in your key file",
            ),
        ] {
            let err = parse(&format!("title: T\nbase_url: https://e.org/\n{yaml}")).unwrap_err();
            let d = &err.diagnostics[0];
            assert!(d.message.contains(message), "{yaml:?}: {}", d.message);
            assert!(d.hint.as_deref().unwrap_or("").contains(hint), "{yaml:?}: {:?}", d.hint);
            assert_eq!((d.line, d.col), (line, col), "{yaml:?}: {}", d.message);
        }
    }

    #[test]
    fn a_contact_s_key_reaches_every_language() {
        let key = crate::sealing::NewKey::generate().unwrap().public.text();
        let yaml = format!(
            "title: T\nbase_url: https://e.org/\ncontact:\n  name: Mira\n  key: {key}\nlanguages:\n  fi:\n    contact:\n      name: Mira V.\n  sv: {{}}\n"
        );
        let c = parse(&yaml).unwrap();
        for l in &c.languages {
            assert_eq!(l.contact.as_ref().and_then(|c| c.key.as_deref()), Some(key.as_str()), "{}", l.code);
        }
        assert_eq!(c.languages[1].contact.as_ref().unwrap().name, "Mira V.");
    }

    #[test]
    fn publish_names_an_sftp_server_or_a_folder() {
        let sftp = |user: Option<&str>, host: &str, port: u16, path: &str| Destination::Sftp {
            user: user.map(str::to_string),
            host: host.into(),
            port,
            path: path.into(),
        };
        for (text, expected, shown) in [
            (
                "sftp://mira@ssh.example.fi/~/public_html/opas/",
                sftp(Some("mira"), "ssh.example.fi", 22, "public_html/opas"),
                "sftp://mira@ssh.example.fi/~/public_html/opas/",
            ),
            (
                "sftp://SSH.Example.fi:2222/var/www/opas",
                sftp(None, "ssh.example.fi", 2222, "/var/www/opas"),
                "sftp://ssh.example.fi:2222/var/www/opas/",
            ),
            ("sftp://m%40x@[::1]:2200/~", sftp(Some("m@x"), "::1", 2200, ""), "sftp://m%40x@[::1]:2200/~/"),
            ("sftp://mira@host/my%20guide/", sftp(Some("mira"), "host", 22, "/my guide"), "sftp://mira@host/my guide/"),
            ("/mnt/share/opas", Destination::Folder("/mnt/share/opas".into()), "/mnt/share/opas/"),
        ] {
            let c = parse(&format!("title: T\nbase_url: https://e.org/\npublish: \"{text}\"\n")).unwrap();
            assert_eq!(c.publish.as_ref(), Some(&expected), "{text}");
            assert_eq!(expected.to_string(), shown, "{text}");
        }
        assert_eq!(parse("title: T\nbase_url: https://e.org/\n").unwrap().publish, None);
        for (value, message) in [
            ("ftp://example.org/", "rajat cannot publish to `ftp://` addresses"),
            ("sftp://example.org", "names no folder on the host"),
            ("sftp://example.org:99999/x/", "`99999` is not a port number"),
            ("sftp://@example.org/x/", "has no user name"),
            ("sftp://example.org/a/../b/", "climbs out of its folder"),
            ("''", "the destination is empty"),
        ] {
            let err = parse(&format!("title: T\nbase_url: https://e.org/\npublish: {value}\n")).unwrap_err();
            let d = &err.diagnostics[0];
            assert!(d.message.contains(message), "{value}: {}", d.message);
            assert_eq!((d.line, d.col), (3, 10), "{value}: at the value");
            assert!(d.hint.as_deref().is_some_and(|h| h.contains("sftp://")), "{value}: {:?}", d.hint);
        }
    }

    #[test]
    fn a_language_s_contact_at_another_address_is_not_sealed_for_the_top_level_owner() {
        // The Finnish edition names Aino, at her own address: a key only Mira holds would seal
        // Aino's clients' answers for Mira, while their page says only Aino can open them.
        let key = crate::sealing::NewKey::generate().unwrap().public.text();
        let yaml = format!(
            "title: T\nbase_url: https://e.org/\ncontact:\n  name: Mira\n  email: mira@e.org\n  key: {key}\nlanguages:\n  fi:\n    contact:\n      name: Aino\n      email: aino@e.org\n  sv:\n    contact:\n      name: Mira V.\n      email: mira@e.org\n"
        );
        let c = parse(&yaml).unwrap();
        let key_of = |code: &str| {
            c.languages.iter().find(|l| l.code == code).and_then(|l| l.contact.as_ref()).and_then(|c| c.key.clone())
        };
        assert_eq!(key_of("fi"), None, "Aino has no key of her own");
        assert_eq!(key_of("sv").as_deref(), Some(key.as_str()), "the same owner at the same address keeps the key");
    }

    #[test]
    fn empty_title_and_bad_url_are_both_reported() {
        let err = parse("title: ''\nbase_url: example.org\n").unwrap_err();
        assert_eq!(err.diagnostics.len(), 2);
        assert_eq!(err.diagnostics[0].line, 1);
        assert_eq!(err.diagnostics[1].line, 2);
    }

    #[test]
    fn menu_entry_needs_page_or_url() {
        let err = parse("title: T\nbase_url: https://e.org/\nmenu:\n  - title: Home\n").unwrap_err();
        assert!(err.diagnostics[0].message.contains("exactly one of"));
        assert_eq!(err.diagnostics[0].line, 4);
    }

    #[test]
    fn output_location_rules() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("site");
        std::fs::create_dir_all(root.join("content")).unwrap();
        assert!(check_output_location(&root, &root).is_err());
        assert!(check_output_location(&root, tmp.path()).is_err());
        assert!(check_output_location(&root, &root.join("content/out")).is_err());
        assert!(check_output_location(&root, &root.join("static")).is_err());
        assert!(check_output_location(&root, &root.join("public")).is_ok());
        assert!(check_output_location(&root, &root.join("x/../public")).is_ok());
        assert!(check_output_location(&root, &root.join("x/..")).is_err());
    }
}

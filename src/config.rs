//! `site.yaml`: the guide's own settings.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::error::{Diagnostic, Result, find_key_line, io_error};

/// The name of the config file at the site root.
pub const CONFIG_FILE: &str = "site.yaml";

/// A parsed, validated `site.yaml`.
#[derive(Clone, Debug, PartialEq)]
pub struct Config {
    pub title: String,
    pub description: String,
    /// Absolute URL of the published site, always ending in `/`.
    pub base_url: String,
    /// The path part of `base_url` (`/` or `/guide/`): every internal link starts with it.
    pub base_path: String,
    /// `lang` of every page, e.g. `en`.
    pub language: String,
    /// Name of the theme: a folder under `themes/`, or `default` (embedded).
    pub theme: String,
    /// Where `build` writes, relative to the site root.
    pub output_dir: PathBuf,
    /// Whether `output_dir` came from `site.yaml` (so errors can point there).
    pub output_dir_from_file: bool,
    /// The site menu, in order.
    pub menu: Vec<MenuItem>,
    pub extra: serde_yaml::Value,
    /// The text of `site.yaml`, kept so later steps can point at its lines.
    pub source: String,
}

/// A menu entry: a page of the guide (checked like any link) or an external URL.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MenuItem {
    pub title: String,
    /// A content file, relative to `content/`: `situations/_index.md`.
    #[serde(default)]
    pub page: Option<String>,
    /// Any other URL.
    #[serde(default)]
    pub url: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    title: String,
    #[serde(default)]
    description: String,
    base_url: String,
    #[serde(default = "default_language")]
    language: String,
    #[serde(default = "default_theme")]
    theme: String,
    #[serde(default)]
    output_dir: Option<PathBuf>,
    #[serde(default)]
    menu: Vec<MenuItem>,
    #[serde(default)]
    extra: serde_yaml::Value,
}

fn default_language() -> String {
    "en".into()
}

fn default_theme() -> String {
    "default".into()
}

impl Config {
    /// Reads and validates `root/site.yaml`.
    pub fn load(root: &Path) -> Result<Config> {
        let path = root.join(CONFIG_FILE);
        let display = PathBuf::from(CONFIG_FILE);
        let bytes = std::fs::read(&path).map_err(|e| {
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
        let source = String::from_utf8(bytes).map_err(|e| crate::error::utf8_error(&display, e))?;
        Config::parse(&display, source)
    }

    /// Parses the text of a `site.yaml`; `path` is used in messages.
    pub fn parse(path: &Path, source: String) -> Result<Config> {
        let raw: RawConfig = crate::yaml::parse(path, &source, &source, 1)?;
        let at_key = |key: &str, message: String| {
            let d = Diagnostic::error(message).in_file(path);
            match find_key_line(&source, key) {
                Some((line, col)) => d.at(&source, line, col).span(key.len()),
                None => d,
            }
        };
        let mut problems = Vec::new();
        if raw.title.trim().is_empty() {
            problems.push(
                at_key("title", "the site title is empty".into())
                    .hint("give the guide a title: `title: Saying no to clients`"),
            );
        }
        let base_url = match normalize_base_url(&raw.base_url) {
            Some(url) => url,
            None => {
                problems.push(
                    at_key("base_url", format!("`{}` is not an absolute http(s) URL", raw.base_url)).hint(
                        "write the address the site is published at, e.g. `base_url: https://example.org/guide/`",
                    ),
                );
                "http://localhost/".into()
            }
        };
        for item in &raw.menu {
            if item.page.is_some() == item.url.is_some() {
                problems.push(
                    at_key("menu", format!("menu entry `{}` needs exactly one of `page:` or `url:`", item.title)).hint(
                        "`page: situations/_index.md` for a page of the guide, `url: https://…` for anything else",
                    ),
                );
            }
        }
        if !problems.is_empty() {
            return Err(crate::error::Error::new(problems));
        }
        let base_path = base_path_of(&base_url);
        Ok(Config {
            title: raw.title,
            description: raw.description,
            base_path,
            base_url,
            language: raw.language,
            theme: raw.theme,
            output_dir_from_file: raw.output_dir.is_some(),
            output_dir: raw.output_dir.unwrap_or_else(|| PathBuf::from("public")),
            menu: raw.menu,
            extra: raw.extra,
            source,
        })
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

    /// The line of `key` in site.yaml, for diagnostics about a value there.
    pub fn diagnostic_at_key(&self, key: &str, message: impl Into<String>) -> Diagnostic {
        let d = Diagnostic::error(message).in_file(CONFIG_FILE);
        match find_key_line(&self.source, key) {
            Some((line, col)) => d.at(&self.source, line, col).span(key.len()),
            None => d,
        }
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
    fn unknown_key_names_key_and_line() {
        let err = parse("title: T\nbase_url: https://e.org/\ncolour: red\n").unwrap_err();
        let d = &err.diagnostics[0];
        assert_eq!((d.line, d.message.as_str()), (3, "unknown key `colour`"));
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
    }
}

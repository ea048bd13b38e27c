//! Themes: the minijinja templates and static files a site is dressed in.
//!
//! Layers, later ones winning file by file: the theme (`themes/<name>/` on
//! disk, or the default theme embedded in the binary), then the site's own
//! `templates/` and `static/`.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

use include_dir::{Dir, include_dir};
use minijinja::{Environment, UndefinedBehavior};
use walkdir::WalkDir;

use crate::config::Config;
use crate::error::{Diagnostic, Error, Result, io_error};
use crate::text::{is_ignored, relative_slash_path};

/// The default theme, compiled in so a site builds without a `themes/` folder.
pub static DEFAULT_THEME: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

/// Templates every theme must provide.
pub const REQUIRED_TEMPLATES: [&str; 4] = ["index.html", "section.html", "page.html", "404.html"];

/// Where a file of the theme comes from.
#[derive(Clone, Debug, PartialEq)]
pub enum Origin {
    /// A file on disk, relative to the site root.
    Disk(PathBuf),
    /// A file of the embedded default theme, with its path inside the theme.
    Embedded(&'static str, &'static [u8]),
}

impl Origin {
    /// How to name this file in a message.
    pub fn display(&self) -> PathBuf {
        match self {
            Origin::Disk(p) => p.clone(),
            Origin::Embedded(p, _) => PathBuf::from(format!("<embedded default theme>/{p}")),
        }
    }
}

/// A loaded theme, ready to render.
#[derive(Debug)]
pub struct Theme {
    pub env: Environment<'static>,
    /// Template name → where it came from (for error messages).
    pub templates: BTreeMap<String, Origin>,
    /// Site path (`style.css`) → where it comes from, overrides applied.
    pub statics: BTreeMap<String, Origin>,
    /// Symbolic links found in the theme and the site's templates and static
    /// files, left out (see [`crate::disk`]), relative to the site root.
    pub links: Vec<PathBuf>,
    /// Every worded string of the theme, by key, in each of the guide's
    /// languages (by [`crate::config::Lang`]): `strings/en.yaml`, overlaid
    /// with `strings/<language>.yaml` and the site's `strings:`. What templates see as `t`.
    pub strings: Vec<minijinja::Value>,
    /// What is worth saying but does not stop a build: words a language lacks.
    pub warnings: Vec<Diagnostic>,
    /// The backgrounds the theme shows its accent on (`theme.yaml`), which
    /// a brand's accent is checked against.
    pub backgrounds: Backgrounds,
}

/// The backgrounds of a theme's light and dark colours, from `theme.yaml`.
#[derive(Clone, Debug, Default, PartialEq, serde::Deserialize)]
pub struct Backgrounds {
    /// `#rrggbb` colours text in the accent colour is shown on, light mode.
    #[serde(default)]
    pub light: Vec<String>,
    /// The same in dark mode.
    #[serde(default)]
    pub dark: Vec<String>,
}

/// What rajat reads of `theme.yaml`; the rest (name, description) is for people.
#[derive(Debug, Default, serde::Deserialize)]
struct ThemeInfo {
    #[serde(default)]
    backgrounds: Backgrounds,
}

impl Theme {
    /// Loads the theme named in `config`, applies the site's own overrides, and
    /// compiles every template, reporting all syntax errors at once.
    pub fn load(root: &Path, config: &Config) -> Result<Theme> {
        let mut templates = BTreeMap::new();
        let mut statics = BTreeMap::new();
        let mut links = Vec::new();
        let theme_dir = Path::new("themes").join(&config.theme);
        if crate::disk::kind(root, &theme_dir) == crate::disk::Kind::Link {
            links.push(theme_dir.clone());
        }
        if crate::disk::kind(root, &theme_dir) == crate::disk::Kind::Folder {
            collect_disk(root, &theme_dir.join("templates"), &mut templates, &mut links)?;
            collect_disk(root, &theme_dir.join("static"), &mut statics, &mut links)?;
        } else if config.theme == "default" {
            collect_embedded(&DEFAULT_THEME, "templates", &mut templates);
            collect_embedded(&DEFAULT_THEME, "static", &mut statics);
        } else {
            return Err(config
                .diagnostic_at_key("theme", format!("there is no theme `{}`", config.theme))
                .hint(format!("put the theme in `{}/`, or use `theme: default` (built in)", theme_dir.display()))
                .into());
        }
        collect_disk(root, Path::new("templates"), &mut templates, &mut links)?;
        collect_disk(root, Path::new("static"), &mut statics, &mut links)?;

        let mut problems = Vec::new();
        let is_folder = crate::disk::kind(root, &theme_dir) == crate::disk::Kind::Folder;
        let theme_file = |rel: &str| -> Result<Option<(PathBuf, String)>, Diagnostic> {
            let origin = if is_folder {
                let path = theme_dir.join(rel);
                if crate::disk::kind(root, &path) != crate::disk::Kind::File {
                    return Ok(None);
                }
                Origin::Disk(path)
            } else {
                match DEFAULT_THEME.get_file(rel) {
                    Some(f) => Origin::Embedded(f.path().to_str().unwrap_or_default(), f.contents()),
                    None => return Ok(None),
                }
            };
            let bytes = read_origin(root, &origin)?;
            let text = String::from_utf8(bytes).map_err(|e| crate::error::utf8_error(&origin.display(), e))?;
            Ok(Some((origin.display(), text)))
        };
        let mut read_strings = |code: &str| -> Option<BTreeMap<String, String>> {
            match theme_file(&format!("strings/{code}.yaml")) {
                Ok(Some((path, text))) => match serde_yaml::from_str::<BTreeMap<String, String>>(&text) {
                    Ok(map) => Some(map),
                    Err(e) => {
                        problems.push(theme_yaml_problem(&path, &text, &e, "each line `key: text`"));
                        None
                    }
                },
                Ok(None) => None,
                Err(d) => {
                    problems.push(d);
                    None
                }
            }
        };
        let english = read_strings("en").unwrap_or_default();
        let mut strings = Vec::with_capacity(config.languages.len());
        let mut warnings = Vec::new();
        for (lang, language) in config.languages.iter().enumerate() {
            let base = language.code.split('-').next().unwrap_or(&language.code);
            let own = match base {
                "en" => None,
                _ => read_strings(&language.code).or_else(|| read_strings(base)),
            };
            let (words, missing) = crate::words::merge(&english, own.as_ref(), &language.strings);
            if !missing.is_empty() && base != "en" {
                warnings.push(missing_strings(config, lang, &missing, &theme_dir));
            }
            strings.push(minijinja::Value::from(words.map().clone()));
        }
        let mut backgrounds = Backgrounds::default();
        match theme_file("theme.yaml") {
            Ok(Some((path, text))) => match serde_yaml::from_str::<Option<ThemeInfo>>(&text) {
                Ok(info) => backgrounds = info.unwrap_or_default().backgrounds,
                Err(e) => problems.push(theme_yaml_problem(
                    &path,
                    &text,
                    &e,
                    "`backgrounds:` holds `light:` and `dark:`, each a list of colours such as \"#ffffff\"",
                )),
            },
            Ok(None) => {}
            Err(d) => problems.push(d),
        }

        let mut env = Environment::new();
        env.set_undefined_behavior(UndefinedBehavior::SemiStrict);
        // Errors carry the template's source, so they can point at the column:
        // minijinja keeps it only in debug builds unless asked.
        env.set_debug(true);
        // `url('style.css')` → `/guide/style.css`: links that honour a base URL with a sub-path.
        env.set_formatter(html_formatter);
        let base_path = config.base_path.clone();
        env.add_function("url", move |path: &str| format!("{base_path}{}", path.trim_start_matches('/')));
        // `qr(page.permalink, label)`: the address as a QR code, for paper.
        env.add_function("qr", |url: &str, label: Option<&str>| {
            minijinja::Value::from_safe_string(crate::qr::svg(url, label.unwrap_or(url)).unwrap_or_default())
        });
        for (name, origin) in &templates {
            let text = match read_origin(root, origin) {
                Ok(bytes) => match String::from_utf8(bytes) {
                    Ok(t) => t,
                    Err(e) => {
                        problems.push(crate::error::utf8_error(&origin.display(), e));
                        continue;
                    }
                },
                Err(d) => {
                    problems.push(d);
                    continue;
                }
            };
            if let Err(e) = env.add_template_owned(name.clone(), text.clone()) {
                problems.push(template_diagnostic(&e, &templates, Some(&text)));
            }
        }
        for name in REQUIRED_TEMPLATES {
            if !templates.contains_key(name) {
                problems.push(
                    Diagnostic::error(format!("the theme `{}` has no `{name}` template", config.theme))
                        .in_file(theme_dir.join("templates"))
                        .hint(format!("add `templates/{name}` to the site or the theme")),
                );
            }
        }
        if problems.is_empty() {
            Ok(Theme { env, templates, statics, links, strings, warnings, backgrounds })
        } else {
            Err(Error::new(problems))
        }
    }

    /// Whether any template but `except` may read attribute `attr` of
    /// `variable` (`page.nav`): it names it, or hands `variable` on as a whole.
    pub fn uses_attribute(&self, variable: &str, attr: &str, except: Option<&str>) -> bool {
        let path = format!("{variable}.{attr}");
        self.templates.keys().filter(|t| Some(t.as_str()) != except).any(|t| {
            self.env.get_template(t).is_ok_and(|t| {
                let used = t.undeclared_variables(true);
                used.contains(&path) || used.contains(variable)
            })
        })
    }

    /// Whether the theme's pages carry a Content-Security-Policy that lets
    /// images come only from the site itself (`default-src 'self'` and no
    /// `img-src` of its own), as the default theme's do: then an image on
    /// another site never shows.
    pub fn shows_only_own_images(&self) -> bool {
        self.templates.keys().any(|name| {
            self.env.get_template(name).is_ok_and(|t| {
                let source = t.source();
                source.contains("Content-Security-Policy")
                    && source.contains("default-src 'self'")
                    && !source.contains("img-src")
            })
        })
    }

    /// The theme's words in language `lang`: `t` in its templates.
    pub fn strings(&self, lang: crate::config::Lang) -> minijinja::Value {
        self.strings.get(lang).cloned().unwrap_or_else(|| minijinja::Value::from(BTreeMap::<String, String>::new()))
    }

    /// The theme's string `key` in language `lang`, or `fallback` when the theme has none.
    pub fn string(&self, lang: crate::config::Lang, key: &str, fallback: &str) -> String {
        match self.strings.get(lang).and_then(|t| t.get_attr(key).ok()) {
            Some(v) if !v.is_undefined() => v.to_string(),
            _ => fallback.to_string(),
        }
    }

    /// Whether any template uses the variable `name` (how the values know a
    /// theme never shows the navigation tree, so need not build it).
    pub fn uses_variable(&self, name: &str) -> bool {
        self.templates
            .keys()
            .any(|t| self.env.get_template(t).is_ok_and(|t| t.undeclared_variables(false).contains(name)))
    }

    /// The templates that are, or include, extend or import, one of
    /// `changed`, directly or through others: what an edit of those affects.
    pub fn dependents(&self, changed: &HashSet<String>) -> HashSet<String> {
        let references: Vec<(&String, Vec<String>)> = self
            .templates
            .keys()
            .filter_map(|name| Some((name, references(&self.env.get_template(name).ok()?))))
            .collect();
        let mut affected = changed.clone();
        loop {
            let before = affected.len();
            for (name, refs) in &references {
                if !affected.contains(*name) && refs.iter().any(|r| affected.contains(r)) {
                    affected.insert((*name).clone());
                }
            }
            if affected.len() == before {
                return affected;
            }
        }
    }

    /// Whether a template of that name exists.
    pub fn has_template(&self, name: &str) -> bool {
        self.templates.contains_key(name)
    }
}

/// Escapes like minijinja but leaves `/` alone, so URLs in attributes stay
/// readable (`href="/guide/a/"`, not `href="&#x2f;guide&#x2f;a&#x2f;"`).
fn html_formatter(
    out: &mut minijinja::Output,
    state: &mut minijinja::State,
    value: &minijinja::Value,
) -> Result<(), minijinja::Error> {
    match (state.auto_escape(), value.as_str()) {
        (minijinja::AutoEscape::Html, Some(s)) if !value.is_safe() => {
            let mut escaped = String::with_capacity(s.len() + 8);
            crate::text::escape_into(&mut escaped, s);
            out.write_str(&escaped)
                .map_err(|_| minijinja::Error::new(minijinja::ErrorKind::WriteFailure, "could not write"))
        }
        _ => minijinja::escape_formatter(out, state, value),
    }
}

/// The names of the templates `template` includes, extends or imports by a
/// name written in it, read from its compiled instructions: each such tag
/// loads the name as a constant just before the instruction that uses it.
/// (minijinja offers this only through its `unstable_machinery` module; the
/// version is pinned in Cargo.toml.)
fn references(template: &minijinja::Template) -> Vec<String> {
    use minijinja::machinery::{Instruction, Instructions, get_compiled_template};
    fn scan(instructions: &Instructions, into: &mut Vec<String>) {
        let mut previous: Option<&Instruction> = None;
        let mut i = 0;
        while let Some(instruction) = instructions.get(i) {
            if matches!(instruction, Instruction::Include(_) | Instruction::LoadBlocks)
                && let Some(Instruction::LoadConst(name)) = previous
                && let Some(name) = name.as_str()
            {
                into.push(name.to_string());
            }
            previous = Some(instruction);
            i += 1;
        }
    }
    let compiled = get_compiled_template(template);
    let mut names = Vec::new();
    scan(&compiled.instructions, &mut names);
    for block in compiled.blocks.values() {
        scan(block, &mut names);
    }
    names
}

/// Reads a theme file, wherever it lives.
pub fn read_origin(root: &Path, origin: &Origin) -> Result<Vec<u8>, Diagnostic> {
    match origin {
        Origin::Disk(p) => crate::disk::read(root, p).map_err(|e| match crate::disk::is_link(&e) {
            true => crate::disk::link_warning(p).into_error_level(),
            false => io_error(p, "read", &e),
        }),
        Origin::Embedded(_, bytes) => Ok(bytes.to_vec()),
    }
}

/// Adds the files of `dir` (relative to `root`) to `into`, leaving out
/// editors' leftovers and symbolic links, which go to `links`.
fn collect_disk(root: &Path, dir: &Path, into: &mut BTreeMap<String, Origin>, links: &mut Vec<PathBuf>) -> Result<()> {
    let full = root.join(dir);
    match crate::disk::kind(root, dir) {
        crate::disk::Kind::Folder => {}
        crate::disk::Kind::Link => {
            links.push(dir.to_path_buf());
            return Ok(());
        }
        _ => return Ok(()),
    }
    for entry in WalkDir::new(&full)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_ignored(e.file_name()))
    {
        let entry =
            entry.map_err(|e| Diagnostic::error(format!("could not read `{}`: {e}", dir.display())).in_file(dir))?;
        if entry.file_type().is_symlink() {
            links.push(dir.join(entry.path().strip_prefix(&full).unwrap_or(entry.path())));
        } else if entry.file_type().is_file() {
            if entry.path().to_str().is_none() {
                let path = dir.join(entry.path().strip_prefix(&full).unwrap_or(entry.path()));
                return Err(crate::disk::name_warning(&path).into());
            }
            let rel = relative_slash_path(&full, entry.path());
            into.insert(rel.clone(), Origin::Disk(dir.join(&rel)));
        }
    }
    Ok(())
}

fn collect_embedded(theme: &'static Dir<'static>, sub: &str, into: &mut BTreeMap<String, Origin>) {
    fn walk(dir: &'static Dir<'static>, prefix: &str, into: &mut BTreeMap<String, Origin>) {
        for file in dir.files() {
            let path = file.path().to_str().unwrap_or_default();
            if let Some(rel) = path.strip_prefix(prefix) {
                into.insert(rel.to_string(), Origin::Embedded(path, file.contents()));
            }
        }
        for d in dir.dirs() {
            walk(d, prefix, into);
        }
    }
    if let Some(dir) = theme.get_dir(sub) {
        walk(dir, &format!("{sub}/"), into);
    }
}

/// The warning for a language the theme has no words for (`missing`, by key):
/// the templates show English there.
fn missing_strings(config: &Config, lang: crate::config::Lang, missing: &[String], theme_dir: &Path) -> Diagnostic {
    let code = &config.languages[lang].code;
    let where_ = match config.theme.as_str() {
        "default" => "the default theme".to_string(),
        _ => format!("`{}`", theme_dir.display()),
    };
    let d = Diagnostic::warning(format!(
        "{where_} has no `{code}` words for {}; its pages show English there",
        crate::words::listed(missing)
    ))
    .in_file(crate::config::CONFIG_FILE);
    let d = crate::config::at_language(d, &config.source, code, lang == crate::config::DEFAULT_LANGUAGE);
    d.hint(format!(
        "give them under `strings:` for `{code}` in site.yaml (`strings: {{next: …}}`), or add `strings/{code}.yaml` to the theme"
    ))
}

/// A problem in one of the theme's YAML files (`theme.yaml`, `strings/…`), at its line.
fn theme_yaml_problem(path: &Path, text: &str, e: &serde_yaml::Error, shape: &str) -> Diagnostic {
    let d = Diagnostic::error(format!("`{}` cannot be read: {e}", path.display())).in_file(path);
    let d = match e.location() {
        Some(at) => d.at(text, at.line(), at.column()),
        None => d,
    };
    d.hint(format!("the file must be YAML: {shape}"))
}

/// A minijinja error as a diagnostic pointing at the template file and line.
pub fn template_diagnostic(
    err: &minijinja::Error,
    templates: &BTreeMap<String, Origin>,
    source: Option<&str>,
) -> Diagnostic {
    // The innermost error names the template that actually failed (an include, say).
    let mut inner = err;
    while let Some(next) = std::error::Error::source(inner).and_then(|s| s.downcast_ref::<minijinja::Error>()) {
        inner = next;
    }
    let name = inner.name().or(err.name()).unwrap_or("template");
    let path = templates.get(name).map_or_else(|| PathBuf::from(name), Origin::display);
    let detail = inner.detail().map_or_else(|| inner.kind().to_string(), |d| format!("{}: {d}", inner.kind()));
    let mut d = Diagnostic::error(format!("template error in `{name}`: {detail}")).in_file(path);
    let line = inner.line().unwrap_or(0);
    let source = source.map(str::to_string).or_else(|| inner.template_source().map(str::to_string));
    d = match (line, source) {
        (0, _) => d,
        (line, Some(src)) => {
            let col = inner.range().map_or(1, |r| {
                let start = src.lines().take(line - 1).map(|l| l.len() + 1).sum::<usize>();
                src.get(start..r.start).map_or(1, |s| s.chars().count() + 1)
            });
            let span =
                inner.range().and_then(|r| src.get(r)).filter(|s| !s.contains('\n')).map_or(1, |s| s.chars().count());
            d.at(&src, line, col).span(span)
        }
        (line, None) => d.at_line(line, 0),
    };
    d.hint(match inner.kind() {
        minijinja::ErrorKind::UndefinedError => {
            "this value does not exist; see README.md (Theming) for what templates can use".to_string()
        }
        minijinja::ErrorKind::TemplateNotFound => "create the template, or fix its name".to_string(),
        minijinja::ErrorKind::SyntaxError => {
            "check the `{{ }}`, `{% %}` and `{% end… %}` tags on this line".to_string()
        }
        _ => "see the minijinja template syntax: https://docs.rs/minijinja/latest/minijinja/syntax/".to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn theme(templates: &[(&str, &str)]) -> Theme {
        let mut env = Environment::new();
        let mut names = BTreeMap::new();
        for (name, source) in templates {
            env.add_template_owned(name.to_string(), source.to_string()).unwrap();
            names.insert(name.to_string(), Origin::Embedded("x", b""));
        }
        Theme {
            env,
            templates: names,
            statics: BTreeMap::new(),
            links: Vec::new(),
            strings: Vec::new(),
            warnings: Vec::new(),
            backgrounds: Backgrounds::default(),
        }
    }

    #[test]
    fn variables_are_found_by_minijinja_not_by_reading_the_text() {
        assert!(theme(&[("a", "{% for item in nav %}{% endfor %}")]).uses_variable("nav"));
        assert!(theme(&[("a", "{% if nav %}x{% endif %}")]).uses_variable("nav"));
        assert!(!theme(&[("a", "<nav class=\"menu\">{{ page.title }} {{ page.nav }}</nav>")]).uses_variable("nav"));
        assert!(!theme(&[("a", "{% set nav = 1 %}{{ nav }}")]).uses_variable("nav"));
    }

    #[test]
    fn an_edited_template_affects_what_includes_or_extends_it() {
        let t = theme(&[
            ("base.html", "<main>{% block main %}{% endblock %}</main>{% include \"partials/footer.html\" %}"),
            ("page.html", "{% extends \"base.html\" %}{% block main %}{% include 'partials/toc.html' %}{% endblock %}"),
            ("section.html", "{% extends \"base.html\" %}"),
            ("partials/footer.html", "footer"),
            ("partials/toc.html", "toc"),
            ("404.html", "lost"),
        ]);
        let of = |changed: &str| {
            let mut v: Vec<String> = t.dependents(&HashSet::from([changed.to_string()])).into_iter().collect();
            v.sort();
            v
        };
        assert_eq!(of("partials/toc.html"), ["page.html", "partials/toc.html"]);
        assert_eq!(of("partials/footer.html"), ["base.html", "page.html", "partials/footer.html", "section.html"]);
        assert_eq!(of("404.html"), ["404.html"]);
    }
}

//! The starter site `rajat init` writes: this repository's own `site.yaml` and
//! `content/`, compiled into the binary, so a new guide always starts from the
//! current text of the guide. The default theme stays embedded unless ejected.

use std::borrow::Cow;
use std::io::Write;
use std::path::{Path, PathBuf};

use include_dir::{Dir, include_dir};

use crate::config::{Config, Lang, PLACEHOLDER_BASE_URL};
use crate::error::{Diagnostic, Result, io_error};
use crate::yaml::scalar;

/// The guide's content, as the starter of every new site.
pub static STARTER_CONTENT: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/content");

/// The guide's own settings, rewritten by [`site_yaml`] for a new site.
const STARTER_CONFIG: &str = include_str!("../site.yaml");

/// The GitHub Pages workflow of a new site, filled in by [`pages_workflow`].
const PAGES_WORKFLOW: &str = include_str!("init/github-pages.yml");

/// Where a new site's workflow writes it.
pub const PAGES_WORKFLOW_PATH: &str = ".github/workflows/pages.yml";

/// The GitHub repository whose releases the workflow downloads rajat from:
/// this crate's `repository` in Cargo.toml, as `owner/name`.
pub fn releases_repository() -> &'static str {
    let url = env!("CARGO_PKG_REPOSITORY");
    url.strip_prefix("https://github.com/").unwrap_or(url).trim_end_matches('/')
}

/// The GitHub Pages workflow for a new site: it installs the rajat that wrote
/// it, from this repository's releases, and builds and deploys the guide on
/// every push.
pub fn pages_workflow() -> String {
    PAGES_WORKFLOW.replace("{{version}}", env!("CARGO_PKG_VERSION")).replace("{{repository}}", releases_repository())
}

/// What `rajat init` was asked to do.
#[derive(Clone, Debug, Default)]
pub struct InitOptions {
    /// The folder to create the site in; created when missing.
    pub dir: PathBuf,
    /// Add the starter to a folder that is not empty (existing files are still never overwritten).
    pub force: bool,
    /// Also write the default theme to `themes/default/`, for customising.
    pub eject_theme: bool,
    /// The languages of the new guide, its default first (codes of the
    /// starter's languages: `en`, `fi`); empty for all of them, as this
    /// repository publishes the guide.
    pub languages: Vec<String>,
}

/// What `rajat init` did, paths relative to the new site's folder.
#[derive(Clone, Debug, Default)]
pub struct InitReport {
    /// Files written.
    pub written: Vec<PathBuf>,
    /// Files that already existed and were left alone.
    pub skipped: Vec<PathBuf>,
}

/// The starter's settings, as this repository publishes the guide.
fn starter_config() -> Config {
    // The file is this repository's own site.yaml, checked by the tests.
    Config::parse(Path::new(crate::config::CONFIG_FILE), STARTER_CONFIG.to_string())
        .unwrap_or_else(|e| unreachable!("the starter's site.yaml does not parse: {e}"))
}

/// The starter's languages for `wanted` (codes, the default first; empty
/// for the starter's own): their indices in the starter's config.
fn chosen_languages(starter: &Config, wanted: &[String]) -> Result<Vec<Lang>> {
    if wanted.is_empty() {
        return Ok((0..starter.languages.len()).collect());
    }
    let mut chosen = Vec::new();
    for code in wanted {
        match starter.languages.iter().position(|l| &l.code == code) {
            Some(lang) if !chosen.contains(&lang) => chosen.push(lang),
            Some(_) => {}
            None => {
                let codes: Vec<String> = starter.languages.iter().map(|l| format!("`{}`", l.code)).collect();
                return Err(Diagnostic::error(format!("the starter guide is not written in `{code}`"))
                    .hint(format!(
                        "choose from {}; add a language of your own afterwards under `languages:` in site.yaml",
                        codes.join(", ")
                    ))
                    .into());
            }
        }
    }
    Ok(chosen)
}

/// Every file of the starter site in `languages` (see [`InitOptions::languages`]):
/// relative path and contents. The first language's pages are named
/// `page.md`, the others' `page.<code>.md`.
pub fn starter_files(eject_theme: bool, languages: &[String]) -> Result<Vec<(PathBuf, Cow<'static, [u8]>)>> {
    let starter = starter_config();
    let chosen = chosen_languages(&starter, languages)?;
    let mut files = vec![
        (PathBuf::from(crate::config::CONFIG_FILE), Cow::Owned(site_yaml(&starter, &chosen).into_bytes())),
        (
            PathBuf::from(".gitignore"),
            Cow::Borrowed(b"# rajat writes the site here, and keeps the previous version beside it; both are rebuilt from content/.\n/public/\n/.public.rajat-next/\n".as_slice()),
        ),
        (PathBuf::from(PAGES_WORKFLOW_PATH), Cow::Owned(pages_workflow().into_bytes())),
    ];
    let mut content = Vec::new();
    embedded_files(&STARTER_CONTENT, Path::new(""), &mut content);
    for (rel, bytes) in content {
        let rel = rel.to_string_lossy().replace('\\', "/");
        let (lang, key) = starter.language_of(&rel);
        if let Some(new) = chosen.iter().position(|&l| l == lang) {
            let renamed = if rel.ends_with(".md") { file_in(&starter, &chosen, &key, new) } else { rel.clone() };
            files.push((Path::new(crate::content::CONTENT_DIR).join(renamed), bytes));
        }
    }
    if eject_theme {
        embedded_files(&crate::theme::DEFAULT_THEME, Path::new("themes/default"), &mut files);
    }
    Ok(files)
}

/// [`Config::file_in`] for the new guide, whose languages are the starter's `chosen`.
fn file_in(starter: &Config, chosen: &[Lang], key: &str, new: usize) -> String {
    match (new, key.strip_suffix(".md")) {
        (0, _) | (_, None) => key.to_string(),
        (_, Some(stem)) => format!("{stem}.{}.md", starter.languages[chosen[new]].code),
    }
}

/// The starter's `site.yaml` for the languages `chosen`, with a header for
/// its new owner and a placeholder `base_url` that says it must be changed.
/// In the starter's own languages it is the guide's file, comments and all;
/// otherwise it is written from the settings of each language.
pub fn site_yaml(starter: &Config, chosen: &[Lang]) -> String {
    let mut out =
        String::from("# Your guide's settings. Every key is explained in rajat's README, under \"site.yaml\".\n");
    if chosen.iter().copied().eq(0..starter.languages.len()) {
        let mut saw_base_url = false;
        let body = STARTER_CONFIG.lines().skip_while(|l| l.starts_with('#') || l.trim().is_empty());
        for line in body {
            if line.starts_with("base_url:") {
                out.push_str(&base_url_lines());
                saw_base_url = true;
            } else {
                out.push_str(line);
                out.push('\n');
            }
        }
        if !saw_base_url {
            out.push_str(&base_url_lines());
        }
        return out;
    }
    let first = &starter.languages[chosen[0]];
    let settings = |out: &mut String, language: &crate::config::Language, indent: &str| {
        out.push_str(&format!("{indent}title: {}\n", scalar(&language.title)));
        out.push_str(&format!("{indent}description: {}\n", scalar(&language.description)));
        if language.locale != language.code {
            out.push_str(&format!("{indent}locale: {}\n", scalar(&language.locale)));
        }
        if !language.menu.is_empty() {
            out.push_str(&format!("{indent}menu:\n"));
        }
        for item in &language.menu {
            out.push_str(&format!("{indent}  - title: {}\n", scalar(&item.title)));
            match (&item.page, &item.url) {
                (Some(page), _) => out.push_str(&format!("{indent}    page: {}\n", scalar(page))),
                (None, Some(url)) => out.push_str(&format!("{indent}    url: {}\n", scalar(url))),
                (None, None) => {}
            }
        }
    };
    settings(&mut out, first, "");
    out.push_str(&base_url_lines());
    out.push_str(&format!("language: {}\n", first.code));
    out.push_str(&format!("theme: {}\n", scalar(&starter.theme)));
    // The starter's comments about `contact:`, which is left for the owner to fill in.
    for line in STARTER_CONFIG.lines().skip_while(|l| !l.starts_with("# contact:")).take_while(|l| l.starts_with('#')) {
        out.push_str(line);
        out.push('\n');
    }
    if chosen.len() > 1 {
        out.push_str("languages:\n");
        for &lang in &chosen[1..] {
            let language = &starter.languages[lang];
            out.push_str(&format!("  {}:\n", language.code));
            settings(&mut out, language, "    ");
        }
    }
    out
}

fn base_url_lines() -> String {
    format!(
        "# Change base_url to the address the guide will be published at, such as\n\
         # https://www.example.com/ or https://www.example.com/guide/ (`rajat check` reminds you).\n\
         base_url: {PLACEHOLDER_BASE_URL}\n\
         # Where `rajat publish` sends the guide, so that `rajat publish` alone is enough: a web\n\
         # hotel over SFTP (`/~/` is the folder you log in to), or a folder. Take away the `#`.\n\
         # GitHub Pages needs none: .github/workflows/pages.yml publishes every push.\n\
         # publish: sftp://you@ssh.example.com/~/public_html/guide/\n"
    )
}

/// The files of an embedded folder, under `prefix`; editor leftovers are skipped.
fn embedded_files(dir: &'static Dir<'static>, prefix: &Path, into: &mut Vec<(PathBuf, Cow<'static, [u8]>)>) {
    for file in dir.files() {
        if file.path().components().any(|c| crate::text::is_ignored(c.as_os_str())) {
            continue;
        }
        into.push((prefix.join(file.path()), Cow::Borrowed(file.contents())));
    }
    for sub in dir.dirs() {
        embedded_files(sub, prefix, into);
    }
}

/// Writes the starter site into `options.dir`.
///
/// Refuses a folder that holds anything (but a `.git` folder) unless `force`;
/// never overwrites an existing file, even with `force`: those are skipped and
/// listed in the report.
pub fn init(options: &InitOptions) -> Result<InitReport> {
    let dir = &options.dir;
    if dir.exists() && !dir.is_dir() {
        return Err(Diagnostic::error(format!("`{}` is a file, not a folder", dir.display()))
            .hint("name a new or empty folder: `rajat init my-guide`")
            .into());
    }
    if !options.force {
        let present = entries(dir)?;
        if !present.is_empty() {
            let mut shown: Vec<String> = present.iter().take(5).map(|n| format!("`{n}`")).collect();
            if present.len() > 5 {
                shown.push(format!("and {} more", present.len() - 5));
            }
            return Err(Diagnostic::error(format!(
                "`{}` is not empty: it holds {}",
                dir.display(),
                shown.join(", ")
            ))
            .hint("start the guide in a new or empty folder (`rajat init my-guide`), or pass --force to add the starter beside what is there; existing files are never overwritten")
            .into());
        }
    }
    let mut report = InitReport::default();
    for (rel, contents) in starter_files(options.eject_theme, &options.languages)? {
        let path = dir.join(&rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| io_error(parent, "create the folder", &e))?;
        }
        // `create_new` makes "never overwrite" hold even if a file appears meanwhile.
        match std::fs::OpenOptions::new().write(true).create_new(true).open(&path) {
            Ok(mut file) => {
                file.write_all(&contents).map_err(|e| io_error(&path, "write", &e))?;
                report.written.push(rel);
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => report.skipped.push(rel),
            Err(e) => return Err(io_error(&path, "create", &e).into()),
        }
    }
    Ok(report)
}

/// Names in `dir` that make it "not empty"; a missing folder is empty. A `.git`
/// folder does not count, so `git init && rajat init` works.
fn entries(dir: &Path) -> Result<Vec<String>> {
    let read = match std::fs::read_dir(dir) {
        Ok(read) => read,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(io_error(dir, "read the folder", &e).into()),
    };
    let mut names: Vec<String> =
        read.flatten().map(|e| e.file_name().to_string_lossy().into_owned()).filter(|n| n != ".git").collect();
    names.sort();
    Ok(names)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn site_yaml_is_valid_and_asks_for_a_real_base_url() {
        let yaml = site_yaml(&starter_config(), &[0]);
        let config = crate::config::Config::parse(Path::new("site.yaml"), yaml.clone()).unwrap();
        assert_eq!(config.base_url, PLACEHOLDER_BASE_URL);
        assert!(!config.default_language().menu.is_empty(), "the guide's menu comes along");
        let comment = yaml.lines().position(|l| l.starts_with("# Change base_url")).unwrap();
        let key = yaml.lines().position(|l| l.starts_with("base_url:")).unwrap();
        assert_eq!(key, comment + 2, "the comment sits right above the key:\n{yaml}");
        assert_eq!(yaml.matches("base_url:").count(), 1);
        // `publish:` is there to take the `#` away from, and then it reads.
        let publish = yaml.lines().find(|l| l.starts_with("# publish: ")).expect("a commented publish: line");
        let uncommented = yaml.replace(publish, &publish[2..]);
        let config = crate::config::Config::parse(Path::new("site.yaml"), uncommented).unwrap();
        assert!(
            matches!(config.publish, Some(crate::config::Destination::Sftp { ref path, .. }) if path == "public_html/guide")
        );
    }

    #[test]
    fn the_pages_workflow_installs_this_rajat() {
        let workflow = pages_workflow();
        assert!(!workflow.contains("{{version}}") && !workflow.contains("{{repository}}"), "filled in:\n{workflow}");
        assert!(workflow.contains(&format!("RAJAT_VERSION: \"{}\"", env!("CARGO_PKG_VERSION"))));
        assert!(workflow.contains(&format!("RAJAT_REPOSITORY: \"{}\"", releases_repository())));
        assert!(!releases_repository().contains("://"), "owner/name: {}", releases_repository());
    }

    #[test]
    fn the_starter_holds_the_whole_guide() {
        let files = starter_files(false, &[]).unwrap();
        let names: Vec<String> = files.iter().map(|(p, _)| p.to_string_lossy().replace('\\', "/")).collect();
        for name in ["site.yaml", "content/_index.md", "content/self-check.md", "content/situations/wont-pay.md"] {
            assert!(names.iter().any(|n| n == name), "{name} missing from {names:?}");
        }
        assert!(!names.iter().any(|n| n.starts_with("themes/")), "the theme stays embedded");
        let situations = |suffix: &str| {
            names
                .iter()
                .filter(|n| n.starts_with("content/situations/") && !n.contains("_index."))
                .filter(|n| n.ends_with(suffix) && (suffix != ".md" || !n.ends_with(".fi.md")))
                .count()
        };
        assert_eq!(situations(".md"), 7, "the seven situations in English");
        assert_eq!(situations(".fi.md"), 7, "and in Finnish");
        assert!(
            starter_files(true, &[]).unwrap().iter().any(|(p, _)| p == Path::new("themes/default/templates/page.html"))
        );
    }
}

//! Reading `content/`: walk the folder, split each Markdown file's front
//! matter from its body, and read the front matter (forms included) into
//! typed values. Nothing here knows about URLs or other pages.

pub mod form;
mod front_matter;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use walkdir::WalkDir;

pub use front_matter::{FrontMatter, split};

use crate::config::Config;
use crate::error::{Diagnostic, Error, Result, io_error, utf8_error};
use crate::text::{Quotes, is_ignored, relative_slash_path};

/// The folder, under the site root, that holds the guide's Markdown.
pub const CONTENT_DIR: &str = "content";

/// The description `rajat new` writes; `rajat check` warns until it is replaced.
pub const PLACEHOLDER_DESCRIPTION: &str = "Replace this with one sentence for search results and link previews.";

/// One Markdown file's front matter, as read.
#[derive(Clone, Debug, PartialEq)]
pub struct Header {
    /// Path relative to `content/`, with `/` separators: `situations/guarantee.md`.
    pub rel: String,
    /// Path relative to the site root, for messages: `content/situations/guarantee.md`.
    pub path: PathBuf,
    /// The front matter, read and checked.
    pub front: FrontMatter,
    /// The file's text up to where its Markdown body starts: the front
    /// matter with its `---` lines. Messages about the front matter point
    /// into it, and a file read again must still start with it.
    pub text: String,
    /// The home page a guide without `content/_index.md` gets: it has no file.
    pub made_up: bool,
    /// The quotation marks of the page's language, which its smart punctuation uses.
    pub quotes: Quotes,
}

impl Header {
    /// Byte offset in the file where the Markdown body starts.
    pub fn body_start(&self) -> usize {
        self.text.len()
    }

    /// The home page of a guide (or of one of its languages) that has no
    /// `content/_index.md` (`rel`), titled `title`.
    pub fn made_up_home(rel: &str, title: &str) -> Header {
        Header {
            rel: rel.into(),
            path: Path::new(CONTENT_DIR).join(rel),
            front: FrontMatter { title: title.to_string(), ..FrontMatter::default() },
            text: String::new(),
            made_up: true,
            quotes: Quotes::default(),
        }
    }
}

/// What `content/` holds.
#[derive(Clone, Debug, Default)]
pub struct Content {
    /// Every Markdown file that is published, in a stable order.
    pub headers: Vec<Header>,
    /// Drafts that were left out (relative to `content/`), so a link to one can say so.
    pub skipped_drafts: Vec<String>,
    /// Other files (images, PDFs) copied to the same place in the output, relative to `content/`.
    pub assets: Vec<String>,
}

/// A Markdown file of `content/` that could not be read or whose front matter is wrong.
#[derive(Clone, Debug)]
pub struct Unreadable {
    /// Relative to `content/`; `None` when the folder itself could not be read.
    pub rel: Option<String>,
    /// Why.
    pub problem: Diagnostic,
    /// The file's text, when it could be read at all: its body can still be checked.
    pub text: Option<String>,
}

/// What [`load`] read.
#[derive(Debug, Default)]
pub struct Loaded {
    /// The pages and files that loaded.
    pub content: Content,
    /// Symbolic links found and left out, relative to the site root.
    pub links: Vec<PathBuf>,
    /// The whole text of each page, by its path relative to `content/`:
    /// every file is read once, and its page renders from this.
    pub texts: HashMap<String, String>,
    /// The files that did not load, each with its problem.
    pub unreadable: Vec<Unreadable>,
}

impl Loaded {
    /// Everything, or every problem if any file did not load.
    pub fn complete(self) -> Result<(Content, HashMap<String, String>)> {
        if self.unreadable.is_empty() {
            Ok((self.content, self.texts))
        } else {
            Err(Error::new(self.unreadable.into_iter().map(|u| u.problem).collect()))
        }
    }
}

/// Reads every Markdown file under `root/content`, in parallel. A file that
/// cannot be read or parsed does not stop the others: it is listed in
/// [`Loaded::unreadable`]. Fails only when there is no `content/` folder.
/// Each page gets the quotation marks of its language in `config` (English
/// ones when site.yaml did not load).
pub fn load(root: &Path, drafts: bool, config: Option<&Config>) -> Result<Loaded> {
    load_texts(root, drafts, config, true)
}

/// [`load`] keeping only the front matter: each file's text is let go as
/// soon as its front matter is read, on the thread that read it, and
/// [`Loaded::texts`] stays empty. `build` reads each page again as it
/// renders it, so a big guide's Markdown is never all in memory at once.
pub fn load_front_matter(root: &Path, drafts: bool, config: Option<&Config>) -> Result<Loaded> {
    load_texts(root, drafts, config, false)
}

fn load_texts(root: &Path, drafts: bool, config: Option<&Config>, keep: bool) -> Result<Loaded> {
    let Listing { markdown, assets, unreadable, links } = list(root)?;
    let site = crate::disk::Root::open(root).map_err(|e| io_error(root, "read", &e))?;
    let read_one = |rel: &String| -> Result<(Header, String), Unreadable> {
        let path = Path::new(CONTENT_DIR).join(rel);
        let unreadable = |problem, text| Unreadable { rel: Some(rel.clone()), problem, text };
        let text = read_text_in(&site, &path).map_err(|d| unreadable(d, None))?;
        let quotes = config.map_or(Quotes::ENGLISH, |c| quotes_of(c, rel));
        match parse(rel, path.clone(), &text, quotes) {
            Ok(header) if keep => Ok((header, text)),
            Ok(header) => Ok((header, String::new())),
            Err(d) => Err(unreadable(d, Some(text))),
        }
    };
    let results: Vec<_> = markdown.par_iter().map(read_one).collect();
    let mut loaded =
        Loaded { content: Content { assets, ..Content::default() }, unreadable, links, ..Loaded::default() };
    // Headers are large (about 650 bytes): a list grown by doubling copied them all over again.
    loaded.content.headers.reserve_exact(results.len());
    for result in results {
        match result {
            Ok((header, _)) if header.front.draft && !drafts => loaded.content.skipped_drafts.push(header.rel),
            Ok((header, text)) => {
                if keep {
                    loaded.texts.insert(header.rel.clone(), text);
                }
                loaded.content.headers.push(header);
            }
            Err(u) => loaded.unreadable.push(u),
        }
    }
    Ok(loaded)
}

/// The files of `content/`, relative to it, in a stable order.
#[derive(Debug, Default)]
pub struct Listing {
    /// The Markdown files.
    pub markdown: Vec<String>,
    /// Every other file.
    pub assets: Vec<String>,
    /// Parts of the folder that could not be read, and names that are not UTF-8.
    pub unreadable: Vec<Unreadable>,
    /// Symbolic links, left out (see [`crate::disk`]), relative to the site root.
    pub links: Vec<PathBuf>,
}

/// Walks `root/content`, leaving out editors' leftovers and symbolic links.
pub fn list(root: &Path) -> Result<Listing> {
    let dir = root.join(CONTENT_DIR);
    match crate::disk::kind(root, Path::new(CONTENT_DIR)) {
        crate::disk::Kind::Folder => {}
        crate::disk::Kind::Link => {
            return Err(crate::disk::link_warning(Path::new(CONTENT_DIR))
                .hint("make content/ a real folder inside the site; rajat does not follow links")
                .into_error());
        }
        _ => {
            return Err(Diagnostic::error(format!("no `{CONTENT_DIR}/` folder in `{}`", root.display()))
                .hint("create content/_index.md, or start a new guide with `rajat init`")
                .into());
        }
    }
    let mut listing = Listing::default();
    for entry in WalkDir::new(&dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_ignored(e.file_name()))
    {
        let e = match entry {
            Ok(e) => e,
            Err(e) => {
                let problem = Diagnostic::error(format!("could not read `{CONTENT_DIR}/`: {e}"));
                listing.unreadable.push(Unreadable { rel: None, problem, text: None });
                continue;
            }
        };
        let site_path = Path::new(CONTENT_DIR).join(e.path().strip_prefix(&dir).unwrap_or(e.path()));
        if e.file_type().is_symlink() {
            listing.links.push(site_path);
            continue;
        }
        if !e.file_type().is_file() {
            continue;
        }
        if e.path().to_str().is_none() {
            let problem = crate::disk::name_warning(&site_path);
            listing.unreadable.push(Unreadable { rel: None, problem, text: None });
            continue;
        }
        let rel = relative_slash_path(&dir, e.path());
        if rel.ends_with(".md") {
            listing.markdown.push(rel);
        } else {
            listing.assets.push(rel);
        }
    }
    Ok(listing)
}

/// Reads one Markdown file, `rel` being relative to `content/`: its header and its whole text.
/// `quotes` are those of its language ([`quotes_of`]).
pub fn read(root: &Path, rel: &str, quotes: Quotes) -> Result<(Header, String), Diagnostic> {
    let path = Path::new(CONTENT_DIR).join(rel);
    let text = read_text(root, &path)?;
    Ok((parse(rel, path, &text, quotes)?, text))
}

/// The text of the file at `path` (relative to `root`), which must be UTF-8.
pub fn read_text(root: &Path, path: &Path) -> Result<String, Diagnostic> {
    let site = crate::disk::Root::open(root).map_err(|e| io_error(root, "read", &e))?;
    read_text_in(&site, path)
}

/// [`read_text`], from a site root already open.
pub fn read_text_in(site: &crate::disk::Root, path: &Path) -> Result<String, Diagnostic> {
    let bytes = site.read(path).map_err(|e| match crate::disk::is_link(&e) {
        true => crate::disk::link_warning(path).into_error_level(),
        false => io_error(path, "read", &e),
    })?;
    String::from_utf8(bytes).map_err(|e| utf8_error(path, e))
}

/// Splits and reads the front matter of a file already in memory.
/// `quotes` are those of the page's language.
pub fn parse(rel: &str, path: PathBuf, text: &str, quotes: Quotes) -> Result<Header, Diagnostic> {
    let split = split(text).map_err(|d| d.in_file(&path))?;
    let front = front_matter::read(&path, text, &split, quotes)?;
    Ok(Header { rel: rel.to_string(), path, front, text: text[..split.body_start].to_string(), made_up: false, quotes })
}

/// The quotation marks of the language a file of `content/` is written in.
pub fn quotes_of(config: &Config, rel: &str) -> Quotes {
    Quotes::of(&config.languages[config.language_of(rel).0].code)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Header, Diagnostic> {
        super::parse("a.md", PathBuf::from("content/a.md"), text, Quotes::ENGLISH)
    }

    #[test]
    fn splits_front_matter_and_body() {
        let text = "---\ntitle: Hello\nweight: 2\n---\nBody *here*\n";
        let h = parse(text).unwrap();
        assert_eq!(h.front.title, "Hello");
        assert_eq!(h.front.weight, Some(2));
        assert_eq!(&text[h.body_start()..], "Body *here*\n");
    }

    #[test]
    fn handles_crlf_and_bom() {
        let text = "\u{feff}---\r\ntitle: Hi\r\n---\r\nBody\r\n";
        let h = parse(text).unwrap();
        assert_eq!(h.front.title, "Hi");
        assert_eq!(&text[h.body_start()..], "Body\r\n");
    }

    #[test]
    fn unclosed_front_matter_says_what_to_add() {
        let d = parse("---\ntitle: Hi\nBody\n").unwrap_err();
        assert_eq!(d.message, "the front matter is never closed");
        assert_eq!(d.line, 1);
        assert!(d.hint.unwrap().contains("---"));
    }

    #[test]
    fn problems_are_at_the_exact_line_and_column_of_the_file() {
        for (text, line, col, message) in [
            ("---\ntitle: Hi\nweight: [1\n---\n", 3, 9, "`weight` must be a whole number, not a list"),
            ("---\ntitle: Hi\n  weight: 1\n---\n", 3, 9, "mapping values are not allowed"),
            ("---\ntitle: Hi\nauthor: Me\n---\n", 3, 1, "unknown key `author`"),
            ("---\ntitle: Hi\nweight: heavy\n---\n", 3, 9, "`weight` must be a whole number, not the text `heavy`"),
            ("---\ntitle: Hi\ndraft: 1\n---\n", 3, 8, "`draft` must be true or false, not the number 1"),
            ("---\ndescription: x\n---\n", 2, 1, "missing required key `title`"),
            ("---\ntitle: ''\n---\n", 2, 1, "the title is empty"),
            ("---\ntitle: a\ndate: 28.11.2026\n---\n", 3, 1, "is not a date"),
            ("---\ntitle: a\nslug: a/b\n---\n", 3, 1, "is not a valid slug"),
            ("---\ntitle: a\naliases: old\n---\n", 3, 10, "`aliases` must be a list, not the text `old`"),
        ] {
            let d = parse(text).unwrap_err();
            assert!(d.message.contains(message), "{text:?}: {}", d.message);
            assert_eq!((d.line, d.col), (line, col), "{text:?}: {}", d.message);
            assert!(d.hint.is_some(), "{text:?}: every problem says what to do");
        }
        assert!(parse("---\ntitle: a\ndate: 2026-11-28T10:00:00Z\n---\n").is_ok());
    }
}

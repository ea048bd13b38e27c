//! rajat — a static-site generator for one practical guide: the seven
//! situations in which to say "no" to a client, with worksheets and a client
//! self-check.
//!
//! Data flows one way, one module per step (see ARCHITECTURE.md):
//!
//! ```text
//! site.yaml ─► config ─┐
//! content/  ─► content ─► site (tree, URLs, menu) ─► render (Markdown, forms, templates) ─► output (build)
//! themes/   ─► theme ──┘                                                                  └► memory (serve)
//! ```
//!
//! The library's public face is what the `rajat` binary and the tests use:
//!
//! ```no_run
//! let report = rajat::build(&rajat::BuildOptions::new(".")).map_err(|e| e.eprint()).ok();
//! ```

#![warn(missing_docs)]
// A `Diagnostic` carries the file, line, column, message, hint and source line
// on purpose; it is only built on the error path, where its size costs nothing.
#![allow(clippy::result_large_err)]

mod assets;
mod build;
pub mod check;
mod config;
mod content;
mod disk;
pub mod error;
pub mod init;
pub mod key;
mod links;
pub mod live;
mod markdown;
pub mod new;
mod output;
pub mod publish;
mod qr;
mod render;
mod sealing;
pub mod search;
pub mod serve;
mod site;
mod text;
mod theme;
mod timings;
mod words;
mod yaml;

pub use build::{BuildOptions, BuildReport, build};
pub use error::{Diagnostic, Error, Level, Result};
pub use output::Stats;

/// Entry points for the property tests (`tests/fuzz.rs`): each reads one
/// untrusted input the way a build does and returns what it found, so a
/// test can throw anything at it. Not for other use.
pub mod fuzz {
    use crate::error::Diagnostic;

    /// A page's whole file: front matter (forms included), then its Markdown
    /// rendered with links resolved against a small made-up site. Returns
    /// the problems found; reading and rendering never panic.
    pub fn page(text: &str) -> Vec<Diagnostic> {
        let header = match crate::content::parse("a/page.md", "content/a/page.md".into(), text, Default::default()) {
            Ok(header) => header,
            Err(d) => return vec![d],
        };
        crate::markdown::render(&header, text, &Pages).1
    }

    /// A form definition, as written under `form:`.
    pub fn form(yaml: &str) -> Result<(), Diagnostic> {
        let indented: String = yaml.lines().map(|l| format!("  {l}\n")).collect();
        let text = format!("---\ntitle: T\nform:\n{indented}---\n");
        crate::content::parse("a.md", "content/a.md".into(), &text, Default::default()).map(|_| ())
    }

    /// A `site.yaml`.
    pub fn site_yaml(text: &str) -> Result<(), crate::Error> {
        crate::config::Config::parse(std::path::Path::new("site.yaml"), text.to_string()).map(|_| ())
    }

    /// A site with two pages, `a/page.md` and `a/other.md`.
    struct Pages;

    impl crate::links::Pages for Pages {
        fn page(&self, _from: &str, rel: String) -> Result<(String, String), String> {
            if !["a/page.md", "a/other.md"].contains(&rel.as_str()) {
                return Err(rel);
            }
            let url = format!("/{}/", rel.trim_end_matches(".md"));
            Ok((rel, url))
        }

        fn is_skipped_draft(&self, _from: &str, rel: &str) -> bool {
            rel == "a/draft.md"
        }

        fn base_path(&self) -> &str {
            "/"
        }
    }
}

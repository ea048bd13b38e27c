//! rajat — a static-site generator for one practical guide: the seven
//! situations in which to say "no" to a client, with worksheets and a client
//! self-check.
//!
//! Data flows one way, one module per step:
//!
//! ```text
//! site.yaml ─► config ─┐
//! content/  ─► content ─► site (tree, URLs, markdown, links) ─► render ─► output (build) / memory (serve)
//! themes/   ─► theme ──┘
//! ```
//!
//! ```no_run
//! let report = rajat::build(&rajat::BuildOptions::new(".")).map_err(|e| e.eprint()).ok();
//! ```

// A `Diagnostic` carries the file, line, column, message, hint and source line
// on purpose; it is only built on the error path, where its size costs nothing.
#![allow(clippy::result_large_err)]

pub mod check;
pub mod config;
pub mod content;
pub mod error;
pub mod forms;
pub mod live;
pub mod markdown;
pub mod output;
pub mod render;
pub mod scaffold;
pub mod serve;
pub mod site;
pub mod starter;
pub mod theme;
pub mod yaml;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

pub use error::{Diagnostic, Error, Result};

use config::Config;
use site::Site;
use theme::Theme;

/// What `rajat build` was asked to do.
#[derive(Clone, Debug, Default)]
pub struct BuildOptions {
    /// The site root: the folder holding `site.yaml`.
    pub root: PathBuf,
    /// The output folder; `output_dir` from site.yaml (or `public/`) when `None`.
    pub out: Option<PathBuf>,
    /// Replaces `base_url` from site.yaml.
    pub base_url: Option<String>,
    /// Include pages marked `draft: true`.
    pub drafts: bool,
    /// Delete files in the output folder that rajat did not write.
    pub force: bool,
}

impl BuildOptions {
    /// Options for building the site at `root` with its own settings.
    pub fn new(root: impl Into<PathBuf>) -> Self {
        BuildOptions { root: root.into(), ..BuildOptions::default() }
    }
}

/// What a finished build did.
#[derive(Clone, Debug)]
pub struct BuildReport {
    pub pages: usize,
    pub out: PathBuf,
    pub stats: output::Stats,
    pub elapsed: Duration,
}

/// Reads, checks and renders the Markdown of a whole site: everything up to
/// the templates. `build`, `serve` and `check` all start here.
pub fn load(root: &Path, base_url: Option<&str>, drafts: bool) -> Result<(Site, Theme)> {
    let mut config = Config::load(root)?;
    if let Some(url) = base_url {
        config.set_base_url(url)?;
    }
    let (theme, content) = rayon::join(|| Theme::load(root, &config), || content::load(root, drafts));
    let (theme, content) = match (theme, content) {
        (Ok(t), Ok(c)) => (t, c),
        (t, c) => {
            let mut all = Vec::new();
            all.extend(t.err().map(|e| e.diagnostics).unwrap_or_default());
            all.extend(c.err().map(|e| e.diagnostics).unwrap_or_default());
            return Err(Error::new(all));
        }
    };
    let mut site = Site::assemble(root, config, content)?;
    site.render_markdown()?;
    Ok((site, theme))
}

/// Builds the site into its output folder. On any error the previous output
/// is left exactly as it was.
pub fn build(options: &BuildOptions) -> Result<BuildReport> {
    let started = Instant::now();
    let root = &options.root;
    let (site, theme) = load(root, options.base_url.as_deref(), options.drafts)?;
    let out = match &options.out {
        Some(out) => out.clone(),
        None => root.join(&site.config.output_dir),
    };
    if let Err(why) = output::check_output_location(root, &out) {
        let d = if options.out.is_none() && site.config.output_dir_from_file {
            site.config.diagnostic_at_key("output_dir", why)
        } else {
            Diagnostic::error(format!("{why} (`{}`)", out.display()))
        };
        return Err(d.hint("build into a folder of its own, such as `public/`").into());
    }
    let dir = output::OutputDir::open(&out, options.force)?;
    render::render_site(&site, &theme, &dir)?;
    let stats = dir.commit()?;
    Ok(BuildReport { pages: site.pages.len(), out, stats, elapsed: started.elapsed() })
}

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

pub mod assets;
pub mod build;
pub mod check;
pub mod config;
pub mod content;
pub mod error;
pub mod forms;
pub mod init;
pub mod live;
pub mod markdown;
pub mod new;
pub mod output;
pub mod render;
pub mod serve;
pub mod site;
pub mod text;
pub mod theme;
pub mod yaml;

use std::path::Path;
use std::time::Instant;

pub use build::{BuildOptions, BuildReport, build};
pub use error::{Diagnostic, Error, Result};

use config::Config;
use site::Site;
use theme::Theme;

/// Reads, checks and renders the Markdown of a whole site: everything up to
/// the templates, kept in memory. `serve` and `check` start here; `build`
/// streams through the same steps (see [`build`]).
pub fn load(root: &Path, base_url: Option<&str>, drafts: bool) -> Result<(Site, Theme)> {
    let mut config = Config::load(root)?;
    if let Some(url) = base_url {
        config.set_base_url(url)?;
    }
    let clock = Phases::start();
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
    clock.lap("read config, theme and content");
    let mut site = Site::assemble(root, config, content)?;
    clock.lap("assemble the tree");
    site.render_markdown()?;
    clock.lap("render Markdown, check links");
    Ok((site, theme))
}

/// Phase timings on stderr when `RAJAT_TIMINGS` is set: for finding where a
/// build's time goes without a profiler.
pub(crate) struct Phases(Option<std::cell::Cell<Instant>>);

impl Phases {
    pub(crate) fn start() -> Phases {
        Phases(std::env::var_os("RAJAT_TIMINGS").map(|_| std::cell::Cell::new(Instant::now())))
    }

    pub(crate) fn lap(&self, what: &str) {
        if let Some(last) = &self.0 {
            // Resident and peak memory, where the system reports them (Linux).
            let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
            let field = |name: &str| {
                status.lines().find_map(|l| l.strip_prefix(name)).map_or(String::new(), |v| v.trim().to_string())
            };
            eprintln!(
                "{:>8.1} ms  {what:<40} RSS {:>10}  peak {:>10}",
                last.get().elapsed().as_secs_f64() * 1000.0,
                field("VmRSS:"),
                field("VmHWM:")
            );
            last.set(Instant::now());
        }
    }
}

//! `rajat build`: the whole site into its output folder, streaming.
//!
//! Two passes, because a page's links and menus need every other page's
//! front matter, but no page needs another page's body:
//!
//! 1. read the front matter of every file of `content/`; assemble the tree;
//! 2. run the render pipeline ([`crate::render`]), which, in one go per page,
//!    reads the page's file again, renders its Markdown, runs its template
//!    and stages the result; the page's text and HTML are let go right
//!    after, on the thread that made them.
//!
//! So a big guide never holds all its Markdown or all its HTML at once: one
//! page's worth per thread. Each source file is read twice, which costs one
//! more open, size and read a page and saves holding tens of megabytes of
//! text from one pass to the other (a file whose front matter changed in
//! between fails the build).
//! Links to `#anchors` are checked once every page has been rendered; any
//! problem discards the staged output, leaving the previous site untouched.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use crate::config::Config;
use crate::content;
use crate::error::{Diagnostic, Error, Result, all};
use crate::output::{OutputDir, Stats};
use crate::render::{self, DiskSources, Job, SiteValues};
use crate::site::Site;
use crate::theme::Theme;
use crate::timings::Phases;

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
    /// Pages built.
    pub pages: usize,
    /// The output folder.
    pub out: PathBuf,
    /// What happened to the files in it.
    pub stats: Stats,
    /// How long the build took.
    pub elapsed: Duration,
    /// What was left out, and why: symbolic links; words a language lacks.
    pub warnings: Vec<Diagnostic>,
}

/// Builds the site into its output folder. On any error the previous output
/// is left exactly as it was.
pub fn build(options: &BuildOptions) -> Result<BuildReport> {
    build_site(options).map_err(|e| e.fill_snippets(&options.root))
}

fn build_site(options: &BuildOptions) -> Result<BuildReport> {
    let started = Instant::now();
    let root = &options.root;
    let clock = Phases::start();
    let mut config = Config::load(root)?;
    if let Some(url) = &options.base_url {
        config.set_base_url(url)?;
    }
    let out = config.output_folder(root, options.out.as_deref())?;
    // Listing the previous output is file-system work that needs nothing else: do it meanwhile.
    let ((theme, loaded), dir) = rayon::join(
        || {
            rayon::join(
                || Theme::load(root, &config),
                || content::load_front_matter(root, options.drafts, Some(&config)),
            )
        },
        || OutputDir::open(&out, options.force),
    );
    let (theme, loaded, dir) = all(all(theme, loaded), dir).map(|((t, l), d)| (t, l, d))?;
    let mut warnings: Vec<Diagnostic> =
        loaded.links.iter().chain(&theme.links).map(|p| crate::disk::link_warning(p)).collect();
    warnings.extend(config.warnings.iter().chain(&theme.warnings).cloned());
    let (content, _) = loaded.complete()?;
    clock.lap("read front matter and the previous output");
    let (mut site, problems) = Site::assemble(root, config, content);
    if !problems.is_empty() {
        return Err(Error::new(problems));
    }
    clock.lap("assemble the tree");
    let values = SiteValues::new(&site, &theme);
    clock.lap("the values templates share");
    let sources = DiskSources::open(root)?;
    let outcome = render::run(&mut site, Some(&theme), Some(&values), &sources, &Job::everything(), &dir);
    clock.lap("render, link and stage every page and file");
    if !outcome.problems.is_empty() {
        return Err(Error::new(outcome.problems));
    }
    let pages = site.pages.len();
    // What the build holds (every page's outline: its anchors and links,
    // made on the workers) is let go on the workers while the output is
    // committed, instead of page by page on this thread after it.
    let (stats, ()) = rayon::join(|| dir.commit(), || let_go(site, values, theme));
    let stats = stats?;
    clock.lap("commit the output");
    Ok(BuildReport { pages, out, stats, elapsed: started.elapsed(), warnings })
}

/// Drops a built site, its pages side by side.
fn let_go(site: Site, values: SiteValues, theme: Theme) {
    use rayon::prelude::*;
    let Site { pages, .. } = site;
    rayon::join(|| pages.into_par_iter().with_min_len(256).for_each(drop), || drop((values, theme)));
}

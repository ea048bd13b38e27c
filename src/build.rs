//! `rajat build`: the whole site into its output folder, streaming.
//!
//! Two passes over `content/`, because a page's links and menus need every
//! other page's front matter, but no page needs another page's body:
//!
//! 1. read every file and keep only its front matter; assemble the tree;
//! 2. read each file again and, in one go per page, render its Markdown (with
//!    the addresses of the pages it links to), run its template and stage the
//!    result; the page's HTML is let go right after.
//!
//! So a big guide never holds all its Markdown or all its HTML at once (a
//! 10,000-page guide peaks far below a generator that does), and each body is
//! parsed exactly once. Links to `#anchors` are checked once every page has
//! been rendered; any problem discards the staged output, leaving the previous
//! site untouched. `serve` keeps everything in memory instead, through the
//! same steps ([`crate::load`]).

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::config::Config;
use crate::content::{self, Source};
use crate::error::{Diagnostic, Error, Result, io_error};
use crate::markdown::{self, Rendered};
use crate::output::{self, OutputDir};
use crate::render::{self, Shared, Sink};
use crate::site::{PageId, Site};
use crate::theme::{Theme, read_origin};
use crate::{Phases, output::Stats};

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
    pub stats: Stats,
    pub elapsed: Duration,
}

/// Builds the site into its output folder. On any error the previous output
/// is left exactly as it was.
pub fn build(options: &BuildOptions) -> Result<BuildReport> {
    let root = &options.root;
    build_site(options).map_err(|e| e.fill_snippets(root))
}

fn build_site(options: &BuildOptions) -> Result<BuildReport> {
    let started = Instant::now();
    let root = &options.root;
    let clock = Phases::start();
    let mut config = Config::load(root)?;
    if let Some(url) = &options.base_url {
        config.set_base_url(url)?;
    }
    let out = match &options.out {
        Some(out) => out.clone(),
        None => root.join(&config.output_dir),
    };
    if let Err(why) = output::check_output_location(root, &out) {
        let d = if options.out.is_none() && config.output_dir_from_file {
            config.diagnostic_at_key("output_dir", why)
        } else {
            Diagnostic::error(format!("{why} (`{}`)", out.display()))
        };
        return Err(d.hint("build into a folder of its own, such as `public/`").into());
    }
    // Listing the previous output is file-system work that needs nothing else: do it meanwhile.
    let ((theme, content), dir) = rayon::join(
        || rayon::join(|| Theme::load(root, &config), || content::load_front_matter(root, options.drafts)),
        || OutputDir::open(&out, options.force),
    );
    let (theme, content, dir) = match (theme, content, dir) {
        (Ok(t), Ok(c), Ok(d)) => (t, c, d),
        (t, c, d) => {
            let mut all = Vec::new();
            all.extend(t.err().map(|e| e.diagnostics).unwrap_or_default());
            all.extend(c.err().map(|e| e.diagnostics).unwrap_or_default());
            all.extend(d.err().map(|e| e.diagnostics).unwrap_or_default());
            return Err(Error::new(all));
        }
    };
    clock.lap("read front matter and the previous output");
    let mut site = Site::assemble(root, config, content)?;
    let mut problems = render::check_templates(&site, &theme, 0..site.pages.len());
    let claimed = render::claimed_paths(&site, &theme, &mut problems);
    if !problems.is_empty() {
        return Err(Error::new(problems));
    }
    clock.lap("assemble the tree");

    let shared = Shared::new(&site, &theme);
    let results: Vec<(Rendered, Vec<Diagnostic>)> =
        (0..site.pages.len()).into_par_iter().map(|id| render_and_stage(&site, &theme, &shared, id, &dir)).collect();
    let mut problems = Vec::new();
    for (page, (body, p)) in site.pages.iter_mut().zip(results) {
        Arc::make_mut(page).rendered = Arc::new(body);
        problems.extend(p);
    }
    problems.extend(site.check_anchors(0..site.pages.len()));
    clock.lap("render, link and stage every page");
    if !problems.is_empty() {
        return Err(Error::new(problems));
    }

    match render::generated_files(&site, &theme, &shared, &claimed) {
        Ok(files) => problems.extend(files.into_iter().filter_map(|(path, bytes)| dir.emit(&path, bytes).err())),
        Err(d) => problems.push(d),
    }
    let copied: Vec<Diagnostic> = render::copied_files(&site, &theme)
        .par_iter()
        .filter_map(|(path, origin)| read_origin(root, origin).and_then(|b| dir.emit(path, b)).err())
        .collect();
    problems.extend(copied);
    if !problems.is_empty() {
        return Err(Error::new(problems));
    }
    clock.lap("generated and static files");
    let stats = dir.commit()?;
    clock.lap("commit the output");
    Ok(BuildReport { pages: site.pages.len(), out, stats, elapsed: started.elapsed() })
}

/// Pass 2 for one page: its body, rendered, linked, through its template and
/// staged. Returns what the rest of the build still needs to know about the
/// body (anchors, links, headings) — without the HTML.
fn render_and_stage(
    site: &Site,
    theme: &Theme,
    shared: &Shared,
    id: PageId,
    sink: &dyn Sink,
) -> (Rendered, Vec<Diagnostic>) {
    let page = &site.pages[id];
    let source = match read_body(&site.root, &page.source) {
        Ok(s) => s,
        Err(d) => return (Rendered::default(), vec![d]),
    };
    let (mut body, mut problems) = markdown::render(&source, &site.config.base_path, site);
    if problems.is_empty() {
        match render::render_page_body(site, theme, shared, id, &body) {
            Ok((html, _)) => problems.extend(sink.emit(&page.output_path(), html).err()),
            Err(d) => problems.push(d),
        }
    }
    body.html = String::new();
    (body, problems)
}

/// The page's file read again, with its body. The front matter must be the
/// one read in pass 1, or the tree built from it would be wrong.
fn read_body(root: &Path, front: &Source) -> Result<Source, Diagnostic> {
    if front.text.is_empty() {
        // The home page a guide without content/_index.md gets: no file, no body.
        return Ok(front.clone());
    }
    let bytes = std::fs::read(root.join(&front.path)).map_err(|e| io_error(&front.path, "read", &e))?;
    let text = String::from_utf8(bytes).map_err(|e| crate::error::utf8_error(&front.path, e))?;
    if text.get(..front.body_start) != Some(front.text.as_str()) {
        return Err(Diagnostic::error(format!("`{}` changed while the site was being built", front.path.display()))
            .in_file(&front.path)
            .hint("run the build again"));
    }
    Ok(Source { text, ..front.clone() })
}

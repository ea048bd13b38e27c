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
pub mod error;
pub mod init;
mod links;
pub mod live;
mod markdown;
pub mod new;
mod output;
mod render;
pub mod serve;
mod site;
mod text;
mod theme;
mod timings;
mod yaml;

pub use build::{BuildOptions, BuildReport, build};
pub use error::{Diagnostic, Error, Level, Result};
pub use output::Stats;

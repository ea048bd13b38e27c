//! `rajat publish`: the built site to where readers find it, sending only
//! what changed, in an order that keeps the live site whole.
//!
//! * The destination is a folder or an SFTP server ([`Destination`]); both
//!   are a [`Remote`] (`folder.rs`, `sftp.rs`), which can read a file, list
//!   its tree, send files and remove them.
//! * It keeps a record of what rajat published there (`record.rs`): the
//!   hash and size of each file, as `public/`'s manifest has them. Comparing
//!   the two tells what to send (`plan.rs`) without listing or reading the
//!   destination. Without a readable record, the destination's files are
//!   listed and those that could be the site's are read back and hashed,
//!   which rebuilds it.
//! * Every file is sent under a temporary name and renamed over the old
//!   one, so no reader gets half a file; files go in the order of
//!   [`plan`](plan::plan): what pages use, pages, the record, deletions.
//! * A journal at the destination names the files a publish is changing,
//!   so one that is stopped at any moment is finished by the next. A file
//!   it was to create is rajat's only if it holds what was sent: a file
//!   someone else had put there stays theirs, however often a publish stops.
//! * Files rajat did not publish are never deleted or replaced unless the
//!   user says `--delete-unknown`, and then each is named.

mod folder;
mod known_hosts;
mod plan;
mod record;
mod sftp;
mod ssh;

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::config::{Config, Destination, PLACEHOLDER_BASE_URL};
use crate::error::{Diagnostic, Result};
use record::{Entry, JOURNAL, Journal, Published, RECORD};

pub use plan::{Plan, Upload};
pub use ssh::SshOptions;

/// What `rajat publish` was asked to do.
#[derive(Clone, Debug, Default)]
pub struct PublishOptions {
    /// The site root: the folder holding `site.yaml`.
    pub root: PathBuf,
    /// Where to publish, as written on the command line; `publish:` from site.yaml when `None`.
    pub destination: Option<String>,
    /// Build the site first (`false` with `--no-build`).
    pub build: bool,
    /// Only say what would be sent and deleted.
    pub dry_run: bool,
    /// Delete (and replace) files at the destination that rajat did not publish.
    pub delete_unknown: bool,
    /// How to log in over SSH.
    pub ssh: SshOptions,
}

/// What a publish did (or, with `--dry-run`, would do).
#[derive(Clone, Debug)]
pub struct PublishReport {
    /// The destination, as a person writes it.
    pub destination: String,
    /// The build before it, unless `--no-build`.
    pub build: Option<crate::BuildReport>,
    /// What was (or would be) sent and deleted.
    pub plan: Plan,
    /// Whether the record of what was published had to be rebuilt from the destination's files.
    pub rebuilt: bool,
    /// How long the publish took, the build not included.
    pub elapsed: Duration,
    /// What is worth saying: a destination that cannot replace files in one step, a placeholder base_url.
    pub warnings: Vec<Diagnostic>,
}

impl PublishReport {
    /// Files sent.
    pub fn files(&self) -> usize {
        self.plan.uploads().count()
    }

    /// Files deleted, whether rajat published them or not.
    pub fn deleted(&self) -> usize {
        self.plan.deletions.len() + self.plan.unknown_deleted.len()
    }
}

/// Told what a publish is doing as it goes: for a progress bar.
pub trait Progress: Sync {
    /// Sending begins: this many files and bytes.
    fn start(&self, _files: usize, _bytes: u64) {}
    /// A file is being sent.
    fn sending(&self, _path: &str) {}
    /// A file arrived whole, under its own name.
    fn sent(&self, _path: &str, _bytes: u64) {}
    /// A file is being deleted.
    fn deleting(&self, _path: &str) {}
    /// The publish is over, well or not.
    fn finish(&self) {}
}

/// A progress that shows nothing.
pub struct Quiet;

impl Progress for Quiet {}

/// Why an operation at the destination failed, as far as a person needs to know.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Failure {
    /// The account may not do it there.
    Denied,
    /// A folder on the way does not exist.
    Missing,
    /// No room left.
    Full,
    /// A file rajat did not publish is where a file of the site goes.
    InTheWay,
    /// The connection broke.
    Lost,
    /// Anything else; the detail says what.
    Other,
}

/// Reads a built file of the site for sending, and checks it is what the
/// manifest of `public/` says: a file changed by hand since the build is not
/// sent under the build's hash.
pub(crate) struct Source<'a> {
    out: &'a Path,
}

impl Source<'_> {
    pub(crate) fn bytes(&self, upload: &Upload) -> Result<Vec<u8>, Diagnostic> {
        let path = self.out.join(&upload.path);
        let bytes = std::fs::read(&path).map_err(|e| crate::error::io_error(&path, "read", &e))?;
        if crate::output::entry_of(&bytes) != upload.entry {
            return Err(Diagnostic::error(format!("`{}` changed since the site was built", path.display()))
                .in_file(&path)
                .hint("build again (`rajat publish` builds first unless you pass --no-build); files in the output folder are rajat's to write"));
        }
        Ok(bytes)
    }
}

/// A destination: a folder, or a folder on an SFTP server. Paths are the
/// site's (`a/index.html`), relative to the destination's folder.
pub(crate) trait Remote {
    /// Reads a file; `None` when there is none.
    fn read(&mut self, path: &str) -> Result<Option<Vec<u8>>, Diagnostic>;
    /// Reads files and returns the hash and size of each that exists.
    fn hashes(&mut self, paths: &[String]) -> Result<HashMap<String, Entry>, Diagnostic>;
    /// Which of `paths` are not there.
    fn absent(&mut self, paths: &[String]) -> Result<HashSet<String>, Diagnostic>;
    /// Every file under the destination's folder, with its size; empty when the folder does not exist.
    fn list(&mut self) -> Result<HashMap<String, u64>, Diagnostic>;
    /// Makes the destination's folder when it does not exist (its parent must).
    fn make_root(&mut self) -> Result<(), Diagnostic>;
    /// The bytes free at the destination, where that can be known.
    fn free_space(&mut self) -> Option<u64>;
    /// Sends files, each under a temporary name and then renamed over its
    /// path, making folders as needed. Files of one call may go side by side.
    fn send(&mut self, files: &[Upload], source: &Source, progress: &dyn Progress) -> Result<(), Diagnostic>;
    /// Writes one of rajat's own files whole (temporary name, then renamed).
    fn write_own(&mut self, path: &str, bytes: &[u8]) -> Result<(), Diagnostic>;
    /// Removes files (a file already gone is fine), then the folders they
    /// leave empty.
    fn remove(&mut self, paths: &[String], progress: &dyn Progress) -> Result<(), Diagnostic>;
    /// What is worth telling the user about this destination (after connecting).
    fn warnings(&self) -> Vec<Diagnostic> {
        Vec::new()
    }
}

/// Publishes the site at `options.root`: builds it (unless told not to),
/// then sends what changed to the destination.
pub fn publish(options: &PublishOptions, progress: &dyn Progress) -> Result<PublishReport> {
    let root = &options.root;
    let config = Config::load(root)?;
    let destination = destination(options, &config)?;
    let build = if options.build { Some(crate::build(&crate::BuildOptions::new(root))?) } else { None };
    let started = Instant::now();
    let out = config.output_folder(root, None)?;
    let site = crate::output::built_files(&out).ok_or_else(|| {
        Diagnostic::error(format!("`{}` holds no site built by rajat", out.display())).hint(if options.build {
            "build it with `rajat build` and look at what it says"
        } else {
            "build it first: `rajat build`, or leave out --no-build"
        })
    })?;
    let shown = destination.to_string();
    let mut warnings = Vec::new();
    if config.base_url == PLACEHOLDER_BASE_URL {
        let mut warning = config
            .diagnostic_at_key("base_url", format!("base_url is still `{PLACEHOLDER_BASE_URL}`"))
            .hint("set it to the address readers will open, such as `https://www.example.fi/opas/`: link previews, the sitemap and the QR codes on paper use it");
        warning.level = crate::error::Level::Warning;
        warnings.push(warning);
    }
    let mut remote: Box<dyn Remote> = match &destination {
        Destination::Folder(dir) => Box::new(folder::Folder::open(dir, &out, root)?),
        Destination::Sftp { user, host, port, path } => {
            let user = user.clone().or_else(local_user).ok_or_else(|| {
                Diagnostic::error(format!("`{shown}` names no user to log in as"))
                    .hint("write it in the destination: `sftp://USER@host/…`")
            })?;
            Box::new(sftp::Sftp::connect(host, *port, &user, path, &shown, &options.ssh)?)
        }
    };
    warnings.extend(remote.warnings());
    let state = read_state(remote.as_mut(), &site, options.delete_unknown)?;
    let mut plan = plan::plan(&site, &state.published, &state.absent, state.unknown.as_ref(), options.delete_unknown);
    // Without a listing, the journal may still have found someone else's file where a new one goes.
    if !options.delete_unknown {
        let found = state.in_the_way.iter().filter(|p| site.contains_key(*p) && !plan.in_the_way.contains(p));
        plan.in_the_way.extend(found.cloned().collect::<Vec<_>>());
        plan.in_the_way.sort();
    }
    if !plan.in_the_way.is_empty() {
        return Err(in_the_way(&plan.in_the_way, &shown).into());
    }
    let report = |plan: Plan, warnings: Vec<Diagnostic>| PublishReport {
        destination: shown.clone(),
        build: build.clone(),
        plan,
        rebuilt: state.rebuilt,
        elapsed: started.elapsed(),
        warnings,
    };
    if options.dry_run {
        return Ok(report(plan, warnings));
    }
    let source = Source { out: &out };
    let result = carry_out(remote.as_mut(), &site, &state, &plan, &source, progress);
    progress.finish();
    result?;
    Ok(report(plan, warnings))
}

/// Where to publish: the command line's destination, else site.yaml's `publish:`.
fn destination(options: &PublishOptions, config: &Config) -> Result<Destination> {
    match (&options.destination, &config.publish) {
        (Some(text), _) => Destination::parse(text).map_err(|p| Diagnostic::error(p.message).hint(p.hint).into()),
        (None, Some(Destination::Folder(dir))) if dir.is_relative() => Ok(Destination::Folder(options.root.join(dir))),
        (None, Some(destination)) => Ok(destination.clone()),
        (None, None) => Err(Diagnostic::error("where to? `rajat publish` needs a destination")
            .hint(
                "name it: `rajat publish sftp://user@host/~/public_html/opas/` or `rajat publish /mnt/share/opas`; \
                   or write it in site.yaml as `publish: sftp://…`, so that `rajat publish` alone is enough",
            )
            .into()),
    }
}

/// The local user's name, which `ssh` logs in as when the address names none.
fn local_user() -> Option<String> {
    ["USER", "LOGNAME", "USERNAME"].iter().find_map(|v| std::env::var(v).ok().filter(|u| !u.is_empty()))
}

/// What the destination holds, as far as rajat knows it.
struct State {
    /// Files rajat published there (with unknown bytes where a publish was stopped).
    published: Published,
    /// Files rajat did not publish; only known when the destination was listed.
    unknown: Option<HashSet<String>>,
    /// Paths a stopped publish left in its journal.
    journal: Journal,
    /// Files a stopped publish was to create, found holding other bytes
    /// than it sent: someone else's, never rajat's.
    in_the_way: Vec<String>,
    /// Which of those the site has and the destination does not.
    absent: HashSet<String>,
    /// Whether the record was missing or damaged.
    no_record: bool,
    /// Whether the record was rebuilt from files found at the destination.
    rebuilt: bool,
}

/// Reads the record and journal; rebuilds the record from the destination's
/// files when it is missing or damaged; lists the destination only then, or
/// for `--delete-unknown`.
fn read_state(remote: &mut dyn Remote, site: &HashMap<String, Entry>, delete_unknown: bool) -> Result<State> {
    let record = remote.read(RECORD)?;
    let journal = remote.read(JOURNAL)?.map(|bytes| record::read_journal(&bytes)).unwrap_or_default();
    let mut state = State {
        published: Published::new(),
        unknown: None,
        journal,
        in_the_way: Vec::new(),
        absent: HashSet::new(),
        no_record: false,
        rebuilt: false,
    };
    match record.as_deref().map(record::read_record) {
        Some(Some(published)) => state.published = published,
        damaged => {
            // Without a record: the destination's own files tell. A file of
            // the site's size is read back; the site's bytes make it rajat's.
            let salvaged: HashSet<String> = match (damaged, &record) {
                (Some(None), Some(bytes)) => record::salvage_record(bytes).into_iter().collect(),
                _ => HashSet::new(),
            };
            let listed = remote.list()?;
            let candidates: Vec<String> = listed
                .iter()
                .filter(|(path, size)| site.get(*path).is_some_and(|(_, s)| s == *size))
                .map(|(path, _)| path.clone())
                .collect();
            let hashes = remote.hashes(&candidates)?;
            let mut unknown = HashSet::new();
            for path in listed.into_keys().filter(|p| record::is_site_path(p)) {
                match hashes.get(&path) {
                    Some(entry) if site.get(&path) == Some(entry) => {
                        state.published.insert(path, Some(*entry));
                    }
                    _ if salvaged.contains(&path) => {
                        state.published.insert(path, None);
                    }
                    _ => {
                        unknown.insert(path);
                    }
                }
            }
            state.no_record = true;
            state.rebuilt = !state.published.is_empty() || !unknown.is_empty();
            state.unknown = Some(unknown);
        }
    }
    // Files a stopped publish was to create where none was: read back, they
    // are rajat's when they hold what it sent. One that holds anything else
    // was someone else's, in the way (that publish was refused there, or
    // stopped first); one that is not there is nobody's.
    let created: Vec<String> = state.journal.iter().filter(|(_, e)| e.is_some()).map(|(p, _)| p.clone()).collect();
    let found = if created.is_empty() { HashMap::new() } else { remote.hashes(&created)? };
    for (path, entry) in &state.journal {
        match (entry, found.get(path)) {
            (None, _) => {}
            (Some(sent), Some(there)) if sent == there => {}
            (Some(_), Some(_)) => {
                state.in_the_way.push(path.clone());
                continue;
            }
            (Some(_), None) => continue,
        }
        state.published.insert(path.clone(), *entry);
        if let Some(unknown) = &mut state.unknown {
            unknown.remove(path);
        }
    }
    // What a stopped publish was changing may or may not be there; pages
    // that are not go before any page that may link to them.
    let unsure: Vec<String> =
        state.journal.iter().filter(|(p, e)| e.is_none() && site.contains_key(*p)).map(|(p, _)| p.clone()).collect();
    if !unsure.is_empty() {
        state.absent = remote.absent(&unsure)?;
    }
    if delete_unknown && state.unknown.is_none() {
        let listed = remote.list()?;
        state.unknown =
            Some(listed.into_keys().filter(|p| record::is_site_path(p) && !state.published.contains_key(p)).collect());
    }
    Ok(state)
}

/// Carries out `plan`: journal, files in order, record, deletions.
fn carry_out(
    remote: &mut dyn Remote,
    site: &HashMap<String, Entry>,
    state: &State,
    plan: &Plan,
    source: &Source,
    progress: &dyn Progress,
) -> Result<()> {
    if plan.is_empty() && state.journal.is_empty() {
        if state.no_record {
            // The destination holds the site already; record that, so the next publish needs no listing.
            remote.make_root()?;
            remote.write_own(RECORD, &record::write_record(&published(site, [])))?;
        }
        return Ok(());
    }
    remote.make_root()?;
    let bytes = plan.bytes();
    if let Some(free) = remote.free_space()
        && free < bytes.saturating_add(1 << 20)
    {
        return Err(Diagnostic::error(format!(
            "the destination has {} free, and the site's changes need {}",
            human_bytes(free),
            human_bytes(bytes)
        ))
        .hint("make room there (delete old files, or ask your host for more space) and publish again; nothing was sent")
        .into());
    }
    let uploads: Vec<&String> = plan.uploads().map(|u| &u.path).collect();
    let deleted: Vec<&String> = plan.deletions.iter().chain(&plan.unknown_deleted).collect();
    // Before anything changes, the journal names every file that may: a
    // stop from here on leaves the next publish knowing them all as rajat's.
    // A new file is named with its bytes: if someone else's file is found
    // where it goes, the send is refused, and the next publish, finding
    // other bytes there, still knows the file is not rajat's.
    let mut journal = state.journal.clone();
    for upload in plan.uploads() {
        journal.insert(upload.path.clone(), if upload.replace { None } else { Some(upload.entry) });
    }
    journal.extend(deleted.iter().map(|p| (p.to_string(), None)));
    remote.write_own(JOURNAL, &record::write_journal(&journal))?;
    progress.start(uploads.len(), bytes);
    for group in &plan.groups {
        remote.send(group, source, progress)?;
    }
    // The site is whole at the destination. The record says so, with what
    // is about to be deleted listed as rajat's: a stop during the deletions
    // leaves the next publish deleting the rest.
    let with_deletions = published(site, deleted.iter().map(|p| p.as_str()));
    remote.write_own(RECORD, &record::write_record(&with_deletions))?;
    // Pieces of files a stopped publish was sending, that this one did not send again.
    let sent: HashSet<&String> = uploads.iter().copied().collect();
    let mut removals: Vec<String> = deleted.iter().map(|p| p.to_string()).collect();
    removals.extend(state.journal.keys().filter(|p| !sent.contains(p)).map(|p| record::part_name(p)));
    if !removals.is_empty() {
        remote.remove(&removals, progress)?;
    }
    if !deleted.is_empty() {
        remote.write_own(RECORD, &record::write_record(&published(site, [])))?;
    }
    remote.remove(&[JOURNAL.to_string()], &Quiet)?;
    Ok(())
}

/// A record of `site` as published, and `pending` as rajat's files with unknown bytes.
fn published<'a>(site: &HashMap<String, Entry>, pending: impl IntoIterator<Item = &'a str>) -> Published {
    let mut files: Published = site.iter().map(|(p, e)| (p.clone(), Some(*e))).collect();
    files.extend(pending.into_iter().map(|p| (p.to_string(), None)));
    files
}

fn in_the_way(paths: &[String], shown: &str) -> Diagnostic {
    let mut list: Vec<String> = paths.iter().take(10).map(|p| format!("`{p}`")).collect();
    if paths.len() > 10 {
        list.push(format!("and {} more", paths.len() - 10));
    }
    Diagnostic::error(format!(
        "{shown} already holds files rajat did not publish where the site's files go: {}; nothing was sent",
        list.join(", ")
    ))
    .hint(
        "publish into a folder of its own (such as `…/opas/`); or, if these are an older copy of the guide you uploaded \
         by hand, pass --delete-unknown to replace them and delete the other files rajat did not publish (each is named)",
    )
}

/// Explains a failed operation at the destination: what failed, on which
/// remote path, for which local file, and what to do.
pub(crate) fn explain(
    failure: Failure,
    action: &str,
    remote_path: &str,
    local: Option<&Path>,
    detail: &str,
    destination: &str,
) -> Diagnostic {
    let (message, hint) = match failure {
        Failure::Denied => (
            format!("permission denied: could not {action} `{remote_path}`"),
            format!(
                "the account you publish as may not write there. Choose a folder it owns in the destination \
                 (on a web hotel usually inside `public_html/` or `www/`), or ask your host to let it write to that folder; \
                 then publish again. The live site at {destination} is still whole"
            ),
        ),
        Failure::Missing => (
            format!("could not {action} `{remote_path}`: a folder on the way does not exist"),
            "check the destination's path. Over SFTP, `sftp://user@host/~/public_html/opas/` is inside the folder you log \
             in to and `sftp://user@host/var/www/opas/` starts at the host's root; rajat creates the last folder, not the ones above it"
                .to_string(),
        ),
        Failure::Full => (
            format!("the disk is full: could not {action} `{remote_path}`"),
            format!(
                "make room at {destination} (delete old files, or ask your host for more space) and publish again; \
                 the live site is still whole and the next publish finishes the job"
            ),
        ),
        Failure::InTheWay => (
            format!("`{remote_path}` is already there, and rajat did not publish it"),
            "move it away, or pass --delete-unknown to replace it; the live site is still whole".to_string(),
        ),
        Failure::Lost => (
            format!("the connection was lost while trying to {action} `{remote_path}`: {detail}"),
            "publish again: the live site is still whole, and the next publish finishes the job".to_string(),
        ),
        Failure::Other => (
            format!("could not {action} `{remote_path}`: {detail}"),
            "publish again; if it keeps failing, check the destination (its space, its permissions) with your host's file manager".to_string(),
        ),
    };
    let d = Diagnostic::error(message).hint(hint);
    match local {
        Some(path) => d.in_file(path),
        None => d,
    }
}

/// `42 KB`, `1.2 MB`: sizes as a person reads them.
pub fn human_bytes(bytes: u64) -> String {
    let units = ["B", "KB", "MB", "GB", "TB"];
    let mut value = bytes as f64;
    let mut unit = 0;
    while value >= 1000.0 && unit + 1 < units.len() {
        value /= 1000.0;
        unit += 1;
    }
    if unit == 0 || value >= 10.0 {
        format!("{value:.0} {}", units[unit])
    } else {
        format!("{value:.1} {}", units[unit])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_as_a_person_reads_them() {
        assert_eq!(human_bytes(0), "0 B");
        assert_eq!(human_bytes(999), "999 B");
        assert_eq!(human_bytes(42_000), "42 KB");
        assert_eq!(human_bytes(1_234_567), "1.2 MB");
    }
}

//! Writing the output folder so that whatever stops a build — an error,
//! SIGTERM, SIGKILL, a full disk, a power cut — it holds either the complete
//! previous site or the complete new one.
//!
//! * Two trees: the output folder (`public/`) and a staging tree beside it
//!   (`.public.rajat-next/`), which holds the site as it was one build ago.
//!   A build brings the staging tree up to date, file by file, while pages
//!   render; then the two folders' names are exchanged in one atomic step
//!   (`renameat2(RENAME_EXCHANGE)` on Linux). The old site becomes the next
//!   build's staging tree. Nothing a reader of `public/` sees changes before
//!   that step, and the step cannot be half done.
//! * Each tree holds a manifest (`.rajat-manifest`): every file rajat wrote,
//!   with a hash and size. A file the staging tree already holds with the
//!   right bytes is not written at all; a changed one is overwritten in place,
//!   keeping its inode. (Deleting thousands of files and creating thousands
//!   of new ones makes ext4 hunt for free inodes: rewriting every page of a
//!   10,000-page guide that way took 6–11 s of kernel time here.)
//! * Before a file of the staging tree changes, its name is added to a
//!   journal there: a build stopped half way leaves a staging tree whose
//!   manifest and journal say exactly which files are no longer known, and
//!   the next build rewrites those. The journal never reaches `public/`.
//! * Before the exchange, the staging tree is flushed to disk (`syncfs`), so
//!   a power cut cannot leave `public/` pointing at files whose bytes never
//!   reached the disk.
//! * Files in `public/` that rajat did not write (a hand-made `CNAME`) are
//!   never deleted silently: the build refuses unless `--force`.
//! * The manifest can hold any name: bytes that would break its lines are
//!   percent-escaped.
//!
//! On macOS the exchange is `renamex_np(RENAME_SWAP)`. Where the folders
//! cannot be exchanged (Windows, a file system without it, or `public/` a
//! mount point), the staging tree's changed files are copied over the
//! output folder instead, each renamed over its old one; a warning says so.
//! That is not one step (a reader may meet old and new files side by side),
//! but no file is ever half written or lost, and a build stopped there is
//! finished by the next (see `copy_over`).

// Keyed by the site's own paths: a fast hash (see Cargo.toml).
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use rayon::prelude::*;

use crate::error::{Diagnostic, Result, io_error};
use crate::render::Output;
use crate::text::escape_path;

/// Name of the manifest file inside each tree.
pub const MANIFEST: &str = ".rajat-manifest";
/// Name of the journal inside the staging tree while a build changes it.
const JOURNAL: &str = ".rajat-journal";
const MANIFEST_HEADER_V1: &str = "rajat-manifest 1";
const MANIFEST_HEADER_V2: &str = "rajat-manifest 2";
/// Version 3 adds, after the version, the time (nanoseconds since 1970) by
/// which rajat had written every file of the tree.
const MANIFEST_HEADER: &str = "rajat-manifest 3";

/// What a build did to the output folder, as a reader of it sees it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Stats {
    /// Files in the site.
    pub files: usize,
    /// Files that are new or changed since the previous build.
    pub written: usize,
    /// Files the site no longer has.
    pub removed: usize,
}

/// A file as a manifest records it: the hash and size of its bytes.
type Entry = (u64, u64);

/// The staging tree as the build finds and changes it.
struct Staging {
    /// What the staging tree holds for certain: its manifest, less what its journal names.
    known: HashMap<String, Entry>,
    /// Paths of the staging tree whose bytes are not known (journaled, or found without a manifest entry).
    unknown: HashSet<String>,
    /// The open journal, once a known file is about to change.
    journal: Option<File>,
    /// A write to the journal failed (a full disk): it may end in a line cut
    /// short, which a line appended after would run into, hiding that line's
    /// file from the next build. So after one failure nothing more is staged.
    journal_failed: bool,
    written: usize,
}

/// An output folder being written. Dropping it without [`OutputDir::commit`]
/// leaves the output folder exactly as it was.
pub struct OutputDir {
    out: PathBuf,
    next: PathBuf,
    /// What the output folder holds now for certain: its manifest's files
    /// that no one changed since.
    live: HashMap<String, Entry>,
    /// What the output folder's manifest lists: the previous site, for the counts.
    written: HashMap<String, Entry>,
    /// Files in the output folder that rajat did not write (deleted with `--force`).
    foreign: Vec<String>,
    staging: Mutex<Staging>,
    /// Every file of the new site, with its hash and size.
    emitted: Mutex<HashMap<String, Entry>>,
    /// Folders of the staging tree known to exist.
    folders: Mutex<HashSet<PathBuf>>,
}

impl OutputDir {
    /// Opens `out` for a build. Refuses when it holds files rajat did not write,
    /// unless `force`, in which case those files go with the old site.
    pub fn open(out: &Path, force: bool) -> Result<OutputDir> {
        let name = out.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_else(|| "public".into());
        let parent = out.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
        fs::create_dir_all(parent).map_err(|e| io_error(parent, "create", &e))?;
        let next = parent.join(format!(".{name}.rajat-next"));
        // Left by the rajat before this one, which staged differently.
        let _ = fs::remove_dir_all(parent.join(format!(".{name}.rajat-staging")));
        let _ = fs::remove_file(parent.join(format!(".{name}.rajat-pack")));

        if out.exists() && !out.is_dir() {
            return Err(Diagnostic::error(format!("the output path `{}` is a file, not a folder", out.display()))
                .hint("choose another --out, or remove the file")
                .into());
        }
        let (live, next_state) = rayon::join(|| check_live(out), || read_staging(&next));
        let LiveTree { written, verified: live, mut foreign } = live?;
        foreign.sort();
        if !foreign.is_empty() && !force {
            let mut list: Vec<String> = foreign.iter().take(10).map(|f| format!("`{}`", shown(f))).collect();
            if foreign.len() > 10 {
                list.push(format!("and {} more", foreign.len() - 10));
            }
            return Err(Diagnostic::error(format!(
                "`{}` holds files rajat did not write: {}",
                out.display(),
                list.join(", ")
            ))
            .in_file(out)
            .hint("put files you want published in `static/` (they are copied on every build); or pass --force to delete them")
            .into());
        }
        // The staging tree's folders that hold a known file exist: no need to make them.
        let folders: HashSet<PathBuf> =
            next_state.known.keys().filter_map(|p| next.join(p).parent().map(Path::to_path_buf)).collect();
        Ok(OutputDir {
            out: out.to_path_buf(),
            next,
            live,
            written,
            foreign,
            staging: Mutex::new(next_state),
            emitted: Mutex::new(HashMap::default()),
            folders: Mutex::new(folders),
        })
    }

    /// Makes the staged site the output: removes from the staging tree what
    /// the site no longer has, records its manifest, flushes it to disk, and
    /// exchanges it with the output folder.
    pub fn commit(self) -> Result<Stats> {
        let emitted = std::mem::take(&mut *self.emitted.lock().unwrap_or_else(|e| e.into_inner()));
        let mut staging = std::mem::replace(
            &mut *self.staging.lock().unwrap_or_else(|e| e.into_inner()),
            Staging {
                known: HashMap::default(),
                unknown: HashSet::default(),
                journal: None,
                journal_failed: false,
                written: 0,
            },
        );
        let stats = Stats {
            files: emitted.len(),
            written: emitted.iter().filter(|(path, entry)| self.written.get(*path) != Some(entry)).count(),
            removed: self.written.keys().filter(|p| !emitted.contains_key(*p)).count(),
        };
        // Nothing differs from what the output folder holds: leave both trees alone.
        if staging.written == 0 && self.out.is_dir() && self.live == emitted && self.foreign.is_empty() {
            let stale: Vec<&String> = staging.known.keys().filter(|p| !emitted.contains_key(*p)).collect();
            if stale.is_empty() && staging.unknown.is_empty() {
                return Ok(stats);
            }
        }
        fs::create_dir_all(&self.next).map_err(|e| io_error(&self.next, "create", &e))?;
        let stale: Vec<String> =
            staging.known.keys().chain(staging.unknown.iter()).filter(|p| !emitted.contains_key(*p)).cloned().collect();
        if !stale.is_empty() {
            journal(&self.next, &mut staging, &stale)?;
        }
        for path in &stale {
            let target = self.next.join(path);
            match fs::remove_file(&target) {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => return Err(io_error(&target, "remove", &e).into()),
            }
            remove_empty_parents(&self.next, &target);
        }
        write_manifest(&self.next, &emitted, &HashSet::default(), now_ns())?;
        // The journal, this build's or one a stopped build left, must not be published.
        drop(staging.journal.take());
        match fs::remove_file(self.next.join(JOURNAL)) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(io_error(&self.next.join(JOURNAL), "remove", &e).into()),
        }
        flush_to_disk(&self.next);

        if !self.out.exists() {
            // A first build: the staging tree simply becomes the output.
            fs::rename(&self.next, &self.out).map_err(|e| io_error(&self.out, "move the new site into", &e))?;
            return Ok(stats);
        }
        match exchange(&self.next, &self.out) {
            Ok(()) => {}
            Err(e) => {
                eprintln!(
                    "warning: could not swap the new site into `{}` in one step ({e}); copying it over instead, so a reader may briefly see a mix of old and new files",
                    self.out.display()
                );
                copy_over(&self.next, &self.out, &emitted, &self.live, &self.written, &self.foreign)?;
                return Ok(stats);
            }
        }
        flush_to_disk(&self.out);
        // The old site is now the staging tree. What the listing found changed
        // by hand there is no longer known; files rajat did not write go.
        for path in &self.foreign {
            let target = self.next.join(path);
            let _ = fs::remove_file(&target);
            remove_empty_parents(&self.next, &target);
        }
        // Files changed since rajat wrote them (or too recently to tell) are
        // listed with unknown bytes: the next build writes or removes them.
        let unverified: HashSet<&String> = self.written.keys().filter(|p| !self.live.contains_key(*p)).collect();
        let _ = write_manifest(&self.next, &self.live, &unverified, 0);
        Ok(stats)
    }

    /// Writes `bytes` to `path` of the staging tree, in place: one create or
    /// open, one write and a close (and the folder made first, once).
    fn stage(&self, path: &str, bytes: &[u8], old_size: Option<u64>) -> std::io::Result<()> {
        let target = self.next.join(path);
        if let Some(parent) = target.parent() {
            self.make_folder(parent)?;
        }
        // A file whose bytes are unknown is cut to nothing as it is opened; a
        // known one is overwritten in place, sparing the file system freeing
        // and finding its blocks again, and cut after when it shrank.
        let open = || OpenOptions::new().write(true).create(true).truncate(old_size.is_none()).open(&target);
        let mut file = match open() {
            Ok(f) => f,
            Err(_) => {
                make_room(&self.next, &target)?;
                open()?
            }
        };
        file.write_all(bytes)?;
        if old_size.is_some_and(|old| old > bytes.len() as u64) {
            file.set_len(bytes.len() as u64)?;
        }
        Ok(())
    }

    /// Makes sure `folder` of the staging tree exists, asking the file system
    /// only for folders not seen yet this build.
    fn make_folder(&self, folder: &Path) -> std::io::Result<()> {
        if self.folders.lock().unwrap_or_else(|e| e.into_inner()).contains(folder) {
            return Ok(());
        }
        match fs::create_dir(folder) {
            Ok(()) => {}
            // Already there: a folder, or a file in the way (which make_room clears).
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                if !folder.is_dir() {
                    make_room(&self.next, &folder.join("x"))?;
                }
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => make_room(&self.next, &folder.join("x"))?,
            Err(e) => return Err(e),
        }
        self.folders.lock().unwrap_or_else(|e| e.into_inner()).insert(folder.to_path_buf());
        Ok(())
    }
}

impl Output for OutputDir {
    fn put(&self, path: &str, mut bytes: Vec<u8>) -> Result<(), Diagnostic> {
        self.put_buffer(path, &mut bytes)
    }

    /// Hashes the bytes and writes them if the staging tree does not hold
    /// them already; they stay in the caller's buffer.
    fn put_buffer(&self, path: &str, bytes: &mut Vec<u8>) -> Result<(), Diagnostic> {
        let bytes: &[u8] = bytes;
        if path.split('/').any(|p| p.is_empty() || p == "." || p == "..") || is_rajat_file(path) {
            return Err(Diagnostic::error(format!(
                "refusing to write to `{}`: not a path inside the output folder",
                shown(path)
            )));
        }
        let entry = entry_of(bytes);
        {
            let mut emitted = self.emitted.lock().unwrap_or_else(|e| e.into_inner());
            if emitted.insert(path.to_string(), entry).is_some() {
                return Err(Diagnostic::error(format!(
                    "two files of the site would both be written to `{}`",
                    shown(path)
                ))
                .hint("a file in content/ and one in static/ share this address; rename one of them"));
            }
        }
        let old_size = {
            let mut staging = self.staging.lock().unwrap_or_else(|e| e.into_inner());
            match staging.known.get(path).copied() {
                Some(old) if old == entry => return Ok(()),
                Some(old) => {
                    // A file the staging tree holds for certain is about to change: journal it first.
                    journal(&self.next, &mut staging, &[path.to_string()]).map_err(|e| e.diagnostics[0].clone())?;
                    staging.known.remove(path);
                    staging.unknown.insert(path.to_string());
                    Some(old.1)
                }
                None => {
                    staging.unknown.insert(path.to_string());
                    None
                }
            }
        };
        self.stage(path, bytes, old_size).map_err(|e| io_error(&self.next.join(path), "write", &e))?;
        self.staging.lock().unwrap_or_else(|e| e.into_inner()).written += 1;
        Ok(())
    }
}

/// Adds `paths` to the staging tree's journal, opening it first if need be.
fn journal(next: &Path, staging: &mut Staging, paths: &[String]) -> Result<()> {
    let journal_path = next.join(JOURNAL);
    if staging.journal_failed {
        return Err(Diagnostic::error(format!(
            "could not write to `{}` earlier in this build, so nothing more is written",
            journal_path.display()
        ))
        .hint("is the disk full? Make room and build again; the published site has not changed")
        .into());
    }
    if staging.journal.is_none() {
        fs::create_dir_all(next).map_err(|e| io_error(next, "create", &e))?;
        let file = OpenOptions::new()
            .append(true)
            .create(true)
            .open(&journal_path)
            .map_err(|e| io_error(&journal_path, "write", &e))?;
        staging.journal = Some(file);
    }
    let mut lines = String::new();
    for path in paths {
        lines.push_str(&escape_path(path));
        lines.push('\n');
    }
    let file = staging.journal.as_mut().expect("opened above");
    file.write_all(lines.as_bytes()).map_err(|e| {
        staging.journal_failed = true;
        io_error(&journal_path, "write", &e).into()
    })
}

/// What the staging tree holds for certain, from its manifest and journal.
fn read_staging(next: &Path) -> Staging {
    let manifest = read_manifest(&next.join(MANIFEST)).unwrap_or_default();
    let (mut known, complete) = (manifest.entries, manifest.complete);
    let mut unknown: HashSet<String> = manifest.unknown;
    if let Ok(text) = fs::read(next.join(JOURNAL)) {
        // A line cut short was being written when the build stopped: its file was not touched yet.
        for line in text.split(|&b| b == b'\n').filter(|l| !l.is_empty()) {
            if let Some(path) = std::str::from_utf8(line).ok().and_then(unescape_path) {
                known.remove(&path);
                unknown.insert(path);
            }
        }
    }
    if !complete {
        // A staging tree without its manifest (a first build stopped half
        // way): whatever it holds is unknown, and goes unless the site has it.
        known.clear();
        unknown.extend(list_files(next).unwrap_or_default().into_keys().filter(|p| !is_rajat_file(p)));
    }
    Staging { known, unknown, journal: None, journal_failed: false, written: 0 }
}

/// The files of a built output folder, as its manifest lists them: each
/// path with the hash and size of its bytes. `None` when the folder holds no
/// complete manifest (never built, or its manifest damaged). For `publish`,
/// which compares these with what a destination holds.
pub fn built_files(out: &Path) -> Option<std::collections::HashMap<String, (u64, u64)>> {
    let manifest = read_manifest(&out.join(MANIFEST)).filter(|m| m.complete && m.unknown.is_empty())?;
    Some(manifest.entries.into_iter().collect())
}

/// The hash and size of `bytes` as a manifest records them.
pub fn entry_of(bytes: &[u8]) -> (u64, u64) {
    (xxhash_rust::xxh3::xxh3_64(bytes), bytes.len() as u64)
}

/// Files of rajat's own that live in a tree but are not part of the site.
fn is_rajat_file(path: &str) -> bool {
    path == MANIFEST || path == JOURNAL || path.starts_with(&format!("{MANIFEST}."))
}

/// Every file under `dir` (relative, `/`-separated) with its size; empty if
/// `dir` does not exist. A name that is not UTF-8 is kept escaped, so it is
/// never mistaken for another.
fn list_files(dir: &Path) -> Result<HashMap<String, u64>> {
    if !dir.exists() {
        return Ok(HashMap::default());
    }
    if !dir.is_dir() {
        return Err(Diagnostic::error(format!("the output path `{}` is a file, not a folder", dir.display()))
            .hint("choose another --out, or remove the file")
            .into());
    }
    // One task per folder: a guide's output is thousands of small folders,
    // and listing them one by one was a tenth of a big build.
    Ok(list_folder(dir, String::new())?.into_iter().collect())
}

fn list_folder(base: &Path, rel: String) -> Result<Vec<(String, u64)>, Diagnostic> {
    let dir = if rel.is_empty() { base.to_path_buf() } else { base.join(&rel) };
    let unreadable = |e: std::io::Error| io_error(&dir, "read the output folder", &e);
    let entries: Vec<fs::DirEntry> =
        fs::read_dir(&dir).map_err(unreadable)?.collect::<Result<_, _>>().map_err(unreadable)?;
    let nested: Vec<Vec<(String, u64)>> = entries
        .par_iter()
        .map(|entry| {
            let file_name = entry.file_name();
            let name = match file_name.to_str() {
                Some(name) => name.to_string(),
                None => escape_bytes(file_name.as_encoded_bytes()),
            };
            let child = if rel.is_empty() { name } else { format!("{rel}/{name}") };
            match entry.file_type() {
                Ok(t) if t.is_dir() => list_folder(base, child),
                _ => Ok(vec![(child, entry.metadata().map_or(u64::MAX, |m| m.len()))]),
            }
        })
        .collect::<Result<_, _>>()?;
    Ok(nested.into_iter().flatten().collect())
}

/// What a manifest says of its tree.
#[derive(Debug, Default)]
struct Manifest {
    entries: HashMap<String, Entry>,
    /// Files the tree has whose bytes are not known (changed by hand, say).
    unknown: HashSet<String>,
    /// Whether it was read whole (it ends with its last line).
    complete: bool,
    /// When rajat had finished writing the tree, in nanoseconds since 1970:
    /// a file or folder changed later was changed by someone else.
    written_until: Option<u128>,
}

/// Reads a manifest; `None` when there is none, or not one of rajat's.
fn read_manifest(path: &Path) -> Option<Manifest> {
    let text = fs::read_to_string(path).ok()?;
    let mut lines = text.lines();
    let header = lines.next()?;
    let (escaped, written_until) = match header.split_once(' ').map(|(_, v)| v.split_once(' ')) {
        _ if header == MANIFEST_HEADER_V1 => (false, None),
        _ if header == MANIFEST_HEADER_V2 => (true, None),
        Some(Some(("3", time))) => (true, time.parse().ok()),
        _ => return None,
    };
    let mut manifest = Manifest { complete: !escaped, written_until, ..Manifest::default() };
    for line in lines {
        if line == "end" {
            manifest.complete = true;
            break;
        }
        let mut parts = line.splitn(3, ' ');
        let (Some(hash), Some(size), Some(path)) = (parts.next(), parts.next(), parts.next()) else {
            continue;
        };
        let path = if escaped { unescape_path(path)? } else { path.to_string() };
        match (u64::from_str_radix(hash, 16), size.parse()) {
            (Ok(h), Ok(s)) => {
                manifest.entries.insert(path, (h, s));
            }
            _ => {
                manifest.unknown.insert(path);
            }
        }
    }
    Some(manifest)
}

/// How far file times may lag the clock rajat reads.
const CLOCK_SLACK_NS: u128 = 50_000_000;

/// Now, in nanoseconds since 1970.
fn now_ns() -> u128 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos())
}

/// Writes the manifest of `dir`: written whole to a temporary file, then renamed.
/// Files named in `unknown` are listed as there but with unknown bytes.
fn write_manifest(
    dir: &Path,
    entries: &HashMap<String, Entry>,
    unknown: &HashSet<&String>,
    written_until: u128,
) -> Result<()> {
    let mut paths: Vec<&String> = entries.keys().chain(unknown.iter().copied()).collect();
    paths.sort();
    paths.dedup();
    let mut text = String::with_capacity(paths.len() * 64);
    text.push_str(&format!("{MANIFEST_HEADER} {written_until}\n"));
    for path in paths {
        match entries.get(path).filter(|_| !unknown.contains(path)) {
            Some((hash, size)) => text.push_str(&format!("{hash:016x} {size} {}\n", escape_path(path))),
            None => text.push_str(&format!("- - {}\n", escape_path(path))),
        }
    }
    // The last line says the manifest is whole.
    text.push_str("end\n");
    let tmp = dir.join(format!("{MANIFEST}.tmp"));
    fs::write(&tmp, text).map_err(|e| {
        let _ = fs::remove_file(&tmp);
        io_error(&tmp, "write", &e)
    })?;
    fs::rename(&tmp, dir.join(MANIFEST)).map_err(|e| io_error(&dir.join(MANIFEST), "write", &e))?;
    Ok(())
}

/// What the output folder holds now, and which of its files rajat did not write.
struct LiveTree {
    /// The files rajat wrote, as its manifest lists them.
    written: HashMap<String, Entry>,
    /// Those that are still as rajat wrote them.
    verified: HashMap<String, Entry>,
    /// Files rajat did not write.
    foreign: Vec<String>,
}

/// Checks the output folder against its manifest: one `statx` for each file
/// and folder, and a listing only of the folders changed since rajat wrote
/// them (to find files added by hand). A file of the right size whose time
/// says it may have changed since (it was written in the last moments
/// before the manifest, within the clock's slack, or touched after) is read
/// and hashed: its bytes decide. Without that, the files a build writes
/// last (generated and copied files) were never trusted, and every rebuild
/// of an unchanged site wrote them again and exchanged the trees. Without a
/// manifest that says when it was written, the whole folder is listed.
fn check_live(out: &Path) -> Result<LiveTree> {
    let manifest = read_manifest(&out.join(MANIFEST)).unwrap_or_default();
    let Some(since) = manifest.written_until.filter(|_| manifest.complete) else {
        let existing = list_files(out)?;
        let foreign =
            existing.keys().filter(|p| !manifest.entries.contains_key(*p) && !is_rajat_file(p)).cloned().collect();
        let mut verified = manifest.entries.clone();
        verified.retain(|path, (_, size)| existing.get(path) == Some(size));
        return Ok(LiveTree { written: manifest.entries, verified, foreign });
    };
    // File times come from a clock that may lag the one `since` was read from
    // by a tick: anything from shortly before counts as changed too (at worst
    // the last few files rajat wrote are written again).
    let since = since.saturating_sub(CLOCK_SLACK_NS);
    let changed_after = |m: &fs::Metadata| {
        let modified = m.modified().ok().and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok());
        modified.is_none_or(|d| d.as_nanos() > since)
    };
    let files: Vec<(&String, &Entry)> = manifest.entries.iter().collect();
    let verified: HashMap<String, Entry> = files
        .par_iter()
        .filter(|(path, (hash, size))| {
            let file = out.join(path);
            fs::symlink_metadata(&file)
                .is_ok_and(|m| m.is_file() && m.len() == *size && (!changed_after(&m) || holds(&file, (*hash, *size))))
        })
        .map(|(p, e)| ((*p).clone(), **e))
        .collect();
    let mut folders: HashSet<&str> = HashSet::from_iter([""]);
    for path in manifest.entries.keys() {
        let mut rest = path.as_str();
        while let Some((parent, _)) = rest.rsplit_once('/') {
            if !folders.insert(parent) {
                break;
            }
            rest = parent;
        }
    }
    let folders: Vec<&str> = folders.into_iter().collect();
    let changed: Vec<&str> = folders
        .par_iter()
        .filter(|f| fs::symlink_metadata(out.join(f)).is_ok_and(|m| !m.is_dir() || changed_after(&m)))
        .copied()
        .collect();
    let mut foreign = Vec::new();
    let known_folder: HashSet<&str> = folders.iter().copied().collect();
    for folder in changed {
        let dir = if folder.is_empty() { out.to_path_buf() } else { out.join(folder) };
        let Ok(entries) = fs::read_dir(&dir) else { continue };
        for entry in entries.flatten() {
            let name = entry.file_name();
            let name = name.to_str().map_or_else(|| escape_bytes(name.as_encoded_bytes()), str::to_string);
            let path = if folder.is_empty() { name } else { format!("{folder}/{name}") };
            let is_dir = entry.file_type().is_ok_and(|t| t.is_dir());
            if is_dir && !known_folder.contains(path.as_str()) {
                // A folder added by hand: everything in it is foreign.
                foreign.extend(list_files(&out.join(&path))?.into_keys().map(|p| format!("{path}/{p}")));
            } else if !is_dir && !manifest.entries.contains_key(&path) && !is_rajat_file(&path) {
                foreign.push(path);
            }
        }
    }
    Ok(LiveTree { written: manifest.entries, verified, foreign })
}

/// Whether the file at `path` (never through a link) holds the bytes of `entry`.
fn holds(path: &Path, entry: Entry) -> bool {
    let mut options = OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::custom_flags(&mut options, libc::O_NOFOLLOW);
    let mut bytes = Vec::with_capacity(entry.1 as usize);
    let read = options.open(path).and_then(|mut f| std::io::Read::read_to_end(&mut f, &mut bytes));
    read.is_ok() && (xxhash_rust::xxh3::xxh3_64(&bytes), bytes.len() as u64) == entry
}

/// A file name that is not UTF-8, as a path rajat can hold: every byte that
/// is not plain ASCII escaped. It can never equal a name the site writes.
fn escape_bytes(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() * 3);
    for &b in bytes {
        if b.is_ascii() && !b.is_ascii_control() && b != b'%' {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn unescape_path(escaped: &str) -> Option<String> {
    crate::text::percent_decode(escaped)
}

/// A path as messages show it: escapes for what a terminal would not show.
fn shown(path: &str) -> String {
    path.escape_debug().to_string()
}

/// Exchanges the names of two folders in one step.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    use std::os::unix::ffi::OsStrExt;
    let a = std::ffi::CString::new(a.as_os_str().as_bytes())?;
    let b = std::ffi::CString::new(b.as_os_str().as_bytes())?;
    // SAFETY: both paths are NUL-terminated strings that live across the call.
    let r = unsafe { libc::renameat2(libc::AT_FDCWD, a.as_ptr(), libc::AT_FDCWD, b.as_ptr(), libc::RENAME_EXCHANGE) };
    if r == 0 { Ok(()) } else { Err(std::io::Error::last_os_error()) }
}

/// Exchanges the names of two folders in one step: macOS's own call for it,
/// which APFS and HFS+ have (other file systems refuse, and the caller copies).
#[cfg(target_os = "macos")]
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    use std::os::unix::ffi::OsStrExt;
    let a = std::ffi::CString::new(a.as_os_str().as_bytes())?;
    let b = std::ffi::CString::new(b.as_os_str().as_bytes())?;
    // SAFETY: both paths are NUL-terminated strings that live across the call.
    let r = unsafe { libc::renamex_np(a.as_ptr(), b.as_ptr(), libc::RENAME_SWAP) };
    if r == 0 { Ok(()) } else { Err(std::io::Error::last_os_error()) }
}

/// Elsewhere (Windows) there is no exchange of names; the caller copies instead.
#[cfg(not(any(target_os = "linux", target_os = "macos")))]
fn exchange(_: &Path, _: &Path) -> std::io::Result<()> {
    Err(std::io::Error::new(std::io::ErrorKind::Unsupported, "this system cannot exchange two folders' names"))
}

/// Flushes the file system holding `dir` to disk: one call for every file written.
#[cfg(target_os = "linux")]
fn flush_to_disk(dir: &Path) {
    if let Ok(folder) = File::open(dir) {
        use std::os::fd::AsRawFd;
        // SAFETY: the descriptor is open for the duration of the call.
        unsafe { libc::syncfs(folder.as_raw_fd()) };
    }
}

#[cfg(not(target_os = "linux"))]
fn flush_to_disk(dir: &Path) {
    if let Ok(folder) = File::open(dir) {
        let _ = folder.sync_all();
    }
}

/// Where the folders cannot be exchanged: the new site's changed files are
/// copied over the output folder, and what it no longer has is removed
/// (with the files rajat did not write, as the exchange removes them).
///
/// Not one step, but nothing of the previous output is lost on the way:
/// each file is copied under rajat's own name and renamed over the old one,
/// so it holds its old bytes or its new ones, never half of either, and
/// nothing is removed before every new file is in place. And first the
/// manifest names the files of both sites, with no time to trust them by:
/// a build stopped here leaves a folder the next build reads back file by
/// file and finishes, instead of taking the new files for someone else's.
fn copy_over(
    next: &Path,
    out: &Path,
    emitted: &HashMap<String, Entry>,
    live: &HashMap<String, Entry>,
    written: &HashMap<String, Entry>,
    foreign: &[String],
) -> Result<()> {
    let mut both = written.clone();
    both.extend(emitted.iter().map(|(path, entry)| (path.clone(), *entry)));
    write_manifest(out, &both, &HashSet::default(), 0)?;
    // One of rajat's own names (`is_rajat_file`), in the same folder tree as every file it becomes.
    let part = out.join(format!("{MANIFEST}.part"));
    for (path, entry) in emitted {
        if live.get(path) == Some(entry) {
            continue;
        }
        let target = out.join(path);
        let copied = fs::copy(next.join(path), &part)
            .and_then(|_| make_room(out, &target))
            .and_then(|()| fs::rename(&part, &target));
        copied.map_err(|e| {
            let _ = fs::remove_file(&part);
            io_error(&target, "write", &e)
        })?;
    }
    let gone = written.keys().chain(foreign).filter(|p| !emitted.contains_key(*p));
    for path in gone {
        let target = out.join(path);
        let _ = fs::remove_file(&target);
        remove_empty_parents(out, &target);
    }
    flush_to_disk(out);
    write_manifest(out, emitted, &HashSet::default(), now_ns())
}

/// Clears the way for a file at `target`: creates its folders, replacing any
/// file that stands where a folder must go, or a folder where the file goes.
fn make_room(root: &Path, target: &Path) -> std::io::Result<()> {
    let mut dir = root.to_path_buf();
    if let Ok(rel) = target.strip_prefix(root) {
        let comps: Vec<_> = rel.components().collect();
        for c in &comps[..comps.len().saturating_sub(1)] {
            dir.push(c);
            if dir.is_file() {
                fs::remove_file(&dir)?;
            }
        }
    }
    if let Some(parent) = target.parent() {
        fs::create_dir_all(parent)?;
    }
    if target.is_dir() {
        fs::remove_dir_all(target)?;
    }
    Ok(())
}

fn remove_empty_parents(root: &Path, file: &Path) {
    let mut dir = file.parent();
    while let Some(d) = dir {
        if d == root || fs::remove_dir(d).is_err() {
            break;
        }
        dir = d.parent();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn build(out: &Path, files: &[(&str, &str)], force: bool) -> Result<Stats> {
        let dir = OutputDir::open(out, force)?;
        for (p, b) in files {
            dir.put(p, b.as_bytes().to_vec())?;
        }
        dir.commit()
    }

    /// A full disk can cut a journal line short; a line written after it
    /// would run into it and hide its file from the next build, which would
    /// then trust that file's old size and leave a torn tail. So after one
    /// failed write the journal takes nothing more, and nothing more is staged.
    #[test]
    fn after_a_failed_journal_write_nothing_more_is_staged() {
        let tmp = tempfile::tempdir().unwrap();
        let next = tmp.path();
        fs::write(next.join(JOURNAL), "").unwrap();
        let read_only = File::open(next.join(JOURNAL)).unwrap();
        let mut staging = Staging {
            known: HashMap::default(),
            unknown: HashSet::default(),
            journal: Some(read_only),
            journal_failed: false,
            written: 0,
        };
        assert!(journal(next, &mut staging, &["a/index.html".into()]).is_err());
        assert!(staging.journal_failed);
        staging.journal = Some(OpenOptions::new().append(true).open(next.join(JOURNAL)).unwrap());
        let refused = journal(next, &mut staging, &["b/index.html".into()]).unwrap_err();
        assert!(refused.to_string().contains("earlier in this build"), "{refused}");
        assert_eq!(fs::read(next.join(JOURNAL)).unwrap(), b"", "no line follows one that may be cut short");
    }

    fn read(out: &Path, path: &str) -> String {
        fs::read_to_string(out.join(path)).unwrap()
    }

    #[test]
    fn unchanged_files_are_not_rewritten_and_stale_ones_go() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let s = build(&out, &[("index.html", "a"), ("x/index.html", "b")], false).unwrap();
        assert_eq!((s.files, s.written, s.removed), (2, 2, 0));
        let s = build(&out, &[("index.html", "a"), ("y/index.html", "c")], false).unwrap();
        assert_eq!((s.files, s.written, s.removed), (2, 1, 1));
        assert!(!out.join("x").exists());
        assert_eq!(read(&out, "y/index.html"), "c");
        // The same site again: the staging tree catches up once, then nothing is written.
        let s = build(&out, &[("index.html", "a"), ("y/index.html", "c")], false).unwrap();
        assert_eq!(s.written, 0);
        assert!(!tmp.path().join(".public.rajat-next/x").exists(), "stale files leave the staging tree too");
    }

    /// From the third build of the same site on, both trees hold it and are
    /// known to: nothing is written, not even a manifest, and the folders are
    /// not exchanged. (Files written in the moments before a manifest used to
    /// be distrusted for good, so every rebuild wrote them and exchanged.)
    #[test]
    #[cfg(unix)]
    fn an_unchanged_site_leaves_both_trees_alone_from_the_third_build() {
        use std::os::unix::fs::MetadataExt;
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let next = tmp.path().join(".public.rajat-next");
        let site = [("index.html", "home"), ("a/index.html", "a"), ("rajat/forms.js", "js")];
        let state = || {
            let manifests = (fs::read(out.join(MANIFEST)).unwrap(), fs::read(next.join(MANIFEST)).unwrap());
            (fs::metadata(&out).unwrap().ino(), manifests)
        };
        build(&out, &site, false).unwrap();
        build(&out, &site, false).unwrap();
        let settled = state();
        for _ in 0..3 {
            let s = build(&out, &site, false).unwrap();
            assert_eq!((s.files, s.written, s.removed), (3, 0, 0));
            assert!(state() == settled, "the trees were written or exchanged");
        }
        // A file changed by hand in those moments, keeping its size, is still caught.
        fs::write(out.join("a/index.html"), "b").unwrap();
        build(&out, &site, false).unwrap();
        assert_eq!(read(&out, "a/index.html"), "a");
    }

    #[test]
    fn a_build_that_is_not_committed_changes_nothing() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        build(&out, &[("index.html", "old")], false).unwrap();
        build(&out, &[("index.html", "old")], false).unwrap();
        {
            let dir = OutputDir::open(&out, false).unwrap();
            dir.put("index.html", b"new".to_vec()).unwrap();
        }
        assert_eq!(read(&out, "index.html"), "old");
        // The staging tree was changed and journaled; the next build still gets it right.
        build(&out, &[("index.html", "old"), ("b.html", "b")], false).unwrap();
        assert_eq!(read(&out, "index.html"), "old");
        build(&out, &[("index.html", "old"), ("b.html", "b")], false).unwrap();
        assert_eq!(read(&out, "index.html"), "old");
    }

    #[test]
    fn foreign_files_need_force() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        build(&out, &[("index.html", "a")], false).unwrap();
        fs::write(out.join("CNAME"), "example.org").unwrap();
        let err = build(&out, &[("index.html", "a")], false).unwrap_err();
        assert!(err.to_string().contains("`CNAME`"), "{err}");
        assert!(out.join("CNAME").exists());
        build(&out, &[("index.html", "a")], true).unwrap();
        assert!(!out.join("CNAME").exists());
        build(&out, &[("index.html", "a")], false).unwrap();
        assert!(!out.join("CNAME").exists(), "and it does not come back from the staging tree");
    }

    #[test]
    fn a_file_changed_or_deleted_by_hand_is_written_again() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        for _ in 0..2 {
            build(&out, &[("index.html", "a"), ("b.html", "bb")], false).unwrap();
        }
        fs::remove_file(out.join("index.html")).unwrap();
        fs::write(out.join("b.html"), "hand").unwrap();
        for _ in 0..3 {
            build(&out, &[("index.html", "a"), ("b.html", "bb")], false).unwrap();
            assert_eq!(read(&out, "index.html"), "a");
            assert_eq!(read(&out, "b.html"), "bb");
        }
    }

    #[test]
    fn hand_made_changes_anywhere_are_seen_without_listing_the_folder() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let site = [("index.html", "home"), ("a/b/index.html", "deep"), ("c/index.html", "cc")];
        for _ in 0..2 {
            build(&out, &site, false).unwrap();
        }
        // A file dropped deep inside, and a whole folder added.
        fs::write(out.join("a/b/notes.txt"), "mine").unwrap();
        let err = build(&out, &site, false).unwrap_err();
        assert!(err.to_string().contains("`a/b/notes.txt`"), "{err}");
        fs::remove_file(out.join("a/b/notes.txt")).unwrap();
        fs::create_dir_all(out.join("extra/more")).unwrap();
        fs::write(out.join("extra/more/x.txt"), "mine").unwrap();
        let err = build(&out, &site, false).unwrap_err();
        assert!(err.to_string().contains("`extra/more/x.txt`"), "{err}");
        fs::remove_dir_all(out.join("extra")).unwrap();
        // An edit by hand that keeps the size is not trusted: the file is written again.
        std::thread::sleep(std::time::Duration::from_millis(60));
        fs::write(out.join("c/index.html"), "XX").unwrap();
        for _ in 0..3 {
            build(&out, &site, false).unwrap();
            assert_eq!(read(&out, "c/index.html"), "cc");
        }
    }

    #[test]
    fn any_name_fits_in_the_manifest() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let names = ["as\nset.txt", "100%.txt", "quote\"d 'x'.txt", "tab\there.txt", "ä ö.txt"];
        let files: Vec<(&str, &str)> = names.iter().map(|n| (*n, "x")).collect();
        for _ in 0..3 {
            let s = build(&out, &files, false).unwrap();
            assert_eq!(s.files, names.len());
        }
        for name in names {
            assert_eq!(read(&out, name), "x", "{name:?}");
        }
        let manifest = read_manifest(&out.join(MANIFEST)).unwrap();
        assert!(manifest.complete && manifest.written_until.is_some());
        assert_eq!(manifest.entries.len(), names.len());
    }

    #[test]
    fn leftovers_of_an_interrupted_manifest_write_never_block_a_build() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        build(&out, &[("index.html", "a")], false).unwrap();
        fs::write(out.join(".rajat-manifest.tmp"), "half").unwrap();
        build(&out, &[("index.html", "a")], false).unwrap();
        assert!(!out.join(".rajat-manifest.tmp").exists() || read(&out, "index.html") == "a");
    }

    /// Where the folders cannot be exchanged (Windows; `public/` a mount
    /// point), the new files are copied over the old. A copy stopped part
    /// way (here: a file of the new site that cannot be read) leaves every
    /// file with its old bytes or its new ones and nothing of the old site
    /// gone; the next build takes none of the new files for someone else's,
    /// and finishes the job.
    #[test]
    fn a_copy_over_stopped_part_way_loses_nothing_and_the_next_build_finishes_it() {
        let old = [("index.html", "old home"), ("a/index.html", "a"), ("gone/index.html", "gone"), ("s.css", "old")];
        let new = [("index.html", "new home"), ("a/index.html", "a"), ("b/index.html", "new b"), ("s.css", "new!")];
        let emitted: HashMap<String, Entry> =
            new.iter().map(|(p, b)| (p.to_string(), entry_of(b.as_bytes()))).collect();
        let mut copied_before_the_stop = 0;
        for unreadable in ["index.html", "b/index.html", "s.css"] {
            let tmp = tempfile::tempdir().unwrap();
            let out = tmp.path().join("public");
            build(&out, &old, false).unwrap();
            let from = tmp.path().join("from");
            for (path, bytes) in new.iter().filter(|(p, _)| *p != unreadable) {
                fs::create_dir_all(from.join(path).parent().unwrap()).unwrap();
                fs::write(from.join(path), bytes).unwrap();
            }
            let dir = OutputDir::open(&out, false).unwrap();
            let stopped = copy_over(&from, &out, &emitted, &dir.live, &dir.written, &dir.foreign);
            assert!(stopped.is_err(), "{unreadable} could not be copied");
            drop(dir);
            for (path, bytes) in old {
                let there = read(&out, path);
                let new_bytes = new.iter().find(|(p, _)| *p == path).map(|(_, b)| *b);
                assert!(there == bytes || Some(there.as_str()) == new_bytes, "{path}: {there:?}");
                copied_before_the_stop += usize::from(Some(there.as_str()) != Some(bytes));
            }
            copied_before_the_stop += usize::from(out.join("b/index.html").exists());
            build(&out, &new, false).unwrap_or_else(|e| panic!("after {unreadable} could not be copied: {e}"));
            let mut there: Vec<String> = list_files(&out).unwrap().into_keys().filter(|p| !is_rajat_file(p)).collect();
            there.sort();
            assert_eq!(there, ["a/index.html", "b/index.html", "index.html", "s.css"]);
            for (path, bytes) in new {
                assert_eq!(read(&out, path), bytes, "{path}");
            }
        }
        assert!(copied_before_the_stop > 0, "some stop came after files were copied");
    }

    /// A copy over that runs to its end leaves the new site and its manifest,
    /// with the files rajat did not write gone (as `--force` asked), and the
    /// build after it has nothing to write.
    #[test]
    fn a_copy_over_leaves_the_new_site_and_its_manifest() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        build(&out, &[("index.html", "old"), ("gone.html", "gone")], false).unwrap();
        fs::write(out.join("CNAME"), "example.org").unwrap();
        let from = tmp.path().join("from");
        fs::create_dir_all(from.join("b")).unwrap();
        fs::write(from.join("index.html"), "new").unwrap();
        fs::write(from.join("b/index.html"), "b").unwrap();
        let emitted: HashMap<String, Entry> = [("index.html", "new"), ("b/index.html", "b")]
            .iter()
            .map(|(p, b)| (p.to_string(), entry_of(b.as_bytes())))
            .collect();
        let dir = OutputDir::open(&out, true).unwrap();
        copy_over(&from, &out, &emitted, &dir.live, &dir.written, &dir.foreign).unwrap();
        drop(dir);
        let mut there: Vec<String> = list_files(&out).unwrap().into_keys().collect();
        there.sort();
        assert_eq!(there, [MANIFEST, "b/index.html", "index.html"]);
        assert_eq!(read_manifest(&out.join(MANIFEST)).unwrap().entries, emitted);
        let s = build(&out, &[("index.html", "new"), ("b/index.html", "b")], false).unwrap();
        assert_eq!((s.written, s.removed), (0, 0));
    }

    #[test]
    fn paths_escape_and_come_back() {
        for path in ["a/b.html", "as\nset", "100%", "x\u{7f}y", "ä/ö"] {
            assert_eq!(unescape_path(&escape_path(path)).as_deref(), Some(path), "{path:?}");
            assert!(!escape_path(path).contains('\n'));
        }
    }
}

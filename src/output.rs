//! Writing the output folder safely and cheaply.
//!
//! * Nothing in the output folder changes until every page has rendered: the
//!   bytes of new and changed files wait in a pack file beside the output
//!   folder. A failed build deletes the pack and leaves the previous site byte
//!   for byte as it was.
//! * A manifest (`.rajat-manifest`) records every file rajat wrote with a hash
//!   of its bytes. An unchanged file is not written at all.
//! * A changed file is overwritten in place, keeping its inode. Creating a new
//!   file for every change (write elsewhere, then rename) looks safer but makes
//!   ext4 hunt for free inodes among the ones it just freed: rewriting every
//!   page of a 10,000-page guide that way took 6-11 s of kernel time here,
//!   against well under a second in place. The pack is one file, so staging
//!   costs one inode too.
//! * Files in the output folder that rajat did not write (a hand-made `CNAME`)
//!   are never deleted silently: the build refuses unless `--force`.
//!
//! A first build (no output folder yet) writes a sibling folder and renames it
//! into place, which is atomic. Later builds update files in place; while they
//! do, the manifest marks those files as unknown, so a build interrupted in
//! that short window is repaired by the next one.

use std::collections::HashMap;
use std::fs::{self, File};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use rayon::prelude::*;

use crate::error::{Diagnostic, Result, io_error};
use crate::render::Output;

/// Name of the manifest file inside the output folder.
pub const MANIFEST: &str = ".rajat-manifest";
const MANIFEST_HEADER: &str = "rajat-manifest 1";

/// What a build did to the output folder.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Stats {
    /// Files in the site.
    pub files: usize,
    /// Files written because they are new or changed.
    pub written: usize,
    /// Files removed because the site no longer has them.
    pub removed: usize,
}

/// A manifest entry: the hash and size of a file as rajat wrote it, or `None`
/// when a build was interrupted while replacing it.
type Entry = Option<(u64, u64)>;

/// The pack: new and changed files' bytes, appended as they are rendered.
struct Pack {
    file: File,
    len: u64,
    /// Path in the site, offset and length in the pack.
    files: Vec<(String, u64, u64)>,
}

/// An output folder being written. Dropping it without [`OutputDir::commit`]
/// discards what was staged and leaves the output folder untouched.
pub struct OutputDir {
    out: PathBuf,
    /// Beside the output folder: the pack, and for a first build the new folder.
    staging: PathBuf,
    pack_path: PathBuf,
    pack: Mutex<Pack>,
    /// No previous output: write a new folder and rename it into place.
    fresh: bool,
    old: HashMap<String, Entry>,
    /// Files present in the output folder now, with their sizes.
    existing: HashMap<String, u64>,
    /// Files in the output folder that rajat did not write (deleted with `--force`).
    foreign: Vec<String>,
    /// Every file of the new site, with its hash and size.
    emitted: Mutex<HashMap<String, (u64, u64)>>,
    committed: bool,
}

impl OutputDir {
    /// Opens `out` for a build. Refuses when it holds files rajat did not write,
    /// unless `force`, in which case those files will be deleted on commit.
    pub fn open(out: &Path, force: bool) -> Result<OutputDir> {
        let name = out.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_else(|| "public".into());
        let parent = out.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
        fs::create_dir_all(parent).map_err(|e| io_error(parent, "create", &e))?;
        let staging = parent.join(format!(".{name}.rajat-staging"));
        if staging.exists() {
            fs::remove_dir_all(&staging).map_err(|e| io_error(&staging, "remove the leftover staging folder", &e))?;
        }
        let pack_path = parent.join(format!(".{name}.rajat-pack"));
        let file = File::create(&pack_path).map_err(|e| io_error(&pack_path, "create", &e))?;

        let existing = list_files(out)?;
        let old = read_manifest(out);
        let foreign: Vec<String> = {
            let mut f: Vec<String> =
                existing.keys().filter(|p| *p != MANIFEST && !old.contains_key(*p)).cloned().collect();
            f.sort();
            f
        };
        if !foreign.is_empty() && !force {
            let _ = fs::remove_file(&pack_path);
            let mut list: Vec<String> = foreign.iter().take(10).map(|f| format!("`{f}`")).collect();
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
        Ok(OutputDir {
            out: out.to_path_buf(),
            staging,
            pack_path,
            pack: Mutex::new(Pack { file, len: 0, files: Vec::new() }),
            fresh: existing.is_empty(),
            old,
            existing,
            foreign,
            emitted: Mutex::new(HashMap::new()),
            committed: false,
        })
    }

    /// Makes the staged site the output: writes new and changed files, deletes
    /// files the site no longer has, and records the new manifest.
    pub fn commit(mut self) -> Result<Stats> {
        let emitted = std::mem::take(&mut *self.emitted.lock().unwrap_or_else(|e| e.into_inner()));
        let staged = std::mem::take(&mut self.pack.lock().unwrap_or_else(|e| e.into_inner()).files);
        let mut stats = Stats { files: emitted.len(), written: staged.len(), removed: 0 };
        let pack = File::open(&self.pack_path).map_err(|e| io_error(&self.pack_path, "read", &e))?;
        if self.fresh {
            fs::create_dir(&self.staging).map_err(|e| io_error(&self.staging, "create", &e))?;
            unpack(&pack, &self.staging, &staged)?;
            write_manifest(&self.staging, &emitted.iter().map(|(p, e)| (p.clone(), Some(*e))).collect())?;
            if self.out.exists() {
                fs::remove_dir(&self.out).map_err(|e| io_error(&self.out, "replace", &e))?;
            }
            fs::rename(&self.staging, &self.out).map_err(|e| io_error(&self.out, "move the new site into", &e))?;
            self.committed = true;
            let _ = fs::remove_file(&self.pack_path);
            return Ok(stats);
        }
        let stale: Vec<String> =
            self.old.keys().chain(self.foreign.iter()).filter(|p| !emitted.contains_key(*p)).cloned().collect();
        // Journal: while files change, the ones being rewritten or removed have no known content.
        let mut journal: HashMap<String, Entry> = self.old.clone();
        for path in staged.iter().map(|(p, ..)| p).chain(stale.iter()) {
            journal.insert(path.clone(), None);
        }
        write_manifest(&self.out, &journal)?;
        unpack(&pack, &self.out, &staged)?;
        for path in &stale {
            let target = self.out.join(path);
            match fs::remove_file(&target) {
                Ok(()) => stats.removed += 1,
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => return Err(io_error(&target, "remove", &e).into()),
            }
            remove_empty_parents(&self.out, &target);
        }
        write_manifest(&self.out, &emitted.iter().map(|(p, e)| (p.clone(), Some(*e))).collect())?;
        self.committed = true;
        let _ = fs::remove_file(&self.pack_path);
        Ok(stats)
    }

    /// Whether the file at `path` already holds exactly these bytes.
    fn unchanged(&self, path: &str, hash: u64, size: u64) -> bool {
        !self.fresh && self.old.get(path) == Some(&Some((hash, size))) && self.existing.get(path) == Some(&size)
    }
}

/// Writes the packed files under `dir`, in parallel: an existing file is
/// overwritten in place (same inode), a missing one created.
fn unpack(pack: &File, dir: &Path, files: &[(String, u64, u64)]) -> Result<()> {
    let problems: Vec<Diagnostic> = files
        .par_iter()
        .filter_map(|(path, offset, len)| {
            let target = dir.join(path);
            let write = || -> std::io::Result<()> {
                let mut bytes = vec![0; *len as usize];
                read_at(pack, &mut bytes, *offset)?;
                // Not truncated first: overwriting the same blocks spares the
                // file system freeing and finding them again; the tail is cut after.
                #[allow(clippy::suspicious_open_options)] // on purpose, see above
                let open = || fs::OpenOptions::new().write(true).create(true).open(&target);
                // Usually the folder is there; clear the way only when it is not.
                let mut file = match open() {
                    Ok(f) => f,
                    Err(_) => {
                        make_room(dir, &target)?;
                        open()?
                    }
                };
                file.write_all(&bytes)?;
                if file.metadata()?.len() > *len {
                    file.set_len(*len)?;
                }
                Ok(())
            };
            write().err().map(|e| io_error(&target, "write", &e))
        })
        .collect();
    match problems.into_iter().next() {
        Some(d) => Err(d.into()),
        None => Ok(()),
    }
}

#[cfg(unix)]
fn read_at(file: &File, buf: &mut [u8], offset: u64) -> std::io::Result<()> {
    std::os::unix::fs::FileExt::read_exact_at(file, buf, offset)
}

#[cfg(windows)]
fn read_at(file: &File, buf: &mut [u8], offset: u64) -> std::io::Result<()> {
    let mut done = 0;
    while done < buf.len() {
        let n = std::os::windows::fs::FileExt::seek_read(file, &mut buf[done..], offset + done as u64)?;
        if n == 0 {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
        done += n;
    }
    Ok(())
}

impl Output for OutputDir {
    fn put(&self, path: &str, bytes: Vec<u8>) -> Result<(), Diagnostic> {
        if path.split('/').any(|p| p.is_empty() || p == "." || p == "..") || path == MANIFEST {
            return Err(Diagnostic::error(format!(
                "refusing to write to `{path}`: not a path inside the output folder"
            )));
        }
        let hash = xxhash_rust::xxh3::xxh3_64(&bytes);
        let size = bytes.len() as u64;
        {
            let mut emitted = self.emitted.lock().unwrap_or_else(|e| e.into_inner());
            if emitted.insert(path.to_string(), (hash, size)).is_some() {
                return Err(Diagnostic::error(format!("two files of the site would both be written to `{path}`"))
                    .hint("a file in content/ and one in static/ share this address; rename one of them"));
            }
        }
        if self.unchanged(path, hash, size) {
            return Ok(());
        }
        let mut pack = self.pack.lock().unwrap_or_else(|e| e.into_inner());
        pack.file.write_all(&bytes).map_err(|e| io_error(&self.pack_path, "write", &e))?;
        let offset = pack.len;
        pack.len += size;
        pack.files.push((path.to_string(), offset, size));
        Ok(())
    }
}

impl Drop for OutputDir {
    fn drop(&mut self) {
        let _ = fs::remove_file(&self.pack_path);
        if !self.committed {
            let _ = fs::remove_dir_all(&self.staging);
        }
    }
}

/// Every file under `dir` (relative, `/`-separated) with its size; empty if `dir` does not exist.
fn list_files(dir: &Path) -> Result<HashMap<String, u64>> {
    let files = HashMap::new();
    if !dir.exists() {
        return Ok(files);
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
            let name = entry.file_name().to_string_lossy().into_owned();
            let child = if rel.is_empty() { name } else { format!("{rel}/{name}") };
            match entry.file_type() {
                Ok(t) if t.is_dir() => list_folder(base, child),
                _ => Ok(vec![(child, entry.metadata().map_or(u64::MAX, |m| m.len()))]),
            }
        })
        .collect::<Result<_, _>>()?;
    Ok(nested.into_iter().flatten().collect())
}

fn read_manifest(out: &Path) -> HashMap<String, Entry> {
    let mut entries = HashMap::new();
    let Ok(text) = fs::read_to_string(out.join(MANIFEST)) else {
        return entries;
    };
    let mut lines = text.lines();
    if lines.next() != Some(MANIFEST_HEADER) {
        return entries;
    }
    for line in lines {
        let mut parts = line.splitn(3, ' ');
        let (Some(hash), Some(size), Some(path)) = (parts.next(), parts.next(), parts.next()) else {
            continue;
        };
        let entry = match (u64::from_str_radix(hash, 16), size.parse()) {
            (Ok(h), Ok(s)) => Some((h, s)),
            _ => None,
        };
        entries.insert(path.to_string(), entry);
    }
    entries
}

fn write_manifest(dir: &Path, entries: &HashMap<String, Entry>) -> Result<()> {
    let mut paths: Vec<&String> = entries.keys().collect();
    paths.sort();
    let mut text = String::with_capacity(entries.len() * 64);
    text.push_str(MANIFEST_HEADER);
    text.push('\n');
    for path in paths {
        match entries[path] {
            Some((hash, size)) => text.push_str(&format!("{hash:016x} {size} {path}\n")),
            None => text.push_str(&format!("- - {path}\n")),
        }
    }
    let tmp = dir.join(format!("{MANIFEST}.tmp"));
    fs::write(&tmp, text).map_err(|e| io_error(&tmp, "write", &e))?;
    fs::rename(&tmp, dir.join(MANIFEST)).map_err(|e| io_error(&dir.join(MANIFEST), "write", &e))?;
    Ok(())
}

/// Clears the way for a file at `target`: creates its folders, replacing any
/// file that stands where a folder must go, or a folder where the file goes.
fn make_room(out: &Path, target: &Path) -> std::io::Result<()> {
    let mut dir = out.to_path_buf();
    if let Ok(rel) = target.strip_prefix(out) {
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

fn remove_empty_parents(out: &Path, file: &Path) {
    let mut dir = file.parent();
    while let Some(d) = dir {
        if d == out || fs::remove_dir(d).is_err() {
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

    #[test]
    fn unchanged_files_are_not_rewritten_and_stale_ones_go() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let s = build(&out, &[("index.html", "a"), ("x/index.html", "b")], false).unwrap();
        assert_eq!((s.files, s.written, s.removed), (2, 2, 0));
        let s = build(&out, &[("index.html", "a"), ("y/index.html", "c")], false).unwrap();
        assert_eq!((s.files, s.written, s.removed), (2, 1, 1));
        assert!(!out.join("x").exists(), "empty folders of removed pages go too");
        assert_eq!(fs::read_to_string(out.join("y/index.html")).unwrap(), "c");
        assert!(!tmp.path().join(".public.rajat-staging").exists());
    }

    #[test]
    fn a_build_that_is_not_committed_changes_nothing() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        build(&out, &[("index.html", "old")], false).unwrap();
        {
            let dir = OutputDir::open(&out, false).unwrap();
            dir.put("index.html", b"new".to_vec()).unwrap();
        }
        assert_eq!(fs::read_to_string(out.join("index.html")).unwrap(), "old");
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
    }

    #[test]
    fn a_deleted_output_file_is_written_again() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        build(&out, &[("index.html", "a")], false).unwrap();
        fs::remove_file(out.join("index.html")).unwrap();
        let s = build(&out, &[("index.html", "a")], false).unwrap();
        assert_eq!(s.written, 1);
        assert!(out.join("index.html").exists());
    }
}

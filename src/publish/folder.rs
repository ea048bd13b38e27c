//! Publishing to a folder: a mounted share, or another disk.

use std::collections::{HashMap, HashSet};
use std::fs;
use std::io::ErrorKind;
use std::path::{Path, PathBuf};

use super::record::{Entry, part_name};
use super::{Failure, Progress, Remote, Source, Upload, explain};
use crate::error::Diagnostic;

/// A folder being published to.
pub struct Folder {
    root: PathBuf,
    shown: String,
}

impl Folder {
    /// The folder `dir`, which must not be the site's output folder or hold
    /// the site's sources: `--delete-unknown` there would delete them.
    pub fn open(dir: &Path, out: &Path, site_root: &Path) -> Result<Folder, Diagnostic> {
        let (target, output) = (crate::config::absolute(dir), crate::config::absolute(out));
        let why = if target.starts_with(&output) || output.starts_with(&target) {
            Some("it is, holds or lies inside the output folder the site is built into".to_string())
        } else {
            crate::config::check_output_location(site_root, dir).err()
        };
        if let Some(why) = why {
            return Err(Diagnostic::error(format!("rajat cannot publish to `{}`: {why}", dir.display()))
                .hint("publish to a folder of its own, outside the site's folder, such as `/mnt/share/opas`"));
        }
        if target.exists() && !target.is_dir() {
            return Err(Diagnostic::error(format!("`{}` is a file, not a folder", dir.display()))
                .hint("name the folder to publish into"));
        }
        Ok(Folder { shown: format!("{}/", dir.display().to_string().trim_end_matches('/')), root: dir.to_path_buf() })
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.root.join(rel)
    }

    fn fail(&self, action: &str, rel: &str, local: Option<&Path>, e: &std::io::Error) -> Diagnostic {
        let failure = match e.kind() {
            ErrorKind::PermissionDenied | ErrorKind::ReadOnlyFilesystem => Failure::Denied,
            ErrorKind::NotFound => Failure::Missing,
            ErrorKind::StorageFull | ErrorKind::QuotaExceeded => Failure::Full,
            ErrorKind::AlreadyExists => Failure::InTheWay,
            _ => Failure::Other,
        };
        explain(failure, action, &self.path(rel).display().to_string(), local, &e.to_string(), &self.shown)
    }

    /// Writes `bytes` under the temporary name of `rel`, then puts it in place:
    /// over the old file when `replace`, else only where no file is.
    fn put(&self, rel: &str, bytes: &[u8], replace: bool, local: Option<&Path>) -> Result<(), Diagnostic> {
        let target = self.path(rel);
        let part = self.path(&part_name(rel));
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent).map_err(|e| self.fail("create the folder for", rel, local, &e))?;
        }
        fs::write(&part, bytes).map_err(|e| {
            let _ = fs::remove_file(&part);
            self.fail("write", &part_name(rel), local, &e)
        })?;
        if replace {
            // One step: a reader opens the old file or the new one.
            return fs::rename(&part, &target).map_err(|e| self.fail("rename into", rel, local, &e));
        }
        // A new file must not replace one someone else put there: a hard link
        // fails if the name is taken, in the same one step.
        match fs::hard_link(&part, &target) {
            Ok(()) => fs::remove_file(&part).map_err(|e| self.fail("remove", &part_name(rel), local, &e)),
            Err(e) if e.kind() == ErrorKind::AlreadyExists => {
                let _ = fs::remove_file(&part);
                Err(self.fail("write", rel, local, &e))
            }
            // A file system without hard links (some shares): look, then rename.
            Err(_) if fs::symlink_metadata(&target).is_ok() => {
                let _ = fs::remove_file(&part);
                Err(self.fail("write", rel, local, &std::io::Error::from(ErrorKind::AlreadyExists)))
            }
            Err(_) => fs::rename(&part, &target).map_err(|e| self.fail("rename into", rel, local, &e)),
        }
    }
}

impl Remote for Folder {
    fn read(&mut self, rel: &str) -> Result<Option<Vec<u8>>, Diagnostic> {
        match fs::read(self.path(rel)) {
            Ok(bytes) => Ok(Some(bytes)),
            Err(e) if e.kind() == ErrorKind::NotFound => Ok(None),
            Err(e) => Err(self.fail("read", rel, None, &e)),
        }
    }

    fn hashes(&mut self, paths: &[String]) -> Result<HashMap<String, Entry>, Diagnostic> {
        let mut hashes = HashMap::new();
        for path in paths {
            if let Some(bytes) = self.read(path)? {
                hashes.insert(path.clone(), crate::output::entry_of(&bytes));
            }
        }
        Ok(hashes)
    }

    fn absent(&mut self, paths: &[String]) -> Result<HashSet<String>, Diagnostic> {
        Ok(paths.iter().filter(|p| fs::symlink_metadata(self.path(p)).is_err()).cloned().collect())
    }

    fn list(&mut self) -> Result<HashMap<String, u64>, Diagnostic> {
        let mut files = HashMap::new();
        if !self.root.is_dir() {
            return Ok(files);
        }
        for entry in walkdir::WalkDir::new(&self.root).min_depth(1) {
            let entry = entry.map_err(|e| {
                let io = e.into_io_error().unwrap_or_else(|| std::io::Error::other("a folder changed while listed"));
                self.fail("list", "", None, &io)
            })?;
            if entry.file_type().is_dir() {
                continue;
            }
            let Ok(rel) = entry.path().strip_prefix(&self.root) else { continue };
            let Some(rel) = rel.to_str() else { continue };
            let size = entry.metadata().map_or(u64::MAX, |m| m.len());
            files.insert(rel.replace('\\', "/"), size);
        }
        Ok(files)
    }

    fn make_root(&mut self) -> Result<(), Diagnostic> {
        match fs::create_dir(&self.root) {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == ErrorKind::AlreadyExists && self.root.is_dir() => Ok(()),
            Err(e) => Err(self.fail("create the folder", "", None, &e)),
        }
    }

    fn free_space(&mut self) -> Option<u64> {
        free_space(&self.root)
    }

    fn send(&mut self, files: &[Upload], source: &Source, progress: &dyn Progress) -> Result<(), Diagnostic> {
        for upload in files {
            progress.sending(&upload.path);
            let bytes = source.bytes(upload)?;
            let local = source.out.join(&upload.path);
            self.put(&upload.path, &bytes, upload.replace, Some(&local))?;
            progress.sent(&upload.path, bytes.len() as u64);
        }
        Ok(())
    }

    fn write_own(&mut self, rel: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
        self.put(rel, bytes, true, None)
    }

    fn remove(&mut self, paths: &[String], progress: &dyn Progress) -> Result<(), Diagnostic> {
        for rel in paths {
            progress.deleting(rel);
            match fs::remove_file(self.path(rel)) {
                Ok(()) => {}
                Err(e) if e.kind() == ErrorKind::NotFound => {}
                Err(e) => return Err(self.fail("delete", rel, None, &e)),
            }
        }
        // The folders the deleted files leave empty, deepest first.
        let mut folders: Vec<&str> = paths.iter().flat_map(|p| ancestors(p)).collect();
        folders.sort_by_key(|f| std::cmp::Reverse((f.matches('/').count(), *f)));
        folders.dedup();
        for folder in folders {
            let _ = fs::remove_dir(self.path(folder));
        }
        Ok(())
    }
}

/// The folders above `path` inside the destination: `a/b/c.html` → `a/b`, `a`.
pub(crate) fn ancestors(path: &str) -> impl Iterator<Item = &str> {
    let mut rest = path;
    std::iter::from_fn(move || {
        let (parent, _) = rest.rsplit_once('/')?;
        rest = parent;
        Some(parent)
    })
}

#[cfg(unix)]
fn free_space(dir: &Path) -> Option<u64> {
    use std::os::unix::ffi::OsStrExt;
    let existing = dir.ancestors().find(|d| d.is_dir())?;
    let path = std::ffi::CString::new(existing.as_os_str().as_bytes()).ok()?;
    let mut stats: libc::statvfs = unsafe { std::mem::zeroed() };
    // SAFETY: a NUL-terminated path and a statvfs the call fills in.
    if unsafe { libc::statvfs(path.as_ptr(), &mut stats) } != 0 {
        return None;
    }
    #[allow(clippy::unnecessary_cast)] // the fields' types differ between systems
    Some(stats.f_bavail as u64 * stats.f_frsize as u64)
}

#[cfg(not(unix))]
fn free_space(_: &Path) -> Option<u64> {
    None
}

#[cfg(test)]
mod tests {
    #[test]
    fn ancestors_go_up_to_the_destination() {
        assert_eq!(super::ancestors("a/b/c.html").collect::<Vec<_>>(), ["a/b", "a"]);
        assert_eq!(super::ancestors("c.html").count(), 0);
    }
}

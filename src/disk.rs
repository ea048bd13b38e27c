//! The site's files on disk, read without ever following a symbolic link.
//!
//! One rule, the same for `build`, `serve`, `check` and the file watcher:
//! rajat never follows a symbolic link inside the site (`site.yaml`,
//! `content/`, `templates/`, `static/`, `themes/`). A link is left out, with
//! a warning naming it. So nothing outside the site root can be published or
//! served, whatever appears on disk while `serve` runs, and a link loop
//! cannot make the site grow. The site root itself may be a link.
//!
//! On Linux a file is opened with `openat2(RESOLVE_NO_SYMLINKS |
//! RESOLVE_BENEATH)` from the site root, so the kernel refuses a link in any
//! part of the path, and no link swapped in between a check and the open can
//! slip through. Elsewhere every part of the path is checked first.

use std::fs::File;
use std::io::Read as _;
use std::path::{Component, Path, PathBuf};

use crate::error::Diagnostic;

/// What is at a path of the site.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A regular file, reached without a link.
    File,
    /// A folder, reached without a link.
    Folder,
    /// A symbolic link, or a path through one.
    Link,
    /// Nothing.
    Missing,
}

/// What is at `rel` (relative to `root`), without following links.
pub fn kind(root: &Path, rel: &Path) -> Kind {
    let mut path = root.to_path_buf();
    let parts: Vec<Component> = rel.components().filter(|c| matches!(c, Component::Normal(_))).collect();
    for (i, part) in parts.iter().enumerate() {
        path.push(part);
        match std::fs::symlink_metadata(&path) {
            Ok(m) if m.file_type().is_symlink() => return Kind::Link,
            Ok(m) if i + 1 == parts.len() => return if m.is_dir() { Kind::Folder } else { Kind::File },
            Ok(m) if m.is_dir() => {}
            Ok(_) | Err(_) => return Kind::Missing,
        }
    }
    if parts.is_empty() { Kind::Folder } else { Kind::Missing }
}

/// Reads the file at `rel` (relative to `root`), refusing a symbolic link in
/// any part of the path with an error of kind [`std::io::ErrorKind::InvalidInput`].
pub fn read(root: &Path, rel: &Path) -> std::io::Result<Vec<u8>> {
    Root::open(root)?.read(rel)
}

/// The site root, held open for reading many of its files: each read is then
/// one open, one size and one read of the file, and its close.
#[derive(Debug)]
pub struct Root {
    path: PathBuf,
    #[cfg(target_os = "linux")]
    dir: File,
}

impl Root {
    /// Opens the site root.
    pub fn open(path: &Path) -> std::io::Result<Root> {
        Ok(Root {
            path: path.to_path_buf(),
            #[cfg(target_os = "linux")]
            dir: File::open(path)?,
        })
    }

    /// Reads the file at `rel`, never through a link (see [`read`]).
    pub fn read(&self, rel: &Path) -> std::io::Result<Vec<u8>> {
        let mut file = self.open_file(rel)?;
        // The size says how much to read: one read, and no second one to find the end.
        let size = file.metadata()?.len() as usize;
        let mut bytes = vec![0; size];
        let mut filled = 0;
        while filled < size {
            match file.read(&mut bytes[filled..]) {
                Ok(0) => break,
                Ok(n) => filled += n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
        bytes.truncate(filled);
        Ok(bytes)
    }

    #[cfg(target_os = "linux")]
    fn open_file(&self, rel: &Path) -> std::io::Result<File> {
        use std::os::fd::{AsRawFd, FromRawFd};
        use std::os::unix::ffi::OsStrExt;
        let rel_c = std::ffi::CString::new(rel.as_os_str().as_bytes())?;
        // SAFETY: open_how is plain data; zeroed is a valid value, then filled in.
        let mut how: libc::open_how = unsafe { std::mem::zeroed() };
        how.flags = (libc::O_RDONLY | libc::O_CLOEXEC) as u64;
        how.resolve = libc::RESOLVE_NO_SYMLINKS | libc::RESOLVE_BENEATH;
        // SAFETY: the descriptor and the path outlive the call; `how` is the size passed.
        let fd = unsafe {
            libc::syscall(
                libc::SYS_openat2,
                self.dir.as_raw_fd(),
                rel_c.as_ptr(),
                &how as *const libc::open_how,
                std::mem::size_of::<libc::open_how>(),
            )
        };
        if fd >= 0 {
            // SAFETY: the kernel gave us this new descriptor; the File owns it from here.
            return Ok(unsafe { File::from_raw_fd(fd as i32) });
        }
        let err = std::io::Error::last_os_error();
        match err.raw_os_error() {
            Some(libc::ELOOP) | Some(libc::EXDEV) => Err(through_a_link()),
            // A kernel before 5.6 (or a sandbox) without openat2: check each part instead.
            Some(libc::ENOSYS) | Some(libc::EPERM) => open_checked(&self.path, rel),
            _ => Err(err),
        }
    }

    #[cfg(not(target_os = "linux"))]
    fn open_file(&self, rel: &Path) -> std::io::Result<File> {
        open_checked(&self.path, rel)
    }
}

/// The error for a path that goes through a link.
fn through_a_link() -> std::io::Error {
    std::io::Error::new(std::io::ErrorKind::InvalidInput, "it is a symbolic link, or inside one")
}

/// Opens after checking every part of the path: for systems without openat2.
fn open_checked(root: &Path, rel: &Path) -> std::io::Result<File> {
    match kind(root, rel) {
        Kind::File => File::open(root.join(rel)),
        Kind::Link => Err(through_a_link()),
        Kind::Folder => Err(std::io::Error::new(std::io::ErrorKind::IsADirectory, "it is a folder")),
        Kind::Missing => Err(std::io::ErrorKind::NotFound.into()),
    }
}

/// Whether an error from [`read`] means the path goes through a link.
pub fn is_link(err: &std::io::Error) -> bool {
    err.kind() == std::io::ErrorKind::InvalidInput
}

/// The warning for a link found at `path` (relative to the site root).
pub fn link_warning(path: &Path) -> Diagnostic {
    Diagnostic::warning(format!("`{}` is a symbolic link, which rajat does not follow", path.display()))
        .in_file(path)
        .hint("copy what it points to into the site; rajat never reads through links, so that nothing outside the site is published and serve shows what build writes")
}

/// The problem for a name that is not UTF-8, at `path` (relative to the site root).
pub fn name_warning(path: &Path) -> Diagnostic {
    Diagnostic::error(format!("the name of `{}` is not UTF-8", path.display()))
        .in_file(path.parent().map_or_else(PathBuf::new, Path::to_path_buf))
        .hint("rename the file using letters your system saves as UTF-8; its address on the web could not be written")
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;

    #[test]
    fn links_are_never_followed() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("site");
        std::fs::create_dir_all(root.join("content/real")).unwrap();
        std::fs::write(root.join("content/real/a.md"), "inside").unwrap();
        std::fs::write(tmp.path().join("secret"), "outside").unwrap();
        symlink(tmp.path().join("secret"), root.join("content/leak.txt")).unwrap();
        symlink(tmp.path(), root.join("content/outside")).unwrap();
        symlink("real", root.join("content/alias")).unwrap();
        assert_eq!(read(&root, Path::new("content/real/a.md")).unwrap(), b"inside");
        for rel in ["content/leak.txt", "content/outside/secret", "content/alias/a.md"] {
            let err = read(&root, Path::new(rel)).unwrap_err();
            assert!(is_link(&err), "{rel}: {err}");
            assert_eq!(kind(&root, Path::new(rel)), Kind::Link, "{rel}");
        }
        assert_eq!(kind(&root, Path::new("content/real")), Kind::Folder);
        assert_eq!(kind(&root, Path::new("content/nothing")), Kind::Missing);
        assert_eq!(
            open_checked(&root, Path::new("content/leak.txt")).map(|_| ()).unwrap_err().kind(),
            std::io::ErrorKind::InvalidInput
        );
    }
}

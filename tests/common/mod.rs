//! Helpers shared by the integration tests: fixture sites in temporary
//! folders, running the real `rajat` binary, and comparing output folders.
#![allow(dead_code)] // each test file uses a different subset

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A copy of a fixture site in a temporary folder, deleted on drop.
pub struct Site {
    pub dir: tempfile::TempDir,
}

impl Site {
    /// Copies `tests/fixtures/<name>` into a fresh temporary folder.
    pub fn fixture(name: &str) -> Site {
        let dir = tempfile::tempdir().expect("temp dir");
        copy_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name), dir.path());
        Site { dir }
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    pub fn write(&self, rel: &str, contents: impl AsRef<[u8]>) {
        let path = self.path(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, contents).unwrap();
    }

    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.path(rel)).unwrap_or_else(|e| panic!("read {rel}: {e}"))
    }

    /// Replaces the first occurrence of `from` in a file; panics if absent so a
    /// test never silently mutates nothing.
    pub fn replace(&self, rel: &str, from: &str, to: &str) {
        let text = self.read(rel);
        assert!(text.contains(from), "`{from}` not found in {rel}");
        self.write(rel, text.replacen(from, to, 1));
    }

    /// Runs `rajat <args> --root <site>`.
    pub fn rajat(&self, args: &[&str]) -> Run {
        let mut all: Vec<&str> = args.to_vec();
        let root = self.root().to_str().unwrap().to_string();
        all.extend(["--root", &root]);
        rajat(&all, self.root())
    }
}

/// The result of running the binary.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    #[track_caller]
    pub fn ok(&self) -> &Run {
        assert_eq!(self.code, 0, "rajat failed:\nstdout: {}\nstderr: {}", self.stdout, self.stderr);
        self
    }
}

/// Runs the `rajat` binary built for these tests, in `cwd`, with colours off.
pub fn rajat(args: &[&str], cwd: &Path) -> Run {
    let Output { status, stdout, stderr } = Command::new(env!("CARGO_BIN_EXE_rajat"))
        .args(args)
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .output()
        .expect("run rajat");
    Run {
        code: status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&stdout).into_owned(),
        stderr: String::from_utf8_lossy(&stderr).into_owned(),
    }
}

pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Every file under `dir` with its bytes, keyed by relative path.
pub fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    if !dir.exists() {
        return files;
    }
    for entry in walkdir::WalkDir::new(dir).min_depth(1) {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            let rel = entry.path().strip_prefix(dir).unwrap().to_string_lossy().replace('\\', "/");
            files.insert(rel, std::fs::read(entry.path()).unwrap());
        }
    }
    files
}

/// The values of every `href="…"` and `src="…"` attribute in an HTML page.
pub fn links(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    for attr in ["href=\"", "src=\""] {
        let mut rest = html;
        while let Some(i) = rest.find(attr) {
            rest = &rest[i + attr.len()..];
            if let Some(end) = rest.find('"') {
                out.push(rest[..end].replace("&amp;", "&"));
            }
        }
    }
    out
}

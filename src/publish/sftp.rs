//! Publishing over SFTP: a web hotel or a server, reached over SSH.
//!
//! Requests are pipelined: up to [`IN_FLIGHT`] files of a group are on
//! their way at once, and each file's pieces go without waiting for one
//! another, so a far-away host costs round trips per group, not per file.

use std::collections::{HashMap, HashSet};

use futures_util::StreamExt;
use futures_util::stream;
use russh_sftp::client::RawSftpSession;
use russh_sftp::client::error::Error as SftpError;
use russh_sftp::protocol::{FileAttributes, OpenFlags, StatusCode};

use super::folder::ancestors;
use super::record::{Entry, part_name};
use super::ssh::{Session, SshOptions};
use super::{Failure, Progress, Remote, Source, Upload, explain};
use crate::error::Diagnostic;

/// Files sent side by side.
const IN_FLIGHT: usize = 16;
/// Pieces of one file on their way at once: with [`IN_FLIGHT`] files, at
/// most 4 MiB waits for an answer, which a slow uplink sends well within
/// the time a request may take.
const PIECES_IN_FLIGHT: usize = 8;
/// The size of one write request: what every SFTP server accepts.
const PIECE: usize = 32 * 1024;
/// OpenSSH's rename that replaces its target in one step (`rename(2)`);
/// the standard SFTP rename refuses to replace a file.
const POSIX_RENAME: &str = "posix-rename@openssh.com";

/// A folder on an SFTP server, being published to.
pub struct Sftp {
    runtime: tokio::runtime::Runtime,
    // Kept open for as long as the SFTP session runs on it.
    _ssh: Session,
    sftp: RawSftpSession,
    /// The destination's folder, absolute, without a trailing `/` (but for the root itself).
    root: String,
    /// The destination as the user wrote it, for messages.
    shown: String,
    posix_rename: bool,
    statvfs: bool,
}

impl Sftp {
    /// Connects, logs in, and starts SFTP in `path` (relative to the login
    /// folder unless it starts with `/`).
    pub fn connect(
        host: &str,
        port: u16,
        user: &str,
        path: &str,
        shown: &str,
        options: &SshOptions,
    ) -> Result<Sftp, Diagnostic> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| Diagnostic::error(format!("could not start the network runtime: {e}")))?;
        let lost = |what: &str, e: &dyn std::fmt::Display| {
            Diagnostic::error(format!("{shown}: could not {what}: {e}"))
                .hint("check that the host offers SFTP (your host's instructions say so), and publish again")
        };
        let (ssh, sftp, version) = runtime.block_on(async {
            let ssh = super::ssh::connect(host, port, user, options).await?;
            let channel = ssh.handle.channel_open_session().await.map_err(|e| lost("open a channel", &e))?;
            channel.request_subsystem(true, "sftp").await.map_err(|e| lost("start SFTP", &e))?;
            let config = russh_sftp::client::Config { request_timeout_secs: 120, ..Default::default() };
            let sftp = RawSftpSession::new_with_config(channel.into_stream(), config);
            let version = sftp.init().await.map_err(|e| lost("start SFTP", &e))?;
            Ok::<_, Diagnostic>((ssh, sftp, version))
        })?;
        let has = |name: &str| version.extensions.contains_key(name);
        let (posix_rename, statvfs) = (has(POSIX_RENAME), has("statvfs@openssh.com"));
        let root = if path.starts_with('/') {
            path.to_string()
        } else {
            let home = runtime.block_on(sftp.realpath(".")).map_err(|e| lost("find the folder you log in to", &e))?;
            let home = home.files.first().map(|f| f.filename.clone()).unwrap_or_default();
            let home = home.trim_end_matches('/');
            if path.is_empty() {
                if home.is_empty() { "/".into() } else { home.to_string() }
            } else {
                format!("{home}/{path}")
            }
        };
        Ok(Sftp { runtime, _ssh: ssh, sftp, root, shown: shown.to_string(), posix_rename, statvfs })
    }

    /// The absolute remote path of `rel`.
    fn full(&self, rel: &str) -> String {
        match (self.root.as_str(), rel) {
            (root, "") => root.to_string(),
            ("/", rel) => format!("/{rel}"),
            (root, rel) => format!("{root}/{rel}"),
        }
    }

    fn fail(&self, action: &str, rel: &str, local: Option<&std::path::Path>, e: &SftpError) -> Diagnostic {
        explain(kind(e), action, &self.full(rel), local, &e.to_string(), &self.shown)
    }
}

/// What a failed request means for a person.
fn kind(e: &SftpError) -> Failure {
    match e {
        SftpError::Status(status) => match status.status_code {
            StatusCode::PermissionDenied => Failure::Denied,
            StatusCode::NoSuchFile => Failure::Missing,
            StatusCode::ConnectionLost | StatusCode::NoConnection => Failure::Lost,
            _ => Failure::Other,
        },
        SftpError::IO(_) | SftpError::Timeout => Failure::Lost,
        SftpError::UnexpectedBehavior(text) if text.contains("closed") || text.contains("dropped") => Failure::Lost,
        _ => Failure::Other,
    }
}

fn is_status(e: &SftpError, code: StatusCode) -> bool {
    matches!(e, SftpError::Status(s) if s.status_code == code)
}

/// Two strings as an SFTP request's data: each its length, then its bytes.
fn two_strings(a: &str, b: &str) -> Vec<u8> {
    let mut data = Vec::with_capacity(8 + a.len() + b.len());
    for s in [a, b] {
        data.extend_from_slice(&(s.len() as u32).to_be_bytes());
        data.extend_from_slice(s.as_bytes());
    }
    data
}

impl Sftp {
    /// Reads a whole file; `None` when there is none.
    async fn read_file(&self, rel: &str) -> Result<Option<Vec<u8>>, Diagnostic> {
        let path = self.full(rel);
        let handle = match self.sftp.open(path.as_str(), OpenFlags::READ, FileAttributes::empty()).await {
            Ok(h) => h.handle,
            Err(e) if is_status(&e, StatusCode::NoSuchFile) => return Ok(None),
            Err(e) => return Err(self.fail("read", rel, None, &e)),
        };
        let mut bytes = Vec::new();
        loop {
            match self.sftp.read(handle.as_str(), bytes.len() as u64, PIECE as u32).await {
                Ok(data) if data.data.is_empty() => break,
                Ok(data) => bytes.extend_from_slice(&data.data),
                Err(e) if is_status(&e, StatusCode::Eof) => break,
                Err(e) => return Err(self.fail("read", rel, None, &e)),
            }
        }
        let _ = self.sftp.close(handle).await;
        Ok(Some(bytes))
    }

    /// Makes every folder above `rel` that is missing, from the top down.
    async fn make_folders(&self, rel: &str, local: Option<&std::path::Path>) -> Result<(), Diagnostic> {
        let mut folders: Vec<&str> = ancestors(rel).collect();
        folders.reverse();
        for folder in folders {
            let path = self.full(folder);
            if let Err(e) = self.sftp.mkdir(path.as_str(), FileAttributes::empty()).await {
                // Already there (another file's task may just have made it) is fine.
                match self.sftp.stat(path.as_str()).await {
                    Ok(attrs) if attrs.attrs.is_dir() => {}
                    _ => return Err(self.fail("create the folder", folder, local, &e)),
                }
            }
        }
        Ok(())
    }

    /// Writes `bytes` under `rel`'s temporary name, then renames it into place.
    async fn put(
        &self,
        rel: &str,
        bytes: &[u8],
        replace: bool,
        local: Option<&std::path::Path>,
    ) -> Result<(), Diagnostic> {
        let part = part_name(rel);
        let part_path = self.full(&part);
        let flags = OpenFlags::WRITE | OpenFlags::CREATE | OpenFlags::TRUNCATE;
        let handle = match self.sftp.open(part_path.as_str(), flags, FileAttributes::empty()).await {
            Ok(h) => h.handle,
            Err(e) if is_status(&e, StatusCode::NoSuchFile) => {
                self.make_folders(rel, local).await?;
                self.sftp
                    .open(part_path.as_str(), flags, FileAttributes::empty())
                    .await
                    .map_err(|e| self.fail("write", &part, local, &e))?
                    .handle
            }
            Err(e) => return Err(self.fail("write", &part, local, &e)),
        };
        // Pieces go without waiting for one another; the server answers them in turn.
        let mut writes = stream::iter(bytes.chunks(PIECE).enumerate())
            .map(|(i, piece)| self.sftp.write(handle.as_str(), (i * PIECE) as u64, piece.to_vec()))
            .buffer_unordered(PIECES_IN_FLIGHT);
        let mut written = Ok(());
        while let Some(result) = writes.next().await {
            if let Err(e) = result {
                written = Err(e);
                break;
            }
        }
        drop(writes);
        let closed = self.sftp.close(handle).await;
        if let Err(e) = written.and(closed.map(drop)) {
            let _ = self.sftp.remove(part_path.as_str()).await;
            return Err(self.written_failure(&part, local, &e).await);
        }
        let target = self.full(rel);
        let renamed = if !replace {
            // A new file: the standard rename refuses to replace a file
            // someone else put there.
            match self.sftp.rename(part_path.as_str(), target.as_str()).await {
                Err(e) if self.sftp.lstat(target.as_str()).await.is_ok() => {
                    let _ = self.sftp.remove(part_path.as_str()).await;
                    let taken = explain(Failure::InTheWay, "write", &target, local, &e.to_string(), &self.shown);
                    return Err(taken);
                }
                other => other.map(drop),
            }
        } else if self.posix_rename {
            // Over the old file in one step: a reader gets the old file or the new one.
            self.sftp.extended(POSIX_RENAME, two_strings(&part_path, &target)).await.and_then(|reply| match reply {
                russh_sftp::protocol::Packet::Status(s) if s.status_code == StatusCode::Ok => Ok(()),
                russh_sftp::protocol::Packet::Status(s) => Err(SftpError::Status(s)),
                _ => Err(SftpError::UnexpectedPacket),
            })
        } else {
            // A server without posix-rename cannot replace a file in one step:
            // the old one is removed first, and for that moment a reader may
            // find no file. (Said once, as a warning, when publishing begins.)
            match self.sftp.remove(target.as_str()).await {
                Err(e) if !is_status(&e, StatusCode::NoSuchFile) => Err(e),
                _ => self.sftp.rename(part_path.as_str(), target.as_str()).await.map(drop),
            }
        };
        renamed.map_err(|e| self.fail("rename into", rel, local, &e))
    }

    /// A failed write, explained: SFTP says only "failure" for a full disk,
    /// so the free space is asked for when the server can tell it.
    async fn written_failure(&self, rel: &str, local: Option<&std::path::Path>, e: &SftpError) -> Diagnostic {
        if kind(e) == Failure::Other
            && self.statvfs
            && let Ok(stats) = self.sftp.statvfs(self.root.as_str()).await
            && stats.blocks_avail.saturating_mul(stats.fragment_size.max(1)) < 1 << 20
        {
            return explain(Failure::Full, "write", &self.full(rel), local, &e.to_string(), &self.shown);
        }
        self.fail("write", rel, local, e)
    }

    /// The files and folders directly in folder `rel`.
    async fn list_folder(&self, rel: String) -> Result<(Vec<(String, u64)>, Vec<String>), Diagnostic> {
        let path = self.full(&rel);
        let handle = match self.sftp.opendir(path.as_str()).await {
            Ok(h) => h.handle,
            Err(e) if is_status(&e, StatusCode::NoSuchFile) && rel.is_empty() => return Ok(Default::default()),
            Err(e) => return Err(self.fail("list", &rel, None, &e)),
        };
        let (mut files, mut folders) = (Vec::new(), Vec::new());
        loop {
            match self.sftp.readdir(handle.as_str()).await {
                Ok(name) => {
                    for entry in name.files {
                        if entry.filename == "." || entry.filename == ".." {
                            continue;
                        }
                        let child = if rel.is_empty() { entry.filename } else { format!("{rel}/{}", entry.filename) };
                        if entry.attrs.is_dir() {
                            folders.push(child);
                        } else {
                            files.push((child, entry.attrs.size.unwrap_or(u64::MAX)));
                        }
                    }
                }
                Err(e) if is_status(&e, StatusCode::Eof) => break,
                Err(e) => return Err(self.fail("list", &rel, None, &e)),
            }
        }
        let _ = self.sftp.close(handle).await;
        Ok((files, folders))
    }
}

impl Remote for Sftp {
    fn read(&mut self, rel: &str) -> Result<Option<Vec<u8>>, Diagnostic> {
        self.runtime.block_on(self.read_file(rel))
    }

    fn hashes(&mut self, paths: &[String]) -> Result<HashMap<String, Entry>, Diagnostic> {
        let this = &*self;
        this.runtime.block_on(async {
            let mut reads = stream::iter(paths)
                .map(|path| async move { (path, this.read_file(path).await) })
                .buffer_unordered(IN_FLIGHT);
            let mut hashes = HashMap::new();
            while let Some((path, read)) = reads.next().await {
                if let Some(bytes) = read? {
                    hashes.insert(path.clone(), crate::output::entry_of(&bytes));
                }
            }
            Ok(hashes)
        })
    }

    fn absent(&mut self, paths: &[String]) -> Result<HashSet<String>, Diagnostic> {
        let this = &*self;
        this.runtime.block_on(async {
            let mut looks = stream::iter(paths)
                .map(|path| async move { (path, this.sftp.lstat(this.full(path)).await) })
                .buffer_unordered(IN_FLIGHT);
            let mut absent = HashSet::new();
            while let Some((path, found)) = looks.next().await {
                match found {
                    Ok(_) => {}
                    Err(e) if is_status(&e, StatusCode::NoSuchFile) => {
                        absent.insert(path.clone());
                    }
                    Err(e) => return Err(this.fail("look at", path, None, &e)),
                }
            }
            Ok(absent)
        })
    }

    fn list(&mut self) -> Result<HashMap<String, u64>, Diagnostic> {
        let this = &*self;
        this.runtime.block_on(async {
            let mut files = HashMap::new();
            // A level of folders at a time, side by side.
            let mut level = vec![String::new()];
            while !level.is_empty() {
                let mut next = Vec::new();
                let mut lists = stream::iter(level).map(|folder| this.list_folder(folder)).buffer_unordered(IN_FLIGHT);
                while let Some(listed) = lists.next().await {
                    let (found, folders) = listed?;
                    files.extend(found);
                    next.extend(folders);
                }
                level = next;
            }
            Ok(files)
        })
    }

    fn make_root(&mut self) -> Result<(), Diagnostic> {
        let this = &*self;
        this.runtime.block_on(async {
            match this.sftp.stat(this.root.as_str()).await {
                Ok(attrs) if attrs.attrs.is_dir() => Ok(()),
                Ok(_) => Err(Diagnostic::error(format!("`{}` is a file, not a folder", this.root))
                    .hint("name a folder in the destination")),
                Err(_) => this
                    .sftp
                    .mkdir(this.root.as_str(), FileAttributes::empty())
                    .await
                    .map(drop)
                    .map_err(|e| this.fail("create the folder", "", None, &e)),
            }
        })
    }

    fn free_space(&mut self) -> Option<u64> {
        if !self.statvfs {
            return None;
        }
        let stats = self.runtime.block_on(self.sftp.statvfs(self.root.as_str())).ok()?;
        Some(stats.blocks_avail.saturating_mul(stats.fragment_size.max(1)))
    }

    fn send(&mut self, files: &[Upload], source: &Source, progress: &dyn Progress) -> Result<(), Diagnostic> {
        let this = &*self;
        this.runtime.block_on(async {
            let mut sends = stream::iter(files)
                .map(|upload| async move {
                    let bytes = source.bytes(upload)?;
                    progress.sending(&upload.path);
                    let local = source.out.join(&upload.path);
                    this.put(&upload.path, &bytes, upload.replace, Some(&local)).await?;
                    progress.sent(&upload.path, bytes.len() as u64);
                    Ok::<(), Diagnostic>(())
                })
                .buffer_unordered(IN_FLIGHT);
            while let Some(sent) = sends.next().await {
                sent?;
            }
            Ok(())
        })
    }

    fn write_own(&mut self, rel: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
        self.runtime.block_on(self.put(rel, bytes, true, None))
    }

    fn remove(&mut self, paths: &[String], progress: &dyn Progress) -> Result<(), Diagnostic> {
        let this = &*self;
        this.runtime.block_on(async {
            let mut removals = stream::iter(paths)
                .map(|rel| async move {
                    progress.deleting(rel);
                    match this.sftp.remove(this.full(rel)).await {
                        Err(e) if !is_status(&e, StatusCode::NoSuchFile) => Err(this.fail("delete", rel, None, &e)),
                        _ => Ok(()),
                    }
                })
                .buffer_unordered(IN_FLIGHT);
            while let Some(removed) = removals.next().await {
                removed?;
            }
            // The folders the deleted files leave empty, deepest first; a
            // folder that still holds something stays.
            let folders: HashSet<&str> = paths.iter().flat_map(|p| ancestors(p)).collect();
            let mut by_depth: Vec<&str> = folders.into_iter().collect();
            by_depth.sort_by_key(|f| std::cmp::Reverse(f.matches('/').count()));
            for depth in by_depth.chunk_by(|a, b| a.matches('/').count() == b.matches('/').count()) {
                let removals = depth.iter().map(|folder| this.sftp.rmdir(this.full(folder)));
                futures_util::future::join_all(removals).await;
            }
            Ok(())
        })
    }

    fn warnings(&self) -> Vec<Diagnostic> {
        if self.posix_rename {
            return Vec::new();
        }
        let mut warning = Diagnostic::error(format!(
            "{} cannot replace a file in one step (its SFTP server lacks `{POSIX_RENAME}`): while a changed file is put in place, a reader may briefly find it missing",
            self.shown
        ))
        .hint("new files and the order of sending still keep every page's links working");
        warning.level = crate::error::Level::Warning;
        vec![warning]
    }
}

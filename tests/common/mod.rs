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
    rajat_with_input(args, cwd, "")
}

/// Runs the `rajat` binary with `input` on its standard input (a pipe, never a terminal).
pub fn rajat_with_input(args: &[&str], cwd: &Path, input: &str) -> Run {
    use std::io::Write as _;
    let mut child = Command::new(env!("CARGO_BIN_EXE_rajat"))
        .args(args)
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("run rajat");
    // A command that reads nothing may close its input first; that is no failure of the test.
    let _ = child.stdin.take().expect("stdin").write_all(input.as_bytes());
    let Output { status, stdout, stderr } = child.wait_with_output().expect("wait for rajat");
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

/// The output file a relative link of the page at output path `from`
/// (`situations/alpha/index.html`) opens, as a file manager would: a folder
/// opens its `index.html`. `None` when the link climbs above the root.
#[allow(dead_code)] // not every test binary resolves links
pub fn resolve(from: &str, link: &str) -> Option<String> {
    let path = link.split(['#', '?']).next().unwrap_or("");
    let mut parts: Vec<&str> = from.split('/').collect();
    parts.pop();
    // A root-relative link (`/a/`), for a site published at the root.
    if path.starts_with('/') {
        parts.clear();
    }
    if path.is_empty() {
        parts.push(from.rsplit('/').next().unwrap_or(""));
        return Some(parts.join("/"));
    }
    for segment in path.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    if path.ends_with('/') || path == "." || path.ends_with("/.") || path.ends_with("..") {
        parts.push("index.html");
    }
    Some(parts.join("/"))
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

/// A response read by [`http_request`].
pub struct HttpResponse {
    pub status: u16,
    /// Header names lowercased.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl HttpResponse {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// A minimal HTTP/1.1 client: sends `method path` exactly as given (no
/// normalisation, so hostile paths reach the server as written).
pub fn http_request(port: u16, method: &str, path: &str) -> HttpResponse {
    http_request_with(port, method, path, &[("Host", &format!("127.0.0.1:{port}"))])
}

/// [`http_request`] with the headers given instead of the usual `Host`.
pub fn http_request_with(port: u16, method: &str, path: &str, headers: &[(&str, &str)]) -> HttpResponse {
    use std::io::{Read, Write};
    let mut stream = std::net::TcpStream::connect(("127.0.0.1", port)).expect("connect");
    stream.set_read_timeout(Some(std::time::Duration::from_secs(10))).unwrap();
    let head: String = headers.iter().map(|(n, v)| format!("{n}: {v}\r\n")).collect();
    write!(stream, "{method} {path} HTTP/1.1\r\n{head}Connection: close\r\n\r\n").unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).expect("read response");
    let split = raw.windows(4).position(|w| w == b"\r\n\r\n").expect("end of headers");
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let mut lines = head.lines();
    let status = lines.next().and_then(|l| l.split(' ').nth(1)).and_then(|s| s.parse().ok()).expect("status");
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    HttpResponse { status, headers, body: raw[split + 4..].to_vec() }
}

/// A running `rajat serve`, stopped when dropped.
pub struct Server {
    pub child: std::process::Child,
    pub port: u16,
    /// Everything the server printed so far (stdout and stderr), filled by reader threads.
    pub output: std::sync::Arc<std::sync::Mutex<String>>,
}

impl Server {
    /// Starts `rajat serve --port 0` on `site` and waits until it listens.
    pub fn start(site: &Path, extra: &[&str]) -> Server {
        use std::io::BufRead;
        let mut child = Command::new(env!("CARGO_BIN_EXE_rajat"))
            .args(["serve", "--port", "0", "--root"])
            .arg(site)
            .args(extra)
            .env("NO_COLOR", "1")
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("start rajat serve");
        let output = std::sync::Arc::new(std::sync::Mutex::new(String::new()));
        let (tx, rx) = std::sync::mpsc::channel();
        let stdout = child.stdout.take().unwrap();
        let stderr = child.stderr.take().unwrap();
        for (stream, tx) in [(Box::new(stdout) as Box<dyn std::io::Read + Send>, Some(tx)), (Box::new(stderr), None)] {
            let output = output.clone();
            std::thread::spawn(move || {
                for line in std::io::BufReader::new(stream).lines().map_while(Result::ok) {
                    if let (Some(tx), Some((_, rest))) = (&tx, line.split_once("http://127.0.0.1:"))
                        && let Some(port) = rest.split('/').next().and_then(|p| p.parse::<u16>().ok())
                    {
                        let _ = tx.send(port);
                    }
                    output.lock().unwrap().push_str(&(line + "\n"));
                }
            });
        }
        let port = rx
            .recv_timeout(std::time::Duration::from_secs(30))
            .unwrap_or_else(|_| panic!("rajat serve did not start:\n{}", output.lock().unwrap()));
        Server { child, port, output }
    }

    pub fn get(&self, path: &str) -> HttpResponse {
        http_request(self.port, "GET", path)
    }

    /// Opens the live-reload event stream.
    pub fn events(&self) -> Events {
        use std::io::Write;
        let mut stream = std::net::TcpStream::connect(("127.0.0.1", self.port)).expect("connect");
        write!(stream, "GET /rajat/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n").unwrap();
        stream.set_read_timeout(Some(std::time::Duration::from_millis(100))).unwrap();
        let mut events = Events { stream, seen: String::new() };
        events.wait_for("event: hello");
        events
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// An open Server-Sent Events stream.
pub struct Events {
    stream: std::net::TcpStream,
    /// Everything received and not yet consumed by `wait_for`.
    pub seen: String,
}

impl Events {
    /// Waits up to 10 s for `needle` in the stream; returns the text up to and
    /// including it, consuming it.
    #[track_caller]
    pub fn wait_for(&mut self, needle: &str) -> String {
        use std::io::Read;
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        loop {
            if let Some(i) = self.seen.find(needle) {
                let upto = self.seen[..i + needle.len()].to_string();
                self.seen.drain(..i + needle.len());
                return upto;
            }
            assert!(std::time::Instant::now() < deadline, "no `{needle}` within 10 s; got: {}", self.seen);
            let mut buf = [0u8; 4096];
            match self.stream.read(&mut buf) {
                Ok(0) => panic!("event stream closed; got: {}", self.seen),
                Ok(n) => self.seen.push_str(&String::from_utf8_lossy(&buf[..n])),
                Err(_) => {}
            }
        }
    }

    /// Drops what has been received so far.
    pub fn clear(&mut self) {
        use std::io::Read;
        let mut buf = [0u8; 4096];
        while let Ok(n) = self.stream.read(&mut buf) {
            if n == 0 {
                break;
            }
        }
        self.seen.clear();
    }
}

/// Hands `serve`'s in-memory site the files changed on disk, as the watcher does.
#[allow(dead_code)] // only the tests of serve's site use it
pub fn apply(live: &mut rajat::live::LiveSite, paths: &[&str]) -> rajat::live::Update {
    let paths: Vec<PathBuf> = paths.iter().map(PathBuf::from).collect();
    live.apply(&paths).unwrap_or_else(|e| panic!("apply {paths:?}: {e}"))
}

/// What `rajat build` writes for `site` published at `base_url`, without the manifest.
#[allow(dead_code)] // only the tests of serve's site use it
pub fn built(site: &Site, base_url: &str) -> BTreeMap<String, Vec<u8>> {
    let out = tempfile::tempdir().unwrap();
    let options = rajat::BuildOptions {
        root: site.root().to_path_buf(),
        out: Some(out.path().join("public")),
        base_url: Some(base_url.into()),
        ..Default::default()
    };
    rajat::build(&options).unwrap_or_else(|e| panic!("build failed: {e}"));
    let mut files = snapshot(&out.path().join("public"));
    files.remove(".rajat-manifest");
    files
}

/// The files `serve`'s in-memory site holds.
#[allow(dead_code)] // only the tests of serve's site use it
pub fn served(live: &rajat::live::LiveSite) -> BTreeMap<String, Vec<u8>> {
    live.files().iter().map(|(p, b)| (p.clone(), b.to_vec())).collect()
}

/// `serve`'s site (loaded for `base_url`) holds exactly what a fresh build writes, byte for byte.
#[allow(dead_code)] // only the tests of serve's site use it
#[track_caller]
pub fn assert_serve_equals_build(site: &Site, live: &rajat::live::LiveSite, base_url: &str, step: &str) {
    let built = built(site, base_url);
    let served = served(live);
    let only_built: Vec<_> = built.keys().filter(|k| !served.contains_key(*k)).collect();
    let only_served: Vec<_> = served.keys().filter(|k| !built.contains_key(*k)).collect();
    assert!(
        only_built.is_empty() && only_served.is_empty(),
        "{step}: only built {only_built:?}, only served {only_served:?}"
    );
    for (path, bytes) in &built {
        assert!(served[path] == *bytes, "{step}: {path} differs from a fresh build");
    }
}

//! `rajat serve`: the site from memory over HTTP on loopback, rebuilt as files
//! change, with live reload over Server-Sent Events.
//!
//! Three parts, each doing one thing:
//! * the watcher thread turns file events into batches (a short quiet period
//!   absorbs an editor's save-by-rename) and feeds them to [`LiveSite`];
//! * each good rebuild swaps in a new immutable snapshot, so a request sees
//!   either the old site or the new one, never half of each;
//! * the HTTP side answers GET/HEAD from the snapshot, refuses anything that
//!   could name a file outside the site, and streams events to the browser.

use std::collections::BTreeSet;
use std::convert::Infallible;
use std::future::IntoFuture;
use std::net::{IpAddr, SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock, mpsc};
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderValue, Method, Response, StatusCode, Uri, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response as AxumResponse};
use bytes::Bytes;
use notify::{RecursiveMode, Watcher};
use tokio::sync::broadcast;

use crate::error::{Diagnostic, Error, Result};
use crate::live::{Files, LiveSite, Update};

/// The browser side of live reload, added to every HTML page while serving.
const LIVE_RELOAD_JS: &[u8] = crate::assets::LIVE_RELOAD_JS;
const LIVE_RELOAD_TAG: &str = "<script type=\"module\" src=\"/rajat/live-reload.js\"></script>\n";
/// Quiet time after the last file event before rebuilding: long enough for an
/// editor's write-then-rename, short enough to feel instant.
const QUIET: Duration = Duration::from_millis(8);
/// A batch never waits longer than this for the events to stop.
const MAX_WAIT: Duration = Duration::from_millis(150);

/// What `rajat serve` was asked to do.
#[derive(Clone, Debug)]
pub struct ServeOptions {
    /// The site root: the folder holding `site.yaml`.
    pub root: PathBuf,
    /// The address to listen on.
    pub bind: IpAddr,
    /// The port to try first; the next free one is used if it is taken.
    pub port: u16,
    /// Include pages marked `draft: true`.
    pub drafts: bool,
    /// Open the site in the default browser once it is up.
    pub open: bool,
    /// Host names to answer besides `localhost` and IP addresses (`--allow-host`).
    pub allowed_hosts: Vec<String>,
}

/// What the server shows right now. Replaced as a whole after each rebuild.
#[derive(Default)]
struct Snapshot {
    files: Arc<Files>,
    /// The problems of the last change, shown over every page until fixed.
    error: Option<String>,
}

/// What the HTTP handlers and the watcher share.
struct ServerState {
    snapshot: RwLock<Arc<Snapshot>>,
    events: broadcast::Sender<Signal>,
    /// Differs between server runs, so browsers reload after a restart.
    instance: String,
    /// Names the server answers to besides loopback names and IP addresses.
    allowed_hosts: Vec<String>,
    /// Set when the server stops, which ends every event stream.
    stopping: tokio::sync::watch::Sender<bool>,
}

/// What the browser is told.
#[derive(Clone, Debug)]
enum Signal {
    Reload,
    Css,
    Error(String),
    Ok,
}

impl ServerState {
    fn current(&self) -> Arc<Snapshot> {
        Arc::clone(&self.snapshot.read().unwrap_or_else(|e| e.into_inner()))
    }

    fn set(&self, snapshot: Snapshot) {
        *self.snapshot.write().unwrap_or_else(|e| e.into_inner()) = Arc::new(snapshot);
    }
}

/// Binds the first free port from `port` on, up to 50 further.
pub fn bind(addr: IpAddr, port: u16) -> Result<TcpListener> {
    let mut last = None;
    for p in port..=port.saturating_add(50) {
        match TcpListener::bind(SocketAddr::new(addr, p)) {
            Ok(l) => return Ok(l),
            Err(e) => last = Some(e),
        }
    }
    let err = last.map(|e| e.to_string()).unwrap_or_default();
    Err(Diagnostic::error(format!(
        "could not listen on {addr} at any port from {port} to {}: {err}",
        port.saturating_add(50)
    ))
    .hint("pass another --port, or --bind 127.0.0.1")
    .into())
}

/// Runs the preview server until Ctrl-C. Content errors never stop it.
pub fn serve(options: ServeOptions) -> Result<()> {
    let listener = bind(options.bind, options.port)?;
    let addr =
        listener.local_addr().map_err(|e| Diagnostic::error(format!("could not read the listening address: {e}")))?;
    if options.port != 0 && addr.port() != options.port {
        println!("Port {} is taken; using {} instead.", options.port, addr.port());
    }
    if !options.bind.is_loopback() {
        eprintln!(
            "warning: serving on {} — anyone who can reach this machine can read the site, drafts included. Use --bind 127.0.0.1 to keep it private.",
            options.bind
        );
    }
    let host = if options.bind.is_unspecified() { "127.0.0.1".to_string() } else { url_host(options.bind) };
    let base_url = format!("http://{host}:{}/", addr.port());

    let (events, _) = broadcast::channel(64);
    let shared = Arc::new(ServerState {
        snapshot: RwLock::new(Arc::new(Snapshot::default())),
        events,
        instance: format!(
            "{:x}",
            std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default().as_nanos()
        ),
        allowed_hosts: options.allowed_hosts.iter().map(|h| h.to_ascii_lowercase()).collect(),
        stopping: tokio::sync::watch::channel(false).0,
    });

    let started = Instant::now();
    let live = match LiveSite::load(&options.root, options.drafts, &base_url) {
        Ok(live) => {
            let pages = live.site().pages.len();
            crate::error::eprint_all(&live.take_warnings());
            println!("Built {pages} pages in {} ms", started.elapsed().as_millis());
            shared.set(Snapshot { files: live.files(), error: None });
            Some(live)
        }
        Err(e) => {
            e.eprint();
            eprintln!("The site does not build yet; serving an error page until it does.");
            shared.set(Snapshot { files: Arc::default(), error: Some(plain(&e)) });
            None
        }
    };

    let (changes_tx, changes_rx) = mpsc::channel();
    // The watcher never follows a link either (see `crate::disk`): a link to
    // `/etc` must not make every file there an event of the site.
    let config = notify::Config::default().with_follow_symlinks(false);
    let mut watcher = notify::RecommendedWatcher::new(
        move |event: notify::Result<notify::Event>| {
            if let Ok(event) = event.map_err(|e| eprintln!("warning: file watching: {e}")) {
                for path in relevant(&event) {
                    let _ = changes_tx.send(path);
                }
            }
        },
        config,
    )
    .map_err(|e| Diagnostic::error(format!("could not watch the site's files: {e}")))?;
    let root = crate::config::absolute(&options.root);
    let mut watches = Watches::default();
    watches.refresh(&mut watcher, &root);

    let name = live.as_ref().map_or_else(
        || options.root.display().to_string(),
        |l| format!("\"{}\"", l.site().config.default_language().title),
    );
    let worker = Arc::clone(&shared);
    let drafts = options.drafts;
    let watch_root = root.clone();
    std::thread::Builder::new()
        .name("rajat-watch".into())
        .spawn(move || watch_loop(watcher, watches, changes_rx, watch_root, drafts, base_url, live, worker))
        .map_err(|e| Diagnostic::error(format!("could not start the watcher: {e}")))?;

    println!("Serving {name} at http://{host}:{}/ — press Ctrl-C to stop", addr.port());
    if options.open {
        open_browser(&format!("http://{host}:{}/", addr.port()));
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| Diagnostic::error(format!("could not start the server: {e}")))?;
    runtime.block_on(async move {
        listener.set_nonblocking(true).map_err(|e| Diagnostic::error(format!("could not listen: {e}")))?;
        let listener = tokio::net::TcpListener::from_std(listener)
            .map_err(|e| Diagnostic::error(format!("could not listen: {e}")))?;
        let stopping = shared.stopping.clone();
        let mut stopped = shared.stopping.subscribe();
        let app = Router::new().fallback(handle).with_state(shared);
        let server = axum::serve(listener, app).with_graceful_shutdown(async move {
            let _ = tokio::signal::ctrl_c().await;
            // Ends every live-reload stream, so open pages do not hold the server up.
            let _ = stopping.send(true);
        });
        tokio::select! {
            result = server.into_future() => {
                result.map_err(|e| Error::from(Diagnostic::error(format!("the server stopped: {e}"))))
            }
            // A connection that will not close cannot keep rajat running for more than a second after Ctrl-C.
            () = async {
                let _ = stopped.wait_for(|stopping| *stopping).await;
                tokio::time::sleep(Duration::from_secs(1)).await;
            } => Ok(()),
        }
    })
}

/// The folders being watched; a watched folder that appears later is added then.
#[derive(Default)]
struct Watches {
    active: BTreeSet<PathBuf>,
}

impl Watches {
    /// Watches the root (for site.yaml and new folders) and every source folder
    /// that exists (all of `themes/`, so a theme chosen later is seen too).
    /// Returns the folders newly watched.
    fn refresh(&mut self, watcher: &mut impl Watcher, root: &Path) -> Vec<PathBuf> {
        let mut added = Vec::new();
        if self.active.insert(root.to_path_buf()) {
            let _ = watcher.watch(root, RecursiveMode::NonRecursive);
        }
        for dir in ["content", "templates", "static", "themes"] {
            let full = root.join(dir);
            if full.is_dir() && !self.active.contains(&full) && watcher.watch(&full, RecursiveMode::Recursive).is_ok() {
                self.active.insert(full.clone());
                added.push(full);
            }
        }
        added
    }
}

/// Collects file events into batches and rebuilds; runs until the process ends.
#[allow(clippy::too_many_arguments)] // the thread's whole world, handed over once
fn watch_loop(
    mut watcher: impl Watcher,
    mut watches: Watches,
    changes: mpsc::Receiver<PathBuf>,
    root: PathBuf,
    drafts: bool,
    base_url: String,
    mut live: Option<LiveSite>,
    shared: Arc<ServerState>,
) {
    while let Ok(first) = changes.recv() {
        let started = Instant::now();
        let mut batch = BTreeSet::from([first]);
        while started.elapsed() < MAX_WAIT {
            match changes.recv_timeout(QUIET) {
                Ok(path) => {
                    batch.insert(path);
                }
                Err(_) => break,
            }
        }
        let began = Instant::now();
        // A source folder created after start is watched from now on, and its files count as new.
        let added = watches.refresh(&mut watcher, &root);
        batch.extend(added);
        let paths: Vec<PathBuf> = batch.into_iter().collect();
        let result = match live.as_mut() {
            Some(site) => site.apply(&paths),
            None => LiveSite::load(&root, drafts, &base_url).map(|site| {
                let update =
                    Update { changed: vec!["index.html".into()], rendered: site.site().pages.len(), sources: vec![] };
                live = Some(site);
                update
            }),
        };
        if let Some(site) = live.as_ref() {
            crate::error::eprint_all(&site.take_warnings());
        }
        let had_error = shared.current().error.is_some();
        match result {
            Ok(update) => {
                let Some(site) = live.as_ref() else { continue };
                if update.changed.is_empty() && !had_error {
                    if !update.sources.is_empty() {
                        println!("{}", describe(&update, began.elapsed()));
                    }
                    continue;
                }
                shared.set(Snapshot { files: site.files(), error: None });
                let signal = if update.only_css() { Signal::Css } else { Signal::Reload };
                if had_error {
                    let _ = shared.events.send(Signal::Ok);
                }
                if !update.changed.is_empty() {
                    let _ = shared.events.send(signal);
                }
                println!("{}", describe(&update, began.elapsed()));
            }
            Err(e) => {
                e.eprint();
                eprintln!("Still serving the last good version; fix the problem and save again.");
                let files = shared.current().files.clone();
                let text = plain(&e);
                shared.set(Snapshot { files, error: Some(text.clone()) });
                let _ = shared.events.send(Signal::Error(text));
            }
        }
    }
}

/// The paths of an event that can change the site. Reading files (ours
/// included) and metadata-only changes are not changes; a folder counts only
/// when it appears, goes away or is renamed.
fn relevant(event: &notify::Event) -> Vec<PathBuf> {
    use notify::EventKind;
    use notify::event::{AccessKind, AccessMode, ModifyKind};
    let folder_event = match event.kind {
        EventKind::Create(_) | EventKind::Remove(_) | EventKind::Modify(ModifyKind::Name(_)) => true,
        EventKind::Modify(ModifyKind::Metadata(_)) => return Vec::new(),
        EventKind::Modify(_) | EventKind::Access(AccessKind::Close(AccessMode::Write)) => false,
        _ => return Vec::new(),
    };
    event.paths.iter().filter(|p| folder_event || !p.is_dir()).cloned().collect()
}

/// `Rebuilt 1 page in 3 ms (content/situations/pay.md)`.
fn describe(update: &Update, took: Duration) -> String {
    let ms = took.as_secs_f64() * 1000.0;
    let time = if ms < 10.0 { format!("{ms:.1} ms") } else { format!("{ms:.0} ms") };
    let what = match update.rendered {
        0 => format!("Updated {} file{}", update.changed.len(), if update.changed.len() == 1 { "" } else { "s" }),
        1 => "Rebuilt 1 page".to_string(),
        n => format!("Rebuilt {n} pages"),
    };
    let mut sources = update.sources.iter().take(3).cloned().collect::<Vec<_>>().join(", ");
    if update.sources.len() > 3 {
        sources.push_str(&format!(" and {} more", update.sources.len() - 3));
    }
    let line = if sources.is_empty() { format!("{what} in {time}") } else { format!("{what} in {time} ({sources})") };
    if update.changed.is_empty() { format!("{line}; nothing changed") } else { line }
}

/// Diagnostics as plain text for the browser overlay.
fn plain(e: &Error) -> String {
    e.diagnostics.iter().map(|d| d.render(false)).collect::<Vec<_>>().join("\n")
}

fn url_host(ip: IpAddr) -> String {
    match ip {
        IpAddr::V6(v6) => format!("[{v6}]"),
        IpAddr::V4(v4) => v4.to_string(),
    }
}

fn open_browser(url: &str) {
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    if std::process::Command::new(opener).arg(url).spawn().is_err() {
        eprintln!("Could not open a browser; visit {url}");
    }
}

/// Answers every request: GET and HEAD only, from the current snapshot.
async fn handle(
    State(shared): State<Arc<ServerState>>,
    method: Method,
    uri: Uri,
    headers: axum::http::HeaderMap,
) -> AxumResponse {
    // Another name than the server's own means a page elsewhere reaching the
    // preview through DNS rebinding: it may not read drafts.
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok()).unwrap_or_default();
    if !host_is_allowed(host, &shared.allowed_hosts) {
        return plain_response(
            StatusCode::FORBIDDEN,
            "rajat serve answers only requests for its own address (localhost or an IP address).\nTo reach it by another name, start it with --allow-host NAME.\n",
        );
    }
    if method != Method::GET && method != Method::HEAD {
        let mut r = plain_response(StatusCode::METHOD_NOT_ALLOWED, "Only GET and HEAD are allowed.\n");
        r.headers_mut().insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
        return r;
    }
    let head = method == Method::HEAD;
    match uri.path() {
        "/rajat/events" => {
            // A page of another site may not listen in, even on an allowed name.
            let origin = headers.get(header::ORIGIN).and_then(|o| o.to_str().ok());
            if origin.is_some_and(|o| !origin_is_allowed(o, &shared.allowed_hosts)) {
                return plain_response(
                    StatusCode::FORBIDDEN,
                    "The live-reload stream is only for the preview's own pages.\n",
                );
            }
            return events(shared).await.into_response();
        }
        "/rajat/live-reload.js" => {
            return body_response(
                StatusCode::OK,
                "text/javascript; charset=utf-8",
                Bytes::from_static(LIVE_RELOAD_JS),
                head,
            );
        }
        _ => {}
    }
    let snapshot = shared.current();
    match lookup(uri.path(), &snapshot.files) {
        Lookup::Found(key) => {
            let Some(bytes) = snapshot.files.get(&key).cloned() else {
                return plain_response(StatusCode::NOT_FOUND, "Not found.\n");
            };
            respond_file(StatusCode::OK, &key, bytes, head)
        }
        Lookup::Redirect(location) => {
            let location = match uri.query() {
                Some(q) => format!("{location}?{q}"),
                None => location,
            };
            let mut r = plain_response(StatusCode::MOVED_PERMANENTLY, "Moved.\n");
            if let Ok(v) = HeaderValue::from_str(&location) {
                r.headers_mut().insert(header::LOCATION, v);
            }
            r
        }
        Lookup::NotFound => match not_found_page(uri.path(), &snapshot.files) {
            Some(page) => respond_file(StatusCode::NOT_FOUND, "404.html", page.clone(), head),
            None if snapshot.error.is_some() => {
                let html = format!(
                    "<!doctype html>\n<html lang=\"en\">\n<head><meta charset=\"utf-8\"><title>rajat: the site does not build</title></head>\n<body>\n<h1>The site does not build yet</h1>\n<pre>{}</pre>\n</body>\n</html>\n",
                    crate::text::escape(snapshot.error.as_deref().unwrap_or_default())
                );
                respond_file(StatusCode::SERVICE_UNAVAILABLE, "error.html", Bytes::from(html), head)
            }
            None => plain_response(StatusCode::NOT_FOUND, "Not found.\n"),
        },
    }
}

/// Whether a `Host` header names this server: `localhost` (or a name under
/// `.localhost`), an IP address, or a name allowed with `--allow-host`. A
/// request without one is refused.
pub fn host_is_allowed(host: &str, allowed: &[String]) -> bool {
    let host = host.trim().to_ascii_lowercase();
    // Without the port: `[::1]:1111` → `[::1]`, `localhost:1111` → `localhost`.
    let name = match host.rfind(':') {
        Some(i) if !host[i..].contains(']') && host[i + 1..].bytes().all(|b| b.is_ascii_digit()) => &host[..i],
        _ => host.as_str(),
    };
    if name.is_empty() {
        return false;
    }
    let literal = name.strip_prefix('[').and_then(|n| n.strip_suffix(']')).unwrap_or(name);
    name == "localhost"
        || name.ends_with(".localhost")
        || literal.parse::<IpAddr>().is_ok()
        || allowed.iter().any(|a| a == name)
}

/// Whether an `Origin` header is one of this server's own pages.
fn origin_is_allowed(origin: &str, allowed: &[String]) -> bool {
    let Some(host) = origin.strip_prefix("http://").or_else(|| origin.strip_prefix("https://")) else {
        return false;
    };
    host_is_allowed(host.trim_end_matches('/'), allowed)
}

/// Where a request path leads in the site.
#[derive(Debug, PartialEq, Eq)]
pub enum Lookup {
    /// A file of the site, by its key (`situations/index.html`).
    Found(String),
    /// A folder asked for without its trailing slash.
    Redirect(String),
    /// Nothing there.
    NotFound,
}

/// The 404 page for a request to `raw`: a language's own (`fi/404.html`)
/// under that language's addresses, else the site's.
fn not_found_page<'f>(raw: &str, files: &'f Files) -> Option<&'f Bytes> {
    let first = raw.trim_start_matches('/').split('/').next().unwrap_or_default();
    let own = (!first.is_empty() && first.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'))
        .then(|| files.get(&format!("{first}/404.html")))
        .flatten();
    own.or_else(|| files.get("404.html"))
}

/// Maps a raw, still percent-encoded request path to a file of the site.
///
/// The site lives in memory, so no path can reach the disk; still, anything
/// that looks like an escape attempt (`..`, `.`, empty segments, backslashes,
/// NUL, encoded slashes, a second layer of encoding) is refused outright.
pub fn lookup(raw: &str, files: &Files) -> Lookup {
    let Some(path) = raw.strip_prefix('/') else { return Lookup::NotFound };
    // An encoded `/` would let one segment pose as two.
    if path.to_ascii_lowercase().contains("%2f") {
        return Lookup::NotFound;
    }
    let Some(decoded) = crate::text::percent_decode(path) else { return Lookup::NotFound };
    if decoded.contains(['\\', '\0', '%']) || decoded.starts_with('/') {
        return Lookup::NotFound;
    }
    let folder = decoded.is_empty() || decoded.ends_with('/');
    let trimmed = decoded.strip_suffix('/').unwrap_or(&decoded);
    if !trimmed.is_empty() && trimmed.split('/').any(|s| s.is_empty() || s == "." || s == "..") {
        return Lookup::NotFound;
    }
    let key = if folder { format!("{decoded}index.html") } else { decoded.clone() };
    if files.contains_key(&key) {
        return Lookup::Found(key);
    }
    if !folder && files.contains_key(&format!("{decoded}/index.html")) {
        return Lookup::Redirect(format!("/{path}/"));
    }
    Lookup::NotFound
}

/// The content type for a file name.
pub fn content_type(path: &str) -> &'static str {
    let ext = path.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml; charset=utf-8",
        "txt" | "md" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "pdf" => "application/pdf",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "mp4" => "video/mp4",
        "webm" => "video/webm",
        "mp3" => "audio/mpeg",
        "wasm" => "application/wasm",
        "zip" => "application/zip",
        _ => "application/octet-stream",
    }
}

/// A file of the site; HTML pages get the live-reload script.
fn respond_file(status: StatusCode, key: &str, bytes: Bytes, head: bool) -> AxumResponse {
    let kind = content_type(key);
    let bytes = if kind.starts_with("text/html") { inject_live_reload(&bytes) } else { bytes };
    body_response(status, kind, bytes, head)
}

fn inject_live_reload(html: &Bytes) -> Bytes {
    let text = String::from_utf8_lossy(html);
    let mut out = String::with_capacity(text.len() + LIVE_RELOAD_TAG.len());
    match text.rfind("</body>") {
        Some(i) => {
            out.push_str(&text[..i]);
            out.push_str(LIVE_RELOAD_TAG);
            out.push_str(&text[i..]);
        }
        None => {
            out.push_str(&text);
            out.push_str(LIVE_RELOAD_TAG);
        }
    }
    Bytes::from(out)
}

fn body_response(status: StatusCode, kind: &'static str, bytes: Bytes, head: bool) -> AxumResponse {
    let len = bytes.len();
    let body = if head { Body::empty() } else { Body::from(bytes) };
    let mut r = Response::new(body);
    *r.status_mut() = status;
    let h = r.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(kind));
    h.insert(header::CONTENT_LENGTH, HeaderValue::from(len));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    r
}

fn plain_response(status: StatusCode, text: &'static str) -> AxumResponse {
    body_response(status, "text/plain; charset=utf-8", Bytes::from_static(text.as_bytes()), false)
}

/// The live-reload event stream: a greeting with the server's id, the current
/// error if there is one, then every signal as it happens.
async fn events(shared: Arc<ServerState>) -> impl IntoResponse {
    let rx = shared.events.subscribe();
    let stop = shared.stopping.subscribe();
    let hello = Event::default().event("hello").data(shared.instance.clone());
    let pending = shared.current().error.clone().map(|e| Event::default().event("build-error").data(e));
    // Sent first, popped from the end.
    let queue: Vec<Event> = pending.into_iter().chain([hello]).collect();
    let stream = futures_util::stream::unfold((queue, rx, stop), |(mut queue, mut rx, mut stop)| async move {
        if let Some(first) = queue.pop() {
            return Some((Ok::<_, Infallible>(first), (queue, rx, stop)));
        }
        let received = tokio::select! {
            received = rx.recv() => received,
            // The server is stopping: end the stream, so the connection can close.
            _ = stop.wait_for(|stopping| *stopping) => return None,
        };
        let event = match received {
            Ok(signal) => to_event(signal),
            // Missed signals: the page cannot know what changed, so reload it.
            Err(broadcast::error::RecvError::Lagged(_)) => to_event(Signal::Reload),
            Err(broadcast::error::RecvError::Closed) => return None,
        };
        Some((Ok(event), (queue, rx, stop)))
    });
    let mut response = Sse::new(stream).keep_alive(KeepAlive::new().interval(Duration::from_secs(15))).into_response();
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

fn to_event(signal: Signal) -> Event {
    match signal {
        Signal::Reload => Event::default().event("reload").data("reload"),
        Signal::Css => Event::default().event("css").data("css"),
        Signal::Error(text) => Event::default().event("build-error").data(text),
        Signal::Ok => Event::default().event("ok").data("ok"),
    }
}

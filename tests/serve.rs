//! `rajat serve` over real HTTP on loopback: what a browser (or an attacker on
//! the same machine) would see.

mod common;

use std::time::Duration;

use common::{Server, Site, http_request, snapshot};

const LIVE_RELOAD_TAG: &str = "<script type=\"module\" src=\"/rajat/live-reload.js\"></script>\n";

#[test]
fn serves_pages_with_the_right_types_and_headers() {
    let site = Site::fixture("basic");
    let server = Server::start(site.root(), &[]);

    let home = server.get("/");
    assert_eq!(home.status, 200);
    assert_eq!(home.header("content-type"), Some("text/html; charset=utf-8"));
    assert_eq!(home.header("cache-control"), Some("no-store"));
    assert!(home.text().contains("<title>Fixture Guide</title>"));
    assert!(home.text().contains(LIVE_RELOAD_TAG), "pages get the live-reload script while serving");

    let page = server.get("/situations/alpha/");
    assert_eq!(page.status, 200);
    assert!(page.text().contains(r#"href="../beta/#what-to-say""#));

    for (path, kind) in [
        ("/style.css", "text/css; charset=utf-8"),
        ("/favicon.svg", "image/svg+xml"),
        ("/diagram.svg", "image/svg+xml"),
        ("/sitemap.xml", "application/xml; charset=utf-8"),
        ("/robots.txt", "text/plain; charset=utf-8"),
        ("/rajat/live-reload.js", "text/javascript; charset=utf-8"),
    ] {
        let r = server.get(path);
        assert_eq!((r.status, r.header("content-type")), (200, Some(kind)), "{path}");
    }
    assert!(!server.get("/style.css").text().contains("<script"), "only HTML gets the script");

    let folder = server.get("/situations");
    assert_eq!((folder.status, folder.header("location")), (301, Some("/situations/")));

    let missing = server.get("/no/such/page/");
    assert_eq!(missing.status, 404);
    assert!(missing.text().contains("Page not found"), "the theme's 404 page");

    let head = http_request(server.port, "HEAD", "/situations/alpha/");
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty(), "HEAD has no body");
    assert_eq!(head.header("content-length").map(|l| l.parse::<usize>().unwrap()), Some(page.body.len()));

    for method in ["POST", "PUT", "DELETE", "PATCH"] {
        let r = http_request(server.port, method, "/");
        assert_eq!((r.status, r.header("allow")), (405, Some("GET, HEAD")), "{method}");
    }
}

#[test]
fn hostile_paths_get_404_and_never_leave_the_site() {
    let site = Site::fixture("basic");
    site.write("secret.txt", "TOP SECRET");
    let server = Server::start(site.root(), &[]);
    let attempts = [
        "/../site.yaml",
        "/../../../../etc/passwd",
        "/situations/../../site.yaml",
        "/%2e%2e/site.yaml",
        "/%2E%2E/%2E%2E/etc/passwd",
        "/..%2fsite.yaml",
        "/..%2Fsecret.txt",
        "/%2e%2e%2fsecret.txt",
        "/%252e%252e/secret.txt",
        "/%252e%252e%252fsecret.txt",
        "/..\\site.yaml",
        "/..%5csite.yaml",
        "/%5c..%5csecret.txt",
        "//etc/passwd",
        "/./site.yaml",
        "/situations/./alpha/",
        "/etc/passwd",
        "/C:/Windows/win.ini",
        "/%00/site.yaml",
        "/site.yaml%00.html",
        "/content/about.md",
        "/site.yaml",
        "/secret.txt",
        "/.rajat-manifest",
        "/%c0%ae%c0%ae/secret.txt",
        "/situations/%2e/alpha/",
    ];
    for path in attempts {
        let r = http_request(server.port, "GET", path);
        assert_eq!(r.status, 404, "{path} must be 404, got {}", r.status);
        let text = r.text();
        assert!(
            !text.contains("TOP SECRET") && !text.contains("base_url") && !text.contains("root:x:0"),
            "{path} leaked a file"
        );
    }
    assert_eq!(server.get("/situations/alpha/").status, 200, "the server is still fine");
}

#[test]
fn edits_send_reload_css_and_error_events() {
    let site = Site::fixture("basic");
    let server = Server::start(site.root(), &[]);
    let mut events = server.events();

    site.replace("content/situations/alpha.md", "- one", "- one, edited");
    events.wait_for("event: reload");
    assert!(server.get("/situations/alpha/").text().contains("one, edited"));

    site.replace("static/style.css", "color: black", "color: teal");
    events.wait_for("event: css");
    assert!(server.get("/style.css").text().contains("teal"));

    // A broken front matter keeps the last good page and reports the error.
    site.replace("content/situations/alpha.md", "title: Alpha", "title: [Alpha");
    let error = events.wait_for("content/situations/alpha.md:2");
    assert!(error.contains("event: build-error"), "{error}");
    let page = server.get("/situations/alpha/");
    assert_eq!(page.status, 200);
    assert!(page.text().contains("one, edited"), "the last good version is still served");
    // A browser that connects now is told about the error at once.
    let mut late = server.events();
    late.wait_for("event: build-error");

    site.replace("content/situations/alpha.md", "title: [Alpha", "title: Alpha again");
    events.wait_for("event: ok");
    events.wait_for("event: reload");
    assert!(
        server.get("/situations/alpha/").text().contains("<h1>Alpha again</h1>")
            || server.get("/situations/alpha/").text().contains("Alpha again")
    );
    let log = server.output.lock().unwrap().clone();
    assert!(log.contains("Rebuilt 1 page in"), "{log}");
    assert!(log.contains("(content/situations/alpha.md)"), "{log}");
}

#[test]
fn editor_style_saves_and_new_folders_are_picked_up() {
    let site = Site::fixture("basic");
    let server = Server::start(site.root(), &[]);
    let mut events = server.events();

    // Save by writing a temporary file and renaming it over the original (vim, VS Code…).
    let text = site.read("content/about.md").replace("Everyone.", "Everyone, saved atomically.");
    site.write("content/.about.md.swp", "swap file noise");
    site.write("content/about.md.tmp~", &text);
    std::fs::rename(site.path("content/about.md.tmp~"), site.path("content/about.md")).unwrap();
    events.wait_for("event: reload");
    assert!(server.get("/about/").text().contains("saved atomically"));

    // A new folder of content, and a templates/ folder that did not exist at start.
    std::fs::create_dir_all(site.path("content/worksheets")).unwrap();
    site.write("content/worksheets/_index.md", "---\ntitle: Worksheets\n---\nAll of them.\n");
    events.wait_for("event: reload");
    assert_eq!(server.get("/worksheets/").status, 200);

    site.write("content/situations/new-one.md", "---\ntitle: New one\n---\nFresh.\n");
    events.wait_for("event: reload");
    assert_eq!(server.get("/situations/new-one/").status, 200);

    std::fs::rename(site.path("content/situations/new-one.md"), site.path("content/situations/renamed.md")).unwrap();
    events.wait_for("event: reload");
    assert_eq!(server.get("/situations/renamed/").status, 200);
    assert_eq!(server.get("/situations/new-one/").status, 404);

    std::fs::remove_file(site.path("content/situations/renamed.md")).unwrap();
    events.wait_for("event: reload");
    assert_eq!(server.get("/situations/renamed/").status, 404);
}

/// After a scripted series of edits, what is served equals a fresh build byte for byte.
#[test]
fn incremental_rebuilds_equal_a_fresh_build() {
    let site = Site::fixture("basic");
    let server = Server::start(site.root(), &[]);
    let mut events = server.events();
    let mut edit = |f: &dyn Fn(&Site)| {
        f(&site);
        events.wait_for("event: ");
        events.clear();
        std::thread::sleep(Duration::from_millis(30));
    };
    edit(&|s| s.replace("content/situations/beta.md", "Text with a footnote.", "Body edited."));
    edit(&|s| s.replace("content/situations/beta.md", "title: Beta", "title: Bravo"));
    edit(&|s| s.replace("content/situations/alpha.md", "weight: 1", "weight: 3"));
    edit(&|s| s.replace("templates/section.html", "site section template", "edited template"));
    edit(&|s| s.replace("static/style.css", "color: black", "color: red"));
    edit(&|s| s.write("content/situations/delta.md", "---\ntitle: Delta\n---\nSee [alpha](alpha.md).\n"));
    edit(&|s| std::fs::rename(s.path("content/situations/delta.md"), s.path("content/situations/echo.md")).unwrap());
    edit(&|s| std::fs::remove_file(s.path("content/about.md")).unwrap_or(()));
    edit(&|s| s.replace("content/_index.md", " or [about](about.md#who-it-is-for)", ""));
    edit(&|s| s.write("static/extra.txt", "more"));

    let out = tempfile::tempdir().unwrap();
    let base = format!("http://127.0.0.1:{}/", server.port);
    let out_dir = out.path().join("public");
    let out_arg = out_dir.to_str().unwrap().to_string();
    site.rajat(&["build", "--base-url", &base, "--out", &out_arg]).ok();
    let built = snapshot(&out_dir);
    assert!(built.contains_key("situations/echo/index.html"));
    for (path, bytes) in built.iter().filter(|(p, _)| *p != ".rajat-manifest") {
        let served = server.get(&format!("/{path}"));
        assert_eq!(served.status, 200, "{path}");
        let body = served.text().replacen(LIVE_RELOAD_TAG, "", 1);
        assert!(
            body.as_bytes() == bytes.as_slice(),
            "{path} differs from a fresh build:\n--- served\n{body}\n--- built\n{}",
            String::from_utf8_lossy(bytes)
        );
    }
    assert_eq!(server.get("/about/").status, 404, "deleted pages are gone");
    assert_eq!(server.get("/situations/delta/").status, 404, "renamed pages leave their old address");
}

#[test]
fn a_site_that_does_not_build_at_start_is_served_once_fixed() {
    let site = Site::fixture("basic");
    site.replace("content/about.md", "title: About", "title: [About");
    let server = Server::start(site.root(), &[]);
    let r = server.get("/");
    assert_eq!(r.status, 503);
    assert!(r.text().contains("content/about.md:2"), "{}", r.text());
    let mut events = server.events();
    site.replace("content/about.md", "title: [About", "title: About");
    events.wait_for("event: reload");
    assert_eq!(server.get("/").status, 200);
}

/// Every file of a fresh build of `site` for `server`'s address, without the manifest.
fn fresh_build(site: &Site, server: &Server) -> std::collections::BTreeMap<String, Vec<u8>> {
    let out = tempfile::tempdir().unwrap();
    let base = format!("http://127.0.0.1:{}/", server.port);
    let out_dir = out.path().join("public");
    let run = site.rajat(&["build", "--base-url", &base, "--out", out_dir.to_str().unwrap()]);
    run.ok();
    let mut files = snapshot(&out_dir);
    files.remove(".rajat-manifest");
    files
}

/// Asserts that serve answers every path of `built` with the same bytes, and
/// `paths` (that must not exist) with 404.
#[track_caller]
fn assert_serves(server: &Server, built: &std::collections::BTreeMap<String, Vec<u8>>, missing: &[&str]) {
    for (path, bytes) in built {
        let served = server.get(&format!("/{path}"));
        assert_eq!(served.status, 200, "{path}");
        assert!(served.text().replacen(LIVE_RELOAD_TAG, "", 1).as_bytes() == bytes.as_slice(), "{path} differs");
    }
    for path in missing {
        let r = server.get(path);
        assert_eq!(r.status, 404, "{path} must not be served");
        assert!(!r.text().contains("SECRET"), "{path} served a byte from outside the site");
    }
}

#[cfg(unix)]
#[test]
fn symbolic_links_are_never_followed_by_build_or_serve() {
    use std::os::unix::fs::symlink;
    let site = Site::fixture("basic");
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("secret.txt"), "SECRET").unwrap();
    std::fs::write(outside.path().join("page.md"), "---\ntitle: SECRET page\n---\nSECRET\n").unwrap();
    // Before serve starts: a file outside, a folder outside, a loop, a link inside the site.
    symlink(outside.path().join("secret.txt"), site.path("content/leak.txt")).unwrap();
    symlink(outside.path(), site.path("content/outdir")).unwrap();
    symlink("..", site.path("content/situations/self")).unwrap();
    symlink("situations/alpha.md", site.path("content/alias.md")).unwrap();
    let run = site.rajat(&["build"]);
    run.ok();
    for link in ["content/leak.txt", "content/outdir", "content/situations/self", "content/alias.md"] {
        assert!(
            run.stderr.contains(&format!("warning: `{link}` is a symbolic link, which rajat does not follow")),
            "build warns about {link}:\n{}",
            run.stderr
        );
    }

    let server = Server::start(site.root(), &[]);
    let missing = ["/leak.txt", "/outdir/secret.txt", "/outdir/page/", "/situations/self/about/", "/alias/"];
    assert_serves(&server, &fresh_build(&site, &server), &missing);

    // While serve runs: new links, and a file of the site replaced by a link.
    let mut events = server.events();
    symlink(outside.path().join("secret.txt"), site.path("content/leak2.txt")).unwrap();
    symlink(outside.path(), site.path("content/outdir2")).unwrap();
    symlink(outside.path().join("page.md"), site.path("content/situations/stolen.md")).unwrap();
    std::fs::remove_file(site.path("content/diagram.svg")).unwrap();
    symlink(outside.path().join("secret.txt"), site.path("content/diagram.svg")).unwrap();
    events.wait_for("event: reload");
    std::thread::sleep(Duration::from_millis(200));
    let missing =
        [&missing[..], &["/leak2.txt", "/outdir2/secret.txt", "/situations/stolen/", "/diagram.svg"]].concat();
    assert_serves(&server, &fresh_build(&site, &server), &missing);
    let log = server.output.lock().unwrap().clone();
    assert!(log.contains("`content/diagram.svg` is a symbolic link"), "serve warns too:\n{log}");
}

#[test]
fn only_its_own_host_names_are_answered() {
    let site = Site::fixture("basic");
    let server = Server::start(site.root(), &["--allow-host", "preview.test"]);
    let port = server.port;
    let get = |host: &str| common::http_request_with(port, "GET", "/", &[("Host", host)]).status;
    for host in [
        "localhost",
        &format!("localhost:{port}"),
        "127.0.0.1",
        &format!("[::1]:{port}"),
        "app.localhost",
        "preview.test:8080",
    ] {
        assert_eq!(get(host), 200, "Host: {host}");
    }
    for host in ["evil.example", &format!("evil.example:{port}"), "localhost.evil.example", "127.0.0.1.nip.io", ""] {
        assert_eq!(get(host), 403, "Host: {host:?}");
    }
    let stream = |origin: &str| {
        common::http_request_with(port, "HEAD", "/rajat/events", &[("Host", "localhost"), ("Origin", origin)]).status
    };
    assert_eq!(stream("http://evil.example"), 403, "another site's page may not listen to the event stream");
    assert_eq!(stream(&format!("http://localhost:{port}")), 200);
}

#[cfg(unix)]
#[test]
fn ctrl_c_stops_serve_while_pages_listen_for_reloads() {
    let site = Site::fixture("basic");
    let mut server = Server::start(site.root(), &[]);
    let streams: Vec<_> = (0..3).map(|_| server.events()).collect();
    let started = std::time::Instant::now();
    // SAFETY: the pid is our own child's.
    unsafe { libc::kill(server.child.id() as i32, libc::SIGINT) };
    loop {
        if server.child.try_wait().unwrap().is_some() {
            break;
        }
        assert!(started.elapsed() < Duration::from_secs(3), "serve still runs {:?} after Ctrl-C", started.elapsed());
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(started.elapsed() < Duration::from_millis(1500), "took {:?}", started.elapsed());
    drop(streams);
}

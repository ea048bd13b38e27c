//! The benchmark's input must be right before its numbers mean anything: the
//! synthetic guide is the same for the same seed, and it builds cleanly, so
//! every one of its links and anchors resolves.

mod common;
#[path = "../benches/pipeline/corpus.rs"]
mod corpus;

use common::snapshot;

#[test]
fn the_same_seed_writes_the_same_guide() {
    let (a, b, c) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    corpus::write(a.path(), 60, 7).unwrap();
    corpus::write(b.path(), 60, 7).unwrap();
    corpus::write(c.path(), 60, 8).unwrap();
    let (a, b, c) = (snapshot(a.path()), snapshot(b.path()), snapshot(c.path()));
    assert!(a == b, "same seed, same bytes");
    assert!(a != c, "another seed, another guide");
    let page = &a["content/section-03/page-03-0001.md"];
    let size = page.len();
    assert!((3_500..8_000).contains(&size), "about 5 KB of Markdown per page, got {size}");
}

#[test]
fn a_200_page_corpus_builds_with_every_link_valid() {
    let dir = tempfile::tempdir().unwrap();
    corpus::write(dir.path(), 200, 42).unwrap();
    let run = common::rajat(&["build", "--root", dir.path().to_str().unwrap()], dir.path());
    run.ok();
    // 200 pages, 20 sections and the home page; a broken link or anchor would have failed the build.
    assert!(run.stdout.starts_with("Built 221 pages"), "{}", run.stdout);
    let out = snapshot(&dir.path().join("public"));
    let page = String::from_utf8_lossy(&out["section-04/page-04-0003/index.html"]).into_owned();
    let links = common::links(&page);
    let internal: Vec<&String> = links.iter().filter(|l| l.contains("page-")).collect();
    assert!(internal.len() >= 3, "pages link to other pages: {links:?}");
    for link in internal {
        let target = common::resolve("section-04/page-04-0003/index.html", link).unwrap();
        assert!(out.contains_key(&target), "{link} resolves to a built page");
    }
    assert!(out.keys().any(|k| k.starts_with("rajat/")), "worksheet pages bring the form scripts");
}

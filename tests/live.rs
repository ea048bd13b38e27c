//! The in-memory site `serve` keeps: after any series of edits it must equal
//! a fresh `rajat build` byte for byte, and re-render only what an edit shows.

mod common;

use std::path::PathBuf;

use common::{Site, apply, served};
use rajat::live::LiveSite;

const BASE: &str = "http://127.0.0.1:1111/";

fn live(site: &Site) -> LiveSite {
    LiveSite::load(site.root(), false, BASE).expect("the fixture builds")
}

#[track_caller]
fn assert_same_as_build(site: &Site, live: &LiveSite, step: &str) {
    common::assert_serve_equals_build(site, live, BASE, step);
}

#[test]
fn a_series_of_edits_equals_a_fresh_build() {
    let site = Site::fixture("basic");
    let mut live = live(&site);
    assert_same_as_build(&site, &live, "initial");

    site.replace("content/situations/beta.md", "Text with a footnote.", "New body text.");
    let u = apply(&mut live, &["content/situations/beta.md"]);
    assert_eq!(
        u.changed,
        ["booklet/index.html", "rajat/search/en/stems-0.js", "rajat/search/en/text-0.js", "situations/beta/index.html"],
        "a body edit changes one page, the booklet and the search index"
    );
    assert_eq!(u.rendered, 1);
    assert_same_as_build(&site, &live, "body edit");

    site.replace("content/situations/beta.md", "title: Beta", "title: Bravo");
    let u = apply(&mut live, &["content/situations/beta.md"]);
    assert!(u.changed.contains(&"situations/alpha/index.html".to_string()), "alpha links to beta as next: {u:?}");
    assert_same_as_build(&site, &live, "title edit");

    site.replace("content/situations/beta.md", "weight: 2", "weight: 0");
    apply(&mut live, &["content/situations/beta.md"]);
    assert_same_as_build(&site, &live, "weight edit reorders");

    site.replace("content/about.md", "aliases: [old-about/, info.html]", "aliases: [old-about/]");
    let u = apply(&mut live, &["content/about.md"]);
    assert!(u.changed.contains(&"info.html".to_string()), "{u:?}");
    assert_same_as_build(&site, &live, "alias removed");

    site.replace("templates/section.html", "site section template", "edited section template");
    let u = apply(&mut live, &["templates/section.html"]);
    assert_eq!(u.changed, ["situations/index.html"], "only the section uses section.html");
    assert_same_as_build(&site, &live, "template edit");

    site.replace("static/style.css", "color: black", "color: navy");
    let u = apply(&mut live, &["static/style.css"]);
    assert_eq!(u.changed, ["style.css"]);
    assert!(u.only_css());
    assert_same_as_build(&site, &live, "static edit");

    site.write(
        "content/situations/delta.md",
        "---\ntitle: Delta\nweight: 3\n---\nNew page linking [alpha](alpha.md).\n",
    );
    apply(&mut live, &["content/situations/delta.md"]);
    assert_same_as_build(&site, &live, "page added");

    std::fs::rename(site.path("content/situations/delta.md"), site.path("content/situations/epsilon.md")).unwrap();
    apply(&mut live, &["content/situations/delta.md", "content/situations/epsilon.md"]);
    assert_same_as_build(&site, &live, "page renamed");

    std::fs::remove_file(site.path("content/situations/epsilon.md")).unwrap();
    apply(&mut live, &["content/situations/epsilon.md"]);
    assert_same_as_build(&site, &live, "page deleted");

    site.replace("content/situations/alpha.md", "weight: 1", "weight: 1\nslug: first");
    apply(&mut live, &["content/situations/alpha.md"]);
    assert!(live.files().contains_key("situations/first/index.html"));
    assert_same_as_build(&site, &live, "slug edit");

    site.replace("content/situations/gamma.md", "draft: true", "draft: false");
    apply(&mut live, &["content/situations/gamma.md"]);
    assert_same_as_build(&site, &live, "draft published");

    site.write("content/situations/chart.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>");
    let u = apply(&mut live, &["content/situations/chart.svg"]);
    assert_eq!(u.changed, ["situations/chart.svg"]);
    assert_same_as_build(&site, &live, "asset added");

    site.write(
        "templates/page.html",
        "{% extends \"base.html\" %}{% block main %}<h1>{{ page.title }}</h1>{{ page.content }}{% endblock %}",
    );
    apply(&mut live, &["templates/page.html"]);
    assert_same_as_build(&site, &live, "site template added over the theme's");

    site.replace("site.yaml", "title: Fixture Guide", "title: Renamed Guide");
    apply(&mut live, &["site.yaml"]);
    assert_same_as_build(&site, &live, "site.yaml edit");

    site.write("content/_index.md", "---\ntitle: Home again\n---\nShort home.\n");
    apply(&mut live, &["content/_index.md"]);
    assert_same_as_build(&site, &live, "home rewritten");
}

#[test]
fn a_broken_edit_keeps_the_last_good_site_until_fixed() {
    let site = Site::fixture("basic");
    let mut live = live(&site);
    let before = served(&live);

    site.replace("content/situations/beta.md", "title: Beta", "title: [Beta");
    let err = live.apply(&[PathBuf::from("content/situations/beta.md")]).unwrap_err();
    assert!(err.to_string().contains("content/situations/beta.md:2"), "{err}");
    assert!(served(&live) == before, "the last good site stays");

    // Another edit elsewhere still reports the broken file.
    site.replace("content/about.md", "Everyone.", "Everybody.");
    assert!(live.apply(&[PathBuf::from("content/about.md")]).is_err());

    site.replace("content/situations/beta.md", "title: [Beta", "title: Beta");
    let u = live.apply(&[PathBuf::from("content/situations/beta.md")]).expect("fixed");
    assert!(u.changed.contains(&"about/index.html".to_string()), "the about edit lands once fixed: {u:?}");
    assert_same_as_build(&site, &live, "recovered");

    site.replace("content/situations/alpha.md", "beta.md#what-to-say", "beta.md#nowhere");
    assert!(live.apply(&[PathBuf::from("content/situations/alpha.md")]).is_err(), "broken anchor");
    site.replace("content/situations/beta.md", "## What to say", "## What to tell them");
    site.replace("content/situations/alpha.md", "beta.md#nowhere", "beta.md#what-to-say");
    let err = live
        .apply(&[PathBuf::from("content/situations/alpha.md"), PathBuf::from("content/situations/beta.md")])
        .unwrap_err();
    assert!(err.to_string().contains("#what-to-say"), "removing a linked heading breaks the link: {err}");
}

#[test]
fn editor_leftovers_are_ignored() {
    let site = Site::fixture("basic");
    let mut live = live(&site);
    site.write("content/.about.md.swp", "garbage");
    site.write("content/about.md~", "garbage");
    let u = apply(&mut live, &["content/.about.md.swp", "content/about.md~", "public/index.html", "target/x"]);
    assert_eq!(u, rajat::live::Update::default());
}

/// The guide's own self-check and letter pages show the titles of the
/// situation pages their forms link to: retitling one must update them.
#[test]
fn retitling_a_situation_updates_the_forms_that_show_it() {
    let site = Site { dir: tempfile::tempdir().unwrap() };
    let repo = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    common::copy_dir(&repo.join("content"), &site.path("content"));
    std::fs::copy(repo.join("site.yaml"), site.path("site.yaml")).unwrap();
    // Without the sidebar, only the form itself shows the other page's title.
    site.write("templates/page.html", "<h1>{{ page.title }}</h1>{{ page.content }}{{ page.form }}");
    let mut live = live(&site);
    assert_same_as_build(&site, &live, "the guide");
    let text = site.read("content/situations/wont-pay.md");
    let title_line = text.lines().find(|l| l.starts_with("title:")).unwrap().to_string();
    site.replace("content/situations/wont-pay.md", &title_line, "title: Money talks, and says no");
    let u = apply(&mut live, &["content/situations/wont-pay.md"]);
    assert!(u.changed.contains(&"self-check/index.html".to_string()), "the self-check lists the situation: {u:?}");
    assert!(
        String::from_utf8_lossy(&live.files().get("self-check/index.html").unwrap()[..])
            .contains("Money talks, and says no")
    );
    assert_same_as_build(&site, &live, "retitled situation");
}

/// A guide large enough that each page shows only part of the navigation
/// (`page.nav`): home, section `a` with 70 pages, section `b` with 3.
fn large_guide() -> Site {
    let site = Site { dir: tempfile::tempdir().unwrap() };
    site.write("site.yaml", "title: Large\nbase_url: https://example.org/\n");
    site.write("content/_index.md", "---\ntitle: Home\n---\nStart.\n");
    site.write("content/a/_index.md", "---\ntitle: Section A\nweight: 1\n---\nA.\n");
    site.write("content/b/_index.md", "---\ntitle: Section B\nweight: 2\n---\nB.\n");
    for i in 0..70 {
        site.write(
            &format!("content/a/p{i:02}.md"),
            format!("---\ntitle: Page A{i:02}\nweight: {i}\n---\nText {i}.\n"),
        );
    }
    for i in 0..3 {
        site.write(&format!("content/b/q{i}.md"), format!("---\ntitle: Page B{i}\nweight: {i}\n---\nText.\n"));
    }
    site
}

/// The pages of the large guide whose HTML shows `text`.
fn showing(live: &LiveSite, text: &str) -> Vec<String> {
    let mut pages: Vec<String> = served(live)
        .into_iter()
        .filter(|(p, b)| {
            p.ends_with("index.html") && p != "booklet/index.html" && String::from_utf8_lossy(b).contains(text)
        })
        .map(|(p, _)| p)
        .collect();
    pages.sort();
    pages
}

#[test]
fn a_title_edit_renders_again_exactly_the_pages_that_show_it() {
    let site = large_guide();
    let mut live = live(&site);
    assert_same_as_build(&site, &live, "initial");
    // Page 5 is in the navigation of the pages near it, and of its section.
    let before = showing(&live, ">Page A05<");
    assert!(before.len() > 10 && before.len() < 30, "a window of the section shows it: {before:?}");
    assert!(!before.contains(&"b/q1/index.html".to_string()), "another section's pages do not");

    site.replace("content/a/p05.md", "title: Page A05", "title: Page A05 renamed");
    let u = apply(&mut live, &["content/a/p05.md"]);
    assert_eq!(u.rendered, before.len(), "exactly the pages that showed the old title: {:?}", u.changed);
    assert_eq!(showing(&live, ">Page A05 renamed<"), before, "and they show the new one");
    assert_same_as_build(&site, &live, "title edit");

    // A short title is what the navigation shows.
    site.replace("content/a/p05.md", "weight: 5", "short_title: Five\nweight: 5");
    apply(&mut live, &["content/a/p05.md"]);
    assert_eq!(showing(&live, ">Five<"), before, "the same pages, its own included");
    assert_same_as_build(&site, &live, "short title");

    // A page moves from the start of the section to its end: the windows at both ends change.
    site.replace("content/a/p02.md", "weight: 2", "weight: 99");
    apply(&mut live, &["content/a/p02.md"]);
    assert_same_as_build(&site, &live, "a page moved far");
    site.replace("content/b/q1.md", "title: Page B1", "title: Page B1 renamed");
    let u = apply(&mut live, &["content/b/q1.md"]);
    assert!(u.rendered <= 5, "section b's pages, its section and neighbours: {u:?}");
    assert_same_as_build(&site, &live, "a title in the small section");
    site.write("content/a/p70.md", "---\ntitle: Page A70\nweight: 70\n---\nNew.\n");
    apply(&mut live, &["content/a/p70.md"]);
    assert_same_as_build(&site, &live, "a page added");
}

//! One reading of links everywhere: the same link written in a page's body,
//! in a form's help text, or as a menu entry leads to the same address.

mod common;

use common::Site;

/// Links written from `content/a/form.md`, and where each must lead in the built site.
const LINKS: &[(&str, &str)] = &[
    ("target.md", "/guide/a/target/"),
    ("target.md#why", "/guide/a/target/#why"),
    ("target.md?x=1#why", "/guide/a/target/?x=1#why"),
    ("./target.md", "/guide/a/target/"),
    ("../_index.md", "/guide/"),
    ("../b.md", "/guide/b/"),
    ("pic.png", "/guide/a/pic.png"),
    ("pic.png?v=2", "/guide/a/pic.png?v=2"),
    ("/files/x.pdf", "/guide/files/x.pdf"),
    ("https://example.com/a.md", "https://example.com/a.md"),
    ("mailto:me@example.com", "mailto:me@example.com"),
    ("#goal", "#goal"),
];

fn site() -> Site {
    let dir = tempfile::tempdir().unwrap();
    let site = Site { dir };
    let list: String = LINKS.iter().enumerate().map(|(i, (dest, _))| format!("[link {i}]({dest}) ")).collect();
    site.write(
        "site.yaml",
        "title: Links\nbase_url: https://example.org/guide/\nrelative_urls: false\nmenu:\n  - title: Target\n    page: a/target.md\n  - title: Home\n    page: ./_index.md\n  - title: Files\n    url: /files/x.pdf\n  - title: Elsewhere\n    url: https://example.com/a.md\n",
    );
    site.write("content/_index.md", "---\ntitle: Home\n---\n[b](b.md) [form](a/form.md)\n");
    site.write("content/b.md", "---\ntitle: B\n---\nB.\n");
    site.write("content/a/target.md", "---\ntitle: Target\n---\n## Why\n\nBecause.\n");
    site.write("content/a/pic.png", "png");
    site.write("static/files/x.pdf", "pdf");
    site.write(
        "content/a/form.md",
        format!("---\ntitle: Form\nform:\n  fields:\n    - id: goal\n      kind: long-text\n      label: Goal\n      help: \"{list}\"\n---\n{list}\n"),
    );
    site
}

/// The `href`s in the part of `html` that starts at `start` and ends at `end`.
fn hrefs_between(html: &str, start: &str, end: &str) -> Vec<String> {
    let from = html.find(start).unwrap_or_else(|| panic!("no `{start}` in the page"));
    let part = &html[from..];
    let part = &part[..part.find(end).unwrap_or(part.len())];
    common::links(part).into_iter().filter(|l| !l.starts_with("#link") && !l.contains("heading")).collect()
}

#[test]
fn body_form_and_menu_links_to_the_same_place_resolve_alike() {
    let site = site();
    site.rajat(&["build"]).ok();
    let page = site.read("public/a/form/index.html");
    let expected: Vec<&str> = LINKS.iter().map(|(_, href)| *href).collect();
    let body = hrefs_between(&page, "<div class=\"content\">", "</div>");
    assert_eq!(body, expected, "links in the body");
    let help = hrefs_between(&page, "<div class=\"rajat-help\"", "</div>");
    assert_eq!(help, expected, "links in the form's help text");
    // The menu names pages relative to content/, and other addresses as they are.
    for (title, href) in [
        ("Target", "/guide/a/target/"),
        ("Home", "/guide/"),
        ("Files", "/guide/files/x.pdf"),
        ("Elsewhere", "https://example.com/a.md"),
    ] {
        assert!(page.contains(&format!("<a href=\"{href}\">{title}</a>")), "menu entry {title} → {href}:\n{page}");
    }
}

#[test]
fn a_broken_link_is_the_same_error_in_body_and_form() {
    let site = site();
    site.replace("content/a/form.md", "help: \"", "help: \"[gone](gone.md) ");
    site.replace("content/a/form.md", "---\n[link 0]", "---\n[gone](gone.md) [link 0]");
    let run = site.rajat(&["build"]);
    assert_eq!(run.code, 1);
    let message = "broken link: `gone.md` points to a page that does not exist";
    assert_eq!(run.stderr.matches(message).count(), 2, "once for the body, once for the form:\n{}", run.stderr);
    assert!(run.stderr.contains("--> content/a/form.md:8:"), "the form's help line:\n{}", run.stderr);
    assert!(run.stderr.contains("--> content/a/form.md:10:1"), "the body line:\n{}", run.stderr);
}

//! Forms as an author and a reader meet them in the built site: one form of
//! each kind (tests/fixtures/forms), its markup, its embedded definition, and
//! the errors a mistake in a definition produces.

mod common;

use std::collections::HashSet;

use common::Site;

/// Every value of `attr="…"` in `html`.
fn attr_values(html: &str, attr: &str) -> Vec<String> {
    let needle = format!(" {attr}=\"");
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find(&needle) {
        rest = &rest[i + needle.len()..];
        if let Some(end) = rest.find('"') {
            out.push(rest[..end].to_string());
        }
    }
    out
}

/// The definition a page embeds for the browser.
fn definition(html: &str) -> serde_json::Value {
    let start = html.find("<script type=\"application/json\"").expect("a definition");
    let body = &html[start..];
    let body = &body[body.find('>').expect("tag end") + 1..body.find("</script>").expect("script end")];
    serde_json::from_str(body).expect("the definition is JSON")
}

fn built() -> Site {
    let site = Site::fixture("forms");
    site.rajat(&["build"]).ok();
    site
}

#[test]
fn forms_render_as_labelled_markup_that_needs_no_inline_code() {
    let site = built();
    let sheet = site.read("public/tools/sheet/index.html");
    let ids: Vec<String> = attr_values(&sheet, "id");
    let unique: HashSet<&String> = ids.iter().collect();
    assert_eq!(ids.len(), unique.len(), "ids on the page are unique: {ids:?}");
    for target in attr_values(&sheet, "for") {
        assert!(unique.contains(&target), "<label for=\"{target}\"> points at nothing");
    }
    for list in attr_values(&sheet, "aria-describedby") {
        for target in list.split_whitespace() {
            assert!(unique.contains(&target.to_string()), "aria-describedby=\"{target}\" points at nothing");
        }
    }
    for needle in [
        r#"<form class="rajat-form rajat-form--worksheet" id="rajat-form-sheet" method="dialog""#,
        r#"<li class="rajat-field rajat-field--long-text" id="story">"#,
        r#"<label class="rajat-label" for="rajat-story--input">Tell the story &lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt; <span class="rajat-required">(required)</span></label>"#,
        r#"aria-describedby="rajat-story--help""#,
        r#"<input type="text" class="rajat-input" id="rajat-name--input" name="name" placeholder="e.g. Mira" value="">"#,
        r#"<legend class="rajat-label">Pick one</legend>"#,
        r#"<input type="checkbox" class="rajat-choice" id="rajat-many--one" name="many" value="one"><label for="rajat-many--one">Option &amp; one</label>"#,
        r#"<span class="rajat-scale-low" id="rajat-rate--low">Not at all</span>"#,
        r#"<input type="radio" class="rajat-choice" id="rajat-agree--yes" name="agree" value="yes">"#,
        // Help text is Markdown, with links resolved like the body's.
        r#"See <a href="../../situations/pay/#why-it-is-a-no">why</a> first."#,
        r#"<p class="rajat-status" role="status"></p>"#,
        // The script and stylesheet are found from the page, wherever the site is.
        r#"<script type="module" src="../../rajat/forms.js"></script>"#,
        r#"<link rel="stylesheet" href="../../forms.css">"#,
    ] {
        assert!(sheet.contains(needle), "missing {needle}");
    }
    // Under `default-src 'self'` only external scripts and data blocks may appear.
    for tag in sheet.match_indices("<script").map(|(i, _)| &sheet[i..sheet[i..].find('>').map_or(i, |e| i + e)]) {
        assert!(tag.contains(" src=\"") || tag.contains("type=\"application/json\""), "inline script: {tag}");
    }
    assert!(!sheet.contains("style=\"") && !sheet.contains(" onclick=") && !sheet.contains("<script>alert"));
    // The label's `</script>` cannot end the data block; it arrives intact.
    let def = definition(&sheet);
    assert_eq!(def["fields"][0]["label"], "Tell the story </script><script>alert(1)</script>");
    assert_eq!(def["storage"], "rajat/v1:/guide/tools/sheet/#sheet");
    assert_eq!(def["fields"][5]["options"].as_array().map(Vec::len), Some(5), "a scale is 1 to 5");

    for script in [
        "forms.js",
        "answers.js",
        "share.js",
        "sharing.js",
        "received.js",
        "strings.js",
        "dom.js",
        "storage.js",
        "self-check.js",
        "letter.js",
        "export.js",
    ] {
        assert!(site.path("public/rajat").join(script).is_file(), "rajat/{script} is published");
    }
    assert!(!site.path("public/rajat/live-reload.js").exists(), "only `serve` has live reload");
    let home = site.read("public/index.html");
    assert!(!home.contains("forms.js") && !home.contains("forms.css"), "a page without a form loads neither");
}

#[test]
fn the_self_check_knows_its_situations_and_the_letter_s_reasons() {
    let site = built();
    let check = site.read("public/tools/check/index.html");
    let def = definition(&check);
    assert_eq!(def["kind"], "self-check");
    // Relative to the page, as its links are: the script sets them as they are.
    assert_eq!(def["letter_url"], "../letter/");
    assert_eq!(
        def["fields"][0]["situation"],
        serde_json::json!({"url": "../../situations/pay/", "title": "They won’t pay", "reason": "pay"})
    );
    assert!(def["fields"][1]["situation"].get("reason").is_none(), "the letter has no reason for evenings");
    assert_eq!(def["results"][1], serde_json::json!({"min": 1, "max": 3, "title": "Careful"}));
    assert_eq!(def["stop_title"], "Say no");
    for needle in [
        r#"<div class="rajat-result-live" aria-live="polite">"#,
        r#"<span class="rajat-band-name">Careful</span> <span class="rajat-band-range">1 to 3 points</span>"#,
        r#"<label for="rajat-pay--no">No <span class="rajat-points">(1 point, a no on its own)</span></label>"#,
        r#"<p class="rajat-situation">See <a href="../../situations/pay/">They won’t pay</a></p>"#,
        r#"Go ahead, see <a href="../../">home</a>."#,
    ] {
        assert!(check.contains(needle), "missing {needle}");
    }
    // A question is a link target like a heading.
    assert!(site.read("public/index.html").contains(r#"href="tools/check/#pay""#));

    let letter = site.read("public/tools/letter/index.html");
    assert!(letter.contains(r#"<section class="rajat-letter" aria-labelledby="rajat-letter-title""#));
    assert!(letter.contains(r#"<textarea class="rajat-input" id="rajat-decline--input" name="decline" rows="4">I won’t take this on.</textarea>"#));
    let def = definition(&letter);
    assert_eq!(def["letter"]["greeting"], "Hi {recipient},");
    // The reason the guide advises not to explain, and how much to explain, starting "as advised".
    assert_eq!(def["fields"][3]["options"][1]["explain"], false);
    assert!(def["fields"][3]["options"][0].get("explain").is_none());
    assert_eq!(def["fields"][4]["default"], "advised");
    assert!(letter.contains(r#"id="rajat-explanation--advised" name="explanation" value="advised" checked>"#));
    assert!(!letter.contains(r#"value="none" checked"#), "only the default is checked");
}

#[test]
fn the_owner_s_contact_reaches_every_form_and_is_checked_at_its_line() {
    let site = built();
    for page in ["tools/sheet", "tools/check", "tools/letter"] {
        let def = definition(&site.read(&format!("public/{page}/index.html")));
        assert_eq!(def["contact"], serde_json::json!({"name": "Mira Virtanen", "email": "mira@example.org"}), "{page}");
    }
    let site = Site::fixture("forms");
    site.replace("site.yaml", "  email: mira@example.org", "  email: mira(at)example.org");
    let run = site.rajat(&["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("`mira(at)example.org` is not an email address"), "{}", run.stderr);
    assert!(run.stderr.contains("--> site.yaml:7:10"), "{}", run.stderr);
    assert!(run.stderr.contains("= help: "), "{}", run.stderr);

    let site = Site::fixture("forms");
    site.replace("site.yaml", "contact:\n  name: Mira Virtanen\n  email: mira@example.org\n", "");
    site.rajat(&["build"]).ok();
    let def = definition(&site.read("public/tools/sheet/index.html"));
    assert!(def.get("contact").is_none(), "without `contact:` the forms name nobody");
}

/// The 1-based number of the last line of `text` containing `needle`.
fn line_of(text: &str, needle: &str) -> usize {
    let lines: Vec<&str> = text.lines().collect();
    lines.iter().rposition(|l| l.contains(needle)).map(|i| i + 1).unwrap_or_else(|| panic!("no `{needle}`"))
}

#[test]
fn mistakes_in_a_definition_name_the_file_line_and_what_to_do() {
    // File, text to change, its replacement, words of the message, text on the line it must point at.
    let cases = [
        (
            "content/tools/check.md",
            "../situations/hours.md",
            "../situations/evenings.md",
            "points to a page that does not exist",
            "../situations/evenings.md",
        ),
        (
            "content/tools/check.md",
            "letter_page: letter.md",
            "letter_page: sheet.md",
            "has no letter form to open",
            "letter_page: sheet.md",
        ),
        (
            "content/tools/check.md",
            "{ min: 1, max: 3, title: Careful }",
            "{ min: 2, max: 3, title: Careful }",
            "no band covers a score of 1",
            "title: Careful",
        ),
        (
            "content/tools/check.md",
            "{ label: \"Yes\", points: 2 }",
            "{ label: \"Yes\", points: 4 }",
            "no result covers a score of 5",
            "title: Careful",
        ),
        (
            "content/tools/check.md",
            "stop_result: { title: Say no, text: Now. }",
            "",
            "an answer has `stop: true`",
            "stop: true",
        ),
        ("content/tools/sheet.md", "kind: yes-no", "kind: checkbox", "unknown field kind `checkbox`", "kind: checkbox"),
        (
            "content/tools/sheet.md",
            "options: [Red, Green]",
            "options: []",
            "has an empty list of answers",
            "- id: pick",
        ),
        ("content/tools/sheet.md", "- id: name", "- id: lines", "two fields have the id `lines`", "- id: lines"),
        (
            "content/tools/sheet.md",
            "options: [Red, Green]",
            "options: [{label: Red, points: 1}, Green]",
            "only a self-check counts answers",
            "- id: pick",
        ),
        (
            "content/tools/letter.md",
            "{ id: sender, kind: short-text",
            "{ id: sender, kind: list",
            "must be `short-text`",
            "id: sender",
        ),
        ("content/_index.md", "check.md#pay", "check.md#payment", "broken anchor: `#payment`", "check.md#payment"),
        (
            "content/tools/letter.md",
            "default: advised",
            "default: always",
            "`default: always` is not one of the answers of `explanation`",
            "default: always",
        ),
        (
            "content/tools/letter.md",
            "{ label: Every reason, value: all }",
            "{ label: Every reason, value: every }",
            "does not know the explanation `every`",
            "label: Every reason",
        ),
    ];
    for (file, from, to, message, at) in cases {
        let site = Site::fixture("forms");
        site.replace(file, from, to);
        let run = site.rajat(&["build"]);
        assert_eq!(run.code, 1, "{file}: `{to}` must fail the build:\n{}", run.stderr);
        let line = line_of(&site.read(file), at);
        assert!(run.stderr.contains(message), "{file}: `{to}`: expected \"{message}\" in:\n{}", run.stderr);
        assert!(
            run.stderr.contains(&format!("--> {file}:{line}:")),
            "{file}: `{to}`: expected line {line} in:\n{}",
            run.stderr
        );
        assert!(run.stderr.contains("= help: "), "every error says what to do:\n{}", run.stderr);
        assert!(!site.path("public").exists(), "a failed build writes nothing");
    }
}

#[test]
fn a_question_id_may_not_shadow_a_heading() {
    let site = Site::fixture("forms");
    site.replace("content/tools/sheet.md", "Intro.", "## Story\n\nIntro.");
    let run = site.rajat(&["build"]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("the field `story` has the same id as a heading"), "{}", run.stderr);
    assert!(run.stderr.contains("--> content/tools/sheet.md:6:"), "{}", run.stderr);
}

//! Property tests of every reader of untrusted input: front matter, Markdown,
//! form definitions and `site.yaml`. Each gets a few hundred inputs, some
//! built from the pieces authors write and some plain noise; whatever comes
//! in, nothing panics, and every problem names its file and a line that
//! exists, and says what to do.
//!
//! Bounded so that `cargo test` stays quick; `PROPTEST_CASES=20000 cargo test
//! --release --test fuzz` runs a longer campaign.

use proptest::prelude::*;
use rajat::Diagnostic;

/// Inputs per test: 256, or `PROPTEST_CASES` for a longer campaign.
fn cases() -> u32 {
    std::env::var("PROPTEST_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(256)
}

/// Pieces of front matter: keys rajat knows, a few it does not, and values of every shape.
fn front_matter_line() -> impl Strategy<Value = String> {
    let key = prop_oneof![
        Just("title"),
        Just("description"),
        Just("weight"),
        Just("date"),
        Just("draft"),
        Just("template"),
        Just("slug"),
        Just("aliases"),
        Just("extra"),
        Just("tilte"),
        Just("form"),
        Just(""),
        Just("- x"),
    ];
    let value = prop_oneof![
        Just("Hello".to_string()),
        Just("".into()),
        Just("[a, b".into()),
        Just("{a: 1}".into()),
        Just("'quoted'".into()),
        Just("99999999999999999999999".into()),
        Just("-3".into()),
        Just("1.5".into()),
        Just("yes".into()),
        Just("2026-13-45".into()),
        Just("a/b".into()),
        Just("&anchor *alias".into()),
        Just("!tag x".into()),
        Just("|\n  block".into()),
        "[ -~]{0,20}".prop_map(|s| s),
    ];
    (key, value, 0..4usize).prop_map(|(k, v, indent)| format!("{}{k}: {v}", " ".repeat(indent)))
}

/// Markdown made of the constructs a guide uses, in any order.
fn markdown() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("## Heading\n\n".to_string()),
        Just("## Heading\n\n".into()),
        Just("### Deep {#id}\n".into()),
        Just("[a link](other.md#heading)".into()),
        Just("[broken](gone.md)".into()),
        Just("[draft](draft.md)".into()),
        Just("[up](../../x.md)".into()),
        Just("[same](#heading)".into()),
        Just("![img](pic.png)".into()),
        Just("[^1]\n\n[^1]: note\n".into()),
        Just("| a | b |\n|---|---|\n| 1 | 2 |\n".into()),
        Just("- [x] done\n".into()),
        Just("```\ncode [x](y.md)\n```\n".into()),
        Just("<div id=\"raw\">\n".into()),
        Just("> quote\n".into()),
        Just("*em* **strong** ~~del~~ \"quotes\"".into()),
        Just("\n\n".into()),
        Just("ä ö 漢字 🙂".into()),
        "[ -~\n]{0,40}".prop_map(|s| s),
    ];
    prop::collection::vec(piece, 0..30).prop_map(|pieces| pieces.concat())
}

/// A form definition: fields of every kind, with and without what each needs.
fn form() -> impl Strategy<Value = String> {
    let field = prop_oneof![
        Just("  - {id: a, kind: short-text, label: A}\n".to_string()),
        Just("  - {id: a, kind: long-text, label: A, default: x}\n".into()),
        Just("  - {id: b, kind: single-choice, label: B, options: [Yes, No]}\n".into()),
        Just("  - {id: c, kind: single-choice, label: C, options: [{label: Yes, points: 9223372036854775807, stop: true}, {label: No, points: -9223372036854775808}]}\n".into()),
        Just("  - {id: d, kind: multiple-choice, label: D, options: [{label: X, points: 1000}, {label: Y, points: -1000}]}\n".into()),
        Just("  - {id: e, kind: scale, label: E, low: no, high: yes}\n".into()),
        Just("  - {id: f, kind: yes-no, label: F, options: [x]}\n".into()),
        Just("  - {id: Bad Id, kind: list, label: G}\n".into()),
        Just("  - {id: recipient, kind: short-text, label: R}\n".into()),
        Just("  - {id: reasons, kind: multiple-choice, label: R, options: [{label: P, text: t, situation: ../p.md}]}\n".into()),
        Just("  - x\n".into()),
        Just("  - {kind: short-text}\n".into()),
    ];
    let head = prop_oneof![
        Just("kind: self-check\n".to_string()),
        Just("kind: letter\nletter: {subject: S, greeting: 'Hi {recipient},', greeting_without_name: Hello}\n".into()),
        Just("kind: worksheet\n".into()),
        Just("kind: quiz\n".into()),
        Just("".into()),
    ];
    let results = prop_oneof![
        Just("".to_string()),
        Just("results:\n  - {min: 0, max: 9223372036854775807, title: All}\n".into()),
        Just(
            "results:\n  - {min: -9223372036854775808, max: 0, title: Low}\n  - {min: 1, max: 3, title: High}\n".into()
        ),
        Just("results: []\n".into()),
        Just("stop_result: {title: No}\n".into()),
    ];
    (head, prop::collection::vec(field, 0..6), results)
        .prop_map(|(head, fields, results)| format!("{head}fields:\n{}{results}", fields.concat()))
}

/// Checks what every problem must be: in a file, at a line the input has, with a hint.
fn well_formed(d: &Diagnostic, input: &str, file: &str) -> Result<(), TestCaseError> {
    let path = d.path.as_ref().map(|p| p.to_string_lossy().into_owned());
    prop_assert_eq!(path.as_deref(), Some(file), "{}", d);
    let lines = input.lines().count().max(1);
    prop_assert!(d.line >= 1 && d.line <= lines + 1, "line {} of {} lines: {}", d.line, lines, d);
    prop_assert!(d.hint.as_deref().is_some_and(|h| !h.is_empty()), "no hint: {}", d);
    prop_assert!(!d.message.contains('\u{1e}') && !d.message.contains("invalid type:"), "serde's words: {}", d);
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn front_matter_never_panics_and_points_at_a_line(lines in prop::collection::vec(front_matter_line(), 0..8), body in markdown()) {
        let text = format!("---\n{}\n---\n{body}", lines.join("\n"));
        for d in rajat::fuzz::page(&text) {
            well_formed(&d, &text, "content/a/page.md")?;
        }
    }

    #[test]
    fn markdown_never_panics_and_points_at_a_line(body in markdown()) {
        let text = format!("---\ntitle: T\n---\n{body}");
        for d in rajat::fuzz::page(&text) {
            well_formed(&d, &text, "content/a/page.md")?;
        }
    }

    #[test]
    fn form_definitions_never_panic_or_overflow(yaml in form()) {
        if let Err(d) = rajat::fuzz::form(&yaml) {
            let text = format!("---\ntitle: T\nform:\n{}---\n", yaml.lines().map(|l| format!("  {l}\n")).collect::<String>());
            well_formed(&d, &text, "content/a.md")?;
        }
    }

    #[test]
    fn site_yaml_never_panics(lines in prop::collection::vec(front_matter_line(), 0..8)) {
        let text = format!("base_url: https://e.org/\n{}", lines.join("\n"));
        if let Err(e) = rajat::fuzz::site_yaml(&text) {
            for d in &e.diagnostics {
                well_formed(d, &text, "site.yaml")?;
            }
        }
    }

    #[test]
    fn noise_never_panics(text in "\\PC{0,300}") {
        let _ = rajat::fuzz::page(&text);
        let _ = rajat::fuzz::page(&format!("---\n{text}\n---\n{text}"));
        let _ = rajat::fuzz::form(&text);
        let _ = rajat::fuzz::site_yaml(&text);
    }
}

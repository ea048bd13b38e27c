//! `rajat init` and `rajat new` as a newcomer uses them: from nothing to a guide
//! that builds, without ever losing a file they already had.

mod common;

use std::path::Path;

use common::{rajat, snapshot};

fn init(dir: &Path, args: &[&str]) -> common::Run {
    let mut all = vec!["init", dir.to_str().unwrap()];
    all.extend(args);
    rajat(&all, dir.parent().unwrap())
}

fn build(dir: &Path) -> common::Run {
    rajat(&["build", "--root", dir.to_str().unwrap()], dir)
}

#[test]
fn init_writes_a_guide_that_builds_with_the_embedded_theme() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("my-guide");
    let run = init(&dir, &[]);
    run.ok();
    assert!(run.stdout.contains("cd "), "tells the next command:\n{}", run.stdout);
    assert!(run.stdout.contains("my-guide && rajat serve"), "{}", run.stdout);

    let files = snapshot(&dir);
    for name in [
        "site.yaml",
        "content/_index.md",
        "content/self-check.md",
        "content/situations/wont-pay.md",
        "content/worksheets/red-lines.md",
    ] {
        assert!(files.contains_key(name), "{name} missing: {:?}", files.keys());
    }
    // The starter is this repository's own guide, byte for byte.
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let ours = snapshot(&repo.join("content"));
    for (name, bytes) in &ours {
        assert_eq!(files.get(&format!("content/{name}")), Some(bytes), "content/{name} differs from the guide's");
    }
    let yaml = String::from_utf8_lossy(&files["site.yaml"]).into_owned();
    assert!(yaml.contains("# Change base_url") && yaml.contains("base_url: https://example.org/"), "{yaml}");

    assert!(!dir.join("themes").exists(), "the theme stays embedded");
    let run = build(&dir);
    run.ok();
    assert!(run.stdout.contains(&format!("Built {} pages", ours.keys().filter(|n| n.ends_with(".md")).count())));
    assert!(dir.join("public/situations/wont-pay/index.html").is_file());
    assert!(!dir.join("themes").exists());
}

#[test]
fn init_refuses_a_folder_that_is_not_empty_and_changes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("notes");
    std::fs::create_dir_all(dir.join("content")).unwrap();
    std::fs::write(dir.join("site.yaml"), "my own settings").unwrap();
    std::fs::write(dir.join("todo.txt"), "buy milk").unwrap();
    let before = snapshot(&dir);
    let run = init(&dir, &[]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(run.stderr.contains("is not empty") && run.stderr.contains("`todo.txt`"), "{}", run.stderr);
    assert!(run.stderr.contains("--force"), "says what to do: {}", run.stderr);
    assert!(before == snapshot(&dir), "a refused init changed the folder");
    assert_eq!(std::fs::read_dir(dir.join("content")).unwrap().count(), 0);
}

#[test]
fn init_force_adds_the_starter_but_never_overwrites() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().to_path_buf();
    std::fs::create_dir_all(dir.join("content")).unwrap();
    let mine = "---\ntitle: My own home page\n---\nHello.\n";
    std::fs::write(dir.join("content/_index.md"), mine).unwrap();
    std::fs::write(dir.join("todo.txt"), "buy milk").unwrap();
    let run = init(&dir, &["--force"]);
    run.ok();
    assert!(run.stdout.contains("Left 1 existing file as it was:\n  content/_index.md"), "{}", run.stdout);
    assert_eq!(std::fs::read_to_string(dir.join("content/_index.md")).unwrap(), mine);
    assert_eq!(std::fs::read_to_string(dir.join("todo.txt")).unwrap(), "buy milk");
    assert!(dir.join("content/situations/guarantee.md").is_file());
    build(&dir).ok();
}

#[test]
fn a_git_folder_does_not_make_a_folder_non_empty() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(tmp.path().join(".git")).unwrap();
    init(tmp.path(), &[]).ok();
    assert!(tmp.path().join("site.yaml").is_file());
}

#[test]
fn eject_theme_writes_the_default_theme_and_the_site_still_builds() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("guide");
    let run = init(&dir, &["--eject-theme"]);
    run.ok();
    assert!(run.stdout.contains("themes/default/"), "{}", run.stdout);
    let theme = snapshot(&dir.join("themes/default"));
    for name in ["theme.yaml", "templates/base.html", "templates/page.html", "static/style.css"] {
        assert!(theme.contains_key(name), "{name} missing: {:?}", theme.keys());
    }
    // The ejected theme is the one in use: an edit there shows in the built site.
    let page = dir.join("themes/default/templates/page.html");
    let text = std::fs::read_to_string(&page).unwrap();
    std::fs::write(&page, text.replacen("{% block main %}", "{% block main %}<p>ejected theme</p>", 1)).unwrap();
    build(&dir).ok();
    let html = std::fs::read_to_string(dir.join("public/about/index.html")).unwrap();
    assert!(html.contains("ejected theme"), "the site must use themes/default/ on disk");
}

#[test]
fn init_into_a_file_fails_clearly() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("guide");
    std::fs::write(&file, "x").unwrap();
    let run = init(&file, &["--force"]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("is a file, not a folder"), "{}", run.stderr);
}

#[test]
fn new_page_is_last_in_its_section_and_builds() {
    let site = common::Site::fixture("basic");
    let run = site.rajat(&["new", "page", "situations/late-payer"]);
    run.ok();
    assert!(run.stdout.contains("Created content/situations/late-payer.md"), "{}", run.stdout);
    let text = site.read("content/situations/late-payer.md");
    assert!(text.starts_with("---\ntitle: Late payer\ndescription: "), "{text}");
    assert!(text.contains("\nweight: 3\n"), "alpha is 1 and beta 2, so the next is 3:\n{text}");
    site.rajat(&["build"]).ok();
    let section = site.read("public/situations/index.html");
    let (beta, late) = (section.find(">Beta<").unwrap(), section.find(">Late payer<").unwrap());
    assert!(beta < late, "the new page comes after the others:\n{section}");

    // A page at the top level of content/ follows about.md (weight 5).
    site.rajat(&["new", "page", "pricing.md"]).ok();
    assert!(site.read("content/pricing.md").contains("\nweight: 6\n"));
    site.rajat(&["build"]).ok();
    assert!(site.read("public/pricing/index.html").contains("<h1>Pricing</h1>"));
}

#[test]
fn new_refuses_to_overwrite_and_to_leave_content() {
    let site = common::Site::fixture("basic");
    let before = snapshot(site.root());
    for (path, expected) in [
        ("situations/alpha", "`content/situations/alpha.md` already exists"),
        ("../site.yaml", "leaves content/"),
        ("notes/.draft", "rajat ignores files named like `.draft`"),
    ] {
        let run = site.rajat(&["new", "page", path]);
        assert_eq!(run.code, 1, "{path}: {}", run.stdout);
        assert!(run.stderr.contains(expected), "{path}: {}", run.stderr);
        assert!(run.stderr.contains("help:"), "{path}: says what to do: {}", run.stderr);
    }
    assert!(before == snapshot(site.root()), "a refused `new` changed the site");

    let tmp = tempfile::tempdir().unwrap();
    let run = rajat(&["new", "page", "a"], tmp.path());
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("not a rajat site") && run.stderr.contains("rajat init"), "{}", run.stderr);
}

#[test]
fn new_worksheet_has_an_example_form_that_builds() {
    let site = common::Site::fixture("basic");
    let run = site.rajat(&["new", "worksheet", "situations/pricing"]);
    run.ok();
    let text = site.read("content/situations/pricing.md");
    assert!(text.contains("\nform:\n  kind: worksheet\n  fields:\n"), "{text}");
    site.rajat(&["build"]).ok();
    let html = site.read("public/situations/pricing/index.html");
    for needle in ["<form", "What were the first warning signs?", "How sure are you?", "No, kindly and at once"] {
        assert!(html.contains(needle), "missing {needle} in:\n{html}");
    }
    // The placeholder description is the one thing left to do.
    let run = site.rajat(&["check"]);
    let warnings: Vec<&str> = run.ok().stdout.lines().filter(|l| l.contains(": warning: ")).collect();
    assert_eq!(
        warnings,
        [
            "content/situations/pricing.md:3:1: warning: the description is still the placeholder from `rajat new`",
            "site.yaml:3:1: warning: base_url is still the placeholder `https://example.org/`",
        ]
    );
}

#[test]
fn new_writes_a_page_in_a_language_and_a_translation_starts_as_a_copy() {
    let site = common::Site::fixture("languages");
    // A translation of a page that exists: a copy of it, with a note on what to keep.
    let run = site.rajat(&["new", "page", "situations/beta", "--language", "fi"]);
    run.ok();
    assert!(
        run.stdout.contains("Created content/situations/beta.fi.md, a copy of content/situations/beta.md"),
        "{}",
        run.stdout
    );
    let text = site.read("content/situations/beta.fi.md");
    assert!(text.starts_with("---\n# Translated from content/situations/beta.md"), "{text}");
    assert!(text.ends_with(&site.read("content/situations/beta.md")["---\n".len()..]), "{text}");
    // A page with no original: a new page, named for the language.
    site.rajat(&["new", "page", "situations/delta", "--language", "fi"]).ok();
    assert!(site.read("content/situations/delta.fi.md").starts_with("---\ntitle: Delta\n"));
    site.rajat(&["build"]).ok();
    assert!(site.path("public/fi/tilanteet/beta/index.html").is_file(), "the copy builds at once");
    // A language the guide does not have is refused, naming the ones it has.
    let run = site.rajat(&["new", "page", "x", "--language", "sv"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("the guide has no language `sv`") && run.stderr.contains("`en`, `fi`"),
        "{}",
        run.stderr
    );
}

#[test]
fn init_language_fi_starts_a_finnish_guide_from_the_finnish_edition() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("opas");
    init(&dir, &["--language", "fi"]).ok();
    let files = snapshot(&dir);
    assert!(!files.keys().any(|n| n.ends_with(".fi.md") || n.ends_with(".en.md")), "one language: {:?}", files.keys());
    let home = String::from_utf8_lossy(&files["content/_index.md"]).into_owned();
    assert!(home.contains("title: Seitsemän tilannetta"), "the Finnish edition is the content:\n{home}");
    let yaml = String::from_utf8_lossy(&files["site.yaml"]).into_owned();
    assert!(yaml.contains("language: fi\n") && !yaml.contains("languages:"), "{yaml}");
    build(&dir).ok();
    let page = std::fs::read_to_string(dir.join("public/tilanteet/ei-maksa/index.html")).unwrap();
    assert!(page.contains("<html lang=\"fi\">") && page.contains("Siirry sisältöön"), "Finnish addresses and words");

    // Finnish first, English beside it.
    let dir = tmp.path().join("kaksi");
    init(&dir, &["--language", "fi,en"]).ok();
    assert!(dir.join("content/situations/wont-pay.en.md").is_file());
    let yaml = std::fs::read_to_string(dir.join("site.yaml")).unwrap();
    assert!(yaml.contains("language: fi\n") && yaml.contains("languages:\n  en:\n"), "{yaml}");
    build(&dir).ok();
    assert!(dir.join("public/en/situations/wont-pay/index.html").is_file());
    assert!(dir.join("public/tilanteet/ei-maksa/index.html").is_file());
}

#[test]
fn init_sets_up_publishing() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("guide");
    let run = init(&dir, &[]);
    run.ok();
    assert!(
        run.stdout.contains("rajat publish") && run.stdout.contains(".github/workflows/pages.yml"),
        "{}",
        run.stdout
    );
    let files = snapshot(&dir);
    let text = |name: &str| String::from_utf8_lossy(&files[name]).into_owned();
    let ignore = text(".gitignore");
    assert!(ignore.lines().any(|l| l == "/public/") && ignore.lines().any(|l| l == "/.public.rajat-next/"), "{ignore}");
    // site.yaml: the two lines a person changes for a host, each explained.
    let yaml = text("site.yaml");
    assert!(yaml.contains("# Change base_url") && yaml.contains("\nbase_url: https://example.org/\n"), "{yaml}");
    assert!(yaml.contains("\n# publish: sftp://"), "{yaml}");
    // The GitHub Pages workflow downloads this rajat, caches it, builds, deploys.
    let workflow = text(".github/workflows/pages.yml");
    assert!(workflow.contains(&format!("RAJAT_VERSION: \"{}\"", env!("CARGO_PKG_VERSION"))), "{workflow}");
    assert!(
        workflow.contains("uses: actions/cache@") && workflow.contains("uses: actions/deploy-pages@"),
        "{workflow}"
    );
    assert!(workflow.contains("path: public\n"), "it uploads what rajat builds:\n{workflow}");
    // Its build command builds the new guide for the address Pages gives it.
    let build_line = workflow.lines().find(|l| l.trim_start().starts_with("run: rajat build")).expect("a build step");
    let command = build_line.trim_start().trim_start_matches("run: ");
    let base_url = "https://mira.github.io/guide";
    let command = command.replace("\"${{ steps.pages.outputs.base_url }}\"", base_url);
    let args: Vec<&str> = command.split_whitespace().skip(1).collect();
    assert_eq!(args, ["build", "--base-url", base_url], "{build_line}");
    rajat(&args, &dir).ok();
    let home = std::fs::read_to_string(dir.join("public/index.html")).unwrap();
    assert!(home.contains("https://mira.github.io/guide/"), "the guide is built for its Pages address");
}

//! `rajat key new` as the guide's owner runs it: the key file outside the
//! site, protected by a passphrase; the public half in site.yaml with every
//! comment kept; plain words about what losing the file means; and `check`
//! saying where answers would still go unsealed.

mod common;

use std::path::Path;

use common::{Run, Site, rajat_with_input};

const PASSPHRASE: &str = "four quiet words here";

/// A site with a contact, its site.yaml written the way an owner writes one.
fn site() -> (Site, tempfile::TempDir) {
    let site = Site::fixture("forms");
    site.replace(
        "site.yaml",
        "contact:\n  name: Mira Virtanen\n  email: mira@example.org\n",
        "# Who clients send their answers to:\ncontact:   # me\n  name: Mira Virtanen   # as clients know me\n  email: mira@example.org\n\n",
    );
    (site, tempfile::tempdir().unwrap())
}

fn key_new(site: &Site, out: &Path, passphrase: &str) -> Run {
    let root = site.root().to_str().unwrap();
    rajat_with_input(
        &["key", "new", "--root", root, "--out", out.to_str().unwrap()],
        site.root(),
        &format!("{passphrase}\n"),
    )
}

/// The `key:` line site.yaml holds.
fn key_line(site: &Site) -> String {
    site.read("site.yaml").lines().find(|l| l.trim_start().starts_with("key:")).unwrap_or_default().to_string()
}

#[test]
fn a_new_key_goes_outside_the_site_and_its_public_half_into_site_yaml() {
    let (site, away) = site();
    let before = site.read("site.yaml");
    let file = away.path().join("mira.rajat-key");
    let run = key_new(&site, &file, PASSPHRASE);
    run.ok();
    // The file: JSON, readable by its owner only, with the private half encrypted.
    let text = std::fs::read_to_string(&file).unwrap();
    let json: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(json["rajat"], "rajat owner key");
    assert!(json["about"].as_str().unwrap().contains("Mira Virtanen"), "{text}");
    assert!(!text.contains("PRIVATE KEY") && !text.contains("MIG"), "no private key in the clear: {text}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(std::fs::metadata(&file).unwrap().permissions().mode() & 0o777, 0o600);
    }
    // site.yaml: one line more, under `email:`, and nothing else changed.
    let after = site.read("site.yaml");
    let line = key_line(&site);
    assert!(line.starts_with("  key: rajat-p256.") && line.contains(json["public"].as_str().unwrap()), "{line}");
    assert_eq!(after, before.replace("  email: mira@example.org\n", &format!("  email: mira@example.org\n{line}\n")));
    // What the owner is told: where the file is, to keep it, and what losing it means.
    let id = json["id"].as_str().unwrap();
    assert!(run.stdout.contains(&format!("(key {id})")), "{}", run.stdout);
    assert!(run.stdout.contains(file.to_str().unwrap()), "{}", run.stdout);
    assert!(run.stdout.contains("Keep that file with your other backups"), "{}", run.stdout);
    assert!(run.stdout.contains("nobody can open the answers"), "{}", run.stdout);
    // The site builds, and its worksheets carry the key for clients' browsers.
    site.rajat(&["build"]).ok();
    let page = site.read("public/tools/sheet/index.html");
    assert!(page.contains(json["public"].as_str().unwrap()), "the worksheet page carries the public key");
    assert!(!page.contains(json["private"].as_str().unwrap()));
}

#[test]
fn the_key_file_is_never_written_inside_the_site() {
    let (site, _away) = site();
    let before = site.read("site.yaml");
    site.rajat(&["build"]).ok();
    for inside in [
        "owner.rajat-key",
        "content/owner.rajat-key",
        "static/owner.rajat-key",
        "public/owner.rajat-key",
        "themes/owner.rajat-key",
    ] {
        let target = site.path(inside);
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        let run = key_new(&site, &target, PASSPHRASE);
        assert_eq!(run.code, 1, "{inside}: {}", run.stdout);
        assert!(run.stderr.contains("is inside the site's folder"), "{inside}: {}", run.stderr);
        assert!(run.stderr.contains("never be published or committed"), "{}", run.stderr);
        assert!(!target.exists(), "{inside} was written");
    }
    assert_eq!(site.read("site.yaml"), before, "site.yaml is unchanged");
}

#[test]
fn a_short_passphrase_or_an_existing_file_writes_nothing() {
    let (site, away) = site();
    let before = site.read("site.yaml");
    let file = away.path().join("k.rajat-key");
    let run = key_new(&site, &file, "short");
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("shorter than 10 characters"), "{}", run.stderr);
    assert!(!file.exists());
    std::fs::write(&file, "an older key, perhaps").unwrap();
    let run = key_new(&site, &file, PASSPHRASE);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("already exists") && run.stderr.contains("keep it"), "{}", run.stderr);
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        "an older key, perhaps",
        "an existing file is never overwritten"
    );
    assert_eq!(site.read("site.yaml"), before);
}

#[test]
fn a_new_key_replaces_the_old_one_and_the_old_file_stays() {
    let (site, away) = site();
    let (first, second) = (away.path().join("2025.rajat-key"), away.path().join("2026.rajat-key"));
    key_new(&site, &first, PASSPHRASE).ok();
    let old_id = serde_json::from_str::<serde_json::Value>(&std::fs::read_to_string(&first).unwrap()).unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    let old_line = key_line(&site);
    let old_file = std::fs::read(&first).unwrap();
    let run = key_new(&site, &second, PASSPHRASE);
    run.ok();
    assert!(run.stdout.contains(&format!("It replaces key {old_id}")), "{}", run.stdout);
    assert!(run.stdout.contains("still open with its own file"), "{}", run.stdout);
    let new_line = key_line(&site);
    assert_ne!(new_line, old_line);
    assert_eq!(site.read("site.yaml").matches("key:").count(), 1, "one key in site.yaml");
    assert_eq!(std::fs::read(&first).unwrap(), old_file, "the old key file is untouched");
}

#[test]
fn where_site_yaml_cannot_be_edited_safely_the_lines_to_add_are_printed() {
    let site = Site::fixture("basic");
    assert!(!site.read("site.yaml").contains("contact"));
    let away = tempfile::tempdir().unwrap();
    // No contact at all.
    let before = site.read("site.yaml");
    let run = key_new(&site, &away.path().join("a.rajat-key"), PASSPHRASE);
    run.ok();
    assert!(run.stdout.contains("site.yaml has no `contact:` yet"), "{}", run.stdout);
    assert!(
        run.stdout.contains("contact:\n  name: Your Name\n  email: you@example.org\n  key: rajat-p256."),
        "{}",
        run.stdout
    );
    assert_eq!(site.read("site.yaml"), before);
    // A contact written on one line.
    site.write("site.yaml", format!("{before}contact: {{name: Mira, email: mira@example.org}}\n"));
    let run = key_new(&site, &away.path().join("b.rajat-key"), PASSPHRASE);
    run.ok();
    assert!(run.stdout.contains("site.yaml was not changed"), "{}", run.stdout);
    assert!(run.stdout.contains("\n  key: rajat-p256."), "{}", run.stdout);
    assert!(!site.read("site.yaml").contains("key:"));
}

#[test]
fn check_notes_a_contact_without_a_key_and_refuses_a_damaged_one_at_its_place() {
    let (site, away) = site();
    let run = site.rajat(&["check"]);
    assert_eq!(run.code, 0, "a note is no error: {}", run.stdout);
    let line = site.read("site.yaml").lines().position(|l| l.contains("email: mira@example.org")).unwrap() + 1;
    assert!(
        run.stdout
            .contains(&format!("site.yaml:{line}:3: note: answers clients send to mira@example.org are not sealed")),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("run `rajat key new`"), "{}", run.stdout);
    assert!(run.stdout.contains(", 1 note"), "{}", run.stdout);

    key_new(&site, &away.path().join("k.rajat-key"), PASSPHRASE).ok();
    let run = site.rajat(&["check"]);
    assert!(!run.stdout.contains("note:"), "with a key, no note: {}", run.stdout);

    // One character of the key lost in copying.
    let good = key_line(&site);
    site.replace("site.yaml", &good, &good[..good.len() - 1]);
    let line = site.read("site.yaml").lines().position(|l| l.trim_start().starts_with("key:")).unwrap() + 1;
    let run = site.rajat(&["check"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stdout.contains(&format!("site.yaml:{line}:8: error: this key for sealed answers is damaged")),
        "{}",
        run.stdout
    );
    let build = site.rajat(&["build"]);
    assert_eq!(build.code, 1, "a build refuses it too");
    assert!(build.stderr.contains("from the `public` value in your key file"), "{}", build.stderr);
}

#[test]
fn a_language_whose_contact_keeps_the_old_key_is_named() {
    let (site, away) = site();
    key_new(&site, &away.path().join("old.rajat-key"), PASSPHRASE).ok();
    let old = std::fs::read_to_string(away.path().join("old.rajat-key")).unwrap();
    let old: serde_json::Value = serde_json::from_str(&old).unwrap();
    // The owner once pasted the key into the Finnish contact as well.
    let text = site.read("site.yaml");
    site.write(
        "site.yaml",
        format!(
            "{text}languages:\n  fi:\n    contact:\n      name: Mira Virtanen\n      email: mira@example.org\n      key: {}\n",
            old["public"].as_str().unwrap()
        ),
    );
    let run = key_new(&site, &away.path().join("new.rajat-key"), PASSPHRASE);
    run.ok();
    let old_id = old["id"].as_str().unwrap();
    assert!(
        run.stdout.contains(&format!("The `fi` pages still seal answers to key {old_id}")),
        "the owner is told which pages a new key does not reach: {}",
        run.stdout
    );
}

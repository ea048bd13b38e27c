//! `rajat key new`: the owner's key made, its file written outside the site,
//! its public half added to site.yaml (the pair itself is `sealing.rs`).

use std::io::Write as _;
use std::path::{Path, PathBuf};

use crate::error::Diagnostic;
pub use crate::sealing::MIN_PASSPHRASE;
use crate::sealing::{NewKey, PublicKey, SiteYamlEdit, add_to_site_yaml, today};

/// What `rajat key new` will do, worked out before it asks for a passphrase,
/// so that it never asks for one only to fail.
#[derive(Debug)]
pub struct Plan {
    /// Where the key file goes.
    pub file: PathBuf,
    /// Who clients seal their answers for: site.yaml's contact, if it has one.
    pub owner: Option<String>,
    /// Whether that contact has an `email`, so that pages offer "Send to …".
    pub mail: bool,
    site_yaml: PathBuf,
    text: String,
    base_url: String,
}

/// What `rajat key new` did.
#[derive(Debug)]
pub struct Made {
    /// The key file.
    pub file: PathBuf,
    /// The new key's id (see [`PublicKey::id`]).
    pub id: String,
    /// The public half, as site.yaml holds it.
    pub public: String,
    /// What became of site.yaml.
    pub site_yaml: SiteYamlOutcome,
    /// Languages whose own `contact:` keeps a key of its own, which the new
    /// one does not replace: each language's code and that key's id.
    pub other_keys: Vec<(String, String)>,
}

/// What became of site.yaml.
#[derive(Debug, PartialEq, Eq)]
pub enum SiteYamlOutcome {
    /// The key is in `contact:`; the id of the key it replaced, if any.
    Added {
        /// The id of the key site.yaml held before.
        replaced: Option<String>,
    },
    /// site.yaml has no `contact:`: the owner adds it.
    NoContact,
    /// site.yaml's `contact:` is not rewritten by hand: the owner adds the line.
    Unchanged,
}

/// Checks the site at `root` and where the key file goes (`out`, or the
/// home folder): the file is never written inside the site's folder or its
/// output folder, where it could be published or committed, and never over
/// another file.
pub fn plan(root: &Path, out: Option<PathBuf>) -> crate::Result<Plan> {
    let config = crate::config::Config::load(root)?;
    let file = match out {
        Some(out) => out,
        None => default_file(&config.base_url)?,
    };
    let parent = match file.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let folder = std::fs::canonicalize(&parent).map_err(|_| {
        Diagnostic::error(format!("the folder {} does not exist", parent.display()))
            .hint("make it first, or choose another place with `--out FILE`")
    })?;
    let site = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    let output = config.output_folder(root, None).unwrap_or_else(|_| root.join(&config.output_dir));
    let output = std::fs::canonicalize(&output).unwrap_or(output);
    if folder.starts_with(&site) || folder.starts_with(&output) {
        return Err(Diagnostic::error(format!("{} is inside the site's folder", file.display()))
            .hint(
                "the key file must never be published or committed with the site: put it elsewhere, e.g. \
                 `--out ~/rajat-key.rajat-key`, or drop `--out` to put it in your home folder",
            )
            .into());
    }
    if file.exists() {
        return Err(Diagnostic::error(format!("{} already exists", file.display()))
            .hint(
                "choose another name with `--out FILE`: an old key file still opens the answers sealed \
                 to its key, so keep it",
            )
            .into());
    }
    let contact = config.default_language().contact.as_ref();
    let owner = contact.map(|c| c.name.clone());
    let mail = contact.is_some_and(|c| c.email.is_some());
    Ok(Plan {
        file,
        owner,
        mail,
        site_yaml: root.join(crate::config::CONFIG_FILE),
        text: config.source,
        base_url: config.base_url,
    })
}

/// Makes the key: writes the key file, encrypted with `passphrase`, and adds
/// the public half to site.yaml where that can be done safely (the edited
/// text must read back as a site whose contact holds the new key).
pub fn make(plan: &Plan, passphrase: &str) -> crate::Result<Made> {
    if passphrase.chars().count() < MIN_PASSPHRASE {
        return Err(Diagnostic::error(format!(
            "the passphrase is shorter than {MIN_PASSPHRASE} characters; nothing was written"
        ))
        .hint("choose a few words you will remember, such as four unrelated ones")
        .into());
    }
    let made = NewKey::generate().map_err(Diagnostic::error)?;
    let owner = plan.owner.as_deref().unwrap_or("the guide's owner");
    let about = format!(
        "The private key that opens answers sealed for {owner} on {}. It is encrypted with a passphrase. \
         Keep this file with your other backups: without it, nobody can open answers sealed to this key.",
        plan.base_url
    );
    let file = made.key_file(passphrase, &today(), &about).map_err(Diagnostic::error)?;
    write_new(&plan.file, file.as_bytes()).map_err(|e| {
        Diagnostic::error(format!("cannot write {}: {e}", plan.file.display()))
            .hint("choose another place with `--out FILE`")
    })?;
    let public = made.public.text();
    let mut other_keys = Vec::new();
    let site_yaml = match add_to_site_yaml(&plan.text, &made.public) {
        SiteYamlEdit::Edited { text, replaced } if contact_key(&text).as_deref() == Some(public.as_str()) => {
            replace_file(&plan.site_yaml, text.as_bytes()).map_err(|e| {
                Diagnostic::error(format!("cannot write {}: {e}", plan.site_yaml.display())).hint(format!(
                    "the key file was made, at {}: copy its `public` value into site.yaml yourself, as `key:` under `contact:`",
                    plan.file.display()
                ))
            })?;
            other_keys = language_keys_other_than(&text, &public);
            SiteYamlOutcome::Added { replaced: replaced.and_then(|old| PublicKey::parse(&old).ok()).map(|k| k.id()) }
        }
        SiteYamlEdit::NoContact => SiteYamlOutcome::NoContact,
        _ => SiteYamlOutcome::Unchanged,
    };
    Ok(Made { file: plan.file.clone(), id: made.public.id(), public, site_yaml, other_keys })
}

/// The key of the top-level contact of site.yaml's `text`, if it reads.
fn contact_key(text: &str) -> Option<String> {
    let config = crate::config::Config::parse(Path::new(crate::config::CONFIG_FILE), text.to_string()).ok()?;
    config.default_language().contact.as_ref()?.key.clone()
}

/// The languages whose contact, in site.yaml's `text`, seals to a key other
/// than `public`: one of their own, under `languages:`. Each code and key id.
fn language_keys_other_than(text: &str, public: &str) -> Vec<(String, String)> {
    let Ok(config) = crate::config::Config::parse(Path::new(crate::config::CONFIG_FILE), text.to_string()) else {
        return Vec::new();
    };
    config
        .languages
        .iter()
        .filter_map(|l| {
            let key = l.contact.as_ref()?.key.as_deref().filter(|k| *k != public)?;
            Some((l.code.clone(), PublicKey::parse(key).ok()?.id()))
        })
        .collect()
}

/// `~/rajat-key-example.org-2026-12-04.rajat-key`, numbered when that exists.
fn default_file(base_url: &str) -> crate::Result<PathBuf> {
    let home = std::env::var_os("HOME").filter(|h| !h.is_empty()).ok_or_else(|| {
        Diagnostic::error("there is no home folder to put the key file in").hint("say where with `--out FILE`")
    })?;
    let host = base_url.split("://").nth(1).unwrap_or("").split(['/', ':']).next().unwrap_or("");
    let host: String = host.chars().filter(|c| c.is_ascii_alphanumeric() || "-.".contains(*c)).collect();
    let stem = if host.is_empty() { "rajat-key".to_string() } else { format!("rajat-key-{host}") };
    let date = today();
    let home = PathBuf::from(home);
    let mut n = 1;
    loop {
        let name = if n == 1 { format!("{stem}-{date}.rajat-key") } else { format!("{stem}-{date}-{n}.rajat-key") };
        let file = home.join(name);
        if !file.exists() {
            return Ok(file);
        }
        n += 1;
    }
}

/// Writes a file that must not exist yet, readable by its owner only.
fn write_new(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(path)?;
    file.write_all(bytes)?;
    file.sync_all()
}

/// Replaces a file in one step: written beside it, then renamed over it.
fn replace_file(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let temp = path.with_extension("yaml.rajat-new");
    let permissions = std::fs::metadata(path)?.permissions();
    std::fs::write(&temp, bytes)?;
    std::fs::set_permissions(&temp, permissions)?;
    std::fs::rename(&temp, path)
}

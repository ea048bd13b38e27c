//! Leaf: the guide owner's key pair for sealed answers.
//!
//! A client's browser seals the answers it sends to the owner (`contact:` in
//! site.yaml) to the owner's public key, with WebCrypto: an ephemeral ECDH
//! P-256 agreement, HKDF-SHA-256 and AES-256-GCM (`src/front-end/seal.js`).
//! Only the private half opens them. This module makes the pair, writes the
//! private half into a key file protected by a passphrase, reads the public
//! half as site.yaml writes it (for `config`), and adds it to site.yaml's
//! text without disturbing the owner's comments and layout. `rajat key new`
//! itself is `key.rs`.
//!
//! The key file is JSON, opened by the owner's browser (`src/front-end/keys.js`):
//! the private key as PKCS #8, encrypted with AES-256-GCM under a key drawn
//! from the passphrase by PBKDF2-HMAC-SHA-256. PBKDF2 is the one passphrase
//! function WebCrypto has (no scrypt, no Argon2), so it gets OWASP's count
//! for it, 600,000 rounds. The public key text is the additional data, so a
//! file whose public half was swapped does not open.

use std::num::NonZeroU32;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as BASE64URL;
use ring::rand::{SecureRandom, SystemRandom};
use ring::{aead, agreement, digest, pbkdf2, signature};
use serde::{Deserialize, Serialize};

/// How a public key starts in site.yaml: what it is, so a reader of the file can tell.
pub const PUBLIC_PREFIX: &str = "rajat-p256.";

/// PBKDF2-HMAC-SHA-256 rounds for a new key file (OWASP, 2023).
pub const ITERATIONS: u32 = 600_000;

/// The shortest passphrase `rajat key new` takes.
pub const MIN_PASSPHRASE: usize = 10;

/// What a key file says it is, in its first field.
const FILE_KIND: &str = "rajat owner key";

/// The public half of the owner's key: an uncompressed P-256 point.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PublicKey {
    point: Vec<u8>,
}

impl PublicKey {
    /// Reads `rajat-p256.…` as site.yaml holds it; the point must be on the curve.
    pub fn parse(text: &str) -> Result<PublicKey, KeyProblem> {
        let text = text.trim();
        let Some(encoded) = text.strip_prefix(PUBLIC_PREFIX) else {
            return Err(KeyProblem::NotAKey);
        };
        let point = BASE64URL.decode(encoded).map_err(|_| KeyProblem::Damaged)?;
        if point.len() != 65 || point[0] != 4 {
            return Err(KeyProblem::Damaged);
        }
        // ring checks a peer's point fully (on the curve, not the identity)
        // when it agrees on a secret with it; an agreement with a throwaway
        // key is the check.
        let rng = SystemRandom::new();
        let ours =
            agreement::EphemeralPrivateKey::generate(&agreement::ECDH_P256, &rng).map_err(|_| KeyProblem::Damaged)?;
        let theirs = agreement::UnparsedPublicKey::new(&agreement::ECDH_P256, &point);
        agreement::agree_ephemeral(ours, &theirs, |_| ()).map_err(|_| KeyProblem::Damaged)?;
        Ok(PublicKey { point })
    }

    /// The text site.yaml holds: `rajat-p256.` and the point in base64url.
    pub fn text(&self) -> String {
        format!("{PUBLIC_PREFIX}{}", BASE64URL.encode(&self.point))
    }

    /// A short name for the key, carried by every link sealed to it, so the
    /// owner's browser knows which key opens a link: the first 8 bytes of the
    /// point's SHA-256, in base64url (11 characters).
    pub fn id(&self) -> String {
        let hash = digest::digest(&digest::SHA256, &self.point);
        BASE64URL.encode(&hash.as_ref()[..8])
    }
}

/// Why a public key could not be read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyProblem {
    /// It does not start with `rajat-p256.`.
    NotAKey,
    /// It starts right, but the rest is not a P-256 point.
    Damaged,
}

/// A new key pair: the public half, and the private half as PKCS #8.
pub struct NewKey {
    /// For site.yaml.
    pub public: PublicKey,
    pkcs8: Vec<u8>,
}

impl NewKey {
    /// Makes a key pair from the system's random numbers.
    pub fn generate() -> Result<NewKey, String> {
        let rng = SystemRandom::new();
        // An ECDSA pair is a P-256 pair: its PKCS #8 names the curve, not the
        // use, and WebCrypto imports it for ECDH as it is.
        let alg = &signature::ECDSA_P256_SHA256_FIXED_SIGNING;
        let pkcs8 = signature::EcdsaKeyPair::generate_pkcs8(alg, &rng)
            .map_err(|_| "the system gave no random numbers to make a key from".to_string())?;
        let pair = signature::EcdsaKeyPair::from_pkcs8(alg, pkcs8.as_ref(), &rng)
            .map_err(|_| "the new key could not be read back".to_string())?;
        use signature::KeyPair as _;
        let public = PublicKey { point: pair.public_key().as_ref().to_vec() };
        Ok(NewKey { public, pkcs8: pkcs8.as_ref().to_vec() })
    }

    /// The key file: the private half encrypted under `passphrase`, as JSON.
    /// `about` says, for whoever opens the file, what it is for.
    pub fn key_file(&self, passphrase: &str, created: &str, about: &str) -> Result<String, String> {
        self.key_file_with(passphrase, created, about, ITERATIONS)
    }

    fn key_file_with(&self, passphrase: &str, created: &str, about: &str, iterations: u32) -> Result<String, String> {
        let rng = SystemRandom::new();
        let mut salt = [0u8; 16];
        let mut iv = [0u8; 12];
        rng.fill(&mut salt).and_then(|()| rng.fill(&mut iv)).map_err(|_| "no random numbers".to_string())?;
        let public = self.public.text();
        let key = passphrase_key(passphrase, &salt, iterations)?;
        let mut sealed = self.pkcs8.clone();
        key.seal_in_place_append_tag(
            aead::Nonce::assume_unique_for_key(iv),
            aead::Aad::from(public.as_bytes()),
            &mut sealed,
        )
        .map_err(|_| "the key could not be encrypted".to_string())?;
        let file = KeyFile {
            kind: FILE_KIND.into(),
            version: 1,
            about: about.into(),
            id: self.public.id(),
            public,
            created: created.into(),
            kdf: Kdf { name: "PBKDF2".into(), hash: "SHA-256".into(), iterations, salt: BASE64URL.encode(salt) },
            cipher: Cipher { name: "AES-GCM".into(), iv: BASE64URL.encode(iv) },
            private: BASE64URL.encode(&sealed),
        };
        serde_json::to_string_pretty(&file).map(|json| json + "\n").map_err(|e| e.to_string())
    }
}

/// The key file as JSON, field for field what `keys.js` reads.
#[derive(Serialize, Deserialize)]
struct KeyFile {
    #[serde(rename = "rajat")]
    kind: String,
    version: u32,
    about: String,
    id: String,
    public: String,
    created: String,
    kdf: Kdf,
    cipher: Cipher,
    private: String,
}

#[derive(Serialize, Deserialize)]
struct Kdf {
    name: String,
    hash: String,
    iterations: u32,
    salt: String,
}

#[derive(Serialize, Deserialize)]
struct Cipher {
    name: String,
    iv: String,
}

fn passphrase_key(passphrase: &str, salt: &[u8], iterations: u32) -> Result<aead::LessSafeKey, String> {
    let rounds = NonZeroU32::new(iterations).ok_or("no rounds")?;
    let mut bytes = [0u8; 32];
    pbkdf2::derive(pbkdf2::PBKDF2_HMAC_SHA256, rounds, salt, passphrase.as_bytes(), &mut bytes);
    let key = aead::UnboundKey::new(&aead::AES_256_GCM, &bytes).map_err(|_| "bad key length".to_string())?;
    Ok(aead::LessSafeKey::new(key))
}

/// Opens a key file with its passphrase: the public key and the private
/// half's PKCS #8, as the owner's browser does (`keys.js`); here for the tests.
#[cfg(test)]
pub fn open_key_file(text: &str, passphrase: &str) -> Result<(PublicKey, Vec<u8>), String> {
    let file: KeyFile = serde_json::from_str(text).map_err(|_| "this is not a rajat key file".to_string())?;
    if file.kind != FILE_KIND || file.version != 1 {
        return Err("this is not a rajat key file of a version this rajat reads".into());
    }
    let public = PublicKey::parse(&file.public).map_err(|_| "the key file's public half is damaged".to_string())?;
    let salt = BASE64URL.decode(&file.kdf.salt).map_err(|_| "the key file is damaged")?;
    let iv: [u8; 12] =
        BASE64URL.decode(&file.cipher.iv).ok().and_then(|iv| iv.try_into().ok()).ok_or("the key file is damaged")?;
    let mut sealed = BASE64URL.decode(&file.private).map_err(|_| "the key file is damaged")?;
    let key = passphrase_key(passphrase, &salt, file.kdf.iterations)?;
    let pkcs8 = key
        .open_in_place(aead::Nonce::assume_unique_for_key(iv), aead::Aad::from(file.public.as_bytes()), &mut sealed)
        .map_err(|_| "that passphrase does not open this key file".to_string())?
        .to_vec();
    let alg = &signature::ECDSA_P256_SHA256_FIXED_SIGNING;
    let pair = signature::EcdsaKeyPair::from_pkcs8(alg, &pkcs8, &SystemRandom::new())
        .map_err(|_| "the key file's private half is damaged".to_string())?;
    use signature::KeyPair as _;
    if pair.public_key().as_ref() != public.point.as_slice() {
        return Err("the key file's two halves do not belong together".into());
    }
    Ok((public, pkcs8))
}

/// How site.yaml was changed to hold a new public key, or why it was not.
#[derive(Debug, PartialEq, Eq)]
pub enum SiteYamlEdit {
    /// site.yaml with the new key in it.
    Edited {
        /// The whole new text.
        text: String,
        /// The key it held before, if any.
        replaced: Option<String>,
    },
    /// There is no top-level `contact:` block to add `key:` to.
    NoContact,
    /// `contact:` is written in a way rajat does not rewrite (on one line, say).
    NotABlock,
}

/// Adds `key: <public>` to the top-level `contact:` block of site.yaml's
/// `text`, or replaces the `key:` already there, keeping every other line,
/// comment and indentation as it was.
pub fn add_to_site_yaml(text: &str, public: &PublicKey) -> SiteYamlEdit {
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let is_top_contact = |l: &str| {
        let l = l.trim_end();
        l == "contact:" || l.strip_prefix("contact:").is_some_and(|rest| rest.trim_start().starts_with('#'))
    };
    let Some(start) = lines.iter().position(|l| is_top_contact(l)) else {
        let one_line = lines.iter().any(|l| l.starts_with("contact:"));
        return if one_line { SiteYamlEdit::NotABlock } else { SiteYamlEdit::NoContact };
    };
    // The block: the lines after `contact:` that are indented, blank or comments.
    let in_block = |l: &str| l.trim().is_empty() || l.starts_with(' ') || l.starts_with('\t');
    let mut end = start + 1;
    while end < lines.len() && (in_block(lines[end]) || (lines[end].starts_with('#') && continues(&lines[end..]))) {
        end += 1;
    }
    let entries: Vec<usize> =
        (start + 1..end).filter(|&i| !lines[i].trim().is_empty() && !lines[i].trim_start().starts_with('#')).collect();
    let Some(&first) = entries.first() else { return SiteYamlEdit::NotABlock };
    let indent: String = lines[first].chars().take_while(|c| *c == ' ').collect();
    if indent.is_empty() || lines[first].starts_with('\t') {
        return SiteYamlEdit::NotABlock;
    }
    // Only plain `key: value` lines at one indentation: anything deeper
    // (a value over several lines) is not rewritten by hand.
    let plain = entries.iter().all(|&i| {
        let line = lines[i];
        line.starts_with(&indent) && !line[indent.len()..].starts_with(' ') && line.contains(':')
    });
    if !plain {
        return SiteYamlEdit::NotABlock;
    }
    let newline = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let new_line = format!("{indent}key: {}{newline}", public.text());
    let mut out: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
    let existing = entries.iter().copied().find(|&i| lines[i][indent.len()..].starts_with("key:"));
    let replaced = match existing {
        Some(i) => {
            let old = lines[i][indent.len() + 4..].split(" #").next().unwrap_or("").trim().to_string();
            // The value changes; a comment after it stays.
            out[i] = if old.is_empty() { new_line } else { lines[i].replacen(&old, &public.text(), 1) };
            Some(old)
        }
        None => {
            let last = *entries.last().unwrap_or(&start);
            if !out[last].ends_with('\n') {
                out[last].push_str(newline);
            }
            out.insert(last + 1, new_line);
            None
        }
    };
    SiteYamlEdit::Edited { text: out.concat(), replaced }
}

/// Whether a comment line at the top level is followed by more of an
/// indented block, rather than by the next top-level key.
fn continues(rest: &[&str]) -> bool {
    rest.iter().find(|l| !l.trim().is_empty() && !l.starts_with('#')).is_some_and(|l| l.starts_with(' '))
}

/// Today's date where the command runs, as `YYYY-MM-DD` (UTC).
pub fn today() -> String {
    let secs = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
    let (y, m, d) = civil_from_days((secs / 86_400) as i64);
    format!("{y:04}-{m:02}-{d:02}")
}

/// Days since 1970-01-01 as a calendar date (Howard Hinnant's algorithm).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key() -> NewKey {
        NewKey::generate().unwrap()
    }

    #[test]
    fn a_public_key_reads_back_and_has_a_short_id() {
        let new = key();
        let text = new.public.text();
        assert!(text.starts_with(PUBLIC_PREFIX) && text.len() == PUBLIC_PREFIX.len() + 87, "{text}");
        assert_eq!(PublicKey::parse(&text).unwrap(), new.public);
        assert_eq!(new.public.id().len(), 11);
        assert_ne!(new.public.id(), key().public.id());
    }

    #[test]
    fn a_damaged_public_key_is_refused() {
        let text = key().public.text();
        assert_eq!(PublicKey::parse("BPn3"), Err(KeyProblem::NotAKey));
        assert_eq!(PublicKey::parse(&text[..text.len() - 3]), Err(KeyProblem::Damaged));
        assert_eq!(PublicKey::parse(&format!("{text}!")), Err(KeyProblem::Damaged));
        // 65 bytes that start right but are no point of the curve.
        let off_curve = format!("{PUBLIC_PREFIX}{}", BASE64URL.encode([4u8; 65]));
        assert_eq!(PublicKey::parse(&off_curve), Err(KeyProblem::Damaged));
    }

    #[test]
    fn the_key_file_opens_with_its_passphrase_only() {
        let new = key();
        let file = new.key_file_with("correct horse battery", "2026-12-04", "for tests", 1000).unwrap();
        let (public, pkcs8) = open_key_file(&file, "correct horse battery").unwrap();
        assert_eq!(public, new.public);
        assert_eq!(pkcs8, new.pkcs8);
        assert_eq!(
            open_key_file(&file, "correct horse battery!").unwrap_err(),
            "that passphrase does not open this key file"
        );
        // The public half cannot be swapped for another: it is the sealed half's additional data.
        let other = key().public.text();
        let swapped = file.replace(&new.public.text(), &other);
        assert!(open_key_file(&swapped, "correct horse battery").is_err());
        assert!(!file.contains(&BASE64URL.encode(&new.pkcs8)), "the private half is not in the file as it is");
    }

    #[test]
    fn the_key_file_says_what_it_is() {
        let file =
            key().key_file_with("correct horse battery", "2026-12-04", "Opens answers sealed for Mira.", 1000).unwrap();
        let json: serde_json::Value = serde_json::from_str(&file).unwrap();
        assert_eq!(json["rajat"], "rajat owner key");
        assert_eq!(json["about"], "Opens answers sealed for Mira.");
        assert_eq!(json["kdf"]["iterations"], 1000);
        assert_eq!(json["kdf"]["name"], "PBKDF2");
        assert_eq!(json["cipher"]["name"], "AES-GCM");
    }

    const SITE: &str = "title: T\n# The owner:\ncontact:   # you\n  name: Mira   # as readers know you\n  email: mira@example.org\n\nmenu: []\n";

    #[test]
    fn the_key_goes_into_the_contact_block_and_nothing_else_moves() {
        let public = key().public;
        let SiteYamlEdit::Edited { text, replaced } = add_to_site_yaml(SITE, &public) else { panic!() };
        assert_eq!(replaced, None);
        let expected = SITE
            .replace("  email: mira@example.org\n", &format!("  email: mira@example.org\n  key: {}\n", public.text()));
        assert_eq!(text, expected);
    }

    #[test]
    fn a_new_key_replaces_the_old_one_in_place() {
        let (old, new) = (key().public, key().public);
        let SiteYamlEdit::Edited { text, .. } = add_to_site_yaml(SITE, &old) else { panic!() };
        let SiteYamlEdit::Edited { text: again, replaced } = add_to_site_yaml(&text, &new) else { panic!() };
        assert_eq!(replaced, Some(old.text()));
        assert_eq!(again, text.replace(&old.text(), &new.text()));
    }

    #[test]
    fn a_comment_on_the_old_key_s_line_stays() {
        let (old, new) = (key().public, key().public);
        let yaml =
            format!("contact:\n  name: Mira\n  key: {}   # made in January; the file is in the safe\n", old.text());
        let SiteYamlEdit::Edited { text, replaced } = add_to_site_yaml(&yaml, &new) else { panic!() };
        assert_eq!(replaced, Some(old.text()));
        assert_eq!(text, yaml.replace(&old.text(), &new.text()));
    }

    #[test]
    fn contact_blocks_rajat_does_not_rewrite_are_left_alone() {
        let public = key().public;
        assert_eq!(add_to_site_yaml("title: T\n# contact:\n#   name: Me\n", &public), SiteYamlEdit::NoContact);
        assert_eq!(add_to_site_yaml("title: T\ncontact: {name: Mira}\n", &public), SiteYamlEdit::NotABlock);
        assert_eq!(add_to_site_yaml("contact:\n  name: >\n    Mira\n", &public), SiteYamlEdit::NotABlock);
        assert_eq!(add_to_site_yaml("contact:\n\ttitle: x\n", &public), SiteYamlEdit::NotABlock);
        // A language's own contact is not the top-level one.
        assert_eq!(
            add_to_site_yaml("languages:\n  fi:\n    contact:\n      name: M\n", &public),
            SiteYamlEdit::NoContact
        );
    }

    #[test]
    fn windows_line_ends_stay() {
        let public = key().public;
        let SiteYamlEdit::Edited { text, .. } = add_to_site_yaml("contact:\r\n  name: Mira\r\n", &public) else {
            panic!()
        };
        assert_eq!(text, format!("contact:\r\n  name: Mira\r\n  key: {}\r\n", public.text()));
    }

    #[test]
    fn dates_are_counted_right() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(20_791), (2026, 12, 4));
        assert_eq!(civil_from_days(19_782), (2024, 2, 29));
    }
}

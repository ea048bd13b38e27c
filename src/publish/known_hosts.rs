//! `~/.ssh/known_hosts`, read as OpenSSH reads it: host patterns (`*`, `?`,
//! `!negated`), `[host]:port` for ports other than 22, hashed entries
//! (`|1|salt|hash`), and the `@revoked` marker. Each key found for a host
//! comes with its line, so a message can point at it.

use std::path::Path;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use hmac::{KeyInit, Mac};
use russh::keys::PublicKey;

/// A key recorded for a host, and where.
#[derive(Clone, Debug)]
pub struct Known {
    /// Its line in the file, 1-based.
    pub line: usize,
    pub key: PublicKey,
    /// Marked `@revoked`: never to be trusted.
    pub revoked: bool,
}

/// Every key the file at `path` records for `host` on `port`; none when there is no file.
pub fn keys_for(path: &Path, host: &str, port: u16) -> std::io::Result<Vec<Known>> {
    let text = match std::fs::read(path) {
        Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(e),
    };
    Ok(keys_in(&text, host, port))
}

/// [`keys_for`] on the file's text.
pub fn keys_in(text: &str, host: &str, port: u16) -> Vec<Known> {
    let name = if port == 22 { host.to_ascii_lowercase() } else { format!("[{}]:{port}", host.to_ascii_lowercase()) };
    let mut found = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let mut fields = line.split_whitespace();
        let Some(mut first) = fields.next() else { continue };
        if first.starts_with('#') {
            continue;
        }
        let mut revoked = false;
        if let Some(marker) = first.strip_prefix('@') {
            match marker {
                "revoked" => revoked = true,
                // Host certificates are not used by rajat (it never asks for one).
                _ => continue,
            }
            let Some(next) = fields.next() else { continue };
            first = next;
        }
        let (Some(_kind), Some(base64)) = (fields.next(), fields.next()) else { continue };
        if !matches_host(first, &name) {
            continue;
        }
        // A line whose key cannot be read is skipped, as `ssh` skips it.
        if let Ok(key) = russh::keys::parse_public_key_base64(base64) {
            found.push(Known { line: i + 1, key, revoked });
        }
    }
    found
}

/// Whether the comma-separated `patterns` of a line name `host`.
fn matches_host(patterns: &str, host: &str) -> bool {
    if let Some(hashed) = patterns.strip_prefix("|1|") {
        return matches_hashed(hashed, host);
    }
    let mut matched = false;
    for pattern in patterns.split(',') {
        match pattern.strip_prefix('!') {
            Some(negated) if glob(&negated.to_ascii_lowercase(), host) => return false,
            Some(_) => {}
            None => matched |= glob(&pattern.to_ascii_lowercase(), host),
        }
    }
    matched
}

/// `salt|hash`, both base64: the HMAC-SHA1 of the host name keyed with the salt.
fn matches_hashed(hashed: &str, host: &str) -> bool {
    let Some((salt, hash)) = hashed.split_once('|') else { return false };
    let decode = |s: &str| BASE64.decode(s).ok();
    let (Some(salt), Some(hash)) = (decode(salt), decode(hash)) else { return false };
    let Ok(mac) = hmac::Hmac::<sha1::Sha1>::new_from_slice(&salt) else { return false };
    mac.chain_update(host.as_bytes()).verify_slice(&hash).is_ok()
}

/// OpenSSH's patterns: `*` any run of characters, `?` one character.
fn glob(pattern: &str, text: &str) -> bool {
    let (p, t): (Vec<char>, Vec<char>) = (pattern.chars().collect(), text.chars().collect());
    let (mut pi, mut ti, mut star, mut mark) = (0, 0, None, 0);
    while ti < t.len() {
        if pi < p.len() && (p[pi] == '?' || p[pi] == t[ti]) {
            pi += 1;
            ti += 1;
        } else if pi < p.len() && p[pi] == '*' {
            star = Some(pi);
            mark = ti;
            pi += 1;
        } else if let Some(s) = star {
            pi = s + 1;
            mark += 1;
            ti = mark;
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|&c| c == '*')
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &str = "AAAAC3NzaC1lZDI1NTE5AAAAIJdD7y3aLq454yWBdwLWbieU1ebz9/cu7/QEXn9OIeZJ";

    #[test]
    fn hosts_ports_patterns_and_markers() {
        let text = format!(
            "# comment\n\nexample.org,192.0.2.1 ssh-ed25519 {KEY}\n[example.org]:2222 ssh-ed25519 {KEY}\n\
             *.example.net,!bad.example.net ssh-ed25519 {KEY}\n@revoked example.com ssh-ed25519 {KEY}\n\
             @cert-authority *.example.org ssh-ed25519 {KEY}\nbroken.example ssh-ed25519 not-base64\n"
        );
        let lines =
            |host: &str, port: u16| -> Vec<usize> { keys_in(&text, host, port).iter().map(|k| k.line).collect() };
        assert_eq!(lines("example.org", 22), [3], "lines are counted from 1, comments and blanks included");
        assert_eq!(lines("EXAMPLE.org", 22), [3]);
        assert_eq!(lines("example.org", 2222), [4]);
        assert_eq!(lines("192.0.2.1", 22), [3]);
        assert_eq!(lines("www.example.net", 22), [5]);
        assert!(lines("bad.example.net", 22).is_empty(), "a negated pattern wins");
        assert!(keys_in(&text, "example.com", 22)[0].revoked);
        assert!(lines("broken.example", 22).is_empty(), "a key that cannot be read is skipped");
    }

    #[test]
    fn hashed_entries_match_their_host_only() {
        // `ssh-keygen -H` of "[127.0.0.1]:2222": salt and HMAC-SHA1, base64.
        let salt = b"0123456789abcdefghij";
        let mac = hmac::Hmac::<sha1::Sha1>::new_from_slice(salt).unwrap().chain_update(b"[127.0.0.1]:2222");
        let hash = mac.finalize().into_bytes();
        let line = format!("|1|{}|{} ssh-ed25519 {KEY}\n", BASE64.encode(salt), BASE64.encode(hash));
        assert_eq!(keys_in(&line, "127.0.0.1", 2222).len(), 1);
        assert!(keys_in(&line, "127.0.0.1", 22).is_empty());
        assert!(keys_in(&line, "127.0.0.2", 2222).is_empty());
    }

    #[test]
    fn globs() {
        assert!(glob("*.example.org", "a.example.org"));
        assert!(!glob("*.example.org", "example.org"));
        assert!(glob("10.0.0.?", "10.0.0.7") && !glob("10.0.0.?", "10.0.0.17"));
        assert!(glob("*", "anything"));
    }
}

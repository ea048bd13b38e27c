//! What a destination keeps of rajat's own, beside the site: the record of
//! what was published (`.rajat-published`) and, while a publish runs, the
//! list of files it may be changing (`.rajat-publishing`).
//!
//! The record lists every file rajat published with the hash and size of its
//! bytes, the same as `public/`'s manifest gives them, so comparing the two
//! tells what to send without reading a remote file. A file listed without
//! a hash is rajat's, but its bytes are not known: a publish was stopped
//! while changing it, or it is about to be deleted. The next publish sends
//! it again if the site has it, and deletes it otherwise.
//!
//! The journal names the files a publish is about to change. A publish that
//! is stopped leaves it behind; the next one reads its files as rajat's with
//! unknown bytes, so whatever the stopped publish got half way through is
//! finished or cleaned up, and a file it created is never mistaken for one
//! someone else put there. A file it was to create where none was is named
//! with the hash and size of what it sent: it is rajat's only if it holds
//! those bytes. Otherwise someone else's file was in the way (the publish
//! was refused, or stopped before it got there), and it stays theirs.

use std::collections::{BTreeMap, HashMap};

use crate::text::escape_path;

/// The hash and size of a file's bytes, as manifests record them.
pub type Entry = (u64, u64);

/// The record's name at the destination's root.
pub const RECORD: &str = ".rajat-published";
/// The journal's name at the destination's root.
pub const JOURNAL: &str = ".rajat-publishing";
const RECORD_HEADER: &str = "rajat-published 1";
/// Version 1 named paths only; version 2 gives each a hash and size, or `- -`.
const JOURNAL_HEADER_V1: &str = "rajat-publishing 1";
const JOURNAL_HEADER: &str = "rajat-publishing 2";
/// What a file being sent is called until it is complete: a hidden name
/// beside its final one, in the same folder, so the rename is within one
/// file system and web servers that hide dot files never show it.
const PART_SUFFIX: &str = ".rajat-part";

/// The files rajat published at a destination: each with its bytes' hash
/// and size, or `None` when it is rajat's but its bytes are not known.
pub type Published = HashMap<String, Option<Entry>>;

/// Reads a record; `None` when it is damaged: not one of rajat's, or cut
/// short (it must end with its last line).
pub fn read_record(bytes: &[u8]) -> Option<Published> {
    let text = std::str::from_utf8(bytes).ok()?;
    let mut lines = text.split('\n');
    if lines.next()? != RECORD_HEADER {
        return None;
    }
    let mut files = Published::new();
    for line in lines {
        if line == "end" {
            return Some(files);
        }
        let mut parts = line.splitn(3, ' ');
        let (hash, size, path) = (parts.next()?, parts.next()?, unescape(parts.next()?)?);
        if !is_site_path(&path) {
            return None;
        }
        let entry = match (hash, size) {
            ("-", "-") => None,
            _ => Some((u64::from_str_radix(hash, 16).ok()?, size.parse().ok()?)),
        };
        files.insert(path, entry);
    }
    None
}

/// What can be read of a damaged record: the paths of its whole lines,
/// which rajat published, though their bytes are no longer vouched for.
pub fn salvage_record(bytes: &[u8]) -> Vec<String> {
    let text = String::from_utf8_lossy(bytes);
    let mut lines: Vec<&str> = text.split('\n').collect();
    // The last piece has no newline after it: it may be cut short.
    lines.pop();
    lines
        .into_iter()
        .filter_map(|line| {
            let mut parts = line.splitn(3, ' ');
            let (hash, size) = (parts.next()?, parts.next()?);
            let plausible = (hash == "-" && size == "-")
                || (hash.len() == 16 && u64::from_str_radix(hash, 16).is_ok() && size.parse::<u64>().is_ok());
            unescape(parts.next()?).filter(|p| plausible && is_site_path(p))
        })
        .collect()
}

/// The text of a record listing `files`.
pub fn write_record(files: &Published) -> Vec<u8> {
    let mut paths: Vec<&String> = files.keys().collect();
    paths.sort();
    let mut text = String::with_capacity(paths.len() * 64);
    text.push_str(RECORD_HEADER);
    text.push('\n');
    for path in paths {
        match files[path] {
            Some((hash, size)) => text.push_str(&format!("{hash:016x} {size} {}\n", escape_path(path))),
            None => text.push_str(&format!("- - {}\n", escape_path(path))),
        }
    }
    text.push_str("end\n");
    text.into_bytes()
}

/// The paths a publish may be changing: each with `None` when it is rajat's
/// whatever it holds, or the hash and size of the file it was to create
/// where none was (rajat's only if it holds those bytes).
pub type Journal = BTreeMap<String, Option<Entry>>;

/// Reads a journal: the paths a stopped publish may have been changing.
pub fn read_journal(bytes: &[u8]) -> Journal {
    let text = String::from_utf8_lossy(bytes);
    let mut lines = text.split('\n');
    let v1 = match lines.next() {
        Some(JOURNAL_HEADER_V1) => true,
        Some(JOURNAL_HEADER) => false,
        _ => return Journal::new(),
    };
    let line = |line: &str| -> Option<(String, Option<Entry>)> {
        if v1 {
            return Some((unescape(line)?, None));
        }
        let mut parts = line.splitn(3, ' ');
        let (hash, size, path) = (parts.next()?, parts.next()?, unescape(parts.next()?)?);
        let entry = match (hash, size) {
            ("-", "-") => None,
            _ => Some((u64::from_str_radix(hash, 16).ok()?, size.parse().ok()?)),
        };
        Some((path, entry))
    };
    lines.filter_map(line).filter(|(p, _)| is_site_path(p)).collect()
}

/// The text of a journal naming `paths`.
pub fn write_journal(paths: &Journal) -> Vec<u8> {
    let mut text = format!("{JOURNAL_HEADER}\n");
    for (path, entry) in paths {
        match entry {
            Some((hash, size)) => text.push_str(&format!("{hash:016x} {size} {}\n", escape_path(path))),
            None => text.push_str(&format!("- - {}\n", escape_path(path))),
        }
    }
    text.into_bytes()
}

/// The temporary name `path` is sent under: `a/.b.html.rajat-part` for `a/b.html`.
pub fn part_name(path: &str) -> String {
    match path.rsplit_once('/') {
        Some((folder, name)) => format!("{folder}/.{name}{PART_SUFFIX}"),
        None => format!(".{path}{PART_SUFFIX}"),
    }
}

/// Whether `path` is one of rajat's own files at a destination, never part of the site.
pub fn is_own_file(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    path == RECORD
        || path == JOURNAL
        || path.starts_with(&format!("{RECORD}."))
        || path.starts_with(&format!("{JOURNAL}."))
        || (name.starts_with('.') && name.ends_with(PART_SUFFIX))
}

/// A relative path with no empty, `.` or `..` part: one a record may hold.
/// A damaged or doctored record can never make rajat touch a file outside
/// the destination.
pub fn is_site_path(path: &str) -> bool {
    !path.is_empty() && path.split('/').all(|p| !p.is_empty() && p != "." && p != "..") && !is_own_file(path)
}

fn unescape(escaped: &str) -> Option<String> {
    crate::text::percent_decode(escaped)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_record_reads_back_what_was_written() {
        let mut files = Published::new();
        files.insert("index.html".into(), Some((0xabc, 12)));
        files.insert("a b/100%.css".into(), Some((u64::MAX, 0)));
        files.insert("line\nbreak.txt".into(), None);
        let text = write_record(&files);
        assert_eq!(read_record(&text), Some(files.clone()));
        // Cut anywhere before its end, it is damaged; what is whole can be salvaged.
        for cut in 1..text.len() - 1 {
            assert_eq!(read_record(&text[..cut]), None, "cut at {cut}");
            for path in salvage_record(&text[..cut]) {
                assert!(files.contains_key(&path), "{path:?} from a record cut at {cut}");
            }
        }
        assert_eq!(salvage_record(&text).len(), 3);
    }

    #[test]
    fn a_record_can_never_name_a_file_outside_the_destination() {
        for path in ["../x", "/etc/passwd", "a//b", "a/./b", ".rajat-published", "a/.b.html.rajat-part", ""] {
            let text = format!("{RECORD_HEADER}\n0000000000000001 1 {path}\nend\n");
            assert_eq!(read_record(text.as_bytes()), None, "{path:?}");
            assert!(salvage_record(text.as_bytes()).is_empty(), "{path:?}");
            for journal in [format!("{JOURNAL_HEADER}\n- - {path}\n"), format!("{JOURNAL_HEADER_V1}\n{path}\n")] {
                assert!(read_journal(journal.as_bytes()).is_empty(), "{path:?}");
            }
        }
    }

    #[test]
    fn part_names_are_hidden_beside_their_file_and_never_site_files() {
        assert_eq!(part_name("a/b/index.html"), "a/b/.index.html.rajat-part");
        assert_eq!(part_name("style.css"), ".style.css.rajat-part");
        assert!(is_own_file(&part_name("a/index.html")));
        assert!(!is_own_file("a/index.html") && !is_own_file(".htaccess"));
    }

    #[test]
    fn a_journal_reads_back() {
        let paths: Journal =
            [("a/index.html".to_string(), None), ("x%y".to_string(), Some((0xabc, 12)))].into_iter().collect();
        assert_eq!(read_journal(&write_journal(&paths)), paths);
        assert!(read_journal(b"something else\na\n").is_empty());
        // A journal an older rajat left: its files are rajat's, whatever they hold.
        let old: Journal = [("a/index.html".to_string(), None)].into_iter().collect();
        assert_eq!(read_journal(b"rajat-publishing 1\na/index.html\n"), old);
    }
}

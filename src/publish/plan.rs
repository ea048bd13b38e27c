//! What a publish sends and deletes, and in which order, from what the site
//! has and what the destination holds. Nothing here touches a file.
//!
//! The order keeps the live site whole while it changes:
//!
//! 1. files that are not pages (styles, scripts, images), new ones first;
//! 2. pages, new ones first, so a changed page never links to a page that
//!    is not there yet;
//! 3. the record of what was published;
//! 4. deletions last, pages before what they use.
//!
//! A visitor meets old pages with what they use, or new pages with what
//! they use: never a page whose stylesheet has not arrived, nor a link to a
//! page that is not there.

use std::collections::{HashMap, HashSet};

use super::record::{Entry, Published};

/// One file to send.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Upload {
    /// Its path in the site (and at the destination).
    pub path: String,
    /// The hash and size of its bytes.
    pub entry: Entry,
    /// Whether a file may already be at its path (rajat's own, or one
    /// `--delete-unknown` lets it replace): sent files never replace a file
    /// someone else put there.
    pub replace: bool,
    /// Whether no file is at its path yet: new files go before changed ones.
    pub new: bool,
}

/// What a publish does.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Plan {
    /// Files to send, in groups sent one after the other; the files of one
    /// group may be sent side by side.
    pub groups: Vec<Vec<Upload>>,
    /// Files rajat published that the site no longer has, pages first.
    pub deletions: Vec<String>,
    /// Files rajat did not publish, deleted because the user said `--delete-unknown`.
    pub unknown_deleted: Vec<String>,
    /// Files rajat did not publish that stay (only known when the destination was listed).
    pub unknown_kept: Vec<String>,
    /// Files rajat did not publish at a path the site needs: the publish
    /// stops unless `--delete-unknown` lets it replace them.
    pub in_the_way: Vec<String>,
    /// Those files, when `--delete-unknown` lets the site's files replace them.
    pub unknown_replaced: Vec<String>,
}

impl Plan {
    /// Every file to send, in order.
    pub fn uploads(&self) -> impl Iterator<Item = &Upload> {
        self.groups.iter().flatten()
    }

    /// The bytes to send.
    pub fn bytes(&self) -> u64 {
        self.uploads().map(|u| u.entry.1).sum()
    }

    /// Whether the destination already holds the site exactly.
    pub fn is_empty(&self) -> bool {
        self.groups.is_empty() && self.deletions.is_empty() && self.unknown_deleted.is_empty()
    }
}

/// Whether `path` is a page: what a visitor opens and follows links from.
pub fn is_page(path: &str) -> bool {
    path.ends_with(".html") || path.ends_with(".htm")
}

/// The plan for sending `site` (its files with their hashes) to a destination
/// holding `published` (rajat's files there; those in `absent` are known not
/// to be there, a stopped publish having named them) and, when it was
/// listed, `unknown` (files found there that rajat did not publish).
pub fn plan(
    site: &HashMap<String, Entry>,
    published: &Published,
    absent: &HashSet<String>,
    unknown: Option<&HashSet<String>>,
    delete_unknown: bool,
) -> Plan {
    let mut plan = Plan::default();
    let is_unknown = |p: &str| unknown.is_some_and(|u| u.contains(p));
    let mut uploads: Vec<Upload> = Vec::new();
    for (path, entry) in site {
        if published.get(path) == Some(&Some(*entry)) {
            continue;
        }
        let in_the_way = is_unknown(path) && !published.contains_key(path);
        if in_the_way && !delete_unknown {
            plan.in_the_way.push(path.clone());
        } else if in_the_way {
            plan.unknown_replaced.push(path.clone());
        }
        let replace = published.contains_key(path) || in_the_way;
        let new = !replace || absent.contains(path);
        uploads.push(Upload { path: path.clone(), entry: *entry, replace, new });
    }
    // New before changed, not pages before pages; within a group by path, so
    // two publishes of one site do the same.
    let group_of = |u: &Upload| (is_page(&u.path) as usize) * 2 + (!u.new) as usize;
    uploads.sort_by(|a, b| (group_of(a), &a.path).cmp(&(group_of(b), &b.path)));
    for upload in uploads {
        match plan.groups.last_mut() {
            Some(group) if group_of(&group[0]) == group_of(&upload) => group.push(upload),
            _ => plan.groups.push(vec![upload]),
        }
    }
    plan.deletions = published.keys().filter(|p| !site.contains_key(*p)).cloned().collect();
    plan.deletions.sort_by(|a, b| (!is_page(a), a).cmp(&(!is_page(b), b)));
    if let Some(unknown) = unknown {
        let mut others: Vec<String> =
            unknown.iter().filter(|p| !site.contains_key(*p) && !published.contains_key(*p)).cloned().collect();
        others.sort_by(|a, b| (!is_page(a), a).cmp(&(!is_page(b), b)));
        if delete_unknown {
            plan.unknown_deleted = others;
        } else {
            plan.unknown_kept = others;
        }
    }
    plan.in_the_way.sort();
    plan.unknown_replaced.sort();
    plan
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(files: &[(&str, u64)]) -> HashMap<String, Entry> {
        files.iter().map(|(p, h)| (p.to_string(), (*h, 10))).collect()
    }

    fn paths(group: &[Upload]) -> Vec<&str> {
        group.iter().map(|u| u.path.as_str()).collect()
    }

    #[test]
    fn assets_then_pages_new_before_changed_then_deletions() {
        let published: Published = [
            ("index.html", Some((1, 10))),
            ("a/index.html", Some((1, 10))),
            ("style.css", Some((1, 10))),
            ("old/index.html", Some((1, 10))),
            ("old.css", Some((1, 10))),
            ("same.js", Some((1, 10))),
        ]
        .into_iter()
        .map(|(p, e)| (p.to_string(), e))
        .collect();
        let now = site(&[
            ("index.html", 2),
            ("a/index.html", 2),
            ("new/index.html", 2),
            ("style.css", 2),
            ("new.css", 2),
            ("same.js", 1),
        ]);
        let plan = plan(&now, &published, &HashSet::new(), None, false);
        let groups: Vec<Vec<&str>> = plan.groups.iter().map(|g| paths(g)).collect();
        assert_eq!(
            groups,
            [vec!["new.css"], vec!["style.css"], vec!["new/index.html"], vec!["a/index.html", "index.html"]]
        );
        assert!(!plan.groups[0][0].replace && plan.groups[1][0].replace);
        assert_eq!(plan.deletions, ["old/index.html", "old.css"], "pages go before what they use");
        assert_eq!(plan.bytes(), 50);
    }

    #[test]
    fn nothing_changed_nothing_to_do() {
        let now = site(&[("index.html", 1), ("style.css", 1)]);
        let published: Published = now.iter().map(|(p, e)| (p.clone(), Some(*e))).collect();
        assert!(plan(&now, &published, &HashSet::new(), None, false).is_empty());
    }

    #[test]
    fn files_of_unknown_bytes_are_sent_again_or_deleted() {
        let now = site(&[("index.html", 1)]);
        let published: Published =
            [("index.html".to_string(), None), ("gone/index.html".to_string(), None)].into_iter().collect();
        let plan = plan(&now, &published, &HashSet::new(), None, false);
        assert_eq!(paths(&plan.groups[0]), ["index.html"]);
        assert!(plan.groups[0][0].replace);
        assert_eq!(plan.deletions, ["gone/index.html"]);
    }

    /// A stopped publish may have created a page, or deleted it again: one
    /// known not to be there goes with the new pages, before any page that
    /// could link to it is replaced.
    #[test]
    fn a_page_of_unknown_bytes_that_is_not_there_goes_first() {
        let now = site(&[("a/index.html", 2), ("z/index.html", 2)]);
        let published: Published =
            [("a/index.html".to_string(), Some((1, 10))), ("z/index.html".to_string(), None)].into_iter().collect();
        let absent: HashSet<String> = ["z/index.html".to_string()].into_iter().collect();
        let plan = plan(&now, &published, &absent, None, false);
        let groups: Vec<Vec<&str>> = plan.groups.iter().map(|g| paths(g)).collect();
        assert_eq!(groups, [vec!["z/index.html"], vec!["a/index.html"]]);
        assert!(plan.groups[0][0].replace, "it is rajat's, so a file there may be replaced");
    }

    #[test]
    fn files_rajat_did_not_publish_are_kept_unless_asked() {
        let now = site(&[("index.html", 1)]);
        let unknown: HashSet<String> = ["CNAME", "index.html", "photos/me.jpg"].iter().map(|s| s.to_string()).collect();
        let kept = plan(&now, &Published::new(), &HashSet::new(), Some(&unknown), false);
        assert_eq!(kept.unknown_kept, ["CNAME", "photos/me.jpg"]);
        assert_eq!(kept.in_the_way, ["index.html"], "someone else's index.html is not silently replaced");
        assert!(kept.unknown_deleted.is_empty() && kept.deletions.is_empty());
        let deleted = plan(&now, &Published::new(), &HashSet::new(), Some(&unknown), true);
        assert_eq!(deleted.unknown_deleted, ["CNAME", "photos/me.jpg"]);
        assert!(deleted.in_the_way.is_empty() && deleted.groups[0][0].replace);
        assert_eq!(deleted.unknown_replaced, ["index.html"], "and it is named");
    }
}

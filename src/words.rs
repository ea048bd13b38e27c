//! Words by key, in one language: what buttons, notes and messages say.
//!
//! Two sets of words reach a page: the theme's (`strings/<code>.yaml` in the
//! theme) and rajat's forms' (`src/front-end/words/<code>.yaml`, built in for
//! English and Finnish). A site changes or adds any of them in site.yaml
//! (`strings:`, and `strings: {forms: …}` for the forms). English is the
//! complete set: a key a language lacks shows its English words, and the
//! build warns, naming the key, so no button is ever empty.

use std::collections::BTreeMap;
use std::sync::{Arc, OnceLock};

/// Words by key for one language, English behind every key it lacks.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Words(BTreeMap<String, String>);

impl Words {
    /// The words for `key`; the key itself when not even English has it,
    /// which a test of every key rules out for rajat's own.
    pub fn get<'a>(&'a self, key: &'a str) -> &'a str {
        self.0.get(key).map_or(key, String::as_str)
    }

    /// The words for `key` with each `{name}` replaced by its value.
    pub fn fill(&self, key: &str, values: &[(&str, &str)]) -> String {
        let mut text = self.get(key).to_string();
        for (name, value) in values {
            text = text.replace(&format!("{{{name}}}"), value);
        }
        text
    }

    /// Every key and its words.
    pub fn map(&self) -> &BTreeMap<String, String> {
        &self.0
    }
}

/// The words of one language: `english` overlaid with the language's own
/// (`own`, when there are any) and then the site's `overrides`. Returns them
/// with the keys English has that neither of the others gives, in order.
pub fn merge(
    english: &BTreeMap<String, String>,
    own: Option<&BTreeMap<String, String>>,
    overrides: &BTreeMap<String, String>,
) -> (Words, Vec<String>) {
    let mut words = english.clone();
    let mut missing = Vec::new();
    for key in english.keys() {
        let given = own.and_then(|o| o.get(key)).or_else(|| overrides.get(key));
        if given.is_none() {
            missing.push(key.clone());
        }
    }
    words.extend(own.into_iter().flatten().map(|(k, v)| (k.clone(), v.clone())));
    words.extend(overrides.iter().map(|(k, v)| (k.clone(), v.clone())));
    (Words(words), missing)
}

/// The languages rajat's forms speak out of the box, and their words.
const FORM_WORDS: [(&str, &str); 2] =
    [("en", include_str!("front-end/words/en.yaml")), ("fi", include_str!("front-end/words/fi.yaml"))];

/// rajat's own words for its forms in the language `code` (or its base
/// language: `fi` for `fi-FI`), if it has them.
pub fn built_in_form_words(code: &str) -> Option<&'static BTreeMap<String, String>> {
    static TABLES: OnceLock<Vec<(&'static str, BTreeMap<String, String>)>> = OnceLock::new();
    let tables = TABLES.get_or_init(|| {
        FORM_WORDS
            .iter()
            .map(|(code, yaml)| {
                // Part of the binary, and read by a test: it always parses.
                let table: BTreeMap<String, String> = serde_yaml::from_str(yaml).unwrap_or_default();
                (*code, table)
            })
            .collect()
    });
    let base = code.split('-').next().unwrap_or(code);
    tables.iter().find(|(c, _)| *c == code || *c == base).map(|(_, t)| t)
}

/// rajat's English words for its forms, the complete set.
pub fn english_form_words() -> &'static BTreeMap<String, String> {
    static EMPTY: BTreeMap<String, String> = BTreeMap::new();
    built_in_form_words("en").unwrap_or(&EMPTY)
}

/// A list of keys for a message, shortened when long.
pub fn listed(keys: &[String]) -> String {
    const SHOWN: usize = 8;
    let mut shown: Vec<String> = keys.iter().take(SHOWN).map(|k| format!("`{k}`")).collect();
    if keys.len() > SHOWN {
        shown.push(format!("and {} more", keys.len() - SHOWN));
    }
    shown.join(", ")
}

/// Shared words, cheap to hand to every page.
pub type SharedWords = Arc<Words>;

#[cfg(test)]
mod tests {
    use super::*;

    fn placeholders(text: &str) -> Vec<&str> {
        let mut names: Vec<&str> = text.split('{').skip(1).filter_map(|s| s.split_once('}').map(|(n, _)| n)).collect();
        names.sort_unstable();
        names
    }

    #[test]
    fn every_built_in_language_has_every_english_key_with_the_same_placeholders() {
        let english = english_form_words();
        assert!(english.len() > 100, "the English words parse");
        for (code, _) in FORM_WORDS {
            let table = built_in_form_words(code).unwrap();
            for (key, text) in english {
                let theirs = table.get(key).unwrap_or_else(|| panic!("`{code}` lacks `{key}`"));
                assert!(!theirs.trim().is_empty() || text.trim().is_empty(), "`{code}`: `{key}` is empty");
                assert_eq!(placeholders(theirs), placeholders(text), "`{code}`: `{key}`");
            }
            assert!(table.keys().all(|k| english.contains_key(k)), "`{code}` has keys English lacks");
        }
        assert!(built_in_form_words("fi-FI").is_some(), "a locale finds its base language");
        assert!(built_in_form_words("sv").is_none());
    }

    #[test]
    fn a_missing_key_shows_english_and_is_named() {
        let english: BTreeMap<String, String> =
            [("next", "Next"), ("previous", "Previous")].map(|(k, v)| (k.to_string(), v.to_string())).into();
        let own: BTreeMap<String, String> = [("next".to_string(), "Seuraava".to_string())].into();
        let (words, missing) = merge(&english, Some(&own), &BTreeMap::new());
        assert_eq!((words.get("next"), words.get("previous")), ("Seuraava", "Previous"));
        assert_eq!(missing, ["previous"]);
        let overrides: BTreeMap<String, String> = [("previous".to_string(), "Edellinen".to_string())].into();
        let (words, missing) = merge(&english, Some(&own), &overrides);
        assert_eq!(words.get("previous"), "Edellinen");
        assert!(missing.is_empty());
        assert_eq!(Words::default().fill("Hello, {name}", &[("name", "Aino")]), "Hello, Aino");
    }
}

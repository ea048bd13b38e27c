//! The browser code rajat ships: the files of `src/front-end/`, compiled into
//! the binary and published under `rajat/` (`/rajat/forms.js`): the forms'
//! scripts, and search's (`search.js`, `stemmers/`).

use include_dir::{Dir, include_dir};

/// The generator's own browser code, as real files (see `src/front-end/`).
static FRONT_END: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/src/front-end");

/// The output folder of the browser code, below the base URL.
pub const OUTPUT_DIR: &str = "rajat";

/// The live-reload client, which `rajat serve` serves itself and a build never publishes.
pub const LIVE_RELOAD: &str = "live-reload.js";

/// The live-reload client's code.
pub const LIVE_RELOAD_JS: &[u8] = include_bytes!("front-end/live-reload.js");

/// The search box's script; its stemmers are in [`STEMMERS`].
pub const SEARCH: &str = "search.js";

/// The folder of the browser's Snowball stemmers, which search loads.
pub const STEMMERS: &str = "stemmers";

/// The browser files a build publishes, as output path and contents: the
/// form scripts when the site has a form; with `search` (the stemmers its
/// languages use: `finnish`), the search script, and those stemmers with
/// Snowball's runtime. A site with neither gets no script.
pub fn files(has_forms: bool, search: Option<&[&str]>) -> Vec<(String, &'static [u8])> {
    let forms = FRONT_END
        .files()
        .filter(|file| has_forms && file.path().to_str().is_some_and(|name| name != LIVE_RELOAD && name != SEARCH));
    let stemmers = search.unwrap_or_default();
    let runtime = (!stemmers.is_empty()).then_some("snowball");
    let search = search.and_then(|_| FRONT_END.get_file(SEARCH)).into_iter().chain(
        stemmers.iter().copied().chain(runtime).filter_map(|name| FRONT_END.get_file(format!("{STEMMERS}/{name}.js"))),
    );
    forms
        .chain(search)
        .filter_map(|file| Some((format!("{OUTPUT_DIR}/{}", file.path().to_str()?), file.contents())))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn form_scripts_only_ship_with_forms_and_search_s_with_search() {
        let names = |forms, search| files(forms, search).into_iter().map(|(p, _)| p).collect::<Vec<_>>();
        assert!(names(false, None).is_empty());
        let with_forms = names(true, None);
        assert!(with_forms.contains(&"rajat/forms.js".to_string()), "{with_forms:?}");
        assert!(!with_forms.iter().any(|p| p.ends_with(LIVE_RELOAD) || p.ends_with(SEARCH) || p.contains(STEMMERS)));
        let with_search = names(false, Some(&["finnish"]));
        assert_eq!(with_search, ["rajat/search.js", "rajat/stemmers/finnish.js", "rajat/stemmers/snowball.js"]);
        assert_eq!(names(false, Some(&[])), ["rajat/search.js"], "a language without a stemmer needs none");
    }
}

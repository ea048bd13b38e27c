//! The browser code rajat ships: the files of `src/front-end/`, compiled into
//! the binary and published under `rajat/` (`/rajat/forms.js`).

use include_dir::{Dir, include_dir};

/// The generator's own browser code, as real files (see `src/front-end/`).
static FRONT_END: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/src/front-end");

/// The output folder of the browser code, below the base URL.
pub const OUTPUT_DIR: &str = "rajat";

/// The live-reload client, which `rajat serve` serves itself and a build never publishes.
pub const LIVE_RELOAD: &str = "live-reload.js";

/// The live-reload client's code.
pub const LIVE_RELOAD_JS: &[u8] = include_bytes!("front-end/live-reload.js");

/// The browser files a build publishes, as output path and contents: the
/// form scripts, when the site has a form (a site without one gets no script).
pub fn files(has_forms: bool) -> Vec<(String, &'static [u8])> {
    if !has_forms {
        return Vec::new();
    }
    FRONT_END
        .files()
        .filter_map(|file| {
            let name = file.path().to_str()?;
            (name != LIVE_RELOAD).then(|| (format!("{OUTPUT_DIR}/{name}"), file.contents()))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn form_scripts_only_ship_with_forms() {
        let names = |forms| files(forms).into_iter().map(|(p, _)| p).collect::<Vec<_>>();
        assert!(names(false).is_empty());
        let with_forms = names(true);
        assert!(with_forms.contains(&"rajat/forms.js".to_string()), "{with_forms:?}");
        assert!(!with_forms.iter().any(|p| p.ends_with(LIVE_RELOAD)));
    }
}

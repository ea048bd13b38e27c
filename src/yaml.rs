//! YAML for `site.yaml` and front matter: parse with serde_yaml, and turn its
//! errors into diagnostics that point at the line in the author's file.

use std::path::Path;

use serde::de::DeserializeOwned;

use crate::error::Diagnostic;

/// Parses `yaml` — which starts on line `first_line` (1-based) of the file
/// `path`, whose full text is `file_source` — into `T`.
///
/// A YAML error is reported at its line in the file, not in the snippet: a
/// front matter block starts on line 2, so its YAML line 1 is file line 2.
pub fn parse<T: DeserializeOwned>(
    path: &Path,
    file_source: &str,
    yaml: &str,
    first_line: usize,
) -> Result<T, Diagnostic> {
    // An empty document is `null` to serde_yaml; treat it as an empty mapping so
    // that missing required keys are reported by name.
    let yaml = if yaml.trim().is_empty() { "{}" } else { yaml };
    serde_yaml::from_str(yaml).map_err(|err| error(path, file_source, &err, first_line))
}

/// Converts a serde_yaml error into a diagnostic located in the file.
pub fn error(path: &Path, file_source: &str, err: &serde_yaml::Error, first_line: usize) -> Diagnostic {
    let text = err.to_string();
    // serde_yaml appends " at line L column C"; the diagnostic shows the place itself.
    let message = match text.rfind(" at line ") {
        Some(i) => text[..i].to_string(),
        None => text.clone(),
    };
    let (message, hint) = explain(&message);
    let d = Diagnostic::error(message).in_file(path);
    let d = match err.location() {
        Some(loc) => {
            let line = loc.line() + first_line - 1;
            let span = key_span(file_source, line, loc.column());
            d.at(file_source, line, loc.column()).span(span)
        }
        None => d.at(file_source, first_line, 1),
    };
    match hint {
        Some(h) => d.hint(h),
        None => d,
    }
}

/// Rewrites serde's phrasing into the guide's, and adds advice for the common mistakes.
fn explain(message: &str) -> (String, Option<String>) {
    if let Some(rest) = message.strip_prefix("unknown field ") {
        // "unknown field `tilte`, expected one of `title`, ..."
        let (key, expected) = rest.split_once(", expected").unwrap_or((rest, ""));
        let expected = expected.trim_start_matches(" one of ").trim();
        let hint = if expected.is_empty() {
            "remove this key".to_string()
        } else {
            format!("known keys are {expected}; put keys of your own under `extra:`")
        };
        return (format!("unknown key {key}"), Some(hint));
    }
    if let Some(rest) = message.strip_prefix("missing field ") {
        return (format!("missing required key {rest}"), Some(format!("add a line `{}: ...`", rest.trim_matches('`'))));
    }
    if message.contains("mapping values are not allowed") {
        return (
            message.to_string(),
            Some("a value containing `: ` must be quoted, e.g. title: \"Why: a question\"".into()),
        );
    }
    if message.contains("did not find expected") || message.contains("found character that cannot start") {
        return (message.to_string(), Some("check indentation and quoting on this line and the one above".into()));
    }
    if let Some(rest) = message.split_once("invalid type: ").map(|(_, r)| r) {
        // "weight: invalid type: sequence, expected i64"
        let key = message.split_once(": invalid type").map(|(k, _)| k).filter(|k| !k.contains(' '));
        let (found, expected) = rest.split_once(", expected ").unwrap_or((rest, "another type"));
        let expected = match expected {
            "i64" | "u64" | "i32" | "u32" | "usize" => "a whole number",
            "a string" => "text",
            "a boolean" => "true or false",
            "a sequence" => "a list",
            e if e.starts_with("struct") || e.starts_with("a map") => "a mapping of keys to values",
            e => e,
        };
        let subject = key.map_or("this value".to_string(), |k| format!("`{k}`"));
        return (
            format!("{subject} must be {expected}, not a {found}"),
            Some("quote text that looks like something else (\"yes\", \"1.0\"); lists are written [a, b] or as `- ` lines".into()),
        );
    }
    (message.to_string(), Some("check the YAML on this line: indentation, quotes and `key: value` pairs".into()))
}

/// Length of the `key` at `line:col`, so the caret underlines the whole key.
fn key_span(source: &str, line: usize, col: usize) -> usize {
    let Some(text) = source.lines().nth(line.saturating_sub(1)) else {
        return 1;
    };
    let rest: String = text.chars().skip(col.saturating_sub(1)).collect();
    match rest.find(':') {
        Some(n) if n > 0 && !rest[..n].contains(' ') => rest[..n].chars().count(),
        _ => 1,
    }
}

/// Converts YAML data (the `extra:` maps) into a template value.
pub fn to_value(v: &serde_yaml::Value) -> minijinja::Value {
    use minijinja::Value;
    match v {
        serde_yaml::Value::Null => Value::from(()),
        serde_yaml::Value::Bool(b) => Value::from(*b),
        serde_yaml::Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                Value::from(i)
            } else if let Some(u) = n.as_u64() {
                Value::from(u)
            } else {
                Value::from(n.as_f64().unwrap_or(f64::NAN))
            }
        }
        serde_yaml::Value::String(s) => Value::from(s.as_str()),
        serde_yaml::Value::Sequence(items) => items.iter().map(to_value).collect(),
        serde_yaml::Value::Mapping(map) => Value::from_iter(map.iter().map(|(k, v)| {
            let key = match k {
                serde_yaml::Value::String(s) => s.clone(),
                other => serde_yaml::to_string(other).unwrap_or_default().trim().to_string(),
            };
            (key, to_value(v))
        })),
        serde_yaml::Value::Tagged(t) => to_value(&t.value),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Doc {
        #[allow(dead_code)] // only its presence matters to these tests
        title: String,
    }

    fn parse_err(file: &str, yaml_start: usize) -> Diagnostic {
        let yaml: String =
            file.lines().skip(yaml_start - 1).take_while(|l| *l != "---").map(|l| format!("{l}\n")).collect();
        parse::<Doc>(Path::new("a.md"), file, &yaml, yaml_start).unwrap_err()
    }

    #[test]
    fn unknown_key_points_at_the_file_line() {
        let d = parse_err("---\ntitle: x\ntilte: y\n---\nbody\n", 2);
        assert_eq!((d.line, d.col), (3, 1));
        assert_eq!(d.message, "unknown key `tilte`");
        assert_eq!(d.span, 5);
        assert!(d.hint.unwrap().contains("`title`"));
    }

    #[test]
    fn syntax_error_points_at_the_file_line() {
        let d = parse_err("---\ntitle: [unclosed\n---\n", 2);
        assert!(d.line >= 2, "{d:?}");
        assert_eq!(d.path.as_deref(), Some(Path::new("a.md")));
    }

    #[test]
    fn missing_key_is_named() {
        let d = parse_err("---\n---\n", 2);
        assert_eq!(d.message, "missing required key `title`");
    }
}

//! Forms: the worksheets, the client self-check and the refusal-letter
//! builder, declared by a page's front matter under `form:`.
//!
//! * [`schema`] reads and validates a definition while the YAML is parsed, so
//!   every mistake is reported at its line of the Markdown file.
//! * [`links`] checks what a definition points at once the whole site is
//!   known: situation pages, the letter page, links inside help texts.
//! * [`html`] renders the form as accessible HTML that works printed and
//!   without JavaScript, and [`json`] embeds the definition for the browser.
//! * [`assets`] holds the browser code (`src/front-end/`), emitted under `rajat/`.
//!
//! ```
//! let yaml = "kind: worksheet\nfields:\n  - id: goal\n    kind: long-text\n    label: What do you want?\n";
//! let form: rajat::forms::Form = serde_yaml::from_str(yaml).unwrap();
//! assert_eq!(form.fields[0].kind, rajat::forms::FieldKind::LongText);
//! ```

pub mod html;
pub mod json;
pub mod links;
pub mod schema;

use crate::error::Diagnostic;

/// What a form is for; it decides which keys and behaviours apply.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum FormKind {
    /// Questions the reader answers for themselves.
    #[default]
    Worksheet,
    /// Scored questions about a client, one per situation, with result bands.
    SelfCheck,
    /// The refusal-letter builder: fields that fill in a letter.
    RefusalLetter,
}

impl FormKind {
    /// The name authors write after `kind:`.
    pub fn name(self) -> &'static str {
        match self {
            FormKind::Worksheet => "worksheet",
            FormKind::SelfCheck => "self-check",
            FormKind::RefusalLetter => "letter",
        }
    }
}

/// The kinds of question a form can ask.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FieldKind {
    ShortText,
    LongText,
    /// Several short lines; the reader adds as many as they need.
    List,
    SingleChoice,
    MultipleChoice,
    /// 1 to 5.
    Scale,
    YesNo,
}

impl FieldKind {
    /// Every kind, with the name authors write after `kind:`.
    pub const ALL: [(FieldKind, &'static str); 7] = [
        (FieldKind::ShortText, "short-text"),
        (FieldKind::LongText, "long-text"),
        (FieldKind::List, "list"),
        (FieldKind::SingleChoice, "single-choice"),
        (FieldKind::MultipleChoice, "multiple-choice"),
        (FieldKind::Scale, "scale"),
        (FieldKind::YesNo, "yes-no"),
    ];

    /// The name authors write after `kind:`.
    pub fn name(self) -> &'static str {
        FieldKind::ALL.iter().find(|(k, _)| *k == self).map_or("", |(_, n)| n)
    }

    /// Whether the reader picks from the field's `options`.
    pub fn has_options(self) -> bool {
        matches!(self, FieldKind::SingleChoice | FieldKind::MultipleChoice)
    }

    /// Whether the answer is typed text.
    pub fn is_text(self) -> bool {
        matches!(self, FieldKind::ShortText | FieldKind::LongText)
    }
}

/// A form, as declared under `form:`.
#[derive(Clone, Debug, PartialEq)]
pub struct Form {
    /// Names the form in saved answers and shared links; defaults to the page's file name.
    pub id: Option<String>,
    pub kind: FormKind,
    /// What assistive technology calls the form; defaults to the page title.
    pub title: Option<String>,
    pub fields: Vec<Field>,
    /// Self-check: the score ranges and what each one means, lowest first.
    pub results: Vec<Band>,
    /// Self-check: shown instead of a band when an answer has `stop: true`.
    pub stop_result: Option<Outcome>,
    /// Self-check: the page (a `.md` path) with the refusal-letter builder.
    pub letter_page: Option<String>,
    /// Letter: the sentences around what the reader types.
    pub letter: Option<LetterText>,
}

/// One question.
#[derive(Clone, Debug, PartialEq)]
pub struct Field {
    pub id: String,
    pub kind: FieldKind,
    pub label: String,
    /// Markdown.
    pub help: Option<String>,
    pub required: bool,
    pub placeholder: Option<String>,
    /// Text a text field starts with (the letter's standard sentences).
    pub default: Option<String>,
    pub options: Vec<Choice>,
    /// The situation page this question is about (a `.md` path).
    pub situation: Option<String>,
    /// Scale: what 1 and 5 mean.
    pub low: Option<String>,
    pub high: Option<String>,
}

/// One answer of a choice field.
#[derive(Clone, Debug, PartialEq)]
pub struct Choice {
    /// Stored in saved answers and links; defaults to the label, slugified.
    pub value: String,
    pub label: String,
    /// Self-check: what this answer adds to the score.
    pub points: Option<i64>,
    /// Self-check: this answer alone means "say no".
    pub stop: bool,
    /// Letter: how the reason reads in the letter.
    pub text: Option<String>,
    /// Letter: the situation page this reason is about (a `.md` path).
    pub situation: Option<String>,
}

/// A self-check result: the scores from `min` to `max`, both included.
#[derive(Clone, Debug, PartialEq, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Band {
    pub min: i64,
    pub max: i64,
    pub title: String,
    /// Markdown.
    #[serde(default)]
    pub text: String,
}

/// The "say no" result of a self-check.
#[derive(Clone, Debug, PartialEq, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Outcome {
    pub title: String,
    /// Markdown.
    #[serde(default)]
    pub text: String,
}

/// The fixed sentences of a refusal letter; `{recipient}` and `{referral}`
/// stand for what the reader typed.
#[derive(Clone, Debug, PartialEq, serde::Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct LetterText {
    /// The mail's subject line.
    pub subject: String,
    /// `Hi {recipient},`
    pub greeting: String,
    /// Used when the recipient's name is empty.
    pub greeting_without_name: String,
    /// Introduces the list of suggestions.
    #[serde(default)]
    pub suggestions_intro: Option<String>,
    /// The sentence that refers them elsewhere: `{referral} would be a better fit.`
    #[serde(default)]
    pub referral: Option<String>,
}

/// The fields a letter form fills its letter from, with the kinds each may have.
pub const LETTER_ROLES: [(&str, &[FieldKind], bool); 10] = [
    ("subject", &[FieldKind::ShortText], false),
    ("recipient", &[FieldKind::ShortText], true),
    ("sender", &[FieldKind::ShortText], true),
    ("thanks", &[FieldKind::ShortText, FieldKind::LongText], false),
    ("decline", &[FieldKind::ShortText, FieldKind::LongText], true),
    ("reasons", &[FieldKind::MultipleChoice], true),
    ("suggestions", &[FieldKind::List], false),
    ("referral", &[FieldKind::ShortText], false),
    ("close", &[FieldKind::ShortText, FieldKind::LongText], false),
    ("sign-off", &[FieldKind::ShortText], false),
];

impl Form {
    /// The form's id: its own, or one made from the page's file name.
    pub fn id_for(&self, page_rel: &str) -> String {
        if let Some(id) = &self.id {
            return id.clone();
        }
        let stem = page_rel.trim_end_matches(".md");
        let mut parts = stem.rsplit('/');
        let last = parts.next().unwrap_or("form");
        let name = if last == "_index" || last == "index" { parts.next().unwrap_or("home") } else { last };
        let id = crate::text::slugify(name);
        if id.is_empty() { "form".into() } else { id }
    }

    /// The field with this id.
    pub fn field(&self, id: &str) -> Option<&Field> {
        self.fields.iter().find(|f| f.id == id)
    }

    /// The lowest and highest score the answers can add up to. A result is
    /// only shown once every scored single-choice question is answered, so
    /// each of those adds one of its answers' points; a multiple-choice
    /// question adds any of its answers, or none.
    pub fn score_range(&self) -> (i64, i64) {
        let mut range = (0, 0);
        for field in &self.fields {
            let points: Vec<i64> = field.options.iter().map(|c| c.points.unwrap_or(0)).collect();
            let (lo, hi) = match field.kind {
                FieldKind::SingleChoice if !points.is_empty() => {
                    (points.iter().min().copied().unwrap_or(0), points.iter().max().copied().unwrap_or(0))
                }
                FieldKind::MultipleChoice => {
                    (points.iter().filter(|p| **p < 0).sum(), points.iter().filter(|p| **p > 0).sum())
                }
                _ => (0, 0),
            };
            range = (range.0 + lo, range.1 + hi);
        }
        range
    }

    /// Whether any answer means "say no" on its own.
    pub fn has_stop(&self) -> bool {
        self.fields.iter().any(|f| f.options.iter().any(|c| c.stop))
    }

    /// The ids on the page that a link may point at: one per question.
    pub fn anchors(&self) -> impl Iterator<Item = &str> {
        self.fields.iter().map(|f| f.id.as_str())
    }
}

/// Separates a message from its hint inside a serde error, which can only
/// carry a string; [`refine`] takes them apart again.
const MESSAGE_START: char = '\u{1e}';
const HINT_START: char = '\u{1f}';

/// A serde error message that [`refine`] turns into a message and a hint.
pub(crate) fn message(message: impl std::fmt::Display, hint: impl std::fmt::Display) -> String {
    format!("{MESSAGE_START}{message}{HINT_START}{hint}")
}

/// Marks, inside a hint, text to point at instead of the start of the form.
const NEAR_START: char = '\u{1d}';

/// A hint whose error is better shown at the first line, at or after where
/// serde reported it, that contains `needle`: checks of the whole form only
/// know the form's first line, but they are about one band or one field.
pub(crate) fn near(hint: impl std::fmt::Display, needle: &str) -> String {
    format!("{hint}{NEAR_START}{needle}")
}

/// Gives a diagnostic made from a form error its own message and hint (and
/// drops serde's `form.fields[2]:` prefix: the line already says where), and
/// moves it to the text it is about (see [`near`]) in `source`, the whole
/// file. Other diagnostics pass through unchanged.
pub fn refine(mut d: Diagnostic, source: &str) -> Diagnostic {
    if let Some((_, rest)) = d.message.split_once(MESSAGE_START) {
        let (message, hint) = rest.split_once(HINT_START).unwrap_or((rest, ""));
        let (hint, needle) = hint.split_once(NEAR_START).unwrap_or((hint, ""));
        let (message, hint, needle) = (message.to_string(), hint.to_string(), needle.to_string());
        d.message = message;
        if !hint.is_empty() {
            d = d.hint(hint);
        }
        let found = source.lines().enumerate().skip(d.line.saturating_sub(1)).find_map(|(i, line)| {
            let at = line.find(needle.as_str())?;
            Some((i + 1, line[..at].chars().count() + 1))
        });
        if let Some((line, col)) = found.filter(|_| !needle.is_empty()) {
            d = d.at(source, line, col).span(needle.chars().count());
        }
        return d;
    }
    // serde's own errors inside `form:` carry a path (`form.fields[0]: unknown field …`).
    let Some((path, rest)) = d.message.split_once(": ") else { return d };
    if !path.starts_with("form") || path.contains(' ') {
        return d;
    }
    let (message, hint) = if let Some(rest) = rest.strip_prefix("unknown field ") {
        let (key, expected) = rest.split_once(", expected ").unwrap_or((rest, ""));
        let expected = expected.trim_start_matches("one of ");
        (format!("unknown key {key}"), format!("the keys here are {expected}"))
    } else if let Some(key) = rest.strip_prefix("missing field ") {
        (format!("missing required key {key}"), format!("add a line `{}: ...`", key.trim_matches('`')))
    } else {
        return d;
    };
    d.message = message;
    d.hint(hint)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn id_defaults_to_the_file_name() {
        let form: Form = serde_yaml::from_str("fields:\n  - {id: a, kind: short-text, label: A}\n").unwrap();
        assert_eq!(form.id_for("worksheets/red-lines.md"), "red-lines");
        assert_eq!(form.id_for("worksheets/_index.md"), "worksheets");
        assert_eq!(form.id_for("_index.md"), "home");
    }

    #[test]
    fn score_range_takes_one_answer_per_question_and_any_subset_of_ticks() {
        let yaml = "kind: self-check\nfields:\n  - id: a\n    kind: single-choice\n    label: A\n    options: [{label: Yes, points: 2}, {label: No, points: 1}]\n  - id: b\n    kind: single-choice\n    label: B\n    options: [{label: Yes, points: 3}, {label: No}]\n  - id: c\n    kind: multiple-choice\n    label: C\n    options: [{label: X, points: -1}, {label: Y, points: 4}]\nresults:\n  - {min: -5, max: 50, title: Any}\n";
        let form: Form = serde_yaml::from_str(yaml).unwrap();
        assert_eq!(form.score_range(), (1 - 1, 2 + 3 + 4), "a: 1 to 2, b: 0 to 3, c: -1 to 4");
    }

    #[test]
    fn refine_splits_message_and_hint() {
        let d = Diagnostic::error(format!("form.fields[1]: {}", message("two fields", "rename one")));
        let d = refine(d, "");
        assert_eq!(d.message, "two fields");
        assert_eq!(d.hint.as_deref(), Some("rename one"));
        let plain = refine(Diagnostic::error("unknown key `x`"), "");
        assert_eq!(plain.message, "unknown key `x`");
    }

    #[test]
    fn refine_moves_a_whole_form_error_to_what_it_is_about() {
        let source = "title: t\nform:\n  kind: self-check\n  results:\n    - {title: Low}\n    - {title: High}\n";
        let d = Diagnostic::error(message("ends too early", near("extend it", "High"))).at(source, 3, 3);
        let d = refine(d, source);
        assert_eq!((d.line, d.col, d.span), (6, 15, 4));
        assert_eq!(d.hint.as_deref(), Some("extend it"));
    }
}

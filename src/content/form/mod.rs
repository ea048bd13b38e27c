//! A form's definition: the worksheets, the client self-check and the
//! refusal-letter builder, declared in a page's front matter under `form:`.
//!
//! A definition is content: it is read and checked with the rest of the
//! front matter ([`read`]), so every mistake is reported at its line of the
//! Markdown file. What it points at (situation pages, the letter page, links
//! in help texts) is checked once the whole site is known, as its links are
//! resolved; its HTML and JSON are made by the render step.

mod fields;
mod kinds;
pub(crate) mod read;

pub use read::is_valid_id;

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
    /// What the field starts with: text for a text field (the letter's
    /// standard sentences), an answer's value for a single choice.
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
    /// Letter: `false` when the guide advises giving no reason in this
    /// situation (a pushy client argues with every explanation).
    pub explain: Option<bool>,
}

/// A self-check result: the scores from `min` to `max`, both included.
#[derive(Clone, Debug, PartialEq)]
pub struct Band {
    pub min: i64,
    pub max: i64,
    pub title: String,
    /// Markdown.
    pub text: String,
}

/// The "say no" result of a self-check.
#[derive(Clone, Debug, PartialEq)]
pub struct Outcome {
    pub title: String,
    /// Markdown.
    pub text: String,
}

/// The fixed sentences of a refusal letter; `{recipient}` and `{referral}`
/// stand for what the reader typed.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct LetterText {
    /// The mail's subject line.
    pub subject: String,
    /// `Hi {recipient},`
    pub greeting: String,
    /// Used when the recipient's name is empty.
    pub greeting_without_name: String,
    /// Introduces the list of suggestions.
    pub suggestions_intro: Option<String>,
    /// The sentence that refers them elsewhere: `{referral} would be a better fit.`
    pub referral: Option<String>,
}

/// The fields a letter form fills its letter from, with the kinds each may
/// have and whether the form needs it.
pub const LETTER_ROLES: [(&str, &[FieldKind], bool); 12] = [
    ("subject", &[FieldKind::ShortText], false),
    ("recipient", &[FieldKind::ShortText], true),
    // The address the mail link is written to.
    ("recipient-email", &[FieldKind::ShortText], false),
    ("sender", &[FieldKind::ShortText], true),
    ("thanks", &[FieldKind::ShortText, FieldKind::LongText], false),
    ("decline", &[FieldKind::ShortText, FieldKind::LongText], true),
    ("reasons", &[FieldKind::MultipleChoice], true),
    // How many of the reasons the letter gives; its answers are `EXPLANATIONS`.
    ("explanation", &[FieldKind::SingleChoice], false),
    ("suggestions", &[FieldKind::List], false),
    ("referral", &[FieldKind::ShortText], false),
    ("close", &[FieldKind::ShortText, FieldKind::LongText], false),
    ("sign-off", &[FieldKind::ShortText], false),
];

/// The answers of a letter's `explanation` field the builder understands:
/// as the guide advises, no reason, one short reason, every reason ticked.
pub const EXPLANATIONS: [&str; 4] = ["advised", "none", "one", "all"];

impl Form {
    /// The form with typographic punctuation in every text it shows outside
    /// Markdown (labels, answers, the letter's sentences), as in the body:
    /// `can't` → `can’t`, in the page language's `quotes`. Values, ids and
    /// Markdown are left as written.
    pub fn with_typography(mut self, quotes: crate::text::Quotes) -> Form {
        let smart = |t: &mut String| {
            if let std::borrow::Cow::Owned(s) = crate::text::smart_punctuation(t, quotes) {
                *t = s;
            }
        };
        let smart_all = |ts: &mut [&mut Option<String>]| ts.iter_mut().filter_map(|t| t.as_mut()).for_each(smart);
        smart_all(&mut [&mut self.title]);
        for field in &mut self.fields {
            smart(&mut field.label);
            smart_all(&mut [&mut field.placeholder, &mut field.low, &mut field.high]);
            // A choice's default is an answer's value, not text.
            if field.kind.is_text() {
                smart_all(&mut [&mut field.default]);
            }
            for choice in &mut field.options {
                smart(&mut choice.label);
                smart_all(&mut [&mut choice.text]);
            }
        }
        for band in &mut self.results {
            smart(&mut band.title);
        }
        if let Some(stop) = &mut self.stop_result {
            smart(&mut stop.title);
        }
        if let Some(letter) = &mut self.letter {
            smart(&mut letter.subject);
            smart(&mut letter.greeting);
            smart(&mut letter.greeting_without_name);
            smart_all(&mut [&mut letter.suggestions_intro, &mut letter.referral]);
        }
        self
    }

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

    /// The lowest and highest score the answers can add up to (see [`score_range_of`]).
    pub fn score_range(&self) -> (i64, i64) {
        score_range_of(&self.fields)
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

/// The lowest and highest score answers to `fields` can add up to. A
/// result is only shown once every scored single-choice question is
/// answered, so each of those adds one of its answers' points; a
/// multiple-choice question adds any of its answers, or none. Points are
/// small (see `fields::MAX_POINTS`) and the sums saturate, so no form can
/// overflow them.
pub fn score_range_of(fields: &[Field]) -> (i64, i64) {
    let mut range: (i64, i64) = (0, 0);
    for field in fields {
        let points = field.options.iter().map(|c| c.points.unwrap_or(0));
        let (lo, hi) = match field.kind {
            FieldKind::SingleChoice if !field.options.is_empty() => {
                (points.clone().min().unwrap_or(0), points.max().unwrap_or(0))
            }
            FieldKind::MultipleChoice => (
                points.clone().filter(|p| *p < 0).fold(0i64, i64::saturating_add),
                points.filter(|p| *p > 0).fold(0i64, i64::saturating_add),
            ),
            _ => (0, 0),
        };
        range = (range.0.saturating_add(lo), range.1.saturating_add(hi));
    }
    range
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn id_defaults_to_the_file_name() {
        let form = read::tests_support::form("fields:\n  - {id: a, kind: short-text, label: A}\n");
        assert_eq!(form.id_for("worksheets/red-lines.md"), "red-lines");
        assert_eq!(form.id_for("worksheets/_index.md"), "worksheets");
        assert_eq!(form.id_for("_index.md"), "home");
    }

    #[test]
    fn score_range_takes_one_answer_per_question_and_any_subset_of_ticks() {
        let yaml = "kind: self-check\nfields:\n  - id: a\n    kind: single-choice\n    label: A\n    options: [{label: Yes, points: 2}, {label: No, points: 1}]\n  - id: b\n    kind: single-choice\n    label: B\n    options: [{label: Yes, points: 3}, {label: No}]\n  - id: c\n    kind: multiple-choice\n    label: C\n    options: [{label: X, points: -1}, {label: Y, points: 4}]\nresults:\n  - {min: -5, max: 50, title: Any}\n";
        let form = read::tests_support::form(yaml);
        assert_eq!(form.score_range(), (1 - 1, 2 + 3 + 4), "a: 1 to 2, b: 0 to 3, c: -1 to 4");
    }
}

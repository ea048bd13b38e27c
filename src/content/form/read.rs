//! Reading a `form:` definition, checking it as it is read.
//!
//! Each check runs while the mapping it is about — a field, an answer, a
//! band — is being read, so its problem lands on that mapping's first line
//! in the Markdown file (see [`crate::yaml`]). Checks that depend on the
//! form's `kind` run per field when `kind:` comes first (as in every
//! example), and again for the whole form at its end, so the order of keys
//! never lets a mistake through.
//!
//! This file reads the form itself; [`super::fields`] reads its questions and
//! their answers, [`super::kinds`] what only a self-check or a letter has.

use std::collections::HashSet;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess};

use super::fields::check_field_for_form;
use super::kinds::{check_letter, check_self_check};
use super::{Band, Field, FieldKind, Form, FormKind, LetterText, Outcome};
use crate::yaml::{FromMapping, Keys, Problem, Reader, entries};

/// `guarantee`, `wont-pay`, `q1`: lowercase letters, digits and single dashes.
pub fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && !id.starts_with('-')
        && !id.ends_with('-')
        && !id.contains("--")
        && id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

const FORM_KEYS: Keys =
    Keys { known: &["id", "kind", "title", "fields", "results", "stop_result", "letter_page", "letter"], own: None };

impl FromMapping for Form {
    type Context<'c> = ();

    fn not_a_mapping() -> Problem {
        Problem::new(
            "`form:` must be a mapping of keys to values",
            "write the form's keys (`kind:`, `fields:` …) on indented lines below `form:`",
        )
    }

    fn read<'de, A: MapAccess<'de>>(r: &Reader, (): (), map: A) -> Result<Form, A::Error> {
        let mut id: Option<String> = None;
        let mut kind: Option<FormKind> = None;
        let mut title = None;
        let mut fields: Option<Vec<Field>> = None;
        let mut results: Option<Vec<Band>> = None;
        let mut stop_result: Option<Outcome> = None;
        let mut letter_page: Option<String> = None;
        let mut letter: Option<LetterText> = None;
        // Whether the fields were checked against the form's kind as they were read.
        let mut fields_checked = false;
        entries(r, map, &FORM_KEYS, |key, map| {
            match key {
                "id" => id = Some(map.next_value_seed(IdSeed { reader: r, what: "form" })?),
                "kind" => kind = Some(map.next_value_seed(FormKindSeed(r))?),
                "title" => title = map.next_value_seed(r.value("title"))?,
                "fields" => {
                    fields = Some(map.next_value_seed(r.list::<Vec<Field>>(kind))?);
                    fields_checked = kind.is_some();
                }
                "results" => {
                    only_for(r, kind, FormKind::SelfCheck, key)?;
                    let range = fields.as_deref().map(super::score_range_of);
                    results = Some(map.next_value_seed(r.list::<Vec<Band>>(range))?);
                }
                "stop_result" => {
                    only_for(r, kind, FormKind::SelfCheck, key)?;
                    stop_result = Some(map.next_value_seed(r.mapping::<Outcome>(()))?);
                }
                "letter_page" => {
                    only_for(r, kind, FormKind::SelfCheck, key)?;
                    letter_page = Some(map.next_value_seed(r.value("letter_page"))?);
                }
                _ => {
                    only_for(r, kind, FormKind::RefusalLetter, key)?;
                    letter = Some(map.next_value_seed(r.mapping::<LetterText>(()))?);
                }
            }
            Ok(())
        })?;
        let kind = kind.unwrap_or_default();
        let Some(fields) = fields else {
            return Err(r.fail(
                FORM_KEYS
                    .missing("fields", "")
                    .hint_text("add `fields:` with the questions, each with `id`, `kind` and `label`"),
            ));
        };
        let form =
            Form { id, kind, title, fields, results: results.unwrap_or_default(), stop_result, letter_page, letter };
        check_form(&form, fields_checked).map_err(|p| r.fail(p))?;
        // Checked as written (problems find their text in the file); typeset by the front matter's reader.
        Ok(form)
    }
}

impl Problem {
    /// The same problem with another hint.
    fn hint_text(mut self, hint: &str) -> Problem {
        self.hint = hint.to_string();
        self
    }
}

/// A key that only makes sense for one kind of form: a problem as soon as
/// it is read, when the form's kind is already known to be another.
fn only_for<E: de::Error>(reader: &Reader, form: Option<FormKind>, kind: FormKind, key: &str) -> Result<(), E> {
    match form {
        Some(form) if form != kind => Err(reader.fail(wrong_kind(key, kind))),
        _ => Ok(()),
    }
}

fn wrong_kind(key: &str, kind: FormKind) -> Problem {
    Problem::new(
        format!("`{key}` only belongs to a form with `kind: {}`", kind.name()),
        format!("remove `{key}`, or set `kind: {}`", kind.name()),
    )
    .near(format!("{key}:"))
}

/// The checks that need the whole form; `fields_checked` when every field was
/// already checked against the form's kind.
fn check_form(form: &Form, fields_checked: bool) -> Result<(), Problem> {
    if !fields_checked {
        let mut seen = HashSet::new();
        for field in &form.fields {
            check_field_for_form(field, form.kind, &mut seen).map_err(|p| Problem {
                message: format!("in the field `{}`: {}", field.id, p.message),
                ..p.near(format!("id: {}", field.id))
            })?;
        }
    }
    let only = |present: bool, key: &str, kind: FormKind| -> Result<(), Problem> {
        if present && form.kind != kind { Err(wrong_kind(key, kind)) } else { Ok(()) }
    };
    only(!form.results.is_empty(), "results", FormKind::SelfCheck)?;
    only(form.stop_result.is_some(), "stop_result", FormKind::SelfCheck)?;
    only(form.letter_page.is_some(), "letter_page", FormKind::SelfCheck)?;
    only(form.letter.is_some(), "letter", FormKind::RefusalLetter)?;
    match form.kind {
        FormKind::Worksheet => Ok(()),
        FormKind::SelfCheck => check_self_check(form),
        FormKind::RefusalLetter => check_letter(form),
    }
}

struct FormKindSeed<'r>(&'r Reader);

impl<'de> DeserializeSeed<'de> for FormKindSeed<'_> {
    type Value = FormKind;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<FormKind, D::Error> {
        self.0
            .text_with("kind", |name| {
                [FormKind::Worksheet, FormKind::SelfCheck, FormKind::RefusalLetter]
                    .into_iter()
                    .find(|k| k.name() == name)
                    .ok_or_else(|| {
                        Problem::new(format!("unknown form kind `{name}`"), "use `worksheet`, `self-check` or `letter`")
                    })
            })
            .deserialize(d)
    }
}

/// The kind of a field, checked where it is written.
pub(super) struct FieldKindSeed<'r>(pub(super) &'r Reader);

impl<'de> DeserializeSeed<'de> for FieldKindSeed<'_> {
    type Value = FieldKind;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<FieldKind, D::Error> {
        self.0
            .text_with("kind", |name| {
                FieldKind::ALL.iter().find(|(_, n)| *n == name).map(|(k, _)| *k).ok_or_else(|| {
                    let known: Vec<String> = FieldKind::ALL.iter().map(|(_, n)| format!("`{n}`")).collect();
                    Problem::new(format!("unknown field kind `{name}`"), format!("use one of {}", known.join(", ")))
                })
            })
            .deserialize(d)
    }
}

/// An id, checked where it is written.
pub(super) struct IdSeed<'r> {
    pub(super) reader: &'r Reader,
    /// What it is the id of: `form`, `field`.
    pub(super) what: &'static str,
}

impl<'de> DeserializeSeed<'de> for IdSeed<'_> {
    type Value = String;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<String, D::Error> {
        let what = self.what;
        self.reader
            .text_with("id", |id| {
                if is_valid_id(id) {
                    Ok(id.to_string())
                } else {
                    Err(Problem::new(
                        format!("`{id}` is not a usable {what} id"),
                        "ids are lowercase letters, digits and single dashes, e.g. `wont-pay`",
                    ))
                }
            })
            .deserialize(d)
    }
}

/// Reading a form on its own, for tests.
#[cfg(test)]
pub(crate) mod tests_support {
    use super::*;

    /// The form `yaml` defines; panics with the problem if it has one.
    pub(crate) fn form(yaml: &str) -> Form {
        crate::yaml::read(std::path::Path::new("form.yaml"), yaml, yaml, 1, |r, d| r.mapping::<Form>(()).deserialize(d))
            .unwrap_or_else(|d| panic!("{d}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::form::FormKind;
    use std::path::Path;

    /// Parses a page whose front matter is `form:` + `yaml` (indented), as the build does.
    fn page(yaml: &str) -> Result<Form, crate::error::Diagnostic> {
        let indented: String = yaml.lines().map(|l| format!("  {l}\n")).collect();
        let text = format!("---\ntitle: T\nform:\n{indented}---\nBody\n");
        let header = crate::content::parse("a.md", Path::new("content/a.md").into(), &text, Default::default());
        header.map(|h| h.front.form.expect("a form"))
    }

    fn error(yaml: &str) -> (usize, String, String) {
        let d = page(yaml).expect_err("an error");
        (d.line, d.message, d.hint.unwrap_or_default())
    }

    const SCORED: &str = "kind: self-check
fields:
  - id: pay
    kind: single-choice
    label: Will they pay?
    required: true
    options:
      - {label: Yes, points: 0}
      - {label: No, points: 2, stop: true}
  - id: time
    kind: yes-no
    label: Evenings?
stop_result: {title: Say no, text: Now.}
results:
  - {min: 0, max: 0, title: Fine}
  - {min: 1, max: 2, title: Careful}
";

    #[test]
    fn a_valid_self_check_parses() {
        let form = page(SCORED).unwrap();
        assert_eq!(form.kind, FormKind::SelfCheck);
        assert_eq!(form.fields[0].options[1].value, "no");
        assert!(form.fields[0].options[1].stop);
        assert_eq!(form.score_range(), (0, 2));
        assert_eq!(form.results.len(), 2);
    }

    #[test]
    fn plain_answers_are_labels_with_slug_values() {
        let form =
            page("fields:\n  - id: a\n    kind: multiple-choice\n    label: A\n    options: [Not sure, \"42\", 7]")
                .unwrap();
        let values: Vec<&str> = form.fields[0].options.iter().map(|c| c.value.as_str()).collect();
        assert_eq!(values, ["not-sure", "42", "7"]);
    }

    /// Each mistake, the file line it must be reported at, and words its message must contain.
    #[test]
    fn mistakes_are_reported_at_their_line() {
        // Line 4 of the file is the form's first line (`---`, `title`, `form:` come first).
        let cases: &[(&str, usize, &str)] = &[
            ("fields:\n  - id: a\n    kind: textarea\n    label: A", 6, "unknown field kind `textarea`"),
            ("kind: quiz\nfields: []", 4, "unknown form kind `quiz`"),
            (
                "fields:\n  - {id: a, kind: short-text, label: A}\n  - {id: a, kind: long-text, label: B}",
                6,
                "two fields have the id `a`",
            ),
            ("fields:\n  - id: a\n    kind: single-choice\n    label: A\n    options: []", 5, "empty list of answers"),
            ("fields:\n  - id: a\n    kind: single-choice\n    label: A", 5, "no answers to choose from"),
            ("fields:\n  - id: a\n    kind: yes-no\n    label: A\n    options: [x]", 5, "its own two answers"),
            ("fields:\n  - {id: Big, kind: short-text, label: A}", 5, "`Big` is not a usable field id"),
            (
                "fields:\n  - id: a\n    kind: single-choice\n    label: A\n    options: [Yes, {label: yes}]",
                8,
                "same value `yes`",
            ),
            (
                "kind: worksheet\nfields:\n  - id: a\n    kind: single-choice\n    label: A\n    options: [{label: Yes, points: 1}]",
                6,
                "only a self-check counts",
            ),
            ("fields:\n  - {id: a, kind: short-text, label: A, nope: 1}", 5, "unknown key `nope`"),
            ("fields:\n  - {id: a, kind: scale, label: A, placeholder: x}", 5, "`placeholder` does not apply"),
            ("fields: []", 4, "the form has no fields"),
            (
                "kind: worksheet\nresults:\n  - {min: 0, max: 1, title: A}\nfields:\n  - {id: a, kind: short-text, label: A}",
                5,
                "`results` only belongs",
            ),
            ("kind: worksheet", 4, "missing required key `fields`"),
            (
                "kind: self-check\nfields:\n  - id: a\n    kind: single-choice\n    label: A\n    options: [{label: Yes, points: 1001}]\nresults:\n  - {min: 0, max: 1001, title: A}",
                9,
                "`points` must be between",
            ),
        ];
        for (yaml, line, needle) in cases {
            let (l, message, hint) = error(yaml);
            assert!(message.contains(needle), "{yaml}\n→ {message}");
            assert_eq!(l, *line, "{yaml}\n→ {message}");
            assert!(!hint.is_empty(), "every error says what to do: {message}");
        }
    }

    #[test]
    fn a_single_choice_may_start_with_one_of_its_answers() {
        let yaml =
            "fields:\n  - id: a\n    kind: single-choice\n    label: A\n    options: [Yes, No]\n    default: no\n";
        assert_eq!(page(yaml).unwrap().fields[0].default.as_deref(), Some("no"));
        // Line 4 is `fields:`; the default is on line 9.
        let (line, message, hint) = error(&yaml.replace("default: no", "default: maybe"));
        assert_eq!(line, 9, "{message}");
        assert!(message.contains("`default: maybe` is not one of the answers of `a`"), "{message}");
        assert!(hint.contains("`yes`, `no`"), "{hint}");
        let (line, message, hint) = error("fields:\n  - id: a\n    kind: yes-no\n    label: A\n    default: yes\n");
        assert!(message.contains("`default` does not apply to a `yes-no` field"), "{message}");
        assert!(hint.contains("single-choice"), "{hint}");
        assert_eq!(line, 5);
    }

    const LETTER: &str = "kind: letter
letter: {subject: Hi, greeting: 'Hi {recipient},', greeting_without_name: Hello,}
fields:
  - {id: recipient, kind: short-text, label: Their name}
  - {id: recipient-email, kind: short-text, label: Their address}
  - {id: sender, kind: short-text, label: Your name}
  - {id: decline, kind: long-text, label: Your no}
  - id: reasons
    kind: multiple-choice
    label: Reasons
    options:
      - {label: Pay, text: You can't pay., situation: ../pay.md}
      - {label: Pushy, text: We would not work well together., explain: false}
  - id: explanation
    kind: single-choice
    label: How much you explain
    default: advised
    options:
      - {label: As the guide advises, value: advised}
      - {label: No reason, value: none}
      - {label: One reason, value: one}
      - {label: Every reason, value: all}
";

    #[test]
    fn a_letter_knows_its_address_field_and_how_much_to_explain() {
        let form = page(LETTER).unwrap();
        assert_eq!(form.fields[4].options[1].explain, Some(false));
        assert_eq!(form.fields[5].default.as_deref(), Some("advised"));

        // Line 4 is the form's first line.
        let (line, message, hint) = error(&LETTER.replace("value: all", "value: every"));
        assert_eq!(line, 4 + 21, "{message}");
        assert!(message.contains("does not know the explanation `every` (the answer `Every reason`)"), "{message}");
        assert!(hint.contains("`advised`, `none`, `one`, `all`"), "{hint}");

        let (line, message, hint) =
            error(&LETTER.replace("kind: short-text, label: Their address", "kind: long-text, label: Their address"));
        assert_eq!(line, 4 + 4, "{message}");
        assert!(message.contains("the letter's `recipient-email` field must be `short-text`"), "{message}");
        assert_eq!(hint, "set `kind: short-text`");

        let (line, message, _) = error(
            &LETTER
                .replace(
                    "  - id: explanation\n    kind: single-choice",
                    "  - id: explanation\n    kind: multiple-choice",
                )
                .replace("    default: advised\n", ""),
        );
        assert_eq!(line, 4 + 13, "{message}");
        assert!(message.contains("`explanation` field must be `single-choice`"), "{message}");

        // `explain` is for a letter's reasons only.
        let sheet =
            "fields:\n  - id: a\n    kind: multiple-choice\n    label: A\n    options: [{label: X, explain: false}]\n";
        let (line, message, hint) = error(sheet);
        assert_eq!(line, 5, "{message}");
        assert!(
            message.contains("the answer `X` has `explain`, which only the `reasons` of a letter form use"),
            "{message}"
        );
        assert!(hint.contains("remove `explain`"), "{hint}");
        let (line, message, _) = error(&LETTER.replace("explain: false", "explain: sometimes"));
        assert_eq!(line, 4 + 12, "{message}");
        assert!(message.contains("`explain` must be true or false"), "{message}");
    }

    #[test]
    fn band_gaps_and_overlaps_name_the_band_line() {
        let gap = SCORED.replace("{min: 1, max: 2, title: Careful}", "{min: 2, max: 2, title: Careful}");
        let (line, message, hint) = error(&gap);
        assert_eq!(line, 3 + 16, "{message}");
        assert!(message.contains("no band covers a score of 1"), "{message}");
        assert!(hint.contains("min: 1"), "{hint}");

        let overlap = SCORED.replace("{min: 1, max: 2, title: Careful}", "{min: 0, max: 2, title: Careful}");
        let (line, message, _) = error(&overlap);
        assert_eq!(line, 3 + 16);
        assert!(message.contains("overlap"), "{message}");

        let short = SCORED.replace("{min: 1, max: 2, title: Careful}", "{min: 1, max: 1, title: Careful}");
        let (_, message, hint) = error(&short);
        assert!(message.contains("no result covers a score of 2"), "{message}");
        assert!(hint.contains("max: 2"), "{hint}");

        let late = SCORED.replace("{min: 0, max: 0, title: Fine}", "{min: 1, max: 0, title: Fine}");
        assert!(error(&late).1.contains("starts at 1 but ends at 0"));
    }

    #[test]
    fn huge_numbers_cannot_overflow_the_score() {
        // Bands at the ends of the number range: they overlap, which must be seen.
        let ends = SCORED
            .replace("{min: 0, max: 0, title: Fine}", "{min: 0, max: 9223372036854775807, title: Fine}")
            .replace("{min: 1, max: 2, title: Careful}", "{min: -9223372036854775808, max: 5, title: Careful}");
        let (_, message, _) = error(&ends);
        assert!(message.contains("overlap") || message.contains("can never be shown"), "{message}");
        let after_max =
            SCORED.replace("{min: 0, max: 0, title: Fine}", "{min: 0, max: 9223372036854775807, title: Fine}");
        let (_, message, _) = error(&after_max);
        assert!(message.contains("overlap"), "{message}");
    }

    #[test]
    fn stop_answers_need_a_stop_result_and_the_reverse() {
        let (_, message, _) = error(&SCORED.replace("stop_result: {title: Say no, text: Now.}\n", ""));
        assert!(message.contains("no `stop_result:`"), "{message}");
        let (_, message, _) = error(&SCORED.replace(", stop: true", ""));
        assert!(message.contains("never shown"), "{message}");
    }

    #[test]
    fn letter_forms_need_their_fields() {
        let letter = "kind: letter
letter: {subject: Hi, greeting: 'Hi {recipient},', greeting_without_name: Hello,}
fields:
  - {id: recipient, kind: short-text, label: Their name}
  - {id: sender, kind: short-text, label: Your name}
  - {id: decline, kind: long-text, label: Your no}
  - id: reasons
    kind: multiple-choice
    label: Reasons
    options:
      - {label: Pay, text: You can't pay., situation: ../pay.md}
";
        let form = page(letter).unwrap();
        assert_eq!(form.fields[3].options[0].situation.as_deref(), Some("../pay.md"));
        let (line, message, _) = error(&letter.replace(", text: You can't pay.", ""));
        assert_eq!(line, 4 + 6);
        assert!(message.contains("has no `text:`"), "{message}");
        let (_, message, _) = error(&letter.replace("  - {id: sender, kind: short-text, label: Your name}\n", ""));
        assert!(message.contains("`id: sender`"), "{message}");
        let (line, message, _) = error(&letter.replace("{id: decline, kind: long-text", "{id: decline, kind: list"));
        assert_eq!(line, 4 + 5);
        assert!(message.contains("must be `short-text` or `long-text`"), "{message}");
    }
}

//! Reading a `form:` definition, checking it as it is read.
//!
//! serde_yaml attaches to an error the position of the YAML node being read
//! when the error is raised. So each check runs inside the `visit_map` of the
//! mapping it is about — a field, an answer, a band — and its error lands on
//! that mapping's first line in the Markdown file. Checks that depend on the
//! form's `kind` run per field when `kind:` comes first (as in every example),
//! and again for the whole form at its end, so the order of keys never lets a
//! mistake through.
//!
//! This file reads the form itself; [`fields`] reads its questions and their
//! answers, [`kinds`] what only a self-check or a letter has.

use std::collections::HashSet;
use std::fmt;

use serde::Deserialize;
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

mod fields;
mod kinds;

use fields::{FieldsSeed, check_field_for_form, score_range};
use kinds::{BandsSeed, check_letter, check_self_check};

use super::{Band, Field, FieldKind, Form, FormKind, LetterText, Outcome, message, near};

/// `guarantee`, `wont-pay`, `q1`: lowercase letters, digits and single dashes.
pub fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && !id.starts_with('-')
        && !id.ends_with('-')
        && !id.contains("--")
        && id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

pub(super) fn custom<E: de::Error>(text: impl fmt::Display, hint: impl fmt::Display) -> E {
    E::custom(message(text, hint))
}

impl<'de> Deserialize<'de> for Form {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Form, D::Error> {
        d.deserialize_map(FormVisitor)
    }
}

#[derive(Deserialize)]
#[serde(field_identifier, rename_all = "snake_case")]
enum FormKey {
    Id,
    Kind,
    Title,
    Fields,
    Results,
    StopResult,
    LetterPage,
    Letter,
}

struct FormVisitor;

impl<'de> Visitor<'de> for FormVisitor {
    type Value = Form;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a form: `kind:`, `fields:` and, for a self-check, `results:`")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Form, A::Error> {
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
        while let Some(key) = map.next_key::<FormKey>()? {
            match key {
                FormKey::Id => id = Some(map.next_value_seed(IdSeed("form"))?),
                FormKey::Kind => kind = Some(map.next_value::<FormKindName>()?.0),
                FormKey::Title => title = Some(map.next_value()?),
                FormKey::Fields => {
                    fields = Some(map.next_value_seed(FieldsSeed { form: kind })?);
                    fields_checked = kind.is_some();
                }
                FormKey::Results => {
                    let seed = BandsSeed { form: kind, range: fields.as_ref().map(|f| score_range(f)) };
                    results = Some(map.next_value_seed(seed)?);
                }
                FormKey::StopResult => {
                    stop_result = Some(map.next_value_seed(OnlyFor::new(kind, FormKind::SelfCheck, "stop_result"))?)
                }
                FormKey::LetterPage => {
                    letter_page = Some(map.next_value_seed(OnlyFor::new(kind, FormKind::SelfCheck, "letter_page"))?)
                }
                FormKey::Letter => {
                    letter = Some(map.next_value_seed(OnlyFor::new(kind, FormKind::RefusalLetter, "letter"))?)
                }
            }
        }
        let kind = kind.unwrap_or_default();
        let fields = fields.ok_or_else(|| de::Error::missing_field("fields"))?;
        let form =
            Form { id, kind, title, fields, results: results.unwrap_or_default(), stop_result, letter_page, letter };
        check_form(&form, fields_checked).map_err(|(m, h)| custom(m, h))?;
        Ok(form)
    }
}

/// The checks that need the whole form; `fields_checked` when every field was
/// already checked against the form's kind.
fn check_form(form: &Form, fields_checked: bool) -> Result<(), (String, String)> {
    if !fields_checked {
        let mut seen = HashSet::new();
        for field in &form.fields {
            check_field_for_form(field, form.kind, &mut seen).map_err(|(m, h)| {
                (format!("in the field `{}`: {m}", field.id), near(h, &format!("id: {}", field.id)))
            })?;
        }
    }
    let only = |present: bool, key: &str, kind: FormKind| -> Result<(), (String, String)> {
        if present && form.kind != kind {
            return Err((
                format!("`{key}` only belongs to a form with `kind: {}`", kind.name()),
                near(format!("remove `{key}`, or set `kind: {}`", kind.name()), &format!("{key}:")),
            ));
        }
        Ok(())
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

/// A key that only makes sense for one kind of form: an error as soon as it
/// is read, when the form's kind is already known to be another.
struct OnlyFor<T> {
    form: Option<FormKind>,
    kind: FormKind,
    key: &'static str,
    _t: std::marker::PhantomData<T>,
}

impl<T> OnlyFor<T> {
    fn new(form: Option<FormKind>, kind: FormKind, key: &'static str) -> Self {
        OnlyFor { form, kind, key, _t: std::marker::PhantomData }
    }
}

impl<'de, T: Deserialize<'de>> DeserializeSeed<'de> for OnlyFor<T> {
    type Value = T;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<T, D::Error> {
        match self.form {
            Some(form) if form != self.kind => d.deserialize_any(reject(
                format!("`{}` only belongs to a form with `kind: {}`", self.key, self.kind.name()),
                format!("remove `{}`, or set `kind: {}`", self.key, self.kind.name()),
            )),
            _ => T::deserialize(d),
        }
    }
}

/// Fails on whatever value it is given, inside that value, so the error is
/// reported at the value's line rather than at the start of the form.
pub(super) struct Reject<T>(String, String, std::marker::PhantomData<T>);

pub(super) fn reject<T>(message: String, hint: String) -> Reject<T> {
    Reject(message, hint, std::marker::PhantomData)
}

impl<'de, T> Visitor<'de> for Reject<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(&self.0)
    }

    fn visit_map<A: MapAccess<'de>>(self, _: A) -> Result<T, A::Error> {
        Err(custom(self.0, self.1))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, _: A) -> Result<T, A::Error> {
        Err(custom(self.0, self.1))
    }

    fn visit_str<E: de::Error>(self, _: &str) -> Result<T, E> {
        Err(custom(self.0, self.1))
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<T, E> {
        Err(custom(self.0, self.1))
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> Result<T, E> {
        Err(custom(self.0, self.1))
    }

    fn visit_u64<E: de::Error>(self, _: u64) -> Result<T, E> {
        Err(custom(self.0, self.1))
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<T, E> {
        Err(custom(self.0, self.1))
    }

    fn visit_unit<E: de::Error>(self) -> Result<T, E> {
        Err(custom(self.0, self.1))
    }
}

struct FormKindName(FormKind);

impl<'de> Deserialize<'de> for FormKindName {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = FormKindName;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("`worksheet`, `self-check` or `letter`")
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<FormKindName, E> {
                [FormKind::Worksheet, FormKind::SelfCheck, FormKind::RefusalLetter]
                    .into_iter()
                    .find(|k| k.name() == s)
                    .map(FormKindName)
                    .ok_or_else(|| {
                        custom(format!("unknown form kind `{s}`"), "use `worksheet`, `self-check` or `letter`")
                    })
            }
        }
        d.deserialize_str(V)
    }
}

impl<'de> Deserialize<'de> for FieldKind {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = FieldKind;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a field kind such as `long-text`")
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<FieldKind, E> {
                FieldKind::ALL.iter().find(|(_, name)| *name == s).map(|(k, _)| *k).ok_or_else(|| {
                    let known: Vec<String> = FieldKind::ALL.iter().map(|(_, n)| format!("`{n}`")).collect();
                    custom(format!("unknown field kind `{s}`"), format!("use one of {}", known.join(", ")))
                })
            }
        }
        d.deserialize_str(V)
    }
}

/// An id, checked where it is written.
struct IdSeed(&'static str);

impl<'de> DeserializeSeed<'de> for IdSeed {
    type Value = String;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<String, D::Error> {
        struct V(&'static str);
        impl Visitor<'_> for V {
            type Value = String;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an id such as `wont-pay`")
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<String, E> {
                if is_valid_id(s) {
                    Ok(s.to_string())
                } else {
                    Err(custom(
                        format!("`{s}` is not a usable {} id", self.0),
                        "ids are lowercase letters, digits and single dashes, e.g. `wont-pay`",
                    ))
                }
            }
        }
        d.deserialize_str(V(self.0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    /// Parses a page whose front matter is `form:` + `yaml` (indented), as the build does.
    fn page(yaml: &str) -> Result<Form, crate::error::Diagnostic> {
        let indented: String = yaml.lines().map(|l| format!("  {l}\n")).collect();
        let text = format!("---\ntitle: T\nform:\n{indented}---\nBody\n");
        let source = crate::content::parse_source("a.md", Path::new("content/a.md").into(), text);
        source.map(|s| s.front.form.expect("a form"))
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
                6,
                "`results` only belongs",
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

//! The questions of a form and their answers, each checked as it is read:
//! ids unique, the keys that fit its kind, answers with unique values, and
//! (once the form's kind is known) what that kind of form allows.

use std::collections::HashSet;
use std::fmt;

use serde::Deserialize;
use serde::de::value::MapAccessDeserializer;
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

use super::super::{Choice, Field, FieldKind, Form, FormKind, LETTER_ROLES};
use super::{custom, is_valid_id};

/// The list of fields; each is checked against the ones before it.
pub(super) struct FieldsSeed {
    pub(super) form: Option<FormKind>,
}

impl<'de> DeserializeSeed<'de> for FieldsSeed {
    type Value = Vec<Field>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Vec<Field>, D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for FieldsSeed {
    type Value = Vec<Field>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a list of fields")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<Field>, A::Error> {
        let mut fields = Vec::new();
        let mut seen = HashSet::new();
        while let Some(field) = seq.next_element_seed(FieldSeed { form: self.form, seen: &mut seen })? {
            fields.push(field);
        }
        if fields.is_empty() {
            return Err(custom("the form has no fields", "add at least one field under `fields:`"));
        }
        Ok(fields)
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawField {
    id: String,
    kind: FieldKind,
    label: String,
    #[serde(default)]
    help: Option<String>,
    #[serde(default)]
    required: bool,
    #[serde(default)]
    placeholder: Option<String>,
    #[serde(default)]
    default: Option<String>,
    #[serde(default, deserialize_with = "choices")]
    options: Option<Vec<Choice>>,
    #[serde(default)]
    situation: Option<String>,
    #[serde(default)]
    low: Option<String>,
    #[serde(default)]
    high: Option<String>,
}

/// One field, checked on its own and, when the form's kind is known, for it.
struct FieldSeed<'a> {
    form: Option<FormKind>,
    seen: &'a mut HashSet<String>,
}

impl<'de> DeserializeSeed<'de> for FieldSeed<'_> {
    type Value = Field;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Field, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for FieldSeed<'_> {
    type Value = Field;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a field: `id`, `kind` and `label`")
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Field, A::Error> {
        let raw = RawField::deserialize(MapAccessDeserializer::new(map))?;
        let field = check_field(raw).map_err(|(m, h)| custom(m, h))?;
        match self.form {
            Some(form) => check_field_for_form(&field, form, self.seen).map_err(|(m, h)| custom(m, h))?,
            None => check_unique(&field, self.seen).map_err(|(m, h)| custom(m, h))?,
        }
        Ok(field)
    }
}

/// The checks a field needs whatever form it is in.
fn check_field(raw: RawField) -> Result<Field, (String, String)> {
    let RawField { id, kind, label, help, required, placeholder, default, options, situation, low, high } = raw;
    if !is_valid_id(&id) {
        return Err((
            format!("`{id}` is not a usable field id"),
            "ids are lowercase letters, digits and single dashes, e.g. `ideal-client`".into(),
        ));
    }
    if label.trim().is_empty() {
        return Err((format!("the field `{id}` has an empty label"), "write the question after `label:`".into()));
    }
    let not_for = |key: &str, what: &str| -> (String, String) {
        (format!("`{key}` does not apply to a `{}` field", kind.name()), format!("remove `{key}`; it is for {what}"))
    };
    match (&options, kind.has_options()) {
        (Some(_), false) if kind == FieldKind::YesNo => {
            return Err((
                "a `yes-no` field has its own two answers".into(),
                "remove `options:`, or use `kind: single-choice` to choose the answers (and their points)".into(),
            ));
        }
        (Some(_), false) => return Err(not_for("options", "`single-choice` and `multiple-choice` fields")),
        (None, true) => {
            return Err((
                format!("the `{}` field `{id}` has no answers to choose from", kind.name()),
                "add `options:`, a list of answers such as `[Yes, No]`".into(),
            ));
        }
        (Some(list), true) if list.is_empty() => {
            return Err((
                format!("the `{}` field `{id}` has an empty list of answers", kind.name()),
                "add at least one answer under `options:`".into(),
            ));
        }
        _ => {}
    }
    if !kind.is_text() {
        if placeholder.is_some() {
            return Err(not_for("placeholder", "`short-text` and `long-text` fields"));
        }
        if default.is_some() {
            return Err(not_for("default", "`short-text` and `long-text` fields"));
        }
    }
    if kind != FieldKind::Scale && (low.is_some() || high.is_some()) {
        let key = if low.is_some() { "low" } else { "high" };
        return Err(not_for(key, "`scale` fields, to say what 1 and 5 mean"));
    }
    Ok(Field {
        id,
        kind,
        label,
        help,
        required,
        placeholder,
        default,
        options: options.unwrap_or_default(),
        situation,
        low,
        high,
    })
}

fn check_unique(field: &Field, seen: &mut HashSet<String>) -> Result<(), (String, String)> {
    if !seen.insert(field.id.clone()) {
        return Err((
            format!("two fields have the id `{}`", field.id),
            "give each field its own id; saved answers and links are keyed by it".into(),
        ));
    }
    Ok(())
}

/// The checks that depend on the kind of form a field is in.
pub(super) fn check_field_for_form(
    field: &Field,
    form: FormKind,
    seen: &mut HashSet<String>,
) -> Result<(), (String, String)> {
    check_unique(field, seen)?;
    if form != FormKind::SelfCheck
        && let Some(choice) = field.options.iter().find(|c| c.points.is_some() || c.stop)
    {
        let key = if choice.points.is_some() { "points" } else { "stop" };
        return Err((
            format!("the answer `{}` has `{key}`, but only a self-check counts answers", choice.label),
            format!("remove `{key}`, or make the form `kind: self-check`"),
        ));
    }
    let is_reasons = form == FormKind::RefusalLetter && field.id == "reasons";
    if !is_reasons && let Some(choice) = field.options.iter().find(|c| c.text.is_some() || c.situation.is_some()) {
        let key = if choice.text.is_some() { "text" } else { "situation" };
        return Err((
            format!("the answer `{}` has `{key}`, which only the `reasons` of a letter form use", choice.label),
            format!("remove `{key}`; to link a question to its situation, put `situation:` on the field"),
        ));
    }
    if is_reasons && let Some(choice) = field.options.iter().find(|c| c.text.is_none()) {
        return Err((
            format!("the reason `{}` has no `text:`", choice.label),
            "add `text:`, the sentence this reason adds to the letter".into(),
        ));
    }
    if form == FormKind::RefusalLetter
        && let Some((role, kinds, _)) = LETTER_ROLES.iter().find(|(role, _, _)| *role == field.id)
        && !kinds.contains(&field.kind)
    {
        let names: Vec<String> = kinds.iter().map(|k| format!("`{}`", k.name())).collect();
        return Err((
            format!("the letter's `{role}` field must be {}, not `{}`", names.join(" or "), field.kind.name()),
            format!("set `kind: {}`", kinds[0].name()),
        ));
    }
    Ok(())
}

pub(super) fn score_range(fields: &[Field]) -> (i64, i64) {
    Form {
        id: None,
        kind: FormKind::SelfCheck,
        title: None,
        fields: fields.to_vec(),
        results: vec![],
        stop_result: None,
        letter_page: None,
        letter: None,
    }
    .score_range()
}

/// `options:` of a field: answers with values unique within the field.
fn choices<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Vec<Choice>>, D::Error> {
    struct V;
    impl<'de> Visitor<'de> for V {
        type Value = Vec<Choice>;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a list of answers")
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<Choice>, A::Error> {
            let mut out: Vec<Choice> = Vec::new();
            while let Some(choice) = seq.next_element_seed(ChoiceSeed { before: &out })? {
                out.push(choice);
            }
            Ok(out)
        }
    }
    d.deserialize_seq(V).map(Some)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawChoice {
    label: String,
    #[serde(default)]
    value: Option<String>,
    #[serde(default)]
    points: Option<i64>,
    #[serde(default)]
    stop: bool,
    #[serde(default)]
    text: Option<String>,
    #[serde(default)]
    situation: Option<String>,
}

/// One answer: a plain label (`- Yes`) or a mapping (`- {label: Yes, points: 1}`).
struct ChoiceSeed<'a> {
    before: &'a [Choice],
}

impl<'de> DeserializeSeed<'de> for ChoiceSeed<'_> {
    type Value = Choice;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Choice, D::Error> {
        d.deserialize_any(self)
    }
}

impl ChoiceSeed<'_> {
    fn finish<E: de::Error>(self, raw: RawChoice) -> Result<Choice, E> {
        if raw.label.trim().is_empty() {
            return Err(custom("this answer has an empty label", "write the answer's text after `label:`"));
        }
        let value = match raw.value {
            Some(v) if is_valid_id(&v) => v,
            Some(v) => {
                return Err(custom(
                    format!("`{v}` is not a usable answer value"),
                    "values are lowercase letters, digits and single dashes, e.g. `not-sure`",
                ));
            }
            None => crate::text::slugify(&raw.label),
        };
        if value.is_empty() {
            return Err(custom(
                format!("the answer `{}` needs a `value:`", raw.label),
                "add `value:` with lowercase letters, digits and dashes, e.g. `value: maybe`",
            ));
        }
        if let Some(other) = self.before.iter().find(|c| c.value == value) {
            return Err(custom(
                format!("the answers `{}` and `{}` have the same value `{value}`", other.label, raw.label),
                "give one of them its own `value:`; saved answers are keyed by it",
            ));
        }
        Ok(Choice {
            value,
            label: raw.label,
            points: raw.points,
            stop: raw.stop,
            text: raw.text,
            situation: raw.situation,
        })
    }
}

impl<'de> Visitor<'de> for ChoiceSeed<'_> {
    type Value = Choice;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an answer: its label, or `{label: ..., points: ...}`")
    }

    fn visit_str<E: de::Error>(self, s: &str) -> Result<Choice, E> {
        let raw =
            RawChoice { label: s.to_string(), value: None, points: None, stop: false, text: None, situation: None };
        self.finish(raw)
    }

    fn visit_bool<E: de::Error>(self, b: bool) -> Result<Choice, E> {
        Err(custom(format!("`{b}` is read as true/false, not as an answer"), format!("quote it: `\"{b}\"`")))
    }

    fn visit_i64<E: de::Error>(self, n: i64) -> Result<Choice, E> {
        self.visit_str(&n.to_string())
    }

    fn visit_u64<E: de::Error>(self, n: u64) -> Result<Choice, E> {
        self.visit_str(&n.to_string())
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Choice, A::Error> {
        let raw = RawChoice::deserialize(MapAccessDeserializer::new(map))?;
        self.finish(raw)
    }
}

//! The questions of a form and their answers, each checked as it is read:
//! ids unique, the keys that fit its kind, answers with unique values, and
//! (once the form's kind is known) what that kind of form allows.

use std::collections::HashSet;
use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

use super::read::{FieldKindSeed, IdSeed};
use super::{Choice, EXPLANATIONS, Field, FieldKind, FormKind, LETTER_ROLES, is_valid_id};
use crate::yaml::{FromList, FromMapping, Keys, Problem, Reader, entries};

/// The most points one answer may add or take away: scores stay small
/// numbers a reader can add up, and no sum can overflow.
pub(super) const MAX_POINTS: i64 = 1000;

/// The list of fields; each is checked against the ones before it and,
/// when the form's kind is known (the context), against it.
impl FromList for Vec<Field> {
    type Context<'c> = Option<FormKind>;

    fn not_a_list() -> Problem {
        Problem::new(
            "`fields:` must be a list of fields",
            "write each field as a `- id: …` item on the lines below `fields:`",
        )
    }

    fn read<'de, A: SeqAccess<'de>>(r: &Reader, form: Option<FormKind>, mut seq: A) -> Result<Vec<Field>, A::Error> {
        let mut fields = Vec::new();
        let mut seen = HashSet::new();
        while let Some(field) = seq.next_element_seed(r.mapping::<Field>((form, &mut seen)))? {
            fields.push(field);
        }
        if fields.is_empty() {
            return Err(r.fail(Problem::new("the form has no fields", "add at least one field under `fields:`")));
        }
        Ok(fields)
    }
}

const FIELD_KEYS: Keys = Keys {
    known: &[
        "id",
        "kind",
        "label",
        "help",
        "required",
        "placeholder",
        "default",
        "options",
        "situation",
        "low",
        "high",
    ],
    own: None,
};

/// One field, checked on its own and, when the form's kind is known, for it.
impl FromMapping for Field {
    /// The form's kind, if known, and the ids of the fields before.
    type Context<'c> = (Option<FormKind>, &'c mut HashSet<String>);

    fn not_a_mapping() -> Problem {
        Problem::new(
            "a field must be a mapping: `id`, `kind` and `label`",
            "write it as `- {id: goal, kind: long-text, label: What do you want?}` or on indented lines",
        )
    }

    fn read<'de, A: MapAccess<'de>>(r: &Reader, (form, seen): Self::Context<'_>, map: A) -> Result<Field, A::Error> {
        let (mut id, mut kind, mut label) = (None, None, None);
        let mut field = Field {
            id: String::new(),
            kind: FieldKind::ShortText,
            label: String::new(),
            help: None,
            required: false,
            placeholder: None,
            default: None,
            options: Vec::new(),
            situation: None,
            low: None,
            high: None,
        };
        let mut options: Option<Vec<Choice>> = None;
        entries(r, map, &FIELD_KEYS, |key, map| {
            match key {
                "id" => id = Some(map.next_value_seed(IdSeed { reader: r, what: "field" })?),
                "kind" => kind = Some(map.next_value_seed(FieldKindSeed(r))?),
                "label" => label = Some(map.next_value_seed(r.value("label"))?),
                "help" => field.help = map.next_value_seed(r.value("help"))?,
                "required" => field.required = map.next_value_seed(r.value("required"))?,
                "placeholder" => field.placeholder = map.next_value_seed(r.value("placeholder"))?,
                "default" => field.default = map.next_value_seed(r.value("default"))?,
                "options" => options = Some(map.next_value_seed(r.list::<Vec<Choice>>(()))?),
                "situation" => field.situation = map.next_value_seed(r.value("situation"))?,
                "low" => field.low = map.next_value_seed(r.value("low"))?,
                _ => field.high = map.next_value_seed(r.value("high"))?,
            }
            Ok(())
        })?;
        let missing = |key: &str, example: &str| r.fail(FIELD_KEYS.missing(key, example));
        field.id = id.ok_or_else(|| missing("id", "a-short-id"))?;
        field.kind = kind.ok_or_else(|| missing("kind", "short-text"))?;
        field.label = label.ok_or_else(|| missing("label", "The question"))?;
        let field = check_field(field, options).map_err(|p| r.fail(p))?;
        match form {
            Some(form) => check_field_for_form(&field, form, seen),
            None => check_unique(&field, seen),
        }
        .map_err(|p| r.fail(p))?;
        Ok(field)
    }
}

/// The checks a field needs whatever form it is in.
fn check_field(mut field: Field, options: Option<Vec<Choice>>) -> Result<Field, Problem> {
    let (id, kind) = (&field.id, field.kind);
    if field.label.trim().is_empty() {
        return Err(Problem::new(format!("the field `{id}` has an empty label"), "write the question after `label:`"));
    }
    let not_for = |key: &str, what: &str| {
        Problem::new(
            format!("`{key}` does not apply to a `{}` field", kind.name()),
            format!("remove `{key}`; it is for {what}"),
        )
    };
    match (&options, kind.has_options()) {
        (Some(_), false) if kind == FieldKind::YesNo => {
            return Err(Problem::new(
                "a `yes-no` field has its own two answers",
                "remove `options:`, or use `kind: single-choice` to choose the answers (and their points)",
            ));
        }
        (Some(_), false) => return Err(not_for("options", "`single-choice` and `multiple-choice` fields")),
        (None, true) => {
            return Err(Problem::new(
                format!("the `{}` field `{id}` has no answers to choose from", kind.name()),
                "add `options:`, a list of answers such as `[Yes, No]`",
            ));
        }
        (Some(list), true) if list.is_empty() => {
            return Err(Problem::new(
                format!("the `{}` field `{id}` has an empty list of answers", kind.name()),
                "add at least one answer under `options:`",
            ));
        }
        _ => {}
    }
    if !kind.is_text() && field.placeholder.is_some() {
        return Err(not_for("placeholder", "`short-text` and `long-text` fields"));
    }
    field.options = options.unwrap_or_default();
    match (&field.default, kind) {
        (Some(_), k) if k.is_text() => {}
        (Some(default), FieldKind::SingleChoice) => {
            if !field.options.iter().any(|c| &c.value == default) {
                let values: Vec<String> = field.options.iter().map(|c| format!("`{}`", c.value)).collect();
                return Err(Problem::new(
                    format!("`default: {default}` is not one of the answers of `{id}`"),
                    format!("a single choice starts with one of its answers' values: {}", values.join(", ")),
                )
                .near("default:"));
            }
        }
        (Some(_), _) => {
            return Err(not_for(
                "default",
                "text fields (the text they start with) and `single-choice` fields (an answer's value)",
            ));
        }
        (None, _) => {}
    }
    if kind != FieldKind::Scale && (field.low.is_some() || field.high.is_some()) {
        let key = if field.low.is_some() { "low" } else { "high" };
        return Err(not_for(key, "`scale` fields, to say what 1 and 5 mean"));
    }
    Ok(field)
}

fn check_unique(field: &Field, seen: &mut HashSet<String>) -> Result<(), Problem> {
    if !seen.insert(field.id.clone()) {
        return Err(Problem::new(
            format!("two fields have the id `{}`", field.id),
            "give each field its own id; saved answers and links are keyed by it",
        ));
    }
    Ok(())
}

/// The checks that depend on the kind of form a field is in.
pub(super) fn check_field_for_form(field: &Field, form: FormKind, seen: &mut HashSet<String>) -> Result<(), Problem> {
    check_unique(field, seen)?;
    if form != FormKind::SelfCheck
        && let Some(choice) = field.options.iter().find(|c| c.points.is_some() || c.stop)
    {
        let key = if choice.points.is_some() { "points" } else { "stop" };
        return Err(Problem::new(
            format!("the answer `{}` has `{key}`, but only a self-check counts answers", choice.label),
            format!("remove `{key}`, or make the form `kind: self-check`"),
        ));
    }
    let is_reasons = form == FormKind::RefusalLetter && field.id == "reasons";
    if !is_reasons
        && let Some(choice) =
            field.options.iter().find(|c| c.text.is_some() || c.situation.is_some() || c.explain.is_some())
    {
        let key = if choice.text.is_some() {
            "text"
        } else if choice.situation.is_some() {
            "situation"
        } else {
            "explain"
        };
        return Err(Problem::new(
            format!("the answer `{}` has `{key}`, which only the `reasons` of a letter form use", choice.label),
            format!("remove `{key}`; to link a question to its situation, put `situation:` on the field"),
        ));
    }
    if is_reasons && let Some(choice) = field.options.iter().find(|c| c.text.is_none()) {
        return Err(Problem::new(
            format!("the reason `{}` has no `text:`", choice.label),
            "add `text:`, the sentence this reason adds to the letter",
        ));
    }
    if form == FormKind::RefusalLetter
        && field.id == "explanation"
        && let Some(choice) = field.options.iter().find(|c| !EXPLANATIONS.contains(&c.value.as_str()))
    {
        let known: Vec<String> = EXPLANATIONS.iter().map(|v| format!("`{v}`")).collect();
        return Err(Problem::new(
            format!("the letter does not know the explanation `{}` (the answer `{}`)", choice.value, choice.label),
            format!(
                "give each answer of `explanation` one of the values {}: as the guide advises, no reason, one short reason, every reason",
                known.join(", ")
            ),
        )
        .near(choice.label.as_str()));
    }
    if form == FormKind::RefusalLetter
        && let Some((role, kinds, _)) = LETTER_ROLES.iter().find(|(role, _, _)| *role == field.id)
        && !kinds.contains(&field.kind)
    {
        let names: Vec<String> = kinds.iter().map(|k| format!("`{}`", k.name())).collect();
        return Err(Problem::new(
            format!("the letter's `{role}` field must be {}, not `{}`", names.join(" or "), field.kind.name()),
            format!("set `kind: {}`", kinds[0].name()),
        ));
    }
    Ok(())
}

/// `options:` of a field: answers with values unique within the field.
impl FromList for Vec<Choice> {
    type Context<'c> = ();

    fn not_a_list() -> Problem {
        Problem::new(
            "`options:` must be a list of answers",
            "write them as `[Yes, No]`, or as `- ` lines below `options:`",
        )
    }

    fn read<'de, A: SeqAccess<'de>>(r: &Reader, (): (), mut seq: A) -> Result<Vec<Choice>, A::Error> {
        let mut out: Vec<Choice> = Vec::new();
        while let Some(choice) = seq.next_element_seed(ChoiceSeed { reader: r, before: &out })? {
            out.push(choice);
        }
        Ok(out)
    }
}

const CHOICE_KEYS: Keys =
    Keys { known: &["label", "value", "points", "stop", "text", "situation", "explain"], own: None };

/// One answer: a plain label (`- Yes`) or a mapping (`- {label: Yes, points: 1}`).
struct ChoiceSeed<'a> {
    reader: &'a Reader,
    before: &'a [Choice],
}

impl<'de> DeserializeSeed<'de> for ChoiceSeed<'_> {
    type Value = Choice;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Choice, D::Error> {
        d.deserialize_any(self)
    }
}

/// An answer as written, before it is checked.
struct RawChoice {
    label: String,
    value: Option<String>,
    points: Option<i64>,
    stop: bool,
    text: Option<String>,
    situation: Option<String>,
    explain: Option<bool>,
}

impl RawChoice {
    fn label(label: String) -> RawChoice {
        RawChoice { label, value: None, points: None, stop: false, text: None, situation: None, explain: None }
    }
}

impl ChoiceSeed<'_> {
    fn finish<E: de::Error>(self, raw: RawChoice) -> Result<Choice, E> {
        let fail = |message: String, hint: &str| self.reader.fail(Problem::new(message, hint));
        if raw.label.trim().is_empty() {
            return Err(fail("this answer has an empty label".into(), "write the answer's text after `label:`"));
        }
        let value = match raw.value {
            Some(v) if is_valid_id(&v) => v,
            Some(v) => {
                return Err(fail(
                    format!("`{v}` is not a usable answer value"),
                    "values are lowercase letters, digits and single dashes, e.g. `not-sure`",
                ));
            }
            None => crate::text::slugify(&raw.label),
        };
        if value.is_empty() {
            return Err(fail(
                format!("the answer `{}` needs a `value:`", raw.label),
                "add `value:` with lowercase letters, digits and dashes, e.g. `value: maybe`",
            ));
        }
        if let Some(other) = self.before.iter().find(|c| c.value == value) {
            return Err(fail(
                format!("the answers `{}` and `{}` have the same value `{value}`", other.label, raw.label),
                "give one of them its own `value:`; saved answers are keyed by it",
            ));
        }
        if let Some(points) = raw.points.filter(|p| p.abs() > MAX_POINTS) {
            return Err(self.reader.fail(
                Problem::new(
                    format!("`points` must be between -{MAX_POINTS} and {MAX_POINTS}, not {points}"),
                    "give each answer a small whole number of points, such as 0, 1 or 2",
                )
                .near("points"),
            ));
        }
        Ok(Choice {
            value,
            label: raw.label,
            points: raw.points,
            stop: raw.stop,
            text: raw.text,
            situation: raw.situation,
            explain: raw.explain,
        })
    }

    /// A plain answer that YAML reads as something other than text.
    fn quote_it<E: de::Error>(&self, written: &str) -> E {
        self.reader.fail(Problem::new(
            format!(
                "`{written}` is read as {}, not as an answer",
                if written == "true" || written == "false" { "true/false" } else { "a number" }
            ),
            format!("quote it: `\"{written}\"`"),
        ))
    }
}

impl<'de> Visitor<'de> for ChoiceSeed<'_> {
    type Value = Choice;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        self.reader.note(Problem::new(
            "an answer must be its label or a mapping",
            "write `- Yes`, or `- {label: Yes, points: 1}`",
        ));
        f.write_str("an answer: its label, or `{label: ..., points: ...}`")
    }

    fn visit_str<E: de::Error>(self, s: &str) -> Result<Choice, E> {
        self.finish(RawChoice::label(s.to_string()))
    }

    fn visit_bool<E: de::Error>(self, b: bool) -> Result<Choice, E> {
        Err(self.quote_it(&b.to_string()))
    }

    fn visit_f64<E: de::Error>(self, n: f64) -> Result<Choice, E> {
        Err(self.quote_it(&n.to_string()))
    }

    fn visit_i64<E: de::Error>(self, n: i64) -> Result<Choice, E> {
        self.visit_str(&n.to_string())
    }

    fn visit_u64<E: de::Error>(self, n: u64) -> Result<Choice, E> {
        self.visit_str(&n.to_string())
    }

    fn visit_i128<E: de::Error>(self, n: i128) -> Result<Choice, E> {
        self.visit_str(&n.to_string())
    }

    fn visit_u128<E: de::Error>(self, n: u128) -> Result<Choice, E> {
        self.visit_str(&n.to_string())
    }

    fn visit_unit<E: de::Error>(self) -> Result<Choice, E> {
        Err(self.reader.fail(Problem::new("this answer is empty", "write the answer's text, or remove the `-` line")))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, _: A) -> Result<Choice, A::Error> {
        Err(self.reader.fail(Problem::new(
            "an answer must be its label or a mapping, not a list",
            "write `- Yes`, or `- {label: Yes, points: 1}`",
        )))
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Choice, A::Error> {
        let r = self.reader;
        let mut raw = RawChoice::label(String::new());
        let mut label = None;
        entries(r, map, &CHOICE_KEYS, |key, map| {
            match key {
                "label" => label = Some(map.next_value_seed(r.value("label"))?),
                "value" => raw.value = map.next_value_seed(r.value("value"))?,
                "points" => raw.points = map.next_value_seed(r.value("points"))?,
                "stop" => raw.stop = map.next_value_seed(r.value("stop"))?,
                "text" => raw.text = map.next_value_seed(r.value("text"))?,
                "situation" => raw.situation = map.next_value_seed(r.value("situation"))?,
                _ => raw.explain = map.next_value_seed(r.value("explain"))?,
            }
            Ok(())
        })?;
        raw.label = label.ok_or_else(|| r.fail(CHOICE_KEYS.missing("label", "The answer")))?;
        self.finish(raw)
    }
}

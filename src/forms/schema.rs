//! Reading a `form:` definition, checking it as it is read.
//!
//! serde_yaml attaches to an error the position of the YAML node being read
//! when the error is raised. So each check runs inside the `visit_map` of the
//! mapping it is about — a field, an answer, a band — and its error lands on
//! that mapping's first line in the Markdown file. Checks that depend on the
//! form's `kind` run per field when `kind:` comes first (as in every example),
//! and again for the whole form at its end, so the order of keys never lets a
//! mistake through.

use std::collections::HashSet;
use std::fmt;

use serde::Deserialize;
use serde::de::value::MapAccessDeserializer;
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

use super::{Band, Choice, Field, FieldKind, Form, FormKind, LETTER_ROLES, LetterText, Outcome, message, near};

/// `guarantee`, `wont-pay`, `q1`: lowercase letters, digits and single dashes.
pub fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && !id.starts_with('-')
        && !id.ends_with('-')
        && !id.contains("--")
        && id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

fn custom<E: de::Error>(text: impl fmt::Display, hint: impl fmt::Display) -> E {
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

fn check_self_check(form: &Form) -> Result<(), (String, String)> {
    let (lo, hi) = form.score_range();
    let Some(first) = form.results.first() else {
        return Err((
            "a self-check needs `results:`, the score bands readers are shown".into(),
            format!("add `results:` with bands `{{min, max, title, text}}` covering every score from {lo} to {hi}"),
        ));
    };
    if first.min > lo {
        return Err((
            format!("no result covers a score of {lo}: the first band, `{}`, starts at {}", first.title, first.min),
            near(
                format!("the answers can add up to anything from {lo} to {hi}; start the first band at `min: {lo}`"),
                &first.title,
            ),
        ));
    }
    let last = form.results.last().unwrap_or(first);
    if last.max < hi {
        return Err((
            format!("no result covers a score of {hi}: the last band, `{}`, ends at {}", last.title, last.max),
            near(
                format!("the answers can add up to anything from {lo} to {hi}; end the last band at `max: {hi}`"),
                &last.title,
            ),
        ));
    }
    for band in &form.results {
        if band.max < lo || band.min > hi {
            return Err(unreachable_band(band, lo, hi));
        }
    }
    match (form.has_stop(), &form.stop_result) {
        (true, None) => Err((
            "an answer has `stop: true`, but the form has no `stop_result:`".into(),
            near(
                "add `stop_result:` with the `title:` and `text:` readers see when such an answer is given",
                "stop: true",
            ),
        )),
        (false, Some(_)) => Err((
            "`stop_result:` is never shown: no answer has `stop: true`".into(),
            near(
                "add `stop: true` to the answers that mean \"say no\" on their own, or remove `stop_result:`",
                "stop_result:",
            ),
        )),
        _ => Ok(()),
    }
}

fn unreachable_band(band: &Band, lo: i64, hi: i64) -> (String, String) {
    (
        format!("the band `{}` ({} to {}) can never be shown", band.title, band.min, band.max),
        near(format!("the answers can only add up to {lo} to {hi}; change the band's range or remove it"), &band.title),
    )
}

fn check_letter(form: &Form) -> Result<(), (String, String)> {
    let Some(letter) = &form.letter else {
        return Err((
            "a letter form needs `letter:`, the sentences around what the reader types".into(),
            "add `letter:` with `subject`, `greeting` (with `{recipient}`) and `greeting_without_name`".into(),
        ));
    };
    for (role, kinds, required) in LETTER_ROLES {
        if required && form.field(role).is_none() {
            let kind = kinds[0].name();
            return Err((
                format!("a letter form needs a field with `id: {role}`"),
                near(format!("add a `{kind}` field `{role}`; a letter form's fields are {}", role_list()), "fields:"),
            ));
        }
    }
    if form.field("referral").is_some() && letter.referral.is_none() {
        return Err((
            "the letter has a `referral` field but no `referral:` sentence to put it in".into(),
            near("add `referral: \"{referral} would be a better fit for this.\"` under `letter:`", "id: referral"),
        ));
    }
    if form.field("suggestions").is_some() && letter.suggestions_intro.is_none() {
        return Err((
            "the letter has a `suggestions` field but no `suggestions_intro:`".into(),
            near("add `suggestions_intro:` under `letter:`, the sentence that introduces the list", "id: suggestions"),
        ));
    }
    Ok(())
}

fn role_list() -> String {
    LETTER_ROLES.iter().map(|(r, _, _)| format!("`{r}`")).collect::<Vec<_>>().join(", ")
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
struct Reject<T>(String, String, std::marker::PhantomData<T>);

fn reject<T>(message: String, hint: String) -> Reject<T> {
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

/// The list of fields; each is checked against the ones before it.
struct FieldsSeed {
    form: Option<FormKind>,
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
fn check_field_for_form(field: &Field, form: FormKind, seen: &mut HashSet<String>) -> Result<(), (String, String)> {
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

fn score_range(fields: &[Field]) -> (i64, i64) {
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
            None => crate::markdown::slugify(&raw.label),
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

/// The result bands, lowest first; each must start where the one before ended.
struct BandsSeed {
    form: Option<FormKind>,
    /// The reachable scores, when the fields were read first.
    range: Option<(i64, i64)>,
}

impl<'de> DeserializeSeed<'de> for BandsSeed {
    type Value = Vec<Band>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Vec<Band>, D::Error> {
        if let Some(form) = self.form
            && form != FormKind::SelfCheck
        {
            return d.deserialize_any(reject(
                "`results` only belongs to a form with `kind: self-check`".into(),
                "remove `results:`, or set `kind: self-check`".into(),
            ));
        }
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for BandsSeed {
    type Value = Vec<Band>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a list of bands `{min, max, title, text}`")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<Band>, A::Error> {
        let mut bands: Vec<Band> = Vec::new();
        while let Some(band) = seq.next_element_seed(BandSeed { before: &bands, range: self.range })? {
            bands.push(band);
        }
        if bands.is_empty() {
            return Err(custom("`results:` is empty", "add bands `{min, max, title, text}` covering every score"));
        }
        Ok(bands)
    }
}

struct BandSeed<'a> {
    before: &'a [Band],
    range: Option<(i64, i64)>,
}

impl<'de> DeserializeSeed<'de> for BandSeed<'_> {
    type Value = Band;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Band, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for BandSeed<'_> {
    type Value = Band;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a band `{min, max, title, text}`")
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Band, A::Error> {
        let band = Band::deserialize(MapAccessDeserializer::new(map))?;
        check_band(&band, self.before, self.range).map_err(|(m, h)| custom(m, h))?;
        Ok(band)
    }
}

fn check_band(band: &Band, before: &[Band], range: Option<(i64, i64)>) -> Result<(), (String, String)> {
    if band.min > band.max {
        return Err((
            format!("the band `{}` starts at {} but ends at {}", band.title, band.min, band.max),
            "`min` is the lowest score of the band and `max` the highest; swap them".into(),
        ));
    }
    if let Some(previous) = before.last() {
        let expected = previous.max + 1;
        if band.min > expected {
            let gap = if band.min - 1 == expected {
                format!("a score of {expected}")
            } else {
                format!("scores {expected} to {}", band.min - 1)
            };
            return Err((
                format!(
                    "no band covers {gap}: `{}` ends at {}, `{}` starts at {}",
                    previous.title, previous.max, band.title, band.min
                ),
                format!("start this band at `min: {expected}`, or end the one before at `max: {}`", band.min - 1),
            ));
        }
        if band.min < expected {
            return Err((
                format!(
                    "the bands `{}` ({} to {}) and `{}` ({} to {}) overlap",
                    previous.title, previous.min, previous.max, band.title, band.min, band.max
                ),
                format!(
                    "every score needs exactly one band: start this one at `min: {expected}` (list bands lowest first)"
                ),
            ));
        }
    }
    if let Some((lo, hi)) = range {
        if before.is_empty() && band.min > lo {
            return Err((
                format!("no band covers a score of {lo}: `{}` starts at {}", band.title, band.min),
                format!("the answers can add up to anything from {lo} to {hi}; start the first band at `min: {lo}`"),
            ));
        }
        if band.min > hi || band.max < lo {
            return Err(unreachable_band(band, lo, hi));
        }
    }
    Ok(())
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

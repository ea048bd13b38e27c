//! Reading `site.yaml` and front matter into rajat's own types, each value
//! checked where it is written, each problem said in rajat's words.
//!
//! serde_yaml knows the line and column it is at when an error is raised,
//! but an error can only carry text. So a visitor that finds a problem
//! records it, typed, in the [`Reader`] it was handed, and raises an error
//! that serde_yaml decorates with its position; [`read`] puts the two back
//! together. Nothing reads serde's or serde_yaml's wording: only a syntax
//! error, for which there is no typed error, is shown as serde_yaml says it.
//!
//! The position is that of the YAML node being read when the problem is
//! found: a key for an unknown key, a value for a value of the wrong shape,
//! the start of a mapping for what only the whole mapping shows (a missing
//! key). A [`Problem`] may name text to point at instead ([`Problem::near`]).

use std::cell::RefCell;
use std::fmt;
use std::marker::PhantomData;
use std::path::Path;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

use crate::error::Diagnostic;

/// Something wrong with a YAML value, found while reading it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// What is wrong.
    pub message: String,
    /// What to do about it.
    pub hint: String,
    /// Text to point at: the first line, at or after where reading stopped,
    /// that holds it. For checks of a whole mapping, which only know where
    /// the mapping starts, but are about one entry in it.
    pub near: Option<String>,
    /// How many characters to underline where the problem is reported.
    pub span: usize,
}

impl Problem {
    /// A problem with what to do about it.
    pub fn new(message: impl Into<String>, hint: impl Into<String>) -> Problem {
        Problem { message: message.into(), hint: hint.into(), near: None, span: 1 }
    }

    /// Reports the problem at the first line, from where reading stopped on, that contains `text`.
    pub fn near(mut self, text: impl Into<String>) -> Problem {
        self.near = Some(text.into());
        self
    }

    /// Underlines `len` characters.
    pub fn span(mut self, len: usize) -> Problem {
        self.span = len.max(1);
        self
    }
}

/// What a visitor reports problems to while one YAML document is read.
#[derive(Debug, Default)]
pub struct Reader {
    problem: RefCell<Option<Problem>>,
}

impl Reader {
    /// Records `problem` and returns the error that stops reading. Reading
    /// stops at the first problem, so that is the one kept.
    pub fn fail<E: de::Error>(&self, problem: Problem) -> E {
        let error = E::custom(&problem.message);
        self.problem.borrow_mut().get_or_insert(problem);
        error
    }

    /// Records `problem` where no error can be returned: serde_yaml builds
    /// the error itself for a value of the wrong shape, from the visitor's
    /// `expecting`, and that is where the visitor says what is wrong.
    pub fn note(&self, problem: Problem) {
        self.problem.borrow_mut().get_or_insert(problem);
    }

    /// A seed that reads the value of `key` as text and hands it to `check`,
    /// whose problem is reported where the value is written.
    pub fn text_with<T, F: FnOnce(&str) -> Result<T, Problem>>(&self, key: &'static str, check: F) -> TextWith<'_, F> {
        TextWith { reader: self, key, check }
    }

    /// A seed that reads the value of `key` as a `T`.
    pub fn value<T>(&self, key: &'static str) -> Value<'_, T> {
        Value { reader: self, key, _t: PhantomData }
    }
}

/// Reads `yaml` — which starts on line `first_line` (1-based) of `file`, the
/// whole text of `path` — with `read`, and turns a failure into a diagnostic
/// at the line and column of the file.
pub fn read<T>(
    path: &Path,
    file: &str,
    yaml: &str,
    first_line: usize,
    read: impl FnOnce(&Reader, serde_yaml::Deserializer<'_>) -> Result<T, serde_yaml::Error>,
) -> Result<T, Diagnostic> {
    // An empty document is no mapping at all to serde_yaml; read it as an
    // empty one, so that missing keys are reported by name.
    let yaml = if yaml.trim().is_empty() { "{}" } else { yaml };
    let reader = Reader::default();
    let err = match read(&reader, serde_yaml::Deserializer::from_str(yaml)) {
        Ok(value) => return Ok(value),
        Err(err) => err,
    };
    let (line, col) = match err.location() {
        Some(loc) => (loc.line() + first_line - 1, loc.column()),
        None => (first_line, 1),
    };
    let d = match reader.problem.into_inner() {
        Some(problem) => {
            let d = Diagnostic::error(problem.message).in_file(path).hint(problem.hint);
            let found = problem.near.as_deref().and_then(|needle| find_from(file, line, needle));
            match found {
                Some((l, c, len)) => d.at(file, l, c).span(len),
                None => d.at(file, line, col).span(problem.span),
            }
        }
        None => syntax_error(&err).in_file(path).at(file, line, col),
    };
    Err(d)
}

/// The first place at or after `line` where `needle` is written: line, column, length.
fn find_from(file: &str, line: usize, needle: &str) -> Option<(usize, usize, usize)> {
    file.lines().enumerate().skip(line.saturating_sub(1)).find_map(|(i, text)| {
        let at = text.find(needle)?;
        Some((i + 1, text[..at].chars().count() + 1, needle.chars().count()))
    })
}

/// A YAML syntax error, which only serde_yaml can describe.
fn syntax_error(err: &serde_yaml::Error) -> Diagnostic {
    let text = err.to_string();
    // serde_yaml ends its message with the place, which the diagnostic shows itself.
    let message = err
        .location()
        .and_then(|loc| text.strip_suffix(&format!(" at line {} column {}", loc.line(), loc.column())))
        .unwrap_or(&text)
        .to_string();
    Diagnostic::error(message).hint(
        "check the YAML on this line and the one above: indentation, quotes, and a space after each `:`; \
         quote a value that contains `: ` or starts with `[`, `{`, `*`, `&`, `!` or `|`",
    )
}

/// The keys a mapping may have.
#[derive(Clone, Copy, Debug)]
pub struct Keys {
    /// Every key, in the order the documentation lists them.
    pub known: &'static [&'static str],
    /// Said after the list of known keys, e.g. "put keys of your own under `extra:`".
    pub own: Option<&'static str>,
}

impl Keys {
    /// A problem for the key `key`, which is not one of these.
    fn unknown(&self, key: &str) -> Problem {
        let list: Vec<String> = self.known.iter().map(|k| format!("`{k}`")).collect();
        let closest = self
            .known
            .iter()
            .map(|k| (strsim::damerau_levenshtein(k, key), *k))
            .filter(|(d, k)| *d <= 2.max(k.len() / 3))
            .min();
        let mut hint = match closest {
            Some((_, k)) => format!("did you mean `{k}`? The keys here are {}", list.join(", ")),
            None => format!("the keys here are {}", list.join(", ")),
        };
        if let Some(own) = self.own {
            hint.push_str("; ");
            hint.push_str(own);
        }
        Problem::new(format!("unknown key `{key}`"), hint).span(key.chars().count())
    }

    /// A problem for a required key that is not there.
    pub fn missing(&self, key: &str, example: &str) -> Problem {
        Problem::new(format!("missing required key `{key}`"), format!("add a line `{key}: {example}`"))
    }
}

/// Reads every entry of the mapping `map`, refusing keys that are not in
/// `keys` and keys given twice, and hands each key to `each` to read its value.
pub fn entries<'de, A: MapAccess<'de>>(
    reader: &Reader,
    mut map: A,
    keys: &Keys,
    mut each: impl FnMut(&'static str, &mut A) -> Result<(), A::Error>,
) -> Result<(), A::Error> {
    let mut seen: Vec<&'static str> = Vec::new();
    while let Some(key) = map.next_key_seed(KeySeed { reader, keys, seen: &seen })? {
        seen.push(key);
        each(key, &mut map)?;
    }
    Ok(())
}

/// Reads one key, refusing it where it is written if it is unknown or repeated.
struct KeySeed<'a> {
    reader: &'a Reader,
    keys: &'a Keys,
    seen: &'a [&'static str],
}

impl<'de> DeserializeSeed<'de> for KeySeed<'_> {
    type Value = &'static str;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<&'static str, D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for KeySeed<'_> {
    type Value = &'static str;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        // serde_yaml describes a key that is not a plain word with this; say it in rajat's words.
        self.reader.note(Problem::new(
            "a key must be a word followed by `:`",
            "write `key: value`, one per line, e.g. `title: Your title`",
        ));
        f.write_str("a key")
    }

    fn visit_str<E: de::Error>(self, key: &str) -> Result<&'static str, E> {
        let Some(&known) = self.keys.known.iter().find(|k| **k == key) else {
            return Err(self.reader.fail(self.keys.unknown(key)));
        };
        if self.seen.contains(&known) {
            return Err(self
                .reader
                .fail(Problem::new(format!("`{key}` is given twice"), "keep one of the two lines").span(key.len())));
        }
        Ok(known)
    }
}

/// A value read from a YAML mapping: a page's front matter, a form, a field.
pub trait FromMapping: Sized {
    /// What the reader of a mapping is handed by the reader of what holds it.
    type Context<'c>;

    /// The problem when the value is not a mapping at all.
    fn not_a_mapping() -> Problem;

    /// Reads the value from its entries (see [`entries`]).
    fn read<'de, A: MapAccess<'de>>(reader: &Reader, cx: Self::Context<'_>, map: A) -> Result<Self, A::Error>;
}

/// A value read from a YAML list, whose items are checked against the ones before.
pub trait FromList: Sized {
    /// What the reader of the list is handed by the reader of what holds it.
    type Context<'c>;

    /// The problem when the value is not a list at all.
    fn not_a_list() -> Problem;

    /// Reads the value from its items.
    fn read<'de, A: SeqAccess<'de>>(reader: &Reader, cx: Self::Context<'_>, seq: A) -> Result<Self, A::Error>;
}

impl Reader {
    /// A seed that reads a `T` from a mapping, handing it `cx`.
    pub fn mapping<'c, T: FromMapping>(&self, cx: T::Context<'c>) -> Mapping<'_, 'c, T> {
        Mapping { reader: self, cx }
    }

    /// A seed that reads a `T` from a list, handing it `cx`.
    pub fn list<'c, T: FromList>(&self, cx: T::Context<'c>) -> List<'_, 'c, T> {
        List { reader: self, cx }
    }
}

/// Reads a [`FromMapping`]; see [`Reader::mapping`].
pub struct Mapping<'r, 'c, T: FromMapping> {
    reader: &'r Reader,
    cx: T::Context<'c>,
}

impl<'de, T: FromMapping> DeserializeSeed<'de> for Mapping<'_, '_, T> {
    type Value = T;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<T, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de, T: FromMapping> Visitor<'de> for Mapping<'_, '_, T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        // serde_yaml describes a value that is not a mapping with this; say it in rajat's words.
        self.reader.note(T::not_a_mapping());
        f.write_str("a mapping")
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        T::read(self.reader, self.cx, map)
    }
}

/// Reads a [`FromList`]; see [`Reader::list`].
pub struct List<'r, 'c, T: FromList> {
    reader: &'r Reader,
    cx: T::Context<'c>,
}

impl<'de, T: FromList> DeserializeSeed<'de> for List<'_, '_, T> {
    type Value = T;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<T, D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de, T: FromList> Visitor<'de> for List<'_, '_, T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        self.reader.note(T::not_a_list());
        f.write_str("a list")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<T, A::Error> {
        T::read(self.reader, self.cx, seq)
    }
}

/// Reads a value as a `T`, checked where it is written; see [`Reader::value`].
pub struct Value<'r, T> {
    reader: &'r Reader,
    key: &'static str,
    _t: PhantomData<T>,
}

/// A value rajat reads from YAML.
pub trait ReadValue<'de>: Sized {
    /// Reads the value of `key` from `d`, reporting a value of the wrong shape to `reader`.
    fn read<D: Deserializer<'de>>(reader: &Reader, key: &'static str, d: D) -> Result<Self, D::Error>;
}

impl<'de, T: ReadValue<'de>> DeserializeSeed<'de> for Value<'_, T> {
    type Value = T;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<T, D::Error> {
        T::read(self.reader, self.key, d)
    }
}

/// What a value is, as a reader would call it.
fn shape_name(found: de::Unexpected) -> String {
    match found {
        de::Unexpected::Bool(b) => format!("`{b}`, which YAML reads as true or false"),
        de::Unexpected::Unsigned(n) => format!("the number {n}"),
        de::Unexpected::Signed(n) => format!("the number {n}"),
        de::Unexpected::Float(n) => format!("the number {n}"),
        de::Unexpected::Str(s) => format!("the text `{s}`"),
        de::Unexpected::Unit => "an empty value".into(),
        de::Unexpected::Seq => "a list".into(),
        de::Unexpected::Map => "a mapping".into(),
        de::Unexpected::Other(what) => what.into(),
        _ => "something else".into(),
    }
}

/// A value of the wrong shape.
fn wrong(key: &str, expected: &str, found: de::Unexpected) -> Problem {
    Problem::new(
        format!("`{key}` must be {expected}, not {}", shape_name(found)),
        "quote text that looks like something else (\"yes\", \"1.0\"); lists are written [a, b] or as `- ` lines",
    )
}

/// A visitor for one shape of value; every other shape is a problem.
struct Shape<'r, T> {
    reader: &'r Reader,
    key: &'static str,
    expected: &'static str,
    _t: PhantomData<T>,
}

impl<'r, T> Shape<'r, T> {
    fn new(reader: &'r Reader, key: &'static str, expected: &'static str) -> Self {
        Shape { reader, key, expected, _t: PhantomData }
    }

    fn wrong<E: de::Error>(&self, found: de::Unexpected) -> E {
        self.reader.fail(wrong(self.key, self.expected, found))
    }

    fn too_large<E: de::Error>(&self, v: impl fmt::Display) -> E {
        self.reader.fail(Problem::new(
            format!("`{}` is too large: {v}", self.key),
            format!("use a whole number between {} and {}", i64::MIN, i64::MAX),
        ))
    }
}

/// The visitor methods for the shapes a `Shape<T>` does not accept.
macro_rules! refuse {
    ($($method:ident($ty:ty) => $found:expr),* $(,)?) => {
        $(fn $method<E: de::Error>(self, v: $ty) -> Result<Self::Value, E> {
            Err(self.wrong(($found)(v)))
        })*
    };
}

/// Numbers too large for 64 bits, which YAML reads as 128-bit ones.
fn huge<T: fmt::Display>(_: T) -> de::Unexpected<'static> {
    de::Unexpected::Other("a number larger than any rajat reads")
}

impl<'de> ReadValue<'de> for String {
    fn read<D: Deserializer<'de>>(reader: &Reader, key: &'static str, d: D) -> Result<String, D::Error> {
        // As text, a plain scalar comes as written: `007` stays `007`, `yes` stays `yes`.
        d.deserialize_str(Text { reader, key })
    }
}

/// Text, exactly as written.
struct Text<'r> {
    reader: &'r Reader,
    key: &'static str,
}

impl<'de> Visitor<'de> for Text<'_> {
    type Value = String;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        // serde_yaml describes a list or mapping given for text with this (it
        // does not call a visitor for them); say it in rajat's words.
        self.reader.note(Problem::new(
            format!("`{}` must be text, not a list or a mapping", self.key),
            format!(
                "write the text on the same line, after `{}:`; quote it if it starts with `[`, `{{` or `-`",
                self.key
            ),
        ));
        f.write_str("text")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<String, E> {
        Ok(v.to_string())
    }
}

/// Text checked where it is written; see [`Reader::text_with`].
pub struct TextWith<'r, F> {
    reader: &'r Reader,
    key: &'static str,
    check: F,
}

impl<'de, T, F: FnOnce(&str) -> Result<T, Problem>> DeserializeSeed<'de> for TextWith<'_, F> {
    type Value = T;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<T, D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de, T, F: FnOnce(&str) -> Result<T, Problem>> Visitor<'de> for TextWith<'_, F> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        Text { reader: self.reader, key: self.key }.expecting(f)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<T, E> {
        (self.check)(v).map_err(|p| self.reader.fail(p))
    }
}

impl<'de> ReadValue<'de> for i64 {
    fn read<D: Deserializer<'de>>(reader: &Reader, key: &'static str, d: D) -> Result<i64, D::Error> {
        d.deserialize_any(Shape::<i64>::new(reader, key, "a whole number"))
    }
}

impl<'de> Visitor<'de> for Shape<'_, i64> {
    type Value = i64;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        // Any shape not handled below (a tagged `!value`, say) is described with this.
        self.reader.note(wrong(self.key, self.expected, de::Unexpected::Other("a tagged or unusual value")));
        f.write_str(self.expected)
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<i64, E> {
        Ok(v)
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<i64, E> {
        i64::try_from(v).map_err(|_| self.too_large(v))
    }

    fn visit_i128<E: de::Error>(self, v: i128) -> Result<i64, E> {
        i64::try_from(v).map_err(|_| self.too_large(v))
    }

    fn visit_u128<E: de::Error>(self, v: u128) -> Result<i64, E> {
        i64::try_from(v).map_err(|_| self.too_large(v))
    }

    refuse! {
        visit_f64(f64) => de::Unexpected::Float,
        visit_bool(bool) => de::Unexpected::Bool,
        visit_str(&str) => de::Unexpected::Str,
    }

    fn visit_unit<E: de::Error>(self) -> Result<i64, E> {
        Err(self.wrong(de::Unexpected::Unit))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, _: A) -> Result<i64, A::Error> {
        Err(self.wrong(de::Unexpected::Seq))
    }

    fn visit_map<A: MapAccess<'de>>(self, _: A) -> Result<i64, A::Error> {
        Err(self.wrong(de::Unexpected::Map))
    }
}

impl<'de> ReadValue<'de> for bool {
    fn read<D: Deserializer<'de>>(reader: &Reader, key: &'static str, d: D) -> Result<bool, D::Error> {
        d.deserialize_any(Shape::<bool>::new(reader, key, "true or false"))
    }
}

impl<'de> Visitor<'de> for Shape<'_, bool> {
    type Value = bool;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        // Any shape not handled below (a tagged `!value`, say) is described with this.
        self.reader.note(wrong(self.key, self.expected, de::Unexpected::Other("a tagged or unusual value")));
        f.write_str(self.expected)
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<bool, E> {
        Ok(v)
    }

    refuse! {
        visit_i64(i64) => de::Unexpected::Signed,
        visit_u64(u64) => de::Unexpected::Unsigned,
        visit_i128(i128) => huge,
        visit_u128(u128) => huge,
        visit_f64(f64) => de::Unexpected::Float,
        visit_str(&str) => de::Unexpected::Str,
    }

    fn visit_unit<E: de::Error>(self) -> Result<bool, E> {
        Err(self.wrong(de::Unexpected::Unit))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, _: A) -> Result<bool, A::Error> {
        Err(self.wrong(de::Unexpected::Seq))
    }

    fn visit_map<A: MapAccess<'de>>(self, _: A) -> Result<bool, A::Error> {
        Err(self.wrong(de::Unexpected::Map))
    }
}

impl<'de, T: ReadValue<'de>> ReadValue<'de> for Option<T> {
    fn read<D: Deserializer<'de>>(reader: &Reader, key: &'static str, d: D) -> Result<Option<T>, D::Error> {
        // An empty value (`key:`, `~`, `null`) is the same as no key.
        d.deserialize_option(OptionVisitor::<T> { reader, key, _t: PhantomData })
    }
}

struct OptionVisitor<'r, T> {
    reader: &'r Reader,
    key: &'static str,
    _t: PhantomData<T>,
}

impl<'de, T: ReadValue<'de>> Visitor<'de> for OptionVisitor<'_, T> {
    type Value = Option<T>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a value, or nothing")
    }

    fn visit_none<E: de::Error>(self) -> Result<Option<T>, E> {
        Ok(None)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Option<T>, E> {
        Ok(None)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Option<T>, D::Error> {
        T::read(self.reader, self.key, d).map(Some)
    }
}

impl<'de, T: ReadValue<'de>> ReadValue<'de> for Vec<T> {
    fn read<D: Deserializer<'de>>(reader: &Reader, key: &'static str, d: D) -> Result<Vec<T>, D::Error> {
        d.deserialize_any(Shape::<Vec<T>>::new(reader, key, "a list"))
    }
}

impl<'de, T: ReadValue<'de>> Visitor<'de> for Shape<'_, Vec<T>> {
    type Value = Vec<T>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        // Any shape not handled below (a tagged `!value`, say) is described with this.
        self.reader.note(wrong(self.key, self.expected, de::Unexpected::Other("a tagged or unusual value")));
        f.write_str(self.expected)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<T>, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element_seed(self.reader.value::<T>(self.key))? {
            items.push(item);
        }
        Ok(items)
    }

    refuse! {
        visit_i64(i64) => de::Unexpected::Signed,
        visit_u64(u64) => de::Unexpected::Unsigned,
        visit_i128(i128) => huge,
        visit_u128(u128) => huge,
        visit_f64(f64) => de::Unexpected::Float,
        visit_bool(bool) => de::Unexpected::Bool,
        visit_str(&str) => de::Unexpected::Str,
    }

    fn visit_unit<E: de::Error>(self) -> Result<Vec<T>, E> {
        Ok(Vec::new())
    }

    fn visit_map<A: MapAccess<'de>>(self, _: A) -> Result<Vec<T>, A::Error> {
        Err(self.wrong(de::Unexpected::Map))
    }
}

impl<'de> ReadValue<'de> for serde_yaml::Value {
    fn read<D: Deserializer<'de>>(reader: &Reader, key: &'static str, d: D) -> Result<serde_yaml::Value, D::Error> {
        // Free-form (`extra:`): anything YAML can hold, which is nearly anything.
        serde::Deserialize::deserialize(d).inspect_err(|_| {
            reader.note(Problem::new(
                format!("`{key}` holds a value rajat cannot read: a number beyond 64 bits, or an unusual `!tag`"),
                "quote the value to keep it as text",
            ))
        })
    }
}

/// `value` as a YAML scalar: plain when that reads back the same, quoted otherwise.
pub fn scalar(value: &str) -> String {
    let plain_is_safe = !value.is_empty()
        && !value.starts_with(|c: char| "!&*-?[]{}|>@`\"'%#,:".contains(c) || c.is_whitespace())
        && !value.ends_with(|c: char| c.is_whitespace() || c == ':')
        && !value.contains(": ")
        && !value.contains(" #")
        && matches!(serde_yaml::from_str::<serde_yaml::Value>(value), Ok(serde_yaml::Value::String(ref s)) if s == value);
    if plain_is_safe { value.to_string() } else { format!("\"{}\"", value.replace('\\', "\\\\").replace('"', "\\\"")) }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A small document type, read the way rajat reads its own.
    #[derive(Debug, Default, PartialEq)]
    struct Doc {
        title: String,
        weight: Option<i64>,
        tags: Vec<String>,
    }

    const KEYS: Keys = Keys { known: &["title", "weight", "tags"], own: Some("put keys of your own under `extra:`") };

    struct DocSeed<'r>(&'r Reader);

    impl<'de> DeserializeSeed<'de> for DocSeed<'_> {
        type Value = Doc;
        fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Doc, D::Error> {
            d.deserialize_map(self)
        }
    }

    impl<'de> Visitor<'de> for DocSeed<'_> {
        type Value = Doc;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a document")
        }
        fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Doc, A::Error> {
            let mut doc = Doc::default();
            let mut title = None;
            entries(self.0, map, &KEYS, |key, map| {
                match key {
                    "title" => title = Some(map.next_value_seed(self.0.value("title"))?),
                    "weight" => doc.weight = map.next_value_seed(self.0.value("weight"))?,
                    _ => doc.tags = map.next_value_seed(self.0.value("tags"))?,
                }
                Ok(())
            })?;
            doc.title = title.ok_or_else(|| self.0.fail(KEYS.missing("title", "Your title")))?;
            Ok(doc)
        }
    }

    /// Reads the front matter of `file` (the YAML starts on line 2) and returns the problem's line, column, span, message and hint.
    fn problem(file: &str) -> (usize, usize, usize, String, String) {
        let yaml: String = file.lines().skip(1).take_while(|l| *l != "---").map(|l| format!("{l}\n")).collect();
        let d = read(Path::new("a.md"), file, &yaml, 2, |r, de| DocSeed(r).deserialize(de)).unwrap_err();
        (d.line, d.col, d.span, d.message, d.hint.unwrap_or_default())
    }

    #[test]
    fn a_valid_document_reads() {
        let file = "---\ntitle: 007\nweight: -3\ntags: [a, yes]\n---\n";
        let yaml = &file[4..file.len() - 4];
        let doc = read(Path::new("a.md"), file, yaml, 2, |r, de| DocSeed(r).deserialize(de)).unwrap();
        assert_eq!(doc, Doc { title: "007".into(), weight: Some(-3), tags: vec!["a".into(), "yes".into()] });
    }

    #[test]
    fn every_problem_is_at_its_line_and_column_in_rajat_s_words() {
        // The file, where the problem must be (line, column, span), and words of its message and hint.
        type Case = (&'static str, (usize, usize, usize), &'static str, &'static str);
        let cases: &[Case] = &[
            ("---\ntitle: x\ntilte: y\n---\n", (3, 1, 5), "unknown key `tilte`", "did you mean `title`?"),
            ("---\ntitle: x\n  color: y\n---\n", (3, 8, 1), "mapping values are not allowed", "indentation"),
            ("---\nweight: 2\n---\n", (2, 1, 1), "missing required key `title`", "title: Your title"),
            ("---\ntitle: x\nweight: [1]\n---\n", (3, 9, 1), "`weight` must be a whole number, not a list", "quote"),
            ("---\ntitle: x\nweight: 1.5\n---\n", (3, 9, 1), "not the number 1.5", "quote"),
            ("---\ntitle: x\nweight: 99999999999999999999\n---\n", (3, 9, 1), "`weight` is too large", "between"),
            ("---\ntitle: [a, b]\n---\n", (2, 8, 1), "`title` must be text, not a list", "same line"),
            ("---\ntitle: x\ntags: a\n---\n", (3, 7, 1), "`tags` must be a list, not the text `a`", "- "),
            ("---\ntitle: x\ntitle: y\n---\n", (3, 1, 5), "`title` is given twice", "keep one"),
        ];
        for (file, place, message, hint) in cases {
            let (line, col, span, m, h) = problem(file);
            assert!(m.contains(message), "{file:?}: {m}");
            assert!(h.contains(hint), "{file:?}: hint {h}");
            assert_eq!((line, col, span), *place, "{file:?}: {m}");
        }
    }

    #[test]
    fn a_problem_can_point_at_what_it_is_about() {
        let file = "---\ntitle: x\nweight: 1\ntags: [a]\n---\n";
        let yaml = &file[4..file.len() - 4];
        let d = read(Path::new("a.md"), file, yaml, 2, |r, de| -> Result<(), serde_yaml::Error> {
            let _: serde_yaml::Value = serde::Deserialize::deserialize(de)?;
            Err(r.fail(Problem::new("about the tags", "fix them").near("tags")))
        })
        .unwrap_err();
        assert_eq!((d.line, d.col, d.span), (4, 1, 4));
    }

    #[test]
    fn text_that_looks_like_yaml_is_quoted() {
        assert_eq!(scalar("Wont pay"), "Wont pay");
        assert_eq!(scalar("true"), "\"true\"");
        assert_eq!(scalar("2026"), "\"2026\"");
        assert_eq!(scalar("Why: a question"), "\"Why: a question\"");
    }
}

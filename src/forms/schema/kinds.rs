//! What only a self-check or a letter has: result bands that cover every
//! score exactly once, a stop result when an answer can stop, and the fields
//! and sentences a letter is made of.

use std::fmt;

use serde::Deserialize;
use serde::de::value::MapAccessDeserializer;
use serde::de::{DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

use super::super::{Band, Form, FormKind, LETTER_ROLES, near};
use super::{custom, reject};

pub(super) fn check_self_check(form: &Form) -> Result<(), (String, String)> {
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

pub(super) fn check_letter(form: &Form) -> Result<(), (String, String)> {
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

/// The result bands, lowest first; each must start where the one before ended.
pub(super) struct BandsSeed {
    pub(super) form: Option<FormKind>,
    /// The reachable scores, when the fields were read first.
    pub(super) range: Option<(i64, i64)>,
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

//! What only a self-check or a letter has: result bands that cover every
//! score exactly once, a stop result when an answer can stop, and the fields
//! and sentences a letter is made of.

use serde::de::{MapAccess, SeqAccess};

use super::{Band, Form, LETTER_ROLES, LetterText, Outcome};
use crate::yaml::{FromList, FromMapping, Keys, Problem, Reader, entries};

pub(super) fn check_self_check(form: &Form) -> Result<(), Problem> {
    let (lo, hi) = form.score_range();
    let Some(first) = form.results.first() else {
        return Err(Problem::new(
            "a self-check needs `results:`, the score bands readers are shown",
            format!("add `results:` with bands `{{min, max, title, text}}` covering every score from {lo} to {hi}"),
        ));
    };
    if first.min > lo {
        return Err(Problem::new(
            format!("no result covers a score of {lo}: the first band, `{}`, starts at {}", first.title, first.min),
            format!("the answers can add up to anything from {lo} to {hi}; start the first band at `min: {lo}`"),
        )
        .near(&first.title));
    }
    let last = form.results.last().unwrap_or(first);
    if last.max < hi {
        return Err(Problem::new(
            format!("no result covers a score of {hi}: the last band, `{}`, ends at {}", last.title, last.max),
            format!("the answers can add up to anything from {lo} to {hi}; end the last band at `max: {hi}`"),
        )
        .near(&last.title));
    }
    for band in &form.results {
        if band.max < lo || band.min > hi {
            return Err(unreachable_band(band, lo, hi));
        }
    }
    match (form.has_stop(), &form.stop_result) {
        (true, None) => Err(Problem::new(
            "an answer has `stop: true`, but the form has no `stop_result:`",
            "add `stop_result:` with the `title:` and `text:` readers see when such an answer is given",
        )
        .near("stop: true")),
        (false, Some(_)) => Err(Problem::new(
            "`stop_result:` is never shown: no answer has `stop: true`",
            "add `stop: true` to the answers that mean \"say no\" on their own, or remove `stop_result:`",
        )
        .near("stop_result:")),
        _ => Ok(()),
    }
}

fn unreachable_band(band: &Band, lo: i64, hi: i64) -> Problem {
    Problem::new(
        format!("the band `{}` ({} to {}) can never be shown", band.title, band.min, band.max),
        format!("the answers can only add up to {lo} to {hi}; change the band's range or remove it"),
    )
    .near(&band.title)
}

pub(super) fn check_letter(form: &Form) -> Result<(), Problem> {
    if form.letter.is_none() {
        return Err(Problem::new(
            "a letter form needs `letter:`, the sentences around what the reader types",
            "add `letter:` with `subject`, `greeting` (with `{recipient}`) and `greeting_without_name`",
        ));
    };
    for (role, kinds, required) in LETTER_ROLES {
        if required && form.field(role).is_none() {
            let kind = kinds[0].name();
            return Err(Problem::new(
                format!("a letter form needs a field with `id: {role}`"),
                format!("add a `{kind}` field `{role}`; a letter form's fields are {}", role_list()),
            )
            .near("fields:"));
        }
    }
    let letter = form.letter.as_ref();
    if form.field("referral").is_some() && letter.is_some_and(|l| l.referral.is_none()) {
        return Err(Problem::new(
            "the letter has a `referral` field but no `referral:` sentence to put it in",
            "add `referral: \"{referral} would be a better fit for this.\"` under `letter:`",
        )
        .near("id: referral"));
    }
    if form.field("suggestions").is_some() && letter.is_some_and(|l| l.suggestions_intro.is_none()) {
        return Err(Problem::new(
            "the letter has a `suggestions` field but no `suggestions_intro:`",
            "add `suggestions_intro:` under `letter:`, the sentence that introduces the list",
        )
        .near("id: suggestions"));
    }
    Ok(())
}

fn role_list() -> String {
    LETTER_ROLES.iter().map(|(r, _, _)| format!("`{r}`")).collect::<Vec<_>>().join(", ")
}

/// The result bands, lowest first; each must start where the one before
/// ended. The context is the reachable scores, when the fields were read first.
impl FromList for Vec<Band> {
    type Context<'c> = Option<(i64, i64)>;

    fn not_a_list() -> Problem {
        Problem::new("`results:` must be a list of bands", "write each band as `- {min: 0, max: 1, title: …, text: …}`")
    }

    fn read<'de, A: SeqAccess<'de>>(r: &Reader, range: Option<(i64, i64)>, mut seq: A) -> Result<Vec<Band>, A::Error> {
        let mut bands: Vec<Band> = Vec::new();
        while let Some(band) = seq.next_element_seed(r.mapping::<Band>((&bands, range)))? {
            bands.push(band);
        }
        if bands.is_empty() {
            return Err(r.fail(Problem::new(
                "`results:` is empty",
                "add bands `{min, max, title, text}` covering every score",
            )));
        }
        Ok(bands)
    }
}

const BAND_KEYS: Keys = Keys { known: &["min", "max", "title", "text"], own: None };

impl FromMapping for Band {
    /// The bands before, and the reachable scores if known.
    type Context<'c> = (&'c [Band], Option<(i64, i64)>);

    fn not_a_mapping() -> Problem {
        Problem::new(
            "a band must be a mapping: `min`, `max`, `title` and `text`",
            "write it as `- {min: 0, max: 1, title: …, text: …}`",
        )
    }

    fn read<'de, A: MapAccess<'de>>(r: &Reader, (before, range): Self::Context<'_>, map: A) -> Result<Band, A::Error> {
        let (mut min, mut max, mut title, mut text) = (None, None, None, None);
        entries(r, map, &BAND_KEYS, |key, map| {
            match key {
                "min" => min = Some(map.next_value_seed(r.value("min"))?),
                "max" => max = Some(map.next_value_seed(r.value("max"))?),
                "title" => title = Some(map.next_value_seed(r.value("title"))?),
                _ => text = map.next_value_seed(r.value("text"))?,
            }
            Ok(())
        })?;
        let missing = |key: &str, example: &str| r.fail(BAND_KEYS.missing(key, example));
        let band = Band {
            min: min.ok_or_else(|| missing("min", "0"))?,
            max: max.ok_or_else(|| missing("max", "1"))?,
            title: title.ok_or_else(|| missing("title", "What this score means"))?,
            text: text.unwrap_or_default(),
        };
        check_band(&band, before, range).map_err(|p| r.fail(p))?;
        Ok(band)
    }
}

fn check_band(band: &Band, before: &[Band], range: Option<(i64, i64)>) -> Result<(), Problem> {
    if band.min > band.max {
        return Err(Problem::new(
            format!("the band `{}` starts at {} but ends at {}", band.title, band.min, band.max),
            "`min` is the lowest score of the band and `max` the highest; swap them",
        ));
    }
    if let Some(previous) = before.last() {
        // The score right after the band before; none after the largest number there is.
        let Some(expected) = previous.max.checked_add(1) else {
            return Err(overlap(previous, band, "list bands lowest first"));
        };
        if band.min > expected {
            let gap = if band.min - 1 == expected {
                format!("a score of {expected}")
            } else {
                format!("scores {expected} to {}", band.min - 1)
            };
            return Err(Problem::new(
                format!(
                    "no band covers {gap}: `{}` ends at {}, `{}` starts at {}",
                    previous.title, previous.max, band.title, band.min
                ),
                format!("start this band at `min: {expected}`, or end the one before at `max: {}`", band.min - 1),
            ));
        }
        if band.min < expected {
            return Err(overlap(
                previous,
                band,
                &format!("start this one at `min: {expected}` (list bands lowest first)"),
            ));
        }
    }
    if let Some((lo, hi)) = range {
        if before.is_empty() && band.min > lo {
            return Err(Problem::new(
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

fn overlap(previous: &Band, band: &Band, what_to_do: &str) -> Problem {
    Problem::new(
        format!(
            "the bands `{}` ({} to {}) and `{}` ({} to {}) overlap",
            previous.title, previous.min, previous.max, band.title, band.min, band.max
        ),
        format!("every score needs exactly one band: {what_to_do}"),
    )
}

const OUTCOME_KEYS: Keys = Keys { known: &["title", "text"], own: None };

/// The stop result of a self-check.
impl FromMapping for Outcome {
    type Context<'c> = ();

    fn not_a_mapping() -> Problem {
        Problem::new(
            "`stop_result:` must be a mapping: `title` and `text`",
            "write it as `stop_result: {title: Say no, text: …}`",
        )
    }

    fn read<'de, A: MapAccess<'de>>(r: &Reader, (): (), map: A) -> Result<Outcome, A::Error> {
        let (mut title, mut text) = (None, None);
        entries(r, map, &OUTCOME_KEYS, |key, map| {
            match key {
                "title" => title = Some(map.next_value_seed(r.value("title"))?),
                _ => text = map.next_value_seed(r.value("text"))?,
            }
            Ok(())
        })?;
        let title = title.ok_or_else(|| r.fail(OUTCOME_KEYS.missing("title", "Say no")))?;
        Ok(Outcome { title, text: text.unwrap_or_default() })
    }
}

const LETTER_KEYS: Keys =
    Keys { known: &["subject", "greeting", "greeting_without_name", "suggestions_intro", "referral"], own: None };

/// The `letter:` sentences of a letter form.
impl FromMapping for LetterText {
    type Context<'c> = ();

    fn not_a_mapping() -> Problem {
        Problem::new(
            "`letter:` must be a mapping of the letter's sentences",
            "write `subject:`, `greeting:` and `greeting_without_name:` on indented lines below `letter:`",
        )
    }

    fn read<'de, A: MapAccess<'de>>(r: &Reader, (): (), map: A) -> Result<LetterText, A::Error> {
        let (mut subject, mut greeting, mut without_name) = (None, None, None);
        let (mut suggestions_intro, mut referral) = (None, None);
        entries(r, map, &LETTER_KEYS, |key, map| {
            match key {
                "subject" => subject = Some(map.next_value_seed(r.value("subject"))?),
                "greeting" => greeting = Some(map.next_value_seed(r.value("greeting"))?),
                "greeting_without_name" => without_name = Some(map.next_value_seed(r.value("greeting_without_name"))?),
                "suggestions_intro" => suggestions_intro = map.next_value_seed(r.value("suggestions_intro"))?,
                _ => referral = map.next_value_seed(r.value("referral"))?,
            }
            Ok(())
        })?;
        let missing = |key: &str, example: &str| r.fail(LETTER_KEYS.missing(key, example));
        Ok(LetterText {
            subject: subject.ok_or_else(|| missing("subject", "Your request"))?,
            greeting: greeting.ok_or_else(|| missing("greeting", "\"Hi {recipient},\""))?,
            greeting_without_name: without_name.ok_or_else(|| missing("greeting_without_name", "Hello,"))?,
            suggestions_intro,
            referral,
        })
    }
}

//! The definition the browser script reads, embedded in the page as JSON.
//!
//! Links are resolved to URLs and titles here, so the script never has to
//! know about `.md` paths. The JSON is safe inside `<script>`: `<`, `>` and
//! `&` are escaped, so no text in the definition can close the element.

use serde::Serialize;

use super::FormRenderer;
use crate::config::Contact;
use crate::content::form::{Field, FieldKind, FormKind, LetterText};
use crate::links::{self, Target};

/// Changes when the layout of saved answers changes; old answers are then read leniently.
pub const FORMAT: u32 = 1;

#[derive(Serialize)]
struct Definition<'a> {
    format: u32,
    id: &'a str,
    kind: &'static str,
    title: &'a str,
    /// `localStorage` key of the answers: the page and the form.
    storage: String,
    /// A hash of the questions, stored with the answers.
    schema: String,
    fields: Vec<ClientField<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    results: Vec<ClientBand<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    stop_title: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    letter_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    letter: Option<&'a LetterText>,
    /// The guide owner (`contact:` in site.yaml), whom shared answers can be sent to.
    #[serde(skip_serializing_if = "Option::is_none")]
    contact: Option<&'a Contact>,
    /// The page's language (its code), written into shared links.
    lang: &'a str,
    /// How the page's language writes dates (`locale:` in site.yaml: `en-GB`).
    locale: &'a str,
    /// The same page in the guide's other languages, for a shared link given in one of them.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    translations: Vec<Translation<'a>>,
    /// Every language of the site: a link naming any other is refused.
    languages: Vec<SiteLanguage<'a>>,
    /// Every word the scripts show, in the page's language.
    words: &'a std::collections::BTreeMap<String, String>,
}

/// A language of the site, by code and by its own name.
#[derive(Serialize)]
struct SiteLanguage<'a> {
    code: &'a str,
    name: &'a str,
}

/// The page in another language.
#[derive(Serialize)]
struct Translation<'a> {
    lang: &'a str,
    name: &'a str,
    url: String,
}

#[derive(Serialize)]
struct ClientField<'a> {
    id: &'a str,
    kind: &'static str,
    label: &'a str,
    required: bool,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    options: Vec<ClientChoice<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    default: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    situation: Option<Situation>,
}

#[derive(Serialize)]
struct ClientChoice<'a> {
    value: &'a str,
    label: &'a str,
    #[serde(skip_serializing_if = "is_zero")]
    points: i64,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    stop: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    text: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    explain: Option<bool>,
}

#[derive(Serialize)]
struct ClientBand<'a> {
    min: i64,
    max: i64,
    title: &'a str,
}

/// A situation page a question is about.
#[derive(Serialize)]
struct Situation {
    url: String,
    title: String,
    /// The letter page's reason for this situation, to pre-select it there.
    #[serde(skip_serializing_if = "Option::is_none")]
    reason: Option<String>,
}

fn is_zero(n: &i64) -> bool {
    *n == 0
}

/// The definition of the form `r` renders, as JSON ready to sit inside
/// `<script type="application/json">`.
pub(super) fn definition(r: &FormRenderer) -> String {
    let (site, form, form_id) = (r.site, r.form, r.form_id.as_str());
    let page = site.by_rel.get(&r.header.rel).copied();
    let page_url = page.map(|id| site.url(id)).unwrap_or_default();
    let lang = page.map_or(crate::config::DEFAULT_LANGUAGE, |id| site.pages[id].lang);
    let translations = page
        .into_iter()
        .flat_map(|id| {
            (0..site.languages()).filter(move |&l| l != lang).filter_map(move |l| Some((l, site.translation(id, l)?)))
        })
        .filter(|&(_, t)| site.pages[t].front().form.is_some())
        .map(|(l, t)| Translation {
            lang: &site.config.languages[l].code,
            name: &site.config.languages[l].name,
            url: site.url(t),
        })
        .collect();
    let letter_form = form.letter_page.as_deref().and_then(|dest| {
        let resolved = r.link(dest, "letter_page")?;
        r.page_of(&resolved).map(|id| (resolved.href, id))
    });
    // The letter page's reason for a situation, to tick it there. Its links
    // are the letter page's own, checked when it renders: resolved here, not recorded.
    let reason_for = |situation: &Target| -> Option<String> {
        let (_, letter_id) = letter_form.as_ref()?;
        let letter_page = &site.pages[*letter_id];
        let reasons = letter_page.front().form.as_ref()?.field("reasons")?;
        reasons.options.iter().find_map(|c| {
            let dest = c.situation.as_deref()?;
            let theirs = links::resolve(site, &letter_page.header.rel, dest, false).ok()?.target;
            (same_page(&theirs, situation)).then(|| c.value.clone())
        })
    };
    let fields = form
        .fields
        .iter()
        .map(|f| ClientField {
            id: &f.id,
            kind: f.kind.name(),
            label: &f.label,
            required: f.required,
            options: options(f, r.words),
            default: f.default.as_deref(),
            situation: f.situation.as_deref().and_then(|dest| {
                let resolved = r.link(dest, &format!("id: {}", f.id))?;
                let title = match r.page_of(&resolved) {
                    Some(id) => site.pages[id].title().to_string(),
                    None => resolved.href.clone(),
                };
                Some(Situation { reason: reason_for(&resolved.target), url: r.script_address(resolved.href), title })
            }),
        })
        .collect();
    let title = form
        .title
        .as_deref()
        .unwrap_or_else(|| site.by_rel.get(&r.header.rel).map_or("", |&id| site.pages[id].title()));
    let mut definition = Definition {
        format: FORMAT,
        id: form_id,
        kind: form.kind.name(),
        title,
        storage: format!("rajat/v{FORMAT}:{page_url}#{form_id}"),
        schema: String::new(),
        fields,
        results: form.results.iter().map(|b| ClientBand { min: b.min, max: b.max, title: &b.title }).collect(),
        stop_title: form.stop_result.as_ref().map(|s| s.title.as_str()),
        letter_url: letter_form.map(|(url, _)| r.script_address(url)),
        letter: if form.kind == FormKind::RefusalLetter { form.letter.as_ref() } else { None },
        contact: site.config.languages[lang].contact.as_ref(),
        lang: &site.config.languages[lang].code,
        locale: &site.config.languages[lang].locale,
        translations,
        languages: site.config.languages.iter().map(|l| SiteLanguage { code: &l.code, name: &l.name }).collect(),
        words: r.words.map(),
    };
    // The questions and answers decide whether saved answers still fit; links and titles do not.
    let shape: Vec<(&str, &str, Vec<&str>)> = form
        .fields
        .iter()
        .map(|f| (f.id.as_str(), f.kind.name(), f.options.iter().map(|c| c.value.as_str()).collect()))
        .collect();
    let shape = serde_json::to_string(&shape).unwrap_or_default();
    definition.schema = format!("{:016x}", xxhash_rust::xxh3::xxh3_64(shape.as_bytes()));
    script_safe(&serde_json::to_string(&definition).unwrap_or_else(|_| "{}".into()))
}

/// Whether two link targets are the same page, whatever their anchors.
fn same_page(a: &Target, b: &Target) -> bool {
    matches!((a, b), (Target::Page { rel: x, .. }, Target::Page { rel: y, .. }) if x == y)
}

fn options<'a>(field: &'a Field, words: &'a crate::words::Words) -> Vec<ClientChoice<'a>> {
    match field.kind {
        FieldKind::YesNo => vec![
            ClientChoice {
                value: "yes",
                label: words.get("answerYes"),
                points: 0,
                stop: false,
                text: None,
                explain: None,
            },
            ClientChoice {
                value: "no",
                label: words.get("answerNo"),
                points: 0,
                stop: false,
                text: None,
                explain: None,
            },
        ],
        FieldKind::Scale => ["1", "2", "3", "4", "5"]
            .into_iter()
            .map(|n| ClientChoice { value: n, label: n, points: 0, stop: false, text: None, explain: None })
            .collect(),
        _ => field
            .options
            .iter()
            .map(|c| ClientChoice {
                value: &c.value,
                label: &c.label,
                points: c.points.unwrap_or(0),
                stop: c.stop,
                text: c.text.as_deref(),
                explain: c.explain,
            })
            .collect(),
    }
}

/// JSON that cannot end the `<script>` element it sits in, nor start a comment.
pub fn script_safe(json: &str) -> String {
    json.replace('<', "\\u003c").replace('>', "\\u003e").replace('&', "\\u0026")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_safe_json_cannot_close_the_script_element() {
        let json =
            serde_json::to_string(&serde_json::json!({"label": "</script><script>alert(1)</script> & <!--"})).unwrap();
        let safe = script_safe(&json);
        assert!(!safe.contains('<') && !safe.contains('>'), "{safe}");
        let back: serde_json::Value = serde_json::from_str(&safe).unwrap();
        assert_eq!(back["label"], "</script><script>alert(1)</script> & <!--");
    }
}

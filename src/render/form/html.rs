//! A form as HTML: every question visible and labelled, working printed and
//! without JavaScript, with stable `rajat-` class names for themes to style.
//!
//! The markup holds no inline script, no `style=` and no `on…=` handler, so
//! the page works under `Content-Security-Policy: default-src 'self'`; the
//! behaviour comes from `rajat/forms.js`, which reads the definition from the
//! `<script type="application/json">` block after the form.

use std::fmt::Write;

use pulldown_cmark::{CowStr, Event, Parser, Tag, html};

use super::FormRenderer;
use crate::content::form::{Choice, Field, FieldKind, FormKind};
use crate::text::escape;

/// Lines a list question starts with, on screen and on paper.
const LIST_LINES: usize = 3;

/// The form of `r` as HTML, followed by its definition and its script.
pub(super) fn render(r: &FormRenderer, page_title: &str) -> String {
    r.render(page_title)
}

impl FormRenderer<'_> {
    fn render(&self, page_title: &str) -> String {
        let mut out = String::with_capacity(8 * 1024);
        let fid = escape(&self.form_id);
        let title = escape(self.form.title.as_deref().unwrap_or(page_title));
        // `method="dialog"` outside a dialog never submits: pressing Enter
        // without JavaScript cannot send the answers anywhere.
        let _ = writeln!(
            out,
            "<form class=\"rajat-form rajat-form--{kind}\" id=\"rajat-form-{fid}\" method=\"dialog\" novalidate aria-label=\"{title}\" data-rajat-definition=\"rajat-form-{fid}-definition\">",
            kind = self.form.kind.name(),
        );
        // Messages about how the page opened (answers restored, a shared link) show before the questions.
        out.push_str("<p class=\"rajat-status rajat-status--top\" role=\"status\"></p>\n");
        // Removed by the script; without it nothing is kept, which the reader should know before typing.
        let _ = writeln!(out, "<p class=\"rajat-note rajat-no-script\">{}</p>", self.say("noScriptNote"));
        out.push_str("<ol class=\"rajat-fields\">\n");
        for field in &self.form.fields {
            self.field(&mut out, field);
        }
        out.push_str("</ol>\n");
        if self.form.kind == FormKind::SelfCheck {
            self.result(&mut out);
        }
        self.actions(&mut out);
        out.push_str("</form>\n");
        if self.form.kind == FormKind::RefusalLetter {
            self.letter(&mut out, &fid);
        }
        let json = super::json::definition(self);
        let _ = writeln!(out, "<script type=\"application/json\" id=\"rajat-form-{fid}-definition\">{json}</script>");
        let src = escape(&self.site.config.url(&format!("{}/forms.js", crate::assets::OUTPUT_DIR)));
        let _ = writeln!(out, "<script type=\"module\" src=\"{src}\"></script>");
        out
    }

    fn field(&self, out: &mut String, field: &Field) {
        let id = escape(&field.id);
        let base = format!("rajat-{id}");
        let help_id = format!("{base}--help");
        let mut described: Vec<String> = Vec::new();
        if field.help.is_some() {
            described.push(help_id.clone());
        }
        let _ = writeln!(out, "<li class=\"rajat-field rajat-field--{}\" id=\"{id}\">", field.kind.name());
        let label = format!("{}{}", escape(&field.label), self.required_mark(field.required));
        let after = format!("id: {}", field.id);
        let help = field
            .help
            .as_ref()
            .map(|h| format!("<div class=\"rajat-help\" id=\"{help_id}\">{}</div>\n", self.markdown(h, &after)));
        let help = help.unwrap_or_default();
        let required = if field.required { " required" } else { "" };
        match field.kind {
            FieldKind::ShortText | FieldKind::LongText => {
                let input_id = format!("{base}--input");
                let _ = writeln!(out, "<label class=\"rajat-label\" for=\"{input_id}\">{label}</label>");
                out.push_str(&help);
                let placeholder =
                    field.placeholder.as_ref().map(|p| format!(" placeholder=\"{}\"", escape(p))).unwrap_or_default();
                let default = field.default.as_deref().map(escape).unwrap_or_default();
                let attrs = format!(
                    "class=\"rajat-input\" id=\"{input_id}\" name=\"{id}\"{placeholder}{required}{}",
                    describedby(&described)
                );
                if field.kind == FieldKind::ShortText {
                    let _ = writeln!(out, "<input type=\"text\" {attrs} value=\"{default}\">");
                } else {
                    let _ = writeln!(out, "<textarea {attrs} rows=\"4\">{default}</textarea>");
                    // Filled by the script: a textarea prints clipped, this prints whole.
                    out.push_str("<div class=\"rajat-print-answer\" aria-hidden=\"true\"></div>\n");
                }
            }
            FieldKind::List => {
                let _ = writeln!(out, "<fieldset{}>", describedby(&described));
                let _ = writeln!(out, "<legend class=\"rajat-label\">{label}</legend>");
                out.push_str(&help);
                out.push_str("<ol class=\"rajat-lines\">\n");
                for n in 1..=LIST_LINES {
                    let _ = writeln!(
                        out,
                        "<li><label class=\"rajat-visually-hidden\" for=\"{base}--{n}\">{}</label><input type=\"text\" class=\"rajat-input\" id=\"{base}--{n}\" name=\"{id}\"></li>",
                        escape(&self.words.fill("addLineLabel", &[("label", &field.label), ("n", &n.to_string())]))
                    );
                }
                out.push_str("</ol>\n");
                let _ = writeln!(
                    out,
                    "<button type=\"button\" class=\"rajat-button rajat-button--quiet\" data-rajat-add-line=\"{id}\" hidden>{}</button>",
                    self.say("addLine")
                );
                out.push_str("</fieldset>\n");
            }
            FieldKind::SingleChoice | FieldKind::MultipleChoice | FieldKind::YesNo | FieldKind::Scale => {
                self.choices(out, field, &label, &help, &mut described);
            }
        }
        if let Some(situation) = &field.situation {
            let (url, title) = self.page_link(situation, &after);
            let _ = writeln!(
                out,
                "<p class=\"rajat-situation\">{} <a href=\"{}\">{}</a></p>",
                self.say("seeSituation"),
                escape(&url),
                escape(&title)
            );
        }
        out.push_str("</li>\n");
    }

    fn choices(&self, out: &mut String, field: &Field, label: &str, help: &str, described: &mut Vec<String>) {
        let id = escape(&field.id);
        let base = format!("rajat-{id}");
        let kind = if field.kind == FieldKind::MultipleChoice { "checkbox" } else { "radio" };
        let choices: Vec<(String, String, String)> = match field.kind {
            FieldKind::YesNo => {
                let answer = |key| self.words.get(key).to_string();
                vec![
                    ("yes".into(), answer("answerYes"), String::new()),
                    ("no".into(), answer("answerNo"), String::new()),
                ]
            }
            FieldKind::Scale => (1..=5).map(|n| (n.to_string(), n.to_string(), String::new())).collect(),
            _ => field.options.iter().map(|c| (c.value.clone(), c.label.clone(), self.score_note(c))).collect(),
        };
        let mut ends = String::new();
        if field.kind == FieldKind::Scale {
            for (end, text) in [("low", &field.low), ("high", &field.high)] {
                if let Some(text) = text {
                    described.push(format!("{base}--{end}"));
                    let _ =
                        write!(ends, "<span class=\"rajat-scale-{end}\" id=\"{base}--{end}\">{}</span>", escape(text));
                }
            }
        }
        let short = choices.iter().all(|(_, label, _)| label.chars().count() <= 14);
        let layout = if short { " rajat-options--inline" } else { "" };
        let _ = writeln!(out, "<fieldset{}>", describedby(described));
        let _ = writeln!(out, "<legend class=\"rajat-label\">{label}</legend>");
        out.push_str(help);
        if !ends.is_empty() {
            out.push_str("<div class=\"rajat-scale\">\n");
        }
        let _ = writeln!(out, "<div class=\"rajat-options{layout}\">");
        // A required radio group is required as a whole; a checkbox list is not.
        let required = if field.required && kind == "radio" { " required" } else { "" };
        for (value, text, note) in &choices {
            let checked = if field.default.as_deref() == Some(value.as_str()) { " checked" } else { "" };
            let value = escape(value);
            let _ = writeln!(
                out,
                "<div class=\"rajat-option\"><input type=\"{kind}\" class=\"rajat-choice\" id=\"{base}--{value}\" name=\"{id}\" value=\"{value}\"{required}{checked}><label for=\"{base}--{value}\">{}{note}</label></div>",
                escape(text)
            );
        }
        out.push_str("</div>\n");
        if !ends.is_empty() {
            // Under the numbers, ends aligned with 1 and 5.
            let _ = writeln!(out, "<p class=\"rajat-scale-ends\">{ends}</p>\n</div>");
        }
        out.push_str("</fieldset>\n");
    }

    /// The self-check's result: filled in live by the script, and the bands
    /// written out so that the paper version can be scored by hand.
    fn result(&self, out: &mut String) {
        out.push_str("<section class=\"rajat-result\" aria-labelledby=\"rajat-result-title\">\n");
        let _ = writeln!(
            out,
            "<h2 class=\"rajat-result-title\" id=\"rajat-result-title\">{}</h2>",
            self.say("resultTitle")
        );
        out.push_str("<div class=\"rajat-result-live\" aria-live=\"polite\">\n");
        let _ = writeln!(out, "<p class=\"rajat-result-waiting\">{}</p>", self.say("resultOnPaper"));
        let _ = writeln!(out, "</div>\n<div class=\"rajat-bands\">\n<h3>{}</h3>", self.say("bandsTitle"));
        for (i, band) in self.form.results.iter().enumerate() {
            let range = match (band.min, band.max) {
                (a, b) if a == b => self.points(a),
                (a, b) => self.words.fill("pointsRange", &[("min", &a.to_string()), ("max", &b.to_string())]),
            };
            let _ = writeln!(
                out,
                "<div class=\"rajat-band\" data-rajat-band=\"{i}\">\n<h4 class=\"rajat-band-title\"><span class=\"rajat-band-name\">{}</span> <span class=\"rajat-band-range\">{}</span></h4>\n<div class=\"rajat-band-text\">{}</div>\n</div>",
                escape(&band.title),
                escape(&range),
                self.markdown(&band.text, "results:")
            );
        }
        if let Some(stop) = &self.form.stop_result {
            let _ = writeln!(
                out,
                "<div class=\"rajat-band rajat-band--stop\" data-rajat-band=\"stop\">\n<h4 class=\"rajat-band-title\"><span class=\"rajat-band-name\">{}</span> <span class=\"rajat-band-range\">{}</span></h4>\n<div class=\"rajat-band-text\">{}</div>\n</div>",
                escape(&stop.title),
                self.say("stopBandRange"),
                self.markdown(&stop.text, "results:")
            );
        }
        out.push_str("</div>\n</section>\n");
    }

    /// Markdown from the definition (help texts, results) as HTML, with links
    /// resolved like those of the page body.
    fn markdown(&self, text: &str, after: &str) -> String {
        let events = Parser::new_ext(text, crate::markdown::options()).map(|event| match event {
            Event::Start(Tag::Link { link_type, dest_url, title, id }) => {
                let dest_url = CowStr::from(self.page_link(&dest_url, after).0);
                Event::Start(Tag::Link { link_type, dest_url, title, id })
            }
            Event::Start(Tag::Image { link_type, dest_url, title, id }) => {
                let dest_url = CowStr::from(self.page_link(&dest_url, after).0);
                Event::Start(Tag::Image { link_type, dest_url, title, id })
            }
            e => e,
        });
        let mut html_out = String::new();
        html::push_html(&mut html_out, events);
        html_out.trim_end().to_string()
    }
}

impl FormRenderer<'_> {
    /// The words for `key` in the page's language, escaped for HTML.
    fn say(&self, key: &str) -> String {
        escape(self.words.get(key))
    }

    /// `(1 point, stop)`: shown on paper and without JavaScript, where the reader adds up.
    fn score_note(&self, choice: &Choice) -> String {
        let mut parts = Vec::new();
        if let Some(p) = choice.points.filter(|p| *p != 0) {
            parts.push(self.points(p));
        }
        if choice.stop {
            parts.push(self.words.get("stopNote").to_string());
        }
        if parts.is_empty() {
            return String::new();
        }
        format!(" <span class=\"rajat-points\">({})</span>", escape(&parts.join(self.words.get("listSeparator"))))
    }

    fn points(&self, n: i64) -> String {
        let key = if n == 1 || n == -1 { "pointOne" } else { "pointsMany" };
        self.words.fill(key, &[("n", &n.to_string())])
    }

    fn required_mark(&self, required: bool) -> String {
        if required {
            format!(" <span class=\"rajat-required\">{}</span>", self.say("required"))
        } else {
            String::new()
        }
    }

    /// The buttons that need the script; hidden until it runs.
    fn actions(&self, out: &mut String) {
        out.push_str("<div class=\"rajat-actions\" hidden>\n");
        for (action, key) in [
            ("copy", "copyAnswers"),
            ("download", "downloadMarkdown"),
            ("print", "printAnswers"),
            ("share", "shareAsLink"),
        ] {
            let _ = writeln!(
                out,
                "<button type=\"button\" class=\"rajat-button\" data-rajat-action=\"{action}\">{}</button>",
                self.say(key)
            );
        }
        let _ = writeln!(
            out,
            "<button type=\"button\" class=\"rajat-button rajat-button--quiet\" data-rajat-action=\"clear\">{}</button>",
            self.say("clearAnswers")
        );
        out.push_str("</div>\n<p class=\"rajat-status\" role=\"status\"></p>\n");
        let _ = writeln!(out, "<p class=\"rajat-note rajat-saved-note\" hidden>{}</p>", self.say("savedNote"));
    }

    /// The letter's live preview and the packet of saved letters, after the form.
    fn letter(&self, out: &mut String, fid: &str) {
        let w = |key| self.say(key);
        let _ = write!(
            out,
            concat!(
                "<section class=\"rajat-letter\" aria-labelledby=\"rajat-letter-title\" data-rajat-letter=\"rajat-form-{fid}\">\n",
                "<h2 class=\"rajat-letter-title\" id=\"rajat-letter-title\">{letter_title}</h2>\n",
                "<div class=\"rajat-letter-paper\">\n",
                // Replaced by the letter once the script runs.
                "<p class=\"rajat-letter-text\" id=\"rajat-letter-text\">{no_script}</p>\n",
                "</div>\n",
                "<p class=\"rajat-note rajat-letter-advice\" hidden></p>\n",
                "<div class=\"rajat-actions\" hidden>\n",
                "<button type=\"button\" class=\"rajat-button\" data-rajat-action=\"copy-letter\">{copy}</button>\n",
                "<a class=\"rajat-button\" data-rajat-action=\"mailto\" href=\"mailto:\">{mail}</a>\n",
                "<button type=\"button\" class=\"rajat-button\" data-rajat-action=\"print-letter\">{print}</button>\n",
                "<button type=\"button\" class=\"rajat-button rajat-button--quiet\" data-rajat-action=\"new-letter\">{new}</button>\n",
                "</div>\n",
                "<p class=\"rajat-status rajat-letter-status\" role=\"status\"></p>\n",
                "<div class=\"rajat-packet\" hidden>\n",
                "<h3 class=\"rajat-packet-title\">{packet}</h3>\n",
                "<p class=\"rajat-note\">{packet_note}</p>\n",
                "<div class=\"rajat-packet-save\">\n",
                "<label class=\"rajat-label\" for=\"rajat-letter-name\">{name_label}</label>\n",
                "<input type=\"text\" class=\"rajat-input\" id=\"rajat-letter-name\" placeholder=\"{name_placeholder}\">\n",
                "<button type=\"button\" class=\"rajat-button\" data-rajat-action=\"save-letter\">{save}</button>\n",
                "</div>\n",
                "<p class=\"rajat-packet-empty\">{empty}</p>\n",
                "<ul class=\"rajat-packet-list\"></ul>\n",
                "</div>\n",
                "</section>\n",
            ),
            fid = fid,
            letter_title = w("letterTitle"),
            no_script = w("letterNoScript"),
            copy = w("copyLetter"),
            mail = w("openMail"),
            print = w("printLetter"),
            new = w("startNewLetter"),
            packet = w("packetTitle"),
            packet_note = w("packetNote"),
            name_label = w("letterNameLabel"),
            name_placeholder = w("letterNamePlaceholder"),
            save = w("saveToPacket"),
            empty = w("packetEmpty"),
        );
    }
}

fn describedby(ids: &[String]) -> String {
    if ids.is_empty() { String::new() } else { format!(" aria-describedby=\"{}\"", ids.join(" ")) }
}

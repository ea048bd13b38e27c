//! A deterministic synthetic guide for benchmarks: N pages across 20
//! sections, about 5 KB of realistic Markdown each (headings, paragraphs,
//! lists, a table, emphasis, links to other pages' headings, a blockquote, an
//! occasional code block), minimal templates, a stylesheet, and a few
//! worksheet pages with forms. The same seed always writes the same bytes.

use std::fmt::Write as _;
use std::path::Path;

/// Number of sections the pages are spread across.
pub const SECTIONS: usize = 20;

/// A small, fast, deterministic generator (xorshift64*): no dependency, the
/// same sequence on every machine.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number in `0..n`.
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    pub fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

const WORDS: &[&str] = &[
    "client",
    "boundary",
    "project",
    "budget",
    "deadline",
    "scope",
    "promise",
    "request",
    "answer",
    "value",
    "time",
    "energy",
    "trust",
    "contract",
    "invoice",
    "meeting",
    "email",
    "proposal",
    "refusal",
    "referral",
    "coach",
    "designer",
    "writer",
    "consultant",
    "freelancer",
    "workshop",
    "programme",
    "session",
    "result",
    "guarantee",
    "pressure",
    "weekend",
    "evening",
    "payment",
    "discount",
    "barter",
    "respect",
    "ethics",
    "skills",
    "values",
    "dependency",
    "partner",
    "friend",
    "parent",
    "spouse",
    "kindly",
    "clearly",
    "early",
    "often",
    "always",
    "never",
    "carefully",
    "honestly",
    "quickly",
    "calmly",
    "the",
    "a",
    "your",
    "their",
    "and",
    "but",
    "so",
    "because",
    "when",
    "with",
    "without",
    "for",
    "about",
    "after",
    "before",
    "is",
    "was",
    "feels",
    "asks",
    "wants",
    "needs",
    "offers",
    "sends",
    "keeps",
    "says",
    "decides",
    "chooses",
];

/// The slug of page `i` of section `s`.
pub fn page_slug(s: usize, i: usize) -> String {
    format!("page-{s:02}-{i:04}")
}

/// The headings every synthetic page has, so links can point at them.
pub const HEADINGS: [&str; 4] = ["Signs to notice", "Why it is a no", "What to say", "A sample reply"];

fn sentence(rng: &mut Rng, words: usize) -> String {
    let mut s = String::new();
    for i in 0..words {
        let w = rng.pick(WORDS);
        if i == 0 {
            let mut c = w.chars();
            if let Some(first) = c.next() {
                s.extend(first.to_uppercase());
                s.push_str(c.as_str());
            }
        } else {
            s.push(' ');
            match rng.below(14) {
                0 => write!(s, "*{w}*").unwrap(),
                1 => write!(s, "**{w}**").unwrap(),
                _ => s.push_str(w),
            }
        }
    }
    s.push('.');
    s
}

fn paragraph(rng: &mut Rng) -> String {
    let sentences = 4 + rng.below(3);
    (0..sentences)
        .map(|_| {
            let words = 8 + rng.below(10);
            sentence(rng, words)
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The Markdown of one page: about 5 KB.
fn page_body(rng: &mut Rng, s: usize, i: usize, per_section: usize) -> String {
    let mut md = String::with_capacity(6000);
    md.push_str(&paragraph(rng));
    md.push_str("\n\n");
    for (h, heading) in HEADINGS.iter().enumerate() {
        writeln!(md, "## {heading}\n").unwrap();
        md.push_str(&paragraph(rng));
        md.push_str("\n\n");
        match h {
            0 => {
                for _ in 0..4 {
                    let words = 6 + rng.below(6);
                    writeln!(md, "- {}", sentence(rng, words)).unwrap();
                }
                md.push('\n');
            }
            1 => {
                md.push_str("| Sign | What it means | What to do |\n|---|---|---|\n");
                for _ in 0..3 {
                    writeln!(md, "| {} | {} | {} |", rng.pick(WORDS), sentence(rng, 4), sentence(rng, 4)).unwrap();
                }
                md.push('\n');
            }
            2 => {
                writeln!(md, "> {}\n", sentence(rng, 14)).unwrap();
                if rng.below(5) == 0 {
                    md.push_str("```text\nHello {name},\nthank you for thinking of me.\n```\n\n");
                }
            }
            _ => {}
        }
        writeln!(md, "### Notes on {}\n", HEADINGS[h].to_lowercase()).unwrap();
        md.push_str(&paragraph(rng));
        md.push_str("\n\n");
    }
    // Links to other pages of the guide, by relative .md path and heading anchor.
    md.push_str("## Related\n\n");
    for _ in 0..3 {
        let (ts, ti) = (rng.below(SECTIONS), rng.below(per_section));
        let heading = rng.below(HEADINGS.len());
        let anchor = HEADINGS[heading].to_lowercase().replace(' ', "-");
        let path = if ts == s {
            format!("{}.md", page_slug(ts, ti))
        } else {
            format!("../section-{ts:02}/{}.md", page_slug(ts, ti))
        };
        writeln!(md, "- [{} on page {ts}.{ti}]({path}#{anchor})", HEADINGS[heading]).unwrap();
    }
    if i > 0 {
        writeln!(md, "- [the previous page]({}.md)", page_slug(s, i - 1)).unwrap();
    }
    md
}

const WORKSHEET_FORM: &str = "form:
  kind: worksheet
  fields:
    - id: who
      kind: short-text
      label: Who is your ideal client?
    - id: qualities
      kind: list
      label: Which qualities should they have?
    - id: fit
      kind: scale
      label: How well does your current client list fit?
";

/// The templates a corpus is dressed in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[allow(dead_code)] // each user of this file builds with one or both
pub enum Templates {
    /// Minimal templates of its own, as in the generators rajat is compared with.
    Minimal,
    /// None of its own: the built-in default theme, as nearly every user publishes.
    DefaultTheme,
}

/// Writes a complete site with `pages` pages into `root`, with minimal templates.
#[allow(dead_code)] // tests/theme.rs writes only the default theme's
pub fn write(root: &Path, pages: usize, seed: u64) -> std::io::Result<()> {
    write_with(root, pages, seed, Templates::Minimal)
}

/// Writes a complete site with `pages` pages into `root`, dressed in `templates`.
pub fn write_with(root: &Path, pages: usize, seed: u64, templates: Templates) -> std::io::Result<()> {
    let mut rng = Rng::new(seed);
    let per_section = pages.div_ceil(SECTIONS).max(1);
    std::fs::create_dir_all(root.join("content"))?;
    // Minimal templates do the work of the generators rajat is compared
    // with, which write root-relative or absolute links: no relative URLs.
    let relative = match templates {
        Templates::Minimal => "relative_urls: false\n",
        Templates::DefaultTheme => "",
    };
    std::fs::write(
        root.join("site.yaml"),
        format!(
            "title: Synthetic guide\ndescription: A benchmark corpus.\nbase_url: https://example.org/\nlanguage: en\n{relative}"
        ),
    )?;
    std::fs::write(
        root.join("content/_index.md"),
        "---\ntitle: Synthetic guide\ndescription: The home page.\n---\nStart with [the first section](section-00/_index.md).\n",
    )?;
    let mut written = 0;
    for s in 0..SECTIONS {
        let dir = root.join(format!("content/section-{s:02}"));
        std::fs::create_dir_all(&dir)?;
        std::fs::write(
            dir.join("_index.md"),
            format!(
                "---\ntitle: Section {s}\ndescription: Section {s} of the guide.\nweight: {s}\n---\n{}\n",
                paragraph(&mut rng)
            ),
        )?;
        for i in 0..per_section {
            if written == pages {
                break;
            }
            written += 1;
            let form = if i == 0 && s < 3 { WORKSHEET_FORM } else { "" };
            let text = format!(
                "---\ntitle: Page {s}.{i} — {}\ndescription: {}\nweight: {i}\n{form}---\n{}",
                rng.pick(WORDS),
                sentence(&mut rng, 10),
                page_body(&mut rng, s, i, per_section)
            );
            std::fs::write(dir.join(format!("{}.md", page_slug(s, i))), text)?;
        }
    }
    // Links may point at pages past the last one when N is not a multiple of 20: add them as short pages.
    for s in 0..SECTIONS {
        for i in 0..per_section {
            let path = root.join(format!("content/section-{s:02}/{}.md", page_slug(s, i)));
            if !path.exists() {
                let headings: String = HEADINGS.iter().map(|h| format!("## {h}\n\nShort.\n\n")).collect();
                std::fs::write(
                    path,
                    format!("---\ntitle: Page {s}.{i}\ndescription: A short page.\nweight: {i}\n---\n{headings}"),
                )?;
            }
        }
    }
    match templates {
        Templates::Minimal => write_theme(root),
        Templates::DefaultTheme => Ok(()),
    }
}

/// Minimal templates, as in the generators this is compared with: title,
/// content, section listing, previous/next; a stylesheet.
fn write_theme(root: &Path) -> std::io::Result<()> {
    let t = root.join("templates");
    std::fs::create_dir_all(&t)?;
    std::fs::create_dir_all(root.join("static"))?;
    std::fs::write(
        t.join("base.html"),
        "<!doctype html>\n<html lang=\"{{ site.language }}\">\n<head><meta charset=\"utf-8\"><title>{{ page.title }} · {{ site.title }}</title>\n<link rel=\"stylesheet\" href=\"{{ url('style.css') }}\"></head>\n<body>\n{% block main %}{% endblock %}\n</body>\n</html>\n",
    )?;
    std::fs::write(
        t.join("page.html"),
        "{% extends \"base.html\" %}{% block main %}<h1>{{ page.title }}</h1>\n{{ page.content }}{{ page.form }}\n<nav>{% if page.previous %}<a href=\"{{ page.previous.url }}\">{{ page.previous.title }}</a>{% endif %} {% if page.next %}<a href=\"{{ page.next.url }}\">{{ page.next.title }}</a>{% endif %}</nav>{% endblock %}\n",
    )?;
    std::fs::write(
        t.join("section.html"),
        "{% extends \"base.html\" %}{% block main %}<h1>{{ page.title }}</h1>\n{{ page.content }}\n<ul>{% for p in page.pages %}<li><a href=\"{{ p.url }}\">{{ p.title }}</a></li>{% endfor %}</ul>{% endblock %}\n",
    )?;
    std::fs::write(
        t.join("index.html"),
        "{% extends \"base.html\" %}{% block main %}<h1>{{ page.title }}</h1>\n{{ page.content }}\n<ul>{% for s in page.sections %}<li><a href=\"{{ s.url }}\">{{ s.title }}</a></li>{% endfor %}</ul>{% endblock %}\n",
    )?;
    std::fs::write(
        t.join("404.html"),
        "{% extends \"base.html\" %}{% block main %}<h1>Not found</h1>{% endblock %}\n",
    )?;
    std::fs::write(root.join("static/style.css"), "body { font-family: sans-serif; max-width: 40rem; margin: auto; }\n")
}

//! A deterministic synthetic guide for benchmarks: N pages across 20
//! sections, about 5 KB of realistic Markdown each (headings, paragraphs,
//! lists, a table, emphasis, links to other pages' headings, a blockquote, an
//! occasional code block), minimal templates, a stylesheet, and a few
//! worksheet pages with forms. The same seed always writes the same bytes.
//!
//! [`write_zola`] writes the same guide in Zola's layout (`config.toml`,
//! TOML front matter, Tera templates, `@/` links), so the two generators
//! build the same pages from the same Markdown in one benchmark run.

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

/// Whose layout a corpus is written in: the pages and their Markdown are
/// the same, only front matter, links between pages and templates differ.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Layout {
    Rajat,
    Zola,
}

/// A link from a page of section `from` to `target` (`page-05-0003.md`,
/// `_index.md`) in section `to`: relative to the file for rajat, from
/// `content/` with `@/` for Zola.
fn page_link(layout: Layout, from: usize, to: usize, target: &str) -> String {
    match layout {
        Layout::Rajat if from == to => target.to_string(),
        Layout::Rajat => format!("../section-{to:02}/{target}"),
        Layout::Zola => format!("@/section-{to:02}/{target}"),
    }
}

/// The Markdown of one page: about 5 KB.
fn page_body(rng: &mut Rng, s: usize, i: usize, per_section: usize, layout: Layout) -> String {
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
        let path = page_link(layout, s, ts, &format!("{}.md", page_slug(ts, ti)));
        writeln!(md, "- [{} on page {ts}.{ti}]({path}#{anchor})", HEADINGS[heading]).unwrap();
    }
    if i > 0 {
        writeln!(md, "- [the previous page]({})", page_link(layout, s, s, &format!("{}.md", page_slug(s, i - 1))))
            .unwrap();
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
    // Minimal templates do the work of the generators rajat is compared
    // with, which write root-relative or absolute links: no relative URLs.
    let relative = match templates {
        Templates::Minimal => "relative_urls: false\n",
        Templates::DefaultTheme => "",
    };
    std::fs::create_dir_all(root)?;
    std::fs::write(
        root.join("site.yaml"),
        format!(
            "title: Synthetic guide\ndescription: A benchmark corpus.\nbase_url: https://example.org/\nlanguage: en\n{relative}"
        ),
    )?;
    write_content(root, pages, seed, Layout::Rajat)?;
    match templates {
        Templates::Minimal => write_theme(root),
        Templates::DefaultTheme => Ok(()),
    }
}

/// Writes the same guide as [`write`] (the same pages, the same Markdown)
/// in Zola's layout: `config.toml`, TOML front matter, links between pages
/// written `@/section-05/page-05-0003.md#what-to-say` (which Zola resolves
/// and checks, anchors included, as rajat does its relative `.md` links),
/// and minimal Tera templates that show what the minimal rajat templates
/// show. Worksheet forms are left out: Zola has none.
#[allow(dead_code)] // only the benchmark compares with Zola
pub fn write_zola(root: &Path, pages: usize, seed: u64) -> std::io::Result<()> {
    std::fs::create_dir_all(root)?;
    std::fs::write(
        root.join("config.toml"),
        "base_url = \"https://example.org\"\ntitle = \"Synthetic guide\"\ndescription = \"A benchmark corpus.\"\n\
         default_language = \"en\"\ncompile_sass = false\nbuild_search_index = false\ngenerate_feeds = false\n\n\
         [markdown]\nsmart_punctuation = true\n",
    )?;
    write_content(root, pages, seed, Layout::Zola)?;
    write_zola_theme(root)
}

/// A page's front matter: YAML between `---` for rajat, TOML between `+++`
/// for Zola (whose sections also say how their pages are ordered).
fn front_matter(layout: Layout, title: &str, description: &str, weight: Option<usize>, extra: &str) -> String {
    match layout {
        Layout::Rajat => {
            let weight = weight.map(|w| format!("weight: {w}\n")).unwrap_or_default();
            format!("---\ntitle: {title}\ndescription: {description}\n{weight}{extra}---\n")
        }
        Layout::Zola => {
            let weight = weight.map(|w| format!("weight = {w}\n")).unwrap_or_default();
            format!("+++\ntitle = \"{title}\"\ndescription = \"{description}\"\n{weight}{extra}+++\n")
        }
    }
}

/// The pages of the guide, in `layout`'s front matter and links.
fn write_content(root: &Path, pages: usize, seed: u64, layout: Layout) -> std::io::Result<()> {
    let mut rng = Rng::new(seed);
    let per_section = pages.div_ceil(SECTIONS).max(1);
    std::fs::create_dir_all(root.join("content"))?;
    let sorted = match layout {
        Layout::Rajat => "",
        Layout::Zola => "sort_by = \"weight\"\n",
    };
    std::fs::write(
        root.join("content/_index.md"),
        format!(
            "{}Start with [the first section]({}).\n",
            front_matter(layout, "Synthetic guide", "The home page.", None, sorted),
            match layout {
                Layout::Rajat => "section-00/_index.md",
                Layout::Zola => "@/section-00/_index.md",
            }
        ),
    )?;
    let mut written = 0;
    for s in 0..SECTIONS {
        let dir = root.join(format!("content/section-{s:02}"));
        std::fs::create_dir_all(&dir)?;
        let title = format!("Section {s}");
        let description = format!("Section {s} of the guide.");
        std::fs::write(
            dir.join("_index.md"),
            format!("{}{}\n", front_matter(layout, &title, &description, Some(s), sorted), paragraph(&mut rng)),
        )?;
        for i in 0..per_section {
            if written == pages {
                break;
            }
            written += 1;
            let form = if i == 0 && s < 3 && layout == Layout::Rajat { WORKSHEET_FORM } else { "" };
            let title = format!("Page {s}.{i} — {}", rng.pick(WORDS));
            let description = sentence(&mut rng, 10);
            let text = format!(
                "{}{}",
                front_matter(layout, &title, &description, Some(i), form),
                page_body(&mut rng, s, i, per_section, layout)
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
                let title = format!("Page {s}.{i}");
                std::fs::write(
                    path,
                    format!("{}{headings}", front_matter(layout, &title, "A short page.", Some(i), "")),
                )?;
            }
        }
    }
    Ok(())
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

/// Zola's counterpart of [`write_theme`]: the same title, content, listing
/// and previous/next (Zola's `lower`/`higher` within a section), in Tera.
fn write_zola_theme(root: &Path) -> std::io::Result<()> {
    let t = root.join("templates");
    std::fs::create_dir_all(&t)?;
    std::fs::create_dir_all(root.join("static"))?;
    std::fs::write(
        t.join("base.html"),
        "<!doctype html>\n<html lang=\"{{ lang }}\">\n<head><meta charset=\"utf-8\"><title>{% block title %}{% endblock %} · {{ config.title }}</title>\n<link rel=\"stylesheet\" href=\"{{ get_url(path='style.css') }}\"></head>\n<body>\n{% block main %}{% endblock %}\n</body>\n</html>\n",
    )?;
    std::fs::write(
        t.join("page.html"),
        "{% extends \"base.html\" %}{% block title %}{{ page.title }}{% endblock %}{% block main %}<h1>{{ page.title }}</h1>\n{{ page.content | safe }}\n<nav>{% if page.lower %}<a href=\"{{ page.lower.permalink }}\">{{ page.lower.title }}</a>{% endif %} {% if page.higher %}<a href=\"{{ page.higher.permalink }}\">{{ page.higher.title }}</a>{% endif %}</nav>{% endblock %}\n",
    )?;
    std::fs::write(
        t.join("section.html"),
        "{% extends \"base.html\" %}{% block title %}{{ section.title }}{% endblock %}{% block main %}<h1>{{ section.title }}</h1>\n{{ section.content | safe }}\n<ul>{% for p in section.pages %}<li><a href=\"{{ p.permalink }}\">{{ p.title }}</a></li>{% endfor %}</ul>{% endblock %}\n",
    )?;
    std::fs::write(
        t.join("index.html"),
        "{% extends \"base.html\" %}{% block title %}{{ section.title }}{% endblock %}{% block main %}<h1>{{ section.title }}</h1>\n{{ section.content | safe }}\n<ul>{% for s in section.subsections %}{% set sub = get_section(path=s, metadata_only=true) %}<li><a href=\"{{ sub.permalink }}\">{{ sub.title }}</a></li>{% endfor %}</ul>{% endblock %}\n",
    )?;
    std::fs::write(
        t.join("404.html"),
        "{% extends \"base.html\" %}{% block title %}Not found{% endblock %}{% block main %}<h1>Not found</h1>{% endblock %}\n",
    )?;
    std::fs::write(root.join("static/style.css"), "body { font-family: sans-serif; max-width: 40rem; margin: auto; }\n")
}

//! Diagnostics: every problem rajat reports names a file, a line and a column,
//! says what is wrong and, where it can, what to do about it.
//!
//! A [`Diagnostic`] is one problem; an [`Error`] is the non-empty list of
//! problems that stopped a step. Steps collect as many problems as they can
//! before giving up, so an author fixes them in one pass rather than one per run.

use std::fmt;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

/// How serious a [`Diagnostic`] is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    /// Nothing is wrong, but the author may want to know (`rajat check` only).
    Note,
    /// Publishing would still work, but something looks wrong.
    Warning,
    /// The site cannot be built as it is.
    Error,
}

/// One problem, tied to a place in a file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// Error or warning.
    pub level: Level,
    /// The file, relative to the site root where possible. `None` for problems
    /// with no file (a command-line flag, say).
    pub path: Option<PathBuf>,
    /// 1-based line; 0 when unknown.
    pub line: usize,
    /// 1-based column, counted in characters; 0 when unknown.
    pub col: usize,
    /// What is wrong.
    pub message: String,
    /// What to do about it.
    pub hint: Option<String>,
    /// The offending source line, shown under the location with a caret.
    pub snippet: Option<String>,
    /// How many characters the caret underlines (at least one).
    pub span: usize,
}

impl Diagnostic {
    /// An error with no location yet.
    pub fn error(message: impl Into<String>) -> Self {
        Diagnostic {
            level: Level::Error,
            path: None,
            line: 0,
            col: 0,
            message: message.into(),
            hint: None,
            snippet: None,
            span: 1,
        }
    }

    /// A warning with no location yet.
    pub fn warning(message: impl Into<String>) -> Self {
        Diagnostic { level: Level::Warning, ..Diagnostic::error(message) }
    }

    /// A note with no location yet.
    pub fn note(message: impl Into<String>) -> Self {
        Diagnostic { level: Level::Note, ..Diagnostic::error(message) }
    }

    /// Names the file the problem is in.
    pub fn in_file(mut self, path: impl Into<PathBuf>) -> Self {
        self.path = Some(path.into());
        self
    }

    /// Points at a 1-based line and column, without a snippet.
    pub fn at_line(mut self, line: usize, col: usize) -> Self {
        self.line = line;
        self.col = col;
        self
    }

    /// Points at a byte offset in `source`, copying the line for the snippet.
    pub fn at_offset(self, source: &str, offset: usize) -> Self {
        let (line, col) = line_col(source, offset);
        self.at(source, line, col)
    }

    /// Points at a 1-based line and column in `source`, copying the line for
    /// the snippet.
    pub fn at(mut self, source: &str, line: usize, col: usize) -> Self {
        self.line = line;
        self.col = col.max(1);
        self.snippet = source.lines().nth(line.saturating_sub(1)).map(|l| snippet_of(l).to_string());
        self
    }

    /// Points at a 1-based line and column, whose text is `line_text`.
    pub fn at_line_text(mut self, line: usize, col: usize, line_text: &str) -> Self {
        self.line = line;
        self.col = col.max(1);
        self.snippet = Some(snippet_of(line_text).to_string());
        self
    }

    /// Copies the source line for the snippet, if `source` has that line.
    pub fn with_snippet_from(mut self, source: &str) -> Self {
        if self.snippet.is_none() && self.line > 0 {
            self.snippet = source.lines().nth(self.line - 1).map(|l| l.trim_end_matches('\r').to_string());
        }
        self
    }

    /// Underlines `len` characters instead of one.
    pub fn span(mut self, len: usize) -> Self {
        self.span = len.max(1);
        self
    }

    /// Adds advice on how to fix the problem.
    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// The same problem as an error: a warning that must stop a step.
    pub fn into_error_level(mut self) -> Self {
        self.level = Level::Error;
        self
    }

    /// This one problem as an error that stops a step.
    pub fn into_error(self) -> Error {
        Error::from(self.into_error_level())
    }

    /// `path:line:col`, or as much of it as is known.
    pub fn location(&self) -> String {
        let mut s = match &self.path {
            Some(p) => p.display().to_string(),
            None => String::new(),
        };
        if self.line > 0 {
            s.push_str(&format!(":{}", self.line));
            if self.col > 0 {
                s.push_str(&format!(":{}", self.col));
            }
        }
        s
    }

    /// Renders the diagnostic the way rustc does: a headline, the location, the
    /// source line with a caret under the problem, and the hint.
    pub fn render(&self, color: bool) -> String {
        let paint = |code: &str, text: &str| {
            if color { format!("\x1b[{code}m{text}\x1b[0m") } else { text.to_string() }
        };
        let (label, code) = match self.level {
            Level::Error => ("error", "1;31"),
            Level::Warning => ("warning", "1;33"),
            Level::Note => ("note", "1;36"),
        };
        let mut out = format!("{}{} {}\n", paint(code, label), paint("1", ":"), paint("1", &self.message));
        let gutter = " ".repeat(self.line.max(1).to_string().len());
        let location = self.location();
        if !location.is_empty() {
            out.push_str(&format!("{gutter}{} {location}\n", paint("1;34", "-->")));
        }
        if let Some(snippet) = &self.snippet {
            let bar = paint("1;34", "|");
            let caret_pad: String =
                snippet.chars().take(self.col.saturating_sub(1)).map(|c| if c == '\t' { '\t' } else { ' ' }).collect();
            out.push_str(&format!("{gutter} {bar}\n"));
            out.push_str(&format!("{} {bar} {snippet}\n", paint("1;34", &self.line.to_string())));
            out.push_str(&format!("{gutter} {bar} {caret_pad}{}\n", paint(code, &"^".repeat(self.span))));
        }
        if let Some(hint) = &self.hint {
            out.push_str(&format!("{gutter} {} {}: {hint}\n", paint("1;34", "="), paint("1", "help")));
        }
        out
    }
}

impl fmt::Display for Diagnostic {
    /// One line: `path:line:col: level: message`, as compilers and editors expect.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let level = match self.level {
            Level::Error => "error",
            Level::Warning => "warning",
            Level::Note => "note",
        };
        let location = self.location();
        if location.is_empty() {
            write!(f, "{level}: {}", self.message)
        } else {
            write!(f, "{location}: {level}: {}", self.message)
        }
    }
}

/// The problems that stopped a step; never empty.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error {
    /// The problems, sorted by place.
    pub diagnostics: Vec<Diagnostic>,
}

impl Error {
    /// Wraps a list of diagnostics; the list should hold at least one error.
    pub fn new(mut diagnostics: Vec<Diagnostic>) -> Self {
        diagnostics.sort_by(|a, b| (&a.path, a.line, a.col).cmp(&(&b.path, b.line, b.col)));
        diagnostics.dedup();
        Error { diagnostics }
    }

    /// Reads the source lines of diagnostics that have none (reported after a
    /// page's text was let go) from the files, relative to `root`.
    pub fn fill_snippets(mut self, root: &Path) -> Self {
        // Each file is read once and its lines found once: a page with a
        // million broken links costs a million lookups, not a million scans.
        let mut files: std::collections::HashMap<PathBuf, Option<Lines>> = std::collections::HashMap::new();
        for d in &mut self.diagnostics {
            let Some(path) = d.path.clone().filter(|_| d.snippet.is_none() && d.line > 0) else { continue };
            let lines = files
                .entry(path.clone())
                .or_insert_with(|| std::fs::read_to_string(root.join(&path)).ok().map(Lines::new));
            if let Some(lines) = lines {
                d.snippet = lines.line(d.line).map(str::to_string);
            }
        }
        self
    }

    /// Prints every diagnostic to stderr, coloured when stderr is a terminal.
    pub fn eprint(&self) {
        eprint_all(&self.diagnostics);
    }
}

impl From<Diagnostic> for Error {
    fn from(d: Diagnostic) -> Self {
        Error { diagnostics: vec![d] }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, d) in self.diagnostics.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{d}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Error {}

/// Both results, or every problem of either: for steps that run side by side.
pub fn all<A, B>(a: Result<A>, b: Result<B>) -> Result<(A, B)> {
    match (a, b) {
        (Ok(a), Ok(b)) => Ok((a, b)),
        (a, b) => {
            let mut problems = a.err().map(|e| e.diagnostics).unwrap_or_default();
            problems.extend(b.err().map(|e| e.diagnostics).unwrap_or_default());
            Err(Error::new(problems))
        }
    }
}

/// Result type of every fallible step in rajat.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Whether diagnostics on stderr should be coloured: a terminal, and no `NO_COLOR`.
pub fn stderr_color() -> bool {
    std::env::var_os("NO_COLOR").is_none() && std::io::stderr().is_terminal()
}

/// How many problems of one file are shown in full; the rest are counted.
const SHOWN_PER_FILE: usize = 25;

/// Prints diagnostics to stderr in rustc's style; past the first few of a
/// file, only how many more there are.
pub fn eprint_all(diagnostics: &[Diagnostic]) {
    let color = stderr_color();
    let mut out = String::new();
    let mut i = 0;
    while i < diagnostics.len() {
        let path = &diagnostics[i].path;
        let same = diagnostics[i..].iter().take_while(|d| &d.path == path).count();
        for d in &diagnostics[i..i + same.min(SHOWN_PER_FILE)] {
            out.push_str(&d.render(color));
            out.push('\n');
        }
        if same > SHOWN_PER_FILE {
            let file = path.as_ref().map_or_else(String::new, |p| format!(" in `{}`", p.display()));
            out.push_str(&format!("… and {} more problems{file}\n\n", same - SHOWN_PER_FILE));
        }
        i += same;
    }
    eprint!("{out}");
}

/// The lines of a text, found once, for looking many of them up.
pub struct Lines {
    text: String,
    starts: Vec<usize>,
}

impl Lines {
    /// Finds the lines of `text`.
    pub fn new(text: String) -> Lines {
        let mut starts = vec![0];
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        Lines { text, starts }
    }

    /// The 1-based line `n`, without its line break; long lines are cut.
    pub fn line(&self, n: usize) -> Option<&str> {
        let start = *self.starts.get(n.checked_sub(1)?)?;
        let end = self.starts.get(n).map_or(self.text.len(), |&e| e - 1);
        Some(snippet_of(&self.text[start..end]))
    }
}

/// A line as a snippet shows it: without `\r`, and at most 400 characters
/// (a 200 MB page on one line is shown in part).
pub fn snippet_of(line: &str) -> &str {
    let line = line.trim_end_matches('\r');
    match line.char_indices().nth(400) {
        Some((cut, _)) => &line[..cut],
        None => line,
    }
}

/// 1-based line and column (in characters) of a byte offset.
pub fn line_col(source: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(source.len());
    while !source.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &source[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

/// An I/O failure on `path`, phrased for a person.
pub fn io_error(path: &Path, action: &str, err: &std::io::Error) -> Diagnostic {
    let hint = match err.kind() {
        std::io::ErrorKind::NotFound => Some("check the path; it does not exist"),
        std::io::ErrorKind::PermissionDenied => Some("check the file's permissions"),
        _ => None,
    };
    let d = Diagnostic::error(format!("could not {action} `{}`: {err}", path.display())).in_file(path);
    match hint {
        Some(h) => d.hint(h),
        None => d,
    }
}

/// A file that is not valid UTF-8, located at the first bad byte.
pub fn utf8_error(path: &Path, err: std::string::FromUtf8Error) -> Diagnostic {
    let valid = err.utf8_error().valid_up_to();
    let bytes = err.as_bytes();
    let good = String::from_utf8_lossy(&bytes[..valid]);
    let (line, col) = line_col(&good, good.len());
    Diagnostic::error(format!("`{}` is not valid UTF-8 (byte {valid})", path.display()))
        .in_file(path)
        .at_line(line, col)
        .hint("save the file as UTF-8 in your editor")
}

/// The 1-based line of the first line in `source` that starts (after
/// indentation) with `key:`; used to point at a key of a parsed YAML document.
pub fn find_key_line(source: &str, key: &str) -> Option<(usize, usize)> {
    source.lines().enumerate().find_map(|(i, line)| {
        let trimmed = line.trim_start();
        let trimmed = trimmed.strip_prefix("- ").unwrap_or(trimmed);
        let rest = trimmed.strip_prefix(key)?;
        rest.trim_start().starts_with(':').then(|| (i + 1, line.len() - trimmed.len() + 1))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_characters_not_bytes() {
        let src = "ab\nää x";
        assert_eq!(line_col(src, 0), (1, 1));
        assert_eq!(line_col(src, 3), (2, 1));
        assert_eq!(line_col(src, src.find('x').unwrap()), (2, 4));
    }

    #[test]
    fn render_points_a_caret_at_the_column() {
        let d = Diagnostic::error("unknown key `tilte`")
            .in_file("content/a.md")
            .at("---\ntilte: x\n---\n", 2, 1)
            .span(5)
            .hint("did you mean `title`?");
        let text = d.render(false);
        assert!(text.contains("--> content/a.md:2:1"), "{text}");
        assert!(text.contains("2 | tilte: x\n  | ^^^^^"), "{text}");
        assert!(text.contains("= help: did you mean `title`?"), "{text}");
        assert_eq!(d.to_string(), "content/a.md:2:1: error: unknown key `tilte`");
    }

    #[test]
    fn non_utf8_is_located() {
        let err = String::from_utf8(b"---\ntitle: \xff\n".to_vec()).unwrap_err();
        let d = utf8_error(Path::new("content/a.md"), err);
        assert_eq!((d.line, d.col), (2, 8));
    }

    #[test]
    fn find_key_line_skips_nested_lookalikes() {
        let src = "title: x\nmenu:\n  - title: y\ntheme: z\n";
        assert_eq!(find_key_line(src, "theme"), Some((4, 1)));
        assert_eq!(find_key_line(src, "menu"), Some((2, 1)));
        assert_eq!(find_key_line(src, "nope"), None);
    }
}

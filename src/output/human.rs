//! `--format human`: a miette report per finding with the source snippet and a label under
//! the exact span. miette is fed a window of a few lines around the finding, not the whole
//! file (given the whole file it re-scans it per diagnostic: ~19 ms each on a 5 MB file),
//! so the cost per finding does not grow with the file size.

use std::collections::HashMap;
use std::fmt;
use std::io::{self, Write};
use std::path::Path;

use miette::{
    Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError, MietteSpanContents,
    SourceCode, SourceSpan, SpanContents,
};

use super::display_path;
use crate::diagnostic::{Finding, Severity};
use crate::scan::ScanResult;

/// Lines of context shown above and below the finding.
const CONTEXT: usize = 2;

/// A few lines of a file, addressed with the file's own byte offsets and line numbers.
struct Window {
    name: String,
    text: String,
    /// Byte offset of `text` in the file.
    base: usize,
    /// 0-based line number of the first line of `text`.
    first_line: usize,
}

impl SourceCode for Window {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let local = SourceSpan::new(span.offset().saturating_sub(self.base).into(), span.len());
        let inner = self.text.as_bytes().read_span(&local, before, after)?;
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            inner.data(),
            SourceSpan::new((inner.span().offset() + self.base).into(), inner.span().len()),
            inner.line() + self.first_line,
            inner.column(),
            inner.line_count(),
        )))
    }
}

struct Report<'a> {
    finding: &'a Finding,
    window: Option<Window>,
    span: Option<SourceSpan>,
}

impl fmt::Debug for Report<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.finding.message)
    }
}

impl fmt::Display for Report<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}[{}] {}", self.finding.severity, self.finding.rule_id, self.finding.message)
    }
}

impl std::error::Error for Report<'_> {}

impl Diagnostic for Report<'_> {
    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.finding.severity {
            Severity::Critical | Severity::High => miette::Severity::Error,
            Severity::Medium => miette::Severity::Warning,
            Severity::Low | Severity::Info => miette::Severity::Advice,
        })
    }
    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.finding.help.as_ref().map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }
    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.window.as_ref().map(|w| w as &dyn SourceCode)
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let span = self.span?;
        let label = match &self.finding.object_path {
            Some(p) if !p.is_empty() => format!("{} ({p})", self.finding.rule_name),
            _ => self.finding.rule_name.to_string(),
        };
        Some(Box::new(std::iter::once(LabeledSpan::new_primary_with_span(Some(label), span))))
    }
}

/// Cut the lines around `[start, end)` out of `text`.
fn window(name: String, text: &str, start: usize, end: usize, line: usize) -> Window {
    let start = start.min(text.len());
    let end = end.clamp(start, text.len());
    let mut ws = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let mut first_line = line.saturating_sub(1);
    for _ in 0..CONTEXT {
        if ws == 0 {
            break;
        }
        ws = text[..ws - 1].rfind('\n').map_or(0, |i| i + 1);
        first_line = first_line.saturating_sub(1);
    }
    let mut we = end;
    for _ in 0..=CONTEXT {
        match text[we..].find('\n') {
            Some(i) => we += i + 1,
            None => {
                we = text.len();
                break;
            }
        }
    }
    Window { name, text: text[ws..we].to_string(), base: ws, first_line }
}

pub fn write(out: &mut dyn Write, result: &ScanResult, prefix: &Path, color: bool) -> io::Result<()> {
    let theme = if color { GraphicalTheme::unicode() } else { GraphicalTheme::unicode_nocolor() };
    let handler = GraphicalReportHandler::new_themed(theme).with_width(100).with_context_lines(CONTEXT);
    // One file is read once, however many findings it has.
    let mut files: HashMap<&str, Option<String>> = HashMap::new();
    for f in &result.findings {
        let text = files
            .entry(&f.path)
            .or_insert_with(|| std::fs::read_to_string(result.root.join(&f.path)).ok())
            .as_deref();
        let name = display_path(prefix, &f.path);
        let (win, span) = match (text, f.span) {
            (Some(text), Some(s)) => {
                let (a, b) = (s.start.offset as usize, (s.end.offset as usize).max(s.start.offset as usize));
                let w = window(name, text, a, b, s.start.line as usize);
                (Some(w), Some(SourceSpan::new(a.into(), b - a)))
            }
            _ => (None, None),
        };
        let report = Report { finding: f, window: win, span };
        let mut s = String::new();
        if handler.render_report(&mut s, &report).is_err() {
            s = format!("{report}\n");
        }
        if report.window.is_none() {
            // No snippet: still say where.
            writeln!(out, "{}:", display_path(prefix, &f.path))?;
        }
        writeln!(out, "{s}")?;
    }
    Ok(())
}

//! `--format human`: a miette report per finding with the source snippet and a label under
//! the exact span. miette is fed a window of a few lines around the finding, not the whole
//! file (given the whole file it re-scans it per diagnostic: ~19 ms each on a 5 MB file),
//! so the cost per finding does not grow with the file size.

use std::borrow::Cow;
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

/// The longest line shown whole; longer lines (minified JSON, generated YAML) are cut
/// around the finding.
const MAX_LINE: usize = 200;
const KEEP_BEFORE: usize = 60;

/// A few lines of a file (long lines cut), with the file's own line numbers, and the
/// finding's true line and column for miette's header.
struct Window {
    name: String,
    text: String,
    /// 0-based line number of the first line of `text`.
    first_line: usize,
    /// (offset in `text`, 0-based line, 0-based column) of the finding's start.
    primary: (usize, usize, usize),
}

impl SourceCode for Window {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let inner = self.text.as_bytes().read_span(span, before, after)?;
        let (line, column) = if span.offset() == self.primary.0 && before == 0 && after == 0 {
            (self.primary.1, self.primary.2)
        } else {
            (inner.line() + self.first_line, inner.column())
        };
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            inner.data(),
            *inner.span(),
            line,
            column,
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

fn role_label(role: crate::diagnostic::OriginRole) -> &'static str {
    use crate::diagnostic::OriginRole::*;
    match role {
        Template => "template",
        Values => "values",
        Base => "base",
        Patch => "patch",
        Kustomization => "kustomization",
    }
}

/// Cut the lines around `[start, end)` out of `text`; returns the window and the span in
/// window coordinates.
fn window(name: String, text: &str, start: usize, end: usize, pos: (usize, usize)) -> (Window, SourceSpan) {
    let start = start.min(text.len());
    let end = end.clamp(start, text.len());
    let mut ws = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let mut first_line = pos.0;
    for _ in 0..CONTEXT {
        if ws == 0 {
            break;
        }
        ws = text[..ws - 1].rfind('\n').map_or(0, |i| i + 1);
        first_line -= 1;
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
    let mut out = String::with_capacity(we - ws);
    let (mut new_start, mut new_end) = (0, 0);
    let mut ls = ws;
    for line in text[ws..we].split_inclusive('\n') {
        let le = ls + line.len();
        let body = line.strip_suffix('\n').unwrap_or(line);
        let chars = body.chars().count();
        let out_start = out.len();
        // Byte range of `body` kept, and the bytes inserted before it.
        let (from, to, prefix) = if chars > MAX_LINE {
            let col = if (ls..=le).contains(&start) { text[ls..start].chars().count() } else { 0 };
            let from_c = col.saturating_sub(KEEP_BEFORE);
            let to_c = (from_c + MAX_LINE).min(chars);
            let byte = |c: usize| body.char_indices().nth(c).map_or(body.len(), |(i, _)| i);
            let (from, to) = (byte(from_c), byte(to_c));
            let prefix = if from > 0 { "…" } else { "" };
            out.push_str(prefix);
            out.push_str(&body[from..to]);
            if to < body.len() {
                out.push('…');
            }
            (from, to, prefix.len())
        } else {
            out.push_str(body);
            (0, body.len(), 0)
        };
        if line.ends_with('\n') {
            out.push('\n');
        }
        let map = |p: usize| out_start + prefix + (p - ls).clamp(from, to) - from;
        if (ls..=le).contains(&start) {
            new_start = map(start);
        }
        if (ls..=le).contains(&end) {
            new_end = map(end);
        }
        ls = le;
    }
    let new_end = new_end.max(new_start);
    let w = Window { name, text: out, first_line, primary: (new_start, pos.0, pos.1) };
    (w, SourceSpan::new(new_start.into(), new_end - new_start))
}

/// Replaces the bytes of `ranges` by `*` (byte for byte, so offsets and spans stay valid).
fn mask(text: &mut String, ranges: impl Iterator<Item = std::ops::Range<usize>>) {
    let mut bytes = std::mem::take(text).into_bytes();
    for r in ranges {
        let end = r.end.min(bytes.len());
        for b in &mut bytes[r.start.min(end)..end] {
            if *b != b'\n' && *b != b'\r' {
                *b = b'*';
            }
        }
    }
    *text = String::from_utf8(bytes).unwrap_or_default();
}

/// Secrets never reach the terminal: the secrets the scan found in the file are masked
/// before any window is cut, and any secret the detector finds in the window itself too (a
/// scan that ran no secret rule must not print one either).
fn mask_secrets(w: &mut Window) {
    let found: Vec<std::ops::Range<usize>> =
        crate::rules::secrets::scan_text(&w.text).into_iter().map(|m| m.span).collect();
    if !found.is_empty() {
        mask(&mut w.text, found.into_iter());
    }
}

pub fn write(out: &mut dyn Write, result: &ScanResult, prefix: &Path, color: bool) -> io::Result<()> {
    let theme = if color { GraphicalTheme::unicode() } else { GraphicalTheme::unicode_nocolor() };
    let handler = GraphicalReportHandler::new_themed(theme).with_width(100).with_context_lines(CONTEXT);
    // One file is read once, however many findings it has.
    // Read through the scan's contents: the snippet shows what was judged (the index for
    // --staged, the buffer for --stdin), not whatever is on disk now.
    let mut files: HashMap<&str, Option<Cow<'_, str>>> = HashMap::new();
    for f in &result.findings {
        let text = files
            .entry(&f.path)
            .or_insert_with(|| {
                let text = result.contents.read_to_string(&result.root.join(&f.path)).or_else(|| {
                    crate::scan::helm::read_archive_entry(&result.contents, &result.root, &f.path)
                        .map(Cow::Owned)
                })?;
                // The values the catalog's secret rules (K8S121 env, K8S122 ConfigMap) point at
                // are credentials too: mask them like the secret detector's.
                let catalog: Vec<std::ops::Range<usize>> = result
                    .findings
                    .iter()
                    .filter(|g| g.path == f.path && matches!(&*g.rule_id, "K8S121" | "K8S122"))
                    .filter_map(|g| g.span)
                    .filter_map(|s| {
                        let (start, end) = (s.start.offset as usize, s.end.offset as usize);
                        let colon = text.get(start..end)?.find(':')? + start + 1;
                        let lead = text[colon..end].len() - text[colon..end].trim_start().len();
                        Some(colon + lead..end)
                    })
                    .collect();
                match result.secret_spans.get(&f.path) {
                    Some(spans) => {
                        let mut owned = text.into_owned();
                        mask(&mut owned, spans.iter().cloned().chain(catalog));
                        Some(Cow::Owned(owned))
                    }
                    None if !catalog.is_empty() => {
                        let mut owned = text.into_owned();
                        mask(&mut owned, catalog.into_iter());
                        Some(Cow::Owned(owned))
                    }
                    None => Some(text),
                }
            })
            .as_deref();
        let name = display_path(prefix, &f.path);
        let (win, span) = match (text, f.span) {
            (Some(text), Some(s)) => {
                let pos = (s.start.line as usize - 1, s.start.column as usize - 1);
                let (mut w, span) = window(name, text, s.start.offset as usize, s.end.offset as usize, pos);
                mask_secrets(&mut w);
                (Some(w), Some(span))
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
        write!(out, "{s}")?;
        // A rendered object: the other source lines behind the node, and where it sits in
        // the rendered output (`kubegate render ...` prints it).
        for o in f.origin.iter().skip(1) {
            let (l, c) = (o.span.start.line, o.span.start.column);
            writeln!(out, "  = {}: {}:{l}:{c}", role_label(o.role), display_path(prefix, &o.path))?;
        }
        if let Some(r) = &f.rendered {
            let (l, c) = (r.span.start.line, r.span.start.column);
            writeln!(
                out,
                "  = rendered: line {l}:{c} of `kubegate render {} {}` (document {})",
                r.by,
                display_path(prefix, &r.unit),
                r.document
            )?;
        }
        writeln!(out)?;
    }
    Ok(())
}

//! `--format gitlab`: GitLab Code Quality report (a JSON array of issues), shown in merge
//! requests when a job publishes it as `artifacts:reports:codequality`. Severities map to
//! GitLab's scale: info→info, low→minor, medium→major, high→critical, critical→blocker.

use std::io::{self, Write};
use std::path::Path;

use serde::Serialize;

use super::display_path;
use crate::diagnostic::Severity;
use crate::scan::ScanResult;

#[derive(Serialize)]
struct Issue<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    description: String,
    check_name: &'a str,
    fingerprint: &'a str,
    severity: &'static str,
    categories: [&'static str; 1],
    location: Location,
}

#[derive(Serialize)]
struct Location {
    path: String,
    lines: Lines,
}

#[derive(Serialize)]
struct Lines {
    begin: u32,
    end: u32,
}

pub fn severity(s: Severity) -> &'static str {
    match s {
        Severity::Info => "info",
        Severity::Low => "minor",
        Severity::Medium => "major",
        Severity::High => "critical",
        Severity::Critical => "blocker",
    }
}

pub fn write(out: &mut dyn Write, result: &ScanResult, prefix: &Path) -> io::Result<()> {
    let issues: Vec<Issue<'_>> = result
        .findings
        .iter()
        .map(|f| {
            let (begin, end) = f.span.map_or((1, 1), |s| (s.start.line, s.end.line));
            Issue {
                kind: "issue",
                description: format!("{}[{}] {}", f.severity, f.rule_id, f.message),
                check_name: &f.rule_name,
                fingerprint: &f.fingerprint,
                severity: severity(f.severity),
                categories: ["Security"],
                location: Location { path: display_path(prefix, &f.path), lines: Lines { begin, end } },
            }
        })
        .collect();
    // A concrete buffer in front of the `dyn Write`: serde_json makes many tiny writes,
    // and through a trait object each one costs a virtual call.
    let mut buf = io::BufWriter::with_capacity(1 << 16, &mut *out);
    serde_json::to_writer_pretty(&mut buf, &issues)?;
    buf.flush()?;
    drop(buf);
    writeln!(out)
}

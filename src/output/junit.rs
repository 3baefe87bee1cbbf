//! `--format junit`: JUnit XML for CI dashboards (Jenkins, GitLab test reports). One
//! testsuite per file, one testcase per rule × resource: it passes when the rule found
//! nothing in that object and fails with every finding's `path:line:col` and message
//! otherwise. Findings about a file rather than an object (parse errors) are testcases of
//! their own. No timestamps or durations, so the bytes depend only on the input.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::{self, Write};
use std::path::Path;

use super::{display_path, resource_label};
use crate::diagnostic::{Finding, ResourceRef};
use crate::rules::REGISTRY;
use crate::scan::ScanResult;

/// Escape text for an XML attribute or element (control characters XML 1.0 forbids are dropped).
fn xml(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&apos;"),
            '\n' | '\t' | '\r' => o.push(c),
            c if (c as u32) < 0x20 => {}
            c => o.push(c),
        }
    }
    o
}

/// A testcase: (rule id, rule name, resource or none) and its findings.
type Case<'a> = (String, Option<&'a ResourceRef>, Vec<&'a Finding>);

pub fn write(out: &mut dyn Write, result: &ScanResult, prefix: &Path) -> io::Result<()> {
    // file → (resource document, rule id) → testcase
    let mut files: BTreeMap<&str, BTreeMap<(usize, String), Case<'_>>> = BTreeMap::new();
    for c in &result.checked {
        let cases = files.entry(&c.path).or_default();
        for r in REGISTRY.iter().filter(|r| result.rules.contains(&r.meta.id)) {
            let name = format!("{} {}", r.meta.id, r.meta.name);
            cases
                .insert((c.resource.document, r.meta.id.to_string()), (name, Some(&*c.resource), Vec::new()));
        }
    }
    for f in &result.findings {
        // a finding of a rendered unit belongs to the unit's testcases (its objects are
        // checked there); its message still names the source line
        let group = f.rendered.as_ref().map_or(f.path.as_str(), |r| r.unit.as_str());
        let cases = files.entry(group).or_default();
        let doc = f.resource.as_ref().map_or(usize::MAX, |r| r.document);
        cases
            .entry((doc, f.rule_id.to_string()))
            .or_insert_with(|| (format!("{} {}", f.rule_id, f.rule_name), f.resource.as_deref(), Vec::new()))
            .2
            .push(f);
    }
    let tests: usize = files.values().map(BTreeMap::len).sum();
    let failures: usize = files.values().flat_map(|c| c.values()).filter(|c| !c.2.is_empty()).count();
    writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(out, r#"<testsuites name="kubegate" tests="{tests}" failures="{failures}" errors="0">"#)?;
    for (path, cases) in &files {
        let shown = xml(&display_path(prefix, path));
        let failed = cases.values().filter(|c| !c.2.is_empty()).count();
        writeln!(
            out,
            r#"  <testsuite name="{shown}" tests="{}" failures="{failed}" errors="0" skipped="0">"#,
            cases.len()
        )?;
        for (name, resource, findings) in cases.values() {
            let what = match resource {
                Some(r) if r.kind.is_some() => format!("{name}: {}", resource_label(r)),
                _ => name.clone(),
            };
            write!(out, r#"    <testcase name="{}" classname="{shown}" file="{shown}""#, xml(&what))?;
            if findings.is_empty() {
                writeln!(out, "/>")?;
                continue;
            }
            writeln!(out, ">")?;
            let mut body = String::new();
            for f in findings {
                let (l, c) = f.span.map_or((1, 1), |s| (s.start.line, s.start.column));
                let _ = writeln!(
                    body,
                    "{}:{l}:{c}: {}[{}] {}",
                    display_path(prefix, &f.path),
                    f.severity,
                    f.rule_id,
                    f.message
                );
                if let Some(h) = &f.help {
                    let _ = writeln!(body, "help: {h}");
                }
            }
            let first = findings[0];
            let (l, c) = first.span.map_or((1, 1), |s| (s.start.line, s.start.column));
            let message = format!("{}:{l}:{c}: {}", display_path(prefix, &first.path), first.message);
            writeln!(
                out,
                r#"      <failure message="{}" type="{}">{}</failure>"#,
                xml(&message),
                first.severity,
                xml(&body)
            )?;
            writeln!(out, "    </testcase>")?;
        }
        writeln!(out, "  </testsuite>")?;
    }
    writeln!(out, "</testsuites>")
}

//! `--format sarif`: SARIF 2.1.0 for code-scanning dashboards (GitHub code scanning, Azure
//! DevOps, SonarQube). One `rule` per rule id with its descriptions and docs link; one
//! `result` per finding with its exact region (columns count Unicode code points, as ours
//! do), the fingerprint as `partialFingerprints`, and the level from the severity.
//! Hand-written structs: the subset we emit is small and the schema test keeps it valid.

use std::collections::BTreeMap;
use std::io::{self, Write};
use std::path::Path;

use serde::Serialize;

use super::{display_path, help_uri};
use crate::diagnostic::{Finding, Severity};
use crate::rules::{self, REGISTRY, RuleMeta};
use crate::scan::ScanResult;

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

#[derive(Serialize)]
struct Log<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: [Run<'a>; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run<'a> {
    tool: Tool<'a>,
    column_kind: &'static str,
    results: Vec<SarifResult<'a>>,
}

#[derive(Serialize)]
struct Tool<'a> {
    driver: Driver<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver<'a> {
    name: &'static str,
    version: &'static str,
    semantic_version: &'static str,
    information_uri: &'static str,
    rules: Vec<Rule<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Rule<'a> {
    id: &'a str,
    name: &'a str,
    short_description: Text<'a>,
    full_description: Text<'a>,
    help: Text<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    help_uri: Option<String>,
    default_configuration: Configuration,
    properties: RuleProperties,
}

#[derive(Serialize)]
struct Text<'a> {
    text: std::borrow::Cow<'a, str>,
}

#[derive(Serialize)]
struct Configuration {
    level: &'static str,
}

#[derive(Serialize)]
struct RuleProperties {
    /// GitHub code scanning sorts and filters security alerts by this (0.0–10.0, as a string).
    #[serde(rename = "security-severity")]
    security_severity: &'static str,
    tags: [&'static str; 2],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult<'a> {
    rule_id: &'a str,
    rule_index: usize,
    level: &'static str,
    message: Message<'a>,
    locations: [Location; 1],
    /// The other source lines behind a rendered node (values line, base line, ...).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related_locations: Vec<RelatedLocation<'a>>,
    partial_fingerprints: Fingerprints<'a>,
    properties: ResultProperties<'a>,
}

#[derive(Serialize)]
struct Message<'a> {
    text: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location {
    physical_location: PhysicalLocation,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct RelatedLocation<'a> {
    id: usize,
    physical_location: PhysicalLocation,
    message: Message<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    region: Option<Region>,
}

#[derive(Serialize)]
struct ArtifactLocation {
    uri: String,
    /// For a file inside a packaged Helm subchart: the entry and position in the archive.
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<OwnedText>,
}

#[derive(Serialize)]
struct OwnedText {
    text: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: u32,
    start_column: u32,
    end_line: u32,
    /// Exclusive, like ours.
    end_column: u32,
    byte_offset: u32,
    byte_length: u32,
}

#[derive(Serialize)]
struct Fingerprints<'a> {
    #[serde(rename = "kubegate/v1")]
    kubegate: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ResultProperties<'a> {
    severity: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    object_path: Option<&'a str>,
}

/// SARIF `level` of a severity.
pub fn level(s: Severity) -> &'static str {
    match s {
        Severity::Critical | Severity::High => "error",
        Severity::Medium => "warning",
        Severity::Low | Severity::Info => "note",
    }
}

fn security_severity(s: Severity) -> &'static str {
    match s {
        Severity::Critical => "9.5",
        Severity::High => "7.5",
        Severity::Medium => "5.0",
        Severity::Low => "2.5",
        Severity::Info => "0.5",
    }
}

/// Percent-encode a relative path for a URI reference (RFC 3986 unreserved and `/` kept).
fn uri_path(path: &str) -> String {
    let mut s = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            s.push(b as char);
        } else {
            s.push_str(&format!("%{b:02X}"));
        }
    }
    s
}

fn rule_of_meta(m: &'static RuleMeta) -> Rule<'static> {
    Rule {
        id: m.id,
        name: m.name,
        short_description: Text { text: m.title.into() },
        full_description: Text { text: m.rationale.into() },
        help: Text { text: m.remediation.into() },
        help_uri: Some(help_uri(m.id)),
        default_configuration: Configuration { level: level(m.severity) },
        properties: RuleProperties {
            security_severity: security_severity(m.severity),
            tags: ["security", "kubernetes"],
        },
    }
}

/// A rule without metadata (a user policy): what the finding itself says.
fn rule_of_finding(f: &Finding) -> Rule<'_> {
    Rule {
        id: &f.rule_id,
        name: &f.rule_name,
        short_description: Text { text: f.rule_name.as_ref().into() },
        full_description: Text { text: f.message.as_str().into() },
        help: Text { text: f.help.as_deref().unwrap_or("").into() },
        help_uri: None,
        default_configuration: Configuration { level: level(f.severity) },
        properties: RuleProperties {
            security_severity: security_severity(f.severity),
            tags: ["security", "kubernetes"],
        },
    }
}

fn physical(prefix: &Path, path: &str, span: Option<crate::source::yaml::Span>) -> PhysicalLocation {
    // `charts/foo-1.2.3.tgz!/foo/templates/x.yaml`: the location is the archive (the file a
    // code-scanning UI can show); the entry and its line go to the description.
    if let Some((archive, entry)) = path.split_once(crate::scan::helm::ARCHIVE_ENTRY_SEP) {
        let at = span.map(|s| format!(":{}:{}", s.start.line, s.start.column)).unwrap_or_default();
        return PhysicalLocation {
            artifact_location: ArtifactLocation {
                uri: uri_path(&display_path(prefix, archive)),
                description: Some(OwnedText {
                    text: format!("{entry}{at} inside the packaged chart {archive}"),
                }),
            },
            region: None,
        };
    }
    PhysicalLocation {
        artifact_location: ArtifactLocation { uri: uri_path(&display_path(prefix, path)), description: None },
        region: span.map(|s| Region {
            start_line: s.start.line,
            start_column: s.start.column,
            end_line: s.end.line,
            end_column: s.end.column,
            byte_offset: s.start.offset,
            byte_length: s.end.offset.saturating_sub(s.start.offset),
        }),
    }
}

fn role_text(role: crate::diagnostic::OriginRole) -> &'static str {
    use crate::diagnostic::OriginRole::*;
    match role {
        Template => "template line that wrote this node",
        Values => "values line the value came from",
        Base => "base resource line",
        Patch => "patch line that set the value",
        Kustomization => "kustomization entry that generated or changed the object",
    }
}

pub fn write(out: &mut dyn Write, result: &ScanResult, prefix: &Path) -> io::Result<()> {
    // Every rule kubegate has, plus any rule a finding names that has no metadata, by id.
    let mut by_id: BTreeMap<&str, Rule<'_>> = BTreeMap::new();
    for m in REGISTRY.iter().map(|r| &r.meta).chain(rules::core::ALL.iter().copied()) {
        by_id.insert(m.id, rule_of_meta(m));
    }
    for f in &result.findings {
        if !by_id.contains_key(f.rule_id.as_ref()) {
            // Secret rules are listed only when they report (there are over a hundred).
            let meta = rules::secrets::catalog::meta(&f.rule_id);
            by_id.insert(
                &f.rule_id,
                match meta {
                    Some(m) => rule_of_meta(m),
                    None => rule_of_finding(f),
                },
            );
        }
    }
    let index: BTreeMap<&str, usize> = by_id.keys().enumerate().map(|(i, k)| (*k, i)).collect();
    let results = result
        .findings
        .iter()
        .map(|f| SarifResult {
            rule_id: &f.rule_id,
            rule_index: index[f.rule_id.as_ref()],
            level: level(f.severity),
            message: Message { text: &f.message },
            locations: [Location { physical_location: physical(prefix, &f.path, f.span) }],
            related_locations: f
                .origin
                .iter()
                .skip(1)
                .enumerate()
                .map(|(i, o)| RelatedLocation {
                    id: i,
                    physical_location: physical(prefix, &o.path, Some(o.span)),
                    message: Message { text: role_text(o.role) },
                })
                .collect(),
            partial_fingerprints: Fingerprints { kubegate: &f.fingerprint },
            properties: ResultProperties {
                severity: f.severity.as_str(),
                object_path: f.object_path.as_deref(),
            },
        })
        .collect();
    let log = Log {
        schema: SCHEMA,
        version: "2.1.0",
        runs: [Run {
            tool: Tool {
                driver: Driver {
                    name: "kubegate",
                    version: env!("CARGO_PKG_VERSION"),
                    semantic_version: env!("CARGO_PKG_VERSION"),
                    information_uri: super::HOMEPAGE,
                    rules: by_id.into_values().collect(),
                },
            },
            column_kind: "unicodeCodePoints",
            results,
        }],
    };
    // A concrete buffer in front of the `dyn Write`: serde_json makes many tiny writes,
    // and through a trait object each one costs a virtual call.
    let mut buf = io::BufWriter::with_capacity(1 << 16, &mut *out);
    serde_json::to_writer_pretty(&mut buf, &log)?;
    buf.flush()?;
    drop(buf);
    writeln!(out)
}

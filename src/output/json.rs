//! `--format json`: the machine-readable report documented in docs/json-output.md.
//! A change of meaning bumps `version`.

use std::io::{self, Write};

use serde::Serialize;

use crate::diagnostic::{Finding, ResourceRef, Severity};
use crate::scan::ScanResult;
use crate::source::yaml::Pos;

pub const VERSION: u32 = 1;

#[derive(Serialize)]
struct Report<'a> {
    version: u32,
    tool: Tool,
    summary: Summary<'a>,
    findings: Vec<JsonFinding<'a>>,
}

#[derive(Serialize)]
struct Tool {
    name: &'static str,
    version: &'static str,
}

#[derive(Serialize)]
struct Summary<'a> {
    files: usize,
    documents: usize,
    findings: usize,
    by_severity: BySeverity,
    errors: usize,
    /// Findings covered by a suppression (they are listed, with `suppressed`, and do not fail the run).
    suppressed: usize,
    skipped: Vec<Skipped<'a>>,
    inputs: Inputs,
    /// Kustomizations built as units and the objects they built.
    kustomize: Built,
    helm: Helm,
}

#[derive(Serialize)]
struct Helm {
    charts: usize,
    renders: usize,
    failed: usize,
    objects: usize,
}

#[derive(Serialize)]
struct Built {
    units: usize,
    objects: usize,
}

#[derive(Serialize)]
struct BySeverity {
    critical: usize,
    high: usize,
    medium: usize,
    low: usize,
    info: usize,
}

#[derive(Serialize)]
struct Skipped<'a> {
    path: &'a str,
    reason: &'a str,
}

#[derive(Serialize)]
struct Inputs {
    manifests: usize,
    non_object_yaml: usize,
    kustomizations: usize,
    kustomize_inputs: usize,
    kustomize_resources: usize,
    helm_chart_files: usize,
    text: usize,
    skipped: usize,
    failed: usize,
}

#[derive(Serialize)]
struct Location {
    line: u32,
    column: u32,
    offset: u32,
}

impl From<Pos> for Location {
    fn from(p: Pos) -> Self {
        Location { line: p.line, column: p.column, offset: p.offset }
    }
}

#[derive(Serialize)]
struct JsonFinding<'a> {
    rule_id: &'a str,
    rule_name: &'a str,
    severity: &'static str,
    message: &'a str,
    path: &'a str,
    start: Option<Location>,
    end: Option<Location>,
    resource: Option<&'a ResourceRef>,
    object_path: Option<&'a str>,
    help: Option<&'a str>,
    fingerprint: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    suppressed: Option<&'a crate::suppress::Suppression>,
    /// Source lines behind a rendered node (Helm template/values, Kustomize base/patch).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    origin: Vec<JsonOrigin<'a>>,
    /// Where the node is in the unit's rendered output.
    #[serde(skip_serializing_if = "Option::is_none")]
    rendered: Option<JsonRendered<'a>>,
}

#[derive(Serialize)]
struct JsonOrigin<'a> {
    path: &'a str,
    start: Location,
    end: Location,
    role: crate::diagnostic::OriginRole,
}

#[derive(Serialize)]
struct JsonRendered<'a> {
    unit: &'a str,
    by: &'a str,
    document: usize,
    start: Location,
    end: Location,
}

fn finding(f: &Finding) -> JsonFinding<'_> {
    JsonFinding {
        rule_id: &f.rule_id,
        rule_name: &f.rule_name,
        severity: f.severity.as_str(),
        message: &f.message,
        path: &f.path,
        start: f.span.map(|s| s.start.into()),
        end: f.span.map(|s| s.end.into()),
        resource: f.resource.as_ref(),
        object_path: f.object_path.as_deref(),
        help: f.help.as_deref(),
        fingerprint: &f.fingerprint,
        suppressed: f.suppressed.as_ref(),
        origin: f
            .origin
            .iter()
            .map(|o| JsonOrigin {
                path: &o.path,
                start: o.span.start.into(),
                end: o.span.end.into(),
                role: o.role,
            })
            .collect(),
        rendered: f.rendered.as_deref().map(|r| JsonRendered {
            unit: &r.unit,
            by: r.by,
            document: r.document,
            start: r.span.start.into(),
            end: r.span.end.into(),
        }),
    }
}

pub fn write(out: &mut dyn Write, result: &ScanResult) -> io::Result<()> {
    let s = &result.summary;
    let a = &s.accounting;
    let report = Report {
        version: VERSION,
        tool: Tool { name: "kubegate", version: env!("CARGO_PKG_VERSION") },
        summary: Summary {
            files: s.files,
            documents: s.documents,
            findings: result.findings.len() - result.suppressed(),
            by_severity: {
                let by = result.count_by_severity();
                let n = |s| by.get(&s).copied().unwrap_or(0);
                BySeverity {
                    critical: n(Severity::Critical),
                    high: n(Severity::High),
                    medium: n(Severity::Medium),
                    low: n(Severity::Low),
                    info: n(Severity::Info),
                }
            },
            errors: result.errors(),
            suppressed: result.suppressed(),
            skipped: s.skipped.iter().map(|k| Skipped { path: &k.path, reason: &k.reason }).collect(),
            inputs: Inputs {
                manifests: a.manifests,
                non_object_yaml: a.non_object_yaml,
                kustomizations: a.kustomizations,
                kustomize_inputs: a.kustomize_inputs,
                kustomize_resources: a.kustomize_resources,
                helm_chart_files: a.helm_chart_files,
                text: a.text,
                skipped: a.skipped_files,
                failed: a.failed,
            },
            kustomize: Built { units: s.kustomize_units, objects: s.kustomize_objects },
            helm: Helm {
                charts: s.helm.charts,
                renders: s.helm.renders,
                failed: s.helm.failed,
                objects: s.helm.objects,
            },
        },
        findings: result.findings.iter().map(finding).collect(),
    };
    serde_json::to_writer_pretty(&mut *out, &report)?;
    writeln!(out)
}

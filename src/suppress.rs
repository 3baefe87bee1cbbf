//! Suppressions: an inline YAML comment on the offending line or the line above it
//! (`# kubegate:ignore K8S001,run-as-non-root -- reason`), or a resource annotation covering
//! the whole object (`kubegate.io/ignore`), its pod template (the same annotation on the pod
//! template's metadata) or one named container (`kubegate.io/ignore.<container>`). A reason is
//! mandatory; suppressions without one do not apply and are findings themselves, and unused
//! suppressions are reported.

use memchr::memmem;
use std::borrow::Cow;
use std::collections::BTreeSet;
use std::sync::LazyLock;

use crate::diagnostic::{Finding, fingerprint};
use crate::model::Document;
use crate::rules::{core, select};
use crate::source::yaml::{ObjPath, Pos, Span};

pub const INLINE_MARKER: &str = "kubegate:ignore";
pub const ANNOTATION: &str = "kubegate.io/ignore";

/// Whether `text` may hold a suppression: an inline marker or an annotation (both begin
/// with `kubegate`, searched for once). False means no finding in it can be suppressed.
pub fn may_suppress(text: &str) -> bool {
    static FINDER: LazyLock<memmem::Finder<'static>> = LazyLock::new(|| memmem::Finder::new("kubegate"));
    FINDER.find(text.as_bytes()).is_some()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Inline,
    Annotation,
    Config,
    /// Listed in the baseline file (`--baseline`, `kubegate baseline`).
    Baseline,
}

impl Kind {
    /// The name JSON shows (`inline`, `annotation`, `config`, `baseline`).
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Inline => "inline",
            Kind::Annotation => "annotation",
            Kind::Config => "config",
            Kind::Baseline => "baseline",
        }
    }
}

/// Why a finding is suppressed (shown in JSON as `"suppressed": {"reason", "kind"}`).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Suppression {
    pub reason: String,
    pub kind: Kind,
}

/// One suppression found in a file.
#[derive(Debug, Clone)]
struct Directive {
    rules: Vec<Cow<'static, str>>,
    reason: Option<String>,
    kind: Kind,
    /// Where it is written (for its own findings).
    span: Span,
    /// Inline: the lines it covers. Annotation: the object index and the object-path prefix.
    lines: (u32, u32),
    scope: Option<(usize, String)>,
    used: bool,
}

/// Parse `K8S001, run-as-non-root -- reason` (the reason may be missing). Policy rule ids
/// (`policy_ids`: metadata ids and `<package>.<rule>` names) are accepted as they are.
fn parse_spec(
    spec: &str,
    policy_ids: &BTreeSet<String>,
) -> Result<(Vec<Cow<'static, str>>, Option<String>), String> {
    let (rules, reason) = match spec.split_once("--") {
        Some((r, why)) => (r, Some(why.trim().to_string()).filter(|w| !w.is_empty())),
        None => (spec, None),
    };
    let mut ids = Vec::new();
    for r in rules.split([',', ' ']).map(str::trim).filter(|r| !r.is_empty()) {
        if policy_ids.contains(r) {
            ids.push(Cow::Owned(r.to_string()));
        } else {
            ids.extend(select::expand(r)?.into_iter().map(Cow::Borrowed));
        }
    }
    if ids.is_empty() {
        return Err("names no rule".into());
    }
    Ok((ids, reason))
}

/// Inline comments of a file.
fn inline_directives(
    text: &str,
    problems: &mut Vec<(Span, String)>,
    policy_ids: &BTreeSet<String>,
) -> Vec<Directive> {
    let mut out = Vec::new();
    // One search over the file; most files have no suppression at all.
    static FINDER: LazyLock<memmem::Finder<'static>> = LazyLock::new(|| memmem::Finder::new(INLINE_MARKER));
    if FINDER.find(text.as_bytes()).is_none() {
        return out;
    }
    let mut offset = 0usize;
    for (i, line) in text.split_inclusive('\n').enumerate() {
        let line_no = i as u32 + 1;
        // A `#` comment (YAML, shell, .env, properties) or a `//` one (JSON5, HCL, code).
        if let Some(at) = line.find(INLINE_MARKER)
            && let Some(hash) = line[..at].rfind('#').or_else(|| line[..at].rfind("//"))
        {
            let before = line[..hash].trim();
            let spec = line[at + INLINE_MARKER.len()..].trim();
            let col = line[..hash].chars().count() as u32 + 1;
            let span = Span {
                start: Pos { line: line_no, column: col, offset: (offset + hash) as u32 },
                end: Pos {
                    line: line_no,
                    column: line.trim_end().chars().count() as u32 + 1,
                    offset: (offset + line.trim_end().len()) as u32,
                },
            };
            // A comment alone on its line covers the next line; a trailing one its own line.
            let lines = if before.is_empty() { (line_no, line_no + 1) } else { (line_no, line_no) };
            match parse_spec(spec, policy_ids) {
                Ok((rules, reason)) => out.push(Directive {
                    rules,
                    reason,
                    kind: Kind::Inline,
                    span,
                    lines,
                    scope: None,
                    used: false,
                }),
                Err(e) => problems.push((span, format!("invalid suppression: {e}"))),
            }
        }
        offset += line.len();
    }
    out
}

fn annotation_directives(
    doc: &Document<'_>,
    problems: &mut Vec<(Span, String)>,
    policy_ids: &BTreeSet<String>,
) -> Vec<Directive> {
    let mut out = Vec::new();
    let pod = doc.pod_spec();
    // (metadata path, object-path prefix its plain annotation covers, whether container
    // annotations live there)
    let mut places =
        vec![(ObjPath::root().key("metadata"), String::new(), pod.is_some_and(|p| p.path.0.len() == 1))];
    if let Some(p) = pod.filter(|p| p.path.0.len() > 1) {
        let mut template = p.path.clone();
        template.0.pop();
        places.push((p.metadata_path(), template.to_string(), true));
    }
    for (meta_path, prefix, containers_here) in places {
        let r = doc.root.resolve(&meta_path.key("annotations"));
        if !r.exact {
            continue;
        }
        for e in r.node.as_map().unwrap_or(&[]) {
            let Some(key) = e.key.scalar_text() else { continue };
            let scope = if key == ANNOTATION {
                prefix.clone()
            } else if let Some(name) = key.strip_prefix(ANNOTATION).and_then(|k| k.strip_prefix('.')) {
                let found = pod
                    .filter(|_| containers_here)
                    .and_then(|p| p.containers().iter().find(|c| c.name == Some(name)));
                match found {
                    Some(c) => c.path.to_string(),
                    None => {
                        problems.push((e.key.span, format!("suppression names no container \"{name}\"")));
                        continue;
                    }
                }
            } else {
                continue;
            };
            let span = Span { start: e.key.span.start, end: e.value.span.end };
            match parse_spec(e.value.scalar_text().unwrap_or(""), policy_ids) {
                Ok((rules, reason)) => out.push(Directive {
                    rules,
                    reason,
                    kind: Kind::Annotation,
                    span,
                    lines: (0, 0),
                    scope: Some((doc.index, scope)),
                    used: false,
                }),
                Err(err) => problems.push((span, format!("invalid suppression: {err}"))),
            }
        }
    }
    out
}

fn path_has_prefix(path: &str, prefix: &str) -> bool {
    prefix.is_empty()
        || path == prefix
        || path.strip_prefix(prefix).is_some_and(|rest| rest.starts_with('.') || rest.starts_with('['))
}

/// Apply the suppressions written in one file to its findings. Suppressed findings get
/// `suppressed`; suppressions without a reason, invalid ones and (when `report_unused`)
/// unused ones become findings.
/// `enabled` tells whether a rule ran: a suppression of rules that did not run is not unused.
pub fn apply(
    findings: &mut Vec<Finding>,
    path: &str,
    text: &str,
    docs: &[Document<'_>],
    report_unused: bool,
    enabled: &dyn Fn(&str) -> bool,
    policy_ids: &BTreeSet<String>,
) {
    apply_inner(findings, path, text, docs, (report_unused, true), enabled, policy_ids);
}

/// The inline suppressions of a file that has no linted objects (any text file) applied to
/// its findings; unused suppressions are not reported, invalid ones only when `report_problems`.
pub fn apply_text(
    findings: &mut Vec<Finding>,
    path: &str,
    text: &str,
    report_problems: bool,
    enabled: &dyn Fn(&str) -> bool,
) {
    static NO_POLICIES: BTreeSet<String> = BTreeSet::new();
    apply_inner(findings, path, text, &[], (false, report_problems), enabled, &NO_POLICIES);
}

fn apply_inner(
    findings: &mut Vec<Finding>,
    path: &str,
    text: &str,
    docs: &[Document<'_>],
    (report_unused, report_problems): (bool, bool),
    enabled: &dyn Fn(&str) -> bool,
    policy_ids: &BTreeSet<String>,
) {
    let mut problems = Vec::new();
    let mut dirs = inline_directives(text, &mut problems, policy_ids);
    for d in docs {
        dirs.extend(annotation_directives(d, &mut problems, policy_ids));
    }
    if dirs.is_empty() && problems.is_empty() {
        return;
    }
    for f in findings.iter_mut() {
        // Findings about the input itself (core rules) cannot be suppressed.
        if f.suppressed.is_some() || core::ALL.iter().any(|m| m.id == f.rule_id) {
            continue;
        }
        let line = f.span.map_or(0, |s| s.start.line);
        let doc = f.resource.as_ref().map(|r| r.document);
        let obj = f.object_path.as_deref().unwrap_or("");
        for d in dirs.iter_mut() {
            if !d.rules.contains(&f.rule_id) {
                continue;
            }
            let hit = match &d.scope {
                None => line >= d.lines.0 && line <= d.lines.1,
                Some((idx, prefix)) => Some(*idx) == doc && path_has_prefix(obj, prefix),
            };
            if !hit {
                continue;
            }
            d.used = true;
            if let Some(reason) = &d.reason {
                f.suppressed = Some(Box::new(Suppression { reason: reason.clone(), kind: d.kind }));
                break;
            }
        }
    }
    let mut add = |meta: &'static crate::rules::RuleMeta, span: Span, message: String| {
        findings.push(Finding {
            rule_id: Cow::Borrowed(meta.id),
            rule_name: Cow::Borrowed(meta.name),
            severity: meta.severity,
            fingerprint: fingerprint(&[meta.id, path, &message]),
            message,
            path: path.to_string(),
            span: Some(span),
            resource: None,
            object_path: None,
            help: Some(Cow::Borrowed(meta.remediation)),
            suppressed: None,
            origin: Vec::new(),
            rendered: None,
        });
    };
    if !report_problems {
        return;
    }
    for (span, message) in problems {
        add(&core::SUPPRESSION_WITHOUT_REASON, span, message);
    }
    for d in &dirs {
        let names = d.rules.join(", ");
        if d.reason.is_none() {
            add(
                &core::SUPPRESSION_WITHOUT_REASON,
                d.span,
                format!("suppression of {names} gives no reason, so it does not apply"),
            );
        } else if !d.used && report_unused && d.rules.iter().any(|r| enabled(r)) {
            add(&core::UNUSED_SUPPRESSION, d.span, format!("suppression of {names} matches no finding"));
        }
    }
}

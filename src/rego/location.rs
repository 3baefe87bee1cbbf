//! From a Rego result to what a kubegate finding needs (used by `rego::scan`):
//! the rule id and severity (result fields, else the rule's `# METADATA` custom fields,
//! else `<package>.<rule>` and high/medium by rule kind), and the exact span of the node the
//! result names through `path` (keys and indices, or a dotted string), falling back to the
//! object's `metadata.name`, then `kind`, then the document.

use serde_json::{Map, Value as Json};

use super::engine::{RuleKind, rule_kind};
use crate::diagnostic::Severity;
use crate::source::yaml::{Node, ObjPath, Pos, Span};

/// The object path a result points at, from its `path` field.
pub fn result_path(md: &Map<String, Json>) -> Option<ObjPath> {
    match md.get("path")? {
        Json::String(s) => ObjPath::parse(s.strip_prefix('.').unwrap_or(s)),
        Json::Array(items) => {
            let mut p = ObjPath::root();
            for item in items {
                p = match item {
                    Json::String(k) => p.key(k),
                    Json::Number(n) => p.index(usize::try_from(n.as_u64()?).ok()?),
                    _ => return None,
                };
            }
            Some(p)
        }
        _ => None,
    }
}

/// Where a result points in its document: the span (as built-in rules show it: `key: value`
/// for a scalar, the key for a collection, the nearest present ancestor for a missing tail)
/// and the object path of the finding.
///
/// In order: the result's `path`; conftest's `_loc` (`loc`: file and line) when it names
/// this file; the object's `metadata.name`, else its `kind`, else the document's first line.
pub fn locate_result(
    root: &Node,
    text: &str,
    file: &str,
    md: &Map<String, Json>,
    loc: Option<(&str, &str)>,
) -> (Span, String) {
    if let Some(path) = result_path(md) {
        return (crate::rules::locate(root, &path, text), path.to_string());
    }
    if let Some((f, line)) = loc
        && (f.is_empty() || f == file || f.ends_with(&format!("/{file}")) || file.ends_with(&format!("/{f}")))
        && let Ok(line) = line.parse::<u32>()
        && let Some(span) = line_span(text, line)
    {
        return (span, String::new());
    }
    for fallback in ["metadata.name", "kind"] {
        let p = ObjPath::parse(fallback).unwrap_or_default();
        if root.resolve(&p).exact {
            return (crate::rules::locate(root, &p, text), fallback.to_string());
        }
    }
    (crate::rules::locate(root, &ObjPath::root(), text), String::new())
}

/// Line `line` (1-based) of `text`, from its first non-blank character to its end.
fn line_span(text: &str, line: u32) -> Option<Span> {
    let mut offset = 0usize;
    for (i, l) in text.split_inclusive('\n').enumerate() {
        if i + 1 == line as usize {
            let body = l.trim_end_matches(['\n', '\r']);
            let lead = body.len() - body.trim_start().len();
            let col = body[..lead].chars().count() as u32 + 1;
            let start = Pos { line, column: col, offset: (offset + lead) as u32 };
            let end =
                Pos { line, column: body.chars().count() as u32 + 1, offset: (offset + body.len()) as u32 };
            return Some(Span { start, end });
        }
        offset += l.len();
    }
    None
}

fn custom<'a>(annotation: Option<&'a Json>, key: &str) -> Option<&'a str> {
    annotation?.get("custom")?.get(key)?.as_str()
}

/// Rule id and severity of a result of `data.<package>.<rule>`.
pub fn rule_identity(
    package: &str,
    rule: &str,
    md: &Map<String, Json>,
    annotation: Option<&Json>,
) -> (String, Severity) {
    let id = md
        .get("id")
        .and_then(Json::as_str)
        .or_else(|| custom(annotation, "id"))
        .map(str::to_string)
        .unwrap_or_else(|| format!("{package}.{rule}"));
    let severity = md
        .get("severity")
        .and_then(Json::as_str)
        .or_else(|| custom(annotation, "severity"))
        .and_then(Severity::parse)
        .unwrap_or(match rule_kind(rule) {
            Some(RuleKind::Warning) => Severity::Medium,
            _ => Severity::High,
        });
    (id, severity)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::yaml::{Limits, load_stream};

    const DOC: &str = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n  - name: app\n    securityContext:\n      privileged: true\n";

    fn md(v: Json) -> Map<String, Json> {
        v.as_object().cloned().unwrap()
    }

    #[test]
    fn a_path_points_at_the_exact_node() {
        let s = load_stream(DOC, Limits::default());
        let root = s.docs[0].root.as_ref().unwrap();
        let p = md(serde_json::json!({"path": ["spec", "containers", 0, "securityContext", "privileged"]}));
        let (span, path) = locate_result(root, DOC, "pod.yaml", &p, None);
        assert_eq!((span.start.line, span.start.column), (9, 7));
        assert_eq!((span.end.line, span.end.column), (9, 23));
        assert_eq!(path, "spec.containers[0].securityContext.privileged");
        // A dotted string works too; a missing tail gives the nearest ancestor (its name).
        let p = md(serde_json::json!({"path": "spec.containers[0].resources.limits"}));
        let (span, path) = locate_result(root, DOC, "pod.yaml", &p, None);
        assert_eq!(path, "spec.containers[0].resources.limits");
        assert_eq!((span.start.line, span.start.column), (7, 5));
    }

    #[test]
    fn loc_names_a_line_of_this_file() {
        let s = load_stream(DOC, Limits::default());
        let root = s.docs[0].root.as_ref().unwrap();
        let (span, _) = locate_result(root, DOC, "k8s/pod.yaml", &Map::new(), Some(("pod.yaml", "8")));
        assert_eq!((span.start.line, span.start.column, span.end.column), (8, 5, 21));
        // Another file's _loc: the name line.
        let (span, path) = locate_result(root, DOC, "k8s/pod.yaml", &Map::new(), Some(("other.yaml", "8")));
        assert_eq!((span.start.line, path.as_str()), (4, "metadata.name"));
    }

    #[test]
    fn without_a_path_the_name_line_is_used() {
        let s = load_stream(DOC, Limits::default());
        let root = s.docs[0].root.as_ref().unwrap();
        let (span, path) = locate_result(root, DOC, "pod.yaml", &Map::new(), None);
        assert_eq!((span.start.line, span.start.column), (4, 3));
        assert_eq!(path, "metadata.name");
        let text = "apiVersion: v1\nkind: ConfigMap\n";
        let s = load_stream(text, Limits::default());
        let (span, path) = locate_result(s.docs[0].root.as_ref().unwrap(), text, "c.yaml", &Map::new(), None);
        assert_eq!((span.start.line, path.as_str()), (2, "kind"));
    }

    #[test]
    fn ids_and_severities_from_results_metadata_or_defaults() {
        let ann = serde_json::json!({"custom": {"id": "KGR001", "severity": "critical"}});
        assert_eq!(
            rule_identity("k8s.priv", "deny", &Map::new(), Some(&ann)),
            ("KGR001".to_string(), Severity::Critical)
        );
        assert_eq!(
            rule_identity(
                "k8s.priv",
                "deny",
                &md(serde_json::json!({"id": "X", "severity": "low"})),
                Some(&ann)
            ),
            ("X".to_string(), Severity::Low)
        );
        assert_eq!(
            rule_identity("main", "warn_tag", &Map::new(), None),
            ("main.warn_tag".to_string(), Severity::Medium)
        );
        assert_eq!(
            rule_identity("main", "violation", &Map::new(), None),
            ("main.violation".to_string(), Severity::High)
        );
    }
}

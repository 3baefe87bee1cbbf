//! From a Rego result to what a kubegate finding needs (groundwork for policies in `scan`):
//! the rule id and severity (result fields, else the rule's `# METADATA` custom fields,
//! else `<package>.<rule>` and high/medium by rule kind), and the exact span of the node the
//! result names through `path` (keys and indices, or a dotted string), falling back to the
//! object's `metadata.name`, then `kind`, then the document.

use serde_json::{Map, Value as Json};

use super::engine::{RuleKind, rule_kind};
use crate::diagnostic::Severity;
use crate::source::yaml::{Node, ObjPath, Span};

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

/// Where a result points in its document.
#[derive(Debug, Clone, PartialEq)]
pub struct Located {
    pub span: Span,
    /// The path of the node the span covers (`None` for the fallbacks).
    pub object_path: Option<String>,
    /// True when the result's whole `path` exists in the document.
    pub exact: bool,
}

/// Resolves a result's location in a document tree.
pub fn locate(root: &Node, md: &Map<String, Json>) -> Located {
    if let Some(path) = result_path(md) {
        let r = root.resolve(&path);
        if r.depth > 0 || path.0.is_empty() {
            // Point from the key (`privileged:`) to the end of its value.
            let span = match r.key {
                Some(k) if r.exact => Span { start: k.span.start, end: r.node.span.end },
                _ => r.node.span,
            };
            let shown = ObjPath(path.0[..r.depth].to_vec()).to_string();
            return Located { span, object_path: Some(shown), exact: r.exact };
        }
    }
    for fallback in ["metadata.name", "kind"] {
        let p = ObjPath::parse(fallback).unwrap_or_default();
        let r = root.resolve(&p);
        if r.exact {
            return Located { span: r.node.span, object_path: None, exact: false };
        }
    }
    Located { span: root.span, object_path: None, exact: false }
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
        let l = locate(
            root,
            &md(serde_json::json!({"path": ["spec", "containers", 0, "securityContext", "privileged"]})),
        );
        assert!(l.exact);
        assert_eq!((l.span.start.line, l.span.start.column), (9, 7));
        assert_eq!((l.span.end.line, l.span.end.column), (9, 23));
        assert_eq!(l.object_path.as_deref(), Some("spec.containers[0].securityContext.privileged"));
        // A dotted string works too; a missing tail gives the nearest ancestor.
        let l = locate(root, &md(serde_json::json!({"path": "spec.containers[0].resources.limits"})));
        assert!(!l.exact);
        assert_eq!(l.object_path.as_deref(), Some("spec.containers[0]"));
        assert_eq!(l.span.start.line, 7);
    }

    #[test]
    fn without_a_path_the_name_line_is_used() {
        let s = load_stream(DOC, Limits::default());
        let root = s.docs[0].root.as_ref().unwrap();
        let l = locate(root, &Map::new());
        assert_eq!((l.span.start.line, l.span.start.column), (4, 9));
        assert_eq!(l.object_path, None);
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

//! K8S153 invalid-label-value: a label value in the object's metadata or in an embedded
//! template's metadata (pod template, CronJob job template, StatefulSet volume claim
//! templates) is not a valid Kubernetes label value: at most 63 characters, empty or
//! starting and ending with an alphanumeric with only `-`, `_`, `.` and alphanumerics between,
//! and a string (an unquoted `true` or `8080` is rejected by the API server).

use crate::diagnostic::Severity;
use crate::model::Document;
use crate::rules::{Default, Reporter, Rule, RuleMeta};
use crate::source::yaml::{Node, ObjPath, Resolved, Seg, Value};

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "K8S153",
        name: "invalid-label-value",
        severity: Severity::High,
        default: Default::On,
        title: "Invalid label value",
        rationale: "The API server rejects the whole object when a label value is longer than 63 characters, \
                    contains characters other than alphanumerics, `-`, `_` and `.`, does not start and end with \
                    an alphanumeric, or is not a string: the GitOps sync fails.",
        remediation: "Shorten the value to 63 characters, replace other characters (`/`, spaces, `:`) with `-` or \
                      `.`, and quote values that YAML reads as booleans or numbers.",
        references: &[("kube-score", "label-values")],
    },
    check,
};

/// Why `v` is not a valid label value, if it is not.
fn value_problem(v: &str) -> Option<String> {
    if v.len() > 63 {
        return Some(format!("is {} characters long (at most 63)", v.chars().count()));
    }
    if v.is_empty() {
        return None;
    }
    let b = v.as_bytes();
    if !b.iter().all(|&c| LABEL_BYTE[usize::from(c)]) {
        return Some("may only contain alphanumerics, '-', '_' and '.'".to_string());
    }
    if !b[0].is_ascii_alphanumeric() || !b[b.len() - 1].is_ascii_alphanumeric() {
        return Some("must start and end with an alphanumeric character".to_string());
    }
    None
}

/// The bytes a label value may hold: alphanumerics, `-`, `_`, `.` (a table: every label of
/// every object is checked).
static LABEL_BYTE: [bool; 256] =
    byte_table!(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_' || b == b'.');

/// The `metadata` mappings whose labels are checked, each with the path of its parent: the
/// object's, the one next to every `spec` on the way to the pod spec
/// (`spec.template.metadata`, `spec.jobTemplate.metadata`, …), and each
/// `spec.volumeClaimTemplates[*].metadata`. Paths are built only for a finding.
fn metadata_nodes<'a>(doc: &'a Document<'_>) -> Vec<(&'a Node, Parent<'a>)> {
    let mut out = Vec::new();
    if let Some(m) = doc.root.get("metadata") {
        out.push((m, Parent::Root));
    }
    if let Some(pod) = doc.pod_spec() {
        for (k, seg) in pod.path.0.iter().enumerate() {
            if k > 0 && matches!(seg, Seg::Key(s) if s == "spec") {
                let r = doc.root.resolve_segs(&pod.path.0[..k]);
                if let Some(m) = r.node.get("metadata").filter(|_| r.exact) {
                    out.push((m, Parent::Pod(&pod.path.0[..k])));
                }
            }
        }
    }
    if let Some(vcts) =
        doc.root.get("spec").and_then(|s| s.get("volumeClaimTemplates")).and_then(Node::as_seq)
    {
        for (i, t) in vcts.iter().enumerate() {
            if let Some(m) = t.get("metadata") {
                out.push((m, Parent::ClaimTemplate(i)));
            }
        }
    }
    out
}

/// Where a checked `metadata` mapping sits.
enum Parent<'a> {
    Root,
    /// A prefix of the pod spec's path.
    Pod(&'a [Seg]),
    /// `spec.volumeClaimTemplates[i]`.
    ClaimTemplate(usize),
}

impl Parent<'_> {
    fn labels_path(&self) -> ObjPath {
        let parent = match self {
            Parent::Root => ObjPath::root(),
            Parent::Pod(segs) => ObjPath(segs.to_vec()),
            Parent::ClaimTemplate(i) => ObjPath::root().keys(&["spec", "volumeClaimTemplates"]).index(*i),
        };
        parent.keys(&["metadata", "labels"])
    }
}

fn check(doc: &Document<'_>, out: &mut Reporter<'_, '_>) {
    for (meta, parent) in metadata_nodes(doc) {
        let Some(labels) = meta.get("labels").and_then(Node::as_map) else { continue };
        for e in labels {
            let Some(key) = e.key.scalar_text() else { continue };
            let problem = match &e.value.value {
                Value::Scalar(s) => match s.resolved {
                    Resolved::Str => value_problem(&s.text),
                    Resolved::Null => None,
                    Resolved::Bool(_) => {
                        Some(format!("is read as a boolean (`{}`), not a string; quote it", s.text))
                    }
                    Resolved::Int(_) | Resolved::Float(_) => {
                        Some(format!("is read as a number (`{}`), not a string; quote it", s.text))
                    }
                },
                _ => Some("is not a string".to_string()),
            };
            if let Some(problem) = problem {
                out.report(
                    &RULE.meta,
                    &parent.labels_path().key(key),
                    None,
                    format!("{}: the value of label {key} {problem}", doc.display_name()),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::value_problem;

    #[test]
    fn label_values_follow_kubernetes() {
        for ok in ["", "a", "web", "v1.2.3", "my_app-1", "A.b-C_9", &"x".repeat(63)] {
            assert_eq!(value_problem(ok), None, "{ok}");
        }
        for bad in ["-a", "a-", ".a", "a_", "a/b", "a b", "a:b", &"x".repeat(64)] {
            assert!(value_problem(bad).is_some(), "{bad}");
        }
    }
}

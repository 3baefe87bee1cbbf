//! K8S154 selector-mismatch: a controller's `spec.selector` is missing or empty, or does not
//! select its own pod template's labels (`spec.template.metadata.labels`). Each failing
//! `matchLabels` entry or `matchExpressions` term is reported where it is written.

use crate::diagnostic::Severity;
use crate::model::Document;
use crate::rules::{Default, Reporter, Rule, RuleMeta};
use crate::source::yaml::{Node, ObjPath};

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "K8S154",
        name: "selector-mismatch",
        severity: Severity::High,
        default: Default::On,
        title: "Selector does not match template labels",
        rationale: "A controller manages the pods its selector matches. The API server rejects a Deployment, \
                    StatefulSet, DaemonSet, ReplicaSet or Job whose selector does not select its own template (and \
                    an apps/v1 one without a selector); the GitOps sync fails.",
        remediation: "Make `spec.selector` select labels that `spec.template.metadata.labels` sets (usually the \
                      same `matchLabels`).",
        references: &[
            ("kube-linter", "mismatching-selector"),
            ("kube-score", "deployment-pod-selector-labels-match-template-metadata-labels"),
            ("kube-score", "statefulset-pod-selector-labels-match-template-metadata-labels"),
        ],
    },
    check,
};

fn check(doc: &Document<'_>, out: &mut Reporter<'_, '_>) {
    let kind = doc.kind();
    let label_selector = match kind {
        "Deployment" | "StatefulSet" | "DaemonSet" | "ReplicaSet" | "Job" => true,
        "DeploymentConfig" => false,
        _ => return,
    };
    let Some(spec) = doc.root.get("spec") else { return };
    let Some(template) = spec.get("template").filter(|t| t.as_map().is_some()) else { return };
    let labels = template.get("metadata").and_then(|m| m.get("labels"));
    let label = |k: &str| labels.and_then(|l| l.get(k)).and_then(Node::scalar_text);
    let sel_path = ObjPath::root().keys(&["spec", "selector"]);
    let name = doc.display_name();
    let selector = spec.get("selector").filter(|n| !n.is_null());

    let Some(selector) = selector else {
        // apps/v1 requires a selector; Jobs generate one; older API versions and
        // DeploymentConfigs default it to the template labels.
        if label_selector && kind != "Job" && doc.identity.api_version.as_deref() == Some("apps/v1") {
            out.report_with_help(
                &RULE.meta,
                &sel_path,
                None,
                format!("{name} has no spec.selector (required by apps/v1)"),
                "Add under `spec:` a `selector.matchLabels` with the labels of `spec.template.metadata.labels`."
                    .to_string(),
            );
        }
        return;
    };

    let (match_labels, ml_path) = if label_selector {
        (selector.get("matchLabels"), sel_path.key("matchLabels"))
    } else {
        (Some(selector), sel_path.clone())
    };
    let ml = match_labels.and_then(Node::as_map).unwrap_or(&[]);
    let exprs = if label_selector { selector.get("matchExpressions").and_then(Node::as_seq) } else { None };
    let exprs = exprs.unwrap_or(&[]);
    if ml.is_empty() && exprs.is_empty() {
        if !label_selector {
            return; // a DeploymentConfig's empty selector defaults to the template labels
        }
        out.report(
            &RULE.meta,
            &sel_path,
            None,
            format!("{name} has an empty selector: it would select every pod of the namespace (rejected by the API)"),
        );
        return;
    }
    for e in ml {
        let Some(k) = e.key.scalar_text() else { continue };
        let want = e.value.scalar_text().unwrap_or("");
        let found = match label(k) {
            Some(have) if have == want => continue,
            Some(have) => format!("the template has {k}={have}"),
            None => format!("the template has no label {k}"),
        };
        out.report(
            &RULE.meta,
            &ml_path.key(k),
            None,
            format!("{name}: selector {k}={want} does not match its pod template ({found})"),
        );
    }
    let base = sel_path.key("matchExpressions");
    for (i, x) in exprs.iter().enumerate() {
        let Some(key) = x.get("key").and_then(Node::scalar_text) else { continue };
        let op = x.get("operator").and_then(Node::scalar_text).unwrap_or("");
        let values: Vec<&str> = x
            .get("values")
            .and_then(Node::as_seq)
            .unwrap_or(&[])
            .iter()
            .filter_map(Node::scalar_text)
            .collect();
        let have = label(key);
        // An unknown operator is a schema error.
        let Some(ok) = super::labels::expression_holds(op, have, &values) else { continue };
        if !ok {
            let found = match have {
                Some(v) => format!("the template has {key}={v}"),
                None => format!("the template has no label {key}"),
            };
            out.report(
                &RULE.meta,
                &base.index(i).key("key"),
                None,
                format!("{name}: selector term `{key} {op}{}` does not match its pod template ({found})", {
                    if values.is_empty() { String::new() } else { format!(" [{}]", values.join(", ")) }
                }),
            );
        }
    }
}

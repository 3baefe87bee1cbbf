//! K8S077 no-node-affinity: the pod constrains its nodes neither by
//! `affinity.nodeAffinity` nor by a non-empty `nodeSelector`.

use crate::diagnostic::Severity;
use crate::model::Document;
use crate::rules::{Default, Reporter, Rule, RuleMeta};
use crate::source::yaml::Node;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "K8S077",
        name: "no-node-affinity",
        severity: Severity::Info,
        default: Default::OptIn,
        title: "No node affinity",
        rationale: "Without node affinity the pod can land on any node, including nodes meant for other tenants, \
                    GPUs or the control plane (when tolerated). A `nodeSelector` expresses the same constraint and \
                    is accepted (kube-linter flags it).",
        remediation: "Add `spec.affinity.nodeAffinity` (or a `nodeSelector`) naming the node pool the workload \
                      belongs to.",
        references: &[("kube-linter", "no-node-affinity")],
    },
    check,
};

fn check(doc: &Document<'_>, out: &mut Reporter<'_, '_>) {
    let Some(pod) = doc.pod_spec() else { return };
    let affinity = pod.node.get("affinity").and_then(|a| a.get("nodeAffinity")).is_some_and(|n| !n.is_null());
    let selector = pod.node.get("nodeSelector").and_then(Node::as_map).is_some_and(|m| !m.is_empty());
    if affinity || selector {
        return;
    }
    out.report(
        &RULE.meta,
        &pod.path.keys(&["affinity", "nodeAffinity"]),
        None,
        format!("the pod of {} has no node affinity or nodeSelector", doc.display_name()),
    );
}

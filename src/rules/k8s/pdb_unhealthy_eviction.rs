//! K8S093 pdb-unhealthy-eviction: a PodDisruptionBudget sets no
//! `spec.unhealthyPodEvictionPolicy`.

use crate::diagnostic::Severity;
use crate::model::Document;
use crate::rules::{Default, Reporter, Rule, RuleMeta};
use crate::source::yaml::ObjPath;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "K8S093",
        name: "pdb-unhealthy-eviction",
        severity: Severity::Info,
        default: Default::OptIn,
        title: "PDB unhealthyPodEvictionPolicy unset",
        rationale: "With the default policy (IfHealthyBudget) pods that are Running but not Ready can only be \
                    evicted while the budget is met, so a crash-looping replica can block every node drain. \
                    `AlwaysAllow` lets unhealthy pods go.",
        remediation: "Set `spec.unhealthyPodEvictionPolicy: AlwaysAllow` (Kubernetes 1.27+), or `IfHealthyBudget` \
                      explicitly if that is intended.",
        references: &[("kube-linter", "pdb-unhealthy-pod-eviction-policy")],
    },
    check,
};

fn check(doc: &Document<'_>, out: &mut Reporter<'_, '_>) {
    if doc.kind() != "PodDisruptionBudget" {
        return;
    }
    if doc.root.get("spec").and_then(|s| s.get("unhealthyPodEvictionPolicy")).is_some_and(|n| !n.is_null()) {
        return;
    }
    out.report(
        &RULE.meta,
        &ObjPath::root().keys(&["spec", "unhealthyPodEvictionPolicy"]),
        None,
        format!("{} sets no unhealthyPodEvictionPolicy", doc.display_name()),
    );
}

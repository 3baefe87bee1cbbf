//! K8S090 no-pod-disruption-budget: a Deployment or StatefulSet whose pods no
//! PodDisruptionBudget of the unit selects (cross-object; only in a unit declared complete).

use crate::diagnostic::Severity;
use crate::rules::cross::{CrossCheck, Unit, finding};
use crate::rules::{Default, Rule, RuleMeta};

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "K8S090",
        name: "no-pod-disruption-budget",
        severity: Severity::Low,
        default: Default::OptIn,
        title: "Workload without PodDisruptionBudget",
        rationale: "Without a PodDisruptionBudget, a node drain or cluster upgrade may evict every replica of a \
                    Deployment or StatefulSet at once. A PDB counts when its selector matches the pod template's \
                    labels in the same namespace. Cross-object: reported only when the config declares the unit \
                    complete (`cross-object.complete`), since the budget could be deployed elsewhere; workloads \
                    with `replicas: 0` or 1 are still reported (a budget documents the intent).",
        remediation: "Add a PodDisruptionBudget whose `spec.selector` matches the pod template's labels, with \
                      `maxUnavailable: 1` (or a `minAvailable` below the replica count).",
        references: &[
            ("polaris", "missingPodDisruptionBudget"),
            ("kube-score", "deployment-has-poddisruptionbudget"),
            ("kube-score", "statefulset-has-poddisruptionbudget"),
        ],
    },
    check: crate::rules::cross::per_unit_only,
};

pub static CROSS: CrossCheck = CrossCheck { meta: &RULE.meta, check };

fn check(unit: &Unit<'_>, out: &mut Vec<crate::diagnostic::Finding>) {
    if !unit.complete {
        return;
    }
    for w in unit.objects.iter().filter(|o| matches!(o.kind(), "Deployment" | "StatefulSet")) {
        let Some(labels) = &w.pod_labels else { continue };
        let covered = unit
            .same_namespace(w, "PodDisruptionBudget")
            .any(|pdb| pdb.selector.as_deref().is_some_and(|(sel, _)| sel.matches(labels)));
        if !covered {
            out.push(finding(
                &RULE.meta,
                w,
                &w.name_ref,
                format!(
                    "{} {} has no PodDisruptionBudget selecting its pods in this unit",
                    w.kind(),
                    w.name()
                ),
            ));
        }
    }
}

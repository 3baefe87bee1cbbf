//! K8S135 pod-not-isolated: a workload's pods are selected by no NetworkPolicy of the unit,
//! so all traffic to and from them is allowed (cross-object; only in a unit declared complete).

use crate::diagnostic::Severity;
use crate::rules::cross::{CrossCheck, Unit, finding};
use crate::rules::{Default, Rule, RuleMeta};

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "K8S135",
        name: "pod-not-isolated",
        severity: Severity::Low,
        default: Default::OptIn,
        title: "Pod not selected by any NetworkPolicy",
        rationale: "Pods that no NetworkPolicy selects accept traffic from every pod of the cluster and may reach \
                    anything: one compromised workload can move laterally. A policy counts when its \
                    `podSelector` matches the pod template's labels in the same namespace (an empty selector \
                    `{}` selects every pod); whether it restricts ingress, egress or both is not judged (Polaris \
                    also wants both). Cross-object: reported only when the config declares the unit complete \
                    (`cross-object.complete`), since a namespace-wide default-deny policy often lives elsewhere.",
        remediation: "Add a NetworkPolicy that selects these pods (or a default-deny policy with `podSelector: {}` \
                      for the namespace) and allows only the traffic they need.",
        references: &[
            ("kube-linter", "non-isolated-pod"),
            ("checkov", "CKV2_K8S_6"),
            ("polaris", "missingNetworkPolicy"),
            ("kube-score", "pod-networkpolicy"),
        ],
    },
    check: crate::rules::cross::per_unit_only,
};

pub static CROSS: CrossCheck = CrossCheck { meta: &RULE.meta, check };

fn check(unit: &Unit<'_>, out: &mut Vec<crate::diagnostic::Finding>) {
    if !unit.complete {
        return;
    }
    for w in unit.objects {
        let Some(labels) = &w.pod_labels else { continue };
        let isolated = unit
            .same_namespace(w, "NetworkPolicy")
            .any(|np| np.selector.as_deref().is_some_and(|(sel, _)| sel.matches(labels)));
        if !isolated {
            out.push(finding(
                &RULE.meta,
                w,
                &w.name_ref,
                format!("{} {}: no NetworkPolicy of this unit selects its pods", w.kind(), w.name()),
            ));
        }
    }
}

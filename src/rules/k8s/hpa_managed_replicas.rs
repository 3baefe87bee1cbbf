//! K8S098 hpa-managed-replicas: a Deployment or StatefulSet that an HPA of the same unit
//! scales also sets `spec.replicas`, so every apply resets the autoscaler's choice.

use crate::diagnostic::Severity;
use crate::rules::cross::{Autoscalers, CrossCheck, Unit, finding};
use crate::rules::{Default, Rule, RuleMeta};

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "K8S098",
        name: "hpa-managed-replicas",
        severity: Severity::Low,
        default: Default::On,
        title: "HPA-managed workload sets spec.replicas",
        rationale: "When a HorizontalPodAutoscaler manages a workload, a `spec.replicas` in git makes every sync \
                    (kubectl apply, Argo CD, Flux) scale the workload back to that number until the autoscaler \
                    reacts again. Cross-object: reported when the autoscaler and the workload are in one unit.",
        remediation: "Remove `spec.replicas` from the workload and let the HorizontalPodAutoscaler own it.",
        references: &[("kube-score", "deployment-targeted-by-hpa-does-not-have-replicas-configured")],
    },
    check: crate::rules::cross::per_unit_only,
};

pub static CROSS: CrossCheck = CrossCheck { meta: &RULE.meta, check };

fn check(unit: &Unit<'_>, out: &mut Vec<crate::diagnostic::Finding>) {
    let autoscalers = Autoscalers::of(unit);
    if autoscalers.is_empty() {
        return;
    }
    for w in unit.objects {
        let Some(replicas) = &w.replicas else { continue };
        if let Some(hpa) = autoscalers.scaling(w).next() {
            out.push(finding(
                &RULE.meta,
                w,
                replicas,
                format!(
                    "{} {} sets spec.replicas but HorizontalPodAutoscaler {} scales it",
                    w.kind(),
                    w.name(),
                    hpa.name()
                ),
            ));
        }
    }
}

//! K8S097 hpa-target-missing: a HorizontalPodAutoscaler's `scaleTargetRef` names no object
//! of the unit (cross-object; only in a unit declared complete).

use crate::diagnostic::Severity;
use crate::rules::cross::{CrossCheck, Unit, finding};
use crate::rules::{Default, Rule, RuleMeta};

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "K8S097",
        name: "hpa-target-missing",
        severity: Severity::Low,
        default: Default::OptIn,
        title: "HPA target missing",
        rationale: "An autoscaler whose `scaleTargetRef` names no Deployment, StatefulSet or other scalable object \
                    scales nothing: usually a renamed workload or a typo. Cross-object: judged within one unit (a \
                    directory of manifests, a rendered chart, a built overlay) and only when the config declares the \
                    unit complete (`cross-object.complete`), since the target could be deployed elsewhere.",
        remediation: "Point `spec.scaleTargetRef` at the workload's kind and name, or remove the autoscaler.",
        references: &[
            ("kube-linter", "dangling-horizontalpodautoscaler"),
            ("kube-score", "horizontalpodautoscaler-has-target"),
        ],
    },
    check: crate::rules::cross::per_unit_only,
};

pub static CROSS: CrossCheck = CrossCheck { meta: &RULE.meta, check };

fn check(unit: &Unit<'_>, out: &mut Vec<crate::diagnostic::Finding>) {
    if !unit.complete {
        return;
    }
    for hpa in unit.objects {
        let Some((kind, name, at)) = hpa.scale_target.as_deref() else { continue };
        if name.contains("{{") || name.contains("${") {
            continue;
        }
        let found = unit.same_namespace(hpa, kind).any(|o| o.name() == *name);
        if !found {
            out.push(finding(
                &RULE.meta,
                hpa,
                at,
                format!(
                    "HorizontalPodAutoscaler {} targets {kind} {name}, which is not in this unit",
                    hpa.name()
                ),
            ));
        }
    }
}

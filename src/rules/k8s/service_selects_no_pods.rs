//! K8S132 service-selects-no-pods: a Service's selector matches the pod labels of no
//! workload of the unit (cross-object; only in a unit declared complete).

use crate::diagnostic::Severity;
use crate::rules::cross::{CrossCheck, Unit, finding};
use crate::rules::{Default, Rule, RuleMeta};

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "K8S132",
        name: "service-selects-no-pods",
        severity: Severity::Low,
        default: Default::OptIn,
        title: "Service selects no pods",
        rationale: "A Service whose selector matches no pod has no endpoints: connections to it fail. Usually \
                    a label renamed on one side only. `ExternalName` Services and Services without a selector \
                    (endpoints managed by hand or by a controller) are not judged. Cross-object: judged within one \
                    unit, over every pod template (Argo Rollouts and other pod-template kinds included), and only \
                    when the config declares the unit complete (`cross-object.complete`).",
        remediation: "Make `spec.selector` match the pod template labels of the workload it fronts.",
        references: &[("kube-linter", "dangling-service"), ("kube-score", "service-targets-pod")],
    },
    check: crate::rules::cross::per_unit_only,
};

pub static CROSS: CrossCheck = CrossCheck { meta: &RULE.meta, check };

fn check(unit: &Unit<'_>, out: &mut Vec<crate::diagnostic::Finding>) {
    if !unit.complete {
        return;
    }
    for svc in unit.objects.iter().filter(|o| o.kind() == "Service") {
        if svc.service_type.as_deref() == Some("ExternalName") {
            continue;
        }
        let Some((sel, at)) = svc.selector.as_deref() else { continue };
        if sel.is_empty_equality() || sel.is_templated() {
            continue;
        }
        let selected = unit.selects_any_pod(sel, svc);
        if !selected {
            out.push(finding(
                &RULE.meta,
                svc,
                at,
                format!("Service {} selects no pod of this unit", svc.name()),
            ));
        }
    }
}

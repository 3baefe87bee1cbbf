//! K8S136 network-policy-selects-nothing: a NetworkPolicy's `podSelector` matches no pod
//! template of the unit (cross-object; only in a unit declared complete).

use crate::diagnostic::Severity;
use crate::rules::cross::{CrossCheck, Unit, finding};
use crate::rules::{Default, Rule, RuleMeta};

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "K8S136",
        name: "network-policy-selects-nothing",
        severity: Severity::Low,
        default: Default::OptIn,
        title: "NetworkPolicy selects nothing",
        rationale: "A NetworkPolicy whose podSelector matches no pod isolates nothing: the traffic it was meant to \
                    restrict flows freely. An empty podSelector (`{}`) selects every pod of the namespace and is \
                    never reported. Cross-object: judged within one unit and only when the config declares it \
                    complete (`cross-object.complete`).",
        remediation: "Make `spec.podSelector` match the labels of the pods it should isolate.",
        references: &[("kube-linter", "dangling-networkpolicy"), ("kube-score", "networkpolicy-targets-pod")],
    },
    check: crate::rules::cross::per_unit_only,
};

pub static CROSS: CrossCheck = CrossCheck { meta: &RULE.meta, check };

fn check(unit: &Unit<'_>, out: &mut Vec<crate::diagnostic::Finding>) {
    if !unit.complete {
        return;
    }
    for np in unit.objects.iter().filter(|o| o.kind() == "NetworkPolicy") {
        let Some((sel, at)) = np.selector.as_deref() else { continue };
        if sel.is_templated() {
            continue;
        }
        let selected = unit.selects_any_pod(sel, np);
        if !selected {
            out.push(finding(
                &RULE.meta,
                np,
                at,
                format!("NetworkPolicy {} selects no pod of this unit", np.name()),
            ));
        }
    }
}

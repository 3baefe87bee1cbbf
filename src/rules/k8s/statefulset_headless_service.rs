//! K8S083 statefulset-no-headless-service: a StatefulSet's `spec.serviceName` names no
//! headless Service of the unit that selects its pods (cross-object; a missing Service only
//! in a unit declared complete).

use crate::diagnostic::Severity;
use crate::rules::cross::{CrossCheck, Unit, finding};
use crate::rules::{Default, Rule, RuleMeta};

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "K8S083",
        name: "statefulset-no-headless-service",
        severity: Severity::Low,
        default: Default::OptIn,
        title: "StatefulSet serviceName without headless Service",
        rationale: "A StatefulSet's pods get their stable DNS names (`web-0.web.ns.svc`) from the headless \
                    Service named by `spec.serviceName`: without one, or when that Service has a cluster IP or \
                    does not select the pods, peers cannot find each other by name. A Service of that name that \
                    is not headless, or whose selector misses the pod template's labels, is reported whenever it \
                    is in the unit; a missing Service only when the config declares the unit complete \
                    (`cross-object.complete`), since it could be deployed elsewhere.",
        remediation: "Add a Service named like `spec.serviceName` with `clusterIP: None` whose selector matches the \
                      pod template's labels (or fix `serviceName`).",
        references: &[("kube-score", "statefulset-has-servicename")],
    },
    check: crate::rules::cross::per_unit_only,
};

pub static CROSS: CrossCheck = CrossCheck { meta: &RULE.meta, check };

fn check(unit: &Unit<'_>, out: &mut Vec<crate::diagnostic::Finding>) {
    for sts in unit.objects.iter().filter(|o| o.kind() == "StatefulSet") {
        let Some((name, at)) = sts.service_name.as_deref() else { continue };
        if name.is_empty() || name.contains("{{") || name.contains("${") {
            continue;
        }
        let labels = sts.pod_labels.clone().unwrap_or_default();
        let named: Vec<_> = unit.same_namespace(sts, "Service").filter(|s| s.name() == *name).collect();
        let problem = if named.is_empty() {
            if !unit.complete {
                continue;
            }
            "which is not in this unit".to_string()
        } else if named.iter().any(|s| {
            s.cluster_ip.as_deref() == Some("None")
                && s.selector.as_deref().is_some_and(|(sel, _)| sel.is_templated() || sel.matches(&labels))
        }) {
            continue;
        } else if named.iter().all(|s| s.cluster_ip.as_deref() != Some("None")) {
            "which is not headless (set `clusterIP: None`)".to_string()
        } else {
            "whose selector does not match the pod template's labels".to_string()
        };
        out.push(finding(
            &RULE.meta,
            sts,
            at,
            format!("StatefulSet {} names Service {name} in serviceName, {problem}", sts.name()),
        ));
    }
}

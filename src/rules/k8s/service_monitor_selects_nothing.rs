//! K8S137 service-monitor-selects-nothing: a Prometheus Operator ServiceMonitor whose
//! `selector` and `namespaceSelector` match no Service of the unit (cross-object; only in a
//! unit declared complete).

use crate::diagnostic::Severity;
use crate::rules::cross::{CrossCheck, Unit, finding};
use crate::rules::{Default, Rule, RuleMeta};

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "K8S137",
        name: "service-monitor-selects-nothing",
        severity: Severity::Low,
        default: Default::OptIn,
        title: "ServiceMonitor selects no Service",
        rationale: "A ServiceMonitor that selects no Service scrapes nothing: the dashboards and alerts built on its \
                    metrics go silent. It selects the Services whose `metadata.labels` match `spec.selector`, in \
                    its own namespace unless `spec.namespaceSelector` says `any: true` or lists `matchNames`. A \
                    Service without a namespace may be in any. Cross-object: reported only when the config \
                    declares the unit complete (`cross-object.complete`).",
        remediation: "Make `spec.selector` match the labels of the Service (not of its pods), and \
                      `spec.namespaceSelector` name the Service's namespace.",
        references: &[("kube-linter", "dangling-servicemonitor")],
    },
    check: crate::rules::cross::per_unit_only,
};

pub static CROSS: CrossCheck = CrossCheck { meta: &RULE.meta, check };

fn check(unit: &Unit<'_>, out: &mut Vec<crate::diagnostic::Finding>) {
    if !unit.complete {
        return;
    }
    for sm in unit.objects.iter().filter(|o| o.kind() == "ServiceMonitor") {
        let Some(m) = sm.monitor.as_deref() else { continue };
        if m.selector.is_templated() {
            continue;
        }
        let in_namespace = |svc: &crate::rules::cross::Facts| {
            if m.any_namespace {
                return true;
            }
            match (svc.namespace(), m.match_names.is_empty()) {
                (None, _) => true,
                (Some(ns), false) => m.match_names.iter().any(|n| n == ns),
                (Some(_), true) => crate::rules::cross::namespaces_may_match(svc.namespace(), sm.namespace()),
            }
        };
        let selected = unit
            .objects
            .iter()
            .any(|svc| svc.kind() == "Service" && in_namespace(svc) && m.selector.matches(&svc.labels));
        if !selected {
            let scope = if m.any_namespace {
                "in any namespace".to_string()
            } else if !m.match_names.is_empty() {
                format!("in namespaces {}", m.match_names.join(", "))
            } else {
                "in its namespace".to_string()
            };
            out.push(finding(
                &RULE.meta,
                sm,
                &m.at,
                format!("ServiceMonitor {} selects no Service of this unit {scope}", sm.name()),
            ));
        }
    }
}

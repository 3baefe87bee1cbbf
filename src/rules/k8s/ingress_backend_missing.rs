//! K8S134 ingress-backend-missing: an Ingress backend names a Service (or a port of it)
//! that the unit does not have (cross-object; only in a unit declared complete).

use crate::diagnostic::Severity;
use crate::rules::cross::facts::Port;
use crate::rules::cross::{CrossCheck, Unit, finding};
use crate::rules::{Default, Rule, RuleMeta};

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "K8S134",
        name: "ingress-backend-missing",
        severity: Severity::Low,
        default: Default::OptIn,
        title: "Ingress backend Service missing",
        rationale: "An Ingress path whose backend Service (or port) does not exist answers 503. Cross-object: \
                    judged within one unit and only when the config declares it complete (`cross-object.complete`).",
        remediation: "Point the backend at an existing Service name and one of its ports (number or name).",
        references: &[("kube-linter", "dangling-ingress"), ("kube-score", "ingress-targets-service")],
    },
    check: crate::rules::cross::per_unit_only,
};

pub static CROSS: CrossCheck = CrossCheck { meta: &RULE.meta, check };

fn check(unit: &Unit<'_>, out: &mut Vec<crate::diagnostic::Finding>) {
    if !unit.complete {
        return;
    }
    for ing in unit.objects.iter().filter(|o| o.kind() == "Ingress") {
        for b in &ing.backends {
            let (name, port) = (&b.service, &b.port);
            if name.contains("{{") || name.contains("${") {
                continue;
            }
            let Some(svc) = unit.same_namespace(ing, "Service").find(|s| s.name() == *name) else {
                out.push(finding(
                    &RULE.meta,
                    ing,
                    &b.name_ref,
                    format!("Ingress {} routes to Service {name}, which is not in this unit", ing.name()),
                ));
                continue;
            };
            let has_port = match port {
                None => true,
                Some(Port::Number(n)) => svc.service_ports.iter().any(|(_, p)| *p == Some(*n)),
                Some(Port::Name(n)) => {
                    svc.service_ports.iter().any(|(p, _)| p.as_deref() == Some(n.as_str()))
                }
            };
            if !has_port {
                let shown = match port {
                    Some(Port::Number(n)) => n.to_string(),
                    Some(Port::Name(n)) => n.clone(),
                    None => String::new(),
                };
                out.push(finding(
                    &RULE.meta,
                    ing,
                    &b.port_ref,
                    format!(
                        "Ingress {} routes to port {shown} of Service {name}, which has no such port",
                        ing.name()
                    ),
                ));
            }
        }
    }
}

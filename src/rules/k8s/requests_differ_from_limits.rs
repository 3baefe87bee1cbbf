//! K8S054 requests-differ-from-limits: a container sets both a request and a limit for cpu
//! or memory and they are different amounts, so the pod is not in the Guaranteed QoS class.
//! Quantities are compared by amount (`1` equals `1000m`, `1Gi` equals `1024Mi`); a limit
//! without a request is not reported (Kubernetes then sets the request to the limit).

use super::resources::{quantity, same_quantity};
use crate::diagnostic::Severity;
use crate::model::{ContainerKind, Document};
use crate::rules::{Default, Reporter, Rule, RuleMeta};
use crate::source::yaml::Node;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "K8S054",
        name: "requests-differ-from-limits",
        severity: Severity::Info,
        default: Default::OptIn,
        title: "Requests differ from limits",
        rationale: "A pod is Guaranteed only when every container's requests equal its limits for cpu and memory; \
                    Guaranteed pods are evicted last under node pressure and can get exclusive CPUs. A missing \
                    limit is K8S052/K8S053's finding.",
        remediation: "Set `resources.requests` to the same amounts as `resources.limits` (or omit the requests, \
                      which then default to the limits).",
        references: &[
            ("kube-score", "container-resource-requests-equal-limits"),
            ("kube-score", "container-cpu-requests-equal-limits"),
            ("kube-score", "container-memory-requests-equal-limits"),
        ],
    },
    check,
};

fn check(doc: &Document<'_>, out: &mut Reporter<'_, '_>) {
    let Some(pod) = doc.pod_spec() else { return };
    for c in pod.containers() {
        if c.kind == ContainerKind::Ephemeral {
            continue;
        }
        let resources = c.node.get("resources");
        let get = |section: &str, r: &str| -> Option<&Node> { resources?.get(section)?.get(r) };
        for r in ["cpu", "memory"] {
            let (Some(req), Some(lim)) = (get("requests", r), get("limits", r)) else { continue };
            let (Some(a), Some(b)) = (quantity(req), quantity(lim)) else { continue };
            if same_quantity(a, b) {
                continue;
            }
            out.report(
                &RULE.meta,
                &c.path.keys(&["resources", "requests", r]),
                None,
                format!(
                    "{} of {}: {r} request {} differs from its limit {}",
                    c.describe(),
                    doc.display_name(),
                    req.scalar_text().unwrap_or("?"),
                    lim.scalar_text().unwrap_or("?")
                ),
            );
        }
    }
}

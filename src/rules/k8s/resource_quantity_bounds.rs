//! K8S056 resource-quantity-out-of-bounds: a container's CPU or memory request or limit is
//! below or above the bounds the config sets
//! (`rules.params.resource-quantity-out-of-bounds`), compared exactly as quantities.

use crate::diagnostic::Severity;
use crate::model::Document;
use crate::model::quantity::nanos;
use crate::rules::{Default, Reporter, Rule, RuleMeta};

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "K8S056",
        name: "resource-quantity-out-of-bounds",
        severity: Severity::Info,
        default: Default::OptIn,
        title: "Resource quantity outside configured bounds",
        rationale: "Requests far below what a service needs get it throttled or OOM-killed under load; requests \
                    and limits far above waste the cluster's capacity and block scheduling. Needs parameters: \
                    `rules.params.resource-quantity-out-of-bounds` with any of `cpu-request`, `cpu-limit`, \
                    `memory-request`, `memory-limit`, each `{min, max}` (Kubernetes quantities: `500m`, `2`, \
                    `1.5Gi`, `512Mi`, `1e3`); configuring it turns the rule on. Quantities are compared exactly \
                    (`1`, `1000m` and `0.001k` are equal; `1Gi` is 1024Mi, `1G` is 1000M). Every container is \
                    judged, init and ephemeral included; a missing request or limit is K8S050–K8S053's, and a \
                    value that is not a quantity (a template left over) is not judged here.",
        remediation: "Set the request or limit within the configured bounds, or change the bounds in .kubegate.yaml.",
        references: &[
            ("kube-linter", "cpu-requirements (lowerBoundMillis/upperBoundMillis)"),
            ("kube-linter", "memory-requirements (lowerBoundMB/upperBoundMB)"),
            ("polaris", "resourceRange (custom check example)"),
        ],
    },
    check,
};

fn check(doc: &Document<'_>, out: &mut Reporter<'_, '_>) {
    let bounds = &out.params.resource_bounds;
    if bounds.is_empty() {
        return;
    }
    let Some(pod) = doc.pod_spec() else { return };
    for c in pod.containers() {
        for b in bounds {
            let Some(node) =
                c.node.get("resources").and_then(|r| r.get(b.field)).and_then(|f| f.get(b.resource))
            else {
                continue;
            };
            let Some(text) = node.scalar_text().filter(|_| !node.is_null()) else { continue };
            let Some(v) = nanos(text) else { continue };
            let noun = if b.field == "requests" { "request" } else { "limit" };
            let problem = match (&b.min, &b.max) {
                (Some((lo, n)), _) if v < *n => format!("below the minimum {lo}"),
                (_, Some((hi, n))) if v > *n => format!("above the maximum {hi}"),
                _ => continue,
            };
            out.report(
                &RULE.meta,
                &c.path.keys(&["resources", b.field, b.resource]),
                None,
                format!(
                    "{} of {}: {} {noun} {text} is {problem}",
                    c.describe(),
                    doc.display_name(),
                    b.resource
                ),
            );
        }
    }
}

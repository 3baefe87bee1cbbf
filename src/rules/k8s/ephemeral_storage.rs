//! K8S055 ephemeral-storage: a container sets no `ephemeral-storage` request or limit, or
//! sets both to different amounts.

use super::resources::{quantity, same_quantity};
use crate::diagnostic::Severity;
use crate::model::{ContainerKind, Document};
use crate::rules::{Default, Reporter, Rule, RuleMeta};
use crate::source::yaml::Node;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "K8S055",
        name: "ephemeral-storage",
        severity: Severity::Low,
        default: Default::OptIn,
        title: "Ephemeral storage request/limit missing or unequal",
        rationale: "Logs, emptyDir volumes and the writable layer use the node's disk. Without an ephemeral-storage \
                    request the scheduler does not account for it; without a limit one container can fill the disk \
                    and get every pod of the node evicted. A request different from the limit makes eviction under \
                    disk pressure harder to predict. A limit alone is fine: the request defaults to it.",
        remediation: "Set `resources.requests.ephemeral-storage` and `resources.limits.ephemeral-storage` to the \
                      same amount (for example `1Gi`).",
        references: &[
            ("kube-score", "container-ephemeral-storage-request-and-limit"),
            ("kube-score", "container-ephemeral-storage-request-equals-limit"),
        ],
    },
    check,
};

const ES: &str = "ephemeral-storage";

fn check(doc: &Document<'_>, out: &mut Reporter<'_, '_>) {
    let Some(pod) = doc.pod_spec() else { return };
    for c in pod.containers() {
        if c.kind == ContainerKind::Ephemeral {
            continue;
        }
        let resources = c.node.get("resources");
        let get =
            |section: &str| -> Option<&Node> { resources?.get(section)?.get(ES).filter(|n| !n.is_null()) };
        let base = c.path.key("resources");
        let name = || format!("{} of {}", c.describe(), doc.display_name());
        match (get("requests"), get("limits")) {
            (Some(req), Some(lim)) => {
                let (Some(a), Some(b)) = (quantity(req), quantity(lim)) else { continue };
                if !same_quantity(a, b) {
                    out.report(
                        &RULE.meta,
                        &base.keys(&["requests", ES]),
                        None,
                        format!(
                            "{}: ephemeral-storage request {} differs from its limit {}",
                            name(),
                            req.scalar_text().unwrap_or("?"),
                            lim.scalar_text().unwrap_or("?")
                        ),
                    );
                }
            }
            (Some(_), None) => out.report(
                &RULE.meta,
                &base.keys(&["limits", ES]),
                None,
                format!("{}: ephemeral-storage limit is not set", name()),
            ),
            // Kubernetes sets the missing request to the limit.
            (None, Some(_)) => {}
            (None, None) => out.report(
                &RULE.meta,
                &base.keys(&["limits", ES]),
                None,
                format!("{}: neither an ephemeral-storage request nor a limit is set", name()),
            ),
        }
    }
}

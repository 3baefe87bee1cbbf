//! Shared check for K8S070/K8S071: a long-running container without a probe. Probes only
//! apply to `containers` and to native sidecars (`initContainers[*].restartPolicy: Always`);
//! Jobs and CronJobs run to completion and are not checked.

use crate::model::{Container, ContainerKind, Document};
use crate::rules::{Reporter, RuleMeta};
use crate::source::yaml::Node;

/// A container that keeps running: a regular container or a native sidecar.
pub(super) fn long_running(c: &Container<'_>) -> bool {
    match c.kind {
        ContainerKind::Container => true,
        ContainerKind::Init => c.node.get("restartPolicy").and_then(Node::scalar_text) == Some("Always"),
        ContainerKind::Ephemeral => false,
    }
}

pub(super) fn check_probe(doc: &Document<'_>, out: &mut Reporter<'_, '_>, meta: &RuleMeta, probe: &str) {
    let Some(pod) = doc.pod_spec() else { return };
    if matches!(doc.kind(), "Job" | "CronJob") {
        return;
    }
    for c in pod.containers().iter().filter(|c| long_running(c)) {
        if c.node.get(probe).is_some_and(|p| p.as_map().is_some()) {
            continue;
        }
        let sidecar = if c.kind == ContainerKind::Init { " (a native sidecar)" } else { "" };
        out.report(
            meta,
            &c.path.key(probe),
            None,
            format!("{}{sidecar} of {} has no {probe}", c.describe(), doc.display_name()),
        );
    }
}

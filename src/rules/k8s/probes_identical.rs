//! K8S073 probes-identical: a container's liveness and readiness probes use the same handler,
//! so a slow dependency restarts the container instead of only taking it out of rotation.

use crate::diagnostic::Severity;
use crate::model::Document;
use crate::rules::{Default, Reporter, Rule, RuleMeta};
use crate::source::yaml::to_json;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "K8S073",
        name: "probes-identical",
        severity: Severity::Low,
        default: Default::On,
        title: "Liveness and readiness probes identical",
        rationale: "Readiness should fail when the container cannot serve right now; liveness only when it is stuck \
                    for good. With the same check, a transient failure (a slow database) restarts every replica at once.",
        remediation: "Give the liveness probe a cheaper check of the process itself (or a longer threshold), distinct \
                      from the readiness check.",
        references: &[("kube-score", "pod-probes-identical")],
    },
    check,
};

fn check(doc: &Document<'_>, out: &mut Reporter<'_, '_>) {
    let Some(pod) = doc.pod_spec() else { return };
    for c in pod.containers() {
        let (Some(live), Some(ready)) = (c.node.get("livenessProbe"), c.node.get("readinessProbe")) else {
            continue;
        };
        for handler in ["httpGet", "tcpSocket", "exec", "grpc"] {
            if let (Some(a), Some(b)) = (live.get(handler), ready.get(handler))
                && to_json(a) == to_json(b)
            {
                out.report(
                    &RULE.meta,
                    &c.path.keys(&["readinessProbe", handler]),
                    None,
                    format!(
                        "{} of {} uses the same {handler} check for liveness and readiness",
                        c.describe(),
                        doc.display_name()
                    ),
                );
            }
        }
    }
}

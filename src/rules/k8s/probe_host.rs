//! K8S045 probe-host: a probe or lifecycle hook sets `host`, so the kubelet connects to an
//! arbitrary address (SSRF from the node) instead of the pod.

use crate::diagnostic::Severity;
use crate::model::Document;
use crate::rules::{Default, Reporter, Rule, RuleMeta};

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "K8S045",
        name: "probe-host",
        severity: Severity::Medium,
        default: Default::On,
        title: "host field in probes or lifecycle hooks",
        rationale: "With `host` set, the kubelet sends the probe or hook request to that address from the node's \
                    network — a way to reach node-local services. The baseline Pod Security Standard forbids it (1.34+).",
        remediation: "Remove `host`; probes and hooks then target the pod's own IP.",
        references: &[("pss", "baseline: hostProbesAndHostLifecycle")],
    },
    check,
};

fn check(doc: &Document<'_>, out: &mut Reporter<'_>) {
    let Some(pod) = doc.pod_spec() else { return };
    for c in pod.containers() {
        let mut handlers = Vec::new();
        for probe in ["livenessProbe", "readinessProbe", "startupProbe"] {
            handlers.push(c.path.key(probe));
        }
        for hook in ["postStart", "preStop"] {
            handlers.push(c.path.key("lifecycle").key(hook));
        }
        for h in handlers {
            for kind in ["httpGet", "tcpSocket"] {
                let path = h.key(kind).key("host");
                let r = doc.root.resolve(&path);
                if r.exact && r.node.scalar_text().is_some_and(|s| !s.is_empty()) {
                    let host = r.node.scalar_text().unwrap_or_default();
                    out.report(
                        &RULE.meta,
                        &path,
                        None,
                        format!("{} of {} sends {kind} to host {host}", c.describe(), doc.display_name()),
                    );
                }
            }
        }
    }
}

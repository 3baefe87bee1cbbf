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

fn check(doc: &Document<'_>, out: &mut Reporter<'_, '_>) {
    let Some(pod) = doc.pod_spec() else { return };
    for c in pod.containers() {
        // Walk the container's own nodes; build a path only for a finding.
        let probes = ["livenessProbe", "readinessProbe", "startupProbe"].map(|p| (c.node.get(p), None));
        let hooks =
            ["postStart", "preStop"].map(|h| (c.node.get("lifecycle").and_then(|l| l.get(h)), Some(h)));
        for (i, (handler, hook)) in probes.into_iter().chain(hooks).enumerate() {
            let Some(handler) = handler else { continue };
            for kind in ["httpGet", "tcpSocket"] {
                let Some(host) = handler.get(kind).and_then(|k| k.get("host")).and_then(|n| n.scalar_text())
                else {
                    continue;
                };
                if host.is_empty() {
                    continue;
                }
                let base = match hook {
                    None => c.path.key(["livenessProbe", "readinessProbe", "startupProbe"][i]),
                    Some(h) => c.path.keys(&["lifecycle", h]),
                };
                out.report(
                    &RULE.meta,
                    &base.keys(&[kind, "host"]),
                    None,
                    format!("{} of {} sends {kind} to host {host}", c.describe(), doc.display_name()),
                );
            }
        }
    }
}

//! K8S072 probe-port-not-exposed: a probe targets a port the container does not declare.
//! A named port must exist among the container's ports (Kubernetes cannot resolve it
//! otherwise); a numeric port is reported when the container declares ports and none
//! matches (containers that declare no ports may still listen anywhere).

use crate::diagnostic::Severity;
use crate::model::Document;
use crate::rules::{Default, Reporter, Rule, RuleMeta};
use crate::source::yaml::{Node, Resolved, Value};

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "K8S072",
        name: "probe-port-not-exposed",
        severity: Severity::Medium,
        default: Default::On,
        title: "Probe targets a port the container does not expose",
        rationale: "A probe on the wrong port fails forever (restarts, or a pod that never becomes ready) or, worse, \
                    succeeds against a different listener than the one serving traffic.",
        remediation: "Point the probe at one of the container's `ports` (by name or number), or declare the port.",
        references: &[("kube-linter", "liveness-port, readiness-port, startup-port")],
    },
    check,
};

fn check(doc: &Document<'_>, out: &mut Reporter<'_, '_>) {
    let Some(pod) = doc.pod_spec() else { return };
    for c in pod.containers() {
        let ports: Vec<&Node> = c
            .node
            .get("ports")
            .and_then(Node::as_seq)
            .unwrap_or(&[])
            .iter()
            .filter(|p| p.get("protocol").and_then(Node::scalar_text).is_none_or(|x| x == "TCP"))
            .collect();
        let names: Vec<&str> =
            ports.iter().filter_map(|p| p.get("name").and_then(Node::scalar_text)).collect();
        let numbers: Vec<i64> =
            ports.iter().filter_map(|p| p.get("containerPort").and_then(Node::as_i64)).collect();
        for probe in ["livenessProbe", "readinessProbe", "startupProbe"] {
            let Some(p) = c.node.get(probe) else { continue };
            for handler in ["httpGet", "tcpSocket", "grpc"] {
                let Some(port) = p.get(handler).and_then(|h| h.get("port")) else { continue };
                let Value::Scalar(s) = &port.value else { continue };
                let path = c.path.keys(&[probe, handler, "port"]);
                let missing = match s.resolved {
                    Resolved::Int(n) => !ports.is_empty() && !numbers.contains(&n),
                    Resolved::Str => !names.contains(&&*s.text),
                    _ => false,
                };
                if missing {
                    out.report(
                        &RULE.meta,
                        &path,
                        None,
                        format!(
                            "{probe} of {} in {} targets port {}, which the container does not expose",
                            c.describe(),
                            doc.display_name(),
                            s.text
                        ),
                    );
                }
            }
        }
    }
}

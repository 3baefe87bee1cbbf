//! K8S005 host-port: a container port binds a port on the node (`hostPort` set and not 0).

use crate::diagnostic::Severity;
use crate::model::Document;
use crate::rules::{Default, Reporter, Rule, RuleMeta};
use crate::source::yaml::Node;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "K8S005",
        name: "host-port",
        severity: Severity::Medium,
        default: Default::On,
        title: "hostPort used",
        rationale: "A hostPort binds the port on the node's address: it bypasses NetworkPolicies on many CNIs, \
                    limits where the pod can be scheduled and exposes the workload outside the cluster network. \
                    The Pod Security Standards (baseline) forbid it.",
        remediation: "Remove `hostPort` and expose the port through a Service.",
        references: &[("pss", "baseline: hostPorts"), ("checkov", "CKV_K8S_26"), ("polaris", "hostPortSet")],
    },
    check,
};

fn check(doc: &Document<'_>, out: &mut Reporter<'_>) {
    let Some(pod) = doc.pod_spec() else { return };
    for c in pod.containers() {
        let Some(ports) = c.node.get("ports").and_then(Node::as_seq) else { continue };
        for (i, p) in ports.iter().enumerate() {
            let Some(hp) = p.get("hostPort").and_then(Node::as_i64) else { continue };
            if hp != 0 {
                out.report(
                    &RULE.meta,
                    &c.path.key("ports").index(i).key("hostPort"),
                    None,
                    format!("{} of {} binds host port {hp}", c.describe(), doc.display_name()),
                );
            }
        }
    }
}

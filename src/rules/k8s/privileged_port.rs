//! K8S139 privileged-port: a container declares a `containerPort` below 1024.

use crate::diagnostic::Severity;
use crate::model::Document;
use crate::rules::{Default, Reporter, Rule, RuleMeta};
use crate::source::yaml::Node;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "K8S139",
        name: "privileged-port",
        severity: Severity::Low,
        default: Default::OptIn,
        title: "Privileged container port",
        rationale: "Binding a port below 1024 inside the container needs root or NET_BIND_SERVICE (unless the \
                    runtime lowers `net.ipv4.ip_unprivileged_port_start`), which works against running as non-root \
                    with all capabilities dropped. A Service can map port 80 to an unprivileged target port.",
        remediation: "Listen on a port of 1024 or more (for example 8080) and map it with the Service's `port` / \
                      `targetPort`.",
        references: &[("kube-linter", "privileged-ports")],
    },
    check,
};

fn check(doc: &Document<'_>, out: &mut Reporter<'_, '_>) {
    let Some(pod) = doc.pod_spec() else { return };
    for c in pod.containers() {
        for (i, p) in c.node.get("ports").and_then(Node::as_seq).unwrap_or(&[]).iter().enumerate() {
            let Some(n) = p.get("containerPort").and_then(Node::as_i64) else { continue };
            if (1..1024).contains(&n) {
                out.report(
                    &RULE.meta,
                    &c.path.key("ports").index(i).key("containerPort"),
                    None,
                    format!("{} of {} listens on privileged port {n}", c.describe(), doc.display_name()),
                );
            }
        }
    }
}

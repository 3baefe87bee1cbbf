//! K8S138 ssh-port: a container declares TCP port 22 (SSH).

use crate::diagnostic::Severity;
use crate::model::Document;
use crate::rules::{Default, Reporter, Rule, RuleMeta};
use crate::source::yaml::Node;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "K8S138",
        name: "ssh-port",
        severity: Severity::Medium,
        default: Default::On,
        title: "SSH port exposed",
        rationale: "An SSH server in a container is a second, unaudited way in: it bypasses `kubectl exec` RBAC and \
                    audit logs, and its keys or passwords live in the image or in Secrets.",
        remediation: "Remove the SSH server and port 22; use `kubectl exec` or ephemeral debug containers instead.",
        references: &[("kube-linter", "ssh-port")],
    },
    check,
};

fn check(doc: &Document<'_>, out: &mut Reporter<'_>) {
    let Some(pod) = doc.pod_spec() else { return };
    for c in pod.containers() {
        let Some(ports) = c.node.get("ports").and_then(Node::as_seq) else { continue };
        for (i, p) in ports.iter().enumerate() {
            if p.get("containerPort").and_then(Node::as_i64) != Some(22) {
                continue;
            }
            let proto = p.get("protocol").and_then(Node::scalar_text).unwrap_or("TCP");
            if proto == "TCP" {
                out.report(
                    &RULE.meta,
                    &c.path.key("ports").index(i).key("containerPort"),
                    None,
                    format!("{} of {} exposes SSH port 22/TCP", c.describe(), doc.display_name()),
                );
            }
        }
    }
}

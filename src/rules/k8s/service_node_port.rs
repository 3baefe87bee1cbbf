//! K8S130 service-node-port: a Service of type NodePort opens its port on every node.

use crate::diagnostic::Severity;
use crate::model::Document;
use crate::rules::{Default, Reporter, Rule, RuleMeta};
use crate::source::yaml::{Node, ObjPath};

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "K8S130",
        name: "service-node-port",
        severity: Severity::Low,
        default: Default::On,
        title: "Service type NodePort",
        rationale: "A NodePort Service listens on a high port of every node's address, outside Ingress, TLS and \
                    load-balancer controls, and is reachable by anything that can reach a node.",
        remediation: "Use a ClusterIP Service behind an Ingress or Gateway, or a LoadBalancer Service when \
                      external exposure is intended.",
        references: &[("kube-linter", "exposed-services"), ("kube-score", "service-type")],
    },
    check,
};

fn check(doc: &Document<'_>, out: &mut Reporter<'_, '_>) {
    if doc.kind() != "Service" {
        return;
    }
    let t = doc.root.get("spec").and_then(|s| s.get("type")).and_then(Node::scalar_text);
    if t == Some("NodePort") {
        out.report(
            &RULE.meta,
            &ObjPath::root().keys(&["spec", "type"]),
            None,
            format!("{} is of type NodePort", doc.display_name()),
        );
    }
}

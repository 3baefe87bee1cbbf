//! K8S131 service-load-balancer: a Service of type LoadBalancer asks for an external
//! load balancer.

use crate::diagnostic::Severity;
use crate::model::Document;
use crate::rules::{Default, Reporter, Rule, RuleMeta};
use crate::source::yaml::{Node, ObjPath};

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "K8S131",
        name: "service-load-balancer",
        severity: Severity::Info,
        default: Default::OptIn,
        title: "Service type LoadBalancer",
        rationale: "A LoadBalancer Service usually gets a public address from the cloud provider and bypasses the \
                    Ingress or Gateway layer (TLS, authentication, WAF); it also opens node ports. Often intended, \
                    hence info and opt-in.",
        remediation: "Expose HTTP through an Ingress or Gateway; for a LoadBalancer that must stay private, set \
                      the provider's internal annotation and `loadBalancerSourceRanges`.",
        references: &[("kube-linter", "exposed-services")],
    },
    check,
};

fn check(doc: &Document<'_>, out: &mut Reporter<'_, '_>) {
    if doc.kind() != "Service" {
        return;
    }
    let spec = doc.root.get("spec");
    if spec.and_then(|s| s.get("type")).and_then(Node::scalar_text) != Some("LoadBalancer") {
        return;
    }
    let ranges = spec
        .and_then(|s| s.get("loadBalancerSourceRanges"))
        .and_then(Node::as_seq)
        .is_some_and(|r| !r.is_empty());
    let note = if ranges { " (limited by loadBalancerSourceRanges)" } else { "" };
    out.report(
        &RULE.meta,
        &ObjPath::root().keys(&["spec", "type"]),
        None,
        format!("{} is of type LoadBalancer{note}", doc.display_name()),
    );
}

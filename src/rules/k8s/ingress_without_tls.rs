//! K8S133 ingress-without-tls: an Ingress has no `spec.tls` entries, so it serves plain HTTP.
//! Ingresses whose controller terminates TLS from an annotation (AWS Load Balancer
//! Controller certificate ARNs, GKE managed or pre-shared certificates) are not reported:
//! Polaris flags them although their traffic is encrypted.

use crate::diagnostic::Severity;
use crate::model::Document;
use crate::rules::{Default, Reporter, Rule, RuleMeta};
use crate::source::yaml::{Node, ObjPath};

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "K8S133",
        name: "ingress-without-tls",
        severity: Severity::Medium,
        default: Default::On,
        title: "Ingress without TLS",
        rationale: "Without `spec.tls` the Ingress serves its hosts over plain HTTP: credentials, cookies and data \
                    cross the network readable and modifiable.",
        remediation: "Add `spec.tls` with the hosts and the Secret holding their certificate (for example issued \
                      by cert-manager).",
        references: &[("polaris", "tlsSettingsMissing")],
    },
    check,
};

/// Annotations with which an ingress controller terminates TLS without `spec.tls`.
const TLS_ANNOTATIONS: [&str; 3] = [
    "alb.ingress.kubernetes.io/certificate-arn",
    "networking.gke.io/managed-certificates",
    "ingress.gcp.kubernetes.io/pre-shared-cert",
];

fn check(doc: &Document<'_>, out: &mut Reporter<'_, '_>) {
    if doc.kind() != "Ingress" {
        return;
    }
    let annotations = doc.root.get("metadata").and_then(|m| m.get("annotations"));
    if TLS_ANNOTATIONS.iter().any(|k| {
        annotations.and_then(|a| a.get(k)).and_then(Node::scalar_text).is_some_and(|v| !v.trim().is_empty())
    }) {
        return;
    }
    let tls = doc.root.get("spec").and_then(|s| s.get("tls"));
    let has_tls = tls.and_then(Node::as_seq).is_some_and(|s| !s.is_empty());
    if !has_tls {
        let (message, help) = if tls.is_some() {
            (format!("{} has an empty `tls` list", doc.display_name()), RULE.meta.remediation.to_string())
        } else {
            (
                format!("{} has no `spec.tls`: its hosts are served over plain HTTP", doc.display_name()),
                "Add under `spec:` a `tls:` list with the hosts and the Secret holding their certificate, e.g. \
                 `tls: [{hosts: [shop.example.com], secretName: shop-tls}]`."
                    .to_string(),
            )
        };
        out.report_with_help(&RULE.meta, &ObjPath::root().keys(&["spec", "tls"]), None, message, help);
    }
}

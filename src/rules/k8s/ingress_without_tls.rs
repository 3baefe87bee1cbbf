//! K8S133 ingress-without-tls: an Ingress has no `spec.tls` entries, so it serves plain HTTP.

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

fn check(doc: &Document<'_>, out: &mut Reporter<'_>) {
    if doc.kind() != "Ingress" {
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
        out.report_with_help(&RULE.meta, &ObjPath::root().key("spec").key("tls"), None, message, help);
    }
}

//! K8S113 rbac-csr-approval: a ClusterRole may approve CertificateSigningRequests: update or
//! patch on `certificatesigningrequests/approval`, or `approve` on `signers`
//! (certificates.k8s.io). Reported at the resource. A rule limited by `resourceNames` is
//! reported only when it names a built-in `kubernetes.io/*` signer (which mints cluster
//! client or kubelet certificates) or `*`.

use super::rbac;
use crate::diagnostic::Severity;
use crate::model::Document;
use crate::rules::{Default, Reporter, Rule, RuleMeta};

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "K8S113",
        name: "rbac-csr-approval",
        severity: Severity::High,
        default: Default::On,
        title: "Approve CertificateSigningRequests",
        rationale: "Approving a CSR for the kube-apiserver-client signer mints a client certificate for any user \
                    or group, `system:masters` included: a direct path to cluster-admin.",
        remediation: "Remove update/patch on certificatesigningrequests/approval and approve on signers, or limit \
                      `signers` with `resourceNames` to the signer the controller owns.",
        references: &[("checkov", "CKV_K8S_156")],
    },
    check,
};

fn check(doc: &Document<'_>, out: &mut Reporter<'_>) {
    if doc.kind() != "ClusterRole" {
        return;
    }
    for rule in rbac::rules(doc) {
        if !rule.grants_group("certificates.k8s.io") {
            continue;
        }
        for item in rule.items("resources") {
            if item.text == "*" {
                continue; // K8S106
            }
            let names = rule.items("resourceNames");
            let builtin_signer = names.is_empty()
                || names.iter().any(|n| n.text == "*" || n.text.starts_with("kubernetes.io/"));
            let what = if rbac::resource_matches(item.text, "certificatesigningrequests/approval")
                && rule.grants_verb(&["update", "patch"])
                && names.is_empty()
            {
                "update the approval of CertificateSigningRequests"
            } else if rbac::resource_matches(item.text, "signers")
                && rule.grants_verb(&["approve"])
                && builtin_signer
            {
                "approve certificates for signers"
            } else {
                continue;
            };
            out.report(
                &RULE.meta,
                &item.path,
                None,
                format!("{} may {what} ({} on `{}`)", doc.display_name(), rule.verbs_text(), item.text),
            );
        }
    }
}

//! K8S159 pod-security-policy: a PodSecurityPolicy manifest, a kind removed in Kubernetes
//! 1.25: it no longer enforces anything and its absence of effect is easy to miss.

use crate::diagnostic::Severity;
use crate::model::Document;
use crate::rules::{Default, Reporter, Rule, RuleMeta};
use crate::source::yaml::ObjPath;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "K8S159",
        name: "pod-security-policy",
        severity: Severity::Info,
        default: Default::OptIn,
        title: "PodSecurityPolicy manifest",
        rationale: "PodSecurityPolicy was removed in Kubernetes 1.25: the API server rejects the manifest (the GitOps \
                    sync fails) or, on older clusters, it gives protection that disappears at the next upgrade. Pod \
                    Security Admission labels on namespaces replace it.",
        remediation: "Delete the PodSecurityPolicy and label the namespaces with \
                      `pod-security.kubernetes.io/enforce: baseline` (or `restricted`); run this linter's \
                      `pss-restricted` profile in CI.",
        references: &[
            ("checkov", "CKV_K8S_1"),
            ("checkov", "CKV_K8S_2"),
            ("checkov", "CKV_K8S_5"),
            ("checkov", "CKV_K8S_24"),
        ],
    },
    check,
};

fn check(doc: &Document<'_>, out: &mut Reporter<'_, '_>) {
    if doc.kind() != "PodSecurityPolicy" {
        return;
    }
    out.report(
        &RULE.meta,
        &ObjPath::root().key("kind"),
        None,
        format!("{} is a PodSecurityPolicy, removed in Kubernetes 1.25", doc.display_name()),
    );
}

//! K8S012 run-as-user-low: a container's effective `runAsUser` (its own value, else the
//! pod's) is absent or below 10000, so it may share a UID with a host account.

use super::ids;
use crate::diagnostic::Severity;
use crate::model::Document;
use crate::rules::{Default, Reporter, Rule, RuleMeta};

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "K8S012",
        name: "run-as-user-low",
        severity: Severity::Low,
        default: Default::OptIn,
        title: "Low UID (runAsUser below 10000)",
        rationale: "UIDs below 10000 are the range host accounts and other images use: a container escaping as \
                    UID 1000 acts as the first user of the node. A UID of 10000 or more passes (as in checkov and \
                    kube-score; kubesec wants more than 10000). Pods with `spec.hostUsers: false` map UIDs to an \
                    unprivileged host range and are not reported. The image's USER is invisible to a manifest \
                    linter, so an absent runAsUser is reported.",
        remediation: "Set `securityContext.runAsUser` to 10000 or more (for example 10001) on the pod or the container.",
        references: &[
            ("kubesec", "RunAsUser"),
            ("checkov", "CKV_K8S_40"),
            ("kube-score", "container-security-context-user-group-id"),
        ],
    },
    check,
};

fn check(doc: &Document<'_>, out: &mut Reporter<'_, '_>) {
    ids::check_low_id(doc, out, &RULE.meta, "runAsUser", "UID");
}

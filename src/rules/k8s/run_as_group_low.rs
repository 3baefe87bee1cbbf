//! K8S013 run-as-group-low: a container's effective `runAsGroup` (its own value, else the
//! pod's) is absent or below 10000.

use super::ids;
use crate::diagnostic::Severity;
use crate::model::Document;
use crate::rules::{Default, Reporter, Rule, RuleMeta};

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "K8S013",
        name: "run-as-group-low",
        severity: Severity::Low,
        default: Default::OptIn,
        title: "Low GID (runAsGroup below 10000)",
        rationale: "GIDs below 10000 overlap the host's groups: a process that escapes keeps access to files those \
                    groups own. Without `runAsGroup` the image's group (often root) applies. Pods with \
                    `spec.hostUsers: false` are not reported.",
        remediation: "Set `securityContext.runAsGroup` to 10000 or more (for example 10001) on the pod or the container.",
        references: &[("kubesec", "RunAsGroup"), ("kube-score", "container-security-context-user-group-id")],
    },
    check,
};

fn check(doc: &Document<'_>, out: &mut Reporter<'_, '_>) {
    ids::check_low_id(doc, out, &RULE.meta, "runAsGroup", "GID");
}

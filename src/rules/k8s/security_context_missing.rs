//! K8S016 security-context-missing: the pod has no (or an empty) `securityContext`, or a
//! container (not init or ephemeral) has none: every security setting is left at its default.

use crate::diagnostic::Severity;
use crate::model::{ContainerKind, Document};
use crate::rules::{Default, Reporter, Rule, RuleMeta};
use crate::source::yaml::Node;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "K8S016",
        name: "security-context-missing",
        severity: Severity::Info,
        default: Default::OptIn,
        title: "No securityContext",
        rationale: "A pod or container without a securityContext runs with the runtime's defaults: root, a \
                    writable root filesystem, privilege escalation allowed, default capabilities and no seccomp \
                    profile. The specific rules (K8S008, K8S009, K8S015, K8S020, K8S031) say what to set; this one \
                    marks where nothing was considered at all.",
        remediation: "Add a `securityContext` to the pod (runAsNonRoot, seccompProfile) and to each container \
                      (allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities.drop: [ALL]).",
        references: &[("checkov", "CKV_K8S_29"), ("checkov", "CKV_K8S_30")],
    },
    check,
};

fn empty(n: Option<&Node>) -> bool {
    n.is_none_or(|n| n.is_null() || n.as_map().is_some_and(<[_]>::is_empty))
}

fn check(doc: &Document<'_>, out: &mut Reporter<'_, '_>) {
    let Some(pod) = doc.pod_spec() else { return };
    if empty(pod.node.get("securityContext")) {
        out.report(
            &RULE.meta,
            &pod.path.key("securityContext"),
            None,
            format!("the pod of {} has no securityContext", doc.display_name()),
        );
    }
    for c in pod.containers().iter().filter(|c| c.kind == ContainerKind::Container) {
        if empty(c.security_context) {
            out.report(
                &RULE.meta,
                &c.path.key("securityContext"),
                None,
                format!("{} of {} has no securityContext", c.describe(), doc.display_name()),
            );
        }
    }
}

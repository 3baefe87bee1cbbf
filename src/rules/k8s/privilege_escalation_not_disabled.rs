//! K8S008 privilege-escalation-not-disabled: a container does not set
//! `allowPrivilegeEscalation: false` (Kubernetes then allows it). Explicit `true` is K8S007.

use crate::diagnostic::Severity;
use crate::model::Document;
use crate::rules::{Default, Reporter, Rule, RuleMeta};

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "K8S008",
        name: "privilege-escalation-not-disabled",
        severity: Severity::Medium,
        default: Default::On,
        title: "allowPrivilegeEscalation not set to false",
        rationale: "When `allowPrivilegeEscalation` is absent, Kubernetes allows privilege escalation. \
                    The Pod Security Standards (restricted) require an explicit `false`. Windows pods are exempt.",
        remediation: "Add `securityContext.allowPrivilegeEscalation: false` to the container.",
        references: &[
            ("pss", "restricted: allowPrivilegeEscalation"),
            ("checkov", "CKV_K8S_20"),
            ("polaris", "privilegeEscalationAllowed"),
        ],
    },
    check,
};

fn check(doc: &Document<'_>, out: &mut Reporter<'_, '_>) {
    let Some(pod) = doc.pod_spec() else {
        return;
    };
    // Windows pods are exempt from Kubernetes 1.25 on.
    if pod.os_name() == Some("windows") && out.pss_version() >= (1, 25) {
        return;
    }
    for c in pod.containers() {
        let n = c.security_context.and_then(|s| s.get("allowPrivilegeEscalation"));
        if n.is_none_or(|n| n.is_null()) {
            out.report(
                &RULE.meta,
                &c.path.keys(&["securityContext", "allowPrivilegeEscalation"]),
                None,
                format!(
                    "{} of {} does not set allowPrivilegeEscalation: false",
                    c.describe(),
                    doc.display_name()
                ),
            );
        }
    }
}

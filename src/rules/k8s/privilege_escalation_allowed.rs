//! K8S007 privilege-escalation-allowed: a container sets `allowPrivilegeEscalation: true`.

use crate::diagnostic::Severity;
use crate::model::Document;
use crate::rules::{Default, Reporter, Rule, RuleMeta};

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "K8S007",
        name: "privilege-escalation-allowed",
        severity: Severity::High,
        default: Default::On,
        title: "allowPrivilegeEscalation explicitly true",
        rationale: "With privilege escalation allowed, a process can gain more privileges than its parent \
                    (setuid binaries, file capabilities): the no_new_privs flag is not set.",
        remediation: "Set `securityContext.allowPrivilegeEscalation: false` on the container.",
        references: &[
            ("kubesec", "AllowPrivilegeEscalation"),
            ("kube-linter", "privilege-escalation-container"),
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
    for c in pod.containers() {
        let n = c.security_context.and_then(|s| s.get("allowPrivilegeEscalation"));
        if n.and_then(|n| n.as_bool()) == Some(true) {
            out.report(
                &RULE.meta,
                &c.path.keys(&["securityContext", "allowPrivilegeEscalation"]),
                None,
                format!("{} of {} allows privilege escalation", c.describe(), doc.display_name()),
            );
        }
    }
}

//! K8S001 privileged-container: a container runs with `securityContext.privileged: true`.

use crate::diagnostic::Severity;
use crate::model::Document;
use crate::rules::{Default, Reporter, Rule, RuleMeta};

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "K8S001",
        name: "privileged-container",
        severity: Severity::Critical,
        default: Default::On,
        title: "Privileged container",
        rationale: "A privileged container has every capability and full access to the host's devices; \
                    escaping to the node is trivial. Checked for containers, init containers and ephemeral containers.",
        remediation: "Remove `privileged: true` (or set it to false) and grant only the capabilities the process needs.",
        references: &[
            ("kubesec", "Privileged"),
            ("kube-linter", "privileged-container"),
            ("pss", "baseline: privileged"),
            ("checkov", "CKV_K8S_16"),
            ("polaris", "runAsPrivileged"),
            ("kube-score", "container-security-context-privileged"),
        ],
    },
    check,
};

fn check(doc: &Document<'_>, out: &mut Reporter<'_, '_>) {
    let Some(pod) = doc.pod_spec() else {
        return;
    };
    for c in pod.containers() {
        let Some(n) = c.security_context.and_then(|s| s.get("privileged")) else {
            continue;
        };
        if n.as_bool() == Some(true) {
            out.report(
                &RULE.meta,
                &c.path.keys(&["securityContext", "privileged"]),
                None,
                format!("{} of {} runs privileged", c.describe(), doc.display_name()),
            );
        }
    }
}

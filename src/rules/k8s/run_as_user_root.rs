//! K8S010 run-as-user-root: the pod or a container sets `runAsUser: 0` explicitly.

use crate::diagnostic::Severity;
use crate::model::Document;
use crate::rules::{Default, Reporter, Rule, RuleMeta};

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "K8S010",
        name: "run-as-user-root",
        severity: Severity::High,
        default: Default::On,
        title: "Explicit runAsUser 0",
        rationale: "`runAsUser: 0` runs the process as root whatever the image says, and makes `runAsNonRoot: true` \
                    fail at admission. Not reported when `spec.hostUsers: false` (user namespaces).",
        remediation: "Set `runAsUser` to a non-zero UID (for example 10001) and `runAsNonRoot: true`.",
        references: &[
            ("kube-linter", "run-as-non-root"),
            ("pss", "restricted: runAsUser"),
            ("checkov", "CKV_K8S_23"),
            ("polaris", "runAsRootAllowed"),
            ("kube-score", "container-security-context-user-group-id"),
        ],
    },
    check,
};

fn check(doc: &Document<'_>, out: &mut Reporter<'_, '_>) {
    let Some(pod) = doc.pod_spec() else { return };
    // User namespaces relax the check from Kubernetes 1.35 on.
    if pod.node.get("hostUsers").and_then(|n| n.as_bool()) == Some(false) && out.pss_version() >= (1, 35) {
        return;
    }
    let is_root = |sc: Option<&crate::source::yaml::Node>| {
        sc.and_then(|s| s.get("runAsUser")).and_then(|n| n.as_i64()) == Some(0)
    };
    if is_root(pod.security_context()) {
        let path = pod.path.keys(&["securityContext", "runAsUser"]);
        out.report(
            &RULE.meta,
            &path,
            None,
            format!("the pod of {} runs as user 0 (root)", doc.display_name()),
        );
    }
    for c in pod.containers() {
        if is_root(c.security_context) {
            let path = c.path.keys(&["securityContext", "runAsUser"]);
            out.report(
                &RULE.meta,
                &path,
                None,
                format!("{} of {} runs as user 0 (root)", c.describe(), doc.display_name()),
            );
        }
    }
}

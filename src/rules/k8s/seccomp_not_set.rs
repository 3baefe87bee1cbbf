//! K8S031 seccomp-not-set: a Linux container has no effective seccomp profile (neither it
//! nor the pod sets `seccompProfile.type` to RuntimeDefault or Localhost).

use crate::diagnostic::Severity;
use crate::model::Document;
use crate::rules::{Default, Reporter, Rule, RuleMeta};

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "K8S031",
        name: "seccomp-not-set",
        severity: Severity::Medium,
        default: Default::On,
        title: "Seccomp profile not set",
        rationale: "Without a seccomp profile the kubelet runs the container Unconfined (unless the cluster sets a \
                    default). The restricted Pod Security Standard requires RuntimeDefault or Localhost, set on the \
                    pod (inherited by every container) or on each container. Windows pods are exempt. An explicit \
                    Unconfined is reported by K8S030.",
        remediation: "Add `securityContext.seccompProfile.type: RuntimeDefault` to the pod.",
        references: &[
            ("kubesec", "SeccompAny"),
            ("pss", "restricted: seccompProfile_restricted"),
            ("checkov", "CKV_K8S_31"),
            ("polaris", "linuxHardening"),
            ("kube-score", "container-seccomp-profile"),
        ],
    },
    check,
};

fn check(doc: &Document<'_>, out: &mut Reporter<'_, '_>) {
    let Some(pod) = doc.pod_spec() else { return };
    // Windows pods are exempt from Kubernetes 1.25 on.
    if pod.os_name() == Some("windows") && out.pss_version() >= (1, 25) {
        return;
    }
    for c in pod.containers() {
        if pod.effective(c, "seccompProfile").and_then(|e| e.node.get("type")).is_none() {
            let path = c.path.keys(&["securityContext", "seccompProfile"]);
            out.report(
                &RULE.meta,
                &path,
                None,
                format!("{} of {} has no seccomp profile", c.describe(), doc.display_name()),
            );
        }
    }
}

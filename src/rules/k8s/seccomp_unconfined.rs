//! K8S030 seccomp-unconfined: the pod or a container sets `seccompProfile.type: Unconfined`,
//! or a legacy seccomp annotation names a profile other than the runtime default or a
//! localhost profile.

use crate::diagnostic::Severity;
use crate::model::Document;
use crate::rules::{Default, Reporter, Rule, RuleMeta};
use crate::source::yaml::Node;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "K8S030",
        name: "seccomp-unconfined",
        severity: Severity::High,
        default: Default::On,
        title: "Seccomp explicitly Unconfined",
        rationale: "An unconfined seccomp profile lets the process call every system call, including the ones behind \
                    most container escapes. The baseline Pod Security Standard forbids it, in the fields and in the \
                    legacy `seccomp.security.alpha.kubernetes.io` annotations.",
        remediation: "Use `seccompProfile: {type: RuntimeDefault}` (or a Localhost profile).",
        references: &[
            ("kubesec", "SeccompUnconfined"),
            ("pss", "baseline: seccompProfile_baseline"),
            ("checkov", "CKV_K8S_31"),
            ("polaris", "linuxHardening"),
        ],
    },
    check,
};

fn unconfined(sc: Option<&Node>) -> bool {
    sc.and_then(|s| s.get("seccompProfile")).and_then(|p| p.get("type")).and_then(Node::scalar_text)
        == Some("Unconfined")
}

fn check(doc: &Document<'_>, out: &mut Reporter<'_, '_>) {
    let Some(pod) = doc.pod_spec() else { return };
    // The securityContext field exists from Kubernetes 1.19 on (before: annotations only).
    let fields = out.pss_version() >= (1, 19);
    if fields && unconfined(pod.security_context()) {
        let path = pod.path.keys(&["securityContext", "seccompProfile", "type"]);
        out.report(
            &RULE.meta,
            &path,
            None,
            format!("the pod of {} runs without seccomp", doc.display_name()),
        );
    }
    for c in pod.containers() {
        if fields && unconfined(c.security_context) {
            let path = c.path.keys(&["securityContext", "seccompProfile", "type"]);
            out.report(
                &RULE.meta,
                &path,
                None,
                format!("{} of {} runs without seccomp", c.describe(), doc.display_name()),
            );
        }
    }
    for (key, value) in pod.annotations(doc.root) {
        let legacy = key == "seccomp.security.alpha.kubernetes.io/pod"
            || key.starts_with("container.seccomp.security.alpha.kubernetes.io/");
        let Some(v) = value.scalar_text() else { continue };
        if legacy && !matches!(v, "runtime/default" | "docker/default") && !v.starts_with("localhost/") {
            out.report(
                &RULE.meta,
                &pod.annotation_path(key),
                None,
                format!("{} sets the legacy seccomp annotation {key} to {v}", doc.display_name()),
            );
        }
    }
}

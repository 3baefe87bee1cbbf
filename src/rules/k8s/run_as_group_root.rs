//! K8S011 run-as-group-root: a container's effective `runAsGroup` is 0.

use crate::diagnostic::Severity;
use crate::model::Document;
use crate::rules::{Default, Reporter, Rule, RuleMeta};

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "K8S011",
        name: "run-as-group-root",
        severity: Severity::Medium,
        default: Default::On,
        title: "Root group (runAsGroup 0)",
        rationale: "With primary group 0 the process can read and write every file owned by the root group, \
                    which on many images includes configuration and binaries. The value is inherited from the pod \
                    securityContext unless the container overrides it.",
        remediation: "Set `runAsGroup` to a non-zero GID.",
        references: &[
            ("kube-linter", "run-as-non-root"),
            ("kube-score", "container-security-context-user-group-id"),
        ],
    },
    check,
};

fn check(doc: &Document<'_>, out: &mut Reporter<'_, '_>) {
    let Some(pod) = doc.pod_spec() else { return };
    for c in pod.containers() {
        let Some(e) = pod.effective(c, "runAsGroup") else { continue };
        if e.node.as_i64() == Some(0) {
            let from = if e.inherited { " (inherited from the pod securityContext)" } else { "" };
            out.report(
                &RULE.meta,
                &e.path(),
                Some(&c.path),
                format!("{} of {} runs with group 0 (root){from}", c.describe(), doc.display_name()),
            );
        }
    }
}

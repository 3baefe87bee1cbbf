//! K8S009 run-as-non-root: a container's effective `runAsNonRoot` (its own value, else the
//! pod's) is not `true`. Pod-level inheritance is honoured, every container kind is checked.

use crate::diagnostic::Severity;
use crate::model::Document;
use crate::rules::{Default, Reporter, Rule, RuleMeta};

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "K8S009",
        name: "run-as-non-root",
        severity: Severity::High,
        default: Default::On,
        title: "Not enforced to run as non-root",
        rationale: "Without `runAsNonRoot: true` the kubelet starts the container as whatever user the image \
                    declares, which is root for most images; a manifest linter cannot see the image's USER. \
                    Not reported when `spec.hostUsers: false` (user namespaces map root to an unprivileged host user).",
        remediation: "Set `securityContext.runAsNonRoot: true` in the pod's securityContext (covers every container) \
                      or in each container's, and run the image as a non-zero UID.",
        references: &[
            ("kubesec", "RunAsNonRoot"),
            ("kube-linter", "run-as-non-root"),
            ("pss", "restricted: runAsNonRoot"),
            ("checkov", "CKV_K8S_23"),
            ("polaris", "runAsRootAllowed"),
        ],
    },
    check,
};

fn check(doc: &Document<'_>, out: &mut Reporter<'_, '_>) {
    let Some(pod) = doc.pod_spec() else {
        return;
    };
    // User namespaces relax the check from Kubernetes 1.35 on.
    if pod.node.get("hostUsers").and_then(|n| n.as_bool()) == Some(false) && out.pss_version() >= (1, 35) {
        return;
    }
    for c in pod.containers() {
        match pod.effective(c, "runAsNonRoot") {
            Some(e) if e.node.as_bool() == Some(true) => {}
            Some(e) => {
                let from = if e.inherited { " (inherited from the pod securityContext)" } else { "" };
                out.report(
                    &RULE.meta,
                    &e.path(),
                    Some(&c.path),
                    format!(
                        "{} of {} has runAsNonRoot: {}{from}",
                        c.describe(),
                        doc.display_name(),
                        e.node.scalar_text().unwrap_or("?")
                    ),
                );
            }
            None => out.report(
                &RULE.meta,
                &c.path.keys(&["securityContext", "runAsNonRoot"]),
                None,
                format!(
                    "{} of {} may run as root: neither it nor the pod sets runAsNonRoot: true",
                    c.describe(),
                    doc.display_name()
                ),
            ),
        }
    }
}

//! K8S014 user-namespace-not-used: the pod does not set `spec.hostUsers: false`, so its
//! container UIDs are the host's UIDs (root in the container is root on the node).

use crate::diagnostic::Severity;
use crate::model::Document;
use crate::rules::{Default, Reporter, Rule, RuleMeta};

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "K8S014",
        name: "user-namespace-not-used",
        severity: Severity::Info,
        default: Default::OptIn,
        title: "User namespace not used",
        rationale: "With `hostUsers: false` the pod gets its own user namespace: UID 0 inside maps to an \
                    unprivileged UID on the node, which defuses most container escapes. The Pod Security Standards \
                    (1.35+) relax runAsNonRoot, runAsUser and procMount for such pods. Needs Kubernetes 1.33+ \
                    (beta) and a runtime that supports it; Windows pods, and pods sharing a host namespace \
                    (which cannot use one), are not reported.",
        remediation: "Set `spec.hostUsers: false` in the pod spec (not compatible with hostNetwork, hostPID, hostIPC \
                      or some volume types).",
        references: &[("kubesec", "HostUsers"), ("checkov", "CKV_K8S_40")],
    },
    check,
};

fn check(doc: &Document<'_>, out: &mut Reporter<'_, '_>) {
    let Some(pod) = doc.pod_spec() else { return };
    if pod.os_name() == Some("windows") {
        return;
    }
    // User namespaces cannot be combined with host namespaces (K8S002-K8S004 report those).
    if ["hostNetwork", "hostPID", "hostIPC"]
        .iter()
        .any(|k| pod.node.get(k).and_then(|n| n.as_bool()) == Some(true))
    {
        return;
    }
    let host_users = pod.node.get("hostUsers");
    match host_users.and_then(|n| n.as_bool()) {
        Some(false) => {}
        Some(true) => out.report(
            &RULE.meta,
            &pod.path.key("hostUsers"),
            None,
            format!("the pod of {} shares the host's user namespace (hostUsers: true)", doc.display_name()),
        ),
        None if host_users.is_some_and(|n| !n.is_null()) => {} // not a boolean: a schema problem
        None => out.report(
            &RULE.meta,
            &pod.path.key("hostUsers"),
            None,
            format!(
                "the pod of {} does not set hostUsers: false (it shares the host's user namespace)",
                doc.display_name()
            ),
        ),
    }
}

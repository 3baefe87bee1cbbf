//! K8S037 unsafe-sysctl: the pod sets a sysctl outside the Pod Security Standards' safe set
//! (an allow-list, so fewer false positives than kube-linter's `net.` prefix deny-list).

use crate::diagnostic::Severity;
use crate::model::Document;
use crate::rules::{Default, Reporter, Rule, RuleMeta};
use crate::source::yaml::Node;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "K8S037",
        name: "unsafe-sysctl",
        severity: Severity::High,
        default: Default::On,
        title: "Unsafe sysctl",
        rationale: "Sysctls outside the safe set are not namespaced or not isolated: they change the whole node's \
                    kernel behaviour or let one pod starve others. The baseline Pod Security Standard allows only the \
                    safe set.",
        remediation: "Remove the sysctl, or set it on the node (and run the workload on dedicated nodes).",
        references: &[("kube-linter", "unsafe-sysctls"), ("pss", "baseline: sysctls")],
    },
    check,
};

/// The safe set, with the Kubernetes version whose Pod Security Standards first allow each
/// (pod-security-admission policy/check_sysctls.go).
const SAFE: &[(&str, (u32, u32))] = &[
    ("kernel.shm_rmid_forced", (1, 0)),
    ("net.ipv4.ip_local_port_range", (1, 0)),
    ("net.ipv4.tcp_syncookies", (1, 0)),
    ("net.ipv4.ping_group_range", (1, 0)),
    ("net.ipv4.ip_unprivileged_port_start", (1, 0)),
    ("net.ipv4.ip_local_reserved_ports", (1, 27)),
    ("net.ipv4.tcp_keepalive_time", (1, 29)),
    ("net.ipv4.tcp_keepalive_intvl", (1, 29)),
    ("net.ipv4.tcp_keepalive_probes", (1, 29)),
    ("net.ipv4.tcp_fin_timeout", (1, 29)),
    ("net.ipv4.tcp_rmem", (1, 32)),
    ("net.ipv4.tcp_wmem", (1, 32)),
    ("net.ipv4.tcp_slow_start_after_idle", (1, 37)),
    ("net.ipv4.tcp_notsent_lowat", (1, 37)),
];

fn check(doc: &Document<'_>, out: &mut Reporter<'_, '_>) {
    let Some(pod) = doc.pod_spec() else { return };
    let Some(list) = pod.security_context().and_then(|s| s.get("sysctls")).and_then(Node::as_seq) else {
        return;
    };
    for (i, s) in list.iter().enumerate() {
        let Some(name) = s.get("name").and_then(Node::scalar_text) else { continue };
        let version = out.pss_version();
        if !SAFE.iter().any(|(n, since)| *n == name && version >= *since) {
            let path = pod.path.keys(&["securityContext", "sysctls"]).index(i).key("name");
            out.report(
                &RULE.meta,
                &path,
                None,
                format!("{} sets the unsafe sysctl {name}", doc.display_name()),
            );
        }
    }
}

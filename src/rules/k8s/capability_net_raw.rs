//! K8S021 net-raw-not-dropped: a container keeps NET_RAW (drops neither ALL nor NET_RAW),
//! also when it has no capabilities block at all (kube-linter misses that case).

use super::capabilities::{caps, drop_path};
use crate::diagnostic::Severity;
use crate::model::Document;
use crate::rules::{Default, Reporter, Rule, RuleMeta};

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "K8S021",
        name: "net-raw-not-dropped",
        severity: Severity::Medium,
        default: Default::On,
        title: "NET_RAW not dropped",
        rationale: "NET_RAW lets a process craft raw packets: ARP and DNS spoofing against other pods on the node. \
                    Most runtimes grant it by default.",
        remediation: "Add `NET_RAW` (or `ALL`) to `securityContext.capabilities.drop`.",
        references: &[
            ("kube-linter", "drop-net-raw-capability"),
            ("checkov", "CKV_K8S_28"),
            ("polaris", "insecureCapabilities"),
        ],
    },
    check,
};

fn check(doc: &Document<'_>, out: &mut Reporter<'_>) {
    let Some(pod) = doc.pod_spec() else { return };
    if pod.os_name() == Some("windows") {
        return;
    }
    for c in pod.containers() {
        if !caps(c, "drop").iter().any(|k| k.norm == "ALL" || k.norm == "NET_RAW") {
            out.report(
                &RULE.meta,
                &drop_path(c),
                None,
                format!("{} of {} keeps the NET_RAW capability", c.describe(), doc.display_name()),
            );
        }
    }
}

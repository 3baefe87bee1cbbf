//! K8S020 capabilities-drop-all: a Linux container does not drop `ALL` capabilities.

use super::capabilities::{caps, drop_path};
use crate::diagnostic::Severity;
use crate::model::Document;
use crate::rules::{Default, Reporter, Rule, RuleMeta};

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "K8S020",
        name: "capabilities-drop-all",
        severity: Severity::Medium,
        default: Default::On,
        title: "Capabilities: ALL not dropped",
        rationale: "Containers start with the runtime's default capability set (NET_RAW, CHOWN, SETUID, …). Dropping \
                    ALL and adding back only what is needed removes most kernel attack surface. The Pod Security \
                    Standards (restricted) require `drop: [\"ALL\"]` exactly; Windows pods are exempt.",
        remediation: "Add `securityContext.capabilities.drop: [\"ALL\"]` (then `add` only what the process needs).",
        references: &[
            ("kubesec", "CapDropAll"),
            ("pss", "restricted: capabilities_restricted"),
            ("checkov", "CKV_K8S_37"),
            ("polaris", "insecureCapabilities"),
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
        if !caps(c, "drop").iter().any(|k| k.raw == "ALL") {
            out.report(
                &RULE.meta,
                &drop_path(c),
                None,
                format!("{} of {} does not drop ALL capabilities", c.describe(), doc.display_name()),
            );
        }
    }
}

//! K8S024 capability-sys-admin: a container adds SYS_ADMIN (any case, with or without the
//! `CAP_` prefix — checkov's exact match misses `CAP_SYS_ADMIN`).

use super::capabilities::caps;
use crate::diagnostic::Severity;
use crate::model::Document;
use crate::rules::{Default, Reporter, Rule, RuleMeta};

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "K8S024",
        name: "capability-sys-admin",
        severity: Severity::Critical,
        default: Default::On,
        title: "CAP_SYS_ADMIN added",
        rationale: "SYS_ADMIN is \"the new root\": mount, namespace and BPF operations that make container escape \
                    straightforward.",
        remediation: "Remove SYS_ADMIN from `capabilities.add`; find the narrower capability the process needs.",
        references: &[
            ("kubesec", "CapSysAdmin"),
            ("kube-linter", "privilege-escalation-container"),
            ("pss", "baseline: capabilities_baseline"),
            ("checkov", "CKV_K8S_39"),
            ("polaris", "dangerousCapabilities"),
        ],
    },
    check,
};

fn check(doc: &Document<'_>, out: &mut Reporter<'_, '_>) {
    let Some(pod) = doc.pod_spec() else { return };
    for c in pod.containers() {
        for k in caps(c, "add") {
            if k.norm == "SYS_ADMIN" {
                out.report(
                    &RULE.meta,
                    &k.path(),
                    None,
                    format!("{} of {} adds {}", c.describe(), doc.display_name(), k.raw),
                );
            }
        }
    }
}

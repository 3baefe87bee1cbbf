//! K8S025 capability-dangerous: a container adds ALL, NET_ADMIN or another capability that
//! opens a path to the node (SYS_MODULE, SYS_PTRACE, BPF, …), compared after normalising.

use super::capabilities::caps;
use crate::diagnostic::Severity;
use crate::model::Document;
use crate::rules::{Default, Reporter, Rule, RuleMeta};

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "K8S025",
        name: "capability-dangerous",
        severity: Severity::High,
        default: Default::On,
        title: "Other dangerous capability added",
        rationale: "These capabilities let a process load kernel modules, trace other processes, reconfigure the \
                    node's network, read any file or bypass MAC policies. (SYS_ADMIN is K8S024.)",
        remediation: "Remove the capability from `capabilities.add`.",
        references: &[
            ("pss", "baseline: capabilities_baseline"),
            ("checkov", "CKV_K8S_25"),
            ("polaris", "dangerousCapabilities"),
        ],
    },
    check,
};

const DANGEROUS: &[&str] = &[
    "ALL",
    "NET_ADMIN",
    "SYS_MODULE",
    "SYS_PTRACE",
    "SYS_RAWIO",
    "SYS_BOOT",
    "SYS_TIME",
    "BPF",
    "PERFMON",
    "DAC_READ_SEARCH",
    "MAC_ADMIN",
    "MAC_OVERRIDE",
    "NET_RAW",
];

fn check(doc: &Document<'_>, out: &mut Reporter<'_, '_>) {
    let Some(pod) = doc.pod_spec() else { return };
    for c in pod.containers() {
        for k in caps(c, "add") {
            if DANGEROUS.contains(&k.norm.as_str()) {
                out.report(
                    &RULE.meta,
                    &k.path(),
                    None,
                    format!(
                        "{} of {} adds the dangerous capability {}",
                        c.describe(),
                        doc.display_name(),
                        k.raw
                    ),
                );
            }
        }
    }
}

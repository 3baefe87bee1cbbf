//! K8S002 host-pid: the pod sets `hostPID: true`.

use crate::diagnostic::Severity;
use crate::model::Document;
use crate::rules::{Default, Reporter, Rule, RuleMeta};

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "K8S002",
        name: "host-pid",
        severity: Severity::Critical,
        default: Default::On,
        title: "Host PID namespace",
        rationale: "A pod in the host PID namespace sees and can signal every process on the node, and can read their environment and memory through /proc.",
        remediation: "Remove `hostPID: true` from the pod spec.",
        references: &[
            ("kubesec", "HostPID"),
            ("kube-linter", "host-pid"),
            ("pss", "baseline: hostNamespaces"),
            ("checkov", "CKV_K8S_17"),
            ("polaris", "hostPIDSet"),
        ],
    },
    check,
};

fn check(doc: &Document<'_>, out: &mut Reporter<'_, '_>) {
    super::host_namespace::check_flag(doc, out, &RULE.meta, "hostPID", "process namespace");
}

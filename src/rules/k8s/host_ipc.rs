//! K8S003 host-ipc: the pod sets `hostIPC: true`.

use crate::diagnostic::Severity;
use crate::model::Document;
use crate::rules::{Default, Reporter, Rule, RuleMeta};

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "K8S003",
        name: "host-ipc",
        severity: Severity::High,
        default: Default::On,
        title: "Host IPC namespace",
        rationale: "A pod in the host IPC namespace can read and write the shared memory and message queues of every process on the node.",
        remediation: "Remove `hostIPC: true` from the pod spec.",
        references: &[
            ("kubesec", "HostIPC"),
            ("kube-linter", "host-ipc"),
            ("pss", "baseline: hostNamespaces"),
            ("checkov", "CKV_K8S_18"),
            ("polaris", "hostIPCSet"),
        ],
    },
    check,
};

fn check(doc: &Document<'_>, out: &mut Reporter<'_, '_>) {
    super::host_namespace::check_flag(doc, out, &RULE.meta, "hostIPC", "IPC namespace");
}

//! K8S004 host-network: the pod sets `hostNetwork: true`.

use crate::diagnostic::Severity;
use crate::model::Document;
use crate::rules::{Default, Reporter, Rule, RuleMeta};

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "K8S004",
        name: "host-network",
        severity: Severity::High,
        default: Default::On,
        title: "Host network namespace",
        rationale: "A pod on the host network can bind any host port, reach services bound to localhost on the node and sniff its traffic; NetworkPolicies do not apply to it.",
        remediation: "Remove `hostNetwork: true` from the pod spec.",
        references: &[
            ("kubesec", "HostNetwork"),
            ("kube-linter", "host-network"),
            ("pss", "baseline: hostNamespaces"),
            ("checkov", "CKV_K8S_19"),
            ("polaris", "hostNetworkSet"),
        ],
    },
    check,
};

fn check(doc: &Document<'_>, out: &mut Reporter<'_, '_>) {
    super::host_namespace::check_flag(doc, out, &RULE.meta, "hostNetwork", "network namespace");
}

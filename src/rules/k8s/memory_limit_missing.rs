//! K8S052 memory-limit-missing: a container's `resources.limits.memory` is absent or zero.

use crate::diagnostic::Severity;
use crate::model::Document;
use crate::rules::{Default, Reporter, Rule, RuleMeta};

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "K8S052",
        name: "memory-limit-missing",
        severity: Severity::Medium,
        default: Default::On,
        title: "Memory limit missing",
        rationale: "Without a memory limit one leaking container can exhaust the node's memory and get other pods OOM-killed. Quantity 0 counts as missing.",
        remediation: "Set `resources.limits.memory`.",
        references: &[
            ("kubesec", "LimitsMemory"),
            ("kube-linter", "unset-memory-requirements"),
            ("checkov", "CKV_K8S_13"),
            ("polaris", "memoryLimitsMissing"),
            ("kube-score", "container-resources"),
        ],
    },
    check,
};

fn check(doc: &Document<'_>, out: &mut Reporter<'_>) {
    super::resources::check_resource(doc, out, &RULE.meta, "limits", "memory");
}

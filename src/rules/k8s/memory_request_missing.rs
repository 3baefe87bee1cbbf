//! K8S051 memory-request-missing: a container's `resources.requests.memory` is absent or zero.

use crate::diagnostic::Severity;
use crate::model::Document;
use crate::rules::{Default, Reporter, Rule, RuleMeta};

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "K8S051",
        name: "memory-request-missing",
        severity: Severity::Medium,
        default: Default::On,
        title: "Memory request missing",
        rationale: "Without a memory request the scheduler can place the pod on a node that cannot hold it, and it is among the first evicted under memory pressure. Quantity 0 counts as missing.",
        remediation: "Set `resources.requests.memory` (for example `128Mi`).",
        references: &[
            ("kubesec", "RequestsMemory"),
            ("checkov", "CKV_K8S_12"),
            ("polaris", "memoryRequestsMissing"),
            ("kube-score", "container-resources"),
        ],
    },
    check,
};

fn check(doc: &Document<'_>, out: &mut Reporter<'_>) {
    super::resources::check_resource(doc, out, &RULE.meta, "requests", "memory");
}

//! K8S053 cpu-limit-missing: a container's `resources.limits.cpu` is absent or zero.

use crate::diagnostic::Severity;
use crate::model::Document;
use crate::rules::{Default, Reporter, Rule, RuleMeta};

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "K8S053",
        name: "cpu-limit-missing",
        severity: Severity::Low,
        default: Default::OptIn,
        title: "CPU limit missing",
        rationale: "Without a CPU limit a busy container can use every idle core of its node. Opt-in because CPU \
                    limits also cause throttling of latency-sensitive workloads even when the node is idle; many \
                    teams set requests only. Quantity 0 counts as missing; init containers are checked too.",
        remediation: "Set `resources.limits.cpu` (for example `500m`), or keep this rule off if you rely on \
                      requests and CPU shares.",
        references: &[
            ("kubesec", "LimitsCPU"),
            ("checkov", "CKV_K8S_11"),
            ("polaris", "cpuLimitsMissing"),
            ("kube-score", "container-resources"),
        ],
    },
    check,
};

fn check(doc: &Document<'_>, out: &mut Reporter<'_, '_>) {
    super::resources::check_resource(doc, out, &RULE.meta, "limits", "cpu");
}

//! K8S050 cpu-request-missing: a container's `resources.requests.cpu` is absent or zero.

use crate::diagnostic::Severity;
use crate::model::Document;
use crate::rules::{Default, Reporter, Rule, RuleMeta};

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "K8S050",
        name: "cpu-request-missing",
        severity: Severity::Medium,
        default: Default::On,
        title: "CPU request missing",
        rationale: "Without a CPU request the scheduler treats the container as needing nothing: nodes get overcommitted and the pod is first to be throttled. Quantity 0 counts as missing; init containers are checked too (Polaris skips them).",
        remediation: "Set `resources.requests.cpu` (for example `100m`).",
        references: &[
            ("kubesec", "RequestsCPU"),
            ("kube-linter", "unset-cpu-requirements"),
            ("checkov", "CKV_K8S_10"),
            ("polaris", "cpuRequestsMissing"),
            ("kube-score", "container-resources"),
        ],
    },
    check,
};

fn check(doc: &Document<'_>, out: &mut Reporter<'_>) {
    super::resources::check_resource(doc, out, &RULE.meta, "requests", "cpu");
}

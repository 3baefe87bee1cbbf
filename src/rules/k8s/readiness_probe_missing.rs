//! K8S071 readiness-probe-missing: a long-running container has no `readinessProbe`.

use crate::diagnostic::Severity;
use crate::model::Document;
use crate::rules::{Default, Reporter, Rule, RuleMeta};

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "K8S071",
        name: "readiness-probe-missing",
        severity: Severity::Low,
        default: Default::OptIn,
        title: "Readiness probe missing",
        rationale: "Without a readiness probe a pod receives Service traffic as soon as its process starts, before \
                    it can answer, and keeps receiving it while overloaded; rolling updates then drop requests. \
                    Regular containers and native sidecars are checked; Jobs and CronJobs are skipped.",
        remediation: "Add a `readinessProbe` that succeeds only when the container can serve requests.",
        references: &[
            ("kube-linter", "no-readiness-probe"),
            ("checkov", "CKV_K8S_9"),
            ("polaris", "readinessProbeMissing"),
            ("kube-score", "pod-probes"),
        ],
    },
    check,
};

fn check(doc: &Document<'_>, out: &mut Reporter<'_, '_>) {
    super::probes::check_probe(doc, out, &RULE.meta, "readinessProbe");
}

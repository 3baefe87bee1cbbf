//! K8S070 liveness-probe-missing: a long-running container has no `livenessProbe`.

use crate::diagnostic::Severity;
use crate::model::Document;
use crate::rules::{Default, Reporter, Rule, RuleMeta};

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "K8S070",
        name: "liveness-probe-missing",
        severity: Severity::Low,
        default: Default::OptIn,
        title: "Liveness probe missing",
        rationale: "Without a liveness probe a deadlocked process keeps its pod Running forever; the kubelet only \
                    restarts containers whose process exits. Regular containers and native sidecars \
                    (initContainers with `restartPolicy: Always`) are checked; ordinary init containers cannot \
                    have probes, and Jobs and CronJobs are skipped.",
        remediation: "Add a `livenessProbe` (httpGet, tcpSocket, grpc or exec) that fails only when the process \
                      cannot recover by itself.",
        references: &[
            ("kube-linter", "no-liveness-probe"),
            ("checkov", "CKV_K8S_8"),
            ("polaris", "livenessProbeMissing"),
            ("kube-score", "pod-probes"),
        ],
    },
    check,
};

fn check(doc: &Document<'_>, out: &mut Reporter<'_, '_>) {
    super::probes::check_probe(doc, out, &RULE.meta, "livenessProbe");
}

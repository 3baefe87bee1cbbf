//! K8S096 hpa-max-not-above-min: a HorizontalPodAutoscaler's `maxReplicas` is not greater
//! than its `minReplicas` (1 when absent), so it can never scale.

use crate::diagnostic::Severity;
use crate::model::Document;
use crate::rules::{Default, Reporter, Rule, RuleMeta};
use crate::source::yaml::ObjPath;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "K8S096",
        name: "hpa-max-not-above-min",
        severity: Severity::Low,
        default: Default::On,
        title: "HPA maxReplicas <= minReplicas",
        rationale: "With `maxReplicas` equal to (or below) `minReplicas` the autoscaler has no room to scale: the \
                    workload is pinned at a fixed size under load, which is rarely what was meant.",
        remediation: "Set `maxReplicas` above `minReplicas`, or remove the HorizontalPodAutoscaler and set `replicas`.",
        references: &[("polaris", "hpaMaxAvailability")],
    },
    check,
};

fn check(doc: &Document<'_>, out: &mut Reporter<'_, '_>) {
    if doc.kind() != "HorizontalPodAutoscaler" {
        return;
    }
    let Some(spec) = doc.root.get("spec") else { return };
    let Some(max) = spec.get("maxReplicas").and_then(|n| n.as_i64()) else { return };
    let (min, from) = match spec.get("minReplicas").and_then(|n| n.as_i64()) {
        Some(m) => (m, ""),
        None => (1, " (the default when minReplicas is absent)"),
    };
    if max <= min {
        out.report(
            &RULE.meta,
            &ObjPath::root().keys(&["spec", "maxReplicas"]),
            None,
            format!("{} has maxReplicas {max}, not above minReplicas {min}{from}", doc.display_name()),
        );
    }
}

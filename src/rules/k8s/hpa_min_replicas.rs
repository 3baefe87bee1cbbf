//! K8S095 hpa-min-replicas: an HorizontalPodAutoscaler's `spec.minReplicas` (absent means 1)
//! is below 2.

use crate::diagnostic::Severity;
use crate::model::Document;
use crate::rules::{Default, Reporter, Rule, RuleMeta};
use crate::source::yaml::ObjPath;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "K8S095",
        name: "hpa-min-replicas",
        severity: Severity::Low,
        default: Default::OptIn,
        title: "HPA minReplicas too low",
        rationale: "An autoscaler allowed to scale down to one replica takes the workload's availability with it \
                    at quiet times: the next node drain or crash is an outage. The threshold is 2 (Polaris, \
                    kube-score); kube-linter asks for 3.",
        remediation: "Set `spec.minReplicas: 2` or more.",
        references: &[
            ("kube-linter", "hpa-minimum-three-replicas"),
            ("polaris", "hpaMinAvailability"),
            ("kube-score", "horizontalpodautoscaler-replicas"),
        ],
    },
    check,
};

const MIN: i64 = 2;

fn check(doc: &Document<'_>, out: &mut Reporter<'_, '_>) {
    if doc.kind() != "HorizontalPodAutoscaler" {
        return;
    }
    let path = ObjPath::root().keys(&["spec", "minReplicas"]);
    let node = doc.root.get("spec").and_then(|s| s.get("minReplicas")).filter(|n| !n.is_null());
    let n = match node {
        None => 1,
        Some(n) => match n.as_i64() {
            Some(v) => v,
            None => return, // not an integer: a schema problem
        },
    };
    // 0 enables scale-to-zero (alpha HPAScaleToZero): deliberate.
    if n == 0 || n >= MIN {
        return;
    }
    let how = if node.is_some() {
        format!("minReplicas is {n}")
    } else {
        "minReplicas is not set (so 1)".to_string()
    };
    out.report(
        &RULE.meta,
        &path,
        None,
        format!("{}: {how}; at least {MIN} keep it available", doc.display_name()),
    );
}

//! K8S074 too-few-replicas: a Deployment (or DeploymentConfig) sets `spec.replicas` to 1.
//! An absent `replicas` is not reported: it usually means an HorizontalPodAutoscaler or a
//! kustomize `replicas:` entry owns the count, which a single file cannot see; 0 is a
//! deliberate scale-down.

use crate::diagnostic::Severity;
use crate::model::Document;
use crate::rules::{Default, Reporter, Rule, RuleMeta};
use crate::source::yaml::ObjPath;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "K8S074",
        name: "too-few-replicas",
        severity: Severity::Low,
        default: Default::OptIn,
        title: "Too few replicas",
        rationale: "A single replica means downtime at every node drain, eviction, crash and rolling update step \
                    that cannot surge. The threshold is 2 (Polaris, kube-score); kube-linter asks for 3.",
        remediation: "Run at least 2 replicas (with a PodDisruptionBudget and pod anti-affinity), or let an \
                      HorizontalPodAutoscaler with `minReplicas: 2` own the count.",
        references: &[
            ("kube-linter", "minimum-three-replicas"),
            ("polaris", "deploymentMissingReplicas"),
            ("kube-score", "deployment-replicas"),
        ],
    },
    check,
};

const MIN: i64 = 2;

fn check(doc: &Document<'_>, out: &mut Reporter<'_, '_>) {
    if !matches!(doc.kind(), "Deployment" | "DeploymentConfig") {
        return;
    }
    let Some(n) = doc.root.get("spec").and_then(|s| s.get("replicas")).and_then(|r| r.as_i64()) else {
        return;
    };
    if n > 0 && n < MIN {
        out.report(
            &RULE.meta,
            &ObjPath::root().keys(&["spec", "replicas"]),
            None,
            format!(
                "{} runs {n} replica; at least {MIN} keep it available during disruptions",
                doc.display_name()
            ),
        );
    }
}

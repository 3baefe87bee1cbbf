//! K8S078 deployment-strategy: a Deployment's `spec.strategy.type` is not RollingUpdate
//! (a DeploymentConfig's not Rolling). Absent means the rolling default and passes.

use crate::diagnostic::Severity;
use crate::model::Document;
use crate::rules::{Default, Reporter, Rule, RuleMeta};
use crate::source::yaml::ObjPath;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "K8S078",
        name: "deployment-strategy",
        severity: Severity::Info,
        default: Default::OptIn,
        title: "Deployment strategy not RollingUpdate",
        rationale: "The Recreate strategy stops every old pod before starting a new one: each rollout is an outage. \
                    It is sometimes needed (ReadWriteOnce volumes, singleton workers), hence info and opt-in.",
        remediation: "Use `strategy.type: RollingUpdate` (the default), or suppress with the reason Recreate is \
                      needed.",
        references: &[("kube-linter", "no-rolling-update-strategy"), ("kube-score", "deployment-strategy")],
    },
    check,
};

fn check(doc: &Document<'_>, out: &mut Reporter<'_, '_>) {
    let want = match doc.kind() {
        "Deployment" => "RollingUpdate",
        "DeploymentConfig" => "Rolling",
        _ => return,
    };
    let Some(t) = doc.root.get("spec").and_then(|s| s.get("strategy")).and_then(|s| s.get("type")) else {
        return;
    };
    let Some(t) = t.as_str().filter(|t| !t.is_empty()) else { return };
    if t == want {
        return;
    }
    let why = if t == "Recreate" { "every rollout stops all pods first" } else { "not a rolling update" };
    out.report(
        &RULE.meta,
        &ObjPath::root().keys(&["spec", "strategy", "type"]),
        None,
        format!("{} uses the {t} strategy: {why}", doc.display_name()),
    );
}

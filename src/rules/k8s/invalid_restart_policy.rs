//! K8S080 invalid-restart-policy: the pod's `restartPolicy` is one the owning controller
//! rejects or misuses. Long-running controllers (Deployment, StatefulSet, DaemonSet,
//! ReplicaSet, ReplicationController, DeploymentConfig, Argo Rollout) accept only `Always`
//! (absent means Always); Job and CronJob need `OnFailure` or `Never` and have no default;
//! a Pod accepts `Always`, `OnFailure` or `Never` (case matters).
//!
//! kube-linter accepts `OnFailure` on a Deployment (the API rejects it) and flags Jobs with
//! `Never` and every absent value (false positives); kube-score only checks CronJobs.

use crate::diagnostic::Severity;
use crate::model::Document;
use crate::rules::{Default, Reporter, Rule, RuleMeta};
use crate::source::yaml::{Node, Seg};

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "K8S080",
        name: "invalid-restart-policy",
        severity: Severity::Low,
        default: Default::On,
        title: "Invalid restartPolicy",
        rationale: "The API server rejects a Deployment-like workload whose pod template does not restart with \
                    `Always`, and a Job or CronJob without `OnFailure` or `Never`: the object never reaches the \
                    cluster and the GitOps sync fails.",
        remediation: "Use `restartPolicy: Always` (or leave it out) for long-running workloads, and \
                      `restartPolicy: OnFailure` or `Never` for Jobs and CronJobs.",
        references: &[("kube-linter", "restart-policy"), ("kube-score", "cronjob-restartpolicy")],
    },
    check,
};

const ALL: [&str; 3] = ["Always", "OnFailure", "Never"];

enum Owner {
    LongRunning,
    Batch,
    /// A Pod, a PodTemplate or an unknown kind: any valid value.
    Any,
}

fn check(doc: &Document<'_>, out: &mut Reporter<'_, '_>) {
    let Some(pod) = doc.pod_spec() else { return };
    let kind = doc.kind();
    let owner = match kind {
        "Deployment"
        | "StatefulSet"
        | "DaemonSet"
        | "ReplicaSet"
        | "ReplicationController"
        | "DeploymentConfig"
        | "Rollout" => Owner::LongRunning,
        "Job" | "CronJob" => Owner::Batch,
        _ if pod.path.0.contains(&Seg::Key("jobTemplate".into())) => Owner::Batch,
        _ => Owner::Any,
    };
    let at = pod.path.key("restartPolicy");
    let value = pod.node.get("restartPolicy").filter(|n| !n.is_null());
    let text = value.and_then(Node::scalar_text);
    let name = doc.display_name();
    match (owner, text) {
        (Owner::LongRunning, Some(t)) if t != "Always" => out.report(
            &RULE.meta,
            &at,
            None,
            format!("{name} sets restartPolicy {t}; a {kind} only accepts Always"),
        ),
        (Owner::Batch, Some(t)) if t != "OnFailure" && t != "Never" => out.report(
            &RULE.meta,
            &at,
            None,
            format!("{name} sets restartPolicy {t}; a {kind} needs OnFailure or Never"),
        ),
        (Owner::Batch, None) => out.report_with_help(
            &RULE.meta,
            &at,
            None,
            format!("{name} does not set restartPolicy; a {kind} needs OnFailure or Never"),
            "Add `restartPolicy: OnFailure` (retry in place) or `restartPolicy: Never` (new pod per retry) to \
             the pod template's spec."
                .to_string(),
        ),
        (Owner::Any, Some(t)) if !ALL.contains(&t) => out.report(
            &RULE.meta,
            &at,
            None,
            format!("{name} sets restartPolicy {t}; valid values are Always, OnFailure and Never"),
        ),
        _ => {}
    }
}

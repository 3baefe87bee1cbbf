//! K8S076 topology-spread: a replicated workload (not a Job, CronJob, DaemonSet or bare Pod)
//! has no `topologySpreadConstraints`, or one of its constraints is malformed (no label
//! selector, `maxSkew` below 1, empty `topologyKey`, unknown `whenUnsatisfiable`, or
//! `minDomains` without `DoNotSchedule`).

use crate::diagnostic::Severity;
use crate::model::Document;
use crate::rules::{Default, Reporter, Rule, RuleMeta};
use crate::source::yaml::Node;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "K8S076",
        name: "topology-spread",
        severity: Severity::Info,
        default: Default::OptIn,
        title: "Topology spread constraints missing or invalid",
        rationale: "Spread constraints keep replicas balanced across zones and nodes as the cluster scales, which \
                    anti-affinity alone does not. A constraint without a label selector counts no pods and \
                    constrains nothing. DaemonSets (one pod per node), Jobs, CronJobs and bare Pods are not checked.",
        remediation: "Add `spec.topologySpreadConstraints` with `maxSkew: 1`, `topologyKey: \
                      topology.kubernetes.io/zone` (or `kubernetes.io/hostname`), `whenUnsatisfiable: \
                      ScheduleAnyway` and a `labelSelector` matching the pod labels.",
        references: &[
            ("polaris", "topologySpreadConstraint"),
            ("kube-score", "pod-topology-spread-constraints"),
        ],
    },
    check,
};

fn check(doc: &Document<'_>, out: &mut Reporter<'_, '_>) {
    if matches!(doc.kind(), "Job" | "CronJob" | "DaemonSet" | "Pod" | "PodTemplate") {
        return;
    }
    let Some(pod) = doc.pod_spec() else { return };
    let path = pod.path.key("topologySpreadConstraints");
    let list = pod.node.get("topologySpreadConstraints").and_then(Node::as_seq).unwrap_or(&[]);
    if list.is_empty() {
        out.report(
            &RULE.meta,
            &path,
            None,
            format!("the pod template of {} has no topologySpreadConstraints", doc.display_name()),
        );
        return;
    }
    for (i, t) in list.iter().enumerate() {
        if t.as_map().is_none() {
            continue;
        }
        let at = path.index(i);
        let when = t.get("whenUnsatisfiable").and_then(Node::scalar_text);
        let problem = if t.get("labelSelector").is_none_or(Node::is_null) {
            Some(("labelSelector", "has no labelSelector, so it counts no pods".to_string()))
        } else if t.get("maxSkew").and_then(Node::as_i64).is_none_or(|s| s < 1) {
            Some(("maxSkew", "needs maxSkew of at least 1".to_string()))
        } else if t.get("topologyKey").and_then(Node::scalar_text).is_none_or(str::is_empty) {
            Some(("topologyKey", "has no topologyKey".to_string()))
        } else if !matches!(when, Some("DoNotSchedule" | "ScheduleAnyway")) {
            Some(("whenUnsatisfiable", format!("has whenUnsatisfiable {}", when.unwrap_or("unset"))))
        } else if t.get("minDomains").is_some() && when != Some("DoNotSchedule") {
            Some((
                "minDomains",
                "sets minDomains, which only applies with whenUnsatisfiable: DoNotSchedule".to_string(),
            ))
        } else {
            None
        };
        if let Some((field, what)) = problem {
            out.report(
                &RULE.meta,
                &at.key(field),
                None,
                format!("topology spread constraint #{} of {} {what}", i + 1, doc.display_name()),
            );
        }
    }
}

//! K8S075 no-host-anti-affinity: a Deployment or StatefulSet with 2 or more replicas has no
//! pod anti-affinity term (required or preferred) with `topologyKey: kubernetes.io/hostname`
//! whose label selector selects its own pods, so all replicas may land on one node.
//! A `topologySpreadConstraints` entry over the hostname that selects the pods counts too.

use super::labels::selects;
use crate::diagnostic::Severity;
use crate::model::Document;
use crate::rules::{Default, Reporter, Rule, RuleMeta};
use crate::source::yaml::Node;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "K8S075",
        name: "no-host-anti-affinity",
        severity: Severity::Low,
        default: Default::OptIn,
        title: "No host pod anti-affinity",
        rationale: "Replicas exist to survive the loss of one; if the scheduler puts them on the same node, one node \
                    failure or drain takes them all. Only a term over `kubernetes.io/hostname` that selects the \
                    workload's own pod labels spreads them. Workloads whose replica count is absent or below 2 are \
                    not checked.",
        remediation: "Add `affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution` with \
                      `topologyKey: kubernetes.io/hostname` and a `labelSelector` matching the pod labels, or a \
                      `topologySpreadConstraints` entry over `kubernetes.io/hostname`.",
        references: &[
            ("kube-linter", "no-anti-affinity"),
            ("kube-score", "deployment-has-host-podantiaffinity"),
            ("kube-score", "statefulset-has-host-podantiaffinity"),
        ],
    },
    check,
};

const HOSTNAME: &str = "kubernetes.io/hostname";

fn term_spreads(term: &Node, labels: Option<&Node>) -> bool {
    term.get("topologyKey").and_then(Node::scalar_text) == Some(HOSTNAME)
        && selects(term.get("labelSelector"), labels)
}

fn check(doc: &Document<'_>, out: &mut Reporter<'_, '_>) {
    if !matches!(doc.kind(), "Deployment" | "StatefulSet") {
        return;
    }
    let Some(replicas) = doc.root.get("spec").and_then(|s| s.get("replicas")).and_then(Node::as_i64) else {
        return;
    };
    if replicas < 2 {
        return;
    }
    let Some(pod) = doc.pod_spec() else { return };
    let labels = doc.root.resolve(&pod.metadata_path().key("labels"));
    let labels = labels.exact.then_some(labels.node);
    let anti = pod.node.get("affinity").and_then(|a| a.get("podAntiAffinity"));
    let seq = |k: &str| anti.and_then(|a| a.get(k)).and_then(Node::as_seq).unwrap_or(&[]);
    let required =
        seq("requiredDuringSchedulingIgnoredDuringExecution").iter().any(|t| term_spreads(t, labels));
    let preferred = seq("preferredDuringSchedulingIgnoredDuringExecution")
        .iter()
        .filter_map(|w| w.get("podAffinityTerm"))
        .any(|t| term_spreads(t, labels));
    let spread = pod
        .node
        .get("topologySpreadConstraints")
        .and_then(Node::as_seq)
        .unwrap_or(&[])
        .iter()
        .any(|t| term_spreads(t, labels));
    if required || preferred || spread {
        return;
    }
    let what = if anti.is_some() {
        "has no pod anti-affinity term over kubernetes.io/hostname that selects its own pods"
    } else {
        "has no pod anti-affinity"
    };
    out.report(
        &RULE.meta,
        &pod.path.keys(&["affinity", "podAntiAffinity"]),
        None,
        format!("{} runs {replicas} replicas but {what}: they may all run on one node", doc.display_name()),
    );
}

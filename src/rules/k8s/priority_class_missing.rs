//! K8S079 priority-class-missing: the pod sets no `priorityClassName`.

use crate::diagnostic::Severity;
use crate::model::Document;
use crate::rules::{Default, Reporter, Rule, RuleMeta};
use crate::source::yaml::Node;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "K8S079",
        name: "priority-class-missing",
        severity: Severity::Info,
        default: Default::OptIn,
        title: "priorityClassName missing or not allowed",
        rationale: "Without a priority class every pod has the cluster's default priority (usually 0): under \
                    resource pressure the scheduler cannot tell critical services from batch work and preempts or \
                    evicts them in arbitrary order.",
        remediation: "Set `spec.priorityClassName` to one of the cluster's PriorityClasses.",
        references: &[("kube-linter", "priority-class-name"), ("polaris", "priorityClassNotSet")],
    },
    check,
};

fn check(doc: &Document<'_>, out: &mut Reporter<'_, '_>) {
    let Some(pod) = doc.pod_spec() else { return };
    if pod.node.get("priorityClassName").and_then(Node::scalar_text).is_some_and(|s| !s.is_empty()) {
        return;
    }
    out.report(
        &RULE.meta,
        &pod.path.key("priorityClassName"),
        None,
        format!("the pod of {} sets no priorityClassName", doc.display_name()),
    );
}

//! K8S109 rbac-create-workloads: a Role or ClusterRole grants `create` on pods or on a
//! controller that creates pods (deployments, statefulsets, replicasets, daemonsets, jobs,
//! cronjobs) in its API group. `system:` roles are not reported; a bare `*` is K8S106's.

use super::rbac;
use crate::diagnostic::Severity;
use crate::model::Document;
use crate::rules::{Default, Reporter, Rule, RuleMeta};

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "K8S109",
        name: "rbac-create-workloads",
        severity: Severity::Medium,
        default: Default::OptIn,
        title: "Create access to pods/workloads",
        rationale: "Whoever can create a pod (directly or through a controller) can run it as any service account \
                    of the namespace and mount any of its Secrets, so the role is worth as much as the most \
                    privileged account and Secret there.",
        remediation: "Grant create on workloads only to deployment automation (the GitOps controller), not to \
                      applications or people.",
        references: &[("kube-linter", "access-to-create-pods")],
    },
    check,
};

/// (API group, resource).
const TARGETS: [(&str, &str); 7] = [
    ("", "pods"),
    ("apps", "deployments"),
    ("apps", "statefulsets"),
    ("apps", "replicasets"),
    ("apps", "daemonsets"),
    ("batch", "jobs"),
    ("batch", "cronjobs"),
];

fn check(doc: &Document<'_>, out: &mut Reporter<'_, '_>) {
    if !rbac::is_role(doc) || rbac::is_system(doc) {
        return;
    }
    for rule in rbac::rules(doc) {
        if !rule.grants_verb(&["create"]) {
            continue;
        }
        for item in rule.items("resources") {
            if item.text == "*" {
                continue;
            }
            let hits: Vec<&str> = TARGETS
                .iter()
                .filter(|(g, r)| rule.grants_group(g) && rbac::resource_matches(item.text, r))
                .map(|(_, r)| *r)
                .collect();
            if hits.is_empty() {
                continue;
            }
            out.report(
                &RULE.meta,
                &item.path,
                None,
                format!(
                    "{} grants create on `{}`: the subject can start pods ({})",
                    doc.display_name(),
                    item.text,
                    hits.join(", ")
                ),
            );
        }
    }
}

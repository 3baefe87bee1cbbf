//! K8S107 cluster-admin-binding: a RoleBinding or ClusterRoleBinding refers to the
//! `cluster-admin` ClusterRole. Bindings named `system:…` are Kubernetes' own. Bindings to
//! other roles whose rules are all-wildcard need the role object (a cross-object check).
//! A binding whose only subject is the group `system:masters` (Kubernetes' own
//! `cluster-admin` binding, vendored) grants nothing new: that group bypasses RBAC.

use crate::diagnostic::Severity;
use crate::model::Document;
use crate::rules::{Default, Reporter, Rule, RuleMeta};
use crate::source::yaml::{Node, ObjPath};

use super::rbac;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "K8S107",
        name: "cluster-admin-binding",
        severity: Severity::High,
        default: Default::On,
        title: "Binding to cluster-admin",
        rationale: "`cluster-admin` allows every verb on every resource in every namespace. Even a RoleBinding to it \
                    gives full control of the namespace, Secrets and RBAC included.",
        remediation: "Bind a role that grants only the API groups, resources and verbs the subject needs.",
        references: &[
            ("kube-linter", "cluster-admin-role-binding"),
            ("polaris", "clusterrolebindingClusterAdmin"),
            ("polaris", "rolebindingClusterAdminClusterRole"),
            ("polaris", "rolebindingClusterAdminRole"),
        ],
    },
    check,
};

fn check(doc: &Document<'_>, out: &mut Reporter<'_, '_>) {
    if !rbac::is_binding(doc) || rbac::is_system(doc) {
        return;
    }
    let Some(role) = doc.root.get("roleRef") else { return };
    let text = |k: &str| role.get(k).and_then(Node::scalar_text);
    if text("kind") == Some("ClusterRole") && text("name") == Some("cluster-admin") {
        let all = rbac::subjects(doc);
        if !all.is_empty() && all.iter().all(|s| s.kind == Some("Group") && s.name == Some("system:masters"))
        {
            return;
        }
        let subjects: Vec<String> =
            all.iter().filter_map(|s| Some(format!("{} {}", s.kind?, s.name?))).collect();
        let to = if subjects.is_empty() { String::new() } else { format!(" to {}", subjects.join(", ")) };
        let scope = match (doc.kind(), doc.identity.namespace.as_deref()) {
            ("RoleBinding", Some(ns)) => format!(" within namespace {ns}"),
            ("RoleBinding", None) => " within its namespace".to_string(),
            _ => " on the whole cluster".to_string(),
        };
        out.report(
            &RULE.meta,
            &ObjPath::root().keys(&["roleRef", "name"]),
            None,
            format!("{} grants cluster-admin{scope}{to}", doc.display_name()),
        );
    }
}

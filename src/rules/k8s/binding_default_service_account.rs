//! K8S103 binding-default-service-account: a RoleBinding or ClusterRoleBinding grants a role
//! to a namespace's `default` ServiceAccount, which every pod without its own account runs as.

use super::rbac;
use crate::diagnostic::Severity;
use crate::model::Document;
use crate::rules::{Default, Reporter, Rule, RuleMeta};

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "K8S103",
        name: "binding-default-service-account",
        severity: Severity::Medium,
        default: Default::On,
        title: "Binding grants to the default ServiceAccount",
        rationale: "Every pod that does not name a service account runs as `default`, so permissions bound to it \
                    are silently given to every such pod of the namespace, present and future.",
        remediation: "Create a dedicated ServiceAccount for the workload that needs these permissions, bind the \
                      role to it and set `serviceAccountName` in that workload.",
        references: &[("checkov", "CKV_K8S_42")],
    },
    check,
};

fn check(doc: &Document<'_>, out: &mut Reporter<'_>) {
    if !rbac::is_binding(doc) {
        return;
    }
    for s in rbac::subjects(doc) {
        if s.kind == Some("ServiceAccount") && s.name == Some("default") {
            let ns = s.namespace.map(|n| format!(" of namespace {n}")).unwrap_or_default();
            out.report(
                &RULE.meta,
                &s.path.key("name"),
                None,
                format!("{} grants its role to the default ServiceAccount{ns}", doc.display_name()),
            );
        }
    }
}

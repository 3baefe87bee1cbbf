//! K8S115 binding-anonymous: a RoleBinding or ClusterRoleBinding grants a role to
//! `system:anonymous` (unauthenticated requests) or to the group `system:unauthenticated`.

use super::rbac;
use crate::diagnostic::Severity;
use crate::model::Document;
use crate::rules::{Default, Reporter, Rule, RuleMeta};

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "K8S115",
        name: "binding-anonymous",
        severity: Severity::Critical,
        default: Default::On,
        title: "Binding to anonymous/unauthenticated",
        rationale: "`system:anonymous` is the user of every request without credentials and `system:unauthenticated` \
                    the group of all of them: anyone who can reach the API server gets the bound permissions.",
        remediation: "Remove the `system:anonymous` / `system:unauthenticated` subject; bind the role to \
                      authenticated users, groups or service accounts.",
        references: &[("kubesec", "BindingsToSystemAnonymous")],
    },
    check,
};

fn check(doc: &Document<'_>, out: &mut Reporter<'_>) {
    if !rbac::is_binding(doc) {
        return;
    }
    for s in rbac::subjects(doc) {
        let who = match s.name {
            Some("system:anonymous") => "anonymous (unauthenticated) requests",
            Some("system:unauthenticated") => "every unauthenticated request",
            _ => continue,
        };
        out.report(
            &RULE.meta,
            &s.path.key("name"),
            None,
            format!("{} grants its role to {who}", doc.display_name()),
        );
    }
}

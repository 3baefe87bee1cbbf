//! K8S111 rbac-escalation-verbs: a Role or ClusterRole grants `bind` (on roles, cluster roles
//! or their bindings), `escalate` (on roles or cluster roles) or `impersonate` (on users,
//! groups, service accounts, uids or user extras). Reported at the verb. A `*` verb is
//! K8S106's finding. A rule limited by `resourceNames` to named roles or identities (the
//! pattern Kubernetes documents for controllers that need `bind`) is not reported.

use super::rbac;
use crate::diagnostic::Severity;
use crate::model::Document;
use crate::rules::{Default, Reporter, Rule, RuleMeta};

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "K8S111",
        name: "rbac-escalation-verbs",
        severity: Severity::High,
        default: Default::On,
        title: "RBAC privilege-escalation verbs",
        rationale: "RBAC normally forbids granting permissions one does not hold. `bind` and `escalate` lift that \
                    guard (bind any role, edit a role to add anything), and `impersonate` acts as another user, \
                    group or service account: each is a path to cluster-admin.",
        remediation: "Remove the `bind`, `escalate` and `impersonate` verbs; if a controller really needs them, \
                      restrict them with `resourceNames` to the exact roles or identities.",
        references: &[
            ("checkov", "CKV_K8S_157"),
            ("checkov", "CKV_K8S_158"),
            ("checkov", "CKV2_K8S_1"),
            ("checkov", "CKV2_K8S_3"),
        ],
    },
    check,
};

const RBAC: &str = "rbac.authorization.k8s.io";
const AUTHN: &str = "authentication.k8s.io";

/// (verb, [(api group, resource)]) that the rule reports.
const ESCALATIONS: [(&str, &[(&str, &str)]); 3] = [
    (
        "bind",
        &[(RBAC, "roles"), (RBAC, "clusterroles"), (RBAC, "rolebindings"), (RBAC, "clusterrolebindings")],
    ),
    ("escalate", &[(RBAC, "roles"), (RBAC, "clusterroles")]),
    (
        "impersonate",
        &[("", "users"), ("", "groups"), ("", "serviceaccounts"), (AUTHN, "uids"), (AUTHN, "userextras/*")],
    ),
];

fn check(doc: &Document<'_>, out: &mut Reporter<'_>) {
    if !rbac::is_role(doc) {
        return;
    }
    for rule in rbac::rules(doc) {
        if rule.has_resource_names() {
            continue;
        }
        for verb in rule.items("verbs") {
            let Some((_, targets)) = ESCALATIONS.iter().find(|(v, _)| *v == verb.text) else { continue };
            let mut on: Vec<&str> = Vec::new();
            for r in rule.items("resources") {
                let covered = targets.iter().any(|(group, res)| {
                    rule.grants_group(group)
                        && (rbac::resource_matches(r.text, res)
                            || res.strip_suffix("/*").is_some_and(|p| r.text.starts_with(&format!("{p}/"))))
                });
                if covered {
                    on.push(r.text);
                }
            }
            if on.is_empty() {
                continue;
            }
            out.report(
                &RULE.meta,
                &verb.path,
                None,
                format!("{} grants `{}` on {}", doc.display_name(), verb.text, on.join(", ")),
            );
        }
    }
}

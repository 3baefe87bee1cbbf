//! K8S108 rbac-secrets-read: a Role or ClusterRole grants `get`, `list` or `watch` on
//! `secrets` of the core API group. Rules limited by `resourceNames` (least privilege on
//! named Secrets) and `system:` roles are not reported; a bare `*` is K8S106's finding.

use super::rbac;
use crate::diagnostic::Severity;
use crate::model::Document;
use crate::rules::{Default, Reporter, Rule, RuleMeta};

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "K8S108",
        name: "rbac-secrets-read",
        severity: Severity::High,
        default: Default::On,
        title: "Read access to Secrets",
        rationale: "Reading Secrets yields every credential they hold, including service account tokens of more \
                    privileged accounts: `list` and `watch` return the values too, not only names. Whoever the role \
                    is bound to (in this repository or not) gets them.",
        remediation: "Limit the rule to the Secrets the workload needs with `resourceNames`, or mount those Secrets \
                      into the pod instead of reading them through the API.",
        references: &[("checkov", "CKV2_K8S_5"), ("kube-linter", "access-to-secrets")],
    },
    check,
};

const VERBS: [&str; 3] = ["get", "list", "watch"];

fn check(doc: &Document<'_>, out: &mut Reporter<'_, '_>) {
    for (rule, item) in rbac::core_grants(doc, &VERBS, "secrets", true) {
        out.report(
            &RULE.meta,
            &item.path,
            None,
            format!(
                "{} grants {} on `{}`: the subject can read every Secret's values",
                doc.display_name(),
                rule.verbs_text(),
                item.text
            ),
        );
    }
}

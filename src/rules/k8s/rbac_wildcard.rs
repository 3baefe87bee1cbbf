//! K8S106 rbac-wildcard: a Role or ClusterRole rule uses `*` in apiGroups, resources, verbs
//! or nonResourceURLs. Every rule entry and every list is checked (checkov only reads
//! `rules[0]`, kube-linter ignores apiGroups); one finding per `*` entry.

use super::rbac;
use crate::diagnostic::Severity;
use crate::model::Document;
use crate::rules::{Default, Reporter, Rule, RuleMeta};

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "K8S106",
        name: "rbac-wildcard",
        severity: Severity::High,
        default: Default::On,
        title: "RBAC wildcard",
        rationale: "A `*` grants every present and future API group, resource, verb or URL: the role silently \
                    gains new powers whenever a CRD or subresource is added, and usually far more than the \
                    workload needs. Checked in every rule entry and in apiGroups, resources, verbs and nonResourceURLs.",
        remediation: "Replace `*` with the explicit API groups, resources and verbs the subject needs.",
        references: &[("kube-linter", "wildcard-in-rules"), ("checkov", "CKV_K8S_49")],
    },
    check,
};

const FIELDS: [&str; 4] = ["apiGroups", "resources", "verbs", "nonResourceURLs"];

fn check(doc: &Document<'_>, out: &mut Reporter<'_>) {
    if !rbac::is_role(doc) {
        return;
    }
    for rule in rbac::rules(doc) {
        for field in FIELDS {
            for item in rule.items(field) {
                if item.text == "*" {
                    out.report(
                        &RULE.meta,
                        &item.path,
                        None,
                        format!("{} grants `*` in {field} ({})", doc.display_name(), rule.path),
                    );
                }
            }
        }
    }
}

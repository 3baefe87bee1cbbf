//! K8S112 rbac-admission-webhooks: a ClusterRole may create, update or patch mutating or
//! validating webhook configurations (admissionregistration.k8s.io). Reported at the resource.
//! A rule limited by `resourceNames` (a controller patching its own webhook's CA bundle, the
//! recommended pattern) is not reported.

use super::rbac;
use crate::diagnostic::Severity;
use crate::model::Document;
use crate::rules::{Default, Reporter, Rule, RuleMeta};

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "K8S112",
        name: "rbac-admission-webhooks",
        severity: Severity::High,
        default: Default::On,
        title: "Control over admission webhooks",
        rationale: "Whoever writes webhook configurations sees (and with a mutating webhook rewrites) every \
                    object sent to the API server, Secrets included, or can switch policy enforcement off.",
        remediation: "Drop create/update/patch on mutatingwebhookconfigurations and \
                      validatingwebhookconfigurations, or restrict them with `resourceNames` to the controller's own webhook.",
        references: &[("checkov", "CKV_K8S_155")],
    },
    check,
};

const TARGETS: [&str; 2] = ["mutatingwebhookconfigurations", "validatingwebhookconfigurations"];
const VERBS: [&str; 3] = ["create", "update", "patch"];

fn check(doc: &Document<'_>, out: &mut Reporter<'_>) {
    if doc.kind() != "ClusterRole" {
        return;
    }
    for rule in rbac::rules(doc) {
        if !rule.grants_group("admissionregistration.k8s.io")
            || !rule.grants_verb(&VERBS)
            || rule.has_resource_names()
        {
            continue;
        }
        for item in rule.items("resources") {
            if item.text == "*" {
                continue; // K8S106
            }
            if let Some(t) = TARGETS.iter().find(|t| rbac::resource_matches(item.text, t)) {
                let writes: Vec<&str> = rule
                    .items("verbs")
                    .iter()
                    .map(|v| v.text)
                    .filter(|v| *v == "*" || VERBS.contains(v))
                    .collect();
                out.report(
                    &RULE.meta,
                    &item.path,
                    None,
                    format!(
                        "{} grants {} on {t}: the subject may rewrite or disable admission control",
                        doc.display_name(),
                        writes.join(", ")
                    ),
                );
            }
        }
    }
}

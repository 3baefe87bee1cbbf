//! K8S114 rbac-services-status: a Role or ClusterRole grants `update` or `patch` on
//! `services/status` (CVE-2020-8554: set a LoadBalancer ingress IP and intercept traffic).
//! `system:` roles are not reported; a bare `*` is K8S106's finding.

use super::rbac;
use crate::diagnostic::Severity;
use crate::model::Document;
use crate::rules::{Default, Reporter, Rule, RuleMeta};

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "K8S114",
        name: "rbac-services-status",
        severity: Severity::Medium,
        default: Default::On,
        title: "Modify services/status (CVE-2020-8554)",
        rationale: "Writing `services/status` lets the subject set `status.loadBalancer.ingress[].ip` to any \
                    address; kube-proxy then routes the cluster's traffic for that IP to the Service \
                    (CVE-2020-8554, unfixed by design). Only load-balancer controllers need it.",
        remediation: "Remove update/patch on `services/status`; keep it for the cloud or load-balancer controller's \
                      own role.",
        references: &[("checkov", "CKV2_K8S_4")],
    },
    check,
};

const VERBS: [&str; 2] = ["update", "patch"];

fn check(doc: &Document<'_>, out: &mut Reporter<'_, '_>) {
    for (rule, item) in rbac::core_grants(doc, &VERBS, "services/status", false) {
        out.report(
            &RULE.meta,
            &item.path,
            None,
            format!(
                "{} grants {} on `{}`: the subject can redirect traffic by setting a Service's load-balancer IP",
                doc.display_name(),
                rule.verbs_text(),
                item.text
            ),
        );
    }
}

//! K8S023 capabilities-beyond-restricted: a Linux container adds a capability other than
//! NET_BIND_SERVICE (the only one the restricted Pod Security Standard allows).

use super::capabilities::caps;
use crate::diagnostic::Severity;
use crate::model::Document;
use crate::rules::{Default, Reporter, Rule, RuleMeta};

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "K8S023",
        name: "capabilities-beyond-restricted",
        severity: Severity::Medium,
        default: Default::On,
        title: "Capability added other than NET_BIND_SERVICE",
        rationale: "The restricted Pod Security Standard allows adding back only NET_BIND_SERVICE (to bind ports \
                    below 1024) after dropping ALL. Windows pods are exempt.",
        remediation: "Remove the capability from `capabilities.add`; bind an unprivileged port instead where possible.",
        references: &[("pss", "restricted: capabilities_restricted"), ("checkov", "CKV_K8S_25")],
    },
    check,
};

fn check(doc: &Document<'_>, out: &mut Reporter<'_, '_>) {
    let Some(pod) = doc.pod_spec() else { return };
    // Windows pods are exempt from Kubernetes 1.25 on.
    if pod.os_name() == Some("windows") && out.pss_version() >= (1, 25) {
        return;
    }
    for c in pod.containers() {
        for k in caps(c, "add") {
            if k.raw != "NET_BIND_SERVICE" {
                out.report(
                    &RULE.meta,
                    &k.path(),
                    None,
                    format!("{} of {} adds capability {}", c.describe(), doc.display_name(), k.raw),
                );
            }
        }
    }
}

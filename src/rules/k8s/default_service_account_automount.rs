//! K8S102 default-service-account-automount: a ServiceAccount named `default` does not set
//! `automountServiceAccountToken: false`, so every pod that names no account gets its token.

use crate::diagnostic::Severity;
use crate::model::Document;
use crate::rules::{Default, Reporter, Rule, RuleMeta};
use crate::source::yaml::ObjPath;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "K8S102",
        name: "default-service-account-automount",
        severity: Severity::Low,
        default: Default::OptIn,
        title: "default ServiceAccount allows token automount",
        rationale: "Pods that name no service account run as `default`, and unless the account opts out they all \
                    get an API token mounted, which is what an attacker inside any of them reaches for first.",
        remediation: "Set `automountServiceAccountToken: false` on the default ServiceAccount; workloads that need \
                      the API get their own account.",
        references: &[("checkov", "CKV_K8S_41")],
    },
    check,
};

fn check(doc: &Document<'_>, out: &mut Reporter<'_, '_>) {
    if doc.kind() != "ServiceAccount" || doc.identity.name.as_deref() != Some("default") {
        return;
    }
    let v = doc.root.get("automountServiceAccountToken");
    if v.and_then(|n| n.as_bool()) == Some(false) {
        return;
    }
    let how = if v.is_some() {
        "sets automountServiceAccountToken to true"
    } else {
        "does not disable token automount"
    };
    out.report(
        &RULE.meta,
        &ObjPath::root().key("automountServiceAccountToken"),
        None,
        format!("{} {how}: every pod without its own account gets an API token", doc.display_name()),
    );
}

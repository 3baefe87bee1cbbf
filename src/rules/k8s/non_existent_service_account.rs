//! K8S105 non-existent-service-account: a workload's `serviceAccountName` names no
//! ServiceAccount of the unit (cross-object; only in a unit declared complete).

use crate::diagnostic::Severity;
use crate::rules::cross::{CrossCheck, Unit, finding};
use crate::rules::{Default, Rule, RuleMeta};

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "K8S105",
        name: "non-existent-service-account",
        severity: Severity::Low,
        default: Default::OptIn,
        title: "ServiceAccount not found",
        rationale: "Pods that name a ServiceAccount that does not exist are not created: the ReplicaSet or Job \
                    reports `serviceaccount not found` and the rollout stalls. Cross-object: judged within one unit \
                    and only when the config declares it complete (`cross-object.complete`), since the account could \
                    be created elsewhere.",
        remediation: "Add the ServiceAccount to the unit, or fix `serviceAccountName`.",
        references: &[("kube-linter", "non-existent-service-account")],
    },
    check: crate::rules::cross::per_unit_only,
};

pub static CROSS: CrossCheck = CrossCheck { meta: &RULE.meta, check };

fn check(unit: &Unit<'_>, out: &mut Vec<crate::diagnostic::Finding>) {
    if !unit.complete {
        return;
    }
    for w in unit.objects {
        let Some((sa, at)) = w.service_account.as_deref() else { continue };
        if sa == "default" || sa.contains("{{") || sa.contains("${") {
            continue;
        }
        if !unit.same_namespace(w, "ServiceAccount").any(|o| o.name() == *sa) {
            out.push(finding(
                &RULE.meta,
                w,
                at,
                format!("{} {} uses ServiceAccount {sa}, which is not in this unit", w.kind(), w.name()),
            ));
        }
    }
}

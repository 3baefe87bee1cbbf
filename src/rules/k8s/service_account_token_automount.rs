//! K8S100 service-account-token-automount: a workload's pods get the ServiceAccount token
//! mounted: the pod spec does not set `automountServiceAccountToken: false` and the
//! ServiceAccount it runs as (when it is in the unit) does not either.

use crate::diagnostic::Severity;
use crate::rules::cross::{CrossCheck, Unit, finding};
use crate::rules::{Default, Rule, RuleMeta};

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "K8S100",
        name: "service-account-token-automount",
        severity: Severity::Low,
        default: Default::OptIn,
        title: "Service account token automounted",
        rationale: "Every container of a pod that mounts its ServiceAccount token can call the API server with that \
                    identity: a compromised process inherits it. Most applications never talk to the API server. \
                    The pod spec's `automountServiceAccountToken` wins when set; when it is absent the \
                    ServiceAccount's own field decides, so a ServiceAccount of the unit (`default` when none is \
                    named) that sets `false` passes the pod. When the account is not in the unit the pod is \
                    judged alone, and the message says so.",
        remediation: "Set `automountServiceAccountToken: false` in the pod spec (or on its ServiceAccount), and mount \
                      a projected token only in the pods that need the API.",
        references: &[
            ("kubesec", "AutomountServiceAccountToken"),
            ("checkov", "CKV_K8S_38"),
            ("polaris", "automountServiceAccountToken"),
        ],
    },
    check: crate::rules::cross::per_unit_only,
};

pub static CROSS: CrossCheck = CrossCheck { meta: &RULE.meta, check };

fn check(unit: &Unit<'_>, out: &mut Vec<crate::diagnostic::Finding>) {
    for w in unit.objects {
        let Some((value, at)) = &w.automount else { continue };
        let sa = w.service_account.as_deref().map_or("default", |(n, _)| n.as_str());
        let message = match value {
            Some(false) => continue,
            Some(true) => format!("{} {} sets automountServiceAccountToken: true", w.kind(), w.name()),
            None => {
                let account = unit.same_namespace(w, "ServiceAccount").find(|o| o.name() == sa);
                match account.map(|a| a.sa_automount) {
                    Some(Some(false)) => continue,
                    Some(_) => format!(
                        "{} {} mounts the token of ServiceAccount {sa}: neither the pod spec nor the \
                         ServiceAccount sets automountServiceAccountToken: false",
                        w.kind(),
                        w.name()
                    ),
                    None => format!(
                        "{} {} mounts the token of ServiceAccount {sa}: the pod spec does not set \
                         automountServiceAccountToken: false (the ServiceAccount is not in this unit)",
                        w.kind(),
                        w.name()
                    ),
                }
            }
        };
        out.push(finding(&RULE.meta, w, at, message));
    }
}

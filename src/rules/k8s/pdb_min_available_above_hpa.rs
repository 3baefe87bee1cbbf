//! K8S094 pdb-min-available-above-hpa-min: a PodDisruptionBudget's `minAvailable` exceeds
//! the `minReplicas` of the HorizontalPodAutoscaler that scales the workload it covers, so
//! at the autoscaler's minimum the budget can never be met and every eviction is refused.

use crate::diagnostic::Severity;
use crate::rules::cross::facts::IntOrPercent;
use crate::rules::cross::{Autoscalers, CrossCheck, Unit, finding};
use crate::rules::{Default, Rule, RuleMeta};

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "K8S094",
        name: "pdb-min-available-above-hpa-min",
        severity: Severity::Low,
        default: Default::On,
        title: "PDB minAvailable above HPA minReplicas",
        rationale: "When the autoscaler scales a workload down to `minReplicas` and a PodDisruptionBudget demands \
                    more available pods than that, the budget is never met: node drains and cluster upgrades \
                    hang on those pods. The PDB is matched to a workload by its selector and the workload's pod \
                    template labels, the HPA by `scaleTargetRef`, all in one unit (both objects are present, so \
                    no `cross-object.complete` is needed). `minReplicas` defaults to 1. An integer `minAvailable` \
                    is compared as it is; a percentage is turned into pods at `minReplicas` the way the \
                    disruption controller does (rounded up), so it can only exceed it above `100%` (`100%` \
                    itself is K8S091). `maxUnavailable` budgets are not judged here.",
        remediation: "Lower the PDB's `minAvailable` below the autoscaler's `minReplicas` (or use \
                      `maxUnavailable: 1`), or raise `minReplicas`.",
        references: &[("polaris", "pdbMinAvailableGreaterThanHPAMinReplicas")],
    },
    check: crate::rules::cross::per_unit_only,
};

pub static CROSS: CrossCheck = CrossCheck { meta: &RULE.meta, check };

/// The pods a `minAvailable` requires when `replicas` pods run.
pub fn required(m: IntOrPercent, replicas: i64) -> i64 {
    match m {
        IntOrPercent::Int(i) => i,
        IntOrPercent::Percent(p) => (replicas * p + 99).div_euclid(100),
    }
}

fn check(unit: &Unit<'_>, out: &mut Vec<crate::diagnostic::Finding>) {
    let autoscalers = Autoscalers::of(unit);
    if autoscalers.is_empty() {
        return;
    }
    // Only workloads an autoscaler scales can be judged.
    let scaled: Vec<_> = unit
        .objects
        .iter()
        .filter(|o| o.pod_labels.is_some() && autoscalers.scaling(o).next().is_some())
        .collect();
    for pdb in unit.objects.iter().filter(|o| o.kind() == "PodDisruptionBudget") {
        let (Some((min_available, at)), Some((sel, _))) =
            (pdb.min_available.as_deref(), pdb.selector.as_deref())
        else {
            continue;
        };
        if sel.is_templated() {
            continue;
        }
        for w in scaled.iter().filter(|o| {
            o.pod_labels.as_ref().is_some_and(|l| sel.matches(l))
                && crate::rules::cross::namespaces_may_match(o.namespace(), pdb.namespace())
        }) {
            for hpa in autoscalers.scaling(w) {
                let min = hpa.min_replicas.unwrap_or(1);
                let need = required(*min_available, min);
                if need > min {
                    let shown = match min_available {
                        IntOrPercent::Int(i) => i.to_string(),
                        IntOrPercent::Percent(p) => format!("{p}% ({need} pods at {min} replicas)"),
                    };
                    out.push(finding(
                        &RULE.meta,
                        pdb,
                        at,
                        format!(
                            "PodDisruptionBudget {} requires minAvailable {shown}, above the minReplicas {min} of \
                             HorizontalPodAutoscaler {} scaling {} {}",
                            pdb.name(), hpa.name(), w.kind(), w.name()
                        ),
                    ));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentages_round_up_like_the_disruption_controller() {
        assert_eq!(required(IntOrPercent::Percent(50), 3), 2);
        assert_eq!(required(IntOrPercent::Percent(100), 3), 3);
        assert_eq!(required(IntOrPercent::Percent(150), 2), 3);
        assert_eq!(required(IntOrPercent::Int(4), 2), 4);
    }
}

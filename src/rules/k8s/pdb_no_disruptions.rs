//! K8S091 pdb-no-disruptions: a PodDisruptionBudget allows no voluntary disruption
//! (`maxUnavailable: 0` / `0%`, or `minAvailable: 100%`). The other half of the catalog
//! condition (an integer `minAvailable` at or above the replicas of the matched workloads)
//! needs the workloads and belongs to the cross-object rules.

use crate::diagnostic::Severity;
use crate::model::Document;
use crate::rules::{Default, Reporter, Rule, RuleMeta};
use crate::source::yaml::{Node, ObjPath};

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "K8S091",
        name: "pdb-no-disruptions",
        severity: Severity::Medium,
        default: Default::On,
        title: "PDB forbids all voluntary disruptions",
        rationale: "A budget that allows zero disruptions blocks node drains, cluster upgrades and autoscaler \
                    scale-downs forever: operators end up deleting the PDB by hand.",
        remediation: "Allow at least one pod to be disrupted: `maxUnavailable: 1` (or a percentage above 0), or a \
                      `minAvailable` below the replica count.",
        references: &[
            ("kube-linter", "pdb-max-unavailable"),
            ("kube-linter", "pdb-min-available"),
            ("polaris", "pdbDisruptionsIsZero"),
        ],
    },
    check,
};

/// An int-or-string quantity as a number and whether it is a percentage.
fn int_or_percent(n: &Node) -> Option<(i64, bool)> {
    if let Some(i) = n.as_i64() {
        return Some((i, false));
    }
    let t = n.as_str()?.trim();
    match t.strip_suffix('%') {
        Some(p) => p.trim().parse().ok().map(|v| (v, true)),
        None => t.parse().ok().map(|v| (v, false)),
    }
}

fn check(doc: &Document<'_>, out: &mut Reporter<'_>) {
    if doc.kind() != "PodDisruptionBudget" {
        return;
    }
    let Some(spec) = doc.root.get("spec") else { return };
    let at = ObjPath::root().key("spec");
    if let Some(v) = spec.get("maxUnavailable").and_then(int_or_percent)
        && v.0 == 0
    {
        out.report(
            &RULE.meta,
            &at.key("maxUnavailable"),
            None,
            format!("{} sets maxUnavailable to 0: no pod may ever be evicted", doc.display_name()),
        );
    }
    if let Some((v, true)) = spec.get("minAvailable").and_then(int_or_percent)
        && v >= 100
    {
        out.report(
            &RULE.meta,
            &at.key("minAvailable"),
            None,
            format!("{} sets minAvailable to {v}%: no pod may ever be evicted", doc.display_name()),
        );
    }
}

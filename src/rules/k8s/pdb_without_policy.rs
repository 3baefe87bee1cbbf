//! K8S092 pdb-without-policy: a PodDisruptionBudget sets neither `minAvailable` nor
//! `maxUnavailable`.

use crate::diagnostic::Severity;
use crate::model::Document;
use crate::rules::{Default, Reporter, Rule, RuleMeta};
use crate::source::yaml::ObjPath;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "K8S092",
        name: "pdb-without-policy",
        severity: Severity::Medium,
        default: Default::On,
        title: "PDB without policy",
        rationale: "Without `minAvailable` or `maxUnavailable` the budget does not say how many of the selected \
                    pods must stay up during drains and upgrades: its effect depends on controller defaults and is \
                    easy to misread.",
        remediation: "Set exactly one of `spec.minAvailable` or `spec.maxUnavailable` (for example `maxUnavailable: 1`).",
        references: &[("kube-score", "poddisruptionbudget-has-policy")],
    },
    check,
};

fn check(doc: &Document<'_>, out: &mut Reporter<'_>) {
    if doc.kind() != "PodDisruptionBudget" {
        return;
    }
    let spec = doc.root.get("spec");
    let set = |k: &str| spec.and_then(|s| s.get(k)).is_some_and(|n| !n.is_null());
    if set("minAvailable") || set("maxUnavailable") {
        return;
    }
    let spec_path = ObjPath::root().key("spec");
    let message = format!("{} sets neither minAvailable nor maxUnavailable", doc.display_name());
    // An empty `minAvailable:` / `maxUnavailable:` key is where the value is missing.
    for key in ["minAvailable", "maxUnavailable"] {
        if spec.and_then(|s| s.entry(key)).is_some() {
            out.report(&RULE.meta, &spec_path.key(key), None, message);
            return;
        }
    }
    out.report_with_help(
        &RULE.meta,
        &spec_path.key("maxUnavailable"),
        None,
        message,
        "Add `maxUnavailable: 1` (or a `minAvailable`) under `spec:`; set only one of the two.".to_string(),
    );
}

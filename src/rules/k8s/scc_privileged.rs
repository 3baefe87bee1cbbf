//! K8S116 scc-privileged: an OpenShift SecurityContextConstraints object allows privileged
//! containers (`allowPrivilegedContainer: true`).

use crate::diagnostic::Severity;
use crate::model::Document;
use crate::rules::{Default, Reporter, Rule, RuleMeta};
use crate::source::yaml::ObjPath;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "K8S116",
        name: "scc-privileged",
        severity: Severity::High,
        default: Default::On,
        title: "OpenShift SCC allows privileged",
        rationale: "Every pod admitted under this SecurityContextConstraints may run privileged containers, which \
                    have full access to the node: any user or service account granted `use` on it can take the node.",
        remediation: "Set `allowPrivilegedContainer: false`, or use one of the restricted SCCs.",
        references: &[("kube-linter", "scc-deny-privileged-container")],
    },
    check,
};

fn check(doc: &Document<'_>, out: &mut Reporter<'_>) {
    if doc.kind() != "SecurityContextConstraints" {
        return;
    }
    if doc.root.get("allowPrivilegedContainer").and_then(|n| n.as_bool()) == Some(true) {
        out.report(
            &RULE.meta,
            &ObjPath::root().key("allowPrivilegedContainer"),
            None,
            format!("{} allows privileged containers", doc.display_name()),
        );
    }
}

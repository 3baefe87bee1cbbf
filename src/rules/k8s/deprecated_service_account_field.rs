//! K8S104 deprecated-service-account-field: the pod spec uses the deprecated
//! `serviceAccount` field instead of (or differently from) `serviceAccountName`.

use crate::diagnostic::Severity;
use crate::model::Document;
use crate::rules::{Default, Reporter, Rule, RuleMeta};
use crate::source::yaml::Node;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "K8S104",
        name: "deprecated-service-account-field",
        severity: Severity::Low,
        default: Default::On,
        title: "Deprecated serviceAccount field",
        rationale: "`serviceAccount` is a deprecated alias of `serviceAccountName`. When both are set and differ, \
                    the API server keeps `serviceAccountName`, so the account written in `serviceAccount` is not \
                    the one the pod runs as.",
        remediation: "Rename `serviceAccount` to `serviceAccountName` (or delete it when `serviceAccountName` is set).",
        references: &[("kube-linter", "deprecated-service-account-field")],
    },
    check,
};

fn check(doc: &Document<'_>, out: &mut Reporter<'_>) {
    let Some(pod) = doc.pod_spec() else { return };
    let text = |k: &str| pod.node.get(k).and_then(Node::scalar_text).filter(|s| !s.is_empty());
    let Some(old) = text("serviceAccount") else { return };
    let message = match text("serviceAccountName") {
        Some(new) if new == old => return,
        Some(new) => format!(
            "{} sets the deprecated serviceAccount \"{old}\", which differs from serviceAccountName \"{new}\" \
             (the pod runs as \"{new}\")",
            doc.display_name()
        ),
        None => format!("{} uses the deprecated serviceAccount field (\"{old}\")", doc.display_name()),
    };
    out.report(&RULE.meta, &pod.path.key("serviceAccount"), None, message);
}

//! K8S101 default-service-account: the pod runs as the namespace's `default` service account
//! (`serviceAccountName` and the deprecated `serviceAccount` absent, empty or `default`).

use crate::diagnostic::Severity;
use crate::model::Document;
use crate::rules::{Default, Reporter, Rule, RuleMeta};
use crate::source::yaml::Node;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "K8S101",
        name: "default-service-account",
        severity: Severity::Low,
        default: Default::OptIn,
        title: "Default service account used",
        rationale: "Every pod of the namespace that names no service account shares `default`: a role bound to it \
                    for one workload is granted to all of them, and their API requests cannot be told apart in \
                    audit logs.",
        remediation: "Create a ServiceAccount for the workload and set `spec.serviceAccountName` to it (with \
                      `automountServiceAccountToken: false` if it does not call the API).",
        references: &[("kubesec", "ServiceAccountName"), ("kube-linter", "default-service-account")],
    },
    check,
};

fn check(doc: &Document<'_>, out: &mut Reporter<'_, '_>) {
    let Some(pod) = doc.pod_spec() else { return };
    let name = |k: &str| pod.node.get(k).and_then(Node::scalar_text).filter(|s| !s.is_empty());
    let (field, value) = match (name("serviceAccountName"), name("serviceAccount")) {
        (Some(v), _) => ("serviceAccountName", Some(v)),
        (None, Some(v)) => ("serviceAccount", Some(v)),
        (None, None) => ("serviceAccountName", None),
    };
    let message = match value {
        Some("default") => format!("the pod of {} names the default service account", doc.display_name()),
        Some(_) => return,
        None => format!("the pod of {} names no service account, so it runs as default", doc.display_name()),
    };
    out.report(&RULE.meta, &pod.path.key(field), None, message);
}

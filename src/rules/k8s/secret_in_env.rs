//! K8S120 secret-in-env: a container takes a Secret through its environment
//! (`env[*].valueFrom.secretKeyRef` or `envFrom[*].secretRef`).

use crate::diagnostic::Severity;
use crate::model::Document;
use crate::rules::{Default, Reporter, Rule, RuleMeta};
use crate::source::yaml::Node;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "K8S120",
        name: "secret-in-env",
        severity: Severity::Low,
        default: Default::OptIn,
        title: "Secret exposed through environment",
        rationale: "Environment variables leak: child processes inherit them, crash reporters and debug endpoints \
                    dump them, and `kubectl describe`/`/proc/<pid>/environ` show them. Files from a Secret volume \
                    can be read-only, rotated in place and kept out of child processes. Both `secretKeyRef` and \
                    `envFrom.secretRef` count.",
        remediation: "Mount the Secret as a volume (`volumes[].secret` + `volumeMounts`) and read the value from \
                      the file.",
        references: &[
            ("kubesec", "SecretsAsEnvironmentVariables"),
            ("kube-linter", "read-secret-from-env-var"),
            ("checkov", "CKV_K8S_35"),
        ],
    },
    check,
};

fn check(doc: &Document<'_>, out: &mut Reporter<'_, '_>) {
    let Some(pod) = doc.pod_spec() else { return };
    for c in pod.containers() {
        for (i, e) in c.node.get("env").and_then(Node::as_seq).unwrap_or(&[]).iter().enumerate() {
            let Some(r) = e.get("valueFrom").and_then(|v| v.get("secretKeyRef")) else { continue };
            let var = e.get("name").and_then(Node::scalar_text).unwrap_or("?");
            let secret = r.get("name").and_then(Node::scalar_text).unwrap_or("?");
            out.report(
                &RULE.meta,
                &c.path.key("env").index(i).keys(&["valueFrom", "secretKeyRef"]),
                None,
                format!("{} of {} reads Secret \"{secret}\" into ${var}", c.describe(), doc.display_name()),
            );
        }
        for (i, e) in c.node.get("envFrom").and_then(Node::as_seq).unwrap_or(&[]).iter().enumerate() {
            let Some(r) = e.get("secretRef") else { continue };
            let secret = r.get("name").and_then(Node::scalar_text).unwrap_or("?");
            out.report(
                &RULE.meta,
                &c.path.key("envFrom").index(i).key("secretRef"),
                None,
                format!(
                    "{} of {} loads every key of Secret \"{secret}\" into its environment",
                    c.describe(),
                    doc.display_name()
                ),
            );
        }
    }
}

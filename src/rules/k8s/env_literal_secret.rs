//! K8S121 env-literal-secret: a container's `env[*].value` holds a literal credential: a
//! provider token or private key anywhere, or a secret-looking value under a secret-like
//! variable name. Values are judged by the secret detector (`rules::secrets`), so templates,
//! references and placeholders pass; messages never include the value.

use crate::diagnostic::Severity;
use crate::model::Document;
use crate::rules::secrets;
use crate::rules::{Default, Reporter, Rule, RuleMeta};
use crate::source::yaml::Node;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "K8S121",
        name: "env-literal-secret",
        severity: Severity::High,
        default: Default::On,
        title: "Literal credential in env value",
        rationale: "A credential written into a manifest is in the repository's history for good, readable by \
                    everyone with clone access, and shown by `kubectl get -o yaml` to anyone who can read the \
                    workload. The variable name alone does not decide: the value must look like a secret (not a \
                    template, reference, placeholder or identifier).",
        remediation: "Move the value into a Secret (created by SealedSecrets, SOPS or External Secrets) and \
                      reference it with `valueFrom.secretKeyRef`; rotate the exposed credential.",
        references: &[("kube-linter", "env-var-secret"), ("polaris", "sensitiveContainerEnvVar")],
    },
    check,
};

const MIN_TOKEN_LEN: usize = 16;

fn check(doc: &Document<'_>, out: &mut Reporter<'_, '_>) {
    let Some(pod) = doc.pod_spec() else { return };
    for c in pod.containers() {
        for (i, e) in c.node.get("env").and_then(Node::as_seq).unwrap_or(&[]).iter().enumerate() {
            let Some(name) = e.get("name").and_then(Node::scalar_text) else { continue };
            let Some(value) = e.get("value").and_then(Node::as_str).filter(|v| !v.trim().is_empty()) else {
                continue;
            };
            // Provider token formats are all longer than this; shorter values only count under a
            // secret-like name (a cheap test that skips most of the environment).
            if value.len() < MIN_TOKEN_LEN && secrets::key_kind(name).is_none() {
                continue;
            }
            let found = secrets::scan_key_value(name, value);
            let Some(m) = found.first() else { continue };
            out.report(
                &RULE.meta,
                &c.path.key("env").index(i).key("value"),
                None,
                format!(
                    "{} of {} sets ${name} to a literal credential ({})",
                    c.describe(),
                    doc.display_name(),
                    m.rule.title
                ),
            );
        }
    }
}

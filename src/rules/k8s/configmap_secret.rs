//! K8S122 configmap-secret: a ConfigMap `data` entry whose key names a secret holds a
//! secret-looking value, or any entry holds a PEM private key. Values are judged by the
//! secret detector (`rules::secrets`); credentials buried in embedded config files are the
//! secret detector's own findings. Messages never include the value.

use crate::diagnostic::Severity;
use crate::model::Document;
use crate::rules::secrets;
use crate::rules::{Default, Reporter, Rule, RuleMeta};
use crate::source::yaml::{Node, ObjPath};

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "K8S122",
        name: "configmap-secret",
        severity: Severity::High,
        default: Default::On,
        title: "Sensitive ConfigMap content",
        rationale: "ConfigMaps are not meant for secrets: RBAC commonly lets every developer and many controllers \
                    read them, they are not encrypted at rest by default, and they end up in logs and bug reports. \
                    Templates, references and placeholders are not reported.",
        remediation: "Move the credential into a Secret (SealedSecrets, SOPS or External Secrets) and mount it \
                      next to the configuration; rotate the exposed credential.",
        references: &[("polaris", "sensitiveConfigmapContent")],
    },
    check,
};

fn check(doc: &Document<'_>, out: &mut Reporter<'_, '_>) {
    if doc.kind() != "ConfigMap" {
        return;
    }
    let Some(data) = doc.root.get("data").and_then(Node::as_map) else { return };
    let base = ObjPath::root().key("data");
    for e in data {
        let (Some(key), Some(value)) = (e.key.scalar_text(), e.value.as_str()) else { continue };
        let found = if secrets::key_kind(key).is_some() {
            secrets::scan_key_value(key, value)
        } else if value.contains("PRIVATE KEY-----") {
            let mut m = secrets::scan_text(value);
            m.retain(|m| m.rule.name.starts_with("private-key"));
            m
        } else {
            continue;
        };
        let Some(first) = found.first() else { continue };
        out.report(
            &RULE.meta,
            &base.key(key),
            None,
            format!("{} key \"{key}\" holds a credential ({})", doc.display_name(), first.rule.title),
        );
    }
}

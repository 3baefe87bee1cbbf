//! K8S141 nginx-snippet-annotation: an Ingress carries an ingress-nginx `*-snippet`
//! annotation (CVE-2021-25742: snippets inject raw NGINX configuration, can read the
//! controller's service account token and, with Lua or `alias`, any file of the controller).

use crate::diagnostic::Severity;
use crate::model::Document;
use crate::rules::{Default, Reporter, Rule, RuleMeta};
use crate::source::yaml::{Node, ObjPath};

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "K8S141",
        name: "nginx-snippet-annotation",
        severity: Severity::High,
        default: Default::On,
        title: "NGINX ingress snippet annotations (CVE-2021-25742)",
        rationale: "Snippet annotations (`configuration-snippet`, `server-snippet`, `auth-snippet`, ...) paste raw \
                    configuration into the shared ingress-nginx controller: whoever can create an Ingress can read \
                    its secrets (CVE-2021-25742), more so with Lua directives or `alias`.",
        remediation: "Remove the snippet annotation and use the dedicated ingress-nginx annotations; keep \
                      `allow-snippet-annotations: false` in the controller ConfigMap.",
        references: &[("checkov", "CKV_K8S_153"), ("checkov", "CKV_K8S_152"), ("checkov", "CKV_K8S_154")],
    },
    check,
};

fn check(doc: &Document<'_>, out: &mut Reporter<'_, '_>) {
    if doc.kind() != "Ingress" {
        return;
    }
    let Some(ann) = doc.root.get("metadata").and_then(|m| m.get("annotations")).and_then(Node::as_map) else {
        return;
    };
    let base = ObjPath::root().keys(&["metadata", "annotations"]);
    for e in ann {
        let Some(key) = e.key.scalar_text() else { continue };
        if !key.to_ascii_lowercase().contains("snippet") {
            continue;
        }
        let value = e.value.scalar_text().unwrap_or("");
        let mut worse = Vec::new();
        if ["lua_", "_lua", "_by_lua", "kubernetes.io"].iter().any(|p| value.contains(p)) {
            worse.push("Lua code or Kubernetes paths (CKV_K8S_152)");
        }
        if value.contains("alias") {
            worse.push("an `alias` directive (CKV_K8S_154)");
        }
        let extra = if worse.is_empty() {
            String::new()
        } else {
            format!("; the snippet contains {}", worse.join(" and "))
        };
        out.report(
            &RULE.meta,
            &base.key(key),
            None,
            format!("{} sets the snippet annotation `{key}`{extra}", doc.display_name()),
        );
    }
}

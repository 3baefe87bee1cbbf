//! K8S032 apparmor-unconfined: an AppArmor profile of Unconfined, in the fields or in the
//! `container.apparmor.security.beta.kubernetes.io/<name>` annotations (kubesec reads only
//! the fields).

use crate::diagnostic::Severity;
use crate::model::Document;
use crate::rules::{Default, Reporter, Rule, RuleMeta};
use crate::source::yaml::Node;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "K8S032",
        name: "apparmor-unconfined",
        severity: Severity::High,
        default: Default::On,
        title: "AppArmor unconfined",
        rationale: "Unconfined AppArmor removes the mandatory access control layer that confines file, mount and \
                    network access. The baseline Pod Security Standard forbids it.",
        remediation: "Use `appArmorProfile: {type: RuntimeDefault}` (or a Localhost profile), and drop the \
                      `unconfined` annotation.",
        references: &[
            ("kubesec", "ApparmorUnconfined"),
            ("pss", "baseline: appArmorProfile"),
            ("polaris", "linuxHardening"),
        ],
    },
    check,
};

fn unconfined(sc: Option<&Node>) -> bool {
    sc.and_then(|s| s.get("appArmorProfile")).and_then(|p| p.get("type")).and_then(Node::scalar_text)
        == Some("Unconfined")
}

fn check(doc: &Document<'_>, out: &mut Reporter<'_, '_>) {
    let Some(pod) = doc.pod_spec() else { return };
    if unconfined(pod.security_context()) {
        let path = pod.path.keys(&["securityContext", "appArmorProfile", "type"]);
        out.report(
            &RULE.meta,
            &path,
            None,
            format!("the pod of {} runs without AppArmor", doc.display_name()),
        );
    }
    for c in pod.containers() {
        if unconfined(c.security_context) {
            let path = c.path.keys(&["securityContext", "appArmorProfile", "type"]);
            out.report(
                &RULE.meta,
                &path,
                None,
                format!("{} of {} runs without AppArmor", c.describe(), doc.display_name()),
            );
        }
    }
    for (key, value) in pod.annotations(doc.root) {
        let Some(name) = key.strip_prefix("container.apparmor.security.beta.kubernetes.io/") else {
            continue;
        };
        let v = value.scalar_text().unwrap_or("");
        if !(v.is_empty() || v == "runtime/default" || v.starts_with("localhost/")) {
            out.report(
                &RULE.meta,
                &pod.annotation_path(key),
                None,
                format!("{} sets AppArmor profile {v} for container \"{name}\"", doc.display_name()),
            );
        }
    }
}

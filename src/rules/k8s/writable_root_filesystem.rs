//! K8S015 writable-root-filesystem: a container does not set `readOnlyRootFilesystem: true`.

use crate::diagnostic::Severity;
use crate::model::Document;
use crate::rules::{Default, Reporter, Rule, RuleMeta};

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "K8S015",
        name: "writable-root-filesystem",
        severity: Severity::Medium,
        default: Default::On,
        title: "Writable root filesystem",
        rationale: "A writable root filesystem lets an attacker who gets code execution drop tools, modify \
                    binaries and persist until the container restarts.",
        remediation: "Set `securityContext.readOnlyRootFilesystem: true` and mount an emptyDir where the process must write.",
        references: &[
            ("kubesec", "ReadOnlyRootFilesystem"),
            ("kube-linter", "no-read-only-root-fs"),
            ("checkov", "CKV_K8S_22"),
            ("polaris", "notReadOnlyRootFilesystem"),
            ("kube-score", "container-security-context-readonlyrootfilesystem"),
        ],
    },
    check,
};

fn check(doc: &Document<'_>, out: &mut Reporter<'_, '_>) {
    let Some(pod) = doc.pod_spec() else { return };
    for c in pod.containers() {
        let v = c.security_context.and_then(|s| s.get("readOnlyRootFilesystem"));
        if v.and_then(|n| n.as_bool()) != Some(true) {
            let what = match v.and_then(|n| n.scalar_text()) {
                Some(t) if !t.is_empty() => format!("sets readOnlyRootFilesystem: {t}"),
                _ => "does not set readOnlyRootFilesystem: true".to_string(),
            };
            let path = c.path.keys(&["securityContext", "readOnlyRootFilesystem"]);
            out.report(&RULE.meta, &path, None, format!("{} of {} {what}", c.describe(), doc.display_name()));
        }
    }
}

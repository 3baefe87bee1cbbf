//! K8S110 rbac-pod-exec: a Role or ClusterRole grants `get`/`create` on `pods/exec` or
//! `pods/attach`, or on `nodes/proxy` (a shell in any pod of the node). `system:` roles are
//! Kubernetes' own and are not reported. Whether a binding grants the role to someone is a
//! cross-object question left to the RBAC graph rules.

use super::rbac;
use crate::diagnostic::Severity;
use crate::model::Document;
use crate::rules::{Default, Reporter, Rule, RuleMeta};

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "K8S110",
        name: "rbac-pod-exec",
        severity: Severity::High,
        default: Default::On,
        title: "pods/exec, pods/attach or nodes/proxy access",
        rationale: "`pods/exec` and `pods/attach` give a shell in running containers, with their service account \
                    tokens and mounted secrets; `nodes/proxy` reaches the kubelet API and through it every pod on \
                    the node. Both verbs matter: exec upgrades a GET to a stream.",
        remediation: "Remove `pods/exec`, `pods/attach` and `nodes/proxy` from the role; grant debugging access \
                      through a separate, audited break-glass role.",
        references: &[
            ("checkov", "CKV2_K8S_2"),
            ("polaris", "clusterrolePodExecAttach"),
            ("polaris", "rolePodExecAttach"),
        ],
    },
    check,
};

/// Resources whose access the rule reports, with the explanation used in the message.
const TARGETS: [(&str, &str); 3] = [
    ("pods/exec", "run commands in the containers of any pod"),
    ("pods/attach", "attach to the containers of any pod"),
    ("nodes/proxy", "reach the kubelet API of any node"),
];
const VERBS: [&str; 2] = ["get", "create"];

fn check(doc: &Document<'_>, out: &mut Reporter<'_>) {
    if !rbac::is_role(doc) || rbac::is_system(doc) {
        return;
    }
    for rule in rbac::rules(doc) {
        if !rule.grants_group("") || !rule.grants_verb(&VERBS) {
            continue;
        }
        for item in rule.items("resources") {
            // A bare `*` is K8S106's finding.
            if item.text == "*" {
                continue;
            }
            let hits: Vec<&str> = TARGETS
                .iter()
                .filter(|(r, _)| rbac::resource_matches(item.text, r))
                .map(|(r, _)| *r)
                .collect();
            if hits.is_empty() {
                continue;
            }
            let why: Vec<&str> = TARGETS.iter().filter(|(r, _)| hits.contains(r)).map(|(_, w)| *w).collect();
            out.report(
                &RULE.meta,
                &item.path,
                None,
                format!(
                    "{} grants {} on `{}`: the subject may {}",
                    doc.display_name(),
                    rule.verbs_text(),
                    item.text,
                    why.join(" and ")
                ),
            );
        }
    }
}

//! K8S066 git-sync-exec-hook: a container sets the git-sync variable GITSYNC_GIT, which
//! points git-sync at an arbitrary binary (used to run code, CVE-2025-1767-style abuse).

use crate::diagnostic::Severity;
use crate::model::Document;
use crate::rules::{Default, Reporter, Rule, RuleMeta};
use crate::source::yaml::Node;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "K8S066",
        name: "git-sync-exec-hook",
        severity: Severity::Medium,
        default: Default::On,
        title: "git-sync exec hook enabled",
        rationale: "GITSYNC_GIT replaces the git binary git-sync runs: whoever controls the value runs any command in \
                    the container, typically one that holds repository credentials.",
        remediation: "Remove the GITSYNC_GIT environment variable.",
        references: &[("checkov", "CKV_K8S_159")],
    },
    check,
};

fn check(doc: &Document<'_>, out: &mut Reporter<'_>) {
    let Some(pod) = doc.pod_spec() else { return };
    for c in pod.containers() {
        let Some(env) = c.node.get("env").and_then(Node::as_seq) else { continue };
        for (i, e) in env.iter().enumerate() {
            if e.get("name").and_then(Node::scalar_text) == Some("GITSYNC_GIT") {
                out.report(
                    &RULE.meta,
                    &c.path.key("env").index(i).key("name"),
                    None,
                    format!("{} of {} sets GITSYNC_GIT", c.describe(), doc.display_name()),
                );
            }
        }
    }
}

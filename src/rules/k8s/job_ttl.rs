//! K8S081 job-ttl: a standalone Job sets no `ttlSecondsAfterFinished` (it stays forever once
//! finished), or a CronJob's job template sets one (which fights the CronJob's own history
//! limits). Jobs deleted by a Helm or Argo CD hook delete policy are not reported.

use crate::diagnostic::Severity;
use crate::model::Document;
use crate::rules::{Default, Reporter, Rule, RuleMeta};
use crate::source::yaml::{Node, ObjPath};

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "K8S081",
        name: "job-ttl",
        severity: Severity::Low,
        default: Default::OptIn,
        title: "Job TTL misuse",
        rationale: "A finished Job and its pods stay in the cluster until deleted, holding logs and quota. The TTL \
                    controller deletes them after `ttlSecondsAfterFinished`. A CronJob already prunes its Jobs with \
                    `successfulJobsHistoryLimit` / `failedJobsHistoryLimit`; a TTL in its template deletes them \
                    behind its back.",
        remediation: "Set `spec.ttlSecondsAfterFinished` on standalone Jobs; remove it from CronJob job templates \
                      and use the history limits instead.",
        references: &[("kube-linter", "job-ttl-seconds-after-finished")],
    },
    check,
};

const HOOK_DELETE: [&str; 2] = ["helm.sh/hook-delete-policy", "argocd.argoproj.io/hook-delete-policy"];

fn check(doc: &Document<'_>, out: &mut Reporter<'_, '_>) {
    match doc.kind() {
        "Job" => {
            let spec = doc.root.get("spec");
            if spec.and_then(|s| s.get("ttlSecondsAfterFinished")).is_some_and(|n| !n.is_null()) {
                return;
            }
            let annotations = doc.root.get("metadata").and_then(|m| m.get("annotations"));
            if HOOK_DELETE.iter().any(|k| annotations.and_then(|a| a.get(k)).is_some()) {
                return;
            }
            out.report(
                &RULE.meta,
                &ObjPath::root().keys(&["spec", "ttlSecondsAfterFinished"]),
                None,
                format!(
                    "{} sets no ttlSecondsAfterFinished: it stays in the cluster once finished",
                    doc.display_name()
                ),
            );
        }
        "CronJob" => {
            let ttl = doc
                .root
                .get("spec")
                .and_then(|s| s.get("jobTemplate"))
                .and_then(|t| t.get("spec"))
                .and_then(|s| s.get("ttlSecondsAfterFinished"));
            if ttl.is_some_and(|n| !Node::is_null(n)) {
                out.report(
                    &RULE.meta,
                    &ObjPath::root().keys(&["spec", "jobTemplate", "spec", "ttlSecondsAfterFinished"]),
                    None,
                    format!(
                        "{} sets ttlSecondsAfterFinished in its job template; use the CronJob's history limits",
                        doc.display_name()
                    ),
                );
            }
        }
        _ => {}
    }
}

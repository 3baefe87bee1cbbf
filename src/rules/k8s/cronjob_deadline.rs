//! K8S082 cronjob-deadline: a CronJob sets no `spec.startingDeadlineSeconds`.

use crate::diagnostic::Severity;
use crate::model::Document;
use crate::rules::{Default, Reporter, Rule, RuleMeta};
use crate::source::yaml::ObjPath;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "K8S082",
        name: "cronjob-deadline",
        severity: Severity::Low,
        default: Default::OptIn,
        title: "CronJob without startingDeadlineSeconds",
        rationale: "Without a starting deadline a CronJob whose controller missed more than 100 schedules (after \
                    an outage, or while suspended) stops scheduling with an error, and late runs start whenever the \
                    controller catches up, however stale.",
        remediation: "Set `spec.startingDeadlineSeconds` (for example 200 for a job that runs every few minutes).",
        references: &[("kube-score", "cronjob-has-deadline")],
    },
    check,
};

fn check(doc: &Document<'_>, out: &mut Reporter<'_, '_>) {
    if doc.kind() != "CronJob" {
        return;
    }
    let spec = doc.root.get("spec");
    if spec.and_then(|s| s.get("startingDeadlineSeconds")).is_some_and(|n| !n.is_null()) {
        return;
    }
    out.report(
        &RULE.meta,
        &ObjPath::root().keys(&["spec", "startingDeadlineSeconds"]),
        None,
        format!("{} sets no startingDeadlineSeconds", doc.display_name()),
    );
}

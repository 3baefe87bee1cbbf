//! K8S036 unmasked-proc-mount: a container sets `procMount` to something other than Default.

use crate::diagnostic::Severity;
use crate::model::Document;
use crate::rules::{Default, Reporter, Rule, RuleMeta};

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "K8S036",
        name: "unmasked-proc-mount",
        severity: Severity::High,
        default: Default::On,
        title: "Unmasked /proc (procMount)",
        rationale: "`procMount: Unmasked` exposes /proc paths the runtime normally masks (kcore, sysrq-trigger, …). \
                    The baseline Pod Security Standard allows it only in a user namespace (`spec.hostUsers: false`); \
                    the restricted profile never does.",
        remediation: "Remove `procMount` or set it to `Default`.",
        references: &[
            ("kube-linter", "unsafe-proc-mount"),
            ("pss", "baseline: procMount"),
            ("polaris", "procMount"),
        ],
    },
    check,
};

fn check(doc: &Document<'_>, out: &mut Reporter<'_, '_>) {
    let Some(pod) = doc.pod_spec() else { return };
    // Baseline allows any procMount in a user namespace; restricted never does.
    // (from Kubernetes 1.35 on; before, neither allowed it).
    if !out.pss_restricted
        && out.pss_version() >= (1, 35)
        && pod.node.get("hostUsers").and_then(|n| n.as_bool()) == Some(false)
    {
        return;
    }
    for c in pod.containers() {
        let Some(v) = c.security_context.and_then(|s| s.get("procMount")).and_then(|n| n.scalar_text())
        else {
            continue;
        };
        if !v.is_empty() && v != "Default" {
            out.report(
                &RULE.meta,
                &c.path.keys(&["securityContext", "procMount"]),
                None,
                format!("{} of {} sets procMount: {v}", c.describe(), doc.display_name()),
            );
        }
    }
}

//! K8S006 windows-host-process: a Windows pod or container runs as a HostProcess.

use crate::diagnostic::Severity;
use crate::model::Document;
use crate::rules::{Default, Reporter, Rule, RuleMeta};

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "K8S006",
        name: "windows-host-process",
        severity: Severity::Critical,
        default: Default::On,
        title: "Windows HostProcess",
        rationale: "A Windows HostProcess container runs directly on the node with the host's privileges; it is the \
                    Windows equivalent of a privileged container. The Pod Security Standards (baseline) forbid it.",
        remediation: "Remove `windowsOptions.hostProcess: true` from the pod and container securityContexts.",
        references: &[("pss", "baseline: windowsHostProcess"), ("polaris", "hostProcess")],
    },
    check,
};

fn check(doc: &Document<'_>, out: &mut Reporter<'_, '_>) {
    let Some(pod) = doc.pod_spec() else { return };
    let host_process = |sc: Option<&crate::source::yaml::Node>| {
        sc.and_then(|s| s.get("windowsOptions")).and_then(|w| w.get("hostProcess")).and_then(|n| n.as_bool())
            == Some(true)
    };
    if host_process(pod.security_context()) {
        let path = pod.path.keys(&["securityContext", "windowsOptions", "hostProcess"]);
        out.report(
            &RULE.meta,
            &path,
            None,
            format!("{} runs as a Windows HostProcess pod", doc.display_name()),
        );
    }
    for c in pod.containers() {
        if host_process(c.security_context) {
            let path = c.path.keys(&["securityContext", "windowsOptions", "hostProcess"]);
            out.report(
                &RULE.meta,
                &path,
                None,
                format!("{} of {} runs as a Windows HostProcess", c.describe(), doc.display_name()),
            );
        }
    }
}

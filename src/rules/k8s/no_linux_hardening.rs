//! K8S035 no-linux-hardening: a Linux container has no hardening at all: no effective
//! seccomp profile other than Unconfined, no AppArmor profile (field or annotation), no
//! SELinux options, and an empty `capabilities.drop`.

use crate::diagnostic::Severity;
use crate::model::Document;
use crate::rules::{Default, Reporter, Rule, RuleMeta};
use crate::source::yaml::Node;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "K8S035",
        name: "no-linux-hardening",
        severity: Severity::Low,
        default: Default::OptIn,
        title: "No Linux hardening at all",
        rationale: "Seccomp, AppArmor, SELinux and dropped capabilities are independent layers; a container with \
                    none of them relies entirely on the namespaces for isolation. Any one of them (inherited from \
                    the pod where the field is inheritable) satisfies this rule, as in Polaris' linuxHardening. \
                    Windows pods are not reported.",
        remediation: "Set `securityContext.seccompProfile.type: RuntimeDefault` on the pod and \
                      `capabilities.drop: [ALL]` on each container.",
        references: &[("polaris", "linuxHardening")],
    },
    check,
};

const ANNOTATION: &str = "container.apparmor.security.beta.kubernetes.io/";

fn check(doc: &Document<'_>, out: &mut Reporter<'_, '_>) {
    let Some(pod) = doc.pod_spec() else { return };
    if pod.os_name() == Some("windows") {
        return;
    }
    let annotations = pod.annotations(doc.root);
    let annotated = |name: &str| {
        annotations.iter().any(|(k, v)| {
            k.strip_prefix(ANNOTATION) == Some(name) && v.scalar_text().is_some_and(|v| v != "unconfined")
        })
    };
    let legacy_seccomp = annotations.iter().any(|(k, v)| {
        *k == "seccomp.security.alpha.kubernetes.io/pod" && v.scalar_text().is_some_and(|v| v != "unconfined")
    });
    for c in pod.containers() {
        let typed = |field: &str| {
            pod.effective(c, field)
                .and_then(|e| e.node.get("type"))
                .and_then(Node::scalar_text)
                .is_some_and(|t| t != "Unconfined")
        };
        let selinux = pod
            .effective(c, "seLinuxOptions")
            .is_some_and(|e| e.node.as_map().is_some_and(|m| !m.is_empty()));
        let drops = c
            .security_context
            .and_then(|s| s.get("capabilities"))
            .and_then(|k| k.get("drop"))
            .and_then(Node::as_seq)
            .is_some_and(|d| !d.is_empty());
        if typed("seccompProfile")
            || legacy_seccomp
            || typed("appArmorProfile")
            || c.name.is_some_and(annotated)
            || selinux
            || drops
        {
            continue;
        }
        out.report(
            &RULE.meta,
            &c.path.key("securityContext"),
            None,
            format!(
                "{} of {} has no seccomp, AppArmor or SELinux profile and drops no capability",
                c.describe(),
                doc.display_name()
            ),
        );
    }
}

//! K8S033 apparmor-not-set: a Linux container has no AppArmor profile: neither its own
//! `securityContext.appArmorProfile`, nor the pod's, nor a
//! `container.apparmor.security.beta.kubernetes.io/<name>` annotation.

use crate::diagnostic::Severity;
use crate::model::Document;
use crate::rules::{Default, Reporter, Rule, RuleMeta};

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "K8S033",
        name: "apparmor-not-set",
        severity: Severity::Info,
        default: Default::OptIn,
        title: "AppArmor profile not set",
        rationale: "Without an explicit profile the container gets whatever the node's runtime applies (usually \
                    runtime/default where AppArmor is enabled, nothing where it is not). Stating the profile makes \
                    the confinement part of the reviewed manifest. The legacy per-container annotation counts. \
                    Windows pods are not reported; an explicit Unconfined is K8S032's finding.",
        remediation: "Set `securityContext.appArmorProfile.type: RuntimeDefault` on the pod (covers every container) \
                      or on the container.",
        references: &[("kubesec", "ApparmorAny"), ("polaris", "linuxHardening")],
    },
    check,
};

const ANNOTATION: &str = "container.apparmor.security.beta.kubernetes.io/";

fn check(doc: &Document<'_>, out: &mut Reporter<'_, '_>) {
    let Some(pod) = doc.pod_spec() else { return };
    if pod.os_name() == Some("windows") {
        return;
    }
    let annotated: Vec<&str> =
        pod.annotations(doc.root).iter().filter_map(|(k, _)| k.strip_prefix(ANNOTATION)).collect();
    for c in pod.containers() {
        if pod.effective(c, "appArmorProfile").is_some() || c.name.is_some_and(|n| annotated.contains(&n)) {
            continue;
        }
        out.report(
            &RULE.meta,
            &c.path.keys(&["securityContext", "appArmorProfile"]),
            None,
            format!("{} of {} sets no AppArmor profile", c.describe(), doc.display_name()),
        );
    }
}

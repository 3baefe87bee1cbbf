//! K8S034 selinux-custom-options: an SELinux type outside the container types, or any
//! SELinux user or role, on the pod or a container.

use crate::diagnostic::Severity;
use crate::model::Document;
use crate::rules::{Default, Reporter, Rule, RuleMeta};
use crate::source::yaml::{Node, ObjPath};

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "K8S034",
        name: "selinux-custom-options",
        severity: Severity::High,
        default: Default::On,
        title: "Custom SELinux type/user/role",
        rationale: "Setting an SELinux type other than the container types, or a user or role, can lift the \
                    container out of its confinement (for example `spc_t`, `unconfined_t`). The baseline Pod \
                    Security Standard allows only container_t, container_init_t, container_kvm_t and container_engine_t.",
        remediation: "Remove `seLinuxOptions.user` and `.role`, and use one of the container types (or none).",
        references: &[("pss", "baseline: seLinuxOptions"), ("polaris", "linuxHardening")],
    },
    check,
};

const ALLOWED_TYPES: &[&str] = &["", "container_t", "container_init_t", "container_kvm_t"];
/// Allowed from Kubernetes 1.31 on.
const ENGINE_TYPE: &str = "container_engine_t";

fn check_options(
    doc: &Document<'_>,
    out: &mut Reporter<'_, '_>,
    sc: Option<&Node>,
    base: ObjPath,
    who: &str,
) {
    let Some(opts) = sc.and_then(|s| s.get("seLinuxOptions")) else { return };
    let base = base.key("seLinuxOptions");
    if let Some(t) = opts.get("type").and_then(Node::scalar_text)
        && !ALLOWED_TYPES.contains(&t)
        && !(t == ENGINE_TYPE && out.pss_version() >= (1, 31))
    {
        out.report(
            &RULE.meta,
            &base.key("type"),
            None,
            format!("{who} of {} uses SELinux type {t}", doc.display_name()),
        );
    }
    for field in ["user", "role"] {
        if opts.get(field).and_then(Node::scalar_text).is_some_and(|v| !v.is_empty()) {
            out.report(
                &RULE.meta,
                &base.key(field),
                None,
                format!("{who} of {} sets an SELinux {field}", doc.display_name()),
            );
        }
    }
}

fn check(doc: &Document<'_>, out: &mut Reporter<'_, '_>) {
    let Some(pod) = doc.pod_spec() else { return };
    check_options(doc, out, pod.security_context(), pod.path.key("securityContext"), "the pod");
    for c in pod.containers() {
        check_options(doc, out, c.security_context, c.path.key("securityContext"), &c.describe().to_string());
    }
}

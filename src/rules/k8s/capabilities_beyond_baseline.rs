//! K8S022 capabilities-beyond-baseline: a container adds a capability outside the Pod
//! Security Standards' baseline set (compared exactly, as Pod Security Admission does).

use super::capabilities::caps;
use crate::diagnostic::Severity;
use crate::model::Document;
use crate::rules::{Default, Reporter, Rule, RuleMeta};

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "K8S022",
        name: "capabilities-beyond-baseline",
        severity: Severity::High,
        default: Default::On,
        title: "Capability added beyond PSS baseline default set",
        rationale: "The baseline Pod Security Standard allows adding only the runtime's default capabilities \
                    (AUDIT_WRITE, CHOWN, DAC_OVERRIDE, FOWNER, FSETID, KILL, MKNOD, NET_BIND_SERVICE, SETFCAP, SETGID, \
                    SETPCAP, SETUID, SYS_CHROOT); anything else widens the kernel attack surface.",
        remediation: "Remove the capability from `capabilities.add`, or justify it with an exemption.",
        references: &[("pss", "baseline: capabilities_baseline"), ("checkov", "CKV_K8S_25")],
    },
    check,
};

pub(super) const BASELINE: &[&str] = &[
    "AUDIT_WRITE",
    "CHOWN",
    "DAC_OVERRIDE",
    "FOWNER",
    "FSETID",
    "KILL",
    "MKNOD",
    "NET_BIND_SERVICE",
    "SETFCAP",
    "SETGID",
    "SETPCAP",
    "SETUID",
    "SYS_CHROOT",
];

fn check(doc: &Document<'_>, out: &mut Reporter<'_, '_>) {
    let Some(pod) = doc.pod_spec() else { return };
    for c in pod.containers() {
        for k in caps(c, "add") {
            if !BASELINE.contains(&k.raw) {
                out.report(
                    &RULE.meta,
                    &k.path(),
                    None,
                    format!(
                        "{} of {} adds capability {} (outside the baseline set)",
                        c.describe(),
                        doc.display_name(),
                        k.raw
                    ),
                );
            }
        }
    }
}

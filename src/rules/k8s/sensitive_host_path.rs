//! K8S042 sensitive-host-path: a hostPath volume mounts a sensitive node directory
//! (`/`, `/etc`, `/proc`, `/var/lib/kubelet`, …), compared after normalising the path.

use super::host_paths::{host_path_volumes, normalise};
use crate::diagnostic::Severity;
use crate::model::Document;
use crate::rules::{Default, Reporter, Rule, RuleMeta};

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "K8S042",
        name: "sensitive-host-path",
        severity: Severity::High,
        default: Default::On,
        title: "Sensitive host directory mounted",
        rationale: "These directories hold the node's configuration, credentials, devices, kernel interfaces or \
                    other workloads' data; mounting them gives the pod a path to take over the node.",
        remediation: "Do not mount node system directories; use a purpose-built volume type or a DaemonSet agent with \
                      a narrowly scoped read-only path.",
        references: &[
            ("kubesec", "ProcMount"),
            ("kube-linter", "sensitive-host-mounts"),
            ("polaris", "hostPathSet"),
        ],
    },
    check,
};

const SENSITIVE: &[&str] = &[
    "/",
    "/boot",
    "/dev",
    "/etc",
    "/lib",
    "/proc",
    "/sys",
    "/usr",
    "/var/lib/kubelet",
    "/var/lib/docker",
    "/var/lib/containerd",
    "/root",
    "/etc/kubernetes",
];

fn check(doc: &Document<'_>, out: &mut Reporter<'_>) {
    let Some(pod) = doc.pod_spec() else { return };
    for v in host_path_volumes(pod) {
        let Some(p) = v.host_path else { continue };
        if SENSITIVE.contains(&normalise(p).as_str()) {
            out.report(
                &RULE.meta,
                &v.path.key("path"),
                None,
                format!("{} mounts the sensitive node directory {p}", doc.display_name()),
            );
        }
    }
}

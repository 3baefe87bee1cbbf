//! K8S043 writable-host-mount: a container mounts a hostPath volume without `readOnly: true`.

use super::host_paths::host_path_volumes;
use crate::diagnostic::Severity;
use crate::model::Document;
use crate::rules::{Default, Reporter, Rule, RuleMeta};
use crate::source::yaml::Node;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "K8S043",
        name: "writable-host-mount",
        severity: Severity::Medium,
        default: Default::On,
        title: "Writable hostPath mount",
        rationale: "A writable host mount lets the container change files on the node, which survive the pod and \
                    can be picked up by the kubelet or other workloads.",
        remediation: "Add `readOnly: true` to the volumeMount (or stop mounting the hostPath volume).",
        references: &[("kube-linter", "writable-host-mount"), ("pss", "baseline: hostPathVolumes")],
    },
    check,
};

fn check(doc: &Document<'_>, out: &mut Reporter<'_>) {
    let Some(pod) = doc.pod_spec() else { return };
    let host: Vec<&str> = host_path_volumes(pod).iter().filter_map(|v| v.volume_name).collect();
    if host.is_empty() {
        return;
    }
    for c in pod.containers() {
        let Some(mounts) = c.node.get("volumeMounts").and_then(Node::as_seq) else { continue };
        for (i, m) in mounts.iter().enumerate() {
            let Some(name) = m.get("name").and_then(Node::scalar_text) else { continue };
            if host.contains(&name) && m.get("readOnly").and_then(|n| n.as_bool()) != Some(true) {
                out.report(
                    &RULE.meta,
                    &c.path.key("volumeMounts").index(i).key("readOnly"),
                    None,
                    format!(
                        "{} of {} mounts hostPath volume \"{name}\" writable",
                        c.describe(),
                        doc.display_name()
                    ),
                );
            }
        }
    }
}

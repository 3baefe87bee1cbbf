//! K8S044 restricted-volume-type: a volume whose source is outside the restricted Pod
//! Security Standard's list (configMap, csi, downwardAPI, emptyDir, ephemeral, image,
//! persistentVolumeClaim, projected, secret).

use crate::diagnostic::Severity;
use crate::model::Document;
use crate::rules::{Default, Reporter, Rule, RuleMeta};
use crate::source::yaml::Node;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "K8S044",
        name: "restricted-volume-type",
        severity: Severity::Medium,
        default: Default::On,
        title: "Volume type outside restricted set",
        rationale: "Other volume types (hostPath, nfs, iscsi, rbd, cephfs, …) reach storage outside the pod's \
                    control, often with node-level credentials. The restricted Pod Security Standard allows only the \
                    listed, pod-scoped sources.",
        remediation: "Use a PersistentVolumeClaim (the cluster admin maps it to the storage) or one of the allowed sources.",
        references: &[("pss", "restricted: restrictedVolumes")],
    },
    check,
};

const ALLOWED: &[&str] = &[
    "configMap",
    "csi",
    "downwardAPI",
    "emptyDir",
    "ephemeral",
    "image",
    "persistentVolumeClaim",
    "projected",
    "secret",
];

fn check(doc: &Document<'_>, out: &mut Reporter<'_>) {
    let Some(pod) = doc.pod_spec() else { return };
    let Some(vols) = pod.node.get("volumes").and_then(Node::as_seq) else { return };
    for (i, v) in vols.iter().enumerate() {
        for e in v.as_map().unwrap_or(&[]) {
            let Some(k) = e.key.scalar_text() else { continue };
            if k == "name" || ALLOWED.contains(&k) {
                continue;
            }
            let name = v.get("name").and_then(Node::scalar_text).unwrap_or("?");
            out.report(
                &RULE.meta,
                &pod.path.key("volumes").index(i).key(k),
                None,
                format!("{} uses a {k} volume (\"{name}\"), outside the restricted set", doc.display_name()),
            );
        }
    }
}

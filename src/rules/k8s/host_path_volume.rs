//! K8S040 host-path-volume: the pod declares a `hostPath` volume.

use super::host_paths::host_path_volumes;
use crate::diagnostic::Severity;
use crate::model::Document;
use crate::rules::{Default, Reporter, Rule, RuleMeta};

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "K8S040",
        name: "host-path-volume",
        severity: Severity::High,
        default: Default::On,
        title: "hostPath volume",
        rationale: "A hostPath volume exposes the node's filesystem to the pod: it can read secrets of other \
                    workloads, tamper with the kubelet or escape to the node. The Pod Security Standards \
                    (baseline) forbid them.",
        remediation: "Use a PersistentVolumeClaim, an emptyDir, a ConfigMap/Secret or a CSI volume instead of hostPath.",
        references: &[("pss", "baseline: hostPathVolumes"), ("polaris", "hostPathSet")],
    },
    check,
};

fn check(doc: &Document<'_>, out: &mut Reporter<'_>) {
    let Some(pod) = doc.pod_spec() else {
        return;
    };
    for v in host_path_volumes(pod) {
        let name = v.volume_name.map(|n| format!(" \"{n}\"")).unwrap_or_default();
        let target = v.host_path.map(|p| format!(" mounting {p} from the node")).unwrap_or_default();
        out.report(
            &RULE.meta,
            &v.path,
            None,
            format!("{} declares hostPath volume{name}{target}", doc.display_name()),
        );
    }
}

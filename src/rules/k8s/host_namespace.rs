//! Shared check for K8S002–K8S004: a pod-spec boolean that puts the pod in a host namespace.

use crate::model::Document;
use crate::rules::{Reporter, RuleMeta};

pub(super) fn check_flag(
    doc: &Document<'_>,
    out: &mut Reporter<'_>,
    meta: &RuleMeta,
    field: &str,
    what: &str,
) {
    let Some(pod) = doc.pod_spec() else {
        return;
    };
    if pod.node.get(field).and_then(|n| n.as_bool()) == Some(true) {
        out.report(
            meta,
            &pod.path.key(field),
            None,
            format!("{} shares the host's {what}", doc.display_name()),
        );
    }
}

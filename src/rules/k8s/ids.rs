//! Shared check for K8S012/K8S013: an effective `runAsUser` / `runAsGroup` that is absent or
//! below the 10000 threshold, per container (init and ephemeral included).

use crate::model::Document;
use crate::rules::{Reporter, RuleMeta};

/// IDs from here on pass (checkov and kube-score: `>= 10000`).
pub(super) const THRESHOLD: i64 = 10000;

pub(super) fn check_low_id(
    doc: &Document<'_>,
    out: &mut Reporter<'_, '_>,
    meta: &RuleMeta,
    field: &str,
    what: &str,
) {
    let Some(pod) = doc.pod_spec() else { return };
    if pod.node.get("hostUsers").and_then(|n| n.as_bool()) == Some(false) {
        return;
    }
    for c in pod.containers() {
        match pod.effective(c, field) {
            Some(e) => {
                // A non-integer value (a template left over, a typo) is a schema problem.
                let Some(v) = e.node.as_i64() else { continue };
                if v >= THRESHOLD {
                    continue;
                }
                let from = if e.inherited { " (inherited from the pod securityContext)" } else { "" };
                out.report(
                    meta,
                    &e.path(),
                    Some(&c.path),
                    format!(
                        "{} of {} runs with {what} {v}{from}, below {THRESHOLD}",
                        c.describe(),
                        doc.display_name()
                    ),
                );
            }
            None => out.report(
                meta,
                &c.path.keys(&["securityContext", field]),
                None,
                format!(
                    "{} of {} sets no {field}: the image's {what} applies (often 0)",
                    c.describe(),
                    doc.display_name()
                ),
            ),
        }
    }
}

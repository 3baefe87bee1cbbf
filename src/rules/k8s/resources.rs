//! Shared check for K8S050–K8S052: a resource request or limit that is absent or zero, for
//! containers and init containers (ephemeral containers cannot set resources).

use crate::model::{ContainerKind, Document};
use crate::rules::{Reporter, RuleMeta};
use crate::source::yaml::Node;

/// A quantity whose number is zero (`0`, `"0"`, `0m`, `0Mi`, `0.0`).
fn is_zero(n: &Node) -> bool {
    let Some(t) = n.scalar_text() else { return false };
    let num: String =
        t.trim().chars().take_while(|c| c.is_ascii_digit() || *c == '.' || *c == '+' || *c == '-').collect();
    num.parse::<f64>().is_ok_and(|v| v == 0.0)
}

pub(super) fn check_resource(
    doc: &Document<'_>,
    out: &mut Reporter<'_>,
    meta: &RuleMeta,
    section: &str,
    resource: &str,
) {
    let Some(pod) = doc.pod_spec() else { return };
    for c in pod.containers() {
        if c.kind == ContainerKind::Ephemeral {
            continue;
        }
        let v = c.node.get("resources").and_then(|r| r.get(section)).and_then(|s| s.get(resource));
        let what = match v {
            Some(n) if n.is_null() => "is empty",
            Some(n) if is_zero(n) => "is zero",
            Some(_) => continue,
            None => "is not set",
        };
        let path = c.path.key("resources").key(section).key(resource);
        let noun = if section == "requests" { "request" } else { "limit" };
        out.report(
            meta,
            &path,
            None,
            format!("{} of {}: {resource} {noun} {what}", c.describe(), doc.display_name()),
        );
    }
}

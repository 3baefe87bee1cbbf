//! Label selectors (`matchLabels` + `matchExpressions`) evaluated against a set of labels,
//! with Kubernetes' semantics: an empty selector matches everything, an absent one nothing.

use crate::source::yaml::Node;

/// Does the LabelSelector `selector` select an object with `labels` (a mapping, or none)?
pub(super) fn selects(selector: Option<&Node>, labels: Option<&Node>) -> bool {
    let Some(selector) = selector.filter(|s| s.as_map().is_some()) else { return false };
    let label = |k: &str| labels.and_then(|l| l.get(k)).and_then(Node::scalar_text);
    for e in selector.get("matchLabels").and_then(Node::as_map).unwrap_or(&[]) {
        let Some(k) = e.key.scalar_text() else { return false };
        if label(k) != e.value.scalar_text() {
            return false;
        }
    }
    for x in selector.get("matchExpressions").and_then(Node::as_seq).unwrap_or(&[]) {
        let Some(key) = x.get("key").and_then(Node::scalar_text) else { return false };
        let values: Vec<&str> = x
            .get("values")
            .and_then(Node::as_seq)
            .unwrap_or(&[])
            .iter()
            .filter_map(Node::scalar_text)
            .collect();
        let op = x.get("operator").and_then(Node::scalar_text).unwrap_or("");
        if expression_holds(op, label(key), &values) != Some(true) {
            return false;
        }
    }
    true
}

/// Does a `matchExpressions` term with operator `op` and `values` hold for a label whose
/// value is `have` (absent: `None`)? `None` for an unknown operator.
pub(super) fn expression_holds(op: &str, have: Option<&str>, values: &[&str]) -> Option<bool> {
    Some(match op {
        "In" => have.is_some_and(|v| values.contains(&v)),
        "NotIn" => have.is_none_or(|v| !values.contains(&v)),
        "Exists" => have.is_some(),
        "DoesNotExist" => have.is_none(),
        _ => return None,
    })
}

//! Shared check for K8S050–K8S052: a resource request or limit that is absent or zero, for
//! containers and init containers (ephemeral containers cannot set resources).

use crate::model::{ContainerKind, Document};
use crate::rules::{Reporter, RuleMeta};
use crate::source::yaml::Node;

/// A quantity whose number is zero (`0`, `"0"`, `0m`, `0Mi`, `0.0`).
fn is_zero(n: &Node) -> bool {
    let Some(t) = n.scalar_text() else { return false };
    let t = t.trim();
    // the numeric prefix (ASCII only, so a byte index is a char boundary)
    let end =
        t.bytes().position(|c| !(c.is_ascii_digit() || matches!(c, b'.' | b'+' | b'-'))).unwrap_or(t.len());
    let num = &t[..end];
    // a nonzero digit: the number is not zero, or does not parse
    !num.bytes().any(|c| matches!(c, b'1'..=b'9')) && num.parse::<f64>().is_ok_and(|v| v == 0.0)
}

pub(super) fn check_resource(
    doc: &Document<'_>,
    out: &mut Reporter<'_, '_>,
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
        let path = c.path.keys(&["resources", section, resource]);
        let noun = if section == "requests" { "request" } else { "limit" };
        out.report(
            meta,
            &path,
            None,
            format!("{} of {}: {resource} {noun} {what}", c.describe(), doc.display_name()),
        );
    }
}

/// The value of a Kubernetes quantity (`500m`, `1Gi`, `1e3`, `2`) as a number, so that
/// `1` and `1000m`, or `1Gi` and `1024Mi`, compare equal. `None` when it is not a quantity.
pub(super) fn quantity(n: &Node) -> Option<f64> {
    let t = n.scalar_text()?.trim();
    let split =
        t.find(|c: char| !(c.is_ascii_digit() || c == '.' || c == '+' || c == '-')).unwrap_or(t.len());
    let (num, suffix) = t.split_at(split);
    let num: f64 = num.parse().ok()?;
    let factor = match suffix {
        "" => 1.0,
        "n" => 1e-9,
        "u" => 1e-6,
        "m" => 1e-3,
        "k" => 1e3,
        "M" => 1e6,
        "G" => 1e9,
        "T" => 1e12,
        "P" => 1e15,
        "E" => 1e18,
        "Ki" => 1024f64,
        "Mi" => 1024f64.powi(2),
        "Gi" => 1024f64.powi(3),
        "Ti" => 1024f64.powi(4),
        "Pi" => 1024f64.powi(5),
        "Ei" => 1024f64.powi(6),
        s => {
            let exp: i32 = s.strip_prefix(['e', 'E'])?.parse().ok()?;
            10f64.powi(exp)
        }
    };
    Some(num * factor)
}

/// Two quantities are the same amount (to one part in a million).
pub(super) fn same_quantity(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-6 * a.abs().max(b.abs())
}

#[cfg(test)]
mod tests {
    use super::{quantity, same_quantity};
    use crate::source::yaml::{Limits, load_stream};

    fn q(s: &str) -> Option<f64> {
        let docs = load_stream(&format!("v: {s}\n"), Limits::default());
        let root = docs.docs.into_iter().next().unwrap().root.unwrap();
        quantity(root.get("v").unwrap())
    }

    #[test]
    fn quantities_compare_by_amount() {
        assert!(same_quantity(q("1").unwrap(), q("1000m").unwrap()));
        assert!(same_quantity(q("1Gi").unwrap(), q("1024Mi").unwrap()));
        assert!(same_quantity(q("1e3").unwrap(), q("1k").unwrap()));
        assert!(same_quantity(q("\"0.5\"").unwrap(), q("500m").unwrap()));
        assert!(!same_quantity(q("1G").unwrap(), q("1Gi").unwrap()));
        assert_eq!(q("lots"), None);
        assert_eq!(q("1Zi"), None);
    }
}

//! kustomize's "legacy" output order: by kind (Namespace, ResourceQuota, … first; webhook
//! configurations last), then by group/version/kind, then namespace and name
//! (api/internal/builtins/SortOrderTransformer.go, kyaml/resid/gvk.go).

use std::cmp::Ordering;

use super::resource::Resource;

const ORDER_FIRST: &[&str] = &[
    "Namespace",
    "ResourceQuota",
    "StorageClass",
    "CustomResourceDefinition",
    "ServiceAccount",
    "PodSecurityPolicy",
    "Role",
    "ClusterRole",
    "RoleBinding",
    "ClusterRoleBinding",
    "ConfigMap",
    "Secret",
    "Endpoints",
    "Service",
    "LimitRange",
    "PriorityClass",
    "PersistentVolume",
    "PersistentVolumeClaim",
    "Deployment",
    "StatefulSet",
    "CronJob",
    "PodDisruptionBudget",
];
const ORDER_LAST: &[&str] = &["MutatingWebhookConfiguration", "ValidatingWebhookConfiguration"];

/// The rank of a kind with the given priority lists (negative first, 0 unlisted, positive last).
fn type_order(kind: &str, first: &[&str], last: &[&str]) -> i64 {
    if let Some(i) = first.iter().position(|k| *k == kind) {
        return i as i64 - first.len() as i64;
    }
    if let Some(i) = last.iter().position(|k| *k == kind) {
        return 1 + i as i64;
    }
    0
}

fn or<'a>(s: &'a str, d: &'a str) -> &'a str {
    if s.is_empty() { d } else { s }
}

fn gvk_sort_string(g: &str, v: &str, k: &str) -> String {
    format!("{}_{}_{}", or(g, "~G"), or(v, "~V"), or(k, "~K"))
}

fn compare(a: &Resource, b: &Resource, first: &[&str], last: &[&str]) -> Ordering {
    let (ag, av) = a.group_version();
    let (bg, bv) = b.group_version();
    let (ak, bk) = (a.kind(), b.kind());
    if (ag, av, ak) != (bg, bv, bk) {
        let (i, j) = (type_order(ak, first, last), type_order(bk, first, last));
        if i != j {
            return i.cmp(&j);
        }
        let (sa, sb) = (gvk_sort_string(ag, av, ak), gvk_sort_string(bg, bv, bk));
        if ak == "Namespace" && bk == "Namespace" && (ag.is_empty() || bg.is_empty()) {
            return sb.cmp(&sa);
        }
        return sa.cmp(&sb);
    }
    let id = |r: &Resource| {
        let (g, v) = r.group_version();
        format!(
            "{}_{}_{}|{}|{}",
            or(r.kind(), "~K"),
            or(v, "~V"),
            or(g, "~G"),
            or(r.namespace(), "~X"),
            or(r.name(), "~N")
        )
    };
    id(a).cmp(&id(b))
}

/// Sorts in kustomize's legacy order, with custom priority lists when `sortOptions` gives them.
pub fn sort_legacy(resources: &mut [Resource], first: Option<&[String]>, last: Option<&[String]>) {
    let first_v: Vec<&str> = match first {
        Some(f) => f.iter().map(String::as_str).collect(),
        None => ORDER_FIRST.to_vec(),
    };
    let last_v: Vec<&str> = match last {
        Some(l) => l.iter().map(String::as_str).collect(),
        None => ORDER_LAST.to_vec(),
    };
    resources.sort_by(|a, b| compare(a, b, &first_v, &last_v));
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use std::path::Path;

    fn r(api: &str, kind: &str, name: &str) -> Resource {
        Resource::new(json!({"apiVersion": api, "kind": kind, "metadata": {"name": name}}), Path::new("x"), 0)
    }

    #[test]
    fn kinds_first_and_last_then_gvk_then_name() {
        let mut v = vec![
            r("admissionregistration.k8s.io/v1", "ValidatingWebhookConfiguration", "w"),
            r("apps/v1", "Deployment", "b"),
            r("apps/v1", "Deployment", "a"),
            r("example.com/v1", "Widget", "x"),
            r("v1", "Service", "s"),
            r("v1", "Namespace", "n"),
            r("autoscaling/v2", "HorizontalPodAutoscaler", "h"),
        ];
        sort_legacy(&mut v, None, None);
        let got: Vec<String> = v.iter().map(|r| format!("{}/{}", r.kind(), r.name())).collect();
        assert_eq!(
            got,
            [
                "Namespace/n",
                "Service/s",
                "Deployment/a",
                "Deployment/b",
                "HorizontalPodAutoscaler/h",
                "Widget/x",
                "ValidatingWebhookConfiguration/w"
            ]
        );
    }
}

//! `namespace:` sets metadata.namespace on every namespaced object, renames Namespace objects,
//! fixes APIService/CRD-webhook service namespaces and (Cluster)RoleBinding subjects named
//! `default` (api/filters/namespace).

use serde_json::Value;

use super::is_cluster_scoped;
use crate::source::kustomize::resource::{Resource, metadata_mut};

pub fn apply(resources: &mut [Resource], namespace: &str) {
    for r in resources.iter_mut() {
        let kind = r.kind().to_string();
        let (group, _) = r.group_version();
        let group = group.to_string();
        if !is_cluster_scoped(&kind) {
            metadata_mut(&mut r.value).insert("namespace".into(), Value::String(namespace.into()));
        }
        match kind.as_str() {
            "Namespace" => r.set_name(namespace),
            "APIService" if group == "apiregistration.k8s.io" => {
                if let Some(spec) = r.value.get_mut("spec").and_then(Value::as_object_mut) {
                    let svc = spec.entry("service").or_insert_with(|| Value::Object(Default::default()));
                    if let Some(svc) = svc.as_object_mut() {
                        svc.insert("namespace".into(), Value::String(namespace.into()));
                    }
                }
            }
            "CustomResourceDefinition" => {
                if let Some(svc) = r
                    .value
                    .pointer_mut("/spec/conversion/webhook/clientConfig/service")
                    .and_then(Value::as_object_mut)
                {
                    svc.insert("namespace".into(), Value::String(namespace.into()));
                }
            }
            "RoleBinding" | "ClusterRoleBinding" => {
                if let Some(subjects) = r.value.get_mut("subjects").and_then(Value::as_array_mut) {
                    for s in subjects {
                        if s.get("name").and_then(Value::as_str) == Some("default")
                            && let Some(m) = s.as_object_mut()
                        {
                            m.insert("namespace".into(), Value::String(namespace.into()));
                        }
                    }
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use std::path::Path;

    #[test]
    fn sets_namespaced_objects_only_and_renames_namespaces() {
        let mut rs = vec![
            Resource::new(
                json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c", "namespace": "old"}}),
                Path::new("x"),
                0,
            ),
            Resource::new(
                json!({"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRole", "metadata": {"name": "r"}}),
                Path::new("x"),
                0,
            ),
            Resource::new(
                json!({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "old"}}),
                Path::new("x"),
                0,
            ),
            Resource::new(
                json!({"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRoleBinding", "metadata": {"name": "b"},
                "subjects": [{"kind": "ServiceAccount", "name": "default", "namespace": "x"}, {"kind": "ServiceAccount", "name": "sa", "namespace": "x"}]}),
                Path::new("x"),
                0,
            ),
        ];
        apply(&mut rs, "prod");
        assert_eq!(rs[0].namespace(), "prod");
        assert_eq!(rs[1].value["metadata"].get("namespace"), None);
        assert_eq!(rs[2].name(), "prod");
        assert_eq!(rs[3].value["subjects"][0]["namespace"], "prod");
        assert_eq!(rs[3].value["subjects"][1]["namespace"], "x");
    }
}

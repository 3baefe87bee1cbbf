//! `replicas:` sets spec.replicas of the named Deployment/ReplicationController/ReplicaSet/
//! StatefulSet (matched by its original or current name).

use serde_json::Value;

use crate::source::kustomize::resource::Resource;

pub fn apply(resources: &mut [Resource], name: &str, count: i64) {
    for r in resources.iter_mut() {
        if !matches!(r.kind(), "Deployment" | "ReplicationController" | "ReplicaSet" | "StatefulSet") {
            continue;
        }
        if !r.all_names().any(|n| n == name) {
            continue;
        }
        if let Some(obj) = r.value.as_object_mut() {
            let spec = obj.entry("spec").or_insert_with(|| Value::Object(Default::default()));
            if let Some(spec) = spec.as_object_mut() {
                spec.insert("replicas".into(), Value::Number(count.into()));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use std::path::Path;

    #[test]
    fn sets_count_on_named_workload_only() {
        let mut rs = vec![
            Resource::new(
                json!({"kind": "Deployment", "metadata": {"name": "a"}, "spec": {"replicas": 1}}),
                Path::new("x"),
                0,
            ),
            Resource::new(json!({"kind": "Deployment", "metadata": {"name": "b"}}), Path::new("x"), 0),
        ];
        apply(&mut rs, "a", 3);
        assert_eq!(rs[0].value["spec"]["replicas"], 3);
        assert_eq!(rs[1].value.get("spec"), None);
    }
}

//! `commonAnnotations`: added to metadata.annotations of every object and to the pod
//! templates of workloads (api/internal/konfig/builtinpluginconsts/commonannotations.go).

use crate::source::kustomize::fieldspec::{FieldSpec, add_pairs, fs};
use crate::source::kustomize::resource::Resource;

pub const ANNOTATION_SPECS: &[FieldSpec] = &[
    fs("", "", "", "metadata/annotations", true),
    fs("", "v1", "ReplicationController", "spec/template/metadata/annotations", true),
    fs("", "", "Deployment", "spec/template/metadata/annotations", true),
    fs("", "", "ReplicaSet", "spec/template/metadata/annotations", true),
    fs("", "", "DaemonSet", "spec/template/metadata/annotations", true),
    fs("", "", "StatefulSet", "spec/template/metadata/annotations", true),
    fs("batch", "", "Job", "spec/template/metadata/annotations", true),
    fs("batch", "", "CronJob", "spec/jobTemplate/metadata/annotations", true),
    fs("batch", "", "CronJob", "spec/jobTemplate/spec/template/metadata/annotations", true),
];

pub fn apply(resources: &mut [Resource], pairs: &[(String, String)]) {
    if pairs.is_empty() {
        return;
    }
    for r in resources.iter_mut() {
        add_pairs(r, ANNOTATION_SPECS, pairs);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use std::path::Path;

    #[test]
    fn annotates_metadata_and_pod_templates() {
        let mut rs = vec![Resource::new(
            json!({"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "d"}, "spec": {"template": {"spec": {}}}}),
            Path::new("x"),
            0,
        )];
        apply(&mut rs, &[("a".into(), "b".into())]);
        assert_eq!(rs[0].value["metadata"]["annotations"]["a"], "b");
        assert_eq!(rs[0].value["spec"]["template"]["metadata"]["annotations"]["a"], "b");
    }
}

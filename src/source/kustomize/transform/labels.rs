//! `commonLabels` and `labels`: labels on metadata, optionally on pod templates
//! (`includeTemplates`) and on selectors (`includeSelectors`, always for `commonLabels`), with
//! kustomize's field specs (api/internal/konfig/builtinpluginconsts/commonlabels.go).

use crate::source::kustomize::fieldspec::{FieldSpec, add_pairs, fs};
use crate::source::kustomize::resource::Resource;

const METADATA: &[FieldSpec] = &[fs("", "", "", "metadata/labels", true)];

const TEMPLATES: &[FieldSpec] = &[
    fs("", "v1", "ReplicationController", "spec/template/metadata/labels", true),
    fs("", "", "Deployment", "spec/template/metadata/labels", true),
    fs("", "", "ReplicaSet", "spec/template/metadata/labels", true),
    fs("", "", "DaemonSet", "spec/template/metadata/labels", true),
    fs("apps", "", "StatefulSet", "spec/template/metadata/labels", true),
    fs("apps", "", "StatefulSet", "spec/volumeClaimTemplates[]/metadata/labels", true),
    fs("batch", "", "Job", "spec/template/metadata/labels", true),
    fs("batch", "", "CronJob", "spec/jobTemplate/metadata/labels", true),
    fs("batch", "", "CronJob", "spec/jobTemplate/spec/template/metadata/labels", true),
];

const AFFINITY: &[&str] = &[
    "spec/template/spec/affinity/podAffinity/preferredDuringSchedulingIgnoredDuringExecution/podAffinityTerm/labelSelector/matchLabels",
    "spec/template/spec/affinity/podAffinity/requiredDuringSchedulingIgnoredDuringExecution/labelSelector/matchLabels",
    "spec/template/spec/affinity/podAntiAffinity/preferredDuringSchedulingIgnoredDuringExecution/podAffinityTerm/labelSelector/matchLabels",
    "spec/template/spec/affinity/podAntiAffinity/requiredDuringSchedulingIgnoredDuringExecution/labelSelector/matchLabels",
    "spec/template/spec/topologySpreadConstraints/labelSelector/matchLabels",
];

const SELECTORS: &[FieldSpec] = &[
    fs("", "v1", "Service", "spec/selector", true),
    fs("", "v1", "ReplicationController", "spec/selector", true),
    fs("", "", "Deployment", "spec/selector/matchLabels", true),
    fs("", "", "ReplicaSet", "spec/selector/matchLabels", true),
    fs("", "", "DaemonSet", "spec/selector/matchLabels", true),
    fs("apps", "", "StatefulSet", "spec/selector/matchLabels", true),
    fs("batch", "", "Job", "spec/selector/matchLabels", false),
    fs("batch", "", "CronJob", "spec/jobTemplate/spec/selector/matchLabels", false),
    fs("policy", "", "PodDisruptionBudget", "spec/selector/matchLabels", false),
    fs("networking.k8s.io", "", "NetworkPolicy", "spec/podSelector/matchLabels", false),
    fs("networking.k8s.io", "", "NetworkPolicy", "spec/ingress/from/podSelector/matchLabels", false),
    fs("networking.k8s.io", "", "NetworkPolicy", "spec/egress/to/podSelector/matchLabels", false),
];

/// One `labels:` entry (or `commonLabels`, which is `includeSelectors: true`).
#[derive(Debug, Clone, Default)]
pub struct LabelSet {
    pub pairs: Vec<(String, String)>,
    pub include_selectors: bool,
    pub include_templates: bool,
    /// Extra field specs (`fields:` of a `labels` entry).
    pub fields: Vec<FieldSpec>,
}

fn specs_for(set: &LabelSet) -> Vec<FieldSpec> {
    let mut v: Vec<FieldSpec> = METADATA.to_vec();
    if set.include_selectors {
        v.extend_from_slice(SELECTORS);
        for kind in ["Deployment", "StatefulSet"] {
            for p in AFFINITY {
                v.push(fs("apps", "", kind, p, false));
            }
        }
        v.extend_from_slice(TEMPLATES);
    } else if set.include_templates {
        v.extend_from_slice(TEMPLATES);
    }
    v.extend(set.fields.iter().cloned());
    v
}

pub fn apply(resources: &mut [Resource], set: &LabelSet) {
    if set.pairs.is_empty() {
        return;
    }
    let specs = specs_for(set);
    for r in resources.iter_mut() {
        add_pairs(r, &specs, &set.pairs);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use std::path::Path;

    fn deploy() -> Resource {
        Resource::new(
            json!({"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "d"},
                "spec": {"selector": {"matchLabels": {"app": "d"}}, "template": {"metadata": {"labels": {"app": "d"}}}}}),
            Path::new("x"),
            0,
        )
    }

    #[test]
    fn common_labels_reach_selectors_and_templates() {
        let mut rs = vec![deploy()];
        apply(
            &mut rs,
            &LabelSet {
                pairs: vec![("env".into(), "prod".into())],
                include_selectors: true,
                include_templates: false,
                fields: Vec::new(),
            },
        );
        assert_eq!(rs[0].value["metadata"]["labels"]["env"], "prod");
        assert_eq!(rs[0].value["spec"]["selector"]["matchLabels"]["env"], "prod");
        assert_eq!(rs[0].value["spec"]["template"]["metadata"]["labels"]["env"], "prod");
    }

    #[test]
    fn plain_labels_leave_selectors_alone() {
        let mut rs = vec![deploy()];
        apply(
            &mut rs,
            &LabelSet {
                pairs: vec![("env".into(), "prod".into())],
                include_selectors: false,
                include_templates: true,
                fields: Vec::new(),
            },
        );
        assert_eq!(rs[0].value["spec"]["selector"]["matchLabels"].get("env"), None);
        assert_eq!(rs[0].value["spec"]["template"]["metadata"]["labels"]["env"], "prod");
    }
}

//! The built-in transformers of a kustomization, one module each, applied by `build.rs` in
//! kustomize's order (patches, namespace, prefix, suffix, labels, annotations, JSON 6902
//! patches, replicas, images, replacements).
pub mod annotations;
pub mod configured;
pub mod images;
pub mod labels;
pub mod namespace;
pub mod prefix_suffix;
pub mod replacements;
pub mod replicas;

/// Kinds the Kubernetes API serves cluster-wide (kustomize's built-in schema); every other
/// kind, custom resources included, is treated as namespaced, as kustomize does.
pub fn is_cluster_scoped(kind: &str) -> bool {
    matches!(
        kind,
        "Namespace"
            | "Node"
            | "PersistentVolume"
            | "ComponentStatus"
            | "ClusterRole"
            | "ClusterRoleBinding"
            | "CustomResourceDefinition"
            | "StorageClass"
            | "VolumeAttachment"
            | "CSIDriver"
            | "CSINode"
            | "PriorityClass"
            | "RuntimeClass"
            | "PodSecurityPolicy"
            | "IngressClass"
            | "APIService"
            | "MutatingWebhookConfiguration"
            | "ValidatingWebhookConfiguration"
            | "ValidatingAdmissionPolicy"
            | "ValidatingAdmissionPolicyBinding"
            | "MutatingAdmissionPolicy"
            | "MutatingAdmissionPolicyBinding"
            | "CertificateSigningRequest"
            | "TokenReview"
            | "SelfSubjectAccessReview"
            | "SelfSubjectRulesReview"
            | "SubjectAccessReview"
            | "FlowSchema"
            | "PriorityLevelConfiguration"
            | "StorageVersion"
            | "ClusterTrustBundle"
            | "DeviceClass"
            | "ResourceSlice"
            | "VolumeAttributesClass"
            | "IPAddress"
            | "ServiceCIDR"
    )
}

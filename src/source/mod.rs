//! Sources of Kubernetes documents: plain YAML/JSON files now; Helm and Kustomize later.
pub mod helm;
pub mod yaml;

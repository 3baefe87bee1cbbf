//! A Document: one object of a YAML stream, with its file, stream index and identity.

use super::workload::{PodSpec, pod_spec};
use crate::diagnostic::ResourceRef;
use crate::source::yaml::Node;

/// A file as loaded: its display path (relative to the scan root, `/`-separated) and text.
#[derive(Debug)]
pub struct SourceFile {
    pub path: String,
    pub text: String,
}

/// apiVersion, kind, namespace and name of an object (any may be absent).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Identity {
    pub api_version: Option<String>,
    pub kind: Option<String>,
    pub namespace: Option<String>,
    pub name: Option<String>,
}

impl Identity {
    pub fn of(root: &Node) -> Identity {
        let s = |n: Option<&Node>| n.and_then(Node::scalar_text).map(str::to_string);
        let meta = root.get("metadata");
        Identity {
            api_version: s(root.get("apiVersion")),
            kind: s(root.get("kind")),
            namespace: s(meta.and_then(|m| m.get("namespace"))),
            name: s(meta.and_then(|m| m.get("name"))).or_else(|| s(meta.and_then(|m| m.get("generateName")))),
        }
    }

    /// A Kubernetes object has both apiVersion and kind.
    pub fn is_object(&self) -> bool {
        self.api_version.as_deref().is_some_and(|s| !s.is_empty())
            && self.kind.as_deref().is_some_and(|s| !s.is_empty())
    }
}

#[derive(Debug)]
pub struct Document<'a> {
    pub file: &'a SourceFile,
    pub index: usize,
    pub root: &'a Node,
    pub identity: Identity,
    /// True when the loader found no repeated key in the object's stream (set by the scan;
    /// false, "may repeat", otherwise): checks may skip looking for shadowed entries.
    pub unique_keys: bool,
    /// The pod spec, located once and shared by every rule.
    pod: std::cell::OnceCell<Option<PodSpec<'a>>>,
    /// `display_name`, formatted once (most findings' messages name the object).
    name: std::cell::OnceCell<String>,
    /// `resource`, made once and shared by the object's findings.
    resource: std::cell::OnceCell<std::sync::Arc<ResourceRef>>,
}

impl<'a> Document<'a> {
    pub fn new(file: &'a SourceFile, index: usize, root: &'a Node) -> Self {
        Self::with_identity(file, index, root, Identity::of(root))
    }

    pub fn with_identity(file: &'a SourceFile, index: usize, root: &'a Node, identity: Identity) -> Self {
        Document {
            file,
            index,
            root,
            identity,
            unique_keys: false,
            pod: std::cell::OnceCell::new(),
            name: std::cell::OnceCell::new(),
            resource: std::cell::OnceCell::new(),
        }
    }

    /// The pod spec when the object is a workload (see `model::workload`).
    pub fn pod_spec(&self) -> Option<&PodSpec<'a>> {
        self.pod.get_or_init(|| pod_spec(self.root, self.identity.kind.as_deref().unwrap_or(""))).as_ref()
    }
}

impl Document<'_> {
    pub fn kind(&self) -> &str {
        self.identity.kind.as_deref().unwrap_or("")
    }

    /// The object's identity, one allocation shared by its findings, facts and checked entry.
    pub fn resource(&self) -> std::sync::Arc<ResourceRef> {
        self.resource
            .get_or_init(|| {
                std::sync::Arc::new(ResourceRef {
                    api_version: self.identity.api_version.clone(),
                    kind: self.identity.kind.clone(),
                    namespace: self.identity.namespace.clone(),
                    name: self.identity.name.clone(),
                    document: self.index,
                })
            })
            .clone()
    }

    /// `Kind/name` (or `Kind/namespace/name`) for messages.
    pub fn display_name(&self) -> &str {
        self.name.get_or_init(|| {
            let kind = self.kind();
            match (&self.identity.namespace, &self.identity.name) {
                (Some(ns), Some(n)) => format!("{kind} {ns}/{n}"),
                (None, Some(n)) => format!("{kind} {n}"),
                _ => kind.to_string(),
            }
        })
    }
}

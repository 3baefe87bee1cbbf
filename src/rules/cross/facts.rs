//! The facts cross-object rules read, taken from one object while its file is loaded:
//! identity, pod labels, selectors and references, each reportable node with its span.

use std::collections::BTreeMap;

use super::selector::Selector;
use crate::diagnostic::ResourceRef;
use crate::model::Document;
use crate::rules::locate;
use crate::source::yaml::{Node, ObjPath, Span};

/// A node a finding can point at.
#[derive(Debug, Clone, PartialEq)]
pub struct Reference {
    pub object_path: String,
    pub span: Span,
}

/// A port of a Service or an Ingress backend: a number or a name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Port {
    Number(i64),
    Name(String),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Backend {
    pub service: String,
    pub port: Option<Port>,
    pub name_ref: Reference,
    pub port_ref: Reference,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Facts {
    /// The file (relative path) or rendered unit the object is reported under.
    pub path: String,
    pub resource: ResourceRef,
    pub kind: String,
    pub api_version: String,
    pub namespace: Option<String>,
    pub name: String,
    /// `metadata.name`.
    pub name_ref: Reference,
    /// Labels of the pods the object runs (template labels; a Pod's own labels).
    pub pod_labels: Option<BTreeMap<String, String>>,
    /// `spec.replicas` of a Deployment, StatefulSet or ReplicaSet.
    pub replicas: Option<Reference>,
    /// An HPA's `spec.scaleTargetRef`: kind, name, and the `name` node.
    pub scale_target: Option<(String, String, Reference)>,
    /// A workload's `serviceAccountName` (or deprecated `serviceAccount`).
    pub service_account: Option<(String, Reference)>,
    /// Service `spec.selector`, NetworkPolicy `spec.podSelector`, PDB `spec.selector`.
    pub selector: Option<(Selector, Reference)>,
    /// A Service's `spec.type`.
    pub service_type: Option<String>,
    /// A Service's ports: name and port number.
    pub service_ports: Vec<(Option<String>, Option<i64>)>,
    /// An Ingress's backend Services: name, port, and the `service.name` and `service.port` nodes.
    pub backends: Vec<Backend>,
}

fn reference(doc: &Document<'_>, path: ObjPath) -> Reference {
    Reference { span: locate(doc.root, &path, &doc.file.text), object_path: path.to_string() }
}

fn string_map(node: Option<&Node>) -> BTreeMap<String, String> {
    node.and_then(Node::as_map)
        .unwrap_or(&[])
        .iter()
        .filter_map(|e| {
            Some((e.key.scalar_text()?.to_string(), e.value.scalar_text().unwrap_or("").to_string()))
        })
        .collect()
}

/// The facts of one Kubernetes object.
pub fn extract(doc: &Document<'_>) -> Facts {
    let root = doc.root;
    let kind = doc.kind().to_string();
    let spec = root.get("spec");
    let id = &doc.identity;
    let mut f = Facts {
        path: doc.file.path.clone(),
        resource: doc.resource_ref(),
        api_version: id.api_version.clone().unwrap_or_default(),
        namespace: id.namespace.clone().filter(|n| !n.is_empty()),
        name: id.name.clone().unwrap_or_default(),
        name_ref: reference(doc, ObjPath::root().key("metadata").key("name")),
        pod_labels: None,
        replicas: None,
        scale_target: None,
        service_account: None,
        selector: None,
        service_type: None,
        service_ports: Vec::new(),
        backends: Vec::new(),
        kind,
    };
    if let Some(pod) = doc.pod_spec() {
        let labels = root.resolve(&pod.metadata_path().key("labels"));
        f.pod_labels = Some(if labels.exact { string_map(Some(labels.node)) } else { BTreeMap::new() });
        for field in ["serviceAccountName", "serviceAccount"] {
            if let Some(sa) = pod.node.get(field).and_then(Node::scalar_text).filter(|s| !s.is_empty()) {
                f.service_account = Some((sa.to_string(), reference(doc, pod.path.key(field))));
                break;
            }
        }
    }
    let spec_path = ObjPath::root().key("spec");
    match f.kind.as_str() {
        "Deployment" | "StatefulSet" | "ReplicaSet" if spec.and_then(|s| s.get("replicas")).is_some() => {
            f.replicas = Some(reference(doc, spec_path.key("replicas")));
        }
        "HorizontalPodAutoscaler" => {
            let t = spec.and_then(|s| s.get("scaleTargetRef"));
            let s = |k: &str| t.and_then(|t| t.get(k)).and_then(Node::scalar_text).unwrap_or("").to_string();
            if !s("name").is_empty() {
                let at = reference(doc, spec_path.key("scaleTargetRef").key("name"));
                f.scale_target = Some((s("kind"), s("name"), at));
            }
        }
        "Service" => {
            f.service_type = spec.and_then(|s| s.get("type")).and_then(Node::scalar_text).map(str::to_string);
            if let Some(sel) = spec.and_then(|s| s.get("selector")) {
                let map = string_map(Some(sel));
                f.selector = Some((Selector::Equality(map), reference(doc, spec_path.key("selector"))));
            }
            for p in spec.and_then(|s| s.get("ports")).and_then(Node::as_seq).unwrap_or(&[]) {
                let name = p.get("name").and_then(Node::scalar_text).map(str::to_string);
                f.service_ports.push((name, p.get("port").and_then(Node::as_i64)));
            }
        }
        "NetworkPolicy" => {
            if let Some(sel) = spec.and_then(|s| s.get("podSelector")) {
                f.selector =
                    Some((Selector::of_label_selector(sel), reference(doc, spec_path.key("podSelector"))));
            }
        }
        "PodDisruptionBudget" => {
            if let Some(sel) = spec.and_then(|s| s.get("selector")) {
                f.selector =
                    Some((Selector::of_label_selector(sel), reference(doc, spec_path.key("selector"))));
            }
        }
        "Ingress" => {
            let mut add = |node: &Node, path: ObjPath| {
                let Some(svc) = node.get("service") else { return };
                let Some(name) = svc.get("name").and_then(Node::scalar_text) else { return };
                let port = svc.get("port").and_then(|p| {
                    p.get("number").and_then(Node::as_i64).map(Port::Number).or_else(|| {
                        p.get("name").and_then(Node::scalar_text).map(|n| Port::Name(n.to_string()))
                    })
                });
                f.backends.push(Backend {
                    service: name.to_string(),
                    port,
                    name_ref: reference(doc, path.key("service").key("name")),
                    port_ref: reference(doc, path.key("service").key("port")),
                });
            };
            if let Some(b) = spec.and_then(|s| s.get("defaultBackend")) {
                add(b, spec_path.key("defaultBackend"));
            }
            for (i, rule) in
                spec.and_then(|s| s.get("rules")).and_then(Node::as_seq).unwrap_or(&[]).iter().enumerate()
            {
                let paths =
                    rule.get("http").and_then(|h| h.get("paths")).and_then(Node::as_seq).unwrap_or(&[]);
                for (j, p) in paths.iter().enumerate() {
                    if let Some(b) = p.get("backend") {
                        add(
                            b,
                            spec_path.key("rules").index(i).key("http").key("paths").index(j).key("backend"),
                        );
                    }
                }
            }
        }
        _ => {}
    }
    f
}

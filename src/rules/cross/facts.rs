//! The facts cross-object rules read, taken from one object while its file is loaded:
//! identity, pod labels, selectors and references, each reportable node with its span.

use std::collections::BTreeMap;

use super::selector::{LabelSet, Selector};
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

/// What the cross-object rules need of one object. Fields that few kinds have are boxed:
/// every object of a unit has a `Facts`, held until the unit is complete, and the inline
/// tuples made it over a kilobyte.
#[derive(Debug, Clone, PartialEq)]
pub struct Facts {
    /// The file (relative path) or rendered unit the object is reported under.
    pub path: String,
    /// The object's identity (kind, apiVersion, namespace, name), shared with its findings:
    /// read through `kind()`, `api_version()`, `namespace()` and `name()`.
    pub resource: std::sync::Arc<ResourceRef>,
    /// `metadata.name`.
    pub name_ref: Reference,
    /// Labels of the pods the object runs (template labels; a Pod's own labels).
    pub pod_labels: Option<LabelSet>,
    /// `spec.replicas` of a Deployment, StatefulSet or ReplicaSet.
    pub replicas: Option<Reference>,
    /// An HPA's `spec.scaleTargetRef`: kind, name, and the `name` node.
    pub scale_target: Option<Box<(String, String, Reference)>>,
    /// A workload's `serviceAccountName` (or deprecated `serviceAccount`).
    pub service_account: Option<Box<(String, Reference)>>,
    /// Service `spec.selector`, NetworkPolicy `spec.podSelector`, PDB `spec.selector`.
    pub selector: Option<Box<(Selector, Reference)>>,
    /// A Service's `spec.type`.
    pub service_type: Option<String>,
    /// A Service's ports: name and port number.
    pub service_ports: Vec<(Option<String>, Option<i64>)>,
    /// An Ingress's backend Services: name, port, and the `service.name` and `service.port` nodes.
    pub backends: Vec<Backend>,
    /// `metadata.labels` of a Service (ServiceMonitors select Services by them).
    pub labels: BTreeMap<String, String>,
    /// A Service's `spec.clusterIP`.
    pub cluster_ip: Option<String>,
    /// A StatefulSet's `spec.serviceName`.
    pub service_name: Option<Box<(String, Reference)>>,
    /// A PDB's `spec.minAvailable` (an integer or a percentage).
    pub min_available: Option<Box<(IntOrPercent, Reference)>>,
    /// An HPA's `spec.minReplicas` (absent: 1).
    pub min_replicas: Option<i64>,
    /// The pod spec's `automountServiceAccountToken` (the value and its node), and the pod
    /// spec's node (where a missing field is reported).
    pub automount: Option<(Option<bool>, Reference)>,
    /// A ServiceAccount's `automountServiceAccountToken`.
    pub sa_automount: Option<bool>,
    /// The Secrets and ConfigMaps the containers' `env` / `envFrom` read.
    pub env_refs: Vec<EnvRef>,
    /// The keys of a Secret or ConfigMap (`data`, `stringData`, `binaryData`; a SealedSecret's
    /// `encryptedData`; an ExternalSecret's `data[].secretKey`); `None`: unknown (templated,
    /// `dataFrom`), so every key may exist.
    pub keys: Option<std::collections::BTreeSet<String>>,
    /// Which kind of configuration object this object provides (`Secret`, `ConfigMap`) and
    /// under which name: a Secret, a ConfigMap, a SealedSecret or an ExternalSecret's target.
    pub provides: Option<(&'static str, String)>,
    /// A ServiceMonitor's `spec.selector`, `spec.namespaceSelector`, and the selector node.
    pub monitor: Option<Box<Monitor>>,
    /// Where a Flux Kustomization / HelmRelease or an Argo CD Application deploys a
    /// directory of the repository (as written), into which namespace, and whether that
    /// namespace overrides one the objects set (Flux `targetNamespace`) or only fills an
    /// absent one (Argo CD `destination.namespace`, a HelmRelease's own namespace).
    pub deploys: Vec<(String, String, bool)>,
    /// `metadata.namespace`, when present.
    pub namespace_ref: Option<Reference>,
    /// The object's file may hold a suppression (an inline comment or an annotation), so
    /// its cross-object findings must be matched against them; set by the scan.
    pub suppressible: bool,
}

impl Facts {
    /// The kind; empty when absent.
    pub fn kind(&self) -> &str {
        self.resource.kind.as_deref().unwrap_or("")
    }
    /// The apiVersion; empty when absent.
    pub fn api_version(&self) -> &str {
        self.resource.api_version.as_deref().unwrap_or("")
    }
    /// `metadata.namespace`, when present and not empty.
    pub fn namespace(&self) -> Option<&str> {
        self.resource.namespace.as_deref().filter(|n| !n.is_empty())
    }
    /// `metadata.name`; empty when absent.
    pub fn name(&self) -> &str {
        self.resource.name.as_deref().unwrap_or("")
    }
}

/// An int-or-string count: `2` or `50%`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IntOrPercent {
    Int(i64),
    Percent(i64),
}

impl IntOrPercent {
    pub fn of(n: &Node) -> Option<IntOrPercent> {
        if let Some(i) = n.as_i64() {
            return Some(IntOrPercent::Int(i));
        }
        let t = n.as_str()?.trim();
        match t.strip_suffix('%') {
            Some(p) => p.trim().parse().ok().map(IntOrPercent::Percent),
            None => t.parse().ok().map(IntOrPercent::Int),
        }
    }
}

/// A container's reference to a Secret or ConfigMap.
#[derive(Debug, Clone, PartialEq)]
pub struct EnvRef {
    /// `Secret` or `ConfigMap`.
    pub kind: &'static str,
    pub name: String,
    /// The key read (`None` for `envFrom`, which reads every key).
    pub key: Option<String>,
    pub optional: bool,
    /// `container "web"` for messages.
    pub container: String,
    /// The `name` node, and the `key` node.
    pub name_ref: Reference,
    pub key_ref: Option<Reference>,
}

/// A ServiceMonitor's selection of Services.
#[derive(Debug, Clone, PartialEq)]
pub struct Monitor {
    pub selector: Selector,
    /// `namespaceSelector.any: true`.
    pub any_namespace: bool,
    /// `namespaceSelector.matchNames` (empty: the ServiceMonitor's own namespace).
    pub match_names: Vec<String>,
    pub at: Reference,
}

fn reference(doc: &Document<'_>, path: ObjPath) -> Reference {
    Reference { span: locate(doc.root, &path, &doc.file.text), object_path: path.to_string() }
}

fn string_map(node: Option<&Node>) -> BTreeMap<String, String> {
    string_pairs(node).collect()
}

/// The string keys and values of a mapping, in written order.
fn string_pairs(node: Option<&Node>) -> impl Iterator<Item = (String, String)> + '_ {
    node.and_then(Node::as_map).unwrap_or(&[]).iter().filter_map(|e| {
        Some((e.key.scalar_text()?.to_string(), e.value.scalar_text().unwrap_or("").to_string()))
    })
}

/// The facts of one Kubernetes object.
pub fn extract(doc: &Document<'_>) -> Facts {
    extract_with(doc, true)
}

/// The facts of one object; without `full`, only what K8S094/K8S098 read (labels, replicas,
/// autoscaler and budget fields), which is all the default rule set needs.
pub fn extract_with(doc: &Document<'_>, full: bool) -> Facts {
    let root = doc.root;
    let spec = root.get("spec");
    let id = &doc.identity;
    let mut f = Facts {
        path: doc.file.path.clone(),
        resource: doc.resource(),
        name_ref: reference(doc, ObjPath::root().keys(&["metadata", "name"])),
        pod_labels: None,
        replicas: None,
        scale_target: None,
        service_account: None,
        selector: None,
        service_type: None,
        service_ports: Vec::new(),
        backends: Vec::new(),
        labels: BTreeMap::new(),
        cluster_ip: None,
        service_name: None,
        min_available: None,
        min_replicas: None,
        automount: None,
        sa_automount: None,
        env_refs: Vec::new(),
        keys: None,
        provides: None,
        monitor: None,
        deploys: Vec::new(),
        suppressible: true,
        namespace_ref: id
            .namespace
            .as_ref()
            .filter(|_| full)
            .map(|_| reference(doc, ObjPath::root().keys(&["metadata", "namespace"]))),
    };
    if let Some(pod) = doc.pod_spec() {
        let labels = root.resolve(&pod.metadata_path().key("labels"));
        f.pod_labels = Some(if labels.exact {
            LabelSet::from_pairs(string_pairs(Some(labels.node)))
        } else {
            LabelSet::default()
        });
        if !full {
            return scaling(doc, f);
        }
        for field in ["serviceAccountName", "serviceAccount"] {
            if let Some(sa) = pod.node.get(field).and_then(Node::scalar_text).filter(|s| !s.is_empty()) {
                f.service_account = Some(Box::new((sa.to_string(), reference(doc, pod.path.key(field)))));
                break;
            }
        }
        let auto = pod.node.get("automountServiceAccountToken");
        let at = match auto {
            Some(_) => pod.path.key("automountServiceAccountToken"),
            None => pod.path.clone(),
        };
        f.automount = Some((auto.and_then(Node::as_bool), reference(doc, at)));
        for c in pod.containers() {
            env_refs(doc, c, &mut f.env_refs);
        }
    }
    let mut f = scaling(doc, f);
    if !full {
        return f;
    }
    let spec_path = ObjPath::root().key("spec");
    match f.kind() {
        "StatefulSet" => {
            if let Some(n) = spec.and_then(|s| s.get("serviceName")).and_then(Node::scalar_text) {
                f.service_name =
                    Some(Box::new((n.to_string(), reference(doc, spec_path.key("serviceName")))));
            }
        }
        "ServiceAccount" => {
            f.sa_automount = root.get("automountServiceAccountToken").and_then(Node::as_bool);
        }
        "Secret" | "ConfigMap" => {
            let mut keys = std::collections::BTreeSet::new();
            for field in ["data", "stringData", "binaryData"] {
                keys.extend(string_map(root.get(field)).into_keys());
            }
            f.keys = Some(keys);
            f.provides =
                Some((if f.kind() == "Secret" { "Secret" } else { "ConfigMap" }, f.name().to_string()));
        }
        "SealedSecret" => {
            let keys = string_map(spec.and_then(|s| s.get("encryptedData"))).into_keys().collect();
            f.keys = Some(keys);
            let name = spec
                .and_then(|s| s.get("template"))
                .and_then(|t| t.get("metadata"))
                .and_then(|m| m.get("name"))
                .and_then(Node::scalar_text)
                .unwrap_or(f.name())
                .to_string();
            f.provides = Some(("Secret", name));
        }
        "ExternalSecret" => {
            let target = spec
                .and_then(|s| s.get("target"))
                .and_then(|t| t.get("name"))
                .and_then(Node::scalar_text)
                .unwrap_or(f.name())
                .to_string();
            f.provides = Some(("Secret", target));
            let data = spec.and_then(|s| s.get("data")).and_then(Node::as_seq).unwrap_or(&[]);
            let templated = spec.and_then(|s| s.get("target")).and_then(|t| t.get("template")).is_some();
            if spec.and_then(|s| s.get("dataFrom")).is_none() && !templated {
                f.keys = Some(
                    data.iter()
                        .filter_map(|d| d.get("secretKey").and_then(Node::scalar_text).map(str::to_string))
                        .collect(),
                );
            }
        }
        "ServiceMonitor" => {
            if let Some(sel) = spec.and_then(|s| s.get("selector")) {
                let ns = spec.and_then(|s| s.get("namespaceSelector"));
                f.monitor = Some(Box::new(Monitor {
                    selector: Selector::of_label_selector(sel),
                    any_namespace: ns.and_then(|n| n.get("any")).and_then(Node::as_bool) == Some(true),
                    match_names: ns
                        .and_then(|n| n.get("matchNames"))
                        .and_then(Node::as_seq)
                        .unwrap_or(&[])
                        .iter()
                        .filter_map(|n| n.scalar_text().map(str::to_string))
                        .collect(),
                    at: reference(doc, spec_path.key("selector")),
                }));
            }
        }
        "Kustomization" | "HelmRelease" if f.api_version().contains("toolkit.fluxcd.io") => {
            let target = spec.and_then(|s| s.get("targetNamespace")).and_then(Node::scalar_text);
            let path = if f.kind() == "Kustomization" {
                spec.and_then(|s| s.get("path")).and_then(Node::scalar_text)
            } else {
                spec.and_then(|s| s.get("chart"))
                    .and_then(|c| c.get("spec"))
                    .and_then(|c| c.get("chart"))
                    .and_then(Node::scalar_text)
            };
            // A HelmRelease without targetNamespace installs into its own namespace.
            let ns = target.map(|t| (t.to_string(), true)).or_else(|| {
                (f.kind() == "HelmRelease").then(|| f.namespace().map(|n| (n.to_string(), false))).flatten()
            });
            if let (Some(p), Some((ns, overrides))) = (path, ns) {
                f.deploys.push((p.to_string(), ns, overrides));
            }
        }
        "Application" if f.api_version().starts_with("argoproj.io/") => {
            let ns = spec
                .and_then(|s| s.get("destination"))
                .and_then(|d| d.get("namespace"))
                .and_then(Node::scalar_text);
            let mut sources: Vec<&Node> = spec.and_then(|s| s.get("source")).into_iter().collect();
            sources.extend(spec.and_then(|s| s.get("sources")).and_then(Node::as_seq).unwrap_or(&[]));
            for src in sources {
                if let (Some(p), Some(ns)) = (src.get("path").and_then(Node::scalar_text), ns) {
                    f.deploys.push((p.to_string(), ns.to_string(), false));
                }
            }
        }
        "Service" => {
            f.labels = string_map(root.get("metadata").and_then(|m| m.get("labels")));
            f.cluster_ip =
                spec.and_then(|s| s.get("clusterIP")).and_then(Node::scalar_text).map(str::to_string);
            f.service_type = spec.and_then(|s| s.get("type")).and_then(Node::scalar_text).map(str::to_string);
            if let Some(sel) = spec.and_then(|s| s.get("selector")) {
                let map = string_map(Some(sel));
                f.selector =
                    Some(Box::new((Selector::Equality(map), reference(doc, spec_path.key("selector")))));
            }
            for p in spec.and_then(|s| s.get("ports")).and_then(Node::as_seq).unwrap_or(&[]) {
                let name = p.get("name").and_then(Node::scalar_text).map(str::to_string);
                f.service_ports.push((name, p.get("port").and_then(Node::as_i64)));
            }
        }
        "NetworkPolicy" => {
            if let Some(sel) = spec.and_then(|s| s.get("podSelector")) {
                f.selector = Some(Box::new((
                    Selector::of_label_selector(sel),
                    reference(doc, spec_path.key("podSelector")),
                )));
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
                    name_ref: reference(doc, path.keys(&["service", "name"])),
                    port_ref: reference(doc, path.keys(&["service", "port"])),
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
                            spec_path.key("rules").index(i).keys(&["http", "paths"]).index(j).key("backend"),
                        );
                    }
                }
            }
        }
        _ => {}
    }
    f
}

/// The facts of the scaling rules only: replicas, an HPA's target and minimum, a PDB's
/// selector and minAvailable.
fn scaling(doc: &Document<'_>, mut f: Facts) -> Facts {
    let spec = doc.root.get("spec");
    let spec_path = ObjPath::root().key("spec");
    match f.kind() {
        "Deployment" | "StatefulSet" | "ReplicaSet" if spec.and_then(|s| s.get("replicas")).is_some() => {
            f.replicas = Some(reference(doc, spec_path.key("replicas")));
        }
        "HorizontalPodAutoscaler" => {
            f.min_replicas =
                Some(spec.and_then(|s| s.get("minReplicas")).and_then(Node::as_i64).unwrap_or(1));
            let t = spec.and_then(|s| s.get("scaleTargetRef"));
            let s = |k: &str| t.and_then(|t| t.get(k)).and_then(Node::scalar_text).unwrap_or("").to_string();
            if !s("name").is_empty() {
                let at = reference(doc, spec_path.keys(&["scaleTargetRef", "name"]));
                f.scale_target = Some(Box::new((s("kind"), s("name"), at)));
            }
        }
        "PodDisruptionBudget" => {
            if let Some(m) = spec.and_then(|s| s.get("minAvailable")).and_then(IntOrPercent::of) {
                f.min_available = Some(Box::new((m, reference(doc, spec_path.key("minAvailable")))));
            }
            if let Some(sel) = spec.and_then(|s| s.get("selector")) {
                f.selector = Some(Box::new((
                    Selector::of_label_selector(sel),
                    reference(doc, spec_path.key("selector")),
                )));
            }
        }
        _ => {}
    }
    f
}

/// The Secret and ConfigMap references of one container's `env` and `envFrom`.
fn env_refs(doc: &Document<'_>, c: &crate::model::workload::Container<'_>, out: &mut Vec<EnvRef>) {
    let text = |n: Option<&Node>| n.and_then(Node::scalar_text).map(str::to_string);
    let optional = |n: &Node| n.get("optional").and_then(Node::as_bool) == Some(true);
    for (i, e) in c.node.get("env").and_then(Node::as_seq).unwrap_or(&[]).iter().enumerate() {
        let Some(from) = e.get("valueFrom") else { continue };
        for (field, kind) in [("secretKeyRef", "Secret"), ("configMapKeyRef", "ConfigMap")] {
            let Some(r) = from.get(field) else { continue };
            let Some(name) = text(r.get("name")) else { continue };
            let at = c.path.key("env").index(i).keys(&["valueFrom", field]);
            out.push(EnvRef {
                kind,
                name,
                key: text(r.get("key")),
                optional: optional(r),
                container: c.describe().to_string(),
                name_ref: reference(doc, at.key("name")),
                key_ref: Some(reference(doc, at.key("key"))),
            });
        }
    }
    for (i, e) in c.node.get("envFrom").and_then(Node::as_seq).unwrap_or(&[]).iter().enumerate() {
        for (field, kind) in [("secretRef", "Secret"), ("configMapRef", "ConfigMap")] {
            let Some(r) = e.get(field) else { continue };
            let Some(name) = text(r.get("name")) else { continue };
            out.push(EnvRef {
                kind,
                name,
                key: None,
                optional: optional(r),
                container: c.describe().to_string(),
                name_ref: reference(doc, c.path.key("envFrom").index(i).keys(&[field, "name"])),
                key_ref: None,
            });
        }
    }
}

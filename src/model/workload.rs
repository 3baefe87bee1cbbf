//! The pod-spec locator: finds the pod spec of any workload (Pod, Deployment, CronJob, …,
//! and CRDs such as Argo Rollouts that embed `spec.template.spec.containers`) and yields
//! every container, init container and ephemeral container with its object path.

use crate::source::yaml::{Node, ObjPath, Seg};

/// A pod spec inside an object.
#[derive(Debug, Clone)]
pub struct PodSpec<'a> {
    pub node: &'a Node,
    pub path: ObjPath,
    containers: Vec<Container<'a>>,
    /// The pod-level `securityContext` mapping (looked up once).
    security_context: Option<&'a Node>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ContainerKind {
    Container,
    Init,
    Ephemeral,
}

impl ContainerKind {
    pub fn field(self) -> &'static str {
        match self {
            ContainerKind::Container => "containers",
            ContainerKind::Init => "initContainers",
            ContainerKind::Ephemeral => "ephemeralContainers",
        }
    }
    pub fn noun(self) -> &'static str {
        match self {
            ContainerKind::Container => "container",
            ContainerKind::Init => "init container",
            ContainerKind::Ephemeral => "ephemeral container",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Container<'a> {
    pub node: &'a Node,
    pub path: ObjPath,
    pub kind: ContainerKind,
    pub name: Option<&'a str>,
    /// The container's `securityContext` node as written (any node; looked up once: most
    /// rules read it).
    pub security_context: Option<&'a Node>,
}

impl Container<'_> {
    /// `container "web"` / `init container "setup"` / `container #2` for messages, written
    /// straight into the message (no string of its own: every finding's message has one).
    pub fn describe(&self) -> Described<'_> {
        Described(self)
    }
}

/// See `Container::describe`.
pub struct Described<'c>(&'c Container<'c>);

impl std::fmt::Display for Described<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let c = self.0;
        f.write_str(c.kind.noun())?;
        match c.name {
            Some(n) => write!(f, " \"{n}\""),
            None => write!(f, " #{}", c.path.0.len()),
        }
    }
}

/// Where the pod spec lives for kinds whose layout is known.
fn known_path(kind: &str) -> Option<&'static [&'static str]> {
    Some(match kind {
        "Pod" => &["spec"],
        "PodTemplate" => &["template", "spec"],
        "Deployment"
        | "StatefulSet"
        | "DaemonSet"
        | "ReplicaSet"
        | "ReplicationController"
        | "Job"
        | "DeploymentConfig" => &["spec", "template", "spec"],
        "CronJob" => &["spec", "jobTemplate", "spec", "template", "spec"],
        _ => return None,
    })
}

fn follow<'a>(root: &'a Node, keys: &[&str]) -> Option<(&'a Node, ObjPath)> {
    let mut node = root;
    for k in keys {
        node = node.get(k)?;
    }
    node.as_map()?;
    Some((node, ObjPath::root().keys(keys)))
}

/// The pod spec of an object, if it is a workload.
pub fn pod_spec<'a>(root: &'a Node, kind: &str) -> Option<PodSpec<'a>> {
    if let Some(keys) = known_path(kind) {
        return follow(root, keys).map(|(node, path)| PodSpec::new(node, path));
    }
    // Any other kind (Argo Rollout, Knative, OpenKruise, …) embedding a pod template.
    for keys in [&["spec", "template", "spec"][..], &["spec", "jobTemplate", "spec", "template", "spec"][..]]
    {
        if let Some((node, path)) = follow(root, keys)
            && node.get("containers").and_then(Node::as_seq).is_some()
        {
            return Some(PodSpec::new(node, path));
        }
    }
    None
}

impl<'a> PodSpec<'a> {
    fn new(node: &'a Node, path: ObjPath) -> Self {
        let mut containers = Vec::new();
        for kind in [ContainerKind::Container, ContainerKind::Init, ContainerKind::Ephemeral] {
            let Some(list) = node.get(kind.field()).and_then(Node::as_seq) else {
                continue;
            };
            let base = path.key(kind.field());
            for (i, c) in list.iter().enumerate() {
                if c.as_map().is_none() {
                    continue;
                }
                containers.push(Container {
                    node: c,
                    path: base.index(i),
                    kind,
                    name: c.get("name").and_then(Node::scalar_text),
                    security_context: c.get("securityContext"),
                });
            }
        }
        let security_context = node.get("securityContext").filter(|n| n.as_map().is_some());
        PodSpec { node, path, containers, security_context }
    }

    /// Every container of the pod: containers, then initContainers, then ephemeralContainers.
    pub fn containers(&self) -> &[Container<'a>] {
        &self.containers
    }

    /// The pod-level `securityContext` mapping.
    pub fn security_context(&self) -> Option<&'a Node> {
        self.security_context
    }

    /// The effective value of a security-context field for a container: the container's
    /// own `securityContext.<field>` when set, else the pod's. Returns the node and its path.
    pub fn effective<'s>(&'s self, c: &'s Container<'a>, field: &'s str) -> Option<Effective<'s>> {
        if let Some(n) = c.security_context.and_then(|s| s.get(field))
            && !n.is_null()
        {
            return Some(Effective { node: n, base: &c.path, field, inherited: false });
        }
        let n = self.security_context()?.get(field).filter(|n| !n.is_null())?;
        Some(Effective { node: n, base: &self.path, field, inherited: true })
    }

    /// The metadata of the pod (template): annotations such as the legacy seccomp and
    /// AppArmor ones live there.
    pub fn metadata_path(&self) -> ObjPath {
        let parent = &self.path.0[..self.path.0.len().saturating_sub(1)];
        let mut segs = Vec::with_capacity(parent.len() + 1);
        segs.extend_from_slice(parent);
        segs.push(Seg::Key("metadata".into()));
        ObjPath(segs)
    }

    /// The annotations of the pod (template): key and value (`annotation_path` says where
    /// one is written, for a finding).
    pub fn annotations(&self, root: &'a Node) -> Vec<(&'a str, &'a Node)> {
        let r = root.resolve(&self.metadata_path().key("annotations"));
        if !r.exact {
            return Vec::new();
        }
        r.node
            .as_map()
            .unwrap_or(&[])
            .iter()
            .filter_map(|e| e.key.scalar_text().map(|k| (k, &e.value)))
            .collect()
    }

    /// Where the pod (template) annotation `key` is written.
    pub fn annotation_path(&self, key: &str) -> ObjPath {
        self.metadata_path().keys(&["annotations", key])
    }

    /// `spec.os.name` when set.
    pub fn os_name(&self) -> Option<&'a str> {
        self.node.get("os").and_then(|o| o.get("name")).and_then(Node::scalar_text)
    }
}

/// An effective security-context value and where it is written.
#[derive(Debug, Clone)]
pub struct Effective<'a> {
    pub node: &'a Node,
    /// The container's or the pod's path, whose `securityContext.<field>` it is.
    base: &'a ObjPath,
    field: &'a str,
    /// True when the value comes from the pod-level securityContext.
    pub inherited: bool,
}

impl Effective<'_> {
    /// Where the value is written (built only for a finding).
    pub fn path(&self) -> ObjPath {
        self.base.keys(&["securityContext", self.field])
    }
}

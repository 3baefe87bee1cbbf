//! Shared reading of RBAC objects: the rule entries of a Role or ClusterRole with their
//! list fields (apiGroups, resources, verbs, nonResourceURLs) and Kubernetes' matching
//! semantics for `*` and `<resource>/*`, and the subjects of a RoleBinding or
//! ClusterRoleBinding. Every rule entry is read, not only the first.

use crate::model::Document;
use crate::source::yaml::{Node, ObjPath};

/// `Role` or `ClusterRole`.
pub(super) fn is_role(doc: &Document<'_>) -> bool {
    matches!(doc.kind(), "Role" | "ClusterRole")
}

/// `RoleBinding` or `ClusterRoleBinding`.
pub(super) fn is_binding(doc: &Document<'_>) -> bool {
    matches!(doc.kind(), "RoleBinding" | "ClusterRoleBinding")
}

/// Objects named `system:…` are Kubernetes' own bootstrap roles and bindings.
pub(super) fn is_system(doc: &Document<'_>) -> bool {
    doc.identity.name.as_deref().is_some_and(|n| n.starts_with("system:"))
}

/// One entry of a list field of a rule: its text and path.
pub(super) struct Item<'a> {
    pub text: &'a str,
    pub path: ObjPath,
}

/// One entry of `rules:`.
pub(super) struct PolicyRule<'a> {
    pub node: &'a Node,
    pub path: ObjPath,
}

impl<'a> PolicyRule<'a> {
    /// The scalar entries of `field` (a missing or non-list field gives none).
    pub fn items(&self, field: &str) -> Vec<Item<'a>> {
        let Some(seq) = self.node.get(field).and_then(Node::as_seq) else { return Vec::new() };
        let base = self.path.key(field);
        seq.iter()
            .enumerate()
            .filter_map(|(i, n)| n.scalar_text().map(|text| Item { text, path: base.index(i) }))
            .collect()
    }

    /// True when `apiGroups` contains `group` or `*`.
    pub fn grants_group(&self, group: &str) -> bool {
        self.items("apiGroups").iter().any(|g| g.text == group || g.text == "*")
    }

    /// True when `verbs` contains one of `verbs` or `*`.
    pub fn grants_verb(&self, verbs: &[&str]) -> bool {
        self.items("verbs").iter().any(|v| v.text == "*" || verbs.contains(&v.text))
    }

    /// True when the rule is limited to named objects (`resourceNames` non-empty).
    pub fn has_resource_names(&self) -> bool {
        !self.items("resourceNames").is_empty()
    }

    /// The verbs this rule grants, joined for messages.
    pub fn verbs_text(&self) -> String {
        self.items("verbs").iter().map(|v| v.text).collect::<Vec<_>>().join(", ")
    }
}

/// Does the rule's resource entry `entry` cover `resource` (`pods/exec`, `roles`)?
/// Kubernetes: `*` covers everything, `pods/*` every subresource of pods, `*/scale` the
/// scale subresource of everything.
pub(super) fn resource_matches(entry: &str, resource: &str) -> bool {
    if entry == "*" || entry == resource {
        return true;
    }
    let (parent, sub) = resource.split_once('/').unwrap_or((resource, ""));
    if let Some(p) = entry.strip_suffix("/*") {
        return !sub.is_empty() && p == parent;
    }
    if let Some(s) = entry.strip_prefix("*/") {
        return !sub.is_empty() && s == sub;
    }
    false
}

/// The `resources` entries of a (non-`system:`) Role or ClusterRole that grant one of
/// `verbs` on `resource` of the core API group, with their rule. A bare `*` is left to
/// K8S106; rules limited by `resourceNames` are skipped when `skip_named`.
pub(super) fn core_grants<'a>(
    doc: &Document<'a>,
    verbs: &[&str],
    resource: &str,
    skip_named: bool,
) -> Vec<(PolicyRule<'a>, Item<'a>)> {
    if !is_role(doc) || is_system(doc) {
        return Vec::new();
    }
    let mut out = Vec::new();
    for rule in rules(doc) {
        if !rule.grants_group("") || !rule.grants_verb(verbs) || (skip_named && rule.has_resource_names()) {
            continue;
        }
        let items: Vec<Item<'a>> = rule
            .items("resources")
            .into_iter()
            .filter(|i| i.text != "*" && resource_matches(i.text, resource))
            .collect();
        for item in items {
            out.push((PolicyRule { node: rule.node, path: rule.path.clone() }, item));
        }
    }
    out
}

/// Every mapping in `rules:` of a Role or ClusterRole.
pub(super) fn rules<'a>(doc: &Document<'a>) -> Vec<PolicyRule<'a>> {
    let Some(seq) = doc.root.get("rules").and_then(Node::as_seq) else { return Vec::new() };
    let base = ObjPath::root().key("rules");
    seq.iter()
        .enumerate()
        .filter(|(_, n)| n.as_map().is_some())
        .map(|(i, node)| PolicyRule { node, path: base.index(i) })
        .collect()
}

/// One entry of a binding's `subjects:`.
pub(super) struct Subject<'a> {
    pub kind: Option<&'a str>,
    pub name: Option<&'a str>,
    pub namespace: Option<&'a str>,
    pub path: ObjPath,
}

pub(super) fn subjects<'a>(doc: &Document<'a>) -> Vec<Subject<'a>> {
    let Some(seq) = doc.root.get("subjects").and_then(Node::as_seq) else { return Vec::new() };
    let base = ObjPath::root().key("subjects");
    seq.iter()
        .enumerate()
        .filter(|(_, n)| n.as_map().is_some())
        .map(|(i, n)| Subject {
            kind: n.get("kind").and_then(Node::scalar_text),
            name: n.get("name").and_then(Node::scalar_text),
            namespace: n.get("namespace").and_then(Node::scalar_text),
            path: base.index(i),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::resource_matches;

    #[test]
    fn resource_wildcards_follow_kubernetes() {
        assert!(resource_matches("*", "pods/exec"));
        assert!(resource_matches("pods/*", "pods/exec"));
        assert!(resource_matches("*/exec", "pods/exec"));
        assert!(resource_matches("pods/exec", "pods/exec"));
        assert!(!resource_matches("pods", "pods/exec"));
        assert!(!resource_matches("pods/*", "pods"));
        assert!(!resource_matches("nodes/*", "pods/exec"));
    }
}

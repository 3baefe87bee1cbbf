//! K8S150 default-namespace: a namespaced object that lands in the `default` namespace, as
//! rendered (a kustomize `namespace:` is already applied) and with what the unit knows: the
//! Helm release namespace (`helm.namespace`); Flux `targetNamespace` and Argo CD
//! `destination.namespace` of the scan are applied by `scan` (see `deployed_elsewhere`).

use crate::diagnostic::Severity;
use crate::rules::cross::{CrossCheck, Facts, Unit, finding};
use crate::rules::{Default, Rule, RuleMeta};

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "K8S150",
        name: "default-namespace",
        severity: Severity::Low,
        default: Default::OptIn,
        title: "Object in the default namespace",
        rationale: "The `default` namespace is shared by everything deployed without thought: quotas, network \
                    policies and RBAC scoped to a team's namespace do not apply there, and names collide. Judged \
                    on the rendered object: a kustomize `namespace:` counts because the build sets it; in a Helm \
                    chart an object without a namespace goes to the release namespace, so it is judged only when \
                    the config names it (`helm.namespace`: `default` is reported; a chart rendered without one \
                    is not judged at all, since `helm install -n` decides and `{{ .Release.Namespace }}` then \
                    renders as `default`); a directory that a Flux \
                    Kustomization or HelmRelease (`targetNamespace`, which also overrides explicit namespaces) or \
                    an Argo CD Application (`destination.namespace`, for objects without one) of the same scan \
                    deploys (its `path`, relative to the repository, and directories below it; Flux and Argo CD \
                    objects of plain manifests and built overlays, not of charts) counts as in that namespace. \
                    Cluster-scoped \
                    kinds never fire: Namespace, Node, PersistentVolume, ClusterRole(Binding), StorageClass, \
                    CustomResourceDefinition, APIService, PriorityClass, RuntimeClass, IngressClass, \
                    GatewayClass, CSIDriver, CSINode, VolumeAttachment, CertificateSigningRequest, \
                    Mutating/ValidatingWebhookConfiguration, (Mutating/Validating)AdmissionPolicy(Binding), \
                    FlowSchema, PriorityLevelConfiguration, PodSecurityPolicy, SecurityContextConstraints, \
                    ConstraintTemplate and Gatekeeper constraints (`constraints.gatekeeper.sh`), and every kind \
                    whose name starts with `Cluster` (ClusterIssuer, ClusterSecretStore, ClusterPolicy, ...).",
        remediation: "Set `metadata.namespace` to the application's namespace, or let the deploying tool set it \
                      (kustomize `namespace:`, Flux `targetNamespace`, Argo CD `destination.namespace`, \
                      `helm.namespace` in .kubegate.yaml for a chart).",
        references: &[("kube-linter", "use-namespace"), ("checkov", "CKV_K8S_21")],
    },
    check: crate::rules::cross::per_unit_only,
};

pub static CROSS: CrossCheck = CrossCheck { meta: &RULE.meta, check };

/// Cluster-scoped kinds (besides every `Cluster*` kind).
const CLUSTER_SCOPED: &[&str] = &[
    "APIService",
    "CSIDriver",
    "CSINode",
    "CertificateSigningRequest",
    "ComponentStatus",
    "ConstraintTemplate",
    "CustomResourceDefinition",
    "FlowSchema",
    "GatewayClass",
    "IngressClass",
    "IPAddress",
    "MutatingAdmissionPolicy",
    "MutatingAdmissionPolicyBinding",
    "MutatingWebhookConfiguration",
    "Namespace",
    "Node",
    "PersistentVolume",
    "PodSecurityPolicy",
    "PriorityClass",
    "PriorityLevelConfiguration",
    "RuntimeClass",
    "SecurityContextConstraints",
    "ServiceCIDR",
    "StorageClass",
    "ValidatingAdmissionPolicy",
    "ValidatingAdmissionPolicyBinding",
    "ValidatingWebhookConfiguration",
    "VolumeAttachment",
];

/// Whether objects of this kind have no namespace.
pub fn cluster_scoped(api_version: &str, kind: &str) -> bool {
    kind.starts_with("Cluster")
        || CLUSTER_SCOPED.contains(&kind)
        || api_version.starts_with("constraints.gatekeeper.sh/")
}

fn check(unit: &Unit<'_>, out: &mut Vec<crate::diagnostic::Finding>) {
    for o in unit.objects {
        if cluster_scoped(o.api_version(), o.kind()) || o.kind() == "List" {
            continue;
        }
        if let Some(message) = judge(o, unit) {
            let at = o.namespace_ref.as_ref().unwrap_or(&o.name_ref);
            out.push(finding(&RULE.meta, o, at, message));
        }
    }
}

fn judge(o: &Facts, unit: &Unit<'_>) -> Option<String> {
    let what = format!("{} {}", o.kind(), o.name());
    match (o.namespace(), unit.release_namespace) {
        // `{{ .Release.Namespace }}` rendered without a release namespace reads `default`.
        (_, Some(None)) => None,
        (Some("default"), _) => Some(format!("{what} is in the default namespace")),
        (Some(_), _) => None,
        (None, Some(Some("default"))) => Some(format!(
            "{what} sets no namespace and the Helm release namespace (helm.namespace) is default"
        )),
        (None, Some(Some(_))) => None,
        (None, None) => Some(format!(
            "{what} sets no namespace: it goes to the namespace of whoever applies it (default unless a kubectl \
             context, kustomize `namespace:`, Flux `targetNamespace` or Argo CD `destination.namespace` sets one)"
        )),
    }
}

/// The directories that Flux and Argo CD objects of the scan deploy into a namespace other
/// than `default` (`Facts::deploys`): (path, overrides explicit namespaces).
pub fn deploy_targets<'a>(deploys: impl Iterator<Item = &'a (String, String, bool)>) -> Vec<(String, bool)> {
    let mut v: Vec<(String, bool)> = deploys
        .filter(|(_, ns, _)| ns != "default" && !ns.is_empty())
        .map(|(p, _, overrides)| {
            let p = p.trim().trim_start_matches("./").trim_matches('/');
            (if p == "." { String::new() } else { p.to_string() }, *overrides)
        })
        .collect();
    v.sort();
    v.dedup();
    v
}

/// Whether a K8S150 finding of unit directory `dir` (about an absent namespace, or an
/// explicit one when `explicit`) is settled by a deploying object's namespace. A deploy path
/// is relative to its repository, which may be the scan root or a directory below it, so it
/// matches `dir` when it is a whole-segment suffix of `dir` or of one of its parents.
pub fn deployed_elsewhere(dir: &str, explicit: bool, targets: &[(String, bool)]) -> bool {
    targets.iter().any(|(p, overrides)| {
        if explicit && !*overrides {
            return false;
        }
        if p.is_empty() {
            return true;
        }
        let mut d = dir;
        loop {
            if d == p || d.strip_suffix(p.as_str()).is_some_and(|r| r.ends_with('/')) {
                return true;
            }
            match d.rsplit_once('/') {
                Some((parent, _)) => d = parent,
                None => return false,
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deploy_paths_cover_their_subdirectories() {
        let t = vec![("apps/web".to_string(), false), ("infra".to_string(), true)];
        assert!(deployed_elsewhere("apps/web", false, &t));
        assert!(deployed_elsewhere("apps/web/base", false, &t));
        assert!(!deployed_elsewhere("apps/webx", false, &t));
        assert!(deployed_elsewhere("repo/apps/web/overlay", false, &t), "a repository below the scan root");
        assert!(!deployed_elsewhere("repo/myapps/web", false, &t));
        assert!(!deployed_elsewhere("apps/web", true, &t), "Argo CD does not override a namespace");
        assert!(deployed_elsewhere("infra/x", true, &t), "Flux targetNamespace does");
        assert!(cluster_scoped("rbac.authorization.k8s.io/v1", "ClusterRole"));
        assert!(cluster_scoped("constraints.gatekeeper.sh/v1beta1", "K8sRequiredLabels"));
        assert!(!cluster_scoped("v1", "ConfigMap"));
    }
}

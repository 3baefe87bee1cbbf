//! K8S155 deprecated-api-version: the object's apiVersion/kind pair is deprecated or removed
//! at the target Kubernetes version (latest by default). The message names the version that
//! removed it and the replacement.

use crate::diagnostic::Severity;
use crate::model::Document;
use crate::rules::{Default, Reporter, Rule, RuleMeta};
use crate::source::yaml::ObjPath;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "K8S155",
        name: "deprecated-api-version",
        severity: Severity::High,
        default: Default::On,
        title: "Deprecated or removed apiVersion",
        rationale: "An API version removed from the target Kubernetes version is refused by the API server: the \
                    manifest cannot be applied and the GitOps sync (or the cluster upgrade) fails. A deprecated \
                    one will be refused after a future upgrade.",
        remediation: "Move the object to the replacement apiVersion shown in the message, adapting the fields that \
                      changed (see the Kubernetes deprecated API migration guide).",
        references: &[("kube-linter", "no-extensions-v1beta"), ("kube-score", "stable-version")],
    },
    check,
};

/// The Kubernetes version checked against when none is configured (the latest release).
pub const DEFAULT_TARGET: (u32, u32) = (1, 36);

/// A deprecated API: apiVersion, kind (`*` for every kind of a removed group version),
/// the minor versions (of 1.x) that deprecated and removed it, and the replacement.
struct Deprecation {
    api_version: &'static str,
    kind: &'static str,
    deprecated: u32,
    removed: Option<u32>,
    replacement: &'static str,
}

const fn d(
    api_version: &'static str,
    kind: &'static str,
    deprecated: u32,
    removed: u32,
    replacement: &'static str,
) -> Deprecation {
    Deprecation { api_version, kind, deprecated, removed: Some(removed), replacement }
}

/// From the Kubernetes deprecated API migration guide. Specific kinds come before a
/// group version's `*` row.
static DEPRECATIONS: &[Deprecation] = &[
    // v1.16
    d("extensions/v1beta1", "Deployment", 9, 16, "apps/v1"),
    d("extensions/v1beta1", "DaemonSet", 9, 16, "apps/v1"),
    d("extensions/v1beta1", "ReplicaSet", 9, 16, "apps/v1"),
    d("extensions/v1beta1", "NetworkPolicy", 9, 16, "networking.k8s.io/v1"),
    d(
        "extensions/v1beta1",
        "PodSecurityPolicy",
        10,
        16,
        "Pod Security Admission (PodSecurityPolicy itself was removed in v1.25)",
    ),
    d("extensions/v1beta1", "Ingress", 14, 22, "networking.k8s.io/v1"),
    d("extensions/v1beta1", "*", 9, 22, "the kind's stable API group"),
    d("apps/v1beta1", "*", 9, 16, "apps/v1"),
    d("apps/v1beta2", "*", 9, 16, "apps/v1"),
    // v1.21
    d("batch/v2alpha1", "CronJob", 8, 21, "batch/v1"),
    // v1.22
    d("networking.k8s.io/v1beta1", "Ingress", 19, 22, "networking.k8s.io/v1"),
    d("networking.k8s.io/v1beta1", "IngressClass", 19, 22, "networking.k8s.io/v1"),
    d("rbac.authorization.k8s.io/v1beta1", "*", 17, 22, "rbac.authorization.k8s.io/v1"),
    d("rbac.authorization.k8s.io/v1alpha1", "*", 17, 22, "rbac.authorization.k8s.io/v1"),
    d(
        "admissionregistration.k8s.io/v1beta1",
        "MutatingWebhookConfiguration",
        16,
        22,
        "admissionregistration.k8s.io/v1",
    ),
    d(
        "admissionregistration.k8s.io/v1beta1",
        "ValidatingWebhookConfiguration",
        16,
        22,
        "admissionregistration.k8s.io/v1",
    ),
    d("apiextensions.k8s.io/v1beta1", "CustomResourceDefinition", 16, 22, "apiextensions.k8s.io/v1"),
    d("apiregistration.k8s.io/v1beta1", "APIService", 19, 22, "apiregistration.k8s.io/v1"),
    d("authentication.k8s.io/v1beta1", "TokenReview", 19, 22, "authentication.k8s.io/v1"),
    d("authorization.k8s.io/v1beta1", "*", 19, 22, "authorization.k8s.io/v1"),
    d("certificates.k8s.io/v1beta1", "CertificateSigningRequest", 19, 22, "certificates.k8s.io/v1"),
    d("coordination.k8s.io/v1beta1", "Lease", 19, 22, "coordination.k8s.io/v1"),
    d("scheduling.k8s.io/v1beta1", "PriorityClass", 14, 22, "scheduling.k8s.io/v1"),
    d("storage.k8s.io/v1beta1", "CSIDriver", 18, 22, "storage.k8s.io/v1"),
    d("storage.k8s.io/v1beta1", "CSINode", 17, 22, "storage.k8s.io/v1"),
    d("storage.k8s.io/v1beta1", "StorageClass", 19, 22, "storage.k8s.io/v1"),
    d("storage.k8s.io/v1beta1", "VolumeAttachment", 19, 22, "storage.k8s.io/v1"),
    // v1.25
    d("batch/v1beta1", "CronJob", 21, 25, "batch/v1"),
    d("discovery.k8s.io/v1beta1", "EndpointSlice", 21, 25, "discovery.k8s.io/v1"),
    d("events.k8s.io/v1beta1", "Event", 19, 25, "events.k8s.io/v1"),
    d("autoscaling/v2beta1", "HorizontalPodAutoscaler", 22, 25, "autoscaling/v2"),
    d("policy/v1beta1", "PodDisruptionBudget", 21, 25, "policy/v1"),
    d(
        "policy/v1beta1",
        "PodSecurityPolicy",
        21,
        25,
        "Pod Security Admission (`pod-security.kubernetes.io/*` namespace labels); PodSecurityPolicy has no successor API",
    ),
    d("node.k8s.io/v1beta1", "RuntimeClass", 20, 25, "node.k8s.io/v1"),
    // v1.26
    d("flowcontrol.apiserver.k8s.io/v1beta1", "FlowSchema", 23, 26, "flowcontrol.apiserver.k8s.io/v1"),
    d(
        "flowcontrol.apiserver.k8s.io/v1beta1",
        "PriorityLevelConfiguration",
        23,
        26,
        "flowcontrol.apiserver.k8s.io/v1",
    ),
    d("autoscaling/v2beta2", "HorizontalPodAutoscaler", 23, 26, "autoscaling/v2"),
    // v1.27
    d("storage.k8s.io/v1beta1", "CSIStorageCapacity", 24, 27, "storage.k8s.io/v1"),
    // v1.29
    d("flowcontrol.apiserver.k8s.io/v1beta2", "FlowSchema", 26, 29, "flowcontrol.apiserver.k8s.io/v1"),
    d(
        "flowcontrol.apiserver.k8s.io/v1beta2",
        "PriorityLevelConfiguration",
        26,
        29,
        "flowcontrol.apiserver.k8s.io/v1",
    ),
    // v1.32
    d("flowcontrol.apiserver.k8s.io/v1beta3", "FlowSchema", 29, 32, "flowcontrol.apiserver.k8s.io/v1"),
    d(
        "flowcontrol.apiserver.k8s.io/v1beta3",
        "PriorityLevelConfiguration",
        29,
        32,
        "flowcontrol.apiserver.k8s.io/v1",
    ),
];

fn lookup(api_version: &str, kind: &str) -> Option<&'static Deprecation> {
    // Only alpha and beta versions are listed: a stable `vN` (most objects) needs no search.
    if is_stable(api_version) {
        return None;
    }
    DEPRECATIONS
        .iter()
        .find(|d| d.api_version == api_version && d.kind == kind)
        .or_else(|| DEPRECATIONS.iter().find(|d| d.api_version == api_version && d.kind == "*"))
}

/// Whether the version part of `api_version` is a stable `vN` (`apps/v1`, `v1`).
fn is_stable(api_version: &str) -> bool {
    let version = api_version.rsplit_once('/').map_or(api_version, |(_, v)| v);
    version.strip_prefix('v').is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

fn check(doc: &Document<'_>, out: &mut Reporter<'_, '_>) {
    check_for(doc, out, out.kube_version.unwrap_or(DEFAULT_TARGET));
}

/// The check against a chosen target version (`(1, 29)` for v1.29).
pub fn check_for(doc: &Document<'_>, out: &mut Reporter<'_, '_>, target: (u32, u32)) {
    let Some(api_version) = doc.identity.api_version.as_deref() else { return };
    let kind = doc.kind();
    let Some(dep) = lookup(api_version, kind) else { return };
    let (major, minor) = target;
    let removed = dep.removed.filter(|r| major > 1 || minor >= *r);
    let message = match removed {
        Some(r) => format!(
            "{api_version} {kind} was removed in Kubernetes v1.{r} (target v{major}.{minor}); use {}",
            dep.replacement
        ),
        None if major > 1 || minor >= dep.deprecated => {
            let when = dep.removed.map(|r| format!(", removed in v1.{r}")).unwrap_or_default();
            format!(
                "{api_version} {kind} is deprecated since Kubernetes v1.{}{when}; use {}",
                dep.deprecated, dep.replacement
            )
        }
        None => return,
    };
    out.report(&RULE.meta, &ObjPath::root().key("apiVersion"), None, message);
}

#[cfg(test)]
mod tests {
    use super::{DEPRECATIONS, is_stable, lookup};

    #[test]
    fn only_unstable_versions_are_listed() {
        // `lookup` skips stable versions without searching: the table must hold none.
        for d in DEPRECATIONS {
            assert!(!is_stable(d.api_version), "{} is a stable version", d.api_version);
        }
        assert!(is_stable("apps/v1") && is_stable("v1") && is_stable("autoscaling/v2"));
        assert!(
            !is_stable("batch/v1beta1") && !is_stable("v1alpha1") && !is_stable("apps/") && !is_stable("x/v")
        );
    }

    #[test]
    fn specific_kinds_win_over_group_rows() {
        assert_eq!(lookup("extensions/v1beta1", "Ingress").and_then(|d| d.removed), Some(22));
        assert_eq!(lookup("extensions/v1beta1", "Deployment").and_then(|d| d.removed), Some(16));
        assert_eq!(lookup("apps/v1beta2", "StatefulSet").map(|d| d.replacement), Some("apps/v1"));
        assert!(lookup("apps/v1", "Deployment").is_none());
        assert!(lookup("policy/v1", "PodDisruptionBudget").is_none());
    }
}

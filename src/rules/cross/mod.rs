//! Cross-object rules: checks that relate objects of one unit (the plain manifests of a
//! directory, a rendered Helm chart, a built Kustomize overlay): dangling Service selectors,
//! HPA targets, ServiceAccounts, Ingress backends, NetworkPolicies, PDBs, env references,
//! ServiceMonitors, token automounting, namespaces.
//!
//! Holding every object's node tree until its unit is complete would cost the memory of the
//! whole repository, so each object is reduced, while its file is loaded, to the few `Facts`
//! these rules read (names, labels, selectors, references), each reference with its span.
//! A rule that reports a missing counterpart stays silent unless the unit is declared
//! complete (`cross-object.complete` in the config): the counterpart could live elsewhere.

pub mod facts;
pub mod selector;

use std::borrow::Cow;
use std::collections::BTreeMap;

use crate::diagnostic::{Finding, fingerprint};
use crate::source::yaml::Span;

use super::RuleMeta;
pub use facts::{Facts, Reference, extract, extract_with};
pub use selector::Selector;

/// The objects of one unit.
pub struct Unit<'a> {
    pub objects: &'a [&'a Facts],
    /// The analysed set is known to hold every counterpart.
    pub complete: bool,
    /// `None`: not a Helm release; `Some(None)`: a chart rendered without a configured release
    /// namespace (`helm install -n` decides); `Some(Some(ns))`: `helm.namespace`.
    pub release_namespace: Option<Option<&'a str>>,
}

impl Unit<'_> {
    /// Objects of `kind` that may share `ns` (an absent namespace may be any).
    pub fn same_namespace<'b>(
        &'b self,
        of: &'b Facts,
        kind: &'b str,
    ) -> impl Iterator<Item = &'b Facts> + 'b {
        self.objects
            .iter()
            .copied()
            .filter(move |o| o.kind() == kind && namespaces_may_match(o.namespace(), of.namespace()))
    }
}

/// A unit's HorizontalPodAutoscalers by the kind and name they scale, each list in unit
/// order: looked up per workload, where scanning the unit for each workload was quadratic
/// in a large rendered overlay.
pub struct Autoscalers<'a>(BTreeMap<(&'a str, &'a str), Vec<&'a Facts>>);

impl<'a> Autoscalers<'a> {
    pub fn of(unit: &Unit<'a>) -> Self {
        let mut by: BTreeMap<(&str, &str), Vec<&Facts>> = BTreeMap::new();
        for h in unit.objects.iter().filter(|o| o.kind() == "HorizontalPodAutoscaler") {
            if let Some((kind, name, _)) = h.scale_target.as_deref() {
                by.entry((kind.as_str(), name.as_str())).or_default().push(h);
            }
        }
        Autoscalers(by)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The autoscalers that scale `w` (its kind and name, a namespace it may share), in unit
    /// order.
    pub fn scaling<'b>(&'b self, w: &'b Facts) -> impl Iterator<Item = &'a Facts> + 'b {
        self.0
            .get(&(w.kind(), w.name()))
            .into_iter()
            .flatten()
            .copied()
            .filter(move |h| namespaces_may_match(h.namespace(), w.namespace()))
    }
}

impl Unit<'_> {
    /// Whether `sel` (of object `of`) selects the pods of some object of the unit.
    pub fn selects_any_pod(&self, sel: &Selector, of: &Facts) -> bool {
        self.objects.iter().any(|o| {
            o.pod_labels.as_ref().is_some_and(|l| sel.matches(l))
                && namespaces_may_match(o.namespace(), of.namespace())
        })
    }
}

/// Two namespaces may be the same: equal, or one absent (set when applied: `-n`, Flux
/// `targetNamespace`, Argo CD `destination.namespace`).
pub fn namespaces_may_match(a: Option<&str>, b: Option<&str>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => a == b,
        _ => true,
    }
}

/// A cross-object check.
pub struct CrossCheck {
    pub meta: &'static RuleMeta,
    pub check: fn(&Unit<'_>, &mut Vec<Finding>),
}

/// A finding at a node of one object whose span was recorded with its facts.
pub fn finding(meta: &'static RuleMeta, of: &Facts, at: &Reference, message: String) -> Finding {
    finding_at(meta, of, &at.object_path, at.span, message)
}

pub fn finding_at(
    meta: &'static RuleMeta,
    of: &Facts,
    object_path: &str,
    span: Span,
    message: String,
) -> Finding {
    let r = &of.resource;
    let fp = fingerprint(&[
        meta.id,
        &of.path,
        r.api_version.as_deref().unwrap_or(""),
        r.kind.as_deref().unwrap_or(""),
        r.namespace.as_deref().unwrap_or(""),
        r.name.as_deref().unwrap_or(""),
        object_path,
        "",
    ]);
    Finding {
        rule_id: Cow::Borrowed(meta.id),
        rule_name: Cow::Borrowed(meta.name),
        severity: meta.severity,
        message,
        path: of.path.clone(),
        span: Some(span),
        resource: Some(r.clone()),
        object_path: Some(object_path.to_string()),
        help: Some(Cow::Borrowed(meta.remediation)),
        fingerprint: fp,
        suppressed: None,
        origin: Vec::new(),
        rendered: None,
    }
}

/// The cross-object checks, by rule id (their metadata is in `rules::REGISTRY`).
pub static CHECKS: &[&CrossCheck] = &[
    &super::k8s::statefulset_headless_service::CROSS,
    &super::k8s::no_pod_disruption_budget::CROSS,
    &super::k8s::pdb_min_available_above_hpa::CROSS,
    &super::k8s::hpa_target_missing::CROSS,
    &super::k8s::hpa_managed_replicas::CROSS,
    &super::k8s::service_account_token_automount::CROSS,
    &super::k8s::non_existent_service_account::CROSS,
    &super::k8s::env_reference_missing::CROSS,
    &super::k8s::service_selects_no_pods::CROSS,
    &super::k8s::ingress_backend_missing::CROSS,
    &super::k8s::pod_not_isolated::CROSS,
    &super::k8s::network_policy_selects_nothing::CROSS,
    &super::k8s::service_monitor_selects_nothing::CROSS,
    &super::k8s::default_namespace::CROSS,
];

/// Which objects the enabled cross-object rules need facts of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Need {
    Nothing,
    /// Only K8S094 / K8S098 (the default set): autoscalers, disruption budgets and the
    /// workloads they may concern (K8S098 alone: only those that set `spec.replicas`).
    Scaling {
        budgets: bool,
    },
    Everything,
}

impl Need {
    pub fn wants(self, kind: &str, root: &crate::source::yaml::Node) -> bool {
        match self {
            Need::Nothing => false,
            Need::Everything => true,
            Need::Scaling { budgets } => {
                kind == "HorizontalPodAutoscaler"
                    || (budgets && kind == "PodDisruptionBudget")
                    || (matches!(kind, "Deployment" | "StatefulSet" | "ReplicaSet")
                        && (budgets || root.get("spec").and_then(|s| s.get("replicas")).is_some()))
                    // Any other kind an autoscaler may scale (Argo Rollouts, ...).
                    || (budgets
                        && !matches!(kind, "Pod" | "Job" | "CronJob" | "DaemonSet")
                        && root.get("spec").and_then(|s| s.get("template")).is_some())
            }
        }
    }
}

/// What the enabled cross-object rules need.
pub fn need(enabled: &dyn Fn(&str) -> bool) -> Need {
    let on: Vec<&str> = CHECKS.iter().map(|c| c.meta.id).filter(|id| enabled(id)).collect();
    match on.as_slice() {
        [] => Need::Nothing,
        ["K8S098"] => Need::Scaling { budgets: false },
        ["K8S094"] | ["K8S094", "K8S098"] => Need::Scaling { budgets: true },
        _ => Need::Everything,
    }
}

/// Whether `id` is a cross-object rule.
pub fn is_cross(id: &str) -> bool {
    CHECKS.iter().any(|c| c.meta.id == id)
}

/// The enabled cross-object checks (chosen once per scan, not per unit).
pub fn enabled_checks(enabled: &dyn Fn(&str) -> bool) -> Vec<&'static CrossCheck> {
    CHECKS.iter().copied().filter(|c| enabled(c.meta.id)).collect()
}

/// Run `checks` (see `enabled_checks`) on one unit; findings sorted.
pub fn check_unit(unit: &Unit<'_>, checks: &[&CrossCheck]) -> Vec<Finding> {
    let mut out = Vec::new();
    for c in checks {
        (c.check)(unit, &mut out);
    }
    crate::diagnostic::sort_findings(&mut out);
    out
}

/// A single-object check for the registry: cross-object rules do their work per unit.
pub fn per_unit_only(_: &crate::model::Document<'_>, _: &mut super::Reporter<'_, '_>) {}

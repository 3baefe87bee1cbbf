//! Named rule profiles. `pss-baseline` and `pss-restricted` are exactly the controls of the
//! Pod Security Standards of the target `--kube-version` (default: the latest, 1.37), checked
//! against the official Pod Security Admission fixtures of every version where they changed
//! (testdata/pss/v1.X) by tests/pss_fixtures.rs.

/// The Pod Security Standards' baseline controls.
pub const PSS_BASELINE: &[&str] = &[
    "K8S001", // privileged
    "K8S002", // hostNamespaces (hostPID)
    "K8S003", // hostNamespaces (hostIPC)
    "K8S004", // hostNamespaces (hostNetwork)
    "K8S005", // hostPorts
    "K8S006", // windowsHostProcess
    "K8S022", // capabilities_baseline
    "K8S030", // seccompProfile_baseline
    "K8S032", // appArmorProfile
    "K8S034", // seLinuxOptions
    "K8S036", // procMount
    "K8S037", // sysctls
    "K8S040", // hostPathVolumes
    "K8S045", // hostProbesAndHostLifecycle
];

/// The restricted controls, on top of baseline.
pub const PSS_RESTRICTED_EXTRA: &[&str] = &[
    "K8S007", // allowPrivilegeEscalation (explicit true)
    "K8S008", // allowPrivilegeEscalation (not set to false)
    "K8S009", // runAsNonRoot
    "K8S010", // runAsUser
    "K8S020", // capabilities_restricted (drop ALL)
    "K8S023", // capabilities_restricted (add only NET_BIND_SERVICE)
    "K8S031", // seccompProfile_restricted
    "K8S044", // restrictedVolumes
];

/// Pod Security Standards controls that start at a Kubernetes version (the others exist
/// since 1.0): pod-security-admission's `MinimumVersion` of each check.
pub const PSS_SINCE: &[(&str, (u32, u32))] = &[
    ("K8S007", (1, 8)),  // allowPrivilegeEscalation
    ("K8S008", (1, 8)),  // allowPrivilegeEscalation
    ("K8S031", (1, 19)), // seccompProfile_restricted
    ("K8S020", (1, 22)), // capabilities_restricted
    ("K8S023", (1, 22)), // capabilities_restricted
    ("K8S010", (1, 23)), // runAsUser
    ("K8S045", (1, 34)), // hostProbesAndHostLifecycle
];

/// RBAC rules: wildcards, dangerous verbs and bindings.
pub const RBAC: &[&str] = &[
    "K8S103", "K8S106", "K8S107", "K8S108", "K8S109", "K8S110", "K8S111", "K8S112", "K8S113", "K8S114",
    "K8S115", "K8S116",
];

/// Reliability and hygiene rather than security: resources, probes, scheduling, images,
/// disruption budgets, autoscaling, labels, APIs (opt-in rules included: selecting the
/// profile turns them on).
pub const BEST_PRACTICE: &[&str] = &[
    "K8S050", "K8S051", "K8S052", "K8S053", "K8S054", "K8S055", "K8S060", "K8S061", "K8S062", "K8S070",
    "K8S071", "K8S072", "K8S073", "K8S074", "K8S075", "K8S076", "K8S077", "K8S078", "K8S079", "K8S080",
    "K8S081", "K8S082", "K8S084", "K8S085", "K8S091", "K8S092", "K8S093", "K8S095", "K8S096", "K8S104",
    "K8S123", "K8S130", "K8S131", "K8S133", "K8S140", "K8S153", "K8S154", "K8S155", "K8S159",
];

/// The names `--select`, `--ignore` and the config accept besides rule ids and names.
pub const NAMES: &[&str] =
    &["all", "default", "pss-baseline", "pss-restricted", "best-practice", "rbac", "secrets"];

/// The rule ids of a named profile at a target Kubernetes version: the Pod Security Standards
/// profiles keep only the controls that version has.
pub fn profile_at(name: &str, version: (u32, u32)) -> Option<Vec<&'static str>> {
    let mut ids = profile(name)?;
    if name.starts_with("pss-") {
        ids.retain(|id| PSS_SINCE.iter().all(|(i, since)| i != id || version >= *since));
    }
    Some(ids)
}

/// The rule ids of a named profile (`all` and `default` included).
pub fn profile(name: &str) -> Option<Vec<&'static str>> {
    use super::{Default, REGISTRY};
    match name {
        "all" => Some(REGISTRY.iter().map(|r| r.meta.id).chain(super::secrets::catalog::ids()).collect()),
        "default" => Some(
            REGISTRY
                .iter()
                .filter(|r| r.meta.default == Default::On)
                .map(|r| r.meta.id)
                .chain(super::secrets::catalog::ids())
                .collect(),
        ),
        // Every secret detector (text and structural).
        "secrets" => Some(super::secrets::catalog::ids()),
        "pss-baseline" => Some(PSS_BASELINE.to_vec()),
        "pss-restricted" => Some(PSS_BASELINE.iter().chain(PSS_RESTRICTED_EXTRA).copied().collect()),
        "rbac" => Some(RBAC.to_vec()),
        "best-practice" => Some(BEST_PRACTICE.to_vec()),
        _ => None,
    }
}

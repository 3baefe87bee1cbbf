//! Named rule profiles. `pss-baseline` and `pss-restricted` are exactly the controls of the
//! Pod Security Standards (latest version), checked against the official Pod Security
//! Admission fixtures in testdata/pss by tests/pss_fixtures.rs.

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

/// The rule ids of a named profile.
pub fn profile(name: &str) -> Option<Vec<&'static str>> {
    match name {
        "pss-baseline" => Some(PSS_BASELINE.to_vec()),
        "pss-restricted" => Some(PSS_BASELINE.iter().chain(PSS_RESTRICTED_EXTRA).copied().collect()),
        _ => None,
    }
}

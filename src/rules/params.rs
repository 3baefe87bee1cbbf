//! Per-rule parameters from the config (`rules.params`): allowed registries, required labels
//! and annotations. A rule whose parameters are configured runs (unless ignored).

use regex::Regex;

#[derive(Debug, Clone, Default)]
pub struct Params {
    /// K8S063: registries (`ghcr.io`) or registry/repository prefixes (`ghcr.io/acme`)
    /// images may come from; `docker.io` covers Docker Hub names such as `nginx`.
    pub allowed_registries: Vec<String>,
    /// K8S151: labels every object must carry.
    pub required_labels: Vec<String>,
    /// K8S152: annotations every object must carry, with a regex the value must match.
    pub required_annotations: Vec<(String, Option<Regex>)>,
}

/// No parameters (the rules that need them stay silent).
pub static NONE: Params =
    Params { allowed_registries: Vec::new(), required_labels: Vec::new(), required_annotations: Vec::new() };

impl Params {
    /// The rules these parameters configure (they are turned on).
    pub fn configured_rules(&self) -> Vec<&'static str> {
        let mut v = Vec::new();
        if !self.allowed_registries.is_empty() {
            v.push("K8S063");
        }
        if !self.required_labels.is_empty() {
            v.push("K8S151");
        }
        if !self.required_annotations.is_empty() {
            v.push("K8S152");
        }
        v
    }
}

impl PartialEq for Params {
    fn eq(&self, other: &Self) -> bool {
        let pats = |p: &Params| -> Vec<(String, Option<String>)> {
            p.required_annotations
                .iter()
                .map(|(k, r)| (k.clone(), r.as_ref().map(|r| r.as_str().to_string())))
                .collect()
        };
        self.allowed_registries == other.allowed_registries
            && self.required_labels == other.required_labels
            && pats(self) == pats(other)
    }
}

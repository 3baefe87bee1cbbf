//! Per-rule parameters from the config (`rules.params`): allowed registries, required labels
//! and annotations, resource bounds, forbidden annotations and CEL expressions. A rule whose
//! parameters are configured runs (unless ignored).

use std::sync::Arc;

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
    /// K8S056: bounds of container resource quantities.
    pub resource_bounds: Vec<ResourceBound>,
    /// K8S158: annotations no object may carry (with a regex of forbidden values; `None`:
    /// any value).
    pub forbidden_annotations: Vec<(String, Option<Regex>)>,
    /// K8S158: CEL expressions every object (of the listed kinds) must satisfy.
    pub expressions: Vec<CelCheck>,
}

/// A configured quantity: as written, and exactly (`model::quantity::nanos`).
pub type Quantity = (String, i128);

/// K8S056: `cpu`/`memory` × `requests`/`limits`, with a minimum and/or maximum.
#[derive(Debug, Clone, PartialEq)]
pub struct ResourceBound {
    /// `cpu` or `memory`.
    pub resource: &'static str,
    /// `requests` or `limits`.
    pub field: &'static str,
    pub min: Option<Quantity>,
    pub max: Option<Quantity>,
}

/// K8S158: a named CEL expression over `object`; an object for which it is not `true` is
/// reported with `message`.
#[derive(Debug, Clone)]
pub struct CelCheck {
    pub name: String,
    pub expression: String,
    pub message: Option<String>,
    /// Kinds it applies to (empty: every kind).
    pub kinds: Vec<String>,
    pub program: Arc<cel::Program>,
}

/// No parameters (the rules that need them stay silent).
pub static NONE: Params = Params {
    allowed_registries: Vec::new(),
    required_labels: Vec::new(),
    required_annotations: Vec::new(),
    resource_bounds: Vec::new(),
    forbidden_annotations: Vec::new(),
    expressions: Vec::new(),
};

impl Params {
    /// The rules these parameters configure (they are turned on).
    pub fn configured_rules(&self) -> Vec<&'static str> {
        let mut v = Vec::new();
        if !self.resource_bounds.is_empty() {
            v.push("K8S056");
        }
        if !self.allowed_registries.is_empty() {
            v.push("K8S063");
        }
        if !self.required_labels.is_empty() {
            v.push("K8S151");
        }
        if !self.required_annotations.is_empty() {
            v.push("K8S152");
        }
        if !self.forbidden_annotations.is_empty() || !self.expressions.is_empty() {
            v.push("K8S158");
        }
        v
    }
}

impl PartialEq for Params {
    fn eq(&self, other: &Self) -> bool {
        let pats = |list: &[(String, Option<Regex>)]| -> Vec<(String, Option<String>)> {
            list.iter().map(|(k, r)| (k.clone(), r.as_ref().map(|r| r.as_str().to_string()))).collect()
        };
        let exprs = |p: &Params| -> Vec<(String, String, Option<String>, Vec<String>)> {
            p.expressions
                .iter()
                .map(|c| (c.name.clone(), c.expression.clone(), c.message.clone(), c.kinds.clone()))
                .collect()
        };
        self.allowed_registries == other.allowed_registries
            && self.required_labels == other.required_labels
            && pats(&self.required_annotations) == pats(&other.required_annotations)
            && self.resource_bounds == other.resource_bounds
            && pats(&self.forbidden_annotations) == pats(&other.forbidden_annotations)
            && exprs(self) == exprs(other)
    }
}

//! `namePrefix` / `nameSuffix`: rename objects (not CRDs, APIServices or Namespaces, as kustomize's
//! prefix/suffix field specs exclude them); references are fixed later by `nameref.rs` from
//! the recorded previous names.

use crate::source::kustomize::resource::Resource;

/// Kinds whose names kustomize never prefixes.
fn skipped(r: &Resource) -> bool {
    matches!(r.kind(), "CustomResourceDefinition" | "Namespace" | "APIService")
}

pub fn apply(resources: &mut [Resource], prefix: &str, suffix: &str) {
    if prefix.is_empty() && suffix.is_empty() {
        return;
    }
    for r in resources.iter_mut() {
        if skipped(r) {
            continue;
        }
        let name = format!("{prefix}{}{suffix}", r.name());
        r.set_name(&name);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use std::path::Path;

    #[test]
    fn renames_and_remembers() {
        let mut rs = vec![
            Resource::new(json!({"kind": "ConfigMap", "metadata": {"name": "c"}}), Path::new("x"), 0),
            Resource::new(json!({"kind": "Namespace", "metadata": {"name": "n"}}), Path::new("x"), 0),
        ];
        apply(&mut rs, "p-", "-s");
        assert_eq!(rs[0].name(), "p-c-s");
        assert_eq!(rs[0].previous_names, ["c"]);
        assert_eq!(rs[1].name(), "n");
    }
}

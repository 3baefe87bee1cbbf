//! Renderers, one module per format. Each takes the sorted scan result and writes bytes
//! that depend only on the input (never on timing or thread count), except the human
//! summary's elapsed time, which goes to stderr.
pub mod concise;
pub mod github;
pub mod gitlab;
pub mod human;
pub mod json;
pub mod junit;
pub mod sarif;
pub mod summary;

use std::path::Path;

use crate::diagnostic::ResourceRef;

/// Where the project lives; rule docs are anchors of its docs/rules.md.
pub const HOMEPAGE: &str = "https://github.com/kubegate/kubegate";

/// The documentation of a rule: its anchor in docs/rules.md.
pub fn help_uri(rule_id: &str) -> String {
    format!("{HOMEPAGE}/blob/main/docs/rules.md#{}", rule_id.to_lowercase())
}

/// How text formats show a finding's path: joined to the scan root as the user typed it,
/// so it can be opened from the current directory.
pub fn display_path(prefix: &Path, rel: &str) -> String {
    if prefix.as_os_str().is_empty() || prefix == Path::new(".") {
        rel.to_string()
    } else {
        let p = prefix.to_string_lossy().replace('\\', "/");
        format!("{}/{rel}", p.trim_end_matches('/'))
    }
}

/// `Deployment shop/web`, `Pod web`, or `ConfigMap (document 2)` when it has no name.
pub fn resource_label(r: &ResourceRef) -> String {
    let kind = r.kind.as_deref().unwrap_or("object");
    match (&r.namespace, &r.name) {
        (Some(ns), Some(n)) => format!("{kind} {ns}/{n}"),
        (None, Some(n)) => format!("{kind} {n}"),
        _ => format!("{kind} (document {})", r.document),
    }
}

//! Renderers, one module per format. Each takes the sorted scan result and writes bytes
//! that depend only on the input (never on timing or thread count), except the human
//! summary's elapsed time, which goes to stderr.
pub mod concise;
pub mod human;
pub mod json;
pub mod summary;

use std::path::Path;

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

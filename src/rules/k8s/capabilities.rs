//! Linux capability lists of a container's securityContext, with the normalisation the
//! danger rules use (upper case, optional `CAP_` prefix stripped) and the exact strings the
//! Pod Security Standards compare.

use crate::model::Container;
use crate::source::yaml::{Node, ObjPath};

/// One entry of `capabilities.add` or `capabilities.drop`.
pub(super) struct Cap<'a> {
    /// As written.
    pub raw: &'a str,
    /// Upper-cased, `CAP_` prefix removed.
    pub norm: String,
    pub path: ObjPath,
}

pub(super) fn normalise(cap: &str) -> String {
    let up = cap.trim().to_ascii_uppercase();
    up.strip_prefix("CAP_").map(str::to_string).unwrap_or(up)
}

/// The entries of `securityContext.capabilities.<list>` (`add` or `drop`).
pub(super) fn caps<'a>(c: &Container<'a>, list: &str) -> Vec<Cap<'a>> {
    let Some(items) = c
        .node
        .get("securityContext")
        .and_then(|s| s.get("capabilities"))
        .and_then(|k| k.get(list))
        .and_then(Node::as_seq)
    else {
        return Vec::new();
    };
    let base = c.path.key("securityContext").key("capabilities").key(list);
    items
        .iter()
        .enumerate()
        .filter_map(|(i, n)| {
            n.scalar_text().map(|raw| Cap { raw, norm: normalise(raw), path: base.index(i) })
        })
        .collect()
}

/// Where to report a missing `drop` entry: the drop list, else the capabilities block, else
/// the securityContext, else the container (resolution finds the nearest present one).
pub(super) fn drop_path(c: &Container<'_>) -> ObjPath {
    c.path.key("securityContext").key("capabilities").key("drop")
}

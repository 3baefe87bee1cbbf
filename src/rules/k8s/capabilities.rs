//! Linux capability lists of a container's securityContext, with the normalisation the
//! danger rules use (upper case, optional `CAP_` prefix stripped) and the exact strings the
//! Pod Security Standards compare.

use crate::model::Container;
use crate::source::yaml::{Node, ObjPath};

/// One entry of `capabilities.add` or `capabilities.drop`.
pub(super) struct Cap<'a> {
    /// As written.
    pub raw: &'a str,
    /// Upper-cased, `CAP_` prefix removed (inline: no allocation for a capability name).
    pub norm: compact_str::CompactString,
    container: &'a ObjPath,
    list: &'static str,
    index: usize,
}

impl Cap<'_> {
    /// Where the entry is written (built only for a finding).
    pub fn path(&self) -> ObjPath {
        self.container.keys(&["securityContext", "capabilities", self.list]).index(self.index)
    }
}

pub(super) fn normalise(cap: &str) -> compact_str::CompactString {
    let t = cap.trim();
    let t = match t.as_bytes().get(..4) {
        Some(p) if p.eq_ignore_ascii_case(b"CAP_") => &t[4..],
        _ => t,
    };
    let mut up = compact_str::CompactString::from(t);
    up.make_ascii_uppercase();
    up
}

/// The entries of `securityContext.capabilities.<list>` (`add` or `drop`).
pub(super) fn caps<'a>(c: &'a Container<'_>, list: &'static str) -> Vec<Cap<'a>> {
    let Some(items) = c
        .security_context
        .and_then(|s| s.get("capabilities"))
        .and_then(|k| k.get(list))
        .and_then(Node::as_seq)
    else {
        return Vec::new();
    };
    items
        .iter()
        .enumerate()
        .filter_map(|(index, n)| {
            n.scalar_text().map(|raw| Cap { raw, norm: normalise(raw), container: &c.path, list, index })
        })
        .collect()
}

/// Where to report a missing `drop` entry: the drop list, else the capabilities block, else
/// the securityContext, else the container (resolution finds the nearest present one).
pub(super) fn drop_path(c: &Container<'_>) -> ObjPath {
    c.path.keys(&["securityContext", "capabilities", "drop"])
}

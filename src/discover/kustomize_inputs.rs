//! Reads a kustomization file just far enough to know which files it uses as patches or
//! generator inputs: those are fragments, not objects, and must never be linted standalone
//! (a strategic-merge patch would fire "missing limits" on fields it does not set).

use std::path::{Path, PathBuf};

use crate::source::yaml::{Limits, Node, load_stream};

/// Relative file paths a kustomization names as patches, generator files or other inputs.
pub fn referenced_files(text: &str) -> Vec<String> {
    let stream = load_stream(text, Limits::default());
    let mut out = Vec::new();
    for doc in &stream.docs {
        let Some(root) = &doc.root else { continue };
        let list = |key: &str| root.get(key).and_then(Node::as_seq).unwrap_or(&[]);
        // patchesStrategicMerge: file paths (or inline patches, which contain newlines).
        for n in list("patchesStrategicMerge") {
            if let Some(s) = n.scalar_text().filter(|s| !s.contains('\n')) {
                out.push(s.to_string());
            }
        }
        for key in ["patches", "patchesJson6902", "replacements"] {
            for n in list(key) {
                if let Some(p) = n.get("path").and_then(Node::scalar_text) {
                    out.push(p.to_string());
                }
            }
        }
        for key in ["configMapGenerator", "secretGenerator"] {
            for g in list(key) {
                for field in ["files", "envs"] {
                    for f in g.get(field).and_then(Node::as_seq).unwrap_or(&[]) {
                        if let Some(s) = f.scalar_text() {
                            // `key=path` form names the file after the `=`.
                            out.push(s.rsplit_once('=').map_or(s, |(_, p)| p).to_string());
                        }
                    }
                }
                if let Some(s) = g.get("env").and_then(Node::scalar_text) {
                    out.push(s.to_string());
                }
            }
        }
        for h in list("helmCharts") {
            if let Some(s) = h.get("valuesFile").and_then(Node::scalar_text) {
                out.push(s.to_string());
            }
            for f in h.get("additionalValuesFiles").and_then(Node::as_seq).unwrap_or(&[]) {
                if let Some(s) = f.scalar_text() {
                    out.push(s.to_string());
                }
            }
        }
        if let Some(p) = root.get("openapi").and_then(|o| o.get("path")).and_then(Node::scalar_text) {
            out.push(p.to_string());
        }
        for key in ["transformers", "generators", "validators"] {
            for n in list(key) {
                if let Some(s) = n.scalar_text().filter(|s| !s.contains('\n')) {
                    out.push(s.to_string());
                }
            }
        }
    }
    out.retain(|s| !s.contains("://") && !s.is_empty());
    out
}

/// `dir/rel` with `.` and `..` resolved lexically.
pub fn join_normalised(dir: &Path, rel: &str) -> PathBuf {
    crate::source::kustomize::load::normalise(&dir.join(rel))
}

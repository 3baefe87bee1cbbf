//! `transformers:` entries that configure kustomize's built-in transformers by hand
//! (`apiVersion: builtin`, `kind: LabelTransformer` with its own `fieldSpecs`, ...). They run
//! after the kustomization's own fields, in the order listed. Other plugins (exec, KRM
//! functions) are refused: kubegate runs no external code.

use serde_json::Value;

use super::{annotations, images, labels, namespace, prefix_suffix, replacements, replicas};
use crate::source::kustomize::fieldspec::{FieldSpec, add_pairs};
use crate::source::kustomize::load::{Error, ErrorKind, Kustomization, scalar_string, string_pairs};
use crate::source::kustomize::patch;
use crate::source::kustomize::resource::{Resource, parse_documents};

fn field_specs(cfg: &Value) -> Option<Vec<FieldSpec>> {
    cfg.get("fieldSpecs").and_then(Value::as_array).map(|a| a.iter().map(FieldSpec::from_value).collect())
}

fn unsupported(k: &Kustomization, what: String) -> Error {
    Error {
        kind: ErrorKind::Unsupported { field: "transformers".into() },
        path: k.file.clone(),
        message: format!("transformers: {what} is not supported by kubegate's builder"),
        entry: None,
    }
}

/// Runs one configured built-in transformer.
fn run_one(k: &Kustomization, resources: &mut Vec<Resource>, cfg: &Value) -> Result<(), Error> {
    let kind = cfg.get("kind").and_then(Value::as_str).unwrap_or("");
    let api = cfg.get("apiVersion").and_then(Value::as_str).unwrap_or("");
    if api != "builtin" {
        return Err(unsupported(k, format!("plugin {api}/{kind}")));
    }
    match kind {
        "LabelTransformer" | "AnnotationsTransformer" => {
            let key = if kind == "LabelTransformer" { "labels" } else { "annotations" };
            let pairs = string_pairs(cfg.get(key));
            match field_specs(cfg) {
                Some(specs) => resources.iter_mut().for_each(|r| add_pairs(r, &specs, &pairs)),
                None if kind == "LabelTransformer" => labels::apply(
                    resources,
                    &labels::LabelSet {
                        pairs,
                        include_selectors: true,
                        include_templates: false,
                        fields: Vec::new(),
                    },
                ),
                None => annotations::apply(resources, &pairs),
            }
        }
        "PrefixSuffixTransformer" | "PrefixTransformer" | "SuffixTransformer" => {
            let s = |key: &str| cfg.get(key).map(scalar_string).unwrap_or_default();
            prefix_suffix::apply(resources, &s("prefix"), &s("suffix"));
        }
        "NamespaceTransformer" => {
            let ns = cfg.pointer("/metadata/namespace").map(scalar_string).unwrap_or_default();
            if !ns.is_empty() {
                namespace::apply(resources, &ns);
            }
        }
        "ImageTagTransformer" => {
            let t = cfg.get("imageTag").cloned().unwrap_or(Value::Null);
            let s = |key: &str| t.get(key).map(scalar_string).unwrap_or_default();
            let rule = images::ImageRule {
                name: s("name"),
                new_name: s("newName"),
                new_tag: s("newTag"),
                digest: s("digest"),
                tag_suffix: s("tagSuffix"),
            };
            images::apply(resources, &[rule]);
        }
        "ReplicaCountTransformer" => {
            let r = cfg.get("replica").cloned().unwrap_or(Value::Null);
            let name = r.get("name").map(scalar_string).unwrap_or_default();
            let count = r.get("count").and_then(Value::as_i64).unwrap_or(0);
            replicas::apply(resources, &name, count);
        }
        "PatchTransformer" => patch::apply_patch_entry(k, resources, cfg, false, ("transformers", 0))?,
        "PatchJson6902Transformer" => patch::apply_patch_entry(k, resources, cfg, true, ("transformers", 0))?,
        "PatchStrategicMergeTransformer" => {
            for p in cfg.get("paths").and_then(Value::as_array).into_iter().flatten() {
                let rel = scalar_string(p);
                let docs = patch::documents(k, &k.read_parsed(&rel)?)?;
                let source = patch::Source::File(k.restricted_path(&rel)?);
                patch::apply_strategic_documents(k, resources, docs, None, &source)?;
            }
            if let Some(inline) = cfg.get("patches").and_then(Value::as_str) {
                let source = patch::Source::Inline("transformers".into(), 0);
                let docs = patch::documents(k, &patch::parse_inline(inline))?;
                patch::apply_strategic_documents(k, resources, docs, None, &source)?;
            }
        }
        "ReplacementTransformer" => {
            for r in cfg.get("replacements").and_then(Value::as_array).into_iter().flatten() {
                replacements::apply(resources, r)
                    .map_err(|e| Error::invalid(&k.file, format!("replacements: {e}")))?;
            }
        }
        other => return Err(unsupported(k, format!("builtin {other}"))),
    }
    Ok(())
}

/// Runs the `transformers:` list of `k`.
pub fn run(k: &Kustomization, resources: &mut Vec<Resource>) -> Result<(), Error> {
    for entry in k.strings("transformers") {
        let text = if entry.contains('\n') {
            entry.clone()
        } else if k.fs.is_dir(&k.dir.join(&entry)) {
            return Err(unsupported(k, format!("a directory of transformer configurations ('{entry}')")));
        } else {
            k.read_file(&entry)?
        };
        let docs =
            parse_documents(&text).map_err(|e| Error::invalid(&k.file, format!("transformers: {e}")))?;
        for (_, cfg) in docs {
            run_one(k, resources, &cfg)?;
        }
    }
    Ok(())
}

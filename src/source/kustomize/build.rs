//! The build: accumulate resources (files, nested kustomizations, components), run generators
//! and transformers in kustomize's order, then add hash suffixes, fix name references and sort
//! (api/internal/target/kusttarget.go).

use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde_json::Value;

use super::emit;
use super::fieldspec::FieldSpec;
use super::generator;
use super::hash;
use super::load::{
    Disk, EntryItem, Error, ErrorKind, Files, Kustomization, is_remote, scalar_string, string_pairs,
};
use super::nameref;
use super::order;
use super::patch;
use super::resource::parse_documents;
use super::resource::{Resource, resources_from_stream};
use super::transform::{
    annotations, configured, images, labels, namespace, prefix_suffix, replacements, replicas,
};
use super::vars;

/// The objects a kustomization directory builds to, in output order.
pub fn build(dir: &Path) -> Result<Vec<Resource>, Error> {
    build_in(dir, Arc::new(Disk))
}

/// `build`, reading every file through `fs`.
pub fn build_in(dir: &Path, fs: Arc<dyn Files>) -> Result<Vec<Resource>, Error> {
    let mut stack = Vec::new();
    let mut vars = Vec::new();
    let k = Kustomization::load_in(dir, fs)?;
    let mut resources = accumulate(&k, Vec::new(), &mut stack, &mut vars)?;
    for r in resources.iter_mut() {
        if r.needs_hash {
            let h = hash::object_hash(&r.value);
            let name = format!("{}-{h}", r.name());
            r.set_name(&name);
        }
    }
    nameref::fix(&mut resources);
    vars::resolve(&mut resources, &vars)
        .map_err(|e| Error::invalid(&k.file, format!("vars: {e}")).at(&k.file, "vars", None))?;
    let sort = k.get("sortOptions");
    let order = sort.and_then(|s| s.get("order")).and_then(Value::as_str).unwrap_or("legacy");
    if order == "legacy" {
        let legacy = sort.and_then(|s| s.get("legacySortOptions"));
        let list = |key: &str| -> Option<Vec<String>> {
            legacy
                .and_then(|l| l.get(key))
                .and_then(Value::as_array)
                .map(|a| a.iter().map(scalar_string).collect())
        };
        let (first, last) = (list("orderFirst"), list("orderLast"));
        order::sort_legacy(&mut resources, first.as_deref(), last.as_deref());
    }
    Ok(resources)
}

/// `kubectl kustomize DIR`'s output.
pub fn build_yaml(dir: &Path) -> Result<String, Error> {
    let resources = build(dir)?;
    Ok(emit::stream_to_yaml(resources.iter().map(|r| &r.value)))
}

fn accumulate(
    k: &Kustomization,
    mut resources: Vec<Resource>,
    stack: &mut Vec<PathBuf>,
    vars: &mut Vec<Value>,
) -> Result<Vec<Resource>, Error> {
    let canon = k.fs.canonicalize(&k.dir).unwrap_or_else(|_| k.dir.clone());
    if stack.contains(&canon) {
        return Err(Error::invalid(
            &k.file,
            format!("cycle detected: '{}' includes itself", k.dir.display()),
        ));
    }
    stack.push(canon);
    refuse_unsupported(k)?;
    let mut entries: Vec<(&str, String)> =
        k.strings("resources").into_iter().map(|e| ("resources", e)).collect();
    entries.extend(k.strings("bases").into_iter().map(|e| ("bases", e)));
    for (field, entry) in &entries {
        let at = |mut e: Error| {
            if e.kind == ErrorKind::NoKustomization && e.entry.is_none() {
                // a directory entry without a kustomization: the entry is at fault
                e.path = k.file.clone();
                e.message = format!("accumulating resources from '{entry}': {}", e.message);
            }
            e.at(&k.file, field, Some(EntryItem::Text(entry.clone())))
        };
        if is_remote(entry) && !k.fs.is_dir(&k.dir.join(entry)) && k.fs.skip_remote(&k.file, entry) {
            continue;
        }
        for r in load_entry(k, entry, stack, vars).map_err(at)? {
            if let Some(dup) = resources.iter().find(|o| same_id(o, &r)) {
                return Err(at(Error::invalid(
                    &k.file,
                    format!(
                        "merging resources from '{entry}': may not add resource with an already registered id: {} {}/{}",
                        dup.kind(),
                        dup.namespace(),
                        dup.name()
                    ),
                )));
            }
            resources.push(r);
        }
    }
    generator::run(k, &mut resources)?;
    for comp in k.strings("components") {
        let at = |e: Error| e.at(&k.file, "components", Some(EntryItem::Text(comp.clone())));
        if is_remote(&comp) {
            return Err(at(remote(k, &comp)));
        }
        let dir = k.dir.join(&comp);
        if !k.fs.is_dir(&dir) {
            return Err(at(Error::invalid(&k.file, format!("component '{comp}' is not a directory"))));
        }
        let ck = Kustomization::load_in(&dir, k.fs.clone()).map_err(at)?;
        if !ck.is_component() {
            return Err(at(Error::invalid(
                &ck.file,
                "expected kind 'Component' for a kustomization listed in components",
            )));
        }
        resources = accumulate(&ck, resources, stack, vars)?;
    }
    transform(k, &mut resources)?;
    for r in resources.iter_mut() {
        r.through.push(k.file.clone());
    }
    if let Some(list) = k.get("vars").and_then(Value::as_array) {
        vars.extend(list.iter().cloned());
    }
    stack.pop();
    Ok(resources)
}

/// Fields kustomize knows that this builder does not implement yet: refused with a clear
/// error rather than built into a different output.
const UNSUPPORTED: &[&str] = &[
    "helmCharts",
    "helmChartInflationGenerator",
    "helmGlobals",
    "generators",
    "validators",
    "openapi",
    "buildMetadata",
    "configurations",
    "crds",
];

fn refuse_unsupported(k: &Kustomization) -> Result<(), Error> {
    for field in UNSUPPORTED {
        let used = match k.get(field) {
            None => false,
            Some(Value::Array(a)) => !a.is_empty(),
            Some(Value::Object(m)) => !m.is_empty(),
            Some(_) => true,
        };
        if used {
            return Err(Error {
                kind: ErrorKind::Unsupported { field: (*field).to_string() },
                path: k.file.clone(),
                message: format!("kustomization field '{field}' is not supported by kubegate's builder yet"),
                entry: None,
            }
            .at(&k.file, field, None));
        }
    }
    Ok(())
}

/// Same group, version, kind, name and namespace ("" and "default" being the same namespace).
fn same_id(a: &Resource, b: &Resource) -> bool {
    let ns =
        |r: &Resource| if r.namespace() == "default" { String::new() } else { r.namespace().to_string() };
    a.api_version() == b.api_version() && a.kind() == b.kind() && a.name() == b.name() && ns(a) == ns(b)
}

fn remote(k: &Kustomization, url: &str) -> Error {
    Error {
        kind: ErrorKind::RemoteBase { url: url.to_string() },
        path: k.file.clone(),
        message: format!("remote base not checked: '{url}' (kubegate never fetches remote resources)"),
        entry: None,
    }
}

fn load_entry(
    k: &Kustomization,
    entry: &str,
    stack: &mut Vec<PathBuf>,
    vars: &mut Vec<Value>,
) -> Result<Vec<Resource>, Error> {
    let path = k.dir.join(entry);
    if k.fs.is_dir(&path) {
        let sub = Kustomization::load_in(&path, k.fs.clone())?;
        if sub.is_component() {
            return Err(Error::invalid(
                &sub.file,
                "a Component cannot be listed in resources; list it in components",
            ));
        }
        return accumulate(&sub, Vec::new(), stack, vars);
    }
    if k.fs.is_file(&path) {
        // read_file applies the load restrictor
        let parsed = k.read_parsed(entry)?;
        return resources_from_stream(&parsed.0, &parsed.1, &path).map_err(|e| Error::invalid(&path, e));
    }
    if is_remote(entry) {
        return Err(remote(k, entry));
    }
    Err(Error::invalid(
        &k.file,
        format!("accumulating resources: '{}': no such file or directory", path.display()),
    ))
}

fn transform(k: &Kustomization, resources: &mut Vec<Resource>) -> Result<(), Error> {
    for (i, p) in k.strings("patchesStrategicMerge").into_iter().enumerate() {
        let at = |e: Error| e.at(&k.file, "patchesStrategicMerge", Some(EntryItem::Index(i)));
        let (parsed, source) = if k.fs.is_file(&k.dir.join(&p)) {
            (k.read_parsed(&p).map_err(at)?, patch::Source::File(k.restricted_path(&p).map_err(at)?))
        } else {
            (patch::parse_inline(&p), patch::Source::Inline("patchesStrategicMerge".into(), i))
        };
        let docs = patch::documents(k, &parsed).map_err(at)?;
        patch::apply_strategic_documents(k, resources, docs, None, &source).map_err(at)?;
    }
    if let Some(list) = k.get("patches").and_then(Value::as_array) {
        for (i, p) in list.iter().enumerate() {
            patch::apply_patch_entry(k, resources, p, false, ("patches", i))
                .map_err(|e| e.at(&k.file, "patches", Some(EntryItem::Index(i))))?;
        }
    }
    let ns = k.str("namespace");
    if !ns.is_empty() {
        namespace::apply(resources, ns);
    }
    prefix_suffix::apply(resources, k.str("namePrefix"), k.str("nameSuffix"));
    let common = k.string_map("commonLabels");
    if !common.is_empty() {
        labels::apply(
            resources,
            &labels::LabelSet {
                pairs: common,
                include_selectors: true,
                include_templates: false,
                fields: Vec::new(),
            },
        );
    }
    if let Some(list) = k.get("labels").and_then(Value::as_array) {
        for l in list {
            let set = labels::LabelSet {
                pairs: string_pairs(l.get("pairs")),
                include_selectors: l.get("includeSelectors").and_then(Value::as_bool).unwrap_or(false),
                include_templates: l.get("includeTemplates").and_then(Value::as_bool).unwrap_or(false),
                fields: l
                    .get("fields")
                    .and_then(Value::as_array)
                    .map(|a| a.iter().map(FieldSpec::from_value).collect())
                    .unwrap_or_default(),
            };
            labels::apply(resources, &set);
        }
    }
    annotations::apply(resources, &k.string_map("commonAnnotations"));
    if let Some(list) = k.get("patchesJson6902").and_then(Value::as_array) {
        for (i, p) in list.iter().enumerate() {
            patch::apply_patch_entry(k, resources, p, true, ("patchesJson6902", i))
                .map_err(|e| e.at(&k.file, "patchesJson6902", Some(EntryItem::Index(i))))?;
        }
    }
    if let Some(list) = k.get("replicas").and_then(Value::as_array) {
        for r in list {
            let name = r.get("name").map(scalar_string).unwrap_or_default();
            let count = match r.get("count") {
                Some(Value::Number(n)) => n.as_i64().unwrap_or(0),
                Some(Value::String(s)) => s.parse().unwrap_or(0),
                _ => 0,
            };
            replicas::apply(resources, &name, count);
        }
    }
    let image_entries: Vec<&Value> = ["images", "imageTags"]
        .iter()
        .filter_map(|key| k.get(key).and_then(Value::as_array))
        .flatten()
        .collect();
    if !image_entries.is_empty() {
        let rules: Vec<images::ImageRule> = image_entries
            .into_iter()
            .map(|i| {
                let s = |key: &str| i.get(key).map(scalar_string).unwrap_or_default();
                images::ImageRule {
                    name: s("name"),
                    new_name: s("newName"),
                    new_tag: s("newTag"),
                    digest: s("digest"),
                    tag_suffix: s("tagSuffix"),
                }
            })
            .collect();
        images::apply(resources, &rules);
    }
    if let Some(list) = k.get("replacements").and_then(Value::as_array) {
        for entry in list {
            // an entry is a replacement, or `path:` to a file holding a list of them
            let from_file;
            let items: Vec<&Value> = match entry.get("path").and_then(Value::as_str) {
                Some(path) => {
                    let text = k.read_file(path)?;
                    from_file = parse_documents(&text)
                        .map_err(|e| Error::invalid(&k.file, format!("{path}: {e}")))?;
                    from_file
                        .iter()
                        .flat_map(|(_, v)| match v {
                            Value::Array(a) => a.iter().collect::<Vec<_>>(),
                            other => vec![other],
                        })
                        .collect()
                }
                None => vec![entry],
            };
            for r in items {
                replacements::apply(resources, r).map_err(|e| {
                    Error::invalid(&k.file, format!("replacements: {e}")).at(&k.file, "replacements", None)
                })?;
            }
        }
    }
    configured::run(k, resources)
}

//! `replacements:` copies a field of one object (the source) into fields of others (the
//! targets), with kyaml's field paths (`spec.template.spec.containers.[name=web].image`,
//! `*`, list indexes), `delimiter`/`index` options and `create` (api/filters/replacement).
//! A scalar target keeps its type: only the text is replaced, as kyaml does.

use serde_json::{Map, Value};

use crate::source::kustomize::load::scalar_string;
use crate::source::kustomize::patch::selector_matches;
use crate::source::kustomize::resource::Resource;

/// Splits a field path on `.`, keeping `[...]` segments whole (kyaml SmarterPathSplitter).
pub fn split_path(path: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut depth = 0;
    for c in path.chars() {
        match c {
            '[' => {
                depth += 1;
                cur.push(c);
            }
            ']' => {
                depth -= 1;
                cur.push(c);
            }
            '.' if depth == 0 => out.push(std::mem::take(&mut cur)),
            _ => cur.push(c),
        }
    }
    out.push(cur);
    out
}

/// Does the selector (`group`, `version`, `kind`, `name`, `namespace`; empty = any) pick `r`?
fn id_selected(sel: &Value, r: &Resource) -> bool {
    let s = |k: &str| sel.get(k).map(scalar_string).unwrap_or_default();
    let (g, v) = r.group_version();
    let field_ok = |want: String, have: &str| want.is_empty() || want == have;
    let ns = s("namespace");
    field_ok(s("group"), g)
        && field_ok(s("version"), v)
        && field_ok(s("kind"), r.kind())
        && (s("name").is_empty() || r.all_names().any(|n| n == s("name")))
        && (ns.is_empty() || ns == r.namespace() || ns == r.original_namespace)
}

fn id_fields_empty(sel: &Value) -> bool {
    ["group", "version", "kind", "name", "namespace"]
        .iter()
        .all(|k| sel.get(*k).is_none_or(|v| scalar_string(v).is_empty()))
}

fn labels_selected(sel: &Value, r: &Resource) -> bool {
    let ls = sel.get("labelSelector").map(scalar_string).unwrap_or_default();
    let an = sel.get("annotationSelector").map(scalar_string).unwrap_or_default();
    (ls.is_empty() || selector_matches(&ls, r.value.pointer("/metadata/labels")))
        && (an.is_empty() || selector_matches(&an, r.value.pointer("/metadata/annotations")))
}

fn lookup<'a>(v: &'a Value, path: &[String]) -> Option<&'a Value> {
    let Some((first, rest)) = path.split_first() else { return Some(v) };
    let next = match v {
        Value::Object(m) => m.get(first.as_str())?,
        Value::Array(items) => {
            if let Some((k, want)) =
                first.strip_prefix('[').and_then(|x| x.strip_suffix(']')).and_then(|x| x.split_once('='))
            {
                items.iter().find(|i| i.get(k).map(scalar_string).as_deref() == Some(want))?
            } else {
                items.get(first.parse::<usize>().ok()?)?
            }
        }
        _ => return None,
    };
    lookup(next, rest)
}

/// The text of a scalar as YAML holds it (what kyaml copies into a scalar target).
fn scalar_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Null => Some("null".into()),
        _ => None,
    }
}

/// `target` takes `value`; a scalar target keeps its own type.
fn set_value(target: &mut Value, value: &Value, opts: Option<&Value>) -> Result<(), String> {
    let mut value = value.clone();
    let delimiter = opts.and_then(|o| o.get("delimiter")).map(scalar_string).unwrap_or_default();
    if !delimiter.is_empty() {
        let Some(tv) = scalar_text(target) else {
            return Err("delimiter option can only be used with scalar nodes".into());
        };
        let mut parts: Vec<String> = tv.split(delimiter.as_str()).map(str::to_string).collect();
        let v = scalar_text(&value).unwrap_or_default();
        let index = opts.and_then(|o| o.get("index")).and_then(Value::as_i64).unwrap_or(0);
        if index < 0 {
            parts.insert(0, v);
        } else if index as usize >= parts.len() {
            parts.push(v);
        } else {
            parts[index as usize] = v;
        }
        value = Value::String(parts.join(&delimiter));
    }
    let text = scalar_text(&value);
    *target = match (&*target, text) {
        (Value::Number(_), Some(t)) => match super::super::yaml11::v3_plain_value(&t) {
            n @ Value::Number(_) => n,
            _ => Value::String(t),
        },
        (Value::Bool(_), Some(t)) => match t.as_str() {
            "true" | "True" | "TRUE" => Value::Bool(true),
            "false" | "False" | "FALSE" => Value::Bool(false),
            _ => Value::String(t),
        },
        (Value::String(_), Some(t)) => Value::String(t),
        _ => value,
    };
    Ok(())
}

/// Visits every field at `path` in `v`, creating maps on the way when `create`.
fn visit(
    v: &mut Value,
    path: &[String],
    create: bool,
    f: &mut dyn FnMut(&mut Value) -> Result<(), String>,
) -> Result<usize, String> {
    let Some((first, rest)) = path.split_first() else {
        f(v)?;
        return Ok(1);
    };
    match v {
        Value::Object(m) => {
            if !m.contains_key(first.as_str()) {
                if !create {
                    return Ok(0);
                }
                let fresh = if rest.is_empty() { Value::Null } else { Value::Object(Map::new()) };
                m.insert(first.clone(), fresh);
            }
            visit(m.get_mut(first.as_str()).expect("present"), rest, create, f)
        }
        Value::Array(items) => {
            let mut n = 0;
            if first == "*" {
                for it in items.iter_mut() {
                    n += visit(it, rest, create, f)?;
                }
            } else if let Some((k, want)) =
                first.strip_prefix('[').and_then(|x| x.strip_suffix(']')).and_then(|x| x.split_once('='))
            {
                for it in items.iter_mut() {
                    if it.get(k).map(scalar_string).as_deref() == Some(want) {
                        n += visit(it, rest, create, f)?;
                    }
                }
            } else if let Some(it) = first.parse::<usize>().ok().and_then(|i| items.get_mut(i)) {
                n += visit(it, rest, create, f)?;
            }
            Ok(n)
        }
        Value::Null if create => {
            *v = Value::Object(Map::new());
            visit(v, path, create, f)
        }
        _ => Ok(0),
    }
}

/// Applies one `replacements` entry.
pub fn apply(resources: &mut [Resource], replacement: &Value) -> Result<(), String> {
    let (Some(source), Some(targets)) =
        (replacement.get("source"), replacement.get("targets").and_then(Value::as_array))
    else {
        return Err("replacements must specify a source and at least one target".into());
    };
    let matches: Vec<&Resource> = resources.iter().filter(|r| id_selected(source, r)).collect();
    let src = match matches.len() {
        0 => return Err(format!("nothing selected by replacement source {source}")),
        1 => matches[0],
        _ => return Err(format!("multiple matches for replacement source {source}")),
    };
    let field_path = source
        .get("fieldPath")
        .map(scalar_string)
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "metadata.name".into());
    let mut value = lookup(&src.value, &split_path(&field_path))
        .filter(|v| !v.is_null() && v.as_str() != Some(""))
        .cloned()
        .ok_or_else(|| format!("fieldPath `{field_path}` is missing for replacement source"))?;
    if let Some(opts) = source.get("options") {
        let delimiter = opts.get("delimiter").map(scalar_string).unwrap_or_default();
        if !delimiter.is_empty() {
            let text = scalar_text(&value).ok_or("delimiter option can only be used with scalar nodes")?;
            let parts: Vec<&str> = text.split(delimiter.as_str()).collect();
            let index = opts.get("index").and_then(Value::as_i64).unwrap_or(0);
            let part = usize::try_from(index)
                .ok()
                .and_then(|i| parts.get(i))
                .ok_or_else(|| format!("options.index {index} is out of bounds for value {text}"))?;
            value = Value::String((*part).to_string());
        }
    }
    for target in targets {
        let Some(select) = target.get("select") else {
            return Err("target must specify resources to select".into());
        };
        let rejects: Vec<&Value> =
            target.get("reject").and_then(Value::as_array).map(|a| a.iter().collect()).unwrap_or_default();
        let paths: Vec<String> = target
            .get("fieldPaths")
            .and_then(Value::as_array)
            .map(|a| a.iter().map(scalar_string).collect())
            .filter(|v: &Vec<String>| !v.is_empty())
            .unwrap_or_else(|| vec!["metadata.name".into()]);
        let opts = target.get("options");
        let create = opts.and_then(|o| o.get("create")).and_then(Value::as_bool).unwrap_or(false);
        for r in resources.iter_mut() {
            if !id_selected(select, r) || !labels_selected(select, r) {
                continue;
            }
            let rejected = rejects.iter().any(|rej| {
                let by_labels = (rej.get("labelSelector").is_some()
                    || rej.get("annotationSelector").is_some())
                    && labels_selected(rej, r);
                let by_id = !id_fields_empty(rej) && id_selected(rej, r);
                by_labels || by_id
            });
            if rejected {
                continue;
            }
            for fp in &paths {
                let old_name = r.name().to_string();
                let n = visit(&mut r.value, &split_path(fp), create, &mut |t| set_value(t, &value, opts))?;
                if n == 0 {
                    let what = if create { "find or create" } else { "find" };
                    return Err(format!("unable to {what} field \"{fp}\" in replacement target"));
                }
                if r.name() != old_name {
                    r.previous_names.push(old_name);
                }
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use std::path::Path;

    #[test]
    fn paths_split_around_brackets() {
        assert_eq!(
            split_path("spec.containers.[name=a.b].image"),
            ["spec", "containers", "[name=a.b]", "image"]
        );
    }

    #[test]
    fn copies_values_keeping_target_types() {
        let mut rs = vec![
            Resource::new(
                json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "src"}, "data": {"n": "3", "img": "nginx:1.2"}}),
                Path::new("x"),
                0,
            ),
            Resource::new(
                json!({"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "d"}, "spec": {"replicas": 1,
                    "template": {"spec": {"containers": [{"name": "a", "image": "x:0"}, {"name": "b", "image": "y"}]}}}}),
                Path::new("x"),
                0,
            ),
        ];
        apply(
            &mut rs,
            &json!({"source": {"kind": "ConfigMap", "name": "src", "fieldPath": "data.n"},
            "targets": [{"select": {"kind": "Deployment"}, "fieldPaths": ["spec.replicas"]}]}),
        )
        .unwrap();
        assert_eq!(rs[1].value["spec"]["replicas"], json!(3));
        apply(&mut rs, &json!({"source": {"kind": "ConfigMap", "fieldPath": "data.img", "options": {"delimiter": ":", "index": 1}},
            "targets": [{"select": {"kind": "Deployment"}, "fieldPaths": ["spec.template.spec.containers.[name=a].image"],
                "options": {"delimiter": ":", "index": 1}}]})).unwrap();
        assert_eq!(rs[1].value["spec"]["template"]["spec"]["containers"][0]["image"], "x:1.2");
        let err = apply(
            &mut rs,
            &json!({"source": {"kind": "ConfigMap"}, "targets": [{"select": {"kind": "Deployment"}, "fieldPaths": ["spec.nope"]}]}),
        );
        assert!(err.is_err());
    }
}

//! Strategic merge patches as kustomize applies them (kyaml merge2 with "prepend" list
//! growth): maps merge key by key, `null` deletes, lists of objects merge by their Kubernetes
//! patch-merge key (containers by name, volumeMounts by mountPath, ...) with new elements
//! first, other lists (and every list of a custom resource, which kustomize has no schema for) are
//! replaced; `$patch: delete|replace`, `$retainKeys`,
//! `$deleteFromPrimitiveList` and `$setElementOrder` directives.

use serde_json::{Map, Value};

use crate::source::yaml::{ObjPath, Seg};

/// The merge key of a list field of a built-in Kubernetes type, by field name (the
/// patchMergeKey tags of the Kubernetes API types).
fn known_merge_key(field: &str, items: &[&Value]) -> Option<&'static str> {
    Some(match field {
        "containers"
        | "initContainers"
        | "ephemeralContainers"
        | "volumes"
        | "env"
        | "imagePullSecrets"
        | "resourceClaims"
        | "webhooks"
        | "secrets"
        | "schedulingGates" => "name",
        "volumeMounts" => "mountPath",
        "volumeDevices" => "devicePath",
        "hostAliases" => "ip",
        "conditions" => "type",
        "readinessGates" => "conditionType",
        "topologySpreadConstraints" => "topologyKey",
        "ownerReferences" => "uid",
        "ports" => {
            if items.iter().any(|i| i.get("containerPort").is_some()) {
                "containerPort"
            } else {
                "port"
            }
        }
        _ => return None,
    })
}

/// API groups of the built-in kinds, whose lists kyaml merges by their schema: a list with no
/// merge key there is replaced.
pub fn is_builtin_group(group: &str) -> bool {
    matches!(
        group,
        "" | "apps"
            | "batch"
            | "autoscaling"
            | "policy"
            | "networking.k8s.io"
            | "rbac.authorization.k8s.io"
            | "admissionregistration.k8s.io"
            | "apiextensions.k8s.io"
            | "apiregistration.k8s.io"
            | "storage.k8s.io"
            | "scheduling.k8s.io"
            | "coordination.k8s.io"
            | "node.k8s.io"
            | "discovery.k8s.io"
            | "certificates.k8s.io"
            | "flowcontrol.apiserver.k8s.io"
            | "events.k8s.io"
            | "resource.k8s.io"
    )
}

/// The merge key of a list: only lists of built-in kinds have one (kustomize knows no schema
/// for custom resources, so their lists are always replaced).
fn infer_key(field: &str, dest: &[Value], patch: &[Value], builtin: bool) -> Option<&'static str> {
    if !builtin {
        return None;
    }
    let items: Vec<&Value> = dest.iter().chain(patch.iter()).filter(|v| !is_directive_only(v)).collect();
    known_merge_key(field, &items)
}

fn is_directive_only(v: &Value) -> bool {
    v.as_object().is_some_and(|m| m.len() == 1 && m.contains_key("$patch"))
}

/// The paths a strategic merge patch set in the merged object `result`, each with the path of
/// the node that set it inside the patch (list items are matched by their merge key, so
/// `containers[1]` in the object may come from `containers[0]` in the patch). Directives
/// (`$patch`, `$setElementOrder/...`) and the patch's own identity set nothing.
pub fn set_paths(patch: &Value, result: &Value, builtin: bool) -> Vec<(ObjPath, ObjPath)> {
    let mut out = Vec::new();
    walk_set(patch, result, builtin, &ObjPath::root(), &ObjPath::root(), &mut out);
    let key = |s: &Seg, name: &str| matches!(s, Seg::Key(k) if k == name);
    let identity = |p: &ObjPath| match p.0.as_slice() {
        [a] => key(a, "apiVersion") || key(a, "kind"),
        [a, b] => key(a, "metadata") && (key(b, "name") || key(b, "namespace")),
        _ => false,
    };
    out.retain(|(r, _)| !identity(r) && !r.0.is_empty());
    out
}

fn walk_set(
    patch: &Value,
    result: &Value,
    builtin: bool,
    rpath: &ObjPath,
    ppath: &ObjPath,
    out: &mut Vec<(ObjPath, ObjPath)>,
) {
    if let (Value::Object(pm), Value::Object(rm)) = (patch, result) {
        {
            for (k, pv) in pm {
                if k.starts_with('$') {
                    continue;
                }
                let Some(rv) = rm.get(k) else { continue };
                let (rp, pp) = (rpath.key(k), ppath.key(k));
                out.push((rp.clone(), pp.clone()));
                match (pv, rv) {
                    (Value::Array(pa), Value::Array(ra)) => {
                        let Some(key) = infer_key(k, ra, pa, builtin) else { continue };
                        for (j, pi) in pa.iter().enumerate() {
                            let Some(kv) = pi.get(key) else { continue };
                            if let Some(i) = ra.iter().position(|ri| ri.get(key) == Some(kv)) {
                                let (rpi, ppi) = (rp.index(i), pp.index(j));
                                out.push((rpi.clone(), ppi.clone()));
                                walk_set(pi, &ra[i], builtin, &rpi, &ppi, out);
                            }
                        }
                    }
                    _ => walk_set(pv, rv, builtin, &rp, &pp, out),
                }
            }
        }
    }
}

/// Merges `patch` into the object `dest` of a built-in kind (`builtin`) or a custom resource.
/// Returns false when the patch says `$patch: delete` for the whole object.
pub fn merge_object(dest: &mut Map<String, Value>, patch: &Map<String, Value>, builtin: bool) -> bool {
    match patch.get("$patch").and_then(Value::as_str) {
        Some("delete") => return false,
        Some("replace") => {
            *dest = patch
                .iter()
                .filter(|(k, _)| k.as_str() != "$patch")
                .map(|(k, v)| (k.clone(), strip(v)))
                .collect();
            return true;
        }
        _ => {}
    }
    if let Some(Value::Array(keep)) = patch.get("$retainKeys") {
        let keep: Vec<&str> = keep.iter().filter_map(Value::as_str).collect();
        dest.retain(|k, _| keep.contains(&k.as_str()));
    }
    for (key, pv) in patch {
        if key == "$patch" || key == "$retainKeys" || key.starts_with("$setElementOrder/") {
            continue;
        }
        if let Some(field) = key.strip_prefix("$deleteFromPrimitiveList/") {
            if let (Some(Value::Array(list)), Value::Array(del)) = (dest.get_mut(field), pv) {
                list.retain(|v| !del.contains(v));
            }
            continue;
        }
        if pv.is_null() {
            dest.remove(key);
            continue;
        }
        match (dest.get_mut(key), pv) {
            (Some(Value::Object(dm)), Value::Object(pm)) => {
                if !merge_object(dm, pm, builtin) {
                    dest.remove(key);
                }
            }
            (Some(Value::Array(dl)), Value::Array(pl)) => {
                let merged = merge_list(key, dl, pl, builtin);
                dest.insert(key.clone(), Value::Array(merged));
            }
            _ => {
                if let Value::Object(pm) = pv
                    && pm.get("$patch").and_then(Value::as_str) == Some("delete")
                {
                    dest.remove(key);
                    continue;
                }
                dest.insert(key.clone(), strip(pv));
            }
        }
    }
    true
}

/// A patch value with its directives removed (for values that are set, not merged).
fn strip(v: &Value) -> Value {
    match v {
        Value::Object(m) => {
            let mut out = Map::new();
            for (k, x) in m {
                if k.starts_with('$') {
                    continue;
                }
                if x.is_null() {
                    continue;
                }
                out.insert(k.clone(), strip(x));
            }
            Value::Object(out)
        }
        Value::Array(a) => Value::Array(
            a.iter()
                .filter(|x| {
                    !is_directive_only(x) && x.get("$patch").and_then(Value::as_str) != Some("delete")
                })
                .map(strip)
                .collect(),
        ),
        other => other.clone(),
    }
}

/// Lists of scalars Kubernetes merges as sets (patchStrategy merge): patch values first.
fn merged_primitive_list(field: &str) -> bool {
    matches!(field, "finalizers")
}

fn merge_list(field: &str, dest: &[Value], patch: &[Value], builtin: bool) -> Vec<Value> {
    if patch
        .iter()
        .any(|p| is_directive_only(p) && p.get("$patch").and_then(Value::as_str) == Some("replace"))
    {
        return patch.iter().filter(|p| !is_directive_only(p)).map(strip).collect();
    }
    if merged_primitive_list(field) && patch.iter().chain(dest).all(|v| !v.is_object() && !v.is_array()) {
        let mut out: Vec<Value> = Vec::new();
        for v in patch.iter().chain(dest) {
            if !out.contains(v) {
                out.push(v.clone());
            }
        }
        return out;
    }
    let Some(key) = infer_key(field, dest, patch, builtin) else {
        return patch.iter().map(strip).collect();
    };
    // ports are keyed by (port, protocol): a missing protocol matches any
    let secondary: Option<&str> = matches!(key, "containerPort" | "port").then_some("protocol");
    let key_of = |v: &Value| v.get(key).map(|k| k.to_string());
    let same = |d: &Value, p: &Value| {
        key_of(d).is_some()
            && key_of(d) == key_of(p)
            && secondary.is_none_or(|s| match (d.get(s), p.get(s)) {
                (Some(a), Some(b)) => a == b,
                _ => true,
            })
    };
    // patch elements first (in patch order), then the destination elements not in the patch
    let mut out: Vec<Value> = Vec::new();
    let mut used = vec![false; dest.len()];
    for p in patch {
        if key_of(p).is_none() {
            out.push(strip(p));
            continue;
        }
        let deleting = p.get("$patch").and_then(Value::as_str) == Some("delete");
        let found = dest.iter().enumerate().find(|(i, d)| !used[*i] && same(d, p));
        match found {
            Some((i, d)) => {
                used[i] = true;
                if deleting {
                    continue;
                }
                let mut merged = d.clone();
                if let (Value::Object(dm), Value::Object(pm)) = (&mut merged, p) {
                    if !merge_object(dm, pm, builtin) {
                        continue;
                    }
                } else {
                    merged = strip(p);
                }
                out.push(merged);
            }
            None => {
                if !deleting {
                    out.push(strip(p));
                }
            }
        }
    }
    for (i, d) in dest.iter().enumerate() {
        if !used[i] {
            out.push(d.clone());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn merged(dest: Value, patch: Value) -> Value {
        let mut d = dest.as_object().unwrap().clone();
        assert!(merge_object(&mut d, patch.as_object().unwrap(), true));
        Value::Object(d)
    }

    #[test]
    fn containers_merge_by_name_new_ones_first() {
        let d = json!({"containers": [{"name": "a", "image": "a:1", "env": [{"name": "X", "value": "1"}]}]});
        let p = json!({"containers": [{"name": "a", "image": "a:2", "env": [{"name": "Y", "value": "2"}]}, {"name": "b", "image": "b"}]});
        assert_eq!(
            merged(d, p),
            json!({"containers": [{"name": "a", "image": "a:2", "env": [{"name": "Y", "value": "2"}, {"name": "X", "value": "1"}]}, {"name": "b", "image": "b"}]})
        );
    }

    #[test]
    fn null_deletes_and_directives() {
        let d = json!({"a": 1, "b": {"c": 2}, "vols": [1], "volumes": [{"name": "x"}, {"name": "y"}], "m": {"k": 1, "j": 2}});
        let p = json!({"a": null, "b": {"$patch": "replace", "d": 3}, "volumes": [{"name": "x", "$patch": "delete"}], "m": {"$patch": "delete"}});
        assert_eq!(merged(d, p), json!({"b": {"d": 3}, "vols": [1], "volumes": [{"name": "y"}]}));
    }

    #[test]
    fn lists_without_merge_key_are_replaced() {
        let d = json!({"args": ["a", "b"], "tolerations": [{"key": "k"}]});
        let p = json!({"args": ["c"], "tolerations": [{"key": "j"}]});
        assert_eq!(merged(d, p), json!({"args": ["c"], "tolerations": [{"key": "j"}]}));
    }

    #[test]
    fn custom_resource_lists_and_unkeyed_built_in_lists_are_replaced() {
        let d = json!({"containers": [{"name": "a"}], "sysctls": [{"name": "x", "value": "1"}]});
        let p = json!({"containers": [{"name": "b"}], "sysctls": [{"name": "y", "value": "2"}]});
        let mut custom = d.as_object().unwrap().clone();
        assert!(merge_object(&mut custom, p.as_object().unwrap(), false));
        assert_eq!(custom["containers"], json!([{"name": "b"}]));
        let builtin = merged(d, p);
        assert_eq!(builtin["sysctls"], json!([{"name": "y", "value": "2"}]));
        assert_eq!(builtin["containers"], json!([{"name": "b"}, {"name": "a"}]));
    }

    #[test]
    fn whole_object_delete() {
        let mut d = json!({"a": 1}).as_object().unwrap().clone();
        assert!(!merge_object(&mut d, json!({"$patch": "delete"}).as_object().unwrap(), true));
    }
}

//! Legacy `vars:`: a value read from an object's field (by default its name, after every
//! transformation) replaces `$(NAME)` in the fields kustomize's varReference configuration
//! lists (container args, command, env values, Ingress hosts, labels, annotations, ...).

use serde_json::Value;

use super::fieldspec::{FieldSpec, fs, visit_path};
use super::load::scalar_string;
use super::resource::Resource;
use super::transform::replacements::split_path;

fn reference_specs() -> Vec<FieldSpec> {
    let mut v = Vec::new();
    let pod = |kind: &'static str, base: &'static str, v: &mut Vec<FieldSpec>| {
        for c in ["containers", "initContainers"] {
            for f in ["args", "command", "env/value", "volumeMounts/mountPath"] {
                let path: &'static str = Box::leak(format!("{base}{c}/{f}").into_boxed_str());
                v.push(fs("", "", kind, path, false));
            }
        }
    };
    pod("CronJob", "spec/jobTemplate/spec/template/spec/", &mut v);
    for kind in ["DaemonSet", "Deployment", "Job", "ReplicaSet", "StatefulSet"] {
        pod(kind, "spec/template/spec/", &mut v);
    }
    pod("Pod", "spec/", &mut v);
    v.extend([
        fs("", "", "CronJob", "spec/jobTemplate/spec/template/volumes/nfs/server", false),
        fs("", "", "DaemonSet", "spec/template/spec/volumes/nfs/server", false),
        fs("", "", "Deployment", "spec/template/spec/volumes/nfs/server", false),
        fs("", "", "Deployment", "spec/template/metadata/annotations", false),
        fs("", "", "Job", "spec/template/spec/volumes/nfs/server", false),
        fs("", "", "Pod", "spec/volumes/nfs/server", false),
        fs("", "", "ReplicaSet", "spec/template/spec/volumes/nfs/server", false),
        fs("", "", "StatefulSet", "spec/volumeClaimTemplates/spec/nfs/server", false),
        fs("", "", "PersistentVolume", "spec/nfs/server", false),
        fs("", "", "Ingress", "spec/rules/host", false),
        fs("", "", "Ingress", "spec/tls/hosts", false),
        fs("", "", "Ingress", "spec/tls/secretName", false),
        fs("", "", "Service", "spec/ports/port", false),
        fs("", "", "Service", "spec/ports/targetPort", false),
        fs("", "", "", "metadata/labels", false),
        fs("", "", "", "metadata/annotations", false),
    ]);
    v
}

/// `spec.ports[0].port` → `spec`, `ports`, `[0]`, `port`.
fn path_segments(path: &str) -> Vec<String> {
    let mut out = Vec::new();
    for seg in split_path(path) {
        match seg.find('[') {
            Some(i) if i > 0 => {
                out.push(seg[..i].to_string());
                out.push(seg[i..].to_string());
            }
            _ => out.push(seg),
        }
    }
    out
}

fn lookup<'a>(v: &'a Value, path: &[String]) -> Option<&'a Value> {
    let Some((first, rest)) = path.split_first() else { return Some(v) };
    let next = match v {
        Value::Object(m) => m.get(first.as_str())?,
        Value::Array(items) => {
            let inner = first.strip_prefix('[').and_then(|x| x.strip_suffix(']')).unwrap_or(first);
            match inner.split_once('=') {
                Some((k, want)) => {
                    items.iter().find(|i| i.get(k).map(scalar_string).as_deref() == Some(want))?
                }
                None => items.get(inner.parse::<usize>().ok()?)?,
            }
        }
        _ => return None,
    };
    lookup(next, rest)
}

/// `$(NAME)` expansion of one string; `$$` escapes a dollar. A string that is exactly one
/// reference takes the value with its type.
fn expand(s: &str, values: &[(String, Value)]) -> Option<Value> {
    if !s.contains("$(") {
        return None;
    }
    for (name, v) in values {
        if s == format!("$({name})") {
            return Some(v.clone());
        }
    }
    let mut out = String::new();
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'$' && i + 1 < b.len() && b[i + 1] == b'$' {
            out.push('$');
            i += 2;
            continue;
        }
        if b[i] == b'$'
            && i + 1 < b.len()
            && b[i + 1] == b'('
            && let Some(close) = s[i + 2..].find(')')
        {
            let name = &s[i + 2..i + 2 + close];
            if let Some((_, v)) = values.iter().find(|(n, _)| n == name) {
                out.push_str(&scalar_string(v));
                i += close + 3;
                continue;
            }
        }
        let ch = s[i..].chars().next().unwrap_or(' ');
        out.push(ch);
        i += ch.len_utf8();
    }
    Some(Value::String(out))
}

fn expand_in(v: &mut Value, values: &[(String, Value)]) {
    match v {
        Value::String(s) => {
            if let Some(new) = expand(s, values) {
                *v = new;
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|i| expand_in(i, values)),
        Value::Object(m) => m.values_mut().for_each(|i| expand_in(i, values)),
        _ => {}
    }
}

/// Resolves `vars` (gathered from every kustomization of the build) in `resources`.
pub fn resolve(resources: &mut [Resource], vars: &[Value]) -> Result<(), String> {
    if vars.is_empty() {
        return Ok(());
    }
    let mut values: Vec<(String, Value)> = Vec::new();
    for var in vars {
        let name = var.get("name").map(scalar_string).unwrap_or_default();
        if values.iter().any(|(n, _)| *n == name) {
            return Err(format!("var '{name}' already encountered"));
        }
        let objref = var.get("objref").cloned().unwrap_or(Value::Null);
        let s = |k: &str| objref.get(k).map(scalar_string).unwrap_or_default();
        let (kind, obj_name, ns, api) = (s("kind"), s("name"), s("namespace"), s("apiVersion"));
        let matches: Vec<&Resource> = resources
            .iter()
            .filter(|r| {
                r.kind() == kind
                    && r.all_names().any(|n| n == obj_name)
                    && (ns.is_empty() || ns == r.namespace() || ns == r.original_namespace)
                    && (api.is_empty() || api == r.api_version())
            })
            .collect();
        let target = match matches.len() {
            1 => matches[0],
            0 => {
                return Err(format!(
                    "var '{name}' cannot be mapped to a field in the set of known resources"
                ));
            }
            _ => return Err(format!("var '{name}' matches more than one object")),
        };
        let field = var.pointer("/fieldref/fieldPath").map(scalar_string).filter(|f| !f.is_empty());
        let field = field.unwrap_or_else(|| "metadata.name".into());
        let value = lookup(&target.value, &path_segments(&field))
            .cloned()
            .ok_or_else(|| format!("var '{name}': field '{field}' not found in {kind} {obj_name}"))?;
        values.push((name, value));
    }
    let specs = reference_specs();
    for r in resources.iter_mut() {
        for spec in &specs {
            if !spec.applies_to(r) {
                continue;
            }
            visit_path(&mut r.value, &spec.path, false, &mut |parent, key| {
                if let Some(v) = parent.get_mut(key) {
                    expand_in(v, &values);
                }
            });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn expansion() {
        let vals = vec![("SVC".to_string(), json!("web")), ("PORT".to_string(), json!(80))];
        assert_eq!(expand("http://$(SVC):$(PORT)/", &vals), Some(json!("http://web:80/")));
        assert_eq!(expand("$(PORT)", &vals), Some(json!(80)));
        assert_eq!(expand("$$(SVC) $(NOPE)", &vals), Some(json!("$(SVC) $(NOPE)")));
        assert_eq!(expand("plain", &vals), None);
    }
}

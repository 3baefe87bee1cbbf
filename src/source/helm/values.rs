//! Helm values: YAML read as sigs.k8s.io/yaml reads it (through JSON, so every number is a
//! float64 and keys are strings), and Helm's coalescing of chart defaults, user values,
//! subchart scopes and `global` (pkg/chart/common/util/coalesce.go).

use std::collections::BTreeMap;

use crate::source::helm::template::value::{MapRef, Value, format_float_g};
use crate::source::yaml::{self, Node, Resolved};

/// One YAML document as a value (`Nil` when empty). Only the first document counts, as in
/// sigs.k8s.io/yaml.
pub fn parse_yaml_value(text: &str) -> Result<Value, String> {
    let stream = yaml::load_stream(text, yaml::Limits::default());
    if let Some(p) = stream
        .problems
        .iter()
        .find(|p| !matches!(p.kind, yaml::ProblemKind::DuplicateKey { .. }))
    {
        return Err(format!(
            "error converting YAML to JSON: yaml: line {}: {}",
            p.span.start.line, p.message
        ));
    }
    Ok(stream
        .docs
        .first()
        .and_then(|d| d.root.as_ref())
        .map(node_to_value)
        .unwrap_or(Value::Nil))
}

/// A values file as a map (an empty or null file is an empty map).
pub fn parse_values(text: &str) -> Result<Value, String> {
    match parse_yaml_value(text)? {
        Value::Nil => Ok(Value::empty_map()),
        v @ Value::Map(_) => Ok(v),
        _ => Err("error unmarshaling JSON: json: cannot unmarshal into Go value of type map[string]interface {}".into()),
    }
}

pub fn node_to_value(n: &Node) -> Value {
    match &n.value {
        yaml::Value::Scalar(s) => match &s.resolved {
            Resolved::Null => Value::Nil,
            Resolved::Bool(b) => Value::Bool(*b),
            Resolved::Int(i) => Value::Float(*i as f64),
            Resolved::Float(f) => Value::Float(*f),
            Resolved::Str => Value::str(&s.text),
        },
        yaml::Value::Seq(items) => Value::list(items.iter().map(node_to_value).collect()),
        yaml::Value::Map(entries) => {
            let mut m = BTreeMap::new();
            for e in entries {
                let key = key_text(&e.key);
                if e.merged && m.contains_key(&key) {
                    continue;
                }
                m.insert(key, node_to_value(&e.value));
            }
            Value::map(m)
        }
    }
}

fn key_text(n: &Node) -> String {
    match &n.value {
        yaml::Value::Scalar(s) => match &s.resolved {
            Resolved::Bool(b) => b.to_string(),
            Resolved::Int(i) => i.to_string(),
            Resolved::Float(f) => format_float_g(*f),
            Resolved::Null => "null".to_string(),
            Resolved::Str => s.text.to_string(),
        },
        _ => format!("{:?}", crate::source::yaml::to_json(n)),
    }
}

/// Helm's `MergeValues` of several `-f` files: later files win, maps merge deeply.
pub fn merge_user_values(dst: &MapRef, src: &MapRef) {
    let entries: Vec<(String, Value)> = src
        .borrow()
        .iter()
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    for (k, v) in entries {
        let existing = dst.borrow().get(&k).cloned();
        match (existing, &v) {
            (Some(Value::Map(d)), Value::Map(s)) => merge_user_values(&d, s),
            _ => {
                dst.borrow_mut().insert(k, v);
            }
        }
    }
}

/// `coalesceValues`: chart defaults fill what `v` lacks; `v` wins (Helm 4 rules: nulls in
/// the chart's defaults are dropped unless merging).
pub fn coalesce_values(v: &MapRef, chart_values: &MapRef, merge: bool, subcharts: &[String]) {
    let defaults = chart_values.borrow().clone();
    for (key, val) in defaults {
        let val = val.deep_copy();
        let existing = v.borrow().get(&key).cloned();
        match existing {
            Some(Value::Nil) if !merge => {
                v.borrow_mut().remove(&key);
            }
            Some(Value::Map(dest)) => {
                if let Value::Map(src) = &val {
                    let m = merge || subcharts.contains(&key);
                    if !m {
                        clean_nil_values(src);
                    }
                    coalesce_tables(&dest, src, m);
                }
            }
            Some(_) => {}
            None => {
                if !merge {
                    if val.is_nil() {
                        continue;
                    }
                    if let Value::Map(sub) = &val {
                        clean_nil_values(sub);
                    }
                }
                v.borrow_mut().insert(key, val);
            }
        }
    }
}

fn clean_nil_values(m: &MapRef) {
    let keys: Vec<String> = m.borrow().keys().cloned().collect();
    for k in keys {
        let v = m.borrow().get(&k).cloned();
        match v {
            Some(Value::Nil) => {
                m.borrow_mut().remove(&k);
            }
            Some(Value::Map(sub)) => clean_nil_values(&sub),
            _ => {}
        }
    }
}

/// `coalesceTablesFullKey`: `dst` is authoritative, `src` fills in.
pub fn coalesce_tables(dst: &MapRef, src: &MapRef, merge: bool) {
    if std::rc::Rc::ptr_eq(dst, src) {
        return;
    }
    let src_non_nil: Vec<String> = src
        .borrow()
        .iter()
        .filter(|(_, v)| !v.is_nil())
        .map(|(k, _)| k.clone())
        .collect();
    let dst_nils: Vec<String> = dst
        .borrow()
        .iter()
        .filter(|(_, v)| v.is_nil())
        .map(|(k, _)| k.clone())
        .collect();
    for k in dst_nils {
        src.borrow_mut().insert(k, Value::Nil);
    }
    let src_entries: Vec<(String, Value)> = src
        .borrow()
        .iter()
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    for (key, val) in src_entries {
        let dv = dst.borrow().get(&key).cloned();
        match dv {
            Some(Value::Nil) if !merge && src_non_nil.contains(&key) => {
                dst.borrow_mut().remove(&key);
            }
            None => {
                dst.borrow_mut().insert(key, val);
            }
            Some(Value::Map(dm)) => {
                if let Value::Map(sm) = &val {
                    coalesce_tables(&dm, sm, merge);
                }
            }
            Some(_) => {}
        }
    }
}

/// `coalesceGlobals`: the parent's `global` is merged into the subchart's `global`.
pub fn coalesce_globals(dest: &MapRef, src: &MapRef) {
    let dg = match dest.borrow().get("global").cloned() {
        None => Value::empty_map(),
        Some(v @ Value::Map(_)) => v,
        Some(_) => return,
    };
    let sg = match src.borrow().get("global").cloned() {
        None => Value::empty_map(),
        Some(v @ Value::Map(_)) => v,
        Some(_) => return,
    };
    let (Value::Map(dgm), Value::Map(sgm)) = (&dg, &sg) else {
        return;
    };
    let entries: Vec<(String, Value)> = sgm
        .borrow()
        .iter()
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    for (key, val) in entries {
        if let Value::Map(vm) = &val {
            let vv = Value::map(vm.borrow().clone());
            let existing = dgm.borrow().get(&key).cloned();
            match existing {
                None => {
                    dgm.borrow_mut().insert(key, vv);
                }
                Some(Value::Map(destv)) => {
                    if let Value::Map(vvm) = &vv {
                        coalesce_tables(vvm, &destv, true);
                    }
                    dgm.borrow_mut().insert(key, vv);
                }
                Some(_) => {}
            }
        } else if matches!(dgm.borrow().get(&key), Some(Value::Map(_))) {
            // A table is never replaced by a scalar.
        } else {
            dgm.borrow_mut().insert(key, val);
        }
    }
    dest.borrow_mut().insert("global".to_string(), dg.clone());
}

/// Reads a dotted path (`a.b.c`) in a values map.
pub fn path_value(v: &Value, path: &str) -> Option<Value> {
    let mut cur = v.clone();
    for seg in path.split('.') {
        cur = match &cur {
            Value::Map(m) => m.borrow().get(seg).cloned()?,
            _ => return None,
        };
    }
    Some(cur)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(v: &Value) -> MapRef {
        match v {
            Value::Map(m) => m.clone(),
            _ => panic!("not a map"),
        }
    }

    #[test]
    fn numbers_are_float64_and_keys_strings() {
        let v = parse_values("a: 1000000\nb: yes\n1: x\nc: [1, two]\n").unwrap();
        assert_eq!(v.to_go_string(), "map[1:x a:1e+06 b:true c:[1 two]]");
    }

    #[test]
    fn user_values_win_and_null_deletes() {
        let defaults = parse_values("a: 1\nb: {x: 1, y: 2}\nc: 3\n").unwrap();
        let user = parse_values("b: {x: 9, y: null}\nc: null\n").unwrap();
        coalesce_values(&map(&user), &map(&defaults), false, &[]);
        assert_eq!(user.to_go_string(), "map[a:1 b:map[x:9]]");
    }

    #[test]
    fn globals_flow_into_subcharts() {
        let parent =
            parse_values("global: {a: 1, t: {x: 1}}\nsub: {global: {t: {z: 2}}}\n").unwrap();
        let sub = parent.get("sub").unwrap();
        coalesce_globals(&map(&sub), &map(&parent));
        assert_eq!(sub.to_go_string(), "map[global:map[a:1 t:map[x:1 z:2]]]");
    }
}

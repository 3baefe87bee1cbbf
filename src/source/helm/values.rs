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
    if let Some(p) =
        stream.problems.iter().find(|p| !matches!(p.kind, yaml::ProblemKind::DuplicateKey { .. }))
    {
        return Err(format!(
            "error converting YAML to JSON: yaml: line {}: {}",
            p.span.start.line, p.message
        ));
    }
    Ok(stream.docs.first().and_then(|d| d.root.as_ref()).map(node_to_value).unwrap_or(Value::Nil))
}

/// A values file as a map (an empty or null file is an empty map).
pub fn parse_values(text: &str) -> Result<Value, String> {
    match parse_yaml_value(text)? {
        Value::Nil => Ok(Value::empty_map()),
        v @ Value::Map(_) => Ok(v),
        _ => Err(
            "error unmarshaling JSON: json: cannot unmarshal into Go value of type map[string]interface {}"
                .into(),
        ),
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
    let entries: Vec<(String, Value)> = src.borrow().iter().map(|(k, v)| (k.clone(), v.clone())).collect();
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
    let src_non_nil: Vec<String> =
        src.borrow().iter().filter(|(_, v)| !v.is_nil()).map(|(k, _)| k.clone()).collect();
    let dst_nils: Vec<String> =
        dst.borrow().iter().filter(|(_, v)| v.is_nil()).map(|(k, _)| k.clone()).collect();
    for k in dst_nils {
        src.borrow_mut().insert(k, Value::Nil);
    }
    let src_entries: Vec<(String, Value)> =
        src.borrow().iter().map(|(k, v)| (k.clone(), v.clone())).collect();
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
    let entries: Vec<(String, Value)> = sgm.borrow().iter().map(|(k, v)| (k.clone(), v.clone())).collect();
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

/// Helm's `Values.Table`: the map at a dotted path (`a.b.c`), None when a step is missing
/// or not a map.
pub fn table(v: &MapRef, path: &str) -> Option<MapRef> {
    let mut cur = v.clone();
    for seg in path.split('.') {
        let next = match cur.borrow().get(seg) {
            Some(Value::Map(m)) => m.clone(),
            _ => return None,
        };
        cur = next;
    }
    Some(cur)
}

/// Helm's `pathToMap`: `data` nested under a dotted path (`.` is the top level itself).
pub fn path_to_map(path: &str, data: MapRef) -> MapRef {
    if path == "." {
        return data;
    }
    let mut cur = data;
    for seg in path.split('.').rev() {
        let mut m = BTreeMap::new();
        m.insert(seg.to_string(), Value::Map(cur));
        cur = std::rc::Rc::new(std::cell::RefCell::new(m));
    }
    cur
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
        let parent = parse_values("global: {a: 1, t: {x: 1}}\nsub: {global: {t: {z: 2}}}\n").unwrap();
        let sub = parent.get("sub").unwrap();
        coalesce_globals(&map(&sub), &map(&parent));
        assert_eq!(sub.to_go_string(), "map[global:map[a:1 t:map[x:1 z:2]]]");
    }
}

/// One `--set` (or, with `as_strings`, `--set-string`) expression applied to `dest`, as
/// Helm's strvals parser reads it: `a.b=1,list={x,y},arr[1].k=v`, `\` escapes; values are
/// typed (`true`/`false`, `null`, int64 without a leading zero) unless `as_strings`.
pub fn apply_set(dest: &MapRef, expr: &str, as_strings: bool) -> Result<(), String> {
    let chars: Vec<char> = expr.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        set_in_map(dest, &chars, &mut i, as_strings, expr)?;
        // After a value the parser stands on ',' or at the end.
        if i < chars.len() && chars[i] == ',' {
            i += 1;
        }
    }
    Ok(())
}

/// Reads a key up to one of `stops`, honouring `\` escapes.
fn read_until(chars: &[char], i: &mut usize, stops: &[char]) -> (String, Option<char>) {
    let mut s = String::new();
    while *i < chars.len() {
        let c = chars[*i];
        if c == '\\' && *i + 1 < chars.len() {
            s.push(chars[*i + 1]);
            *i += 2;
            continue;
        }
        if stops.contains(&c) {
            *i += 1;
            return (s, Some(c));
        }
        s.push(c);
        *i += 1;
    }
    (s, None)
}

fn typed(v: &str, as_strings: bool) -> Value {
    if as_strings {
        return Value::str(v);
    }
    if v.eq_ignore_ascii_case("true") {
        return Value::Bool(true);
    }
    if v.eq_ignore_ascii_case("false") {
        return Value::Bool(false);
    }
    if v.eq_ignore_ascii_case("null") {
        return Value::Nil;
    }
    if v == "0" {
        return Value::Int64(0);
    }
    if !v.is_empty()
        && !v.starts_with('0')
        && let Ok(n) = v.parse::<i64>()
    {
        return Value::Int64(n);
    }
    Value::str(v)
}

/// The value after `=`: a `{a,b}` list or a scalar up to `,`.
fn read_value(chars: &[char], i: &mut usize, as_strings: bool) -> Result<Value, String> {
    if *i < chars.len() && chars[*i] == '{' {
        *i += 1;
        let mut items = Vec::new();
        loop {
            let (v, stop) = read_until(chars, i, &[',', '}']);
            items.push(typed(&v, as_strings));
            match stop {
                Some('}') => break,
                Some(_) => {}
                None => return Err("list must terminate with '}'".into()),
            }
        }
        return Ok(Value::list(items));
    }
    let (v, stop) = read_until(chars, i, &[',']);
    if stop == Some(',') {
        *i -= 1;
    }
    Ok(typed(&v, as_strings))
}

fn set_in_map(
    dest: &MapRef,
    chars: &[char],
    i: &mut usize,
    as_strings: bool,
    expr: &str,
) -> Result<(), String> {
    let (key, stop) = read_until(chars, i, &['=', '[', '.', ',']);
    if key.is_empty() {
        return Err(format!("key {expr:?} has no value"));
    }
    match stop {
        Some('=') => {
            let v = read_value(chars, i, as_strings)?;
            dest.borrow_mut().insert(key, v);
            Ok(())
        }
        Some('.') => {
            let existing = dest.borrow().get(&key).cloned();
            let inner = match existing {
                Some(Value::Map(m)) => m,
                _ => {
                    let m = new_map();
                    dest.borrow_mut().insert(key, Value::Map(m.clone()));
                    m
                }
            };
            set_in_map(&inner, chars, i, as_strings, expr)
        }
        Some('[') => {
            let existing = dest.borrow().get(&key).cloned();
            let list = match existing {
                Some(Value::List(l)) => l.as_ref().clone(),
                _ => Vec::new(),
            };
            let list = set_in_list(list, chars, i, as_strings, expr)?;
            dest.borrow_mut().insert(key, Value::list(list));
            Ok(())
        }
        _ => Err(format!("key {key:?} has no value")),
    }
}

fn new_map() -> MapRef {
    std::rc::Rc::new(std::cell::RefCell::new(BTreeMap::new()))
}

fn set_in_list(
    mut list: Vec<Value>,
    chars: &[char],
    i: &mut usize,
    as_strings: bool,
    expr: &str,
) -> Result<Vec<Value>, String> {
    let (idx, stop) = read_until(chars, i, &[']']);
    if stop != Some(']') {
        return Err(format!("key {expr:?} has no closing bracket"));
    }
    let idx: usize = idx.trim().parse().map_err(|_| format!("failed to parse index {idx:?}"))?;
    if idx > 65536 {
        return Err(format!("index of {idx} is greater than maximum supported index of 65536"));
    }
    if list.len() <= idx {
        list.resize(idx + 1, Value::Nil);
    }
    match chars.get(*i) {
        Some('=') => {
            *i += 1;
            list[idx] = read_value(chars, i, as_strings)?;
        }
        Some('.') => {
            *i += 1;
            let m = match &list[idx] {
                Value::Map(m) => m.clone(),
                _ => new_map(),
            };
            set_in_map(&m, chars, i, as_strings, expr)?;
            list[idx] = Value::Map(m);
        }
        Some('[') => {
            *i += 1;
            let inner = match &list[idx] {
                Value::List(l) => l.as_ref().clone(),
                _ => Vec::new(),
            };
            list[idx] = Value::list(set_in_list(inner, chars, i, as_strings, expr)?);
        }
        _ => return Err(format!("key {expr:?} has no value")),
    }
    Ok(list)
}

#[cfg(test)]
mod set_tests {
    use super::*;

    fn set(exprs: &[&str], strings: bool) -> Result<String, String> {
        let m = new_map();
        for e in exprs {
            apply_set(&m, e, strings)?;
        }
        Ok(Value::Map(m).to_go_string())
    }

    #[test]
    fn set_expressions_like_helm_strvals() {
        assert_eq!(set(&["name=value"], false).unwrap(), "map[name:value]");
        assert_eq!(
            set(&["a.b=1,c=true,d=null,e=0,f=01,g=1.5,h="], false).unwrap(),
            "map[a:map[b:1] c:true d:<nil> e:0 f:01 g:1.5 h:]"
        );
        assert_eq!(set(&["list={a,b,1}"], false).unwrap(), "map[list:[a b 1]]");
        assert_eq!(set(&["a[1]=x"], false).unwrap(), "map[a:[<nil> x]]");
        assert_eq!(set(&["a[0].b=c", "a[0].d=e"], false).unwrap(), "map[a:[map[b:c d:e]]]");
        assert_eq!(set(&["a\\.b=c", "x=b\\,c"], false).unwrap(), "map[a.b:c x:b,c]");
        assert_eq!(set(&["a.b=1", "a.c=2"], true).unwrap(), "map[a:map[b:1 c:2]]");
        assert_eq!(set(&["noval"], false).unwrap_err(), "key \"noval\" has no value");
        // Values from --set are int64, not float64 like values files.
        let m = new_map();
        apply_set(&m, "n=1000000", false).unwrap();
        assert_eq!(Value::Map(m).to_go_string(), "map[n:1000000]");
    }
}

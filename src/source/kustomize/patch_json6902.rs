//! RFC 6902 JSON patches (`patchesJson6902`, or `patches` whose content is an operation
//! list), with the error cases of evanphx/json-patch that kustomize uses.

use serde_json::Value;

fn unescape(token: &str) -> String {
    token.replace("~1", "/").replace("~0", "~")
}

fn tokens(path: &str) -> Result<Vec<String>, String> {
    if path.is_empty() {
        return Ok(Vec::new());
    }
    let Some(rest) = path.strip_prefix('/') else { return Err(format!("invalid JSON pointer '{path}'")) };
    Ok(rest.split('/').map(unescape).collect())
}

fn parent_mut<'a>(doc: &'a mut Value, toks: &[String], path: &str) -> Result<&'a mut Value, String> {
    let mut cur = doc;
    for t in toks {
        cur = match cur {
            Value::Object(m) => m.get_mut(t).ok_or_else(|| format!("path '{path}': missing key '{t}'"))?,
            Value::Array(a) => {
                let i: usize = t.parse().map_err(|_| format!("path '{path}': '{t}' is not an index"))?;
                a.get_mut(i).ok_or_else(|| format!("path '{path}': index {i} out of range"))?
            }
            _ => return Err(format!("path '{path}': cannot descend into a scalar")),
        };
    }
    Ok(cur)
}

fn get<'a>(doc: &'a Value, path: &str) -> Result<&'a Value, String> {
    let toks = tokens(path)?;
    let mut cur = doc;
    for t in &toks {
        cur = match cur {
            Value::Object(m) => m.get(t).ok_or_else(|| format!("path '{path}' does not exist"))?,
            Value::Array(a) => t
                .parse::<usize>()
                .ok()
                .and_then(|i| a.get(i))
                .ok_or_else(|| format!("path '{path}' does not exist"))?,
            _ => return Err(format!("path '{path}' does not exist")),
        };
    }
    Ok(cur)
}

fn add(doc: &mut Value, path: &str, value: Value) -> Result<(), String> {
    let toks = tokens(path)?;
    let Some((last, parents)) = toks.split_last() else {
        *doc = value;
        return Ok(());
    };
    match parent_mut(doc, parents, path)? {
        Value::Object(m) => {
            m.insert(last.clone(), value);
        }
        Value::Array(a) => {
            if last == "-" {
                a.push(value);
            } else {
                let i: usize = last.parse().map_err(|_| format!("add: '{last}' is not an index"))?;
                if i > a.len() {
                    return Err(format!("add operation does not apply: index {i} out of range at '{path}'"));
                }
                a.insert(i, value);
            }
        }
        _ => return Err(format!("add operation does not apply: '{path}' has a scalar parent")),
    }
    Ok(())
}

fn remove(doc: &mut Value, path: &str) -> Result<Value, String> {
    let toks = tokens(path)?;
    let Some((last, parents)) = toks.split_last() else {
        return Err("cannot remove the document root".into());
    };
    match parent_mut(doc, parents, path)? {
        Value::Object(m) => m
            .remove(last)
            .ok_or_else(|| format!("remove operation does not apply: doc is missing path: \"{path}\"")),
        Value::Array(a) => {
            let i: usize = last.parse().map_err(|_| format!("remove: '{last}' is not an index"))?;
            if i >= a.len() {
                return Err(format!("remove operation does not apply: doc is missing path: \"{path}\""));
            }
            Ok(a.remove(i))
        }
        _ => Err(format!("remove operation does not apply: doc is missing path: \"{path}\"")),
    }
}

/// Applies an operation list to `doc`.
pub fn apply(doc: &mut Value, ops: &Value) -> Result<(), String> {
    let Some(ops) = ops.as_array() else {
        return Err("a JSON 6902 patch must be a list of operations".into());
    };
    for op in ops {
        let kind = op.get("op").and_then(Value::as_str).unwrap_or("");
        let path = op.get("path").and_then(Value::as_str).unwrap_or("");
        let value = || op.get("value").cloned().unwrap_or(Value::Null);
        match kind {
            "add" => add(doc, path, value())?,
            "remove" => {
                remove(doc, path)?;
            }
            "replace" => {
                get(doc, path)
                    .map_err(|_| format!("replace operation does not apply: doc is missing key: {path}"))?;
                let toks = tokens(path)?;
                match toks.split_last() {
                    None => *doc = value(),
                    Some((last, parents)) => match parent_mut(doc, parents, path)? {
                        Value::Object(m) => {
                            m.insert(last.clone(), value());
                        }
                        Value::Array(a) => {
                            let i: usize =
                                last.parse().map_err(|_| format!("replace: '{last}' is not an index"))?;
                            a[i] = value();
                        }
                        _ => return Err(format!("replace: '{path}' has a scalar parent")),
                    },
                }
            }
            "move" => {
                let from = op.get("from").and_then(Value::as_str).unwrap_or("");
                let v = remove(doc, from)?;
                add(doc, path, v)?;
            }
            "copy" => {
                let from = op.get("from").and_then(Value::as_str).unwrap_or("");
                let v = get(doc, from)?.clone();
                add(doc, path, v)?;
            }
            "test" => {
                if get(doc, path)? != &value() {
                    return Err(format!("test operation failed at '{path}'"));
                }
            }
            other => return Err(format!("unknown JSON patch operation '{other}'")),
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn operations() {
        let mut d = json!({"spec": {"replicas": 1, "args": ["a"]}});
        apply(
            &mut d,
            &json!([
                {"op": "replace", "path": "/spec/replicas", "value": 3},
                {"op": "add", "path": "/spec/args/-", "value": "b"},
                {"op": "add", "path": "/spec/args/0", "value": "z"},
                {"op": "add", "path": "/metadata", "value": {"name": "x"}},
                {"op": "copy", "from": "/metadata/name", "path": "/spec/n"},
                {"op": "remove", "path": "/spec/n"},
                {"op": "move", "from": "/spec/replicas", "path": "/spec/r"}
            ]),
        )
        .unwrap();
        assert_eq!(d, json!({"spec": {"r": 3, "args": ["z", "a", "b"]}, "metadata": {"name": "x"}}));
        assert!(apply(&mut d, &json!([{"op": "replace", "path": "/nope", "value": 1}])).is_err());
        assert!(apply(&mut d, &json!([{"op": "remove", "path": "/a/b"}])).is_err());
    }
}

//! The name suffix kustomize gives generated ConfigMaps and Secrets (api/hasher): SHA-256 of
//! a Go `encoding/json` encoding of {kind, name, data[, binaryData|stringData][, type]},
//! the first 10 hex digits with 0,1,3,a,e replaced by g,h,k,m,t. (The "name" is always empty:
//! kustomize's lookup of `metadata/name` finds no such field; checked against kubectl.)

use serde_json::Value;
use sha2::{Digest, Sha256};

/// Go's `json.Marshal` of a value: map keys sorted, HTML characters escaped.
pub fn go_json(v: &Value) -> String {
    let mut out = String::new();
    write_go_json(v, &mut out);
    out
}

fn write_go_json(v: &Value, out: &mut String) {
    match v {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => out.push_str(&n.to_string()),
        Value::String(s) => write_go_string(s, out),
        Value::Array(a) => {
            out.push('[');
            for (i, x) in a.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_go_json(x, out);
            }
            out.push(']');
        }
        Value::Object(m) => {
            let mut keys: Vec<&String> = m.keys().collect();
            keys.sort();
            out.push('{');
            for (i, k) in keys.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_go_string(k, out);
                out.push(':');
                write_go_json(&m[k.as_str()], out);
            }
            out.push('}');
        }
    }
}

fn write_go_string(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '<' | '>' | '&' | '\u{2028}' | '\u{2029}' => out.push_str(&format!("\\u{:04x}", c as u32)),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
}

/// kustomize's `encode(hex256(data))`.
pub fn encode_hash(data: &str) -> String {
    let digest = Sha256::digest(data.as_bytes());
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    hex[..10]
        .chars()
        .map(|c| match c {
            '0' => 'g',
            '1' => 'h',
            '3' => 'k',
            'a' => 'm',
            'e' => 't',
            c => c,
        })
        .collect()
}

fn field(obj: &Value, key: &str) -> Value {
    match obj.get(key) {
        None | Some(Value::Null) => Value::String(String::new()),
        Some(v) => v.clone(),
    }
}

/// The hash kustomize appends to a generated object's name.
pub fn object_hash(obj: &Value) -> String {
    let kind = obj.get("kind").and_then(Value::as_str).unwrap_or("");
    // kustomize looks the name up as a single field called "metadata/name", which never
    // exists: the name it hashes is always empty.
    let name = Value::String(String::new());
    let mut m = serde_json::Map::new();
    match kind {
        "ConfigMap" => {
            m.insert("kind".into(), Value::String("ConfigMap".into()));
            m.insert("name".into(), name);
            m.insert("data".into(), field(obj, "data"));
            if let Some(b @ Value::Object(_)) = obj.get("binaryData") {
                m.insert("binaryData".into(), b.clone());
            }
        }
        "Secret" => {
            m.insert("kind".into(), Value::String("Secret".into()));
            m.insert("type".into(), field(obj, "type"));
            m.insert("name".into(), name);
            m.insert("data".into(), field(obj, "data"));
            if let Some(b @ Value::Object(_)) = obj.get("stringData") {
                m.insert("stringData".into(), b.clone());
            }
        }
        _ => return encode_hash(&go_json(obj)),
    }
    encode_hash(&go_json(&Value::Object(m)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn go_json_escapes_html_and_sorts_keys() {
        assert_eq!(go_json(&json!({"b": "<&>", "a": 1})), r#"{"a":1,"b":"\u003c\u0026\u003e"}"#);
    }

    #[test]
    fn config_map_hash_matches_kubectl_kustomize() {
        // `kubectl kustomize` (v5.5.0) names a generated ConfigMap `c` with file f.yaml = "x: 1\n"
        // `c-f9hd7h9md5`.
        let cm = json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c"}, "data": {"f.yaml": "x: 1\n"}});
        assert_eq!(object_hash(&cm), "f9hd7h9md5");
    }
}

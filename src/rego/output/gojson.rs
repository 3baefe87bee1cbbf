//! JSON as Go's `encoding/json` writes it after `json.Indent(.., "", "\t")`: object keys
//! sorted, `<`, `>`, `&`, U+2028 and U+2029 escaped. Used by the json and sarif outputs.

use serde_json::Value;

pub fn escape(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
}

/// One value, indented with tabs from `depth`. With `sort_keys` object keys are sorted (a Go
/// map); without, the object's own key order is kept (a Go struct).
pub fn write(v: &Value, depth: usize, sort_keys: bool, out: &mut String) {
    let ind = |d: usize, out: &mut String| {
        out.push('\n');
        for _ in 0..d {
            out.push('\t');
        }
    };
    match v {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => out.push_str(&n.to_string()),
        Value::String(s) => escape(s, out),
        Value::Array(a) => {
            if a.is_empty() {
                out.push_str("[]");
                return;
            }
            out.push('[');
            for (i, x) in a.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                ind(depth + 1, out);
                write(x, depth + 1, sort_keys, out);
            }
            ind(depth, out);
            out.push(']');
        }
        Value::Object(m) => {
            if m.is_empty() {
                out.push_str("{}");
                return;
            }
            let mut keys: Vec<&String> = m.keys().collect();
            if sort_keys {
                keys.sort();
            }
            out.push('{');
            for (i, k) in keys.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                ind(depth + 1, out);
                escape(k, out);
                out.push_str(": ");
                write(&m[k], depth + 1, sort_keys, out);
            }
            ind(depth, out);
            out.push('}');
        }
    }
}

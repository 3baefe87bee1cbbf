//! JSON as Go's encoding/json writes it (sorted keys, `<>&` escaped, Go's float format)
//! for `toJson`/`toPrettyJson`/`toRawJson`, and JSON read as Go's `interface{}` decoding
//! does it (every number a float64) for `fromJson`.

use std::collections::BTreeMap;

use crate::source::helm::template::value::{ObjKind, Value};

pub fn encode(v: &Value, escape_html: bool, indent: Option<&str>) -> Result<String, String> {
    let mut out = String::new();
    write(&mut out, v, escape_html, indent, 0)?;
    Ok(out)
}

fn newline(out: &mut String, indent: Option<&str>, depth: usize) {
    if let Some(ind) = indent {
        out.push('\n');
        for _ in 0..depth {
            out.push_str(ind);
        }
    }
}

fn write(out: &mut String, v: &Value, esc: bool, indent: Option<&str>, depth: usize) -> Result<(), String> {
    match v {
        Value::Nil => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Int(i) | Value::Int64(i) => out.push_str(&i.to_string()),
        Value::Float(f) => out.push_str(&float(*f)?),
        Value::Str(s) => string(out, s, esc),
        Value::List(l) => {
            if l.is_empty() {
                out.push_str("[]");
                return Ok(());
            }
            out.push('[');
            for (i, x) in l.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                newline(out, indent, depth + 1);
                write(out, x, esc, indent, depth + 1)?;
            }
            newline(out, indent, depth);
            out.push(']');
        }
        Value::Map(m) => {
            let m = m.borrow();
            write_map(out, m.iter(), m.is_empty(), esc, indent, depth)?;
        }
        Value::Object(o) => match &o.kind {
            ObjKind::VersionSet(v) => {
                let l = Value::list(v.iter().map(|s| Value::str(s)).collect());
                write(out, &l, esc, indent, depth)?;
            }
            _ => write_map(out, o.fields.iter(), o.fields.is_empty(), esc, indent, depth)?,
        },
    }
    Ok(())
}

fn write_map<'a>(
    out: &mut String,
    entries: impl Iterator<Item = (&'a String, &'a Value)>,
    empty: bool,
    esc: bool,
    indent: Option<&str>,
    depth: usize,
) -> Result<(), String> {
    if empty {
        out.push_str("{}");
        return Ok(());
    }
    out.push('{');
    for (i, (k, x)) in entries.enumerate() {
        if i > 0 {
            out.push(',');
        }
        newline(out, indent, depth + 1);
        string(out, k, esc);
        out.push(':');
        if indent.is_some() {
            out.push(' ');
        }
        write(out, x, esc, indent, depth + 1)?;
    }
    newline(out, indent, depth);
    out.push('}');
    Ok(())
}

/// encoding/json's float64 text.
pub fn float(f: f64) -> Result<String, String> {
    if !f.is_finite() {
        return Err(format!(
            "json: unsupported value: {}",
            crate::source::helm::template::value::format_float_g(f)
        ));
    }
    let a = f.abs();
    if a != 0.0 && !(1e-6..1e21).contains(&a) {
        let s = format!("{f:e}");
        let (m, e) = s.split_once('e').unwrap_or((&s, "0"));
        let e: i32 = e.parse().unwrap_or(0);
        return Ok(if e < 0 { format!("{m}e-{}", e.abs()) } else { format!("{m}e+{e}") });
    }
    let s = format!("{f}");
    Ok(if s == "-0" { "-0".into() } else { s })
}

fn string(out: &mut String, s: &str, esc: bool) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '<' | '>' | '&' if esc => out.push_str(&format!("\\u{:04x}", c as u32)),
            '\u{2028}' | '\u{2029}' => out.push_str(&format!("\\u{:04x}", c as u32)),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
}

pub fn decode(text: &str) -> Result<Value, String> {
    let j: serde_json::Value = serde_json::from_str(text).map_err(|e| e.to_string())?;
    Ok(from_json(&j))
}

pub fn from_json(j: &serde_json::Value) -> Value {
    match j {
        serde_json::Value::Null => Value::Nil,
        serde_json::Value::Bool(b) => Value::Bool(*b),
        serde_json::Value::Number(n) => Value::Float(n.as_f64().unwrap_or(0.0)),
        serde_json::Value::String(s) => Value::str(s),
        serde_json::Value::Array(a) => Value::list(a.iter().map(from_json).collect()),
        serde_json::Value::Object(o) => {
            Value::map(o.iter().map(|(k, v)| (k.clone(), from_json(v))).collect::<BTreeMap<_, _>>())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_like_go() {
        let mut m = BTreeMap::new();
        m.insert("b".to_string(), Value::Float(1e6));
        m.insert("a".to_string(), Value::str("<x&y>"));
        m.insert("c".to_string(), Value::list(vec![Value::Nil, Value::Float(1e-7), Value::Float(2.5e21)]));
        let v = Value::map(m);
        assert_eq!(
            encode(&v, true, None).unwrap(),
            r#"{"a":"\u003cx\u0026y\u003e","b":1000000,"c":[null,1e-7,2.5e+21]}"#
        );
        assert_eq!(encode(&v, false, None).unwrap(), r#"{"a":"<x&y>","b":1000000,"c":[null,1e-7,2.5e+21]}"#);
        let p = encode(&Value::list(vec![Value::Int(1), Value::empty_map()]), true, Some("  ")).unwrap();
        assert_eq!(p, "[\n  1,\n  {}\n]");
    }
}

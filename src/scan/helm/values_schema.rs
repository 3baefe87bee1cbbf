//! A chart's `values.schema.json` applied to the values a render uses (chart defaults
//! under the value set's files, as Helm coalesces them), with the JSON-schema subset charts
//! use: `type`, `required`, `enum`, `const`, `properties`, `additionalProperties`,
//! `items`, `pattern`, `minimum`/`maximum`, `minLength`/`maxLength`, `minItems`/`maxItems`,
//! local `$ref`s and `allOf`/`anyOf`/`oneOf`. Each violation is a KG011 finding at the
//! values line that set the offending value (messages worded as Helm 4's validator's).
//! Written by hand: the subset is small and a schema crate costs more cold build than this.

use serde_json::{Map, Value as Json};

use crate::diagnostic::Finding;
use crate::rules::core;
use crate::scan::file_finding;
use crate::source::yaml::{self, Node, ObjPath, Seg, Span};

/// Keywords nested deeper than this are not followed (a self-referencing schema).
const MAX_DEPTH: usize = 64;

/// One violation: where in the values (object path) and what.
struct Violation {
    at: Vec<Seg>,
    message: String,
}

/// Findings for the values `layers` (path relative to the scan root, text; lowest
/// precedence first) against `schema_text` (the file at `schema_path`).
pub fn check(schema_path: &str, schema_text: &str, layers: &[(String, String)]) -> Vec<Finding> {
    let schema: Json = match serde_json::from_str(schema_text) {
        Ok(s) => s,
        Err(e) => {
            let p = crate::source::yaml::Pos { line: e.line() as u32, column: e.column() as u32, offset: 0 };
            let p = pos_with_offset(schema_text, p);
            return vec![file_finding(
                &core::HELM_VALUES_SCHEMA,
                schema_path,
                Some(Span { start: p, end: p }),
                format!("values.schema.json is not valid JSON: {e}"),
            )];
        }
    };
    let roots: Vec<(String, Option<Node>)> = layers
        .iter()
        .map(|(rel, text)| {
            let root =
                yaml::load_stream(text, yaml::Limits::default()).docs.into_iter().next().and_then(|d| d.root);
            (rel.clone(), root)
        })
        .collect();
    let mut merged = Json::Object(Map::new());
    for (_, root) in &roots {
        if let Some(r) = root {
            merge(&mut merged, yaml::json::to_json(r));
        }
    }
    let mut out = Vec::new();
    validate(&schema, &schema, &merged, &mut Vec::new(), 0, &mut out);
    out.into_iter()
        .map(|v| {
            let (path, span) = locate(&roots, &v.at, schema_path);
            file_finding(&core::HELM_VALUES_SCHEMA, &path, span, v.message)
        })
        .collect()
}

fn pos_with_offset(text: &str, p: crate::source::yaml::Pos) -> crate::source::yaml::Pos {
    let start: usize = text.split_inclusive('\n').take(p.line.saturating_sub(1) as usize).map(str::len).sum();
    let off: usize = text[start.min(text.len())..]
        .chars()
        .take(p.column.saturating_sub(1) as usize)
        .map(char::len_utf8)
        .sum();
    crate::source::yaml::Pos { offset: (start + off) as u32, ..p }
}

/// Helm's coalescing of user values over defaults: maps merge, `null` deletes a key.
fn merge(dst: &mut Json, src: Json) {
    match (dst, src) {
        (Json::Object(d), Json::Object(s)) => {
            for (k, v) in s {
                if v.is_null() {
                    d.remove(&k);
                    continue;
                }
                match d.get_mut(&k) {
                    Some(existing @ Json::Object(_)) if v.is_object() => merge(existing, v),
                    _ => {
                        d.insert(k, v);
                    }
                }
            }
        }
        (d, s) => *d = s,
    }
}

/// The values line behind `at`: the highest-precedence file holding the deepest part of it.
fn locate(roots: &[(String, Option<Node>)], at: &[Seg], schema_path: &str) -> (String, Option<Span>) {
    let path = ObjPath(at.to_vec());
    let mut best: Option<(usize, &str, Span)> = None;
    for (rel, root) in roots.iter().rev() {
        let Some(root) = root else { continue };
        let res = root.resolve(&path);
        let span = match (res.key, res.node.as_scalar()) {
            (Some(k), Some(_)) => Span { start: k.span.start, end: res.node.span.end },
            (Some(k), None) => k.span,
            (None, _) => Span { start: res.node.span.start, end: res.node.span.start },
        };
        if best.as_ref().is_none_or(|(d, _, _)| res.depth > *d) {
            best = Some((res.depth, rel, span));
        }
        if res.exact {
            break;
        }
    }
    match best {
        Some((_, rel, span)) => (rel.to_string(), Some(span)),
        None => (schema_path.to_string(), None),
    }
}

fn pointer(at: &[Seg]) -> String {
    let mut s = String::new();
    for seg in at {
        s.push('/');
        match seg {
            Seg::Key(k) => s.push_str(&k.replace('~', "~0").replace('/', "~1")),
            Seg::Index(i) => s.push_str(&i.to_string()),
        }
    }
    s
}

fn type_of(v: &Json) -> &'static str {
    match v {
        Json::Null => "null",
        Json::Bool(_) => "boolean",
        Json::Number(n) if n.is_i64() || n.is_u64() || n.as_f64().is_some_and(|f| f.fract() == 0.0) => {
            "integer"
        }
        Json::Number(_) => "number",
        Json::String(_) => "string",
        Json::Array(_) => "array",
        Json::Object(_) => "object",
    }
}

fn type_matches(want: &str, v: &Json) -> bool {
    let got = type_of(v);
    got == want || (want == "number" && got == "integer")
}

fn short(v: &Json) -> String {
    let s = v.to_string();
    if s.chars().count() > 60 { format!("{}...", s.chars().take(60).collect::<String>()) } else { s }
}

/// A local `$ref` (`#/definitions/x`, `#/$defs/x`).
fn resolve_ref<'a>(root: &'a Json, r: &str) -> Option<&'a Json> {
    let p = r.strip_prefix('#')?;
    if p.is_empty() {
        return Some(root);
    }
    root.pointer(p)
}

fn validate(root: &Json, schema: &Json, v: &Json, at: &mut Vec<Seg>, depth: usize, out: &mut Vec<Violation>) {
    if depth > MAX_DEPTH {
        return;
    }
    let Some(s) = schema.as_object() else {
        if schema == &Json::Bool(false) {
            out.push(Violation { at: at.clone(), message: format!("at '{}': false schema", pointer(at)) });
        }
        return;
    };
    let mut err = |at: &Vec<Seg>, msg: String| {
        out.push(Violation { at: at.clone(), message: format!("at '{}': {msg}", pointer(at)) })
    };
    if let Some(r) = s.get("$ref").and_then(|r| r.as_str())
        && let Some(target) = resolve_ref(root, r)
    {
        validate(root, target, v, at, depth + 1, out);
        return;
    }
    if let Some(t) = s.get("type") {
        let wanted: Vec<&str> = match t {
            Json::String(x) => vec![x.as_str()],
            Json::Array(xs) => xs.iter().filter_map(|x| x.as_str()).collect(),
            _ => Vec::new(),
        };
        if !wanted.is_empty() && !wanted.iter().any(|w| type_matches(w, v)) {
            err(at, format!("got {}, want {}", type_of(v), wanted.join(" or ")));
            return;
        }
    }
    if let Some(e) = s.get("enum").and_then(|e| e.as_array())
        && !e.iter().any(|x| json_eq(x, v))
    {
        let opts: Vec<String> = e.iter().map(|x| x.to_string().replace('"', "'")).collect();
        err(at, format!("value must be one of {}", opts.join(", ")));
    }
    if let Some(c) = s.get("const")
        && !json_eq(c, v)
    {
        err(at, format!("value must be {}", c.to_string().replace('"', "'")));
    }
    match v {
        Json::Object(m) => {
            if let Some(req) = s.get("required").and_then(|r| r.as_array()) {
                let missing: Vec<String> = req
                    .iter()
                    .filter_map(|r| r.as_str())
                    .filter(|r| !m.contains_key(*r))
                    .map(|r| format!("'{r}'"))
                    .collect();
                if !missing.is_empty() {
                    let what = if missing.len() == 1 { "property" } else { "properties" };
                    err(at, format!("missing {what} {}", missing.join(", ")));
                }
            }
            let props = s.get("properties").and_then(|p| p.as_object());
            let patterns: Vec<(regex::Regex, &Json)> = s
                .get("patternProperties")
                .and_then(|p| p.as_object())
                .map(|p| p.iter().filter_map(|(k, v)| regex::Regex::new(k).ok().map(|r| (r, v))).collect())
                .unwrap_or_default();
            let mut extra = Vec::new();
            for (k, val) in m {
                let mut matched = false;
                if let Some(ps) = props.and_then(|p| p.get(k)) {
                    matched = true;
                    at.push(Seg::Key(k.as_str().into()));
                    validate(root, ps, val, at, depth + 1, out);
                    at.pop();
                }
                for (re, ps) in &patterns {
                    if re.is_match(k) {
                        matched = true;
                        at.push(Seg::Key(k.as_str().into()));
                        validate(root, ps, val, at, depth + 1, out);
                        at.pop();
                    }
                }
                if !matched {
                    match s.get("additionalProperties") {
                        Some(Json::Bool(false)) => extra.push(format!("'{k}'")),
                        Some(ap @ Json::Object(_)) => {
                            at.push(Seg::Key(k.as_str().into()));
                            validate(root, ap, val, at, depth + 1, out);
                            at.pop();
                        }
                        _ => {}
                    }
                }
            }
            if !extra.is_empty() {
                let what = if extra.len() == 1 { "property" } else { "properties" };
                out.push(Violation {
                    at: at.clone(),
                    message: format!(
                        "at '{}': additional {what} {} not allowed",
                        pointer(at),
                        extra.join(", ")
                    ),
                });
            }
        }
        Json::Array(items) => {
            if let Some(is) = s.get("items").filter(|i| i.is_object()) {
                for (i, item) in items.iter().enumerate() {
                    at.push(Seg::Index(i));
                    validate(root, is, item, at, depth + 1, out);
                    at.pop();
                }
            }
            let n = items.len() as u64;
            if let Some(min) = s.get("minItems").and_then(|x| x.as_u64())
                && n < min
            {
                out.push(Violation {
                    at: at.clone(),
                    message: format!("at '{}': minItems: got {n}, want {min}", pointer(at)),
                });
            }
            if let Some(max) = s.get("maxItems").and_then(|x| x.as_u64())
                && n > max
            {
                out.push(Violation {
                    at: at.clone(),
                    message: format!("at '{}': maxItems: got {n}, want {max}", pointer(at)),
                });
            }
        }
        Json::String(text) => {
            let n = text.chars().count() as u64;
            if let Some(p) = s.get("pattern").and_then(|p| p.as_str())
                && let Ok(re) = regex::Regex::new(p)
                && !re.is_match(text)
            {
                out.push(Violation {
                    at: at.clone(),
                    message: format!("at '{}': '{}' does not match pattern '{p}'", pointer(at), text),
                });
            }
            if let Some(min) = s.get("minLength").and_then(|x| x.as_u64())
                && n < min
            {
                out.push(Violation {
                    at: at.clone(),
                    message: format!("at '{}': minLength: got {n}, want {min}", pointer(at)),
                });
            }
            if let Some(max) = s.get("maxLength").and_then(|x| x.as_u64())
                && n > max
            {
                out.push(Violation {
                    at: at.clone(),
                    message: format!("at '{}': maxLength: got {n}, want {max}", pointer(at)),
                });
            }
        }
        Json::Number(num) => {
            let f = num.as_f64().unwrap_or(0.0);
            if let Some(min) = s.get("minimum").and_then(|x| x.as_f64())
                && f < min
            {
                out.push(Violation {
                    at: at.clone(),
                    message: format!("at '{}': minimum: got {}, want {}", pointer(at), short(v), min),
                });
            }
            if let Some(max) = s.get("maximum").and_then(|x| x.as_f64())
                && f > max
            {
                out.push(Violation {
                    at: at.clone(),
                    message: format!("at '{}': maximum: got {}, want {}", pointer(at), short(v), max),
                });
            }
        }
        _ => {}
    }
    if let Some(all) = s.get("allOf").and_then(|a| a.as_array()) {
        for sub in all {
            validate(root, sub, v, at, depth + 1, out);
        }
    }
    for (key, exactly_one) in [("anyOf", false), ("oneOf", true)] {
        if let Some(alts) = s.get(key).and_then(|a| a.as_array()) {
            let passing = alts
                .iter()
                .filter(|sub| {
                    let mut scratch = Vec::new();
                    validate(root, sub, v, &mut at.clone(), depth + 1, &mut scratch);
                    scratch.is_empty()
                })
                .count();
            let ok = if exactly_one { passing == 1 } else { passing >= 1 };
            if !ok {
                let what = if exactly_one && passing > 1 {
                    "valid against more than one"
                } else {
                    "valid against none"
                };
                out.push(Violation {
                    at: at.clone(),
                    message: format!("at '{}': {key} failed: {what} of the schemas", pointer(at)),
                });
            }
        }
    }
}

/// JSON equality with numbers compared by value (`1` equals `1.0`, as YAML gives floats).
fn json_eq(a: &Json, b: &Json) -> bool {
    match (a, b) {
        (Json::Number(x), Json::Number(y)) => x.as_f64() == y.as_f64(),
        (Json::Array(x), Json::Array(y)) => x.len() == y.len() && x.iter().zip(y).all(|(p, q)| json_eq(p, q)),
        (Json::Object(x), Json::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| json_eq(v, w)))
        }
        _ => a == b,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    type Got = (String, Option<(u32, u32)>, String);

    fn run(schema: &str, layers: &[(&str, &str)]) -> Vec<Got> {
        let layers: Vec<(String, String)> =
            layers.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect();
        check("c/values.schema.json", schema, &layers)
            .into_iter()
            .map(|f| (f.path, f.span.map(|s| (s.start.line, s.start.column)), f.message))
            .collect()
    }

    #[test]
    fn violations_point_at_the_values_line_that_set_them() {
        let schema = r#"{"type":"object","required":["image"],"properties":{
            "replicas":{"type":"integer","minimum":1},
            "image":{"type":"object","additionalProperties":false,"properties":{"tag":{"type":"string","pattern":"^v"}}},
            "mode":{"enum":["a","b"]}}}"#;
        let got = run(
            schema,
            &[
                ("c/values.yaml", "replicas: 1\nimage:\n  tag: v1\nmode: a\n"),
                ("prod.yaml", "replicas: 0\nmode: c\nimage:\n  tag: \"1.0\"\n  pull: x\n"),
            ],
        );
        assert_eq!(
            got,
            vec![
                (
                    "prod.yaml".into(),
                    Some((4, 3)),
                    "at '/image/tag': '1.0' does not match pattern '^v'".into()
                ),
                (
                    "prod.yaml".into(),
                    Some((3, 1)),
                    "at '/image': additional property 'pull' not allowed".into()
                ),
                ("prod.yaml".into(), Some((2, 1)), "at '/mode': value must be one of 'a', 'b'".into()),
                ("prod.yaml".into(), Some((1, 1)), "at '/replicas': minimum: got 0, want 1".into()),
            ]
        );
        // Defaults that satisfy the schema give nothing; a wrong type in the defaults points there.
        assert!(run(schema, &[("c/values.yaml", "image: {tag: v2}\n")]).is_empty());
        let got = run(schema, &[("c/values.yaml", "image: {tag: v2}\nreplicas: many\n")]);
        assert_eq!(
            got,
            vec![("c/values.yaml".into(), Some((2, 1)), "at '/replicas': got string, want integer".into())]
        );
        let got = run(schema, &[("c/values.yaml", "replicas: 2\n")]);
        assert_eq!(
            got,
            vec![("c/values.yaml".into(), Some((1, 1)), "at '': missing property 'image'".into())]
        );
    }

    #[test]
    fn null_deletes_and_refs_resolve() {
        let schema = r##"{"definitions":{"port":{"type":"integer","maximum":65535}},
            "properties":{"port":{"$ref":"#/definitions/port"},"list":{"type":"array","items":{"type":"string"}}}}"##;
        let got = run(schema, &[("v.yaml", "port: 70000\nlist: [a, 1]\n")]);
        assert_eq!(got.len(), 2, "{got:?}");
        assert!(got[0].2.contains("/list/1") && got[1].2.contains("maximum"), "{got:?}");
        assert!(run(schema, &[("v.yaml", "port: 70000\n"), ("o.yaml", "port: null\n")]).is_empty());
        let bad = run("{nope", &[]);
        assert!(bad[0].2.starts_with("values.schema.json is not valid JSON"), "{bad:?}");
    }
}

//! Helm's own template functions (`include`, `tpl`, `required`, `fail`, `toYaml`,
//! `fromYaml`, `toJson`, `fromJson`, `lookup`, ...) and the methods of the Go objects
//! Helm puts in a template's data (`.Capabilities.APIVersions.Has`, `.Files.Get`, ...).

use std::collections::BTreeMap;

use super::json;
use super::{arg_str, want};
use crate::source::helm::template::exec::{Engine, FResult, FuncError};
use crate::source::helm::template::value::{ObjKind, Object, Value};
use crate::source::helm::values;
use crate::source::helm::yaml_out;

pub fn call(engine: &mut Engine, name: &str, a: &[Value]) -> Option<FResult> {
    Some(match name {
        "include" => want(name, a, 2).and_then(|_| {
            let n = arg_str(&a[0])?.to_string();
            engine.include(&n, &a[1]).map(Value::string)
        }),
        "tpl" => want(name, a, 2).and_then(|_| {
            let t = arg_str(&a[0])?.to_string();
            engine.tpl(&t, &a[1]).map(Value::string)
        }),
        "required" => want(name, a, 2).and_then(|_| {
            let msg = arg_str(&a[0])?;
            match &a[1] {
                Value::Nil => Err(FuncError::User(msg.to_string())),
                Value::Str(s) if s.is_empty() => Err(FuncError::User(msg.to_string())),
                v => Ok(v.clone()),
            }
        }),
        "fail" => want(name, a, 1).and_then(|_| Err(FuncError::User(arg_str(&a[0])?.to_string()))),
        "toYaml" | "toYamlPretty" => want(name, a, 1).map(|_| Value::string(yaml_out::to_yaml(&a[0]))),
        "mustToYaml" => want(name, a, 1).map(|_| Value::string(yaml_out::to_yaml(&a[0]))),
        "fromYaml" => want(name, a, 1).and_then(|_| Ok(from_yaml(arg_str(&a[0])?))),
        "fromYamlArray" => want(name, a, 1).and_then(|_| Ok(from_yaml_array(arg_str(&a[0])?))),
        "toJson" => {
            want(name, a, 1).map(|_| Value::string(json::encode(&a[0], true, None).unwrap_or_default()))
        }
        "mustToJson" => want(name, a, 1)
            .and_then(|_| json::encode(&a[0], true, None).map(Value::string).map_err(FuncError::Msg)),
        "toPrettyJson" => {
            want(name, a, 1).map(|_| Value::string(json::encode(&a[0], true, Some("  ")).unwrap_or_default()))
        }
        "mustToPrettyJson" => want(name, a, 1)
            .and_then(|_| json::encode(&a[0], true, Some("  ")).map(Value::string).map_err(FuncError::Msg)),
        "toRawJson" => {
            want(name, a, 1).map(|_| Value::string(json::encode(&a[0], false, None).unwrap_or_default()))
        }
        "mustToRawJson" => want(name, a, 1)
            .and_then(|_| json::encode(&a[0], false, None).map(Value::string).map_err(FuncError::Msg)),
        "fromJson" => want(name, a, 1).and_then(|_| {
            let t = arg_str(&a[0])?;
            Ok(match json::decode(t) {
                Ok(v @ Value::Map(_)) => v,
                Ok(_) => error_map("json: cannot unmarshal into Go value of type map[string]interface {}"),
                Err(e) => error_map(&e),
            })
        }),
        "mustFromJson" => {
            want(name, a, 1).and_then(|_| json::decode(arg_str(&a[0])?).map_err(FuncError::Msg))
        }
        "fromJsonArray" => want(name, a, 1).and_then(|_| {
            Ok(match json::decode(arg_str(&a[0])?) {
                Ok(v @ Value::List(_)) => v,
                Ok(_) => Value::list(vec![Value::str(
                    "json: cannot unmarshal object into Go value of type []interface {}",
                )]),
                Err(e) => Value::list(vec![Value::string(e)]),
            })
        }),
        "toToml" => want(name, a, 1).map(|_| Value::string(to_toml(&a[0]))),
        "fromToml" => want(name, a, 1).map(|_| error_map("fromToml is not supported by kubegate yet")),
        "lookup" => want(name, a, 4).map(|_| Value::empty_map()),
        "getHostByName" => want(name, a, 1).map(|_| Value::str("")),
        _ => return None,
    })
}

fn error_map(msg: &str) -> Value {
    let mut m = BTreeMap::new();
    m.insert("Error".to_string(), Value::str(msg));
    Value::map(m)
}

/// Helm's `fromYaml`: a map, or `{"Error": ...}`.
pub fn from_yaml(text: &str) -> Value {
    match values::parse_yaml_value(text) {
        Ok(v @ Value::Map(_)) => v,
        Ok(Value::Nil) => Value::empty_map(),
        Ok(other) => error_map(&format!(
            "error unmarshaling JSON: while decoding JSON: json: cannot unmarshal {} into Go value of type map[string]interface {{}}",
            json_kind(&other)
        )),
        Err(e) => error_map(&e),
    }
}

fn from_yaml_array(text: &str) -> Value {
    match values::parse_yaml_value(text) {
        Ok(v @ Value::List(_)) => v,
        Ok(Value::Nil) => Value::list(vec![]),
        Ok(other) => Value::list(vec![Value::string(format!(
            "error unmarshaling JSON: while decoding JSON: json: cannot unmarshal {} into Go value of type []interface {{}}",
            json_kind(&other)
        ))]),
        Err(e) => Value::list(vec![Value::string(e)]),
    }
}

fn json_kind(v: &Value) -> &'static str {
    match v {
        Value::Map(_) => "object",
        Value::List(_) => "array",
        Value::Str(_) => "string",
        Value::Bool(_) => "bool",
        _ => "number",
    }
}

/// A minimal TOML writer for flat and nested maps (`toToml` is rare in charts).
fn to_toml(v: &Value) -> String {
    fn scalar(v: &Value) -> String {
        match v {
            Value::Str(s) => super::gofmt::quote(s),
            Value::List(l) => format!("[{}]", l.iter().map(scalar).collect::<Vec<_>>().join(", ")),
            other => other.to_go_string(),
        }
    }
    fn table(out: &mut String, prefix: &str, m: &BTreeMap<String, Value>) {
        for (k, v) in m {
            if !matches!(v, Value::Map(_)) {
                out.push_str(&format!("{k} = {}\n", scalar(v)));
            }
        }
        for (k, v) in m {
            if let Value::Map(sub) = v {
                let name = if prefix.is_empty() { k.clone() } else { format!("{prefix}.{k}") };
                out.push_str(&format!("\n[{name}]\n"));
                table(out, &name, &sub.borrow());
            }
        }
    }
    let mut out = String::new();
    if let Value::Map(m) = v {
        table(&mut out, "", &m.borrow());
    }
    out
}

/// Methods of Helm's objects. None when `name` is no method of `o`.
pub fn call_method(o: &Object, name: &str, args: Vec<Value>) -> Option<FResult> {
    match (&o.kind, name) {
        (ObjKind::VersionSet(vs), "Has") => Some(want(name, &args, 1).and_then(|_| {
            let s = arg_str(&args[0])?;
            Ok(Value::Bool(vs.iter().any(|v| v == s)))
        })),
        (ObjKind::Files(files), _) => files_method(files, name, &args),
        (ObjKind::Struct, "GitVersion" | "String") if o.type_name == "*common.KubeVersion" => {
            Some(Ok(o.fields.get("Version").cloned().unwrap_or(Value::Nil)))
        }
        _ => None,
    }
}

fn files_method(files: &std::rc::Rc<BTreeMap<String, Vec<u8>>>, name: &str, a: &[Value]) -> Option<FResult> {
    Some(match name {
        "Get" => want(name, a, 1).and_then(|_| {
            let p = arg_str(&a[0])?;
            Ok(Value::string(
                files.get(p).map(|b| String::from_utf8_lossy(b).into_owned()).unwrap_or_default(),
            ))
        }),
        "GetBytes" => want(name, a, 1).and_then(|_| {
            let p = arg_str(&a[0])?;
            Ok(Value::string(
                files.get(p).map(|b| String::from_utf8_lossy(b).into_owned()).unwrap_or_default(),
            ))
        }),
        "Lines" => want(name, a, 1).and_then(|_| {
            let p = arg_str(&a[0])?;
            let Some(b) = files.get(p) else {
                return Ok(Value::list(vec![]));
            };
            let mut s = String::from_utf8_lossy(b).into_owned();
            if s.ends_with('\n') {
                s.pop();
            }
            Ok(Value::list(s.split('\n').map(Value::str).collect()))
        }),
        "Glob" => want(name, a, 1).and_then(|_| {
            let pat = arg_str(&a[0])?;
            let g = globset::GlobBuilder::new(pat)
                .literal_separator(true)
                .build()
                .map_err(|e| FuncError::Msg(e.to_string()))?
                .compile_matcher();
            let sub: BTreeMap<String, Vec<u8>> = files
                .iter()
                .filter(|(k, _)| g.is_match(k.as_str()))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect();
            Ok(files_object(sub))
        }),
        "AsConfig" | "AsSecrets" => want(name, a, 0).map(|_| {
            if files.is_empty() {
                return Value::str("");
            }
            let m: BTreeMap<String, Value> = files
                .iter()
                .map(|(k, v)| {
                    let base = k.rsplit('/').next().unwrap_or(k).to_string();
                    let text = if name == "AsSecrets" {
                        super::sprig::b64_encode(v)
                    } else {
                        String::from_utf8_lossy(v).into_owned()
                    };
                    (base, Value::string(text))
                })
                .collect();
            Value::string(yaml_out::to_yaml(&Value::map(m)))
        }),
        _ => return None,
    })
}

/// Helm's `.Files`: the chart's non-template files by path.
pub fn files_object(files: BTreeMap<String, Vec<u8>>) -> Value {
    let n = files.len();
    Value::Object(std::rc::Rc::new(Object {
        kind: ObjKind::Files(std::rc::Rc::new(files)),
        type_name: "engine.files",
        fields: BTreeMap::new(),
        display: format!("map[{n} files]"),
    }))
}

//! Node tree → `serde_json::Value`, as sigs.k8s.io/yaml converts YAML to JSON for the
//! API server (and as conftest/Rego policies see an object). Keys become strings.

use serde_json::{Map, Number, Value as Json};

use super::node::{Node, Resolved, Value};

pub fn to_json(node: &Node) -> Json {
    match &node.value {
        Value::Scalar(s) => match s.resolved {
            Resolved::Null => Json::Null,
            Resolved::Bool(b) => Json::Bool(b),
            Resolved::Int(i) => Json::Number(i.into()),
            Resolved::Float(f) => Number::from_f64(f).map(Json::Number).unwrap_or(Json::Null),
            Resolved::Str => Json::String(s.text.to_string()),
        },
        Value::Seq(items) => Json::Array(items.iter().map(to_json).collect()),
        Value::Map(entries) => {
            let mut m = Map::new();
            for e in entries {
                let key = match e.key.as_scalar() {
                    Some(s) => match s.resolved {
                        Resolved::Bool(b) => b.to_string(),
                        _ => s.text.to_string(),
                    },
                    None => serde_json::to_string(&to_json(&e.key)).unwrap_or_default(),
                };
                m.insert(key, to_json(&e.value));
            }
            Json::Object(m)
        }
    }
}

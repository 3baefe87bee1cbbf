//! Field specs: "this path, in objects of this group/version/kind", the unit kustomize's
//! transformer configurations are written in (api/internal/konfig/builtinpluginconsts). A path
//! walks maps by key and every element of a list it meets.

use std::borrow::Cow;

use serde_json::{Map, Value};

use super::load::scalar_string;
use super::resource::Resource;

#[derive(Debug, Clone)]
pub struct FieldSpec {
    pub group: Cow<'static, str>,
    pub version: Cow<'static, str>,
    pub kind: Cow<'static, str>,
    pub path: Cow<'static, str>,
    pub create: bool,
}

pub const fn fs(
    group: &'static str,
    version: &'static str,
    kind: &'static str,
    path: &'static str,
    create: bool,
) -> FieldSpec {
    FieldSpec {
        group: Cow::Borrowed(group),
        version: Cow::Borrowed(version),
        kind: Cow::Borrowed(kind),
        path: Cow::Borrowed(path),
        create,
    }
}

impl FieldSpec {
    pub fn applies_to(&self, r: &Resource) -> bool {
        let (g, v) = r.group_version();
        (self.group.is_empty() || self.group == g)
            && (self.version.is_empty() || self.version == v)
            && (self.kind.is_empty() || self.kind == r.kind())
    }

    /// A field spec written in a transformer configuration (`fieldSpecs:` entries).
    pub fn from_value(v: &Value) -> Self {
        let s = |k: &str| Cow::Owned(v.get(k).map(scalar_string).unwrap_or_default());
        FieldSpec {
            group: s("group"),
            version: s("version"),
            kind: s("kind"),
            path: s("path"),
            create: v.get("create").and_then(Value::as_bool).unwrap_or(false),
        }
    }
}

/// Calls `f(parent, key)` for every field at `path` (segments separated by `/`, `[]` marks a
/// list; lists met on the way are walked element by element). With `create`, missing maps on
/// the way are created and `f` is called for a missing last field too.
pub fn visit_path(v: &mut Value, path: &str, create: bool, f: &mut dyn FnMut(&mut Map<String, Value>, &str)) {
    let segs: Vec<&str> = path.split('/').collect();
    walk(v, &segs, create, f);
}

fn walk(v: &mut Value, segs: &[&str], create: bool, f: &mut dyn FnMut(&mut Map<String, Value>, &str)) {
    if let Value::Array(items) = v {
        for it in items {
            walk(it, segs, create, f);
        }
        return;
    }
    let Some((first, rest)) = segs.split_first() else { return };
    let key = first.strip_suffix("[]").unwrap_or(first);
    let Value::Object(m) = v else { return };
    if rest.is_empty() {
        if m.contains_key(key) || create {
            f(m, key);
        }
        return;
    }
    match m.get(key) {
        Some(Value::Null) | None => {
            if !create {
                return;
            }
            m.insert(key.to_string(), Value::Object(Map::new()));
        }
        _ => {}
    }
    if let Some(next) = m.get_mut(key) {
        walk(next, rest, create, f);
    }
}

/// Merges string pairs into the map at each field spec (creating it when allowed).
pub fn add_pairs(r: &mut Resource, specs: &[FieldSpec], pairs: &[(String, String)]) {
    for spec in specs {
        if !spec.applies_to(r) {
            continue;
        }
        visit_path(&mut r.value, &spec.path, spec.create, &mut |parent, key| {
            let slot = parent.entry(key.to_string()).or_insert_with(|| Value::Object(Map::new()));
            if slot.is_null() {
                *slot = Value::Object(Map::new());
            }
            if let Value::Object(target) = slot {
                for (k, v) in pairs {
                    target.insert(k.clone(), Value::String(v.clone()));
                }
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn walks_lists_and_creates_maps() {
        let mut v = json!({"spec": {"ingress": [{"from": [{"podSelector": {"matchLabels": {"a": "1"}}}, {"ipBlock": {}}]}]}});
        let mut n = 0;
        visit_path(&mut v, "spec/ingress/from/podSelector/matchLabels", false, &mut |m, k| {
            n += 1;
            m[k]["b"] = json!("2");
        });
        assert_eq!(n, 1);
        assert_eq!(v["spec"]["ingress"][0]["from"][0]["podSelector"]["matchLabels"]["b"], "2");
        let mut w = json!({});
        visit_path(&mut w, "metadata/labels", true, &mut |m, k| {
            m.insert(k.into(), json!({"x": "y"}));
        });
        assert_eq!(w, json!({"metadata": {"labels": {"x": "y"}}}));
    }
}

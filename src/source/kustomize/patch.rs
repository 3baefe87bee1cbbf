//! Which objects a patch applies to (its own id, or a `target` selector by group, version,
//! kind, name, namespace, label and annotation selectors) and which kind of patch it is
//! (strategic merge documents or a JSON 6902 operation list).

use serde_json::Value;

use super::load::{Error, Kustomization, Parsed, scalar_string};
use super::patch_json6902;
use super::patch_strategic;
use super::resource::{PatchTouch, Resource, documents_of};
use crate::source::yaml::{Limits, ObjPath, Seg, load_stream};

/// Where a patch's text is written (recorded on the objects it touches).
#[derive(Debug, Clone)]
pub enum Source {
    /// A patch file (already checked by the load restrictor).
    File(std::path::PathBuf),
    /// Inline in the kustomization: its field and item index.
    Inline(String, usize),
}

impl Source {
    fn touch(&self, k: &Kustomization, document: usize, sets: Vec<(ObjPath, ObjPath)>) -> PatchTouch {
        match self {
            Source::File(f) => PatchTouch { file: f.clone(), document, inline: None, sets },
            Source::Inline(field, i) => {
                PatchTouch { file: k.file.clone(), document, inline: Some((field.clone(), *i)), sets }
            }
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct Target {
    pub group: Option<String>,
    pub version: Option<String>,
    pub kind: Option<String>,
    pub name: Option<String>,
    pub namespace: Option<String>,
    pub label_selector: Option<String>,
    pub annotation_selector: Option<String>,
}

impl Target {
    pub fn from_value(v: &Value) -> Self {
        let s = |k: &str| v.get(k).map(scalar_string).filter(|s| !s.is_empty());
        Target {
            group: s("group"),
            version: s("version"),
            kind: s("kind"),
            name: s("name"),
            namespace: s("namespace"),
            label_selector: s("labelSelector"),
            annotation_selector: s("annotationSelector"),
        }
    }

    pub fn selects(&self, r: &Resource) -> bool {
        let (g, v) = r.group_version();
        let ok = |pat: &Option<String>, val: &str| pat.as_ref().is_none_or(|p| regex_full_match(p, val));
        ok(&self.group, g)
            && ok(&self.version, v)
            && ok(&self.kind, r.kind())
            && self.name.as_ref().is_none_or(|p| r.all_names().any(|n| regex_full_match(p, n)))
            && ok(&self.namespace, r.namespace())
            && self
                .label_selector
                .as_ref()
                .is_none_or(|s| selector_matches(s, r.value.pointer("/metadata/labels")))
            && self
                .annotation_selector
                .as_ref()
                .is_none_or(|s| selector_matches(s, r.value.pointer("/metadata/annotations")))
    }
}

/// Anchored match of the small regular-expression subset used in patch targets: literals,
/// `.`, `*`/`+`/`?` after an atom, and top-level `|` alternatives.
pub fn regex_full_match(pattern: &str, text: &str) -> bool {
    if pattern.contains('|') && !pattern.contains('(') {
        return pattern.split('|').any(|p| regex_full_match(p, text));
    }
    let p: Vec<char> = pattern.trim_start_matches('^').trim_end_matches('$').chars().collect();
    let t: Vec<char> = text.chars().collect();
    fn m(p: &[char], t: &[char]) -> bool {
        if p.is_empty() {
            return t.is_empty();
        }
        let (atom, rest, escaped) =
            if p[0] == '\\' && p.len() > 1 { (p[1], &p[2..], true) } else { (p[0], &p[1..], false) };
        let matches_atom = |c: char| (!escaped && atom == '.') || c == atom;
        match rest.first() {
            Some('*') | Some('+') | Some('?') => {
                let q = rest[0];
                let rest = &rest[1..];
                let min = usize::from(q == '+');
                let max = if q == '?' { 1 } else { usize::MAX };
                let mut n = 0;
                loop {
                    if n >= min && m(rest, &t[n..]) {
                        return true;
                    }
                    if n >= max || n >= t.len() || !matches_atom(t[n]) {
                        return false;
                    }
                    n += 1;
                }
            }
            _ => !t.is_empty() && matches_atom(t[0]) && m(rest, &t[1..]),
        }
    }
    m(&p, &t)
}

/// A Kubernetes label selector string (`a=b,c!=d,e in (x,y),f notin (z),g,!h`).
pub fn selector_matches(selector: &str, labels: Option<&Value>) -> bool {
    let get = |k: &str| labels.and_then(|l| l.get(k)).map(scalar_string);
    let mut parts = Vec::new();
    let mut depth = 0;
    let mut cur = String::new();
    for c in selector.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            ',' if depth == 0 => {
                parts.push(std::mem::take(&mut cur));
                continue;
            }
            _ => {}
        }
        cur.push(c);
    }
    parts.push(cur);
    parts.iter().map(|p| p.trim()).filter(|p| !p.is_empty()).all(|req| {
        if let Some((k, v)) = req.split_once("!=") {
            return get(k.trim()).as_deref() != Some(v.trim());
        }
        if let Some((k, v)) = req.split_once("==").or_else(|| req.split_once('=')) {
            return get(k.trim()).as_deref() == Some(v.trim());
        }
        let set = |s: &str| -> Vec<String> {
            s.trim()
                .trim_start_matches('(')
                .trim_end_matches(')')
                .split(',')
                .map(|x| x.trim().to_string())
                .collect()
        };
        if let Some((k, vs)) = req.split_once(" notin ") {
            return get(k.trim()).is_none_or(|v| !set(vs).contains(&v));
        }
        if let Some((k, vs)) = req.split_once(" in ") {
            return get(k.trim()).is_some_and(|v| set(vs).contains(&v));
        }
        if let Some(k) = req.strip_prefix('!') {
            return get(k.trim()).is_none();
        }
        get(req).is_some()
    })
}

/// Does a patch object name this resource (same group/version/kind, one of its names, and
/// namespace with "" equal to "default")?
fn id_matches(patch: &Value, r: &Resource) -> bool {
    let s = |p: &str| patch.pointer(p).and_then(Value::as_str).unwrap_or("");
    let ns_eq =
        |a: &str, b: &str| a == b || (a.is_empty() && b == "default") || (a == "default" && b.is_empty());
    s("/apiVersion") == r.api_version()
        && s("/kind") == r.kind()
        && r.all_names().any(|n| n == s("/metadata/name"))
        && ns_eq(s("/metadata/namespace"), r.namespace())
}

fn smp_one(
    resources: &mut Vec<Resource>,
    doc: &Value,
    target: Option<&Target>,
    touch: &dyn Fn(Vec<(ObjPath, ObjPath)>) -> PatchTouch,
) -> Result<usize, String> {
    let Some(pm) = doc.as_object() else { return Err("a strategic merge patch must be a mapping".into()) };
    let mut hits = 0;
    let mut i = 0;
    while i < resources.len() {
        let selected = match target {
            Some(t) => t.selects(&resources[i]),
            None => id_matches(doc, &resources[i]),
        };
        if !selected {
            i += 1;
            continue;
        }
        hits += 1;
        let r = &mut resources[i];
        let mut pm = pm.clone();
        if target.is_some() {
            // kustomize gives the patch the target's identity before merging
            pm.insert("apiVersion".into(), Value::String(r.api_version().to_string()));
            pm.insert("kind".into(), Value::String(r.kind().to_string()));
            if let Some(Value::Object(md)) = pm.get_mut("metadata") {
                md.insert("name".into(), Value::String(r.name().to_string()));
                if r.namespace().is_empty() {
                    md.remove("namespace");
                } else {
                    md.insert("namespace".into(), Value::String(r.namespace().to_string()));
                }
            }
        }
        let builtin = patch_strategic::is_builtin_group(r.group_version().0);
        let keep = match r.value.as_object_mut() {
            Some(obj) => patch_strategic::merge_object(obj, &pm, builtin),
            None => true,
        };
        let sets = patch_strategic::set_paths(doc, &r.value, builtin);
        r.patches.push(touch(sets));
        if keep {
            i += 1;
        } else {
            resources.remove(i);
        }
    }
    Ok(hits)
}

/// Applies strategic merge documents (a `patchesStrategicMerge` entry, or a `patches` entry
/// holding objects).
pub fn apply_strategic_documents(
    k: &Kustomization,
    resources: &mut Vec<Resource>,
    docs: Vec<(usize, Value)>,
    target: Option<&Target>,
    source: &Source,
) -> Result<(), Error> {
    for (index, doc) in docs {
        let touch = |sets| source.touch(k, index, sets);
        let hits = smp_one(resources, &doc, target, &touch).map_err(|e| Error::invalid(&k.file, e))?;
        if hits == 0 && target.is_none() {
            let s = |p: &str| doc.pointer(p).and_then(Value::as_str).unwrap_or("").to_string();
            return Err(Error::invalid(
                &k.file,
                format!(
                    "no resource matches strategic merge patch \"{}.{}/{}\"",
                    s("/kind"),
                    s("/apiVersion"),
                    s("/metadata/name")
                ),
            ));
        }
    }
    Ok(())
}

/// One `patches` (or, with `json6902_only`, `patchesJson6902`) entry.
pub fn apply_patch_entry(
    k: &Kustomization,
    resources: &mut Vec<Resource>,
    entry: &Value,
    json6902_only: bool,
    (field, item): (&str, usize),
) -> Result<(), Error> {
    let (parsed, source) =
        match (entry.get("path").and_then(Value::as_str), entry.get("patch").and_then(Value::as_str)) {
            (Some(p), _) => (k.read_parsed(p)?, Source::File(k.restricted_path(p)?)),
            (None, Some(inline)) => (parse_inline(inline), Source::Inline(field.to_string(), item)),
            _ => return Err(Error::invalid(&k.file, "a patch needs 'path' or 'patch'")),
        };
    let target = entry.get("target").filter(|t| t.is_object()).map(Target::from_value);
    let docs = documents(k, &parsed)?;
    let is_ops = docs.len() == 1 && docs[0].1.is_array();
    if is_ops || json6902_only {
        let Some(target) = target else {
            return Err(Error::invalid(&k.file, "a JSON 6902 patch needs a target"));
        };
        let docs_index = docs.first().map_or(0, |d| d.0);
        let ops = docs.into_iter().next().map(|d| d.1).unwrap_or(Value::Array(Vec::new()));
        for r in resources.iter_mut() {
            if target.selects(r) {
                let old_name = r.name().to_string();
                patch_json6902::apply(&mut r.value, &ops).map_err(|e| Error::invalid(&k.file, e))?;
                let sets = json6902_set_paths(&ops, &r.value);
                let index = docs_index;
                r.patches.push(source.touch(k, index, sets));
                if !r.value.is_object() {
                    return Err(Error::invalid(
                        &k.file,
                        "a JSON 6902 patch turned an object into something else",
                    ));
                }
                if r.name() != old_name {
                    r.previous_names.push(old_name);
                }
            }
        }
        return Ok(());
    }
    apply_strategic_documents(k, resources, docs, target.as_ref(), &source)
}

/// An inline patch (a string in the kustomization), loaded as YAML.
pub fn parse_inline(text: &str) -> Parsed {
    std::sync::Arc::new((text.to_string(), load_stream(text, Limits::default())))
}

/// The JSON documents of a patch.
pub fn documents(k: &Kustomization, parsed: &Parsed) -> Result<Vec<(usize, Value)>, Error> {
    documents_of(&parsed.0, &parsed.1).map_err(|e| Error::invalid(&k.file, format!("patch: {e}")))
}

/// The paths a JSON 6902 operation list set in the patched object `result`: each `add`,
/// `replace`, `copy` and `move` target, with `[i].value` (or `[i]`) as the patch-side path.
fn json6902_set_paths(ops: &Value, result: &Value) -> Vec<(ObjPath, ObjPath)> {
    let mut out = Vec::new();
    for (i, op) in ops.as_array().map(Vec::as_slice).unwrap_or(&[]).iter().enumerate() {
        let kind = op.get("op").and_then(Value::as_str).unwrap_or("");
        if !matches!(kind, "add" | "replace" | "copy" | "move") {
            continue;
        }
        let Some(pointer) = op.get("path").and_then(Value::as_str) else { continue };
        let mut path = ObjPath::root();
        let mut node = Some(result);
        for raw in pointer.split('/').skip(1) {
            let tok = raw.replace("~1", "/").replace("~0", "~");
            match node {
                Some(Value::Array(a)) => {
                    let idx = if tok == "-" { a.len().saturating_sub(1) } else { tok.parse().unwrap_or(0) };
                    node = a.get(idx);
                    path = path.index(idx);
                }
                _ => {
                    node = node.and_then(|n| n.get(&tok));
                    path = path.key(&tok);
                }
            }
        }
        let ppath = ObjPath::root().index(i);
        let ppath = if op.get("value").is_some() { ppath.key("value") } else { ppath };
        if !path.0.is_empty() || matches!(path.0.first(), Some(Seg::Key(_))) {
            out.push((path, ppath));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn regex_subset() {
        assert!(regex_full_match("app", "app"));
        assert!(!regex_full_match("app", "app2"));
        assert!(regex_full_match("app.*", "app-x"));
        assert!(regex_full_match("a|b", "b"));
        assert!(regex_full_match("^pod.?info$", "podinfo"));
    }

    #[test]
    fn label_selectors() {
        let l = json!({"app": "web", "tier": "fe"});
        assert!(selector_matches("app=web", Some(&l)));
        assert!(selector_matches("app=web,tier!=be", Some(&l)));
        assert!(selector_matches("tier in (fe, be),!missing", Some(&l)));
        assert!(!selector_matches("app notin (web)", Some(&l)));
        assert!(!selector_matches("missing", Some(&l)));
    }
}

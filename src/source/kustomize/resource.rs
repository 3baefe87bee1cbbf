//! One Kubernetes object inside a build: its JSON value (what kustomize's transformers see),
//! where it was read from, and the names it had before prefixes/suffixes/hashes (needed to fix
//! references to it).

use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

use crate::source::yaml::node::Value as NodeValue;
use crate::source::yaml::{Limits, LoadedStream, Node, ObjPath, Style, load_stream};

use super::yaml11::v3_plain_value;

#[derive(Debug, Clone, PartialEq)]
pub struct Resource {
    pub value: Value,
    /// The file the object was read from (or the kustomization that generated it).
    pub origin: PathBuf,
    /// Document index within that file.
    pub document: usize,
    /// Names the object had before transformers renamed it, oldest first.
    pub previous_names: Vec<String>,
    /// metadata.namespace as the object was first read or generated.
    pub original_namespace: String,
    /// True for generated ConfigMaps/Secrets that get a hash suffix at the end.
    pub needs_hash: bool,
    /// generator behavior (create/merge/replace) for generated objects.
    pub behavior: Option<String>,
    /// For an item of a `kind: *List` document: its index in `items`.
    pub list_item: Option<usize>,
    /// The patches applied to this object, in order, with the paths each set.
    pub patches: Vec<PatchTouch>,
    /// The kustomization files whose transformers this object went through, innermost first.
    pub through: Vec<PathBuf>,
}

/// One patch applied to an object: where the patch is written and which of the object's
/// paths it set (each with the path of the node that set it inside the patch document).
#[derive(Debug, Clone, PartialEq)]
pub struct PatchTouch {
    /// The patch file, or the kustomization file for an inline patch.
    pub file: PathBuf,
    /// The document index within the patch file (0 for an inline patch).
    pub document: usize,
    /// For an inline patch: the kustomization field and item index holding its text.
    pub inline: Option<(String, usize)>,
    /// (path in the object after the patch, path in the patch document).
    pub sets: Vec<(ObjPath, ObjPath)>,
}

impl Resource {
    pub fn new(value: Value, origin: &Path, document: usize) -> Self {
        let original_namespace =
            value.pointer("/metadata/namespace").and_then(Value::as_str).unwrap_or("").to_string();
        Resource {
            original_namespace,
            value,
            origin: origin.to_path_buf(),
            document,
            previous_names: Vec::new(),
            needs_hash: false,
            behavior: None,
            list_item: None,
            patches: Vec::new(),
            through: Vec::new(),
        }
    }
    pub fn str_at(&self, path: &[&str]) -> &str {
        let mut v = &self.value;
        for p in path {
            match v.get(p) {
                Some(x) => v = x,
                None => return "",
            }
        }
        v.as_str().unwrap_or("")
    }
    pub fn kind(&self) -> &str {
        self.str_at(&["kind"])
    }
    pub fn name(&self) -> &str {
        self.str_at(&["metadata", "name"])
    }
    pub fn namespace(&self) -> &str {
        self.str_at(&["metadata", "namespace"])
    }
    pub fn api_version(&self) -> &str {
        self.str_at(&["apiVersion"])
    }
    /// (group, version) of `apiVersion`.
    pub fn group_version(&self) -> (&str, &str) {
        let av = self.api_version();
        match av.split_once('/') {
            Some((g, v)) => (g, v),
            None => ("", av),
        }
    }
    pub fn set_name(&mut self, name: &str) {
        let old = self.name().to_string();
        if old != name {
            self.previous_names.push(old);
        }
        metadata_mut(&mut self.value).insert("name".into(), Value::String(name.into()));
    }
    /// Every name this object has had, current one last.
    pub fn all_names(&self) -> impl Iterator<Item = &str> {
        self.previous_names.iter().map(String::as_str).chain(std::iter::once(self.name()))
    }
}

pub fn metadata_mut(v: &mut Value) -> &mut Map<String, Value> {
    let obj = v.as_object_mut().expect("resource is an object");
    let md = obj.entry("metadata").or_insert_with(|| Value::Object(Map::new()));
    if !md.is_object() {
        *md = Value::Object(Map::new());
    }
    md.as_object_mut().expect("metadata is an object")
}

/// A YAML node as go-yaml v3 decodes it into JSON (kustomize's view of a file). `source` is
/// the text the node was read from.
pub fn node_to_value(node: &Node, source: &str) -> Value {
    match &node.value {
        NodeValue::Scalar(s) => {
            let tag = node.tag.as_deref();
            match tag {
                Some("!!str") | Some("tag:yaml.org,2002:str") => return Value::String(s.text.to_string()),
                Some("!!null") => return Value::Null,
                _ => {}
            }
            if matches!(s.style, Style::Literal | Style::Folded) {
                return Value::String(block_scalar_text(node, &s.text, source));
            }
            if s.style != Style::Plain {
                return Value::String(s.text.to_string());
            }
            match tag {
                None | Some("!!int") | Some("!!float") | Some("!!bool") => v3_plain_value(&s.text),
                Some(_) => Value::String(s.text.to_string()),
            }
        }
        NodeValue::Seq(items) => Value::Array(items.iter().map(|i| node_to_value(i, source)).collect()),
        NodeValue::Map(entries) => {
            let mut m = Map::new();
            // merged entries first, so that own keys win
            for e in entries.iter().filter(|e| e.merged).chain(entries.iter().filter(|e| !e.merged)) {
                let key = match e.key.as_scalar() {
                    Some(s) => s.text.to_string(),
                    None => serde_json::to_string(&node_to_value(&e.key, source)).unwrap_or_default(),
                };
                if e.merged && m.contains_key(&key) {
                    continue;
                }
                m.insert(key, node_to_value(&e.value, source));
            }
            Value::Object(m)
        }
    }
}

/// A block scalar's value as go-yaml v3 reads it: a block scalar that runs to the end of a
/// file without a final line break has none (the loader adds one).
fn block_scalar_text(node: &Node, text: &str, source: &str) -> String {
    let end = node.span.end.offset as usize;
    // only blanks, and no line break, between the scalar's last character and the end of file
    let unterminated = source.get(end..).is_some_and(|rest| rest.trim().is_empty() && !rest.contains('\n'));
    let text = if unterminated && text.ends_with('\n') { &text[..text.len() - 1] } else { text };
    match node.as_scalar().map(|s| s.style) {
        Some(Style::Folded) => folded_round_trip(text),
        _ => text.to_string(),
    }
}

/// kustomize prints an object after a go-yaml v3 write-and-read round trip. v3 writes a
/// folded (`>`) scalar with a blank line before every single line break (so that it is not
/// folded), even before a more-indented line, where the blank line then survives the read;
/// and when the value starts with a blank it writes none, so single breaks fold into spaces.
/// This returns the value after that round trip.
pub fn folded_round_trip(v: &str) -> String {
    if !super::emit::block_allowed(v) {
        return v.to_string();
    }
    let blank = |s: &str| s.starts_with(' ') || s.starts_with('\t');
    let first_blank = v.is_empty() || blank(v);
    let lines: Vec<&str> = v.split('\n').collect();
    let mut out = String::new();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        out.push_str(line);
        // count the breaks after this line
        let mut j = i + 1;
        while j < lines.len() && lines[j].is_empty() && j + 1 < lines.len() {
            j += 1;
        }
        if j >= lines.len() {
            break;
        }
        let breaks = j - i;
        let next = lines[j];
        let mut n = breaks;
        let mut space = false;
        if !line.is_empty() && !blank(line) && !next.is_empty() {
            if !first_blank && blank(next) {
                n += 1;
            } else if first_blank && !blank(next) {
                if breaks == 1 {
                    space = true;
                } else {
                    n -= 1;
                }
            }
        }
        if space {
            out.push(' ');
        } else {
            for _ in 0..n {
                out.push('\n');
            }
        }
        i = j;
    }
    out
}

/// Parses a YAML stream into JSON documents (empty documents skipped).
pub fn parse_documents(text: &str) -> Result<Vec<(usize, Value)>, String> {
    documents_of(text, &load_stream(text, Limits::default()))
}

/// The JSON documents of `text`, already loaded as `stream` (empty documents skipped).
pub fn documents_of(text: &str, stream: &LoadedStream) -> Result<Vec<(usize, Value)>, String> {
    // go-yaml v3 refuses a mapping that repeats a key, and so does kustomize
    if let Some(p) = stream.problems.first() {
        return Err(format!("{} at line {}:{}", p.message, p.span.start.line, p.span.start.column));
    }
    Ok(stream
        .docs
        .iter()
        .filter_map(|d| d.root.as_ref().map(|r| (d.index, node_to_value(r, text))))
        .filter(|(_, v)| !v.is_null())
        .collect())
}

/// kustomize turns every object into JSON: a key that is not a string (`1:`, `true:`, a date)
/// or an infinite/NaN number makes the build fail. Finds the first such node.
fn json_incompatible(node: &Node) -> Option<String> {
    let plain_non_string = |n: &Node| {
        n.as_scalar().is_some_and(|s| {
            n.tag.is_none()
                && s.style == Style::Plain
                && (!v3_plain_value(&s.text).is_string() || is_timestamp_text(&s.text))
        })
    };
    match &node.value {
        NodeValue::Scalar(s) => (s.style == Style::Plain
            && node.tag.is_none()
            && matches!(
                s.text.as_str(),
                ".inf"
                    | ".Inf"
                    | ".INF"
                    | "+.inf"
                    | "+.Inf"
                    | "+.INF"
                    | "-.inf"
                    | "-.Inf"
                    | "-.INF"
                    | ".nan"
                    | ".NaN"
                    | ".NAN"
            ))
        .then(|| format!("line {}: {} is not a JSON number", node.span.start.line, s.text)),
        NodeValue::Seq(items) => items.iter().find_map(json_incompatible),
        NodeValue::Map(entries) => entries.iter().find_map(|e| {
            if plain_non_string(&e.key) || e.key.as_scalar().is_none() {
                return Some(format!(
                    "line {}: the key {} is not a string (kustomize cannot turn it into JSON)",
                    e.key.span.start.line,
                    e.key.scalar_text().unwrap_or("(a collection)")
                ));
            }
            json_incompatible(&e.value)
        }),
    }
}

fn is_timestamp_text(s: &str) -> bool {
    super::yaml11::is_timestamp(s)
}

/// Reads the objects of one resource file, expanding `kind: *List` objects as kustomize does.
pub fn resources_from_text(text: &str, origin: &Path) -> Result<Vec<Resource>, String> {
    resources_from_stream(text, &load_stream(text, Limits::default()), origin)
}

/// `resources_from_text` for a file already loaded as `stream`.
pub fn resources_from_stream(
    text: &str,
    stream: &LoadedStream,
    origin: &Path,
) -> Result<Vec<Resource>, String> {
    for d in &stream.docs {
        if let Some(problem) = d.root.as_ref().and_then(json_incompatible) {
            return Err(problem);
        }
    }
    let mut out = Vec::new();
    for (index, value) in documents_of(text, stream)? {
        if !value.is_object() {
            return Err(format!("{}: document {index} is not a mapping", origin.display()));
        }
        let is_list = value.get("kind").and_then(Value::as_str).is_some_and(|k| k.ends_with("List"))
            && value.get("items").is_some();
        if is_list {
            if let Some(items) = value.get("items").and_then(Value::as_array) {
                for (i, it) in items.iter().enumerate() {
                    if it.is_object() {
                        let mut r = Resource::new(it.clone(), origin, index);
                        r.list_item = Some(i);
                        out.push(r);
                    }
                }
            }
            continue;
        }
        out.push(Resource::new(value, origin, index));
    }
    for r in &out {
        match r.value.get("metadata") {
            Some(Value::Object(_)) => {}
            _ => {
                return Err(format!(
                    "{}: document {}: missing Resource metadata",
                    origin.display(),
                    r.document
                ));
            }
        }
        if r.name().is_empty() {
            return Err(format!(
                "{}: document {}: missing metadata.name in a {}",
                origin.display(),
                r.document,
                r.kind()
            ));
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn yaml_is_read_like_go_yaml_v3() {
        let docs =
            parse_documents("a: yes\nb: '1'\nc: 0644\nd: !!str 3\ne: ~\n---\n---\nf: [1, x]\n").unwrap();
        assert_eq!(docs.len(), 2);
        assert_eq!(docs[0].1, json!({"a": "yes", "b": "1", "c": 420, "d": "3", "e": null}));
        assert_eq!(docs[1].1, json!({"f": [1, "x"]}));
    }

    #[test]
    fn folded_scalars_gain_a_blank_line_before_more_indented_lines() {
        assert_eq!(folded_round_trip("a(c,\n  b\n)"), "a(c,\n\n  b\n)");
        assert_eq!(folded_round_trip("a\nb\n"), "a\nb\n");
        assert_eq!(folded_round_trip("a\n\n  b"), "a\n\n\n  b");
    }

    #[test]
    fn keys_that_are_not_strings_fail_like_kustomize() {
        for doc in ["a:\n  1: x\n", "a:\n  true: x\n", "a:\n  2024-01-01: x\n", "a: .inf\n"] {
            assert!(resources_from_text(doc, Path::new("x.yaml")).is_err(), "{doc}");
        }
        assert!(
            resources_from_text("metadata: {name: n}\na:\n  \"1\": x\n  yes: y\n", Path::new("x.yaml"))
                .is_ok()
        );
    }

    #[test]
    fn duplicate_keys_and_nameless_objects_fail_like_kustomize() {
        for doc in [
            "kind: A\nmetadata: {name: a}\nspec: 1\nspec: 2\n",
            "kind: A\nspec: {}\n",
            "kind: A\nmetadata:\n  labels: {}\n",
        ] {
            assert!(resources_from_text(doc, Path::new("x.yaml")).is_err(), "{doc}");
        }
    }

    #[test]
    fn lists_are_expanded() {
        let r = resources_from_text(
            "apiVersion: v1\nkind: List\nitems:\n- kind: A\n  metadata: {name: a}\n- kind: B\n  metadata: {name: b}\n",
            Path::new("x.yaml"),
        )
        .unwrap();
        assert_eq!(r.iter().map(|r| r.name().to_string()).collect::<Vec<_>>(), ["a", "b"]);
    }
}

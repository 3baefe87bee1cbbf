//! `configMapGenerator` / `secretGenerator`: objects made from literals, files and env files
//! (api/internal/generators, api/kv), with `generatorOptions`, and their create/merge/replace
//! behaviour against objects already accumulated.

use serde_json::{Map, Value};

use super::load::{Error, Kustomization, scalar_string, string_pairs};
use super::resource::{Resource, metadata_mut};

/// Merged per-generator and global options.
#[derive(Debug, Clone, Default)]
struct Options {
    labels: Vec<(String, String)>,
    annotations: Vec<(String, String)>,
    disable_hash: bool,
    immutable: bool,
}

fn options(local: Option<&Value>, global: Option<&Value>) -> Options {
    let mut o = Options::default();
    let mut labels: Map<String, Value> = Map::new();
    let mut annotations: Map<String, Value> = Map::new();
    for src in [local, global].into_iter().flatten() {
        for (k, v) in string_pairs(src.get("labels")) {
            labels.insert(k, Value::String(v));
        }
        for (k, v) in string_pairs(src.get("annotations")) {
            annotations.insert(k, Value::String(v));
        }
        if src.get("disableNameSuffixHash").and_then(Value::as_bool) == Some(true) {
            o.disable_hash = true;
        }
        if src.get("immutable").and_then(Value::as_bool) == Some(true) {
            o.immutable = true;
        }
    }
    o.labels = labels.into_iter().map(|(k, v)| (k, scalar_string(&v))).collect();
    o.annotations = annotations.into_iter().map(|(k, v)| (k, scalar_string(&v))).collect();
    o
}

/// Standard base64 (what `base64.StdEncoding` writes).
pub fn base64(data: &[u8]) -> String {
    const T: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(data.len().div_ceil(3) * 4);
    for chunk in data.chunks(3) {
        let b = [chunk[0], *chunk.get(1).unwrap_or(&0), *chunk.get(2).unwrap_or(&0)];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        out.push(T[(n >> 18) as usize & 63] as char);
        out.push(T[(n >> 12) as usize & 63] as char);
        out.push(if chunk.len() > 1 { T[(n >> 6) as usize & 63] as char } else { '=' });
        out.push(if chunk.len() > 2 { T[n as usize & 63] as char } else { '=' });
    }
    out
}

/// kyaml's encodeBase64: lines of 70 characters, each followed by a newline when there is more
/// than one line.
fn encode_base64_lines(data: &[u8]) -> String {
    let enc = base64(data);
    let lines = enc.len() / 70 + 1;
    if lines == 1 {
        return enc;
    }
    let mut out = String::new();
    for chunk in enc.as_bytes().chunks(70) {
        out.push_str(std::str::from_utf8(chunk).unwrap_or(""));
        out.push('\n');
    }
    out
}

fn remove_quotes(s: &str) -> &str {
    let b = s.as_bytes();
    if b.len() < 2 || b[0] != b[b.len() - 1] {
        return s;
    }
    if b[0] == b'"' || b[0] == b'\'' { &s[1..s.len() - 1] } else { s }
}

/// The key/value pairs of one generator: literals, then files, then env files.
fn pairs(k: &Kustomization, spec: &Value) -> Result<Vec<(String, Vec<u8>)>, Error> {
    let mut out: Vec<(String, Vec<u8>)> = Vec::new();
    let list = |key: &str| -> Vec<String> {
        spec.get(key)
            .and_then(Value::as_array)
            .map(|a| a.iter().map(scalar_string).collect())
            .unwrap_or_default()
    };
    for lit in list("literals") {
        let Some((key, value)) = lit.split_once('=').filter(|(k, _)| !k.is_empty()) else {
            return Err(Error::invalid(&k.file, format!("invalid literal source {lit}, expected key=value")));
        };
        out.push((key.to_string(), remove_quotes(value).as_bytes().to_vec()));
    }
    for src in list("files") {
        let (key, path) = match src.matches('=').count() {
            0 => (src.rsplit('/').next().unwrap_or(&src).to_string(), src.clone()),
            1 => {
                let (a, b) = src.split_once('=').expect("one =");
                if a.is_empty() || b.is_empty() {
                    return Err(Error::invalid(&k.file, format!("invalid file source {src:?}")));
                }
                (a.to_string(), b.to_string())
            }
            _ => {
                return Err(Error::invalid(
                    &k.file,
                    format!("source {src:?} key name or file path contains '='"),
                ));
            }
        };
        let real = k.restricted_path(&path)?;
        let data = k.fs.read(&real).map_err(|e| Error::invalid(&k.file, format!("reading '{path}': {e}")))?;
        out.push((key, data));
    }
    let mut envs = list("envs");
    if let Some(e) = spec.get("env").and_then(Value::as_str) {
        envs.push(e.to_string());
    }
    for env in envs {
        let text = k.read_file(&env)?;
        for (i, line) in text.lines().enumerate() {
            let line = if i == 0 { line.trim_start_matches('\u{feff}') } else { line };
            let line = line.trim_start();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let (key, value) = line.split_once('=').unwrap_or((line, ""));
            out.push((key.to_string(), value.as_bytes().to_vec()));
        }
    }
    let mut seen = std::collections::HashSet::new();
    let name = spec.get("name").and_then(Value::as_str).unwrap_or("");
    for (key, _) in &out {
        if !seen.insert(key.clone()) {
            return Err(Error::invalid(
                &k.file,
                format!("configmap {name} illegally repeats the key `{key}`"),
            ));
        }
    }
    Ok(out)
}

fn make(k: &Kustomization, spec: &Value, kind: &str) -> Result<Resource, Error> {
    let name = spec.get("name").map(scalar_string).unwrap_or_default();
    if name.is_empty() {
        return Err(Error::invalid(&k.file, format!("a {} must have a name", kind.to_lowercase())));
    }
    let mut obj = Map::new();
    obj.insert("apiVersion".into(), Value::String("v1".into()));
    obj.insert("kind".into(), Value::String(kind.into()));
    let mut md = Map::new();
    md.insert("name".into(), Value::String(name));
    if let Some(ns) = spec.get("namespace").map(scalar_string).filter(|s| !s.is_empty()) {
        md.insert("namespace".into(), Value::String(ns));
    }
    obj.insert("metadata".into(), Value::Object(md));
    let kv = pairs(k, spec)?;
    if kind == "Secret" {
        let t =
            spec.get("type").map(scalar_string).filter(|s| !s.is_empty()).unwrap_or_else(|| "Opaque".into());
        obj.insert("type".into(), Value::String(t));
        let mut data = Map::new();
        for (key, value) in kv {
            data.insert(key, Value::String(encode_base64_lines(&value)));
        }
        obj.insert("data".into(), Value::Object(data));
    } else {
        let mut data = Map::new();
        let mut binary = Map::new();
        for (key, value) in kv {
            match String::from_utf8(value) {
                Ok(s) => {
                    data.insert(key, Value::String(s));
                }
                Err(e) => {
                    binary.insert(key, Value::String(encode_base64_lines(e.as_bytes())));
                }
            }
        }
        if !data.is_empty() {
            obj.insert("data".into(), Value::Object(data));
        }
        if !binary.is_empty() {
            obj.insert("binaryData".into(), Value::Object(binary));
        }
    }
    let mut value = Value::Object(obj);
    let opts = options(spec.get("options"), k.get("generatorOptions"));
    if !opts.labels.is_empty() {
        let md = metadata_mut(&mut value);
        let labels = md.entry("labels").or_insert_with(|| Value::Object(Map::new()));
        for (a, b) in &opts.labels {
            labels[a] = Value::String(b.clone());
        }
    }
    if !opts.annotations.is_empty() {
        let md = metadata_mut(&mut value);
        let ann = md.entry("annotations").or_insert_with(|| Value::Object(Map::new()));
        for (a, b) in &opts.annotations {
            ann[a] = Value::String(b.clone());
        }
    }
    if opts.immutable
        && let Some(o) = value.as_object_mut()
    {
        o.insert("immutable".into(), Value::Bool(true));
    }
    let mut r = Resource::new(value, &k.file, 0);
    r.needs_hash = !opts.disable_hash;
    r.behavior = Some(
        spec.get("behavior").map(scalar_string).filter(|s| !s.is_empty()).unwrap_or_else(|| "create".into()),
    );
    Ok(r)
}

/// Runs both generators of `k` and absorbs their output into `resources`.
pub fn run(k: &Kustomization, resources: &mut Vec<Resource>) -> Result<(), Error> {
    for (key, kind) in [("configMapGenerator", "ConfigMap"), ("secretGenerator", "Secret")] {
        let Some(gens) = k.get(key).and_then(Value::as_array) else { continue };
        for spec in gens {
            let r = make(k, spec, kind)?;
            absorb(k, resources, r)?;
        }
    }
    Ok(())
}

fn absorb(k: &Kustomization, resources: &mut Vec<Resource>, new: Resource) -> Result<(), Error> {
    let behavior = new.behavior.clone().unwrap_or_else(|| "create".into());
    let pos = resources.iter().position(|r| {
        r.kind() == new.kind()
            && r.all_names().any(|n| n == new.name())
            && (new.namespace().is_empty() || r.namespace() == new.namespace())
    });
    match (behavior.as_str(), pos) {
        ("create", None) => resources.push(new),
        ("create", Some(_)) => {
            return Err(Error::invalid(
                &k.file,
                format!("{} {} already exists; use behavior merge or replace", new.kind(), new.name()),
            ));
        }
        ("merge", Some(i)) | ("replace", Some(i)) => {
            let old = &mut resources[i];
            for key in ["data", "binaryData"] {
                let newv = new.value.get(key).cloned();
                let obj = old.value.as_object_mut().expect("object");
                if behavior == "replace" {
                    obj.remove(key);
                }
                if let Some(Value::Object(nm)) = newv {
                    let slot = obj.entry(key).or_insert_with(|| Value::Object(Map::new()));
                    if let Value::Object(om) = slot {
                        for (a, b) in nm {
                            om.insert(a, b);
                        }
                    }
                }
            }
            for key in ["labels", "annotations"] {
                if let Some(Value::Object(nm)) = new.value.pointer(&format!("/metadata/{key}")).cloned() {
                    let md = metadata_mut(&mut old.value);
                    let slot = md.entry(key).or_insert_with(|| Value::Object(Map::new()));
                    if let Value::Object(om) = slot {
                        for (a, b) in nm {
                            om.insert(a, b);
                        }
                    }
                }
            }
            // the merged object keeps the original's naming (no hash for a plain resource)
        }
        (b, None) if b == "merge" || b == "replace" => {
            return Err(Error::invalid(
                &k.file,
                format!(
                    "{} {} has behavior {b} but no object of that name exists to {b}",
                    new.kind(),
                    new.name()
                ),
            ));
        }
        (b, _) => return Err(Error::invalid(&k.file, format!("unknown generator behavior '{b}'"))),
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_like_go() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        let long = encode_base64_lines(&[b'x'; 60]);
        assert!(long.ends_with('\n') && long.lines().next().unwrap().len() == 70);
    }

    #[test]
    fn literals_files_envs_and_options() {
        let tmp = tempfile::tempdir().unwrap();
        std::fs::write(tmp.path().join("app.properties"), "a=b\n").unwrap();
        std::fs::write(tmp.path().join(".env"), "# c\nX=1\n\nY=two=2\n").unwrap();
        std::fs::write(
            tmp.path().join("kustomization.yaml"),
            "generatorOptions:\n  labels: {g: l}\nconfigMapGenerator:\n- name: cm\n  literals: [k=\"v\"]\n  files: [app.properties]\n  envs: [.env]\nsecretGenerator:\n- name: s\n  literals: [p=pw]\n  options: {disableNameSuffixHash: true}\n",
        )
        .unwrap();
        let k = Kustomization::load(tmp.path()).unwrap();
        let mut rs = Vec::new();
        run(&k, &mut rs).unwrap();
        assert_eq!(
            rs[0].value["data"],
            serde_json::json!({"k": "v", "app.properties": "a=b\n", "X": "1", "Y": "two=2"})
        );
        assert_eq!(rs[0].value["metadata"]["labels"]["g"], "l");
        assert!(rs[0].needs_hash);
        assert_eq!(rs[1].value["data"]["p"], "cHc=");
        assert_eq!(rs[1].value["type"], "Opaque");
        assert!(!rs[1].needs_hash);
    }
}

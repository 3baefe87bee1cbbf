//! `--data` documents, loaded as OPA's file loader (`opa eval -d`) does: `.json`, `.yaml`
//! and `.yml` files only; a file named directly merges at the root of `data`; in a
//! directory, files directly inside merge at the root and files in sub-directories under
//! their relative directory path (`-d dir` with `dir/exceptions/x.yaml` → `data.exceptions`).

use std::path::{Path, PathBuf};

use serde_json::{Map, Value as Json};

use super::input::{parse_text, parser_for_path};
use super::{Error, Result};

/// Deep-merges `src` into `dst`; two different non-object values at one path conflict.
fn merge(dst: &mut Map<String, Json>, src: Map<String, Json>, at: &str) -> Result<()> {
    for (k, v) in src {
        match (dst.get_mut(&k), v) {
            (Some(Json::Object(d)), Json::Object(s)) => merge(d, s, &format!("{at}/{k}"))?,
            (Some(existing), v) => {
                if *existing != v {
                    return Err(Error::new(format!(
                        "load documents: merge error: conflicting values at {at}/{k}"
                    )));
                }
            }
            (None, v) => {
                dst.insert(k, v);
            }
        }
    }
    Ok(())
}

fn load_file(path: &Path) -> Result<Map<String, Json>> {
    let Some(parser) = parser_for_path(path) else {
        return Ok(Map::new());
    };
    let shown = super::engine::display_path(path);
    let text = std::fs::read_to_string(path)
        .map_err(|e| Error::new(format!("load documents: {shown}: {}", super::io_error_text(&e))))?;
    let value = parse_text(parser, &text, &shown)?;
    // OPA's loader reads one YAML document per file.
    let value = match value {
        Json::Array(items) if parser == "yaml" && text.contains("\n---") => {
            items.into_iter().next().unwrap_or(Json::Null)
        }
        v => v,
    };
    match value {
        Json::Object(m) => Ok(m),
        Json::Null => Ok(Map::new()),
        _ => Err(Error::new(format!(
            "load documents: {shown}: bundle/data file must contain an object at the root"
        ))),
    }
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>, depth: usize) {
    if depth > 64 {
        return;
    }
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<PathBuf> = rd.flatten().map(|e| e.path()).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            walk(&p, out, depth + 1);
        } else if parser_for_path(&p).is_some() {
            out.push(p);
        }
    }
}

/// Loads every data path into one `data` object.
pub fn load_data(paths: &[PathBuf]) -> Result<Json> {
    let mut root = Map::new();
    for p in paths {
        let meta = std::fs::metadata(p).map_err(|e| {
            Error::new(format!("load documents: stat {}: {}", p.display(), super::io_error_text(&e)))
        })?;
        if !meta.is_dir() {
            let doc = load_file(p)?;
            merge(&mut root, doc, "")?;
            continue;
        }
        let mut files = Vec::new();
        walk(p, &mut files, 0);
        for f in files {
            let mut doc = load_file(&f)?;
            let rel = f.parent().and_then(|d| d.strip_prefix(p).ok());
            if let Some(rel) = rel {
                let comps: Vec<String> =
                    rel.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
                for c in comps.into_iter().rev() {
                    let mut m = Map::new();
                    m.insert(c, Json::Object(doc));
                    doc = m;
                }
            }
            merge(&mut root, doc, "")?;
        }
    }
    Ok(Json::Object(root))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn directories_prefix_sub_directory_files() {
        let dir = std::env::temp_dir().join(format!("kubegate-data-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("exceptions/team")).unwrap();
        std::fs::write(dir.join("top.yaml"), "limits: {cpu: 2}\n").unwrap();
        std::fs::write(dir.join("exceptions/team/x.json"), r#"{"names": ["a"]}"#).unwrap();
        std::fs::write(dir.join("ignored.txt"), "not data").unwrap();
        let d = load_data(std::slice::from_ref(&dir)).unwrap();
        assert_eq!(d, serde_json::json!({"limits": {"cpu": 2}, "exceptions": {"team": {"names": ["a"]}}}));
        // The same key with two values is a conflict.
        std::fs::write(dir.join("top2.yaml"), "limits: {cpu: 3}\n").unwrap();
        assert!(load_data(std::slice::from_ref(&dir)).is_err());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}

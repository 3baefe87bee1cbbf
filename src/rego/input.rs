//! Input files for `kubegate test`: the paths and directories given (or `-` for stdin),
//! walked as conftest does (`--ignore` only applies while walking), parsed with our own
//! YAML loader (real multi-document streams, Kubernetes scalars) or as JSON.
//!
//! conftest compatibility: a file whose value is an array (several YAML documents, or a
//! top-level YAML/JSON list) is evaluated once per element; an empty file is one `null`.

use std::path::{Path, PathBuf};

use serde_json::Value as Json;

use crate::source::yaml::{Limits, ProblemKind, load_stream, to_json};

use super::{Error, Result};

/// Parser names conftest knows but kubegate does not implement.
const CONFTEST_ONLY_PARSERS: &[&str] = &[
    "cue",
    "cyclonedx",
    "dockerfile",
    "dotenv",
    "edn",
    "groovy",
    "hcl1",
    "hcl2",
    "hocon",
    "ignore",
    "ini",
    "jsonc",
    "jsonnet",
    "nginx",
    "properties",
    "spdx",
    "textproto",
    "toml",
    "vcl",
    "xml",
];

/// Checks a `--parser` value: `yaml` and `json` work, conftest's others are "not supported".
pub fn check_parser(name: &str) -> Result<&'static str> {
    match name {
        "yaml" => Ok("yaml"),
        "json" => Ok("json"),
        other if CONFTEST_ONLY_PARSERS.contains(&other) => {
            Err(Error::new(format!("parser {other:?} is not supported by kubegate (supported: yaml, json)")))
        }
        other => Err(Error::new(format!("unknown parser {other:?} (supported: yaml, json)"))),
    }
}

/// The parser chosen by file name, as conftest's auto-detection does for YAML and JSON.
pub fn parser_for_path(path: &Path) -> Option<&'static str> {
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    match ext.as_str() {
        "yaml" | "yml" => Some("yaml"),
        "json" => Some("json"),
        _ => None,
    }
}

/// A parsed input file.
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    /// The path as given or found (`-` for stdin).
    pub path: String,
    /// The documents evaluated one by one (one element unless the value was an array).
    pub docs: Vec<Json>,
    /// True when the value was an array (conftest evaluates each element).
    pub split: bool,
}

/// Parses text with a parser into one value (several YAML documents become an array).
pub fn parse_text(parser: &str, text: &str, origin: &str) -> Result<Json> {
    match parser {
        "json" => {
            let text = text.strip_prefix('\u{feff}').unwrap_or(text);
            serde_json::from_str(text).map_err(|e| {
                Error::new(format!(
                    "parse configurations: parser unmarshal: unmarshal json: {e}, path: {origin}"
                ))
            })
        }
        "yaml" => {
            let stream = load_stream(text, Limits::default());
            if let Some(p) =
                stream.problems.iter().find(|p| !matches!(p.kind, ProblemKind::DuplicateKey { .. }))
            {
                return Err(Error::new(format!(
                    "parse configurations: parser unmarshal: {}:{}:{}: {}, path: {origin}",
                    origin, p.span.start.line, p.span.start.column, p.message
                )));
            }
            let docs: Vec<Json> =
                stream.docs.iter().map(|d| d.root.as_ref().map(to_json).unwrap_or(Json::Null)).collect();
            Ok(match docs.len() {
                0 => Json::Null,
                1 => docs.into_iter().next().unwrap_or(Json::Null),
                _ => Json::Array(docs),
            })
        }
        other => check_parser(other).map(|_| Json::Null),
    }
}

fn to_config(path: String, value: Json) -> Config {
    match value {
        Json::Array(items) => Config { path, docs: items, split: true },
        v => Config { path, docs: vec![v], split: false },
    }
}

/// Expands the positional arguments into files: directories are walked (sorted, symlinks
/// followed), keeping YAML/JSON files whose path does not match `ignore`.
pub fn collect_files(args: &[String], ignore: Option<&regex::Regex>) -> Result<Vec<String>> {
    let mut files = Vec::new();
    for a in args {
        if a.is_empty() {
            continue;
        }
        if a == "-" {
            files.push("-".to_string());
            continue;
        }
        let meta = std::fs::metadata(a).map_err(|e| {
            Error::new(format!("parse files: get file info: stat {a}: {}", super::io_error_text(&e)))
        })?;
        if meta.is_dir() {
            let mut found = Vec::new();
            walk(Path::new(a), ignore, &mut found, 0);
            // Go's filepath.Walk joins and cleans: `./dir` yields `dir/a.yaml`.
            files.extend(found.iter().map(|p| super::engine::display_path(p)));
        } else {
            files.push(a.clone());
        }
    }
    if files.is_empty() {
        return Err(Error::new("parse files: no files found"));
    }
    Ok(files)
}

fn walk(dir: &Path, ignore: Option<&regex::Regex>, out: &mut Vec<PathBuf>, depth: usize) {
    if depth > 64 {
        return;
    }
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<PathBuf> = rd.flatten().map(|e| e.path()).collect();
    entries.sort();
    for path in entries {
        let Ok(meta) = std::fs::metadata(&path) else {
            continue;
        };
        if meta.is_dir() {
            walk(&path, ignore, out, depth + 1);
            continue;
        }
        if ignore.is_some_and(|re| re.is_match(&path.to_string_lossy())) {
            continue;
        }
        if parser_for_path(&path).is_some() {
            out.push(path);
        }
    }
}

/// Reads and parses every file. `parser` forces one parser for all; otherwise it is chosen
/// by extension, and stdin is YAML. A file named explicitly with an unknown type is an error.
pub fn parse_files(
    files: &[String],
    parser: Option<&str>,
    stdin: &mut dyn std::io::Read,
) -> Result<Vec<Config>> {
    let mut configs: Vec<Config> = Vec::new();
    for f in files {
        if configs.iter().any(|c| &c.path == f) {
            continue; // conftest keys configurations by path
        }
        let chosen = match parser {
            Some(p) => check_parser(p)?,
            None if f == "-" => "yaml",
            None => match parser_for_path(Path::new(f)) {
                Some(p) => p,
                None => {
                    return Err(Error::new(format!(
                        "parse configurations: new parser: unknown or unsupported file type \
                         (kubegate reads .yaml, .yml and .json; use --parser), path: {f}"
                    )));
                }
            },
        };
        let text = if f == "-" {
            let mut s = String::new();
            stdin
                .read_to_string(&mut s)
                .map_err(|e| Error::new(format!("parse configurations: read standard in: {e}")))?;
            s
        } else {
            let bytes = std::fs::read(f).map_err(|e| {
                Error::new(format!(
                    "parse configurations: get configuration content: open file: {}, path: {f}",
                    super::io_error_text(&e)
                ))
            })?;
            String::from_utf8_lossy(&bytes).into_owned()
        };
        let value = parse_text(chosen, &text, f)?;
        configs.push(to_config(f.clone(), value));
    }
    configs.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(configs)
}

/// `--combine`: every document as `{path, contents}`, sorted by path, in one array.
pub fn combine(configs: &[Config]) -> Json {
    let mut items: Vec<(String, Json)> = Vec::new();
    for c in configs {
        for d in &c.docs {
            items.push((c.path.clone(), d.clone()));
        }
    }
    items.sort_by(|a, b| a.0.cmp(&b.0));
    Json::Array(items.into_iter().map(|(p, d)| serde_json::json!({"path": p, "contents": d})).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn multi_document_yaml_is_split_properly() {
        // conftest splits on "\n---\n" and loses the third document after "--- # c".
        let v = parse_text("yaml", "a: 1\n---\nb: yes\n--- # c\nc: 0644\n", "x.yaml").unwrap();
        assert_eq!(v, serde_json::json!([{"a": 1}, {"b": true}, {"c": 420}]));
        let c = to_config("x.yaml".into(), v);
        assert!(c.split);
        assert_eq!(c.docs.len(), 3);
    }

    #[test]
    fn empty_and_single_documents() {
        assert_eq!(parse_text("yaml", "", "e.yaml").unwrap(), Json::Null);
        assert_eq!(parse_text("yaml", "a: b\n", "e.yaml").unwrap(), serde_json::json!({"a": "b"}));
        assert_eq!(parse_text("yaml", "a: 1\n---\n", "e.yaml").unwrap(), serde_json::json!([{"a": 1}, null]));
    }

    #[test]
    fn parse_errors_name_the_file_and_line() {
        let e = parse_text("yaml", "a: [1,\nb: c\n", "bad.yaml").unwrap_err().0;
        assert!(e.contains("bad.yaml:"), "{e}");
        let e = parse_text("json", "{", "bad.json").unwrap_err().0;
        assert!(e.contains("path: bad.json"), "{e}");
    }

    #[test]
    fn parsers_outside_yaml_and_json_are_refused_clearly() {
        assert!(check_parser("hcl2").unwrap_err().0.contains("not supported by kubegate"));
        assert!(check_parser("nope").unwrap_err().0.contains("unknown parser"));
        assert_eq!(check_parser("json"), Ok("json"));
    }
}

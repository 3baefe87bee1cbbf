//! `--capabilities`: OPA's capabilities JSON restricts which builtins policies may call.
//! regorus has no such check, so the calls are found in the policy text (comments and
//! string literals removed) and compared with the allowed list and the policies' own
//! functions. An approximation of OPA's type checker, enough to refuse a forbidden call.

use std::collections::BTreeSet;
use std::path::Path;

use super::engine::PolicyEngine;
use super::{Error, Result};

const KEYWORDS: &[&str] =
    &["if", "not", "some", "every", "in", "with", "else", "default", "import", "package", "as"];

/// Removes `# comments` and the contents of string literals.
pub fn strip(source: &str) -> String {
    let mut out = String::with_capacity(source.len());
    let mut chars = source.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '#' => {
                for c in chars.by_ref() {
                    if c == '\n' {
                        out.push('\n');
                        break;
                    }
                }
            }
            '"' => {
                out.push_str("\"\"");
                while let Some(c) = chars.next() {
                    match c {
                        '\\' => {
                            chars.next();
                        }
                        '"' => break,
                        _ => {}
                    }
                }
            }
            '`' => {
                out.push_str("\"\"");
                for c in chars.by_ref() {
                    if c == '`' {
                        break;
                    }
                }
            }
            c => out.push(c),
        }
    }
    out
}

/// Names called as functions in a policy, and the functions it defines.
fn calls_and_definitions(source: &str) -> (BTreeSet<String>, BTreeSet<String>) {
    let text = strip(source);
    let call = regex::Regex::new(r"(^|[^\w.])([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*)\s*\(").expect("regex");
    let def = regex::Regex::new(r"(?m)^\s*([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*)\s*\([^)]*\)\s*(:=|=|\{|if\b)")
        .expect("regex");
    let calls = call
        .captures_iter(&text)
        .map(|c| c[2].to_string())
        .filter(|n| !KEYWORDS.contains(&n.as_str()))
        .collect();
    let defs = def.captures_iter(&text).map(|c| c[1].to_string()).collect();
    (calls, defs)
}

/// Fails when a policy calls a builtin the capabilities file does not allow.
pub fn check(engine: &PolicyEngine, caps_path: &Path) -> Result<()> {
    let text = std::fs::read_to_string(caps_path)
        .map_err(|e| Error::new(format!("load capabilities: {}: {e}", caps_path.display())))?;
    let caps: serde_json::Value = serde_json::from_str(&text)
        .map_err(|e| Error::new(format!("load capabilities: {}: {e}", caps_path.display())))?;
    let allowed: BTreeSet<String> = caps
        .get("builtins")
        .and_then(|b| b.as_array())
        .map(|a| {
            a.iter().filter_map(|b| b.get("name").and_then(|n| n.as_str()).map(str::to_string)).collect()
        })
        .unwrap_or_default();
    let mut defined = BTreeSet::new();
    let mut used = Vec::new();
    for f in &engine.files {
        let (calls, defs) = calls_and_definitions(&f.source);
        defined.extend(defs);
        used.push((f, calls));
    }
    let mut errors = Vec::new();
    for (f, calls) in used {
        for name in calls {
            let local = defined.contains(&name)
                || defined.iter().any(|d| name.ends_with(&format!(".{d}")))
                || name.starts_with("data.");
            if !local && name != "print" && !allowed.contains(&name) {
                errors.push(format!("{}: rego_type_error: undefined function {name}", f.path));
            }
        }
    }
    if !errors.is_empty() {
        return Err(Error::new(format!(
            "load: loading policies: get compiler: {} error{} occurred:\n{}",
            errors.len(),
            if errors.len() == 1 { "" } else { "s" },
            errors.join("\n")
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn calls_are_found_outside_comments_and_strings() {
        let (calls, defs) = calls_and_definitions(
            "package main\n# http.send(x)\nis_big(x) if { x > 1 }\ndeny contains msg if {\n  is_big(input.n)\n  msg := sprintf(\"opa.runtime(%v)\", [count(input.a)])\n}\n",
        );
        let calls: Vec<&str> = calls.iter().map(String::as_str).collect();
        assert_eq!(calls, ["count", "is_big", "sprintf"]);
        assert!(defs.contains("is_big"));
    }
}

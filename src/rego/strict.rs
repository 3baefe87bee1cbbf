//! `--strict`: the parts of OPA's strict compile mode that can be checked on the policy
//! text, since regorus has none: unused and duplicate imports, and the deprecated builtins
//! (`any`, `all`, `re_match`, `set_diff`, `net.cidr_overlap`, `cast_*`) that strict mode
//! forbids. Unused local variables and arguments are not detected.

use super::engine::PolicyEngine;
use super::{Error, Result};

const DEPRECATED: &[&str] = &[
    "any",
    "all",
    "re_match",
    "set_diff",
    "net.cidr_overlap",
    "cast_array",
    "cast_set",
    "cast_string",
    "cast_boolean",
    "cast_null",
    "cast_object",
];

/// The problems of one file, as `<file>:<line>: rego_compile_error: <what>`.
pub fn problems(path: &str, source: &str) -> Vec<String> {
    let text = super::capabilities::strip(source);
    let mut out = Vec::new();
    let mut seen: Vec<String> = Vec::new();
    let import_re = regex::Regex::new(r"^import\s+(\S+)(?:\s+as\s+(\w+))?").expect("regex");
    for (i, line) in text.lines().enumerate() {
        let Some(c) = import_re.captures(line.trim_end()) else {
            continue;
        };
        let target = c[1].to_string();
        if target == "rego.v1" || target.starts_with("future.keywords") {
            continue;
        }
        let alias = c
            .get(2)
            .map(|m| m.as_str().to_string())
            .unwrap_or_else(|| target.rsplit('.').next().unwrap_or(&target).to_string());
        if seen.contains(&target) {
            out.push(format!(
                "{path}:{}: rego_compile_error: import {target} is redundant",
                i + 1
            ));
            continue;
        }
        seen.push(target.clone());
        let word =
            regex::Regex::new(&format!(r"(^|[^\w.]){}\b", regex::escape(&alias))).expect("regex");
        let used = text
            .lines()
            .enumerate()
            .any(|(j, l)| j != i && !l.trim_start().starts_with("import ") && word.is_match(l));
        if !used {
            out.push(format!(
                "{path}:{}: rego_compile_error: import {target} unused",
                i + 1
            ));
        }
    }
    let names: Vec<String> = DEPRECATED.iter().map(|n| regex::escape(n)).collect();
    let call =
        regex::Regex::new(&format!(r"(?:^|[^\w.])({})\s*\(", names.join("|"))).expect("regex");
    for (i, line) in text.lines().enumerate() {
        for c in call.captures_iter(line) {
            out.push(format!(
                "{path}:{}: rego_type_error: deprecated built-in function calls in expression: {}",
                i + 1,
                &c[1]
            ));
        }
    }
    out
}

/// Fails with every strict-mode problem of the loaded policies.
pub fn check(engine: &PolicyEngine) -> Result<()> {
    let all: Vec<String> = engine
        .files
        .iter()
        .flat_map(|f| problems(&f.path, &f.source))
        .collect();
    if all.is_empty() {
        return Ok(());
    }
    Err(Error::new(format!(
        "load: loading policies: get compiler: {} error{} occurred:\n{}",
        all.len(),
        if all.len() == 1 { "" } else { "s" },
        all.join("\n")
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unused_duplicate_imports_and_deprecated_builtins() {
        let src = "package main\nimport rego.v1\nimport data.lib\nimport data.other\nimport data.lib\n\ndeny contains \"x\" if {\n  lib.bad\n  any([true])\n  # re_match(\"a\", \"b\") in a comment\n}\n";
        assert_eq!(
            problems("p.rego", src),
            [
                "p.rego:4: rego_compile_error: import data.other unused",
                "p.rego:5: rego_compile_error: import data.lib is redundant",
                "p.rego:9: rego_type_error: deprecated built-in function calls in expression: any",
            ]
        );
        assert!(problems("q.rego", "package main\nimport data.lib as l\nx := l.y\n").is_empty());
    }
}

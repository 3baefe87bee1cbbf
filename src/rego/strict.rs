//! `--strict`: OPA's strict compile mode, checked on the policy text since regorus has
//! none: unused and duplicate imports, local variables assigned with `:=` and never used,
//! unused function arguments, and the deprecated builtins (`any`, `all`, `re_match`,
//! `set_diff`, `net.cidr_overlap`, `cast_*`). A textual approximation of OPA's checks
//! (comments and strings removed; a name counts as used wherever it appears in the rule).

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
            out.push(format!("{path}:{}: rego_compile_error: import {target} is redundant", i + 1));
            continue;
        }
        seen.push(target.clone());
        let word = regex::Regex::new(&format!(r"(^|[^\w.]){}\b", regex::escape(&alias))).expect("regex");
        let used = text
            .lines()
            .enumerate()
            .any(|(j, l)| j != i && !l.trim_start().starts_with("import ") && word.is_match(l));
        if !used {
            out.push(format!("{path}:{}: rego_compile_error: import {target} unused", i + 1));
        }
    }
    unused_locals(path, &text, &mut out);
    let names: Vec<String> = DEPRECATED.iter().map(|n| regex::escape(n)).collect();
    let call = regex::Regex::new(&format!(r"(?:^|[^\w.])({})\s*\(", names.join("|"))).expect("regex");
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

fn is_statement_start(line: &str) -> bool {
    line.chars().next().is_some_and(|c| c.is_alphabetic() || c == '_')
        && !line.starts_with("import ")
        && !line.starts_with("package ")
}

/// Occurrences of `name` as a variable (not after `.`, not part of a longer word).
fn uses(text: &str, name: &str) -> usize {
    let re = regex::Regex::new(&format!(r"(^|[^\w.]){}\b", regex::escape(name))).expect("regex");
    re.find_iter(text).count()
}

/// Unused `:=` locals and unused function arguments, rule by rule.
fn unused_locals(path: &str, text: &str, out: &mut Vec<String>) {
    let lines: Vec<&str> = text.lines().collect();
    let starts: Vec<usize> = (0..lines.len()).filter(|&i| is_statement_start(lines[i])).collect();
    let assign = regex::Regex::new(r"(?:^|[^\w.])([A-Za-z_]\w*)\s*:=").expect("regex");
    let func = regex::Regex::new(r"^[\w.]+\(([^)]*)\)").expect("regex");
    for (k, &start) in starts.iter().enumerate() {
        let end = starts.get(k + 1).copied().unwrap_or(lines.len());
        let block = lines[start..end].join("\n");
        let head = lines[start];
        // The body: after the first `{` of the head line, then the following lines.
        let body_offset = head.find('{').map(|i| i + 1).unwrap_or(head.len());
        for (li, line) in lines[start..end].iter().enumerate() {
            let from = if li == 0 { body_offset } else { 0 };
            let Some(part) = line.get(from..) else {
                continue;
            };
            for c in assign.captures_iter(part) {
                let name = &c[1];
                if name != "_" && name != "else" && uses(&block, name) == 1 {
                    out.push(format!(
                        "{path}:{}: rego_compile_error: assigned var {name} unused",
                        start + li + 1
                    ));
                }
            }
        }
        if let Some(c) = func.captures(head) {
            let after_head = &block[c.get(0).map(|m| m.end()).unwrap_or(0)..];
            for arg in c[1].split(',').map(str::trim) {
                let is_var = arg.chars().next().is_some_and(|ch| ch.is_alphabetic() || ch == '_')
                    && arg.chars().all(|ch| ch.is_alphanumeric() || ch == '_');
                if is_var && arg != "_" && uses(after_head, arg) == 0 {
                    out.push(format!("{path}:{}: rego_compile_error: unused argument {arg}", start + 1));
                }
            }
        }
    }
}

/// Fails with every strict-mode problem of the loaded policies.
pub fn check(engine: &PolicyEngine) -> Result<()> {
    let all: Vec<String> = engine.files.iter().flat_map(|f| problems(&f.path, &f.source)).collect();
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

    #[test]
    fn unused_assignments_and_arguments() {
        let src = "package main\n\nallow if {\n  a := 1\n  b := 2\n  x := {\"a\": a, \"b\": 1}\n}\n\nf(x, y) if {\n  x > 1\n} else := false if {\n  input.z\n}\n\ng(x) := y if {\n  y := x + 1\n}\n";
        assert_eq!(
            problems("s.rego", src),
            [
                "s.rego:5: rego_compile_error: assigned var b unused",
                "s.rego:6: rego_compile_error: assigned var x unused",
                "s.rego:9: rego_compile_error: unused argument y",
            ]
        );
    }
}

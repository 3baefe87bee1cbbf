//! Source preparation before a policy reaches regorus, for what an extension cannot do
//! because it needs to know *where* it is called: OPA's `rego.metadata.rule()` and
//! `rego.metadata.chain()` (regorus does not parse `# METADATA`), and conftest's
//! `parse_config_file(path)` whose path is relative to the calling `.rego` file. It also
//! works around a regorus parse gap: a body line starting with `(` is read as a call
//! continuing the previous line, so a `;` is put at the end of the previous expression.
//! Every rewrite stays on its line, so line numbers in errors and `print()` are unchanged.
//! Also parses the `# METADATA` blocks themselves (title, description, custom, ...).

use serde_json::Value as Json;

use crate::source::yaml::{Limits, load_stream, to_json};

/// A `# METADATA` block and the statement it annotates.
#[derive(Debug, Clone, PartialEq)]
pub struct Annotation {
    /// 1-based line of the annotated statement (a rule or the package).
    pub line: usize,
    /// The YAML of the block as JSON (an object, or null when it does not parse).
    pub value: Json,
    /// True when the annotated statement is the `package` line.
    pub package: bool,
}

fn is_statement_start(line: &str) -> bool {
    let Some(c) = line.chars().next() else {
        return false;
    };
    !c.is_whitespace() && c != '#' && c != '}' && !line.starts_with("import ")
}

/// Finds every `# METADATA` block.
pub fn annotations(source: &str) -> Vec<Annotation> {
    let lines: Vec<&str> = source.lines().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        if lines[i].trim() != "# METADATA" {
            i += 1;
            continue;
        }
        let mut yaml = String::new();
        let mut j = i + 1;
        while j < lines.len() && lines[j].trim_start().starts_with('#') {
            let t = lines[j].trim_start().trim_start_matches('#');
            yaml.push_str(t.strip_prefix(' ').unwrap_or(t));
            yaml.push('\n');
            j += 1;
        }
        while j < lines.len() && lines[j].trim().is_empty() {
            j += 1;
        }
        if j < lines.len() {
            let stream = load_stream(&yaml, Limits::default());
            let value = stream.docs.first().and_then(|d| d.root.as_ref()).map(to_json).unwrap_or(Json::Null);
            out.push(Annotation { line: j + 1, value, package: lines[j].starts_with("package ") });
        }
        i = j;
    }
    out
}

/// Replaces `name(` calls (not `x.name(`) with `replacement(`, inserting `first_arg, `.
fn rewrite_call(line: &str, name: &str, replacement: &str, first_arg: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while let Some(pos) = rest.find(name) {
        let before = rest[..pos].chars().next_back();
        let after = &rest[pos + name.len()..];
        let boundary = !before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '.');
        let call = after.trim_start().starts_with('(');
        out.push_str(&rest[..pos]);
        if boundary && call {
            let paren = after.find('(').unwrap_or(0);
            out.push_str(replacement);
            out.push_str(&after[..=paren]);
            out.push_str(first_arg);
            out.push_str(", ");
            rest = &after[paren + 1..];
        } else {
            out.push_str(name);
            rest = after;
        }
    }
    out.push_str(rest);
    out
}

/// Byte index where the code of a line ends (before a `#` comment, trailing spaces
/// removed), and whether the line ends inside a raw string. `in_raw`: the line starts in one.
fn code_end(line: &str, mut in_raw: bool) -> (usize, bool) {
    let mut in_str = false;
    let mut escaped = false;
    let mut end = line.len();
    for (i, c) in line.char_indices() {
        if in_raw {
            in_raw = c != '`';
            continue;
        }
        if in_str {
            match (escaped, c) {
                (true, _) => escaped = false,
                (false, '\\') => escaped = true,
                (false, '"') => in_str = false,
                _ => {}
            }
            continue;
        }
        match c {
            '"' => in_str = true,
            '`' => in_raw = true,
            '#' => {
                end = i;
                break;
            }
            _ => {}
        }
    }
    (line[..end].trim_end().len(), in_raw)
}

/// Ends the expression before every body line that starts with `(` with a `;`.
fn separate_paren_lines(source: &str) -> String {
    let mut lines: Vec<String> = source.split_inclusive('\n').map(str::to_string).collect();
    let mut in_raw = false;
    let mut last_code: Option<(usize, usize)> = None; // (line index, code end)
    for i in 0..lines.len() {
        let starts_raw = in_raw;
        let (end, raw_after) = code_end(&lines[i], in_raw);
        in_raw = raw_after;
        if starts_raw {
            last_code = None;
            continue;
        }
        let line = lines[i].clone();
        let trimmed = line.trim_start();
        let indented = line.starts_with([' ', '\t']);
        if indented
            && trimmed.starts_with('(')
            && let Some((j, e)) = last_code
        {
            let prev = &lines[j][..e];
            let ends_expression = prev
                .chars()
                .next_back()
                .is_some_and(|c| c.is_alphanumeric() || matches!(c, '_' | ')' | ']' | '}' | '"' | '`'));
            if ends_expression {
                lines[j].insert(e, ';');
            }
        }
        if end > 0 {
            last_code = Some((i, end));
        }
    }
    lines.concat()
}

/// Splits v0 multi-body rules `p { a } { b }` (unsupported by regorus) into `p { a } p { b }`,
/// which OPA treats the same way (two definitions of `p`).
fn split_multi_body(source: &str) -> String {
    let b = source.as_bytes();
    let mut out = String::with_capacity(source.len() + 32);
    let (mut depth, mut i, mut last) = (0i32, 0usize, 0usize);
    let mut stmt_start = 0usize;
    let mut head: Option<String> = None;
    let mut line_start = true;
    while i < b.len() {
        let c = b[i];
        if line_start && depth == 0 && (c.is_ascii_alphabetic() || c == b'_') {
            stmt_start = i;
            head = None;
        }
        line_start = c == b'\n';
        match c {
            b'#' => {
                while i < b.len() && b[i] != b'\n' {
                    i += 1;
                }
                continue;
            }
            b'"' => {
                i += 1;
                while i < b.len() && b[i] != b'"' {
                    i += if b[i] == b'\\' { 2 } else { 1 };
                }
            }
            b'`' => {
                i += 1;
                while i < b.len() && b[i] != b'`' {
                    i += 1;
                }
            }
            b'{' | b'[' | b'(' => {
                if c == b'{' && depth == 0 && head.is_none() {
                    // `p = {"a": 1} { body }`: a `{` after `=` opens the value, not a body.
                    let h = source[stmt_start..i].trim_end();
                    if !(h.ends_with('=') || h.ends_with("contains") || h.ends_with("else")) {
                        head = Some(h.to_string());
                    }
                }
                depth += 1;
            }
            b'}' | b']' | b')' => {
                depth -= 1;
                if c == b'}' && depth == 0 {
                    let mut j = i + 1;
                    while j < b.len() && (b[j] == b' ' || b[j] == b'\t') {
                        j += 1;
                    }
                    if j < b.len()
                        && b[j] == b'{'
                        && let Some(h) = head.as_deref().filter(|h| !h.is_empty())
                    {
                        out.push_str(&source[last..=i]);
                        out.push(' ');
                        out.push_str(h);
                        out.push(' ');
                        last = j;
                        i = j;
                        continue;
                    }
                }
            }
            _ => {}
        }
        i += 1;
    }
    out.push_str(&source[last.min(source.len())..]);
    out
}

/// The prepared source of one policy file.
pub fn prepare(path: &str, source: &str, package_path: Option<&str>) -> String {
    let paren_lines = source.lines().any(|l| l.trim_start().starts_with('('));
    let mut prepared = prepare_calls(path, source, package_path);
    if paren_lines {
        prepared = separate_paren_lines(&prepared);
    }
    if prepared.contains('}') && regex::Regex::new(r"\}[ \t]*\{").expect("regex").is_match(&prepared) {
        prepared = split_multi_body(&prepared);
    }
    prepared
}

fn prepare_calls(path: &str, source: &str, package_path: Option<&str>) -> String {
    let uses_metadata = source.contains("rego.metadata.");
    let uses_files = source.contains("parse_config_file") || source.contains("parse_combined_config_files");
    let imports_input = source.lines().any(|l| l.trim() == "import input");
    if !uses_metadata && !uses_files && !imports_input {
        return source.to_string();
    }
    let anns = if uses_metadata { annotations(source) } else { Vec::new() };
    let package_ann = anns.iter().find(|a| a.package).map(|a| a.value.clone());
    let dir = std::path::Path::new(path)
        .parent()
        .map(|d| d.to_string_lossy().into_owned())
        .filter(|d| !d.is_empty())
        .unwrap_or_else(|| ".".to_string());
    let dir_lit = serde_json::to_string(&dir).unwrap_or_else(|_| "\".\"".into());
    let mut current_rule: Option<(usize, String)> = None;
    let mut out = String::with_capacity(source.len() + 64);
    for (idx, line) in source.split_inclusive('\n').enumerate() {
        let n = idx + 1;
        if is_statement_start(line) && !line.starts_with("package ") {
            let name: String =
                line.chars().take_while(|c| c.is_alphanumeric() || *c == '_' || *c == '.').collect();
            current_rule = Some((n, name));
        }
        let mut l = line.to_string();
        if l.trim() == "import input" {
            // Redundant in Rego; regorus would print a warning to stderr for it.
            l = l.replace("import input", "# import input");
        }
        if uses_files {
            l = rewrite_call(&l, "parse_config_file", "kubegate_parse_config_file", &dir_lit);
            l = rewrite_call(
                &l,
                "parse_combined_config_files",
                "kubegate_parse_combined_config_files",
                &dir_lit,
            );
        }
        if uses_metadata && (l.contains("rego.metadata.rule()") || l.contains("rego.metadata.chain()")) {
            let rule_ann = current_rule
                .as_ref()
                .and_then(|(start, _)| anns.iter().find(|a| a.line == *start && !a.package))
                .map(|a| a.value.clone());
            let rule_lit =
                serde_json::to_string(&rule_ann.clone().unwrap_or(Json::Object(Default::default())))
                    .unwrap_or_else(|_| "{}".into());
            l = l.replace("rego.metadata.rule()", &rule_lit);
            let mut chain = Vec::new();
            let pkg: Vec<Json> = std::iter::once("data")
                .chain(package_path.unwrap_or("").split('.').filter(|s| !s.is_empty()))
                .map(|s| Json::String(s.to_string()))
                .collect();
            if let Some(a) = rule_ann {
                let mut p = pkg.clone();
                if let Some((_, name)) = &current_rule {
                    p.push(Json::String(name.clone()));
                }
                chain.push(serde_json::json!({"path": p, "annotations": a}));
            }
            if let Some(a) = &package_ann {
                chain.push(serde_json::json!({"path": pkg, "annotations": a}));
            }
            let chain_lit = serde_json::to_string(&chain).unwrap_or_else(|_| "[]".into());
            l = l.replace("rego.metadata.chain()", &chain_lit);
        }
        out.push_str(&l);
    }
    out
}

/// The package path of a source (`package a.b` → `a.b`), read from its text.
pub fn package_of(source: &str) -> Option<String> {
    source.lines().find_map(|l| {
        let rest = l.strip_prefix("package ")?;
        Some(rest.split_whitespace().next()?.to_string())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const SRC: &str = "# METADATA\n# title: pkg\npackage main\n\n# METADATA\n# title: No root\n# custom:\n#   id: K1\n#   template: 'bad %v'\ndeny contains msg if {\n\tmd := rego.metadata.rule()\n\tmsg := sprintf(md.custom.template, [1])\n}\n";

    #[test]
    fn metadata_blocks_are_parsed() {
        let a = annotations(SRC);
        assert_eq!(a.len(), 2);
        assert!(a[0].package);
        assert_eq!(a[1].line, 10);
        assert_eq!(a[1].value["custom"]["id"], "K1");
    }

    #[test]
    fn metadata_rule_is_replaced_on_its_line() {
        let p = prepare("policy/p.rego", SRC, Some("main"));
        assert_eq!(p.lines().count(), SRC.lines().count());
        assert!(p.contains(r#"md := {"custom":{"id":"K1","template":"bad %v"},"title":"No root"}"#), "{p}");
        let c = prepare(
            "p.rego",
            "package main\n# METADATA\n# title: t\nx := rego.metadata.chain()\n",
            Some("main"),
        );
        assert!(c.contains(r#"x := [{"annotations":{"title":"t"},"path":["data","main","x"]}]"#), "{c}");
    }

    #[test]
    fn a_line_starting_with_a_parenthesis_is_a_new_expression() {
        let src = "package main\np if {\n\tx := input.a # (note)\n\n\t(x - 1) >= 0\n\ty := count(\n\t\t(input.b)\n\t)\n\t\"s(\" == \"s(\"\n\t(y) > 0\n}\n";
        assert_eq!(
            prepare("p.rego", src, None),
            "package main\np if {\n\tx := input.a; # (note)\n\n\t(x - 1) >= 0\n\ty := count(\n\t\t(input.b)\n\t)\n\t\"s(\" == \"s(\";\n\t(y) > 0\n}\n"
        );
    }

    #[test]
    fn multi_body_rules_become_separate_rules() {
        let src = "package main\ndeny[msg] { input.a == 1; msg := \"{ x }\" } { input.a == 2; msg := \"b\" }\np { x := {\"a\": 1}; x.a } # } {\nq = {\"a\": 1} { true }\n";
        assert_eq!(
            prepare("p.rego", src, None),
            "package main\ndeny[msg] { input.a == 1; msg := \"{ x }\" } deny[msg] { input.a == 2; msg := \"b\" }\np { x := {\"a\": 1}; x.a } # } {\nq = {\"a\": 1} { true }\n"
        );
    }

    #[test]
    fn redundant_import_input_is_dropped() {
        assert_eq!(
            prepare("p.rego", "package main\nimport input\nx := 1\n", None),
            "package main\n# import input\nx := 1\n"
        );
    }

    #[test]
    fn config_file_paths_become_relative_to_the_policy() {
        let p = prepare(
            "policy/sub/p.rego",
            "x := parse_config_file(\"a.yaml\")\ny := my.parse_config_file(1)\n",
            None,
        );
        assert_eq!(
            p,
            "x := kubegate_parse_config_file(\"policy/sub\", \"a.yaml\")\ny := my.parse_config_file(1)\n"
        );
    }
}

//! The regorus adapter: finds the `.rego` files of the policy paths (recursively, as
//! conftest's loader does), parses each as Rego v0 or v1 (forced by `--rego-version`, or
//! detected per file), compiles them once into a `regorus::Engine` with our extra builtins,
//! and indexes the rules conftest cares about (deny/violation/warn/exception/test_*).
//! Evaluation clones the prepared engine (≈0.1 µs) per worker instead of rebuilding it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use regorus::unstable::{Expr, Rule, RuleHead};

use super::{Error, Result};

/// Rego syntax version of a policy file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RegoVersion {
    V0,
    V1,
}

impl RegoVersion {
    /// Parses conftest's `--rego-version` value (`v0`/`V0`/`v1`/`V1`).
    pub fn parse(s: &str) -> Result<Self> {
        match s {
            "v0" | "V0" => Ok(RegoVersion::V0),
            "v1" | "V1" => Ok(RegoVersion::V1),
            other => Err(Error::new(format!("invalid Rego version: {other}"))),
        }
    }
}

/// How policies are loaded.
#[derive(Debug, Clone, Default)]
pub struct EngineOptions {
    /// None: detect per file (v1 unless the file only parses as v0).
    pub rego_version: Option<RegoVersion>,
    /// `--show-builtin-errors`: builtin errors abort evaluation instead of being undefined.
    pub strict_builtin_errors: bool,
}

/// One loaded policy file.
#[derive(Debug, Clone)]
pub struct PolicyFile {
    /// The path as found (relative paths stay relative, with `/` separators).
    pub path: String,
    /// Package path without the leading `data.`.
    pub package: String,
    pub version: RegoVersion,
    pub source: String,
}

/// One rule definition (one body) whose name conftest looks at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleDef {
    pub name: String,
    /// Index into `PolicyEngine::files`.
    pub file: usize,
    pub line: u32,
}

/// What kind of rule a name is, by conftest's regexes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RuleKind {
    Failure,
    Warning,
}

/// conftest: failure `^(deny|violation)(_[a-zA-Z0-9]+)*$`, warning `^warn(_[a-zA-Z0-9]+)*$`.
pub fn rule_kind(name: &str) -> Option<RuleKind> {
    fn suffix_ok(rest: &str) -> bool {
        // (_[a-zA-Z0-9]+)*
        if rest.is_empty() {
            return true;
        }
        let Some(rest) = rest.strip_prefix('_') else {
            return false;
        };
        rest.split('_').all(|seg| !seg.is_empty() && seg.bytes().all(|b| b.is_ascii_alphanumeric()))
    }
    for (prefix, kind) in
        [("deny", RuleKind::Failure), ("violation", RuleKind::Failure), ("warn", RuleKind::Warning)]
    {
        if let Some(rest) = name.strip_prefix(prefix)
            && suffix_ok(rest)
        {
            return Some(kind);
        }
    }
    None
}

/// The policies of a run, compiled once.
#[derive(Clone)]
pub struct PolicyEngine {
    engine: regorus::Engine,
    pub files: Vec<PolicyFile>,
    /// Namespace → deny/violation/warn rule definitions, in file and source order.
    checks: BTreeMap<String, Vec<RuleDef>>,
    /// Namespaces that define an `exception` rule.
    exceptions: Vec<String>,
    /// (namespace, test rule name, file index), distinct names in source order.
    pub tests: Vec<(String, String, usize)>,
    /// True when some policy reads `data.conftest` (so per-file info must be set).
    pub uses_conftest_data: bool,
    /// The `--data` documents merged so far.
    data: serde_json::Value,
}

/// Lists the `.rego` files of the policy paths, sorted, recursively. A missing path is an error.
pub fn find_rego_files(paths: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for p in paths {
        let meta = std::fs::metadata(p)
            .map_err(|e| Error::new(format!("load: stat {}: {}", p.display(), super::io_error_text(&e))))?;
        if meta.is_dir() {
            let mut found = Vec::new();
            walk_dir(p, &mut found, 0)?;
            found.sort();
            out.extend(found);
        } else if p.extension().is_some_and(|e| e == "rego") {
            out.push(p.clone());
        }
    }
    out.dedup();
    Ok(out)
}

fn walk_dir(dir: &Path, out: &mut Vec<PathBuf>, depth: usize) -> Result<()> {
    if depth > 64 {
        return Ok(()); // symlink loops
    }
    let rd = std::fs::read_dir(dir)
        .map_err(|e| Error::new(format!("load: open {}: {}", dir.display(), super::io_error_text(&e))))?;
    for entry in rd.flatten() {
        let path = entry.path();
        let Ok(meta) = std::fs::metadata(&path) else {
            continue;
        };
        if meta.is_dir() {
            walk_dir(&path, out, depth + 1)?;
        } else if path.extension().is_some_and(|e| e == "rego") {
            out.push(path);
        }
    }
    Ok(())
}

/// Path as a display string with `/` separators and no leading `./`.
pub fn display_path(p: &Path) -> String {
    let s = p.to_string_lossy().replace('\\', "/");
    let s = s.strip_prefix("./").unwrap_or(&s).to_string();
    s.replace("//", "/")
}

fn new_engine(version: RegoVersion, strict_builtin_errors: bool) -> regorus::Engine {
    let mut e = regorus::Engine::new();
    e.set_rego_v0(version == RegoVersion::V0);
    e.set_strict_builtin_errors(strict_builtin_errors);
    e.set_gather_prints(true);
    e
}

/// Decides the Rego version of one file when `--rego-version` is not given: a file that
/// imports `rego.v1` is v1; otherwise v1 if it parses as v1, else v0 if it parses as v0.
/// When neither parses, the v1 error is returned (v1 is conftest's default).
pub fn detect_version(path: &str, source: &str) -> std::result::Result<RegoVersion, String> {
    let v1 = new_engine(RegoVersion::V1, false).add_policy(path.to_string(), source.to_string());
    match v1 {
        Ok(_) => Ok(RegoVersion::V1),
        Err(e1) => {
            if source.contains("import rego.v1") || v1_keyword_without_import(source).is_some() {
                return Err(e1.to_string());
            }
            match new_engine(RegoVersion::V0, false).add_policy(path.to_string(), source.to_string()) {
                Ok(_) => Ok(RegoVersion::V0),
                Err(_) => Err(e1.to_string()),
            }
        }
    }
}

/// A v1 keyword (`if`, `contains`, `in`, `every`) used in a file that does not import it: such a file
/// is not valid Rego v0 (regorus' v0 parser would accept it with a warning on stderr).
pub fn v1_keyword_without_import(source: &str) -> Option<&'static str> {
    if source.contains("import rego.v1") || source.contains("import future.keywords\n") {
        return None;
    }
    let text = super::capabilities::strip(source);
    let imported = |kw: &str| {
        source.contains(&format!("import future.keywords.{kw}"))
            || source.lines().any(|l| l.trim() == "import future.keywords")
    };
    // A keyword use: the word on its own (not `x.if`, not a call `contains(`).
    let uses = [
        ("if", r"(^|[^\w.])if([^\w(]|$)"),
        ("contains", r"(^|[^\w.])contains\s+[^\s(]"),
        ("every", r"(^|[^\w.])every\s+\w"),
        ("in", r"(^|[^\w.])in\s+[^\s(]"),
    ];
    for (kw, pattern) in uses {
        let re = regex::Regex::new(pattern).expect("regex");
        if !imported(kw) && re.is_match(&text) {
            return Some(kw);
        }
    }
    None
}

fn var_name(e: &Expr) -> Option<&str> {
    match e {
        Expr::Var { span, .. } => Some(span.text()),
        _ => None,
    }
}

impl PolicyEngine {
    /// Loads every `.rego` file under `paths` and compiles them.
    pub fn load(paths: &[PathBuf], opts: &EngineOptions) -> Result<Self> {
        let files = find_rego_files(paths)?;
        if files.is_empty() {
            let shown: Vec<String> = paths.iter().map(|p| display_path(p)).collect();
            return Err(Error::new(format!("no policies found in [{}]", shown.join(" "))));
        }
        let mut sources = Vec::new();
        for f in &files {
            let text = std::fs::read_to_string(f).map_err(|e| {
                Error::new(format!("load: read {}: {}", f.display(), super::io_error_text(&e)))
            })?;
            sources.push((display_path(f), text));
        }
        Self::from_sources(sources, opts)
    }

    /// Compiles policies given as (path, source) pairs.
    pub fn from_sources(sources: Vec<(String, String)>, opts: &EngineOptions) -> Result<Self> {
        let mut engine = new_engine(RegoVersion::V1, opts.strict_builtin_errors);
        super::builtins::register(&mut engine, opts.strict_builtin_errors)?;
        let mut files = Vec::new();
        let mut uses_conftest_data = false;
        let mut errors = Vec::new();
        for (path, original) in sources {
            let text =
                super::rewrite::prepare(&path, &original, super::rewrite::package_of(&original).as_deref());
            if opts.rego_version == Some(RegoVersion::V0)
                && let Some(kw) = v1_keyword_without_import(&text)
            {
                errors.push(format!(
                    "{path}: rego_parse_error: `{kw}` is a keyword only with `import future.keywords.{kw}` or `import rego.v1` in Rego v0"
                ));
                continue;
            }
            let version = match opts.rego_version {
                Some(v) => v,
                None => match detect_version(&path, &text) {
                    Ok(v) => v,
                    Err(e) => {
                        errors.push(e);
                        continue;
                    }
                },
            };
            engine.set_rego_v0(version == RegoVersion::V0);
            uses_conftest_data |= text.contains("data.conftest");
            match engine.add_policy(path.clone(), text.clone()) {
                Ok(pkg) => files.push(PolicyFile {
                    path,
                    package: pkg.strip_prefix("data.").unwrap_or(&pkg).to_string(),
                    version,
                    source: text,
                }),
                Err(e) => errors.push(e.to_string()),
            }
        }
        if !errors.is_empty() {
            return Err(Error::new(format!("load: loading policies: get compiler: {}", errors.join("\n"))));
        }

        let mut checks: BTreeMap<String, Vec<RuleDef>> = BTreeMap::new();
        let mut exceptions = Vec::new();
        let mut tests: Vec<(String, String, usize)> = Vec::new();
        let mut problematic = None;
        for (i, module) in engine.get_modules().iter().enumerate() {
            let ns = files[i].package.clone();
            checks.entry(ns.clone()).or_default();
            for rule in &module.policy {
                let (refr, span, compr_without_value) = match rule.as_ref() {
                    Rule::Spec { head, span, .. } => match head {
                        RuleHead::Compr { refr, assign, .. } => (refr, span, assign.is_none()),
                        RuleHead::Set { refr, .. } => (refr, span, false),
                        RuleHead::Func { refr, .. } => (refr, span, false),
                    },
                    Rule::Default { refr, span, .. } => (refr, span, false),
                };
                // `deny[msg] if {...}`: a v1 head that builds an object, not a set.
                if compr_without_value
                    && let Expr::RefBrack { refr: base, .. } = refr.as_ref()
                    && var_name(base).is_some_and(|n| rule_kind(n).is_some())
                    && problematic.is_none()
                {
                    problematic = Some(format!("rule in {} at line {}", files[i].path, span.line));
                }
                let Some(name) = var_name(refr) else { continue };
                let is_func = matches!(rule.as_ref(), Rule::Spec { head: RuleHead::Func { .. }, .. });
                if rule_kind(name).is_some() && !is_func {
                    checks.entry(ns.clone()).or_default().push(RuleDef {
                        name: name.to_string(),
                        file: i,
                        line: span.line,
                    });
                } else if name == "exception" {
                    if !exceptions.contains(&ns) {
                        exceptions.push(ns.clone());
                    }
                } else if (name.starts_with("test_") || name.starts_with("todo_test_"))
                    && !is_func
                    && !tests.iter().any(|(n, t, _)| *n == ns && t == name)
                {
                    tests.push((ns.clone(), name.to_string(), i));
                }
            }
        }
        if let Some(p) = problematic {
            return Err(Error::new(format!(
                "load: loading policies: rule is using 'if' keyword without 'contains' keyword: {p}"
            )));
        }
        // Prepare once (analysis, scheduling) so that clones start ready.
        engine
            .eval_query("true".to_string(), false)
            .map_err(|e| Error::new(format!("load: loading policies: get compiler: {e}")))?;
        let _ = engine.take_prints();
        Ok(PolicyEngine {
            engine,
            files,
            checks,
            exceptions,
            tests,
            uses_conftest_data,
            data: serde_json::Value::Object(Default::default()),
        })
    }

    /// Every loaded package, in load order, without duplicates (conftest's `Namespaces()`).
    pub fn namespaces(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for f in &self.files {
            if !out.contains(&f.package) {
                out.push(f.package.clone());
            }
        }
        out
    }

    /// deny/violation/warn rule definitions of a namespace (empty for unknown namespaces).
    pub fn check_rules(&self, namespace: &str) -> &[RuleDef] {
        self.checks.get(namespace).map(Vec::as_slice).unwrap_or(&[])
    }

    pub fn has_exception_rule(&self, namespace: &str) -> bool {
        self.exceptions.iter().any(|n| n == namespace)
    }

    /// Merges a data document into `data` (before cloning workers).
    pub fn add_data(&mut self, data: serde_json::Value) -> Result<()> {
        if data.as_object().is_some_and(|m| m.is_empty()) {
            return Ok(());
        }
        self.engine
            .add_data(regorus::Value::from(data.clone()))
            .map_err(|e| Error::new(format!("load: load documents: {e}")))?;
        merge_json(&mut self.data, data);
        // Re-prepare once here rather than in every clone.
        let _ = self.engine.eval_query("true".to_string(), false);
        Ok(())
    }

    /// A worker whose `data` also holds `extra` (e.g. `data.conftest.file` of one input).
    /// Changing data makes regorus re-prepare, so this is only used when policies need it.
    pub fn worker_with_data(&self, extra: serde_json::Value) -> Result<regorus::Engine> {
        let mut data = self.data.clone();
        merge_json(&mut data, extra);
        let mut e = self.engine.clone();
        e.clear_data();
        e.add_data(regorus::Value::from(data)).map_err(|e| Error::new(format!("add file info: {e}")))?;
        Ok(e)
    }

    /// A ready engine for one worker.
    pub fn worker(&self) -> regorus::Engine {
        self.engine.clone()
    }
}

/// Deep merge where `src` wins on conflicts.
fn merge_json(dst: &mut serde_json::Value, src: serde_json::Value) {
    match (dst, src) {
        (serde_json::Value::Object(d), serde_json::Value::Object(s)) => {
            for (k, v) in s {
                match d.get_mut(&k) {
                    Some(existing) => merge_json(existing, v),
                    None => {
                        d.insert(k, v);
                    }
                }
            }
        }
        (d, s) => *d = s,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rule_names_follow_conftest_regexes() {
        assert_eq!(rule_kind("deny"), Some(RuleKind::Failure));
        assert_eq!(rule_kind("deny_run_as_root"), Some(RuleKind::Failure));
        assert_eq!(rule_kind("violation_x1"), Some(RuleKind::Failure));
        assert_eq!(rule_kind("warn"), Some(RuleKind::Warning));
        assert_eq!(rule_kind("warn_a_b"), Some(RuleKind::Warning));
        assert_eq!(rule_kind("denyx"), None);
        assert_eq!(rule_kind("deny_"), None);
        assert_eq!(rule_kind("deny__x"), None);
        assert_eq!(rule_kind("warning"), None);
        assert_eq!(rule_kind("exception"), None);
        assert_eq!(rule_kind("test_deny"), None);
    }

    #[test]
    fn version_is_detected_per_file() {
        let v0 = "package main\ndeny[msg] { input.x; msg := \"x\" }\n";
        let v1 = "package main\ndeny contains msg if { input.x; msg := \"x\" }\n";
        assert_eq!(detect_version("a.rego", v0), Ok(RegoVersion::V0));
        assert_eq!(detect_version("b.rego", v1), Ok(RegoVersion::V1));
        assert!(detect_version("c.rego", "package main\ndeny {{ ").is_err());
    }

    #[test]
    fn v1_keywords_need_an_import_in_v0() {
        assert_eq!(v1_keyword_without_import("p if { x }"), Some("if"));
        assert_eq!(v1_keyword_without_import("p[x] { some x in input }"), Some("in"));
        assert_eq!(v1_keyword_without_import("p { every x in y { x } }"), Some("every"));
        assert_eq!(v1_keyword_without_import("p[x] { contains(x, \"a\") }"), None);
        assert_eq!(v1_keyword_without_import("import future.keywords.in\np { 1 in y }"), None);
        assert_eq!(v1_keyword_without_import("import rego.v1\np if { x }"), None);
        assert_eq!(v1_keyword_without_import("p { input.if == \"in x\" } # if"), None);
    }

    #[test]
    fn mixed_versions_compile_into_one_engine() {
        let e = PolicyEngine::from_sources(
            vec![
                ("a.rego".into(), "package main\ndeny[msg] { msg := \"a\" }\n".into()),
                (
                    "b.rego".into(),
                    "package main\ndeny contains msg if { msg := \"b\" }\nwarn_x contains 1 if false\n"
                        .into(),
                ),
            ],
            &EngineOptions::default(),
        )
        .unwrap();
        assert_eq!(e.files[0].version, RegoVersion::V0);
        assert_eq!(e.files[1].version, RegoVersion::V1);
        let names: Vec<&str> = e.check_rules("main").iter().map(|r| r.name.as_str()).collect();
        assert_eq!(names, ["deny", "deny", "warn_x"]);
        let mut w = e.worker();
        let v = w.eval_rule("data.main.deny".into()).unwrap();
        assert_eq!(v.to_json_str().unwrap().replace(char::is_whitespace, ""), r#"["a","b"]"#);
    }

    #[test]
    fn forced_version_rejects_the_other_syntax() {
        let opts = EngineOptions { rego_version: Some(RegoVersion::V1), ..Default::default() };
        let r = PolicyEngine::from_sources(
            vec![("a.rego".into(), "package main\ndeny[msg] { msg := \"a\" }\n".into())],
            &opts,
        );
        assert!(r.is_err());
    }

    #[test]
    fn if_without_contains_is_rejected_like_conftest() {
        let r = PolicyEngine::from_sources(
            vec![("p.rego".into(), "package main\ndeny[msg] if { msg := \"a\" }\n".into())],
            &EngineOptions::default(),
        );
        let err = r.err().unwrap().0;
        assert!(
            err.contains("rule is using 'if' keyword without 'contains' keyword: rule in p.rego at line 2"),
            "{err}"
        );
    }
}

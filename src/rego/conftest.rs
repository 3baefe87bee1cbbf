//! conftest's evaluation semantics, reproduced exactly (spec §2): which rules are queried
//! per namespace, what a rule value means (strings, objects with `msg`, empty sets and
//! non-collections as successes), exceptions, the counting rule that fills successes up to
//! the number of rule definitions, per-document aggregation, `--combine`, and exit codes.

use rayon::prelude::*;
use serde_json::{Map, Value as Json};

use super::engine::{PolicyEngine, RuleKind, rule_kind};
use super::gofmt::go_quote;
use super::input::{Config, combine};
use super::{Error, Result};

/// A `_loc` lifted from an object result: `{file, line}` (line kept as its number text).
#[derive(Debug, Clone, PartialEq)]
pub struct Loc {
    pub file: String,
    pub line: String,
}

/// One result line: a failure, warning, exception or skipped test.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    pub msg: String,
    pub loc: Option<Loc>,
    /// None for exceptions (conftest gives them no metadata).
    pub metadata: Option<Map<String, Json>>,
}

impl Outcome {
    pub fn plain(msg: impl Into<String>) -> Self {
        Outcome { msg: msg.into(), loc: None, metadata: None }
    }
}

/// conftest's CheckResult: the results of one file (or `Combined`) in one namespace.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CheckResult {
    pub filename: String,
    pub namespace: String,
    pub successes: usize,
    pub skipped: Vec<Outcome>,
    pub warnings: Vec<Outcome>,
    pub failures: Vec<Outcome>,
    pub exceptions: Vec<Outcome>,
    /// `print()` output, `<policy file>:<line>: <text>`, in evaluation order.
    pub prints: Vec<String>,
    /// The queries evaluated (for `--trace`).
    pub queries: Vec<String>,
}

impl CheckResult {
    pub fn total(&self) -> usize {
        self.successes
            + self.skipped.len()
            + self.warnings.len()
            + self.failures.len()
            + self.exceptions.len()
    }
}

/// Totals over results, as the summary line prints them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Totals {
    pub tests: usize,
    pub passed: usize,
    pub warnings: usize,
    pub failures: usize,
    pub exceptions: usize,
    pub skipped: usize,
}

pub fn totals(results: &[CheckResult]) -> Totals {
    let mut t = Totals::default();
    for r in results {
        t.passed += r.successes;
        t.warnings += r.warnings.len();
        t.failures += r.failures.len();
        t.exceptions += r.exceptions.len();
        t.skipped += r.skipped.len();
    }
    t.tests = t.passed + t.warnings + t.failures + t.exceptions + t.skipped;
    t
}

fn plural(word: &str, n: usize) -> String {
    if n == 1 { format!("{n} {word}") } else { format!("{n} {word}s") }
}

/// `N tests, N passed, N warnings, N failures, N exceptions` (+ `, N skipped` for verify).
pub fn summary_line(t: &Totals, show_skipped: bool) -> String {
    let mut s = format!(
        "{}, {} passed, {}, {}, {}",
        plural("test", t.tests),
        t.passed,
        plural("warning", t.warnings),
        plural("failure", t.failures),
        plural("exception", t.exceptions)
    );
    if show_skipped {
        s.push_str(&format!(", {} skipped", t.skipped));
    }
    s
}

/// conftest's exit code: 1 on failures; with `--fail-on-warn` 2 on failures, 1 on warnings.
pub fn exit_code(results: &[CheckResult], fail_on_warn: bool) -> i32 {
    let failures = results.iter().any(|r| !r.failures.is_empty());
    let warnings = results.iter().any(|r| !r.warnings.is_empty());
    match (fail_on_warn, failures, warnings) {
        (false, true, _) => 1,
        (false, false, _) => 0,
        (true, true, _) => 2,
        (true, false, true) => 1,
        (true, false, false) => 0,
    }
}

/// `deny_x`/`violation_x`/`warn_x` → `x`; the bare names → `""`.
pub fn exception_suffix(rule: &str) -> &str {
    if matches!(rule, "deny" | "violation" | "warn") {
        return "";
    }
    let r = rule.strip_prefix("violation_").unwrap_or(rule);
    let r = r.strip_prefix("deny_").unwrap_or(r);
    r.strip_prefix("warn_").unwrap_or(r)
}

/// How many solutions `data.<ns>.exception[_][_] == suffix` has.
fn exception_matches(exception: &regorus::Value, suffix: &str) -> usize {
    use regorus::Value as V;
    let outer: Vec<&V> = match exception {
        V::Set(s) => s.iter_sorted().collect(),
        V::Array(a) => a.iter().collect(),
        V::Object(o) => o.iter().map(|(_, v)| v).collect(),
        _ => return 0,
    };
    let target = V::from(suffix);
    outer
        .into_iter()
        .map(|inner| match inner {
            V::Set(s) => s.iter_sorted().filter(|v| **v == target).count(),
            V::Array(a) => a.iter().filter(|v| **v == target).count(),
            V::Object(o) => o.iter().filter(|(_, v)| **v == target).count(),
            _ => 0,
        })
        .sum()
}

/// A rule value → results. `None` is a "passed" result (an empty collection, a
/// non-collection value, or an empty message); undefined gives no result at all.
fn rule_results(value: &regorus::Value, query: &str) -> Result<Vec<Option<Outcome>>> {
    use regorus::Value as V;
    let items: Vec<&V> = match value {
        V::Undefined => return Ok(Vec::new()),
        V::Set(s) => s.iter_sorted().collect(),
        V::Array(a) => a.iter().collect(),
        _ => return Ok(vec![None]),
    };
    if items.is_empty() {
        return Ok(vec![None]);
    }
    let mut out = Vec::new();
    for item in items {
        match item {
            V::String(s) => {
                if s.is_empty() {
                    out.push(None);
                    continue;
                }
                let mut md = Map::new();
                md.insert("query".into(), Json::String(query.into()));
                out.push(Some(Outcome { msg: s.to_string(), loc: None, metadata: Some(md) }));
            }
            V::Object(_) => {
                let json = serde_json::to_value(item).map_err(|e| Error::new(format!("query rule: {e}")))?;
                let Json::Object(mut obj) = json else {
                    continue;
                };
                let Some(Json::String(msg)) = obj.remove("msg") else {
                    return Err(Error::new(
                        "query rule: new result: \"msg\" field must be present and a string",
                    ));
                };
                let loc = obj.remove("_loc").and_then(|l| {
                    let l = l.as_object()?;
                    let file = l.get("file").and_then(Json::as_str).unwrap_or("").to_string();
                    let line =
                        l.get("line").filter(|n| n.is_number()).map(|n| n.to_string()).unwrap_or_default();
                    (!file.is_empty() || !line.is_empty()).then_some(Loc { file, line })
                });
                obj.insert("query".into(), Json::String(query.into()));
                if msg.is_empty() {
                    out.push(None);
                    continue;
                }
                out.push(Some(Outcome { msg, loc, metadata: Some(obj) }));
            }
            _ => {} // other element types are ignored
        }
    }
    Ok(out)
}

/// Evaluates one input document in one namespace (conftest's `Engine.check`).
pub fn check_document(
    policies: &PolicyEngine,
    engine: &mut regorus::Engine,
    namespace: &str,
    input: &Json,
) -> Result<CheckResult> {
    if policies.check_rules(namespace).is_empty() {
        return Ok(CheckResult { namespace: namespace.to_string(), ..Default::default() });
    }
    engine.set_input(regorus::Value::from(input.clone()));
    check_document_input_set(policies, engine, namespace)
}

/// `check_document` on the input already set in `engine` (so several namespaces share one
/// conversion of the document).
pub fn check_document_input_set(
    policies: &PolicyEngine,
    engine: &mut regorus::Engine,
    namespace: &str,
) -> Result<CheckResult> {
    let defs = policies.check_rules(namespace);
    let mut names: Vec<&str> = Vec::new();
    for d in defs {
        if !names.iter().any(|n| n.eq_ignore_ascii_case(&d.name)) {
            names.push(&d.name);
        }
    }
    let mut result = CheckResult { namespace: namespace.to_string(), ..Default::default() };
    if names.is_empty() {
        return Ok(result);
    }
    let eval_err = |q: &str, e: anyhow::Error| Error::new(format!("query rule: evaluating policy {q}: {e}"));
    let exception = if policies.has_exception_rule(namespace) {
        let q = format!("data.{namespace}.exception");
        engine.eval_rule(q.clone()).map_err(|e| eval_err(&q, e))?
    } else {
        regorus::Value::Undefined
    };
    let mut successes = 0usize;
    for rule in names {
        let suffix = exception_suffix(rule);
        let exception_query = format!("data.{namespace}.exception[_][_] == {}", go_quote(suffix));
        let n_exc = exception_matches(&exception, suffix);
        for _ in 0..n_exc {
            result.exceptions.push(Outcome::plain(exception_query.clone()));
        }
        let query = format!("data.{namespace}.{rule}");
        let value = engine.eval_rule(query.clone()).map_err(|e| eval_err(&query, e))?;
        result.queries.push(exception_query);
        result.queries.push(query.clone());
        // Results are built (and a bad `msg` rejected) even when an exception drops them.
        let results = rule_results(&value, &query)?;
        if n_exc > 0 {
            continue;
        }
        for r in results {
            match r {
                None => successes += 1,
                Some(o) => match rule_kind(rule) {
                    Some(RuleKind::Failure) => result.failures.push(o),
                    _ => result.warnings.push(o),
                },
            }
        }
    }
    let counted = result.failures.len() + result.warnings.len() + result.exceptions.len() + successes;
    if counted < defs.len() {
        successes += defs.len() - counted;
    }
    result.successes = successes;
    result.prints = engine
        .take_prints()
        .unwrap_or_default()
        .into_iter()
        .map(|p| p.trim_end_matches('\n').to_string())
        .collect();
    Ok(result)
}

/// `check_document`, with a panic inside the engine turned into an error naming the file
/// (the worker's engine is replaced, since its state is unknown after a panic).
fn check_document_guarded(
    policies: &PolicyEngine,
    engine: &mut regorus::Engine,
    namespace: &str,
    input: &Json,
    path: &str,
) -> Result<CheckResult> {
    let run = std::panic::AssertUnwindSafe(|| check_document(policies, engine, namespace, input));
    match std::panic::catch_unwind(run) {
        Ok(r) => r,
        Err(panic) => {
            *engine = policies.worker();
            let what = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".into());
            Err(Error::new(format!(
                "check: internal error while evaluating {path} in namespace {namespace}: {what}"
            )))
        }
    }
}

/// `data.conftest.file` for a path: base name and absolute directory.
pub fn file_info(path: &str) -> Json {
    let abs = std::path::absolute(path).unwrap_or_else(|_| path.into());
    let name = abs.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let dir = abs.parent().map(|d| d.to_string_lossy().into_owned()).unwrap_or_default();
    serde_json::json!({"conftest": {"file": {"name": name, "dir": dir}}})
}

/// Evaluates one config (all its documents) in one namespace.
fn check_config(
    policies: &PolicyEngine,
    engine: &mut regorus::Engine,
    namespace: &str,
    path: &str,
    docs: &[Json],
) -> Result<CheckResult> {
    if policies.uses_conftest_data {
        *engine = policies.worker_with_data(file_info(path))?;
    }
    let mut total =
        CheckResult { filename: path.to_string(), namespace: namespace.to_string(), ..Default::default() };
    for doc in docs {
        let r = check_document_guarded(policies, engine, namespace, doc, path)?;
        total.successes += r.successes;
        total.failures.extend(r.failures);
        total.warnings.extend(r.warnings);
        total.exceptions.extend(r.exceptions);
        total.prints.extend(r.prints);
        total.queries.extend(r.queries);
    }
    Ok(total)
}

/// Runs every namespace over every config (or over the combined input), in conftest's
/// order: namespaces outside, files (sorted by path) inside. Files run in parallel, each
/// worker on its own clone of the prepared engine; the output order does not depend on it.
pub fn run_checks(
    policies: &PolicyEngine,
    configs: &[Config],
    namespaces: &[String],
    combined: bool,
) -> Result<Vec<CheckResult>> {
    let mut out = Vec::new();
    for ns in namespaces {
        if combined {
            let input = combine(configs);
            let mut engine = policies.worker();
            out.push(check_config(policies, &mut engine, ns, "Combined", std::slice::from_ref(&input))?);
            continue;
        }
        if policies.uses_conftest_data {
            // data.conftest.file changes per file: one engine (re-prepared) per file.
            let results: Vec<Result<CheckResult>> = configs
                .par_iter()
                .map_init(
                    || policies.worker(),
                    |engine, c| check_config(policies, engine, ns, &c.path, &c.docs),
                )
                .collect();
            for r in results {
                out.push(r?);
            }
            continue;
        }
        // Documents are independent: spread them over the workers, then aggregate per
        // file in order (a big multi-document file uses every core).
        let jobs: Vec<(usize, &Json)> =
            configs.iter().enumerate().flat_map(|(i, c)| c.docs.iter().map(move |d| (i, d))).collect();
        let docs: Vec<Result<CheckResult>> = jobs
            .par_iter()
            .map_init(
                || policies.worker(),
                |engine, (i, doc)| check_document_guarded(policies, engine, ns, doc, &configs[*i].path),
            )
            .collect();
        let mut totals: Vec<CheckResult> = configs
            .iter()
            .map(|c| CheckResult { filename: c.path.clone(), namespace: ns.clone(), ..Default::default() })
            .collect();
        for ((i, _), r) in jobs.iter().zip(docs) {
            let r = r?;
            let t = &mut totals[*i];
            t.successes += r.successes;
            t.failures.extend(r.failures);
            t.warnings.extend(r.warnings);
            t.exceptions.extend(r.exceptions);
            t.prints.extend(r.prints);
            t.queries.extend(r.queries);
        }
        out.extend(totals);
    }
    Ok(out)
}

//! `kubegate verify`: runs the `test_*` rules of the policy directories like
//! `conftest verify` (OPA's tester): a test passes when its value is defined and not
//! `false`; `todo_test_*` rules are skipped; an evaluation error aborts the run.

use super::conftest::{CheckResult, Outcome};
use super::engine::PolicyEngine;
use super::{Error, Result};

/// Go's `path.Match` over namespace names (`.` is an ordinary character).
pub fn glob_match(pattern: &str, name: &str) -> Result<bool> {
    fn class(p: &[char], c: char) -> Option<(bool, usize)> {
        // p starts after '['; returns (matched, chars consumed including ']').
        let mut i = 0;
        let negate = p.first() == Some(&'^');
        if negate {
            i += 1;
        }
        let mut matched = false;
        let mut first = true;
        while i < p.len() {
            if p[i] == ']' && !first {
                return Some((matched != negate, i + 1));
            }
            first = false;
            let mut lo = p[i];
            if lo == '\\' {
                i += 1;
                lo = *p.get(i)?;
            }
            let mut hi = lo;
            if p.get(i + 1) == Some(&'-') && p.get(i + 2).is_some_and(|c| *c != ']') {
                hi = p[i + 2];
                if hi == '\\' {
                    hi = *p.get(i + 3)?;
                    i += 1;
                }
                i += 2;
            }
            if lo <= c && c <= hi {
                matched = true;
            }
            i += 1;
        }
        None
    }
    fn go(p: &[char], s: &[char]) -> Option<bool> {
        match p.first() {
            None => Some(s.is_empty()),
            Some('*') => {
                for k in 0..=s.len() {
                    if go(&p[1..], &s[k..])? {
                        return Some(true);
                    }
                }
                Some(false)
            }
            Some('?') => Some(!s.is_empty() && go(&p[1..], &s[1..])?),
            Some('[') => {
                let c = *s.first()?;
                let (ok, used) = class(&p[1..], c)?;
                Some(ok && go(&p[1 + used..], &s[1..])?)
            }
            Some('\\') => {
                let lit = *p.get(1)?;
                Some(s.first() == Some(&lit) && go(&p[2..], &s[1..])?)
            }
            Some(&c) => Some(s.first() == Some(&c) && go(&p[1..], &s[1..])?),
        }
    }
    let p: Vec<char> = pattern.chars().collect();
    let s: Vec<char> = name.chars().collect();
    match go(&p, &s) {
        Some(b) => Ok(b),
        None if s.is_empty() && !p.is_empty() => Ok(false),
        None => {
            Err(Error::new(format!("filter namespaces: match pattern {pattern:?}: syntax error in pattern")))
        }
    }
}

/// Namespaces matching any pattern, in the order of `available`.
pub fn filter_namespaces(available: &[String], patterns: &[String]) -> Result<Vec<String>> {
    let mut out = Vec::new();
    for ns in available {
        for p in patterns {
            if glob_match(p, ns)? {
                out.push(ns.clone());
                break;
            }
        }
    }
    Ok(out)
}

/// One result per test rule (conftest's verify CheckResults, namespace left empty).
pub fn run_tests(policies: &PolicyEngine, namespaces: &[String]) -> Result<Vec<CheckResult>> {
    run_tests_on(policies, namespaces, None)
}

/// Rows as `[{start: {row}, end: {row}}]` ranges of consecutive lines (OPA's shape).
fn ranges(lines: &std::collections::BTreeSet<u32>) -> serde_json::Value {
    let mut out: Vec<(u32, u32)> = Vec::new();
    for &l in lines {
        match out.last_mut() {
            Some((_, end)) if *end + 1 == l => *end = l,
            _ => out.push((l, l)),
        }
    }
    serde_json::Value::Array(
        out.into_iter().map(|(a, b)| serde_json::json!({"start": {"row": a}, "end": {"row": b}})).collect(),
    )
}

fn percent(covered: usize, not_covered: usize) -> f64 {
    let total = covered + not_covered;
    if total == 0 {
        return 100.0;
    }
    (covered as f64 * 10000.0 / total as f64).round() / 100.0
}

/// Runs the tests on one engine with regorus' coverage on, and returns the results with an
/// `opa test --coverage`-like report (per file covered/not covered row ranges and percent).
pub fn run_tests_with_coverage(
    policies: &PolicyEngine,
    namespaces: &[String],
) -> Result<(Vec<CheckResult>, serde_json::Value)> {
    let mut engine = policies.worker();
    engine.set_enable_coverage(true);
    let results = run_tests_on(policies, namespaces, Some(&mut engine))?;
    let report = engine.get_coverage_report().map_err(|e| Error::new(format!("coverage: {e}")))?;
    let mut files = serde_json::Map::new();
    let (mut all_c, mut all_n) = (0, 0);
    for f in &report.files {
        all_c += f.covered.len();
        all_n += f.not_covered.len();
        files.insert(
            f.path.clone(),
            serde_json::json!({
                "covered": ranges(&f.covered),
                "not_covered": ranges(&f.not_covered),
                "covered_lines": f.covered.len(),
                "not_covered_lines": f.not_covered.len(),
                "coverage": percent(f.covered.len(), f.not_covered.len()),
            }),
        );
    }
    let report = serde_json::json!({
        "files": files,
        "covered_lines": all_c,
        "not_covered_lines": all_n,
        "coverage": percent(all_c, all_n),
    });
    Ok((results, report))
}

fn run_tests_on(
    policies: &PolicyEngine,
    namespaces: &[String],
    mut shared: Option<&mut regorus::Engine>,
) -> Result<Vec<CheckResult>> {
    let allowed = if namespaces.is_empty() {
        None
    } else {
        Some(filter_namespaces(&policies.namespaces(), namespaces)?)
    };
    let mut out = Vec::new();
    for (ns, name, file) in &policies.tests {
        if allowed.as_ref().is_some_and(|a| !a.contains(ns)) {
            continue;
        }
        let full = format!("data.{ns}.{name}");
        let mut r = CheckResult {
            filename: policies.files[*file].path.clone(),
            namespace: String::new(),
            queries: vec![full.clone()],
            ..Default::default()
        };
        if name.starts_with("todo_") {
            r.skipped.push(Outcome::plain(full));
            out.push(r);
            continue;
        }
        let mut own;
        let engine: &mut regorus::Engine = match shared.as_deref_mut() {
            Some(e) => e,
            None => {
                own = policies.worker();
                &mut own
            }
        };
        let value = engine
            .eval_rule(full.clone())
            .map_err(|e| Error::new(format!("running tests: run test: {full}: {e}")))?;
        r.prints = engine.take_prints().unwrap_or_default();
        let passed = !matches!(value, regorus::Value::Undefined | regorus::Value::Bool(false));
        if passed {
            r.successes = 1;
        } else {
            r.failures.push(Outcome::plain(full));
        }
        out.push(r);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn namespace_globs_follow_go_path_match() {
        assert!(glob_match("*", "k8s.a.b").unwrap());
        assert!(glob_match("k8s.*", "k8s.a.b").unwrap());
        assert!(glob_match("ma?n", "main").unwrap());
        assert!(glob_match("[lm]ain", "main").unwrap());
        assert!(glob_match("[^x]ain", "main").unwrap());
        assert!(!glob_match("main", "main.gke").unwrap());
        assert!(glob_match("[", "main").is_err());
    }
}

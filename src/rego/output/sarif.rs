//! conftest's `-o sarif` (SARIF 2.1.0): coarse rule ids `<ns>/deny`, `<ns>/warn`,
//! `<ns>/allow` (exceptions), `<ns>/success` and `<ns>/skip`; the location is the file, with
//! a region only when the policy gave `_loc`. The driver is kubegate.

use serde_json::{Map, Value, json};

use super::super::conftest::{CheckResult, Outcome};
use super::Options;
use super::gojson;

const SUCCESS: &str = "Policy was satisfied successfully";
const SKIPPED: &str = "Policy check was skipped";

fn description(kind: &str) -> &'static str {
    match kind {
        "success" => SUCCESS,
        "skip" => SKIPPED,
        "allow" => "Policy exception",
        "warn" => "Policy warning",
        _ => "Policy violation",
    }
}

/// A file path as a URI reference (spaces and `%` escaped, `\` → `/`).
fn uri(path: &str) -> String {
    path.replace('\\', "/").replace('%', "%25").replace(' ', "%20")
}

struct Builder {
    rules: Vec<Value>,
    index: Vec<String>,
    results: Vec<Value>,
}

impl Builder {
    fn add(&mut self, o: &Outcome, ns: &str, kind: &str, level: &str, file: &str) {
        let id = format!("{ns}/{kind}");
        let idx = match self.index.iter().position(|i| *i == id) {
            Some(i) => i,
            None => {
                let mut rule = Map::new();
                rule.insert("id".into(), Value::String(id.clone()));
                rule.insert("shortDescription".into(), json!({"text": description(kind)}));
                if let Some(md) = &o.metadata
                    && !md.is_empty()
                {
                    rule.insert("properties".into(), Value::Object(md.clone()));
                }
                self.rules.push(Value::Object(rule));
                self.index.push(id.clone());
                self.index.len() - 1
            }
        };
        let mut phys = Map::new();
        match &o.loc {
            Some(l) => {
                phys.insert("artifactLocation".into(), json!({"uri": uri(&l.file)}));
                let line: i64 = l.line.parse().unwrap_or(0);
                if line >= 1 {
                    phys.insert("region".into(), json!({"startLine": line, "endLine": line}));
                }
            }
            None => {
                phys.insert("artifactLocation".into(), json!({"uri": uri(file)}));
            }
        }
        self.results.push(json!({
            "ruleId": id,
            "ruleIndex": idx,
            "level": level,
            "message": {"text": o.msg},
            "locations": [{"physicalLocation": Value::Object(phys)}],
        }));
    }
}

/// The SARIF log as a JSON value.
pub fn to_value(results: &[CheckResult], opts: &Options) -> Value {
    let mut b = Builder { rules: Vec::new(), index: Vec::new(), results: Vec::new() };
    for r in results {
        let (ns, f) = (&r.namespace, &r.filename);
        for o in &r.failures {
            b.add(o, ns, "deny", "error", f);
        }
        for o in &r.warnings {
            b.add(o, ns, "warn", "warning", f);
        }
        for o in &r.exceptions {
            b.add(o, ns, "allow", "note", f);
        }
        if !r.failures.is_empty() || !r.warnings.is_empty() {
            continue;
        }
        let (kind, text) = if r.successes > 0 || !r.exceptions.is_empty() {
            ("success", SUCCESS)
        } else {
            ("skip", SKIPPED)
        };
        let mut md = Map::new();
        md.insert("description".into(), Value::String(text.into()));
        let status = Outcome { msg: text.into(), loc: None, metadata: Some(md) };
        b.add(&status, ns, kind, "none", f);
    }
    let failures = results.iter().any(|r| !r.failures.is_empty());
    let warnings = results.iter().any(|r| !r.warnings.is_empty());
    let exit_desc = if failures {
        "Policy violations found"
    } else if warnings {
        "Policy warnings found"
    } else {
        "No policy violations found"
    };
    json!({
        "version": "2.1.0",
        "$schema": "https://raw.githubusercontent.com/oasis-tcs/sarif-spec/main/sarif-2.1/schema/sarif-schema-2.1.0.json",
        "runs": [{
            "tool": {"driver": {
                "name": "kubegate",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": b.rules,
            }},
            "invocations": [{
                "executionSuccessful": true,
                "exitCode": opts.exit_code,
                "exitCodeDescription": exit_desc,
            }],
            "results": b.results,
        }],
    })
}

pub fn render(results: &[CheckResult], opts: &Options, w: &mut dyn std::io::Write) -> std::io::Result<()> {
    let mut out = String::new();
    gojson::write(&to_value(results, opts), 0, true, &mut out);
    writeln!(w, "{out}")
}

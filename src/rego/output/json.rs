//! conftest's `-o json`: a tab-indented array of CheckResults; empty lists omitted,
//! stdin reported as `""`, metadata keys sorted (a Go map).

use serde_json::{Map, Value};

use super::super::conftest::{CheckResult, Outcome};
use super::gojson;

fn outcome_json(o: &Outcome) -> Value {
    let mut m = Map::new();
    m.insert("msg".into(), Value::String(o.msg.clone()));
    if let Some(l) = &o.loc {
        let mut lm = Map::new();
        if !l.file.is_empty() {
            lm.insert("file".into(), Value::String(l.file.clone()));
        }
        if !l.line.is_empty() {
            let n: Value = serde_json::from_str(&l.line).unwrap_or(Value::String(l.line.clone()));
            lm.insert("line".into(), n);
        }
        m.insert("loc".into(), Value::Object(lm));
    }
    if let Some(md) = &o.metadata
        && !md.is_empty()
    {
        m.insert("metadata".into(), Value::Object(md.clone()));
    }
    Value::Object(m)
}

/// The document as JSON (field order as conftest's struct; used by tests and sarif).
pub fn to_value(results: &[CheckResult]) -> Value {
    let items = results
        .iter()
        .map(|r| {
            let mut m = Map::new();
            let name = if r.filename == "-" { "" } else { &r.filename };
            m.insert("filename".into(), Value::String(name.into()));
            m.insert("namespace".into(), Value::String(r.namespace.clone()));
            m.insert("successes".into(), Value::from(r.successes));
            for (key, list) in [
                ("skipped", &r.skipped),
                ("warnings", &r.warnings),
                ("failures", &r.failures),
                ("exceptions", &r.exceptions),
            ] {
                if !list.is_empty() {
                    m.insert(key.into(), Value::Array(list.iter().map(outcome_json).collect()));
                }
            }
            Value::Object(m)
        })
        .collect();
    Value::Array(items)
}

fn write_struct_order(r: &Value, out: &mut String) {
    // Top level: struct fields in conftest's order; nested metadata maps sorted.
    let Value::Array(items) = r else { return };
    if items.is_empty() {
        out.push_str("null");
        return;
    }
    out.push('[');
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str("\n\t{");
        let Value::Object(m) = item else { continue };
        let order = ["filename", "namespace", "successes", "skipped", "warnings", "failures", "exceptions"];
        let mut first = true;
        for k in order {
            let Some(v) = m.get(k) else { continue };
            if !first {
                out.push(',');
            }
            first = false;
            out.push_str("\n\t\t");
            gojson::escape(k, out);
            out.push_str(": ");
            match v {
                Value::Array(list) => {
                    out.push('[');
                    for (j, o) in list.iter().enumerate() {
                        if j > 0 {
                            out.push(',');
                        }
                        out.push_str("\n\t\t\t{");
                        let Value::Object(om) = o else { continue };
                        let mut f2 = true;
                        for k2 in ["msg", "loc", "metadata", "outputs"] {
                            let Some(v2) = om.get(k2) else { continue };
                            if !f2 {
                                out.push(',');
                            }
                            f2 = false;
                            out.push_str("\n\t\t\t\t");
                            gojson::escape(k2, out);
                            out.push_str(": ");
                            gojson::write(v2, 4, true, out);
                        }
                        out.push_str("\n\t\t\t}");
                    }
                    out.push_str("\n\t\t]");
                }
                v => gojson::write(v, 2, true, out),
            }
        }
        out.push_str("\n\t}");
    }
    out.push_str("\n]");
}

pub fn render(results: &[CheckResult], w: &mut dyn std::io::Write) -> std::io::Result<()> {
    let mut out = String::new();
    write_struct_order(&to_value(results), &mut out);
    writeln!(w, "{out}")
}

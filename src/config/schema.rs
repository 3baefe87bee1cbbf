//! The JSON Schema of `.kubegate.yaml` (`kubegate config schema`, docs/config.schema.json),
//! so editors with a YAML language server complete and check the file.

use serde_json::{Value, json};

use crate::rules::{REGISTRY, profiles};

pub fn schema() -> Value {
    let mut selectors: Vec<Value> = profiles::NAMES.iter().map(|n| json!(n)).collect();
    for r in REGISTRY {
        selectors.push(json!(r.meta.id));
        selectors.push(json!(r.meta.name));
    }
    for m in crate::rules::secrets::catalog::metas() {
        selectors.push(json!(m.id));
        selectors.push(json!(m.name));
    }
    let selector = json!({"type": "string", "enum": selectors});
    let severity = json!({"type": "string", "enum": ["critical", "high", "medium", "low", "info"]});
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "kubegate configuration (.kubegate.yaml)",
        "type": "object",
        "additionalProperties": false,
        "properties": {
            "kube-version": {"type": "string", "pattern": "^v?[0-9]+\\.[0-9]+$", "description": "Target Kubernetes version, MAJOR.MINOR."},
            "fail-on": {"type": "string", "enum": ["critical", "high", "medium", "low", "info", "never"], "description": "Exit 1 when a finding has at least this severity."},
            "max-file-size": {"type": "integer", "minimum": 1, "description": "Larger files are skipped with a reason."},
            "baseline": {"type": "string", "description": "Baseline file (written by `kubegate baseline`), relative to this file: its findings are hidden, its stale entries reported (KG015)."},
            "exclude": {"type": "array", "items": {"type": "string"}, "description": "Globs (gitignore syntax) of paths not to scan."},
            "rules": {
                "type": "object",
                "additionalProperties": false,
                "properties": {
                    "select": {"type": "array", "items": selector, "description": "Rules, rule names or profiles to run (default: `default`)."},
                    "ignore": {"type": "array", "items": selector, "description": "Rules, rule names or profiles not to run."},
                    "severity": {"type": "object", "propertyNames": selector, "additionalProperties": severity, "description": "Severity overrides."}
                }
            },
            "exemptions": {
                "type": "array",
                "items": {
                    "type": "object",
                    "additionalProperties": false,
                    "required": ["rules", "reason"],
                    "properties": {
                        "rules": {"type": "array", "items": selector, "minItems": 1},
                        "paths": {"type": "array", "items": {"type": "string"}},
                        "resources": {"type": "array", "items": {"type": "string"}, "description": "Kind/name or Kind/namespace/name."},
                        "reason": {"type": "string", "minLength": 1}
                    }
                }
            },
            "suppressions": {
                "type": "object",
                "additionalProperties": false,
                "properties": {"report-unused": {"type": "boolean"}}
            }
        }
    })
}

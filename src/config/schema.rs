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
    // Severity overrides and exemptions may also name policy rules (metadata ids or
    // `<package>.<rule>`), checked against the loaded policies at scan time.
    let rule_or_policy = json!({"anyOf": [selector, {"type": "string", "description": "A policy rule id"}]});
    let severity = json!({"type": "string", "enum": ["critical", "high", "medium", "low", "info"]});
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "kubegate configuration (.kubegate.yaml)",
        "type": "object",
        "$defs": {
            "registries": {
                "type": "object",
                "additionalProperties": false,
                "properties": {"allowed-registries": {"type": "array", "items": {"type": "string"}, "description": "Registries (ghcr.io) or registry/repository prefixes (ghcr.io/acme); docker.io is Docker Hub."}}
            },
            "labels": {
                "type": "object",
                "additionalProperties": false,
                "properties": {"labels": {"type": "array", "items": {"type": "string"}, "description": "Label keys every object must carry."}}
            },
            "annotations": {
                "type": "object",
                "additionalProperties": false,
                "properties": {"annotations": {"type": "object", "additionalProperties": {"type": "string"}, "description": "Annotation key -> regex its value must match (\"\" for any non-empty value)."}}
            },
            "quantity": {"type": ["string", "number"], "description": "A Kubernetes quantity: 500m, 2, 1.5Gi, 512Mi, 1e3."},
            "bound": {
                "type": "object",
                "additionalProperties": false,
                "properties": {"min": {"$ref": "#/$defs/quantity"}, "max": {"$ref": "#/$defs/quantity"}}
            },
            "bounds": {
                "type": "object",
                "additionalProperties": false,
                "description": "Bounds of container requests and limits (exact quantity comparison).",
                "properties": {
                    "cpu-request": {"$ref": "#/$defs/bound"},
                    "cpu-limit": {"$ref": "#/$defs/bound"},
                    "memory-request": {"$ref": "#/$defs/bound"},
                    "memory-limit": {"$ref": "#/$defs/bound"}
                }
            },
            "custom": {
                "type": "object",
                "additionalProperties": false,
                "properties": {
                    "forbidden-annotations": {
                        "type": "array",
                        "description": "Annotations no object (or pod template) may carry.",
                        "items": {
                            "type": "object",
                            "additionalProperties": false,
                            "required": ["key"],
                            "properties": {
                                "key": {"type": "string", "minLength": 1},
                                "value": {"type": "string", "description": "Regex: only values matching it are forbidden (default: any value)."}
                            }
                        }
                    },
                    "expressions": {
                        "type": "array",
                        "description": "CEL expressions over `object` that must evaluate to true.",
                        "items": {
                            "type": "object",
                            "additionalProperties": false,
                            "required": ["name", "expression"],
                            "properties": {
                                "name": {"type": "string", "minLength": 1},
                                "expression": {"type": "string", "description": "CEL, e.g. `!has(object.spec.replicas) || object.spec.replicas <= 50`."},
                                "message": {"type": "string", "description": "Shown when the expression is not true."},
                                "kinds": {"type": "array", "items": {"type": "string"}, "description": "Kinds it applies to (default: all)."}
                            }
                        }
                    }
                }
            }
        },
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
                    "severity": {"type": "object", "propertyNames": rule_or_policy, "additionalProperties": severity, "description": "Severity overrides (built-in or policy rule ids)."},
                    "params": {
                        "type": "object",
                        "additionalProperties": false,
                        "description": "Per-rule parameters, by rule id or name; configuring a rule turns it on.",
                        "properties": {
                            "K8S063": {"$ref": "#/$defs/registries"},
                            "image-registry-not-allowed": {"$ref": "#/$defs/registries"},
                            "K8S151": {"$ref": "#/$defs/labels"},
                            "required-labels": {"$ref": "#/$defs/labels"},
                            "K8S152": {"$ref": "#/$defs/annotations"},
                            "required-annotations": {"$ref": "#/$defs/annotations"},
                            "K8S056": {"$ref": "#/$defs/bounds"},
                            "resource-quantity-out-of-bounds": {"$ref": "#/$defs/bounds"},
                            "K8S158": {"$ref": "#/$defs/custom"},
                            "forbidden-annotation-or-expression": {"$ref": "#/$defs/custom"}
                        }
                    }
                }
            },
            "exemptions": {
                "type": "array",
                "items": {
                    "type": "object",
                    "additionalProperties": false,
                    "required": ["rules", "reason"],
                    "properties": {
                        "rules": {"type": "array", "items": rule_or_policy, "minItems": 1},
                        "paths": {"type": "array", "items": {"type": "string"}},
                        "resources": {"type": "array", "items": {"type": "string"}, "description": "Kind/name or Kind/namespace/name."},
                        "reason": {"type": "string", "minLength": 1}
                    }
                }
            },
            "helm": {
                "type": "object",
                "additionalProperties": false,
                "description": "How Helm charts are rendered in a scan (paths relative to this file).",
                "properties": {
                    "release-name": {"type": "string", "description": ".Release.Name (default release-name)."},
                    "namespace": {"type": "string", "description": ".Release.Namespace (default default)."},
                    "ci-values": {"type": "boolean", "description": "Also render each chart's ci/*.yaml value set (--helm-ci-values)."},
                    "dependency-dirs": {"type": "array", "items": {"type": "string"}, "description": "Directories whose subdirectories are charts: a dependency missing from charts/ is taken from there by name."},
                    "charts": {
                        "type": "object",
                        "description": "Chart directory → values for it, on top of its values.yaml.",
                        "additionalProperties": {
                            "type": "object",
                            "additionalProperties": false,
                            "properties": {
                                "values": {"type": "array", "items": {"type": "string"}, "description": "Values files, in -f order."},
                                "set": {"type": "object", "additionalProperties": {"type": ["string", "number", "boolean", "null"]}, "description": "--set values: key path → value."}
                            }
                        }
                    }
                }
            },
            "suppressions": {
                "type": "object",
                "additionalProperties": false,
                "properties": {"report-unused": {"type": "boolean"}}
            },
            "cross-object": {
                "type": "object",
                "additionalProperties": false,
                "properties": {
                    "complete": {
                        "description": "Units whose objects are all in the repository (true: every unit; or directory globs), so cross-object rules report missing counterparts (HPA targets, ServiceAccounts, Services, Ingress backends, NetworkPolicy pods, headless Services, PDBs, NetworkPolicies, env Secrets/ConfigMaps, ServiceMonitor Services).",
                        "oneOf": [{"type": "boolean"}, {"type": "array", "items": {"type": "string"}}]
                    }
                }
            },
            "policies": {
                "type": "object",
                "additionalProperties": false,
                "required": ["paths"],
                "description": "Rego policies run on every object (paths relative to this file); --policy replaces them.",
                "properties": {
                    "paths": {"type": "array", "items": {"type": "string"}, "minItems": 1, "description": "Policy directories or .rego files (*_test.rego files are not loaded)."},
                    "namespaces": {"type": "array", "items": {"type": "string"}, "description": "Packages to query (conftest globs); default: every package."},
                    "data": {"type": "array", "items": {"type": "string"}, "description": "Data files or directories (data.*)."}
                }
            }
        }
    })
}

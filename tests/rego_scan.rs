//! Rego policies inside `kubegate scan`: findings at exact line:column (snapshots), rule ids
//! and severities from metadata, policies that fail to load or evaluate as KG014 findings,
//! suppressions / severity overrides / exemptions of policy rule ids, every output format,
//! and rendered units (the same hook runs on Helm and Kustomize output).

mod common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use common::{concise, json, snapshot_settings};
use kubegate::diagnostic::{Origin, OriginRole};
use kubegate::rego::scan::{PolicyOptions, PolicySet};
use kubegate::scan::rendered::{OriginMap, RenderedUnit};
use kubegate::scan::{ScanOptions, scan};
use kubegate::source::yaml::{Node, ObjPath};

const MANIFESTS: &str = "testdata/rego/scan/manifests";

fn policies(paths: &[&str], data: &[&str]) -> Arc<PolicySet> {
    let opts = PolicyOptions {
        paths: paths.iter().map(PathBuf::from).collect(),
        namespaces: Vec::new(),
        data: data.iter().map(PathBuf::from).collect(),
    };
    Arc::new(PolicySet::load(&opts).expect("policies load"))
}

/// Policies only: the built-in rules are all off.
fn scan_with(policies: Arc<PolicySet>) -> kubegate::scan::ScanResult {
    let opts = ScanOptions {
        paths: vec![PathBuf::from(MANIFESTS)],
        rules: Some(BTreeSet::new()),
        policies: Some(policies),
        ..ScanOptions::default()
    };
    scan(&opts).expect("scan runs")
}

/// What the user sees: suppressed findings are not shown (the CLI hides them too).
fn shown(result: &kubegate::scan::ScanResult) -> String {
    let mut visible = kubegate::scan::ScanResult { root: result.root.clone(), ..Default::default() };
    visible.findings = result.findings.iter().filter(|f| f.suppressed.is_none()).cloned().collect();
    concise(&visible, Path::new(MANIFESTS))
}

#[test]
fn bundled_library_findings_point_at_the_exact_node() {
    let result = scan_with(policies(&["rules"], &["testdata/rego/scan/params.yaml"]));
    snapshot_settings().bind(|| {
        insta::assert_snapshot!("rego_scan_library", shown(&result));
    });
    // legacy-batch: the annotation suppression of KGR004 and the inline one of KGR006 apply.
    let v = json(&result);
    let suppressed: Vec<(&str, &str)> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f.get("suppressed").is_some())
        .map(|f| (f["rule_id"].as_str().unwrap(), f["suppressed"]["kind"].as_str().unwrap()))
        .collect();
    assert_eq!(suppressed, [("KGR004", "annotation"), ("KGR006", "inline")]);
}

#[test]
fn ids_severities_and_locations_from_metadata_results_and_fallbacks() {
    let result = scan_with(policies(&["testdata/rego/scan/policy"], &[]));
    snapshot_settings().bind(|| {
        insta::assert_snapshot!("rego_scan_custom", shown(&result));
    });
    let v = json(&result);
    let find = |id: &str| {
        v["findings"].as_array().unwrap().iter().find(|f| f["rule_id"] == id).cloned().unwrap_or_else(|| {
            panic!("no {id} in {v:#}");
        })
    };
    // `# METADATA` on the rule: id, severity, remediation as help.
    let f = find("CUS001");
    assert_eq!(f["severity"], "critical");
    assert_eq!(f["rule_name"], "custom.meta.deny_debug");
    assert_eq!(f["help"], "Remove the debug container before shipping.");
    assert_eq!(f["object_path"], "spec.template.spec.containers[1].name");
    // `__rego_metadata__`, with conftest's `_loc` line.
    let f = find("LEG001");
    assert_eq!((f["severity"].as_str(), f["start"]["line"].as_u64()), (Some("low"), Some(5)));
    // No metadata: `<package>.<rule>`, medium for warn, at the name line.
    let f = find("custom.meta.warn");
    assert_eq!((f["severity"].as_str(), f["object_path"].as_str()), (Some("medium"), Some("metadata.name")));
    // The result's own severity.
    assert_eq!(find("custom.meta.violation")["severity"], "low");
    // The exception exempts deny_pods for legacy-batch; print() output is nowhere.
    let text = v.to_string();
    assert!(!text.contains("custom.legacy.deny_pods"), "{text}");
    assert!(!text.contains("kubegate-print-marker"), "{text}");
}

#[test]
fn broken_policies_are_findings_and_the_others_still_run() {
    let result = scan_with(policies(&["testdata/rego/scan/broken"], &[]));
    snapshot_settings().bind(|| {
        insta::assert_snapshot!("rego_scan_broken", shown(&result));
    });
    let ids: Vec<&str> = result.findings.iter().map(|f| f.rule_id.as_ref()).collect();
    assert!(ids.contains(&"broken.good.deny"), "{ids:?}");
    assert_eq!(ids.iter().filter(|i| **i == "KG014").count(), 3, "{ids:?}");
}

use common::run_in as kubegate;

fn repo(config: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let src = common::root().join("testdata/rego/scan");
    for sub in ["manifests", "policy"] {
        std::fs::create_dir_all(dir.path().join(sub)).unwrap();
        for e in std::fs::read_dir(src.join(sub)).unwrap() {
            let e = e.unwrap();
            std::fs::copy(e.path(), dir.path().join(sub).join(e.file_name())).unwrap();
        }
    }
    std::fs::write(dir.path().join(".kubegate.yaml"), config).unwrap();
    dir
}

fn findings(out: &str) -> Vec<serde_json::Value> {
    let v: serde_json::Value = serde_json::from_str(out).unwrap();
    v["findings"].as_array().unwrap().clone()
}

#[test]
fn config_policies_with_severity_overrides_and_exemptions() {
    let d = repo(
        "policies:\n  paths: [policy]\n  namespaces: [\"custom.*\"]\nrules:\n  ignore: [all]\n  severity:\n    custom.meta.warn: critical\nexemptions:\n  - rules: [CUS001]\n    paths: [\"manifests/app.yaml\"]\n    reason: debug image is stripped at release\n",
    );
    let (code, out, err) = kubegate(d.path(), &["scan", "--format", "json"]);
    assert_eq!(code, 1, "{err}");
    let fs = findings(&out);
    let get = |id: &str| fs.iter().find(|f| f["rule_id"] == id).unwrap_or_else(|| panic!("{id}: {out}"));
    assert_eq!(get("custom.meta.warn")["severity"], "critical");
    assert_eq!(get("CUS001")["suppressed"]["reason"], "debug image is stripped at release");
    assert_eq!(get("CUS001")["suppressed"]["kind"], "config");
    // --namespace narrows what the config selects.
    let (_, out, _) = kubegate(d.path(), &["scan", "--format", "json", "--namespace", "custom.legacy"]);
    // (legacy.yaml's suppressions name library rules that are not loaded here: KG008.)
    let ids: BTreeSet<String> = findings(&out)
        .iter()
        .map(|f| f["rule_id"].as_str().unwrap().to_string())
        .filter(|id| id != "KG008")
        .collect();
    assert_eq!(ids, BTreeSet::from(["LEG001".to_string()]));
}

#[test]
fn an_unknown_rule_reference_is_an_error_at_its_position() {
    let d = repo("policies:\n  paths: [policy]\nrules:\n  severity:\n    CUS999: low\n");
    let (code, _, err) = kubegate(d.path(), &["scan"]);
    assert_eq!(code, 2);
    assert!(err.contains(".kubegate.yaml:5:5: unknown rule or profile `CUS999`"), "{err}");
    assert!(err.contains("no loaded policy has this rule id"), "{err}");
    // A bad key in `policies` is positioned too.
    let d = repo("policies:\n  paths: [policy]\n  namespace: [x]\n");
    let (code, _, err) = kubegate(d.path(), &["scan"]);
    assert_eq!(code, 2);
    assert!(err.contains(".kubegate.yaml:3:3: unknown key `namespace` in policies"), "{err}");
    // A missing policy path is a usage error.
    let (code, _, err) = kubegate(d.path(), &["scan", "--no-config", "--policy", "nope"]);
    assert_eq!(code, 2);
    assert!(err.contains("nope"), "{err}");
}

#[test]
fn policy_findings_in_every_output_format() {
    let d = repo("rules:\n  ignore: [all]\n");
    for format in ["human", "concise", "json", "sarif", "junit", "github", "gitlab"] {
        let (code, out, err) = kubegate(d.path(), &["scan", "--policy", "policy", "--format", format]);
        assert_eq!(code, 1, "{format}: {err}");
        assert!(out.contains("CUS001"), "{format}: {out}");
        assert!(!out.contains("kubegate-print-marker"), "{format}: print() output leaked: {out}");
        assert!(!err.contains("kubegate-print-marker"), "{format}: print() output leaked: {err}");
    }
    let (_, out, _) = kubegate(d.path(), &["scan", "--policy", "policy", "--format", "sarif"]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let result =
        v["runs"][0]["results"].as_array().unwrap().iter().find(|r| r["ruleId"] == "CUS001").unwrap().clone();
    let region = &result["locations"][0]["physicalLocation"]["region"];
    assert_eq!((region["startLine"].as_u64(), region["startColumn"].as_u64()), (Some(23), Some(11)));
    // Policy rules are described in the driver's rules, and the log is valid SARIF 2.1.0.
    let rules = v["runs"][0]["tool"]["driver"]["rules"].as_array().unwrap();
    assert!(rules.iter().any(|r| r["id"] == "CUS001"));
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(common::root().join("testdata/sarif-schema-2.1.0.json")).unwrap(),
    )
    .unwrap();
    let validator = jsonschema::validator_for(&schema).expect("schema compiles");
    let errors: Vec<String> = validator.iter_errors(&v).map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "{errors:?}");
    // `explain` knows only built-in rules and says where policy rules are described.
    let (code, _, err) = kubegate(d.path(), &["explain", "CUS001"]);
    assert_eq!(code, 2);
    assert!(err.contains("policy rule"), "{err}");
}

/// Every node of the rendered stream comes from line 1 of `templates/t.yaml` except
/// `metadata.name`, which comes from its line 2.
struct FakeTemplate;

impl OriginMap for FakeTemplate {
    fn origins(&self, _document: usize, root: &Node, path: &ObjPath) -> Vec<Origin> {
        let line = if path.to_string() == "metadata.name" { 2 } else { 1 };
        let mut span = root.span;
        span.start.line = line;
        span.end.line = line;
        vec![Origin { path: "chart/templates/t.yaml".into(), span, role: OriginRole::Template }]
    }
}

#[test]
fn rendered_objects_get_policies_and_move_to_their_origin() {
    let opts = ScanOptions {
        rules: Some(BTreeSet::new()),
        policies: Some(policies(&["testdata/rego/scan/policy"], &[])),
        ..ScanOptions::default()
    };
    let text = "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  ports: [{port: 80}]\n";
    let unit = RenderedUnit { unit: "chart".into(), by: "helm", text: text.into(), map: &FakeTemplate };
    let out = kubegate::scan::rendered::check(&unit, &opts);
    let f = out
        .findings
        .iter()
        .find(|f| f.rule_id == "custom.meta.warn")
        .expect("policy ran on the rendered object");
    assert_eq!(f.path, "chart/templates/t.yaml");
    assert_eq!(f.span.map(|s| s.start.line), Some(2));
    let rendered = f.rendered.as_ref().unwrap();
    assert_eq!((rendered.by, rendered.span.start.line), ("helm", 4));
}

#[test]
fn policy_findings_are_the_same_whatever_the_thread_count() {
    let set = policies(&["rules", "testdata/rego/scan/policy"], &["testdata/rego/scan/params.yaml"]);
    let one = rayon::ThreadPoolBuilder::new().num_threads(1).build().unwrap();
    let a = one.install(|| json(&scan_with(set.clone())));
    let b = json(&scan_with(set));
    assert_eq!(a, b);
}

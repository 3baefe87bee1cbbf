//! The CI formats (SARIF, JUnit, GitHub annotations, GitLab Code Quality) on the demo
//! repository: one snapshot each, the SARIF validated against the official 2.1.0 schema,
//! and several outputs written by one run.

mod common;

use std::path::Path;
use std::process::Command;

fn kubegate(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_kubegate"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("kubegate runs");
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

fn demo(format: &str) -> String {
    let (code, stdout, _) = kubegate(&common::root(), &["scan", "testdata/demo", "--format", format]);
    assert_eq!(code, 1, "the demo has high findings");
    stdout
}

#[test]
fn sarif_snapshot_and_official_schema() {
    let out = demo("sarif");
    common::snapshot_settings().bind(|| insta::assert_snapshot!("format_demo_sarif", out));
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(common::root().join("testdata/sarif-schema-2.1.0.json")).unwrap(),
    )
    .unwrap();
    let validator = jsonschema::validator_for(&schema).expect("the schema compiles");
    let log: serde_json::Value = serde_json::from_str(&out).unwrap();
    let errors: Vec<String> =
        validator.iter_errors(&log).map(|e| format!("{} at {}", e, e.instance_path())).collect();
    assert!(errors.is_empty(), "SARIF schema violations:\n{}", errors.join("\n"));
    // The schema test is not vacuous: a broken region is rejected.
    let mut broken = log.clone();
    broken["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] = 0.into();
    assert!(!validator.is_valid(&broken));

    let run = &log["runs"][0];
    assert_eq!(run["columnKind"], "unicodeCodePoints");
    let results = run["results"].as_array().unwrap();
    let json = common::json(&common::scan_paths(&["testdata/demo"]));
    let findings = json["findings"].as_array().unwrap();
    assert_eq!(results.len(), findings.len());
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    for (r, f) in results.iter().zip(findings) {
        let region = &r["locations"][0]["physicalLocation"]["region"];
        assert_eq!(region["startLine"], f["start"]["line"]);
        assert_eq!(region["startColumn"], f["start"]["column"]);
        assert_eq!(region["endLine"], f["end"]["line"]);
        assert_eq!(region["endColumn"], f["end"]["column"]);
        assert_eq!(r["partialFingerprints"]["kubegate/v1"], f["fingerprint"]);
        assert_eq!(rules[r["ruleIndex"].as_u64().unwrap() as usize]["id"], f["rule_id"]);
        let level = match f["severity"].as_str().unwrap() {
            "critical" | "high" => "error",
            "medium" => "warning",
            _ => "note",
        };
        assert_eq!(r["level"], level);
        assert_eq!(
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            format!("testdata/demo/{}", f["path"].as_str().unwrap())
        );
    }
}

#[test]
fn junit_snapshot_one_testcase_per_rule_and_resource() {
    let out = demo("junit");
    common::snapshot_settings().bind(|| insta::assert_snapshot!("format_demo_junit", out));
    let r = common::scan_paths(&["testdata/demo"]);
    // One testcase per rule that ran (the default set) and object, plus one per finding
    // about a file (a build error).
    let rules = r.rules.len();
    assert!(rules > 0 && rules < kubegate::rules::REGISTRY.len());
    let file_level = r.findings.iter().filter(|f| f.resource.is_none()).count();
    let cases = r.summary.documents * rules + file_level;
    assert!(out.contains(&format!(r#"<testsuites name="kubegate" tests="{cases}""#)));
    assert!(out.contains(
        r#"<failure message="testdata/demo/apps/base/web/deployment.yaml:35:13: container &quot;cache-warmer&quot; of Deployment shop/web runs privileged" type="critical">"#
    ));
    assert_eq!(out.matches("<testcase ").count(), cases);

    // Well-formed XML with the structure Jenkins and GitLab read: testsuites > testsuite >
    // testcase (> failure with message and type), counts that add up.
    let xml = roxmltree::Document::parse(&out).expect("well-formed XML");
    let top = xml.root_element();
    assert_eq!(top.tag_name().name(), "testsuites");
    let count = |n: roxmltree::Node, a: &str| n.attribute(a).unwrap().parse::<usize>().unwrap();
    let (mut tests, mut failures) = (0, 0);
    for suite in top.children().filter(|n| n.is_element()) {
        assert_eq!(suite.tag_name().name(), "testsuite");
        let cases: Vec<_> = suite.children().filter(|n| n.is_element()).collect();
        assert!(cases.iter().all(|c| c.tag_name().name() == "testcase" && c.has_attribute("classname")));
        let failed: Vec<_> =
            cases.iter().filter_map(|c| c.children().find(|n| n.has_tag_name("failure"))).collect();
        assert_eq!(count(suite, "tests"), cases.len());
        assert_eq!(count(suite, "failures"), failed.len());
        for f in &failed {
            assert!(f.attribute("message").is_some_and(|m| m.contains(".yaml:")) && f.has_attribute("type"));
            assert!(f.text().unwrap().contains("help: "));
        }
        tests += cases.len();
        failures += failed.len();
    }
    assert_eq!((count(top, "tests"), count(top, "failures")), (tests, failures));
    assert!(failures > 0);
}

#[test]
fn github_snapshot_and_escaping() {
    let out = demo("github");
    common::snapshot_settings().bind(|| insta::assert_snapshot!("format_demo_github", out));
    assert!(
        out.lines()
            .all(|l| l.starts_with("::error ") || l.starts_with("::warning ") || l.starts_with("::notice "))
    );
    assert!(out.contains(
        "::error file=testdata/demo/apps/base/web/deployment.yaml,line=35,col=13,endLine=35,endColumn=28,title=K8S001 privileged-container (critical)::container \"cache-warmer\" of Deployment shop/web runs privileged%0ARemove"
    ));
    use kubegate::output::github::{escape_data, escape_property};
    assert_eq!(escape_property("a,b:c%d\r\ne"), "a%2Cb%3Ac%25d%0D%0Ae");
    assert_eq!(escape_data("a,b:c%d\n"), "a,b:c%25d%0A");
}

#[test]
fn gitlab_snapshot_code_quality_fields() {
    let out = demo("gitlab");
    common::snapshot_settings().bind(|| insta::assert_snapshot!("format_demo_gitlab", out));
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let issues = v.as_array().unwrap();
    assert_eq!(issues.len(), common::scan_paths(&["testdata/demo"]).findings.len());
    for i in issues {
        assert!(i["description"].is_string() && i["check_name"].is_string() && i["fingerprint"].is_string());
        assert!(["info", "minor", "major", "critical", "blocker"].contains(&i["severity"].as_str().unwrap()));
        assert!(i["location"]["path"].as_str().unwrap().starts_with("testdata/demo/"));
        assert!(i["location"]["lines"]["begin"].as_u64().unwrap() >= 1);
    }
    let fps: std::collections::BTreeSet<&str> =
        issues.iter().map(|i| i["fingerprint"].as_str().unwrap()).collect();
    assert_eq!(fps.len(), issues.len(), "GitLab needs unique fingerprints");
}

#[test]
fn several_outputs_in_one_run_and_output_file() {
    let dir = tempfile::tempdir().unwrap();
    let sarif = dir.path().join("results.sarif");
    let junit = dir.path().join("junit.xml");
    let root = common::root();
    let (code, stdout, stderr) = kubegate(
        &root,
        &[
            "scan",
            "testdata/demo",
            "--format",
            "concise",
            "--format",
            &format!("sarif={}", sarif.display()),
            "--format",
            &format!("junit={}", junit.display()),
        ],
    );
    assert_eq!(code, 1);
    assert!(stdout.contains("testdata/demo/apps/base/web/deployment.yaml:35:13: critical[K8S001]"));
    assert!(stderr.contains("Checked 15 files"), "{stderr}");
    assert_eq!(std::fs::read_to_string(&sarif).unwrap(), demo("sarif"));
    assert_eq!(std::fs::read_to_string(&junit).unwrap(), demo("junit"));

    let gitlab = dir.path().join("gl-code-quality.json");
    let (code, stdout, _) = kubegate(
        &root,
        &["scan", "testdata/demo", "--format", "gitlab", "--output", gitlab.to_str().unwrap()],
    );
    assert_eq!(code, 1);
    assert!(stdout.is_empty());
    assert_eq!(std::fs::read_to_string(&gitlab).unwrap(), demo("gitlab"));

    let (code, _, stderr) =
        kubegate(&root, &["scan", "testdata/demo", "--format", "json", "--format", "sarif"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("only one format can go to stdout"), "{stderr}");
    let (code, _, stderr) = kubegate(&root, &["scan", "testdata/demo", "--format", "xml"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("`xml` is not a format"), "{stderr}");
}

#[test]
fn junit_and_sarif_carry_findings_about_files_without_an_object() {
    // Hostile inputs: parse errors, limits, invalid UTF-8 (findings with no resource).
    let root = common::root();
    let (code, out, _) = kubegate(&root, &["scan", "testdata/hostile", "--format", "junit"]);
    assert_eq!(code, 1);
    let xml = roxmltree::Document::parse(&out).expect("well-formed XML whatever the input");
    let names: Vec<&str> = xml
        .descendants()
        .filter(|n| n.has_tag_name("testcase"))
        .filter_map(|n| n.attribute("name"))
        .collect();
    assert!(names.iter().any(|n| n.starts_with("KG00")), "{names:?}");
    let (_, sarif, _) = kubegate(&root, &["scan", "testdata/hostile", "--format", "sarif"]);
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(root.join("testdata/sarif-schema-2.1.0.json")).unwrap(),
    )
    .unwrap();
    let log: serde_json::Value = serde_json::from_str(&sarif).unwrap();
    assert!(jsonschema::validator_for(&schema).unwrap().is_valid(&log));
    assert!(
        log["runs"][0]["results"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["ruleId"].as_str().unwrap().starts_with("KG"))
    );
}

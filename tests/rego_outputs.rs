//! Every `kubegate test` output format, snapshotted (snapshots/rego__*.snap), and the SARIF
//! output validated against the official SARIF 2.1.0 JSON schema.

use clap::Parser;
use kubegate::rego::cli::{TestArgs, run_test_with_stdin};

#[derive(Parser)]
struct Cli {
    #[command(flatten)]
    args: TestArgs,
}

fn run(args: &[&str]) -> (i32, String) {
    let mut argv = vec!["kubegate-test"];
    argv.extend_from_slice(args);
    let cli = Cli::try_parse_from(argv).expect("arguments parse");
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = run_test_with_stdin(&cli.args, &mut "".as_bytes(), &mut out, &mut err);
    assert!(err.is_empty(), "{}", String::from_utf8_lossy(&err));
    (code, String::from_utf8(out).unwrap())
}

const K8S: [&str; 4] = [
    "-p",
    "testdata/rego/policy/k8s",
    "testdata/rego/conftest-inputs/kubernetes/deployment.yaml",
    "testdata/rego/conftest-inputs/kubernetes/service.yaml",
];
const EXC: [&str; 3] =
    ["-p", "testdata/rego/policy/exceptions", "testdata/rego/conftest-inputs/exceptions/deployments.yaml"];

fn snap(name: &str, args: &[&str]) -> String {
    let (code, out) = run(args);
    insta::with_settings!({
        snapshot_path => concat!(env!("CARGO_MANIFEST_DIR"), "/snapshots"),
        prepend_module_to_snapshot => false,
        description => args.join(" "),
        omit_expression => true,
    }, {
        insta::assert_snapshot!(name, format!("exit code: {code}\n{out}"));
    });
    out
}

#[test]
fn stdout_output() {
    snap("rego__k8s_stdout", &[&["--no-color"], &K8S[..]].concat());
    snap("rego__exceptions_stdout", &[&["--no-color"], &EXC[..]].concat());
    let colored = snap("rego__k8s_stdout_color", &K8S);
    assert!(colored.contains("\u{1b}[31mFAIL\u{1b}[0m"));
}

#[test]
fn json_output() {
    let out = snap("rego__k8s_json", &[&["-o", "json"], &K8S[..]].concat());
    serde_json::from_str::<serde_json::Value>(&out).unwrap();
    snap("rego__exceptions_json", &[&["-o", "json"], &EXC[..]].concat());
    snap(
        "rego__results_json",
        &["-o", "json", "-p", "testdata/rego/policy/results", "testdata/rego/inputs/results.yaml"],
    );
}

#[test]
fn tap_output() {
    snap("rego__k8s_tap", &[&["-o", "tap"], &K8S[..]].concat());
    snap("rego__exceptions_tap", &[&["-o", "tap"], &EXC[..]].concat());
}

#[test]
fn table_output() {
    snap("rego__k8s_table", &[&["-o", "table"], &K8S[..]].concat());
    snap("rego__exceptions_table", &[&["-o", "table"], &EXC[..]].concat());
}

#[test]
fn junit_output() {
    snap("rego__k8s_junit", &[&["-o", "junit"], &K8S[..]].concat());
    snap("rego__k8s_junit_hide_message", &[&["-o", "junit", "--junit-hide-message"], &K8S[..]].concat());
}

#[test]
fn github_output() {
    snap("rego__k8s_github", &[&["-o", "github"], &K8S[..]].concat());
    snap(
        "rego__results_github",
        &["-o", "github", "-p", "testdata/rego/policy/results", "testdata/rego/inputs/results.yaml"],
    );
}

#[test]
fn azuredevops_output() {
    snap("rego__k8s_azuredevops", &[&["-o", "azuredevops"], &K8S[..]].concat());
    snap("rego__exceptions_azuredevops", &[&["-o", "azuredevops"], &EXC[..]].concat());
}

fn validate_sarif(text: &str) {
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/testdata/sarif-schema-2.1.0.json"))
            .unwrap(),
    )
    .unwrap();
    let instance: serde_json::Value = serde_json::from_str(text).unwrap();
    let validator = jsonschema::validator_for(&schema).expect("schema compiles");
    let errors: Vec<String> =
        validator.iter_errors(&instance).map(|e| format!("{e} at {}", e.instance_path())).collect();
    assert!(errors.is_empty(), "{errors:#?}");
}

#[test]
fn sarif_output_is_valid_sarif_2_1_0() {
    let out = snap("rego__k8s_sarif", &[&["-o", "sarif"], &K8S[..]].concat());
    validate_sarif(&out);
    let out = snap("rego__exceptions_sarif", &[&["-o", "sarif"], &EXC[..]].concat());
    validate_sarif(&out);
    let (_, out) =
        run(&["-o", "sarif", "-p", "testdata/rego/policy/results", "testdata/rego/inputs/results.yaml"]);
    validate_sarif(&out);
    // A file without failures or warnings gets a success (or skip) status result.
    let (_, out) = run(&[
        "-o",
        "sarif",
        "-p",
        "testdata/rego/policy/multi",
        "testdata/rego/conftest-inputs/kubernetes/service.yaml",
    ]);
    validate_sarif(&out);
    assert!(out.contains("\"ruleId\": \"main/success\""));
    // The schema check itself rejects a broken log.
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/testdata/sarif-schema-2.1.0.json"))
            .unwrap(),
    )
    .unwrap();
    let bad = serde_json::json!({"version": "2.1.0", "runs": [{"tool": {}}]});
    assert!(!jsonschema::validator_for(&schema).unwrap().is_valid(&bad));
}

#[test]
fn formats_with_nothing_to_report() {
    // A namespace without rules: every file has 0 tests.
    let none = [
        "-n",
        "kubernetes",
        "-p",
        "testdata/rego/policy/k8s",
        "testdata/rego/conftest-inputs/kubernetes/service.yaml",
    ];
    let with = |fmt: &str| run(&[&["-o", fmt], &none[..]].concat()).1;
    assert_eq!(with("tap"), "", "tap stops at the first file with 0 tests");
    assert_eq!(with("table"), "", "no rows, no table");
    assert_eq!(with("junit"), "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites></testsuites>\n");
    assert!(with("json").contains("\"successes\": 0"));
    // A glob matching no namespace gives no results at all: JSON `null`, like Go's nil slice.
    let (_, out) = run(&[
        "-o",
        "json",
        "-n",
        "zz*",
        "-p",
        "testdata/rego/policy/k8s",
        "testdata/rego/conftest-inputs/kubernetes/service.yaml",
    ]);
    assert_eq!(out, "null\n");
    // TAP stops at the first empty file even when later files have tests.
    let (_, out) = run(&[
        "-o",
        "tap",
        "--all-namespaces",
        "-p",
        "testdata/rego/policy/k8s",
        "testdata/rego/conftest-inputs/kubernetes/service.yaml",
    ]);
    assert!(out.starts_with("1..5\n") && !out.contains("kubernetes -"), "{out}");
}

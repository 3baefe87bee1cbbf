//! `kubegate verify`: the `test_*` rules of our fixtures and of the bundled library
//! (rules/), reported like `conftest verify`, exit 1 on any failure.

use clap::Parser;
use kubegate::rego::cli::{TestArgs, VerifyArgs, run_test_with_stdin, run_verify};

#[derive(Parser)]
struct VerifyCli {
    #[command(flatten)]
    args: VerifyArgs,
}

#[derive(Parser)]
struct TestCli {
    #[command(flatten)]
    args: TestArgs,
}

fn verify(args: &[&str]) -> (i32, String, String) {
    let mut argv = vec!["kubegate-verify"];
    argv.extend_from_slice(args);
    let cli = VerifyCli::try_parse_from(argv).unwrap();
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = run_verify(&cli.args, &mut out, &mut err);
    (code, String::from_utf8(out).unwrap(), String::from_utf8(err).unwrap())
}

#[test]
fn bundled_library_passes_its_own_tests() {
    let (code, out, err) = verify(&["--no-color", "-p", "rules"]);
    assert_eq!(code, 0, "{out}{err}");
    assert_eq!(out, "\n29 tests, 29 passed, 0 warnings, 0 failures, 0 exceptions, 0 skipped\n");
}

#[test]
fn failing_and_undefined_tests_fail_the_run() {
    let (code, out, _) = verify(&["--no-color", "-p", "testdata/rego/policy/failing-tests"]);
    assert_eq!(
        out,
        "FAIL - testdata/rego/policy/failing-tests/p.rego -  - data.main.test_fails\n\
         FAIL - testdata/rego/policy/failing-tests/p.rego -  - data.main.test_undefined_fails\n\
         \n3 tests, 1 passed, 0 warnings, 2 failures, 0 exceptions, 0 skipped\n"
    );
    assert_eq!(code, 1);
}

#[test]
fn todo_tests_are_skipped_and_namespaces_filter() {
    let (code, out, _) = verify(&["--no-color", "-p", "testdata/rego/policy/k8s"]);
    assert_eq!(out, "\n4 tests, 3 passed, 0 warnings, 0 failures, 0 exceptions, 1 skipped\n");
    assert_eq!(code, 0);
    let (_, out, _) = verify(&["--no-color", "-p", "testdata/rego/policy/namespaces", "-n", "other*"]);
    assert_eq!(out, "\n1 test, 1 passed, 0 warnings, 0 failures, 0 exceptions, 0 skipped\n");
    let (_, out, _) = verify(&["--no-color", "-p", "testdata/rego/policy/namespaces", "-n", "nope"]);
    assert_eq!(out, "\n0 tests, 0 passed, 0 warnings, 0 failures, 0 exceptions, 0 skipped\n");
}

#[test]
fn data_is_loaded_for_tests() {
    let p = "testdata/rego/policy/data";
    let (code, _, _) = verify(&["-p", p, "-d", "testdata/rego/conftest-inputs/data/exclusions"]);
    assert_eq!(code, 0);
    // Without the data, the forbidden port is allowed and the first test fails.
    let (code, out, _) = verify(&["--no-color", "-p", p]);
    assert_eq!(code, 1);
    assert!(out.contains("data.main.test_forbidden_port_denied"));
}

#[test]
fn verify_outputs_and_errors() {
    let (_, out, _) = verify(&["-o", "json", "-p", "testdata/rego/policy/failing-tests"]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v.as_array().unwrap().len(), 3);
    assert_eq!(v[1]["failures"][0]["msg"], "data.main.test_fails");
    let (code, _, err) = verify(&["-p", "testdata/rego/inputs"]);
    assert_eq!(code, 1);
    assert!(err.contains("no policies found"));
}

#[test]
fn bundled_library_checks_manifests_in_test() {
    let doc = "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  template:\n    spec:\n      containers:\n      - name: app\n        image: nginx\n        securityContext: {privileged: true}\n";
    let cli =
        TestCli::try_parse_from(["kubegate-test", "--no-color", "-p", "rules", "-n", "kubegate.*", "-"])
            .unwrap();
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = run_test_with_stdin(&cli.args, &mut doc.as_bytes(), &mut out, &mut err);
    let out = String::from_utf8(out).unwrap();
    assert_eq!(code, 1, "{out}{}", String::from_utf8_lossy(&err));
    for needle in [
        "WARN - - kubegate.kubernetes.image_tag - Deployment web: container app uses an unpinned image nginx",
        "FAIL - - kubegate.kubernetes.privileged - Deployment web: container app is privileged",
        "FAIL - - kubegate.kubernetes.resources - Deployment web: container app has no memory limit",
        "FAIL - - kubegate.kubernetes.run_as_non_root - Deployment web: container app may run as root (set runAsNonRoot: true)",
    ] {
        assert!(out.contains(needle), "{needle}\n{out}");
    }
    assert!(out.ends_with("8 tests, 3 passed, 1 warning, 4 failures, 0 exceptions\n"), "{out}");
}

#[test]
fn added_builtins_metadata_and_policy_relative_files() {
    let (code, out, err) = verify(&["--no-color", "-p", "testdata/rego/policy/builtins"]);
    assert_eq!(code, 0, "{out}{err}");
    assert_eq!(out, "\n6 tests, 6 passed, 0 warnings, 0 failures, 0 exceptions, 0 skipped\n");
}

#[test]
fn builtin_errors_are_undefined_unless_shown() {
    let p = "testdata/rego/policy/builtin-errors";
    let (code, _, _) = verify(&["-p", p]);
    assert_eq!(code, 0);
    let (code, _, err) = verify(&["-p", p, "--show-builtin-errors"]);
    assert_eq!(code, 1);
    assert!(
        err.contains("testdata/rego/policy/builtin-errors/does-not-exist.yaml: no such file or directory"),
        "{err}"
    );
}

#[test]
fn forced_rego_version_rejects_the_other_syntax() {
    // v1 syntax without imports is not Rego v0; v0 syntax is not Rego v1.
    let (code, _, err) = verify(&["-p", "testdata/rego/policy/data", "--rego-version", "v0"]);
    assert_eq!(code, 1);
    assert!(err.contains("`if` is a keyword only with"), "{err}");
    let (code, _, _) = verify(&["-p", "testdata/rego/policy/k8s/warn.rego", "--rego-version", "v1"]);
    assert_eq!(code, 1);
    let (code, _, _) = verify(&["-p", "testdata/rego/policy/k8s/warn.rego", "--rego-version", "v0"]);
    assert_eq!(code, 0);
    // Detected per file: v0 and v1 files in one directory.
    let (code, out, _) = verify(&["--no-color", "-p", "testdata/rego/policy/k8s"]);
    assert_eq!(code, 0);
    assert!(out.contains("3 passed"));
}

#[test]
fn coverage_report_counts_evaluated_lines() {
    let p = "testdata/rego/policy/data";
    let file = "testdata/rego/policy/data/ports.rego";
    let (code, out, _) =
        verify(&["--coverage", "-p", p, "-d", "testdata/rego/conftest-inputs/data/exclusions"]);
    assert_eq!(code, 0);
    let with_data: serde_json::Value = serde_json::from_str(&out).unwrap();
    // Without data the message line of the deny rule is never reached (and a test fails).
    let (code, out, _) = verify(&["--coverage", "-p", p]);
    assert_eq!(code, 1);
    let without: serde_json::Value = serde_json::from_str(&out).unwrap();
    let lines = |v: &serde_json::Value| v["files"][file]["covered_lines"].as_u64().unwrap();
    assert!(lines(&with_data) > lines(&without), "{with_data} {without}");
    assert_eq!(
        without["files"][file]["not_covered"][1],
        serde_json::json!({"start": {"row": 7}, "end": {"row": 7}})
    );
}

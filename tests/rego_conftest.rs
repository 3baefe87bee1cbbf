//! conftest-semantics suite for `kubegate test`: our own policies (testdata/rego/policy)
//! on conftest's example inputs (testdata/rego/conftest-inputs) and our own inputs,
//! asserting summaries, result lines and exit codes as spec §1.4 and §2 define them.

use clap::Parser;
use kubegate::rego::cli::{TestArgs, run_test_with_stdin};

#[derive(Parser)]
struct Cli {
    #[command(flatten)]
    args: TestArgs,
}

const K8S: &str = "testdata/rego/conftest-inputs/kubernetes";
const P: &str = "testdata/rego/policy";

fn run_with(args: &[&str], stdin: &str) -> (i32, String, String) {
    let mut argv = vec!["kubegate-test"];
    argv.extend_from_slice(args);
    let cli = Cli::try_parse_from(argv).expect("arguments parse");
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = run_test_with_stdin(&cli.args, &mut stdin.as_bytes(), &mut out, &mut err);
    (code, String::from_utf8(out).unwrap(), String::from_utf8(err).unwrap())
}

fn run(args: &[&str]) -> (i32, String, String) {
    run_with(args, "")
}

/// The last non-empty line of the text output.
fn summary(out: &str) -> &str {
    out.lines().rfind(|l| !l.is_empty()).unwrap_or("")
}

fn k8s(file: &str) -> String {
    format!("{K8S}/{file}")
}

fn pol(dir: &str) -> String {
    format!("{P}/{dir}")
}

#[test]
fn counts_rule_definitions_and_fills_successes() {
    // 5 definitions: 2 deny (deny.rego) + 1 deny (labels.rego) + 1 violation + 1 warn.
    let (code, out, _) = run(&["--no-color", "-p", &pol("k8s"), &k8s("deployment.yaml")]);
    assert_eq!(summary(&out), "5 tests, 1 passed, 0 warnings, 4 failures, 0 exceptions");
    assert_eq!(code, 1);
    // The violation object's msg is printed; deny messages come in set order.
    let fails: Vec<&str> = out.lines().filter(|l| l.starts_with("FAIL")).collect();
    assert_eq!(fails.len(), 4);
    assert!(fails[0].starts_with("FAIL - testdata/rego/conftest-inputs/kubernetes/deployment.yaml - main - Deployment hello-kubernetes: missing label"));
    assert!(fails[3].ends_with(
        "container hello-kubernetes: image paulbouwer/hello-kubernetes:1.5 is not pinned by digest"
    ));

    // Service: 2 empty sets (2 passed) + 1 warning = 3 < 5 definitions → 4 passed.
    let (code, out, _) = run(&["--no-color", "-p", &pol("k8s"), &k8s("service.yaml")]);
    assert_eq!(summary(&out), "5 tests, 4 passed, 1 warning, 0 failures, 0 exceptions");
    assert_eq!(code, 0);
}

#[test]
fn exit_codes_follow_conftest() {
    let both = [k8s("deployment.yaml"), k8s("service.yaml")];
    let p = pol("k8s");
    let base = ["--no-color", "-p", &p, &both[0], &both[1]];
    let (code, out, _) = run(&base);
    assert_eq!(summary(&out), "10 tests, 5 passed, 1 warning, 4 failures, 0 exceptions");
    assert_eq!(code, 1, "failures → 1");
    let (code, _, _) = run(&[&base[..], &["--fail-on-warn"]].concat());
    assert_eq!(code, 2, "--fail-on-warn with failures → 2");
    let service = k8s("service.yaml");
    let (code, _, _) = run(&["-p", &p, &service, "--fail-on-warn"]);
    assert_eq!(code, 1, "--fail-on-warn with warnings only → 1");
    let (code, _, _) = run(&["-p", &p, &service]);
    assert_eq!(code, 0, "warnings only → 0");
    let (code, out, _) = run(&[&base[..], &["--no-fail"]].concat());
    assert_eq!(code, 0, "--no-fail → 0");
    assert!(out.contains("4 failures"));
    let (code, _, _) = run(&[&base[..], &["--no-fail", "--fail-on-warn"]].concat());
    assert_eq!(code, 0);
}

#[test]
fn quiet_prints_only_when_the_exit_code_is_not_zero() {
    let p = pol("k8s");
    let (code, out, _) = run(&["--quiet", "-p", &p, &k8s("service.yaml")]);
    assert_eq!((code, out.as_str()), (0, ""));
    let (code, out, _) = run(&["--quiet", "-p", &p, &k8s("deployment.yaml")]);
    assert_eq!(code, 1);
    assert!(out.contains("4 failures"));
}

#[test]
fn multi_document_files_aggregate_into_one_result() {
    let (code, out, _) = run(&["--no-color", "-p", &pol("k8s"), &k8s("deployment+service.yaml")]);
    assert_eq!(summary(&out), "10 tests, 5 passed, 1 warning, 4 failures, 0 exceptions");
    assert_eq!(code, 1);
    // Every document is evaluated, even after `--- # comment` (conftest loses the third).
    let (_, out, _) = run(&["--no-color", "-p", &pol("multi"), "testdata/rego/inputs/streams.yaml"]);
    assert_eq!(summary(&out), "3 tests, 1 passed, 0 warnings, 2 failures, 0 exceptions");
    assert!(out.contains("deny third"));
    // A top-level JSON array is evaluated per element.
    let (_, out, _) = run(&["--no-color", "-p", &pol("multi"), "testdata/rego/inputs/list.json"]);
    assert_eq!(summary(&out), "2 tests, 1 passed, 0 warnings, 1 failure, 0 exceptions");
}

#[test]
fn exceptions_drop_results_and_are_counted() {
    let input = "testdata/rego/conftest-inputs/exceptions/deployments.yaml";
    let (code, out, _) = run(&["--no-color", "-p", &pol("exceptions"), input]);
    let f = format!("- {input} - main -");
    assert_eq!(
        out,
        format!(
            "WARN {f} cannot-run-as-root: container root-container uses an implicit latest tag\n\
             FAIL {f} cannot-run-as-root must not run as root\n\
             EXCP {f} data.main.exception[_][_] == \"run_as_root\"\n\
             EXCP {f} data.main.exception[_][_] == \"latest_tag\"\n\
             \n4 tests, 0 passed, 1 warning, 1 failure, 2 exceptions\n"
        )
    );
    assert_eq!(code, 1);
    // --suppress-exceptions hides EXCP lines; they still count.
    let (_, out, _) = run(&["--no-color", "--suppress-exceptions", "-p", &pol("exceptions"), input]);
    assert!(!out.contains("EXCP"));
    assert_eq!(summary(&out), "4 tests, 0 passed, 1 warning, 1 failure, 2 exceptions");
    // The empty string exempts the bare `deny`.
    let (_, out, _) = run(&["--no-color", "-p", &pol("bare-deny"), input]);
    assert!(out.contains("EXCP - testdata/rego/conftest-inputs/exceptions/deployments.yaml - main - data.main.exception[_][_] == \"\""));
    assert_eq!(summary(&out), "2 tests, 0 passed, 0 warnings, 1 failure, 1 exception");
}

#[test]
fn namespaces_literal_glob_all_and_missing() {
    let p = pol("namespaces");
    let (d, s) = (k8s("deployment.yaml"), k8s("service.yaml"));
    let (code, out, _) = run(&["--no-color", "-p", &p, &d, &s]);
    assert_eq!(summary(&out), "2 tests, 0 passed, 0 warnings, 2 failures, 0 exceptions");
    assert_eq!(code, 1);
    let (code, out, _) = run(&["--no-color", "-p", &p, "-n", "other", &d, &s]);
    assert_eq!(summary(&out), "2 tests, 1 passed, 0 warnings, 1 failure, 0 exceptions");
    assert!(out.contains("FAIL - testdata/rego/conftest-inputs/kubernetes/service.yaml - other - other: kind Service is not allowed"));
    assert_eq!(code, 1);
    let (_, out, _) = run(&["--no-color", "-p", &p, "-n", "main.gke", &d, &s]);
    assert_eq!(summary(&out), "2 tests, 1 passed, 1 warning, 0 failures, 0 exceptions");
    // A glob: `main*` matches main and main.gke ('.' is ordinary).
    let (_, out, _) = run(&["--no-color", "-p", &p, "-n", "main*", &d, &s]);
    assert_eq!(summary(&out), "4 tests, 1 passed, 1 warning, 2 failures, 0 exceptions");
    // Every package, the test package too (0 tests there).
    let (_, out, _) = run(&["--no-color", "-p", &p, "--all-namespaces", &d, &s]);
    assert_eq!(summary(&out), "6 tests, 2 passed, 1 warning, 3 failures, 0 exceptions");
    let (_, json, _) = run(&["-o", "json", "-p", &p, "--all-namespaces", &d]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let ns: Vec<&str> = v.as_array().unwrap().iter().map(|r| r["namespace"].as_str().unwrap()).collect();
    assert_eq!(ns, ["main.gke", "main", "other", "other_test"]);
    // Several namespaces, comma-separated as conftest's string slices are.
    let (_, out, _) = run(&["--no-color", "-p", &p, "-n", "main,other", &d]);
    assert_eq!(summary(&out), "2 tests, 1 passed, 0 warnings, 1 failure, 0 exceptions");
    // A namespace that does not exist: 0 tests, exit 0.
    let (code, out, _) = run(&["--no-color", "-p", &p, "-n", "nope", &d]);
    assert_eq!(summary(&out), "0 tests, 0 passed, 0 warnings, 0 failures, 0 exceptions");
    assert_eq!(code, 0);
}

#[test]
fn combine_evaluates_all_documents_as_one_input() {
    let dir = "testdata/rego/conftest-inputs/combine";
    let files = [format!("{dir}/user2.yaml"), format!("{dir}/team.yaml"), format!("{dir}/user1.yaml")];
    let mut args = vec!["--no-color", "--combine", "-p", "testdata/rego/policy/combine"];
    args.extend(files.iter().map(String::as_str));
    let (code, out, _) = run(&args);
    assert_eq!(
        out,
        "FAIL - Combined - main - team team-one: member jane.doe@example.com has no user object\n\n\
         2 tests, 1 passed, 0 warnings, 1 failure, 0 exceptions\n"
    );
    assert_eq!(code, 1);
    // Alone, the team file has no user objects: both rules fail.
    let (_, out, _) = run(&["--no-color", "--combine", "-p", "testdata/rego/policy/combine", &files[1]]);
    assert_eq!(summary(&out), "2 tests, 0 passed, 0 warnings, 2 failures, 0 exceptions");
    // Without --combine each document is its own input (an object, not the array).
    let (_, out, _) = run(&["--no-color", "-p", "testdata/rego/policy/combine", &files[1]]);
    assert_eq!(summary(&out), "2 tests, 2 passed, 0 warnings, 0 failures, 0 exceptions");
}

#[test]
fn data_documents_are_visible_to_policies() {
    let input = "testdata/rego/conftest-inputs/data/service.yaml";
    let (code, out, _) = run(&[
        "--no-color",
        "-p",
        &pol("data"),
        "-d",
        "testdata/rego/conftest-inputs/data/exclusions",
        input,
    ]);
    assert_eq!(
        out,
        format!(
            "FAIL - {input} - main - Service hello-kubernetes: port 22 is forbidden\n\n1 test, 0 passed, 0 warnings, 1 failure, 0 exceptions\n"
        )
    );
    assert_eq!(code, 1);
    let (code, out, _) = run(&["--no-color", "-p", &pol("data"), input]);
    assert_eq!(summary(&out), "1 test, 1 passed, 0 warnings, 0 failures, 0 exceptions");
    assert_eq!(code, 0);
}

#[test]
fn string_object_empty_boolean_and_undefined_results() {
    let (code, json, _) = run(&["-o", "json", "-p", &pol("results"), "testdata/rego/inputs/results.yaml"]);
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let r = &v[0];
    // 7 definitions: 2 failures + 3 warnings + 2 passed ("" message, boolean true).
    assert_eq!(r["successes"], 2);
    assert_eq!(r["failures"].as_array().unwrap().len(), 2);
    assert_eq!(r["warnings"].as_array().unwrap().len(), 3);
    assert_eq!(r["failures"][0]["msg"], "string result");
    assert_eq!(r["failures"][0]["metadata"], serde_json::json!({"query": "data.main.deny"}));
    assert_eq!(r["failures"][1]["msg"], "object result");
    assert_eq!(r["failures"][1]["loc"], serde_json::json!({"file": "in.yaml", "line": 3}));
    assert_eq!(
        r["failures"][1]["metadata"],
        serde_json::json!({"id": "K-1", "query": "data.main.deny_object"})
    );
    let (_, out, _) = run(&["--no-color", "-p", &pol("results"), "testdata/rego/inputs/results-none.yaml"]);
    assert_eq!(summary(&out), "7 tests, 7 passed, 0 warnings, 0 failures, 0 exceptions");
    // An object without a string msg aborts the run.
    let (code, _, err) = run(&["-p", &pol("results-nomsg"), "testdata/rego/inputs/results.yaml"]);
    assert_eq!(code, 1);
    assert!(err.contains("\"msg\" field must be present and a string"), "{err}");
}

#[test]
fn print_output_is_gathered_and_kept_out_of_machine_formats() {
    let dep = k8s("deployment.yaml");
    let (_, out, _) = run(&["--no-color", "-p", &pol("print"), &dep]);
    assert!(
        out.starts_with("PRNT   testdata/rego/policy/print/print.rego:4: checking hello-kubernetes\n\nFAIL"),
        "{out}"
    );
    let (_, json, _) = run(&["-o", "json", "-p", &pol("print"), &dep]);
    assert!(!json.contains("checking"));
    serde_json::from_str::<serde_json::Value>(&json).unwrap();
    // --trace: the trace goes to stderr; with -o stdout it also replaces the results.
    let (_, out, err) = run(&["--no-color", "--trace", "-p", &pol("print"), &dep]);
    assert!(err.contains("query: data.main.deny") && err.contains("checking hello-kubernetes"));
    assert!(!out.contains("FAIL"));
}

#[test]
fn stdin_is_yaml_named_dash() {
    let doc = "kind: Deployment\nmetadata: {name: from-stdin}\n";
    let (code, out, _) = run_with(&["--no-color", "-p", &pol("multi"), "-"], doc);
    assert_eq!(
        out,
        "FAIL - - main - deny from-stdin\n\n1 test, 0 passed, 0 warnings, 1 failure, 0 exceptions\n"
    );
    assert_eq!(code, 1);
    let (_, json, _) = run_with(&["-o", "json", "-p", &pol("multi"), "-"], doc);
    assert!(json.contains("\"filename\": \"\""));
    let (_, out, _) =
        run_with(&["--no-color", "--stdin-filename", "pod.yaml", "-p", &pol("multi"), "-"], doc);
    assert!(out.starts_with("FAIL - pod.yaml - main"));
    let (_, out, _) = run_with(
        &["--no-color", "--parser", "json", "-p", &pol("multi"), "-"],
        r#"{"kind": "Deployment", "metadata": {"name": "j"}}"#,
    );
    assert!(out.starts_with("FAIL - - main - deny j"));
}

#[test]
fn directories_are_walked_and_ignore_applies_while_walking() {
    let p = pol("multi");
    let (_, out, _) = run(&["--no-color", "-p", &p, "testdata/rego/inputs/dir"]);
    assert_eq!(summary(&out), "4 tests, 1 passed, 0 warnings, 3 failures, 0 exceptions");
    let (_, out, _) = run(&["--no-color", "-p", &p, "--ignore", "skip-me", "testdata/rego/inputs/dir"]);
    assert_eq!(summary(&out), "3 tests, 1 passed, 0 warnings, 2 failures, 0 exceptions");
    assert!(!out.contains("dir-c"));
    // A path named explicitly is never ignored.
    let (_, out, _) =
        run(&["--no-color", "-p", &p, "--ignore", "skip-me", "testdata/rego/inputs/dir/sub/skip-me.yaml"]);
    assert!(out.contains("deny dir-c"));
}

#[test]
fn errors_exit_one_with_a_message() {
    let dep = k8s("deployment.yaml");
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (vec!["-p", "testdata/rego/no-such-dir", &dep], "no-such-dir"),
        (vec!["-p", "testdata/rego/inputs", &dep], "no policies found"),
        (vec!["-p", "testdata/rego/policy/multi", "testdata/rego/inputs/bad.yaml"], "bad.yaml:"),
        (
            vec!["-p", "testdata/rego/policy/multi", "testdata/rego/inputs/notes.txt"],
            "unknown or unsupported file type",
        ),
        (vec!["-p", "testdata/rego/policy/multi", "testdata/rego/nothing.yaml"], "nothing.yaml"),
        (vec!["-p", "testdata/rego/policy/multi", "--parser", "hcl2", &dep], "not supported by kubegate"),
        (vec!["-p", "testdata/rego/policy/multi", "--parser", "json", &dep], "unmarshal json"),
        (
            vec!["-p", "testdata/rego/policy/problematic-if", &dep],
            "rule is using 'if' keyword without 'contains' keyword: rule in testdata/rego/policy/problematic-if/p.rego at line 3",
        ),
        (vec!["-p", "testdata/rego/policy/k8s", "--rego-version", "v1", &dep], "warn.rego"),
        (vec!["-p", "testdata/rego/policy/k8s", "--rego-version", "v2", &dep], "invalid Rego version: v2"),
        (vec!["-p", "testdata/rego/policy/multi", "--ignore", "(", "testdata/rego/inputs/dir"], "regexp"),
        (vec!["-p", "testdata/rego/policy/multi", "--update", "oci://x", &dep], "--update is not supported"),
    ];
    for (args, needle) in cases {
        let (code, out, err) = run(&args);
        assert_eq!(code, 1, "{args:?}");
        assert!(err.starts_with("Error: ") && err.contains(needle), "{args:?}: {err}");
        assert_eq!(out, "", "{args:?}");
        // --no-fail does not hide errors.
        let (code, _, _) = run(&[&args[..], &["--no-fail"]].concat());
        assert_eq!(code, 1);
    }
}

#[test]
fn rego_v0_forced_for_v0_only_policies() {
    let (code, out, _) = run(&[
        "--no-color",
        "--rego-version",
        "v0",
        "-p",
        "testdata/rego/policy/k8s/warn.rego",
        &k8s("service.yaml"),
    ]);
    assert_eq!(summary(&out), "1 test, 0 passed, 1 warning, 0 failures, 0 exceptions");
    assert_eq!(code, 0);
}

#[test]
fn capabilities_restrict_builtins() {
    let dir = std::env::temp_dir().join(format!("kubegate-caps-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let caps = dir.join("caps.json");
    std::fs::write(&caps, r#"{"builtins": [{"name": "count"}]}"#).unwrap();
    let c = caps.to_str().unwrap();
    let (code, _, err) = run(&["--capabilities", c, "-p", &pol("multi"), &k8s("deployment.yaml")]);
    assert_eq!(code, 1);
    assert!(err.contains("multi/p.rego: rego_type_error: undefined function sprintf"), "{err}");
    // Every forbidden call is reported, not only the first.
    std::fs::write(&caps, r#"{"builtins": []}"#).unwrap();
    let (_, _, err) = run(&["--capabilities", c, "-p", &pol("k8s"), &k8s("deployment.yaml")]);
    assert!(err.contains("5 errors occurred"), "{err}");
    for f in ["undefined function sprintf", "undefined function contains"] {
        assert!(err.contains(f), "{f}: {err}");
    }
    std::fs::write(&caps, r#"{"builtins": [{"name": "sprintf"}]}"#).unwrap();
    let (code, _, _) = run(&["--capabilities", c, "-p", &pol("multi"), &k8s("deployment.yaml")]);
    assert_eq!(code, 1); // the policy runs and fails the deployment
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn metadata_rule_and_re_match_in_test() {
    let doc = "kind: Pod\nspec:\n  ports: [{port: 22}, {port: 80}]\n  containers: [{name: a, image: docker.io/nginx}]\n";
    let (code, out, _) = run_with(&["--no-color", "-p", &pol("builtins"), "-"], doc);
    assert_eq!(
        out,
        "WARN - - main - legacy image name\nFAIL - - main - port 22 is denied (rule KT-7, missing: %!v(MISSING))\n\n\
         2 tests, 0 passed, 1 warning, 1 failure, 0 exceptions\n"
    );
    assert_eq!(code, 1);
}

#[test]
fn data_conftest_file_names_the_file_under_evaluation() {
    let (code, out, _) =
        run(&["--no-color", "-p", &pol("file-info"), &k8s("deployment.yaml"), &k8s("service.yaml")]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains(
        "WARN - testdata/rego/conftest-inputs/kubernetes/deployment.yaml - main - checking deployment.yaml"
    ));
    assert!(out.contains(
        "WARN - testdata/rego/conftest-inputs/kubernetes/service.yaml - main - checking service.yaml"
    ));
    let (code, out, _) = run_with(&["--no-color", "-p", &pol("file-info"), "-"], "a: 1\n");
    assert_eq!(code, 1);
    assert!(out.contains("FAIL - - main - - is outside a kubernetes directory"), "{out}");
    let (_, out, _) = run(&["--no-color", "--combine", "-p", &pol("file-info"), &k8s("service.yaml")]);
    assert!(out.contains("WARN - Combined - main - checking Combined"), "{out}");
}

#[test]
fn output_does_not_depend_on_the_thread_count() {
    let args = ["-o", "json", "-p", "testdata/rego/policy/k8s", K8S, "testdata/rego/inputs/streams.yaml"];
    let in_pool = |n: usize| {
        let pool = rayon::ThreadPoolBuilder::new().num_threads(n).build().unwrap();
        pool.install(|| run(&args))
    };
    let one = in_pool(1);
    assert_eq!(one.0, 1);
    assert!(one.1.contains("deployment+service.yaml"));
    for n in [2, 4] {
        assert_eq!(in_pool(n), one, "{n} threads");
    }
}

#[test]
fn strict_mode_refuses_deprecated_builtins() {
    let doc = "kind: Pod\nspec: {}\n";
    let (code, _, err) = run_with(&["--strict", "-p", &pol("builtins"), "-"], doc);
    assert_eq!(code, 1);
    assert!(
        err.contains(
            "p.rego:19: rego_type_error: deprecated built-in function calls in expression: re_match"
        ),
        "{err}"
    );
    let (code, _, err) = run_with(&["--strict", "-p", "rules", "-n", "kubegate.*", "-"], doc);
    assert_eq!(code, 0, "{err}");
}

#[test]
fn strict_mode_refuses_unused_locals_and_arguments() {
    let dep = k8s("deployment.yaml");
    let (code, out, _) = run(&["--no-color", "-p", &pol("strict"), &dep]);
    assert_eq!(code, 1, "valid without --strict");
    assert!(out.contains("hello-kubernetes has no owner"));
    let (code, _, err) = run(&["--strict", "-p", &pol("strict"), &dep]);
    assert_eq!(code, 1);
    assert_eq!(
        err,
        "Error: running test: load: loading policies: get compiler: 3 errors occurred:\n\
         testdata/rego/policy/strict/lenient.rego:6: rego_compile_error: assigned var kind unused\n\
         testdata/rego/policy/strict/lenient.rego:12: rego_compile_error: unused argument strict\n\
         testdata/rego/policy/strict/lenient.rego:19: rego_compile_error: assigned var x unused\n"
    );
}

#[test]
fn a_body_line_starting_with_a_parenthesis_parses() {
    let doc = "kind: HorizontalPodAutoscaler\nmetadata: {name: web}\nspec: {minReplicas: 2, maxReplicas: 3}\n---\nkind: HorizontalPodAutoscaler\nmetadata: {name: api}\nspec: {minReplicas: 2, maxReplicas: 6}\n";
    let (code, out, err) = run_with(&["--no-color", "-p", &pol("paren-line"), "-"], doc);
    assert_eq!(
        out,
        "FAIL - - main - web: replica spread 1 is below 2\n\n2 tests, 1 passed, 0 warnings, 1 failure, 0 exceptions\n",
        "{err}"
    );
    assert_eq!(code, 1);
}

#[test]
fn v0_multi_body_rules_count_as_two_definitions() {
    let doc = "kind: Job\n---\nkind: Service\n";
    let (code, out, err) = run_with(&["--no-color", "-p", &pol("multi-body"), "-"], doc);
    assert_eq!(
        out,
        "FAIL - - main - jobs are not allowed\n\n4 tests, 3 passed, 0 warnings, 1 failure, 0 exceptions\n",
        "{err}"
    );
    assert_eq!(code, 1);
}

//! The `kubegate` binary as a user runs it: exit code, stdout and stderr snapshotted.

mod common;

use std::path::Path;
use std::process::Command;

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn kubegate_in(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Run {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_kubegate"));
    cmd.args(args).current_dir(dir).env("NO_COLOR", "1").env_remove("KUBEGATE_DEBUG_PANIC");
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().expect("kubegate runs");
    Run {
        code: out.status.code().expect("exited"),
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
    }
}

fn kubegate(args: &[&str]) -> Run {
    kubegate_in(&common::root(), args, &[])
}

/// The elapsed time is the only part of the output that changes between runs.
fn redact_elapsed(s: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some(i) = rest.find(" in ") {
        out.push_str(&rest[..i + 4]);
        rest = &rest[i + 4..];
        let num = rest.find(|c: char| !(c.is_ascii_digit() || c == '.')).unwrap_or(rest.len());
        if num > 0 && rest[num..].starts_with("s:") {
            out.push_str("[ELAPSED]");
            rest = &rest[num + 1..];
        }
    }
    out.push_str(rest);
    out
}

fn shown(r: &Run) -> String {
    format!(
        "exit code: {}\n----- stdout -----\n{}----- stderr -----\n{}",
        r.code,
        r.stdout,
        redact_elapsed(&r.stderr)
    )
}

fn snapshot(name: &str, r: &Run) {
    common::snapshot_settings().bind(|| insta::assert_snapshot!(name, shown(r)));
}

#[test]
fn demo_human() {
    let r = kubegate(&["scan", "testdata/demo", "--format", "human"]);
    assert_eq!(r.code, 1);
    snapshot("cli_demo_human", &r);
}

#[test]
fn demo_concise() {
    let r = kubegate(&["scan", "testdata/demo", "--format", "concise"]);
    assert_eq!(r.code, 1);
    snapshot("cli_demo_concise", &r);
}

#[test]
fn demo_json() {
    let r = kubegate(&["scan", "testdata/demo", "--format", "json"]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.is_empty(), "json mode writes nothing to stderr: {}", r.stderr);
    snapshot("cli_demo_json", &r);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let s = &v["summary"];
    let inputs: u64 = s["inputs"].as_object().unwrap().values().map(|n| n.as_u64().unwrap()).sum();
    assert_eq!(inputs, s["files"].as_u64().unwrap(), "every file is accounted for once");
}

#[test]
fn every_demo_finding_points_at_the_offending_text() {
    let r = common::scan_paths(&["testdata/demo"]);
    assert!(!r.findings.is_empty());
    // The production overlay does not build (kubectl refuses it too): one finding at the
    // `resources:` entry at fault, and its files are then checked on their own.
    let build: Vec<_> = r.findings.iter().filter(|f| f.rule_id == "KG012").collect();
    assert_eq!(build.len(), 1, "{build:?}");
    assert_eq!(build[0].path, "apps/production/kustomization.yaml");
    assert_eq!(build[0].span.map(|s| (s.start.line, s.start.column)), Some((6, 5)));
    for f in r.findings.iter().filter(|f| f.rule_id != "KG012") {
        let text = std::fs::read_to_string(r.root.join(&f.path)).unwrap();
        let s = f.span.unwrap();
        let shown = &text[s.byte_range()];
        // The span starts at the field named last in the object path (or at the value).
        // The span starts at the offending field, or for a missing field at its nearest
        // present ancestor: one of the path's keys, or the container's `name:` entry.
        let path = f.object_path.as_deref().unwrap();
        let keys: Vec<&str> = path.split(['.', '[', ']']).filter(|k| !k.is_empty()).collect();
        let at_key = keys.iter().any(|k| shown.starts_with(k)) || shown.starts_with("name:");
        assert!(at_key, "{}: span `{shown}` is not on the path {path}", f.rule_id);
        let line = text.lines().nth(s.start.line as usize - 1).unwrap();
        let col_byte: usize = line.chars().take(s.start.column as usize - 1).map(char::len_utf8).sum();
        assert_eq!(&line[col_byte..col_byte + 1], &shown[..1], "line:column and offset agree");
    }
    // The strategic-merge patch of the overlay is never linted as an object.
    assert!(r.findings.iter().all(|f| !f.path.ends_with("web-replicas.yaml")));
}

#[test]
fn exit_codes_follow_fail_on() {
    assert_eq!(kubegate(&["scan", "testdata/demo", "--fail-on", "never"]).code, 0);
    assert_eq!(kubegate(&["scan", "testdata/demo", "--fail-on", "critical"]).code, 1);
    // A pod whose only problem is medium (an untagged image): the default threshold (high)
    // lets it pass, `--fail-on medium` blocks it.
    let dir = tempfile::tempdir().unwrap();
    let pod = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  securityContext:\n    runAsNonRoot: true\n  containers:\n    - name: a\n      image: nginx\n      securityContext:\n        allowPrivilegeEscalation: false\n        readOnlyRootFilesystem: true\n        capabilities: {drop: [ALL]}\n";
    std::fs::write(dir.path().join("pod.yaml"), pod).unwrap();
    let r = kubegate_in(dir.path(), &["scan", "--format", "concise", "--no-summary"], &[]);
    assert!(
        r.stdout.contains("pod.yaml:10:7: medium[K8S060] image \"nginx\" of container \"a\" has no tag"),
        "{}",
        r.stdout
    );
    let below_high = |l: &str| [": medium[", ": low[", ": info["].iter().any(|s| l.contains(s));
    assert!(r.stdout.lines().all(below_high), "{}", r.stdout);
    assert_eq!(r.code, 0);
    assert_eq!(kubegate_in(dir.path(), &["scan", "--fail-on", "medium"], &[]).code, 1);
    assert_eq!(kubegate_in(dir.path(), &["scan", "--fail-on", "info"], &[]).code, 1);
}

#[test]
fn usage_errors_exit_2() {
    let r = kubegate(&["scan", "--fail-on", "severe"]);
    assert_eq!(r.code, 2);
    snapshot("cli_bad_fail_on", &r);
    let r = kubegate(&["scan", "does/not/exist"]);
    assert_eq!(r.code, 2);
    snapshot("cli_missing_path", &r);
}

#[test]
fn output_is_identical_across_thread_counts() {
    let one = kubegate(&["scan", "testdata", "--format", "json", "--threads", "1"]);
    let many = kubegate(&["scan", "testdata", "--format", "json", "--threads", "8"]);
    assert_eq!(one.stdout, many.stdout);
    let again = kubegate(&["scan", "testdata", "--format", "json", "--threads", "3"]);
    assert_eq!(one.stdout, again.stdout);
}

#[test]
fn a_panic_in_one_file_becomes_a_finding_and_the_run_goes_on() {
    let r = kubegate_in(
        &common::root(),
        &["scan", "testdata/demo", "--format", "concise"],
        &[("KUBEGATE_DEBUG_PANIC", "rollout.yaml")],
    );
    assert_eq!(r.code, 1);
    assert!(
        r.stdout
            .contains("apps/base/api/rollout.yaml:1:1: high[KG007] internal error while checking this file")
    );
    assert!(r.stdout.contains("critical[K8S001]"), "other files are still checked");
    assert!(r.stderr.contains("1 errors"), "{}", r.stderr);
}

#[test]
fn rules_and_explain() {
    let r = kubegate(&["rules"]);
    assert_eq!(r.code, 0);
    snapshot("cli_rules", &r);
    let r = kubegate(&["explain", "privileged-container"]);
    assert_eq!(r.code, 0);
    snapshot("cli_explain_k8s001", &r);
    assert_eq!(kubegate(&["explain", "K8S999"]).code, 2);
}

#[test]
fn walk_honours_ignore_files_excludes_and_dot_files() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let pod = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  hostPID: true\n  containers: []\n";
    for f in [
        "kept.yaml",
        ".hidden/dot.yaml",
        "ignored-by-git.yaml",
        "ignored-by-kubegate.yaml",
        "excluded/x.yaml",
    ] {
        let p = d.join(f);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, pod).unwrap();
    }
    std::fs::write(d.join(".gitignore"), "ignored-by-git.yaml\n").unwrap();
    std::fs::write(d.join(".kubegateignore"), "ignored-by-kubegate.yaml\n").unwrap();
    std::fs::create_dir_all(d.join(".git")).unwrap();
    std::fs::write(d.join(".git/config.yaml"), pod).unwrap();
    let r =
        kubegate_in(d, &["scan", ".", "--format", "concise", "--exclude", "excluded/", "--no-summary"], &[]);
    let files: Vec<&str> = r.stdout.lines().map(|l| l.split(':').next().unwrap()).collect();
    assert_eq!(files, vec![".hidden/dot.yaml", "kept.yaml"]);
    // A file named on the command line is always scanned, ignored or not.
    let r = kubegate_in(d, &["scan", "ignored-by-git.yaml", "--format", "concise", "--no-summary"], &[]);
    assert!(r.stdout.starts_with("ignored-by-git.yaml:6:3: critical[K8S002]"), "{}", r.stdout);
}

#[test]
fn hostile_inputs_in_human_format_cut_long_lines_and_keep_true_positions() {
    let r = kubegate(&["scan", "testdata/hostile", "--format", "human"]);
    assert_eq!(r.code, 1);
    assert!(r.stdout.lines().all(|l| l.chars().count() < 260), "long lines are cut");
    assert!(r.stdout.contains("[testdata/hostile/deep-flow.yaml:2:261]"));
    snapshot("cli_hostile_human", &r);
}

#[test]
fn test_and_verify_subcommands_run_rego_policies() {
    let r = kubegate(&["verify", "-p", "rules", "--no-color"]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(r.stdout.contains("29 tests, 29 passed"), "{}", r.stdout);
    let r = kubegate(&[
        "test",
        "testdata/demo/apps/base/web/deployment.yaml",
        "-p",
        "rules",
        "--all-namespaces",
        "--no-color",
    ]);
    assert_eq!(r.code, 1);
    assert!(
        r.stdout
            .contains("FAIL - testdata/demo/apps/base/web/deployment.yaml - kubegate.kubernetes.privileged")
    );
    let r = kubegate(&["config", "schema"]);
    assert_eq!(r.code, 0);
    let schema: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(schema["title"], "kubegate configuration (.kubegate.yaml)");
}

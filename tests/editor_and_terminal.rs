//! Editor mode (`--stdin --stdin-filename`) and terminal manners (`--color`, `NO_COLOR`,
//! completions, silence when stderr is not a terminal).

mod common;

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

use common::{deployment, write};

fn kubegate(dir: &Path, args: &[&str], stdin: &str, env: &[(&str, &str)]) -> (i32, String, String) {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_kubegate"));
    cmd.args(args).current_dir(dir).env_remove("NO_COLOR");
    for (k, v) in env {
        cmd.env(k, v);
    }
    let mut child = cmd.stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    child.stdin.take().unwrap().write_all(stdin.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn stdin_buffer_is_judged_as_the_named_file() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // On disk the file is clean; the unsaved buffer is not.
    write(d, "apps/web.yaml", &deployment("web", false));
    let args = ["scan", "--stdin", "--stdin-filename", "apps/web.yaml", "--format", "json"];
    let (code, stdout, stderr) = kubegate(d, &args, &deployment("web", true), &[]);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.is_empty(), "{stderr}");
    let v: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(v["version"], 1);
    assert_eq!(v["summary"]["files"], 1);
    let all = v["findings"].as_array().unwrap();
    assert!(all.iter().all(|f| f["path"] == "apps/web.yaml"));
    let f: Vec<&serde_json::Value> = all.iter().filter(|f| f["rule_id"] == "K8S001").collect();
    assert_eq!(f.len(), 1, "{stdout}");
    assert_eq!(f[0]["rule_id"], "K8S001");
    assert_eq!(f[0]["path"], "apps/web.yaml");
    let offset = deployment("web", true).find("privileged: true").unwrap();
    assert_eq!(f[0]["start"], serde_json::json!({"line": 15, "column": 13, "offset": offset}));
    assert_eq!(f[0]["end"]["column"], 29);

    // A buffer that does not exist on disk yet; a buffer with a syntax error is a finding.
    let (code, stdout, _) = kubegate(
        d,
        &["scan", "--stdin", "--stdin-filename", "new.yaml", "--format", "concise"],
        "a: [\n",
        &[],
    );
    assert_eq!(code, 1);
    assert!(stdout.starts_with("new.yaml:"), "{stdout}");
    assert!(stdout.contains("[KG001]"), "{stdout}");

    // The buffer of a patch named by a kustomization on disk is not linted as an object.
    write(
        d,
        "overlay/kustomization.yaml",
        "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\npatches:\n  - path: patch.yaml\n",
    );
    let patch = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 2\n";
    let args = ["scan", "--stdin", "--stdin-filename", "overlay/patch.yaml", "--format", "json"];
    let (code, stdout, _) = kubegate(d, &args, patch, &[]);
    assert_eq!(code, 0, "{stdout}");
    let v: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(v["summary"]["files"], 1, "only the buffer is reported");
    assert_eq!(v["summary"]["inputs"]["kustomize_inputs"], 1);

    // --stdin needs --stdin-filename.
    let (code, _, stderr) = kubegate(d, &["scan", "--stdin"], "", &[]);
    assert_eq!(code, 2);
    assert!(stderr.contains("--stdin-filename"), "{stderr}");
}

#[test]
fn color_follows_the_flag_and_no_color() {
    let root = common::root();
    let args = |c: &'static str| ["scan", "testdata/demo", "--format", "human", "--color", c, "--no-summary"];
    let (_, always, _) = kubegate(&root, &args("always"), "", &[]);
    assert!(always.contains("\x1b["), "--color always colours even into a pipe");
    let (_, never, _) = kubegate(&root, &args("never"), "", &[]);
    assert!(!never.contains("\x1b["));
    // auto: not a terminal here, so no colour; NO_COLOR never adds any.
    let (_, auto, stderr) = kubegate(&root, &args("auto"), "", &[("NO_COLOR", "1")]);
    assert!(!auto.contains("\x1b["));
    assert_eq!(auto, never);
    assert!(!stderr.contains('\r'), "no progress indicator when stderr is not a terminal");
}

#[test]
fn completions_for_bash_zsh_fish() {
    let root = common::root();
    for (shell, marker) in
        [("bash", "complete -F"), ("zsh", "#compdef kubegate"), ("fish", "complete -c kubegate")]
    {
        let (code, out, _) = kubegate(&root, &["completions", shell], "", &[]);
        assert_eq!(code, 0);
        assert!(out.contains(marker), "{shell}: {out}");
        assert!(out.contains("staged"), "{shell} completes scan flags");
    }
}

//! `--staged`, `kubegate hook install` and `--diff-base` on real temporary git
//! repositories, with the real `git` (no mocks): the index is judged, not the working tree.

mod common;

use std::path::Path;
use std::process::Command;

use common::{deployment, git, git_repo, write};

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn kubegate(dir: &Path, args: &[&str]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_kubegate"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("kubegate runs");
    Run {
        code: out.status.code().unwrap(),
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
    }
}

#[test]
fn staged_judges_the_index_not_the_working_tree() {
    let repo = git_repo();
    let d = repo.path();
    write(d, "apps/web.yaml", &deployment("web", false));
    git(d, &["add", "."]);
    git(d, &["commit", "-q", "-m", "clean web"]);

    // Stage a privileged version, then fix the working tree only.
    write(d, "apps/web.yaml", &deployment("web", true));
    git(d, &["add", "apps/web.yaml"]);
    write(d, "apps/web.yaml", &deployment("web", false));
    // An unstaged bad file is not part of the commit.
    write(d, "apps/unstaged.yaml", &deployment("unstaged", true));

    assert_eq!(
        kubegate(d, &["scan", "apps/web.yaml", "--no-summary"]).stdout,
        "",
        "the working tree is clean"
    );
    let r = kubegate(d, &["scan", "--staged", "--format", "concise"]);
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    assert_eq!(
        r.stdout,
        "apps/web.yaml:15:13: critical[K8S001] container \"app\" of Deployment web runs privileged\n"
    );
    assert!(r.stderr.starts_with("Checked 1 files (1 Kubernetes documents)"), "{}", r.stderr);

    // The human snippet shows the staged text (`privileged: true`), not the disk.
    let r = kubegate(d, &["scan", "--staged", "--format", "human"]);
    assert!(r.stdout.contains("privileged: true"), "{}", r.stdout);

    // From a subdirectory, paths are still relative to the repository root.
    let r = kubegate(&d.join("apps"), &["scan", "--staged", "--format", "concise", "--no-summary"]);
    assert!(r.stdout.starts_with("apps/web.yaml:15:13:"), "{}", r.stdout);

    // --exclude and the root .kubegateignore apply to staged files.
    let r = kubegate(d, &["scan", "--staged", "--exclude", "apps/", "--format", "concise"]);
    assert_eq!((r.code, r.stdout.as_str()), (0, ""), "{}", r.stderr);
    write(d, ".kubegateignore", "web.yaml\n");
    let r = kubegate(d, &["scan", "--staged", "--format", "concise"]);
    assert_eq!((r.code, r.stdout.as_str()), (0, ""), "{}", r.stderr);
    std::fs::remove_file(d.join(".kubegateignore")).unwrap();

    // A staged submodule (a gitlink, not a blob) has no content to judge.
    let sub = git_repo();
    git(
        d,
        &[
            "-c",
            "protocol.file.allow=always",
            "submodule",
            "add",
            "-q",
            sub.path().to_str().unwrap(),
            "vendor/sub",
        ],
    );
    let r = kubegate(d, &["scan", "--staged", "--format", "concise", "--no-summary"]);
    assert_eq!(r.code, 1);
    assert!(!r.stdout.contains("vendor/sub"), "{}", r.stdout);
    git(d, &["rm", "-q", "--cached", "-f", "vendor/sub", ".gitmodules"]);

    // Unstaging the bad version (nothing staged) passes; deleted files are not scanned.
    git(d, &["restore", "--staged", "apps/web.yaml"]);
    git(d, &["rm", "-q", "--cached", "apps/web.yaml"]);
    let r = kubegate(d, &["scan", "--staged", "--format", "concise"]);
    assert_eq!((r.code, r.stdout.as_str()), (0, ""), "{}", r.stderr);
    assert!(r.stderr.starts_with("Checked 0 files"), "{}", r.stderr);
}

#[test]
fn staged_patch_is_read_with_its_kustomization_from_the_index() {
    let repo = git_repo();
    let d = repo.path();
    write(d, "base/web.yaml", &deployment("web", false));
    write(d, "base/kustomization.yaml", "resources:\n  - web.yaml\n");
    write(
        d,
        "overlay/replicas.yaml",
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 2\n",
    );
    // In the index the kustomization names the patch; on disk it no longer does.
    write(
        d,
        "overlay/kustomization.yaml",
        "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - ../base\npatches:\n  - path: replicas.yaml\n",
    );
    git(d, &["add", "."]);
    write(
        d,
        "overlay/kustomization.yaml",
        "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n",
    );
    let r = kubegate(d, &["scan", "--staged", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let inputs = &v["summary"]["inputs"];
    assert_eq!(inputs["kustomize_inputs"], 1, "the staged patch belongs to its overlay: {}", r.stdout);
    // the overlay is built from the index: the base file is checked through it
    assert_eq!(inputs["kustomizations"], 2);
    assert_eq!(inputs["kustomize_resources"], 1);
    assert_eq!(inputs["manifests"], 0);
    assert_eq!(v["summary"]["kustomize"]["units"], 1, "{}", r.stdout);
    assert_eq!(v["findings"].as_array().unwrap().len(), 0, "{}", r.stdout);
    assert_eq!(r.code, 0);

    // A staged patch alone still brings in the kustomization that names it, from the index.
    git(d, &["commit", "-q", "-m", "overlay"]);
    write(
        d,
        "overlay/replicas.yaml",
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 3\n",
    );
    git(d, &["add", "overlay/replicas.yaml"]);
    let r = kubegate(d, &["scan", "--staged", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(v["summary"]["files"], 2, "{}", r.stdout);
    assert_eq!(v["summary"]["inputs"]["kustomize_inputs"], 1, "{}", r.stdout);
    // its base is not staged: the build reads it from the index
    assert_eq!(v["summary"]["kustomize"]["objects"], 1, "{}", r.stdout);
    assert_eq!(v["findings"].as_array().unwrap().len(), 0, "{}", r.stdout);
    assert_eq!(r.code, 0);
}

#[test]
fn hook_install_blocks_a_real_commit() {
    let repo = git_repo();
    let d = repo.path();
    let r = kubegate(d, &["hook", "install"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let hook = std::fs::read_to_string(d.join(".git/hooks/pre-commit")).unwrap();
    assert!(hook.contains("scan --staged"), "{hook}");
    // Idempotent for our own hook.
    assert_eq!(kubegate(d, &["hook", "install"]).code, 0);
    assert_eq!(std::fs::read_to_string(d.join(".git/hooks/pre-commit")).unwrap(), hook);

    write(d, "web.yaml", &deployment("web", true));
    git(d, &["add", "web.yaml"]);
    let out = Command::new("git").args(["commit", "-m", "privileged"]).current_dir(d).output().unwrap();
    assert!(!out.status.success(), "the hook blocks the commit");
    let shown = String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    assert!(shown.contains("web.yaml:15:13: critical[K8S001]"), "{shown}");
    assert_eq!(git(d, &["rev-list", "--count", "HEAD"]).trim(), "1", "nothing was committed");

    // Fixed in the working tree but not staged: still blocked. Staged: the commit goes through.
    write(d, "web.yaml", &deployment("web", false));
    let out = Command::new("git").args(["commit", "-m", "still privileged"]).current_dir(d).output().unwrap();
    assert!(!out.status.success());
    git(d, &["add", "web.yaml"]);
    let out = Command::new("git").args(["commit", "-q", "-m", "clean"]).current_dir(d).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(git(d, &["rev-list", "--count", "HEAD"]).trim(), "2");

    // `git commit -a` stages into a temporary index (GIT_INDEX_FILE): that is what is judged.
    write(d, "web.yaml", &deployment("web", true));
    let out =
        Command::new("git").args(["commit", "-a", "-m", "privileged again"]).current_dir(d).output().unwrap();
    assert!(!out.status.success(), "commit -a is blocked too");
    let shown = String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    assert!(shown.contains("critical[K8S001]"), "{shown}");
    assert_eq!(git(d, &["rev-list", "--count", "HEAD"]).trim(), "2");
}

#[test]
fn hook_install_refuses_a_foreign_hook_without_force() {
    let repo = git_repo();
    let d = repo.path();
    let foreign = "#!/bin/sh\necho someone else's hook\n";
    write(d, ".git/hooks/pre-commit", foreign);
    let r = kubegate(d, &["hook", "install"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("was not written by kubegate"), "{}", r.stderr);
    assert_eq!(std::fs::read_to_string(d.join(".git/hooks/pre-commit")).unwrap(), foreign);
    let r = kubegate(d, &["hook", "install", "--force"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(std::fs::read_to_string(d.join(".git/hooks/pre-commit.bak")).unwrap(), foreign);
    assert!(std::fs::read_to_string(d.join(".git/hooks/pre-commit")).unwrap().contains("kubegate"));
    // Outside a repository: a usage error.
    let outside = tempfile::tempdir().unwrap();
    assert_eq!(kubegate(outside.path(), &["hook", "install"]).code, 2);
    assert_eq!(kubegate(outside.path(), &["scan", "--staged"]).code, 2);
}

#[test]
fn diff_base_scans_changed_units_and_new_only_drops_old_findings() {
    let repo = git_repo();
    let d = repo.path();
    write(d, "apps/old.yaml", &deployment("old", true));
    write(d, "apps/moved.yaml", &deployment("moved", true));
    write(d, "apps/untouched.yaml", &deployment("untouched", true));
    git(d, &["add", "."]);
    git(d, &["commit", "-q", "-m", "base"]);
    git(d, &["checkout", "-q", "-b", "feature"]);
    // A new bad file, and an old finding moved down by three lines (not new).
    write(d, "apps/new.yaml", &deployment("new", true));
    write(d, "apps/moved.yaml", &format!("# a comment\n# moves\n# the lines\n{}", deployment("moved", true)));
    git(d, &["add", "."]);
    git(d, &["commit", "-q", "-m", "feature"]);
    // Untracked files count as changed (they are part of the change once added).
    write(d, "apps/untracked.yaml", &deployment("untracked", true));
    // main moves on after the branch point: its changes are not ours.
    git(d, &["checkout", "-q", "main"]);
    write(d, "apps/on-main.yaml", &deployment("on-main", true));
    git(d, &["add", "apps/on-main.yaml"]);
    git(d, &["commit", "-q", "-m", "main moves"]);
    git(d, &["checkout", "-q", "feature"]);

    let files = |r: &Run| -> Vec<String> {
        let mut v: Vec<String> = r.stdout.lines().map(|l| l.split(':').next().unwrap().to_string()).collect();
        v.dedup();
        v
    };
    let r = kubegate(d, &["scan", "--diff-base", "main", "--format", "concise", "--no-summary"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert_eq!(files(&r), ["apps/moved.yaml", "apps/new.yaml", "apps/untracked.yaml"]);
    assert!(r.stdout.contains("apps/moved.yaml:18:13: critical[K8S001]"), "{}", r.stdout);

    let r =
        kubegate(d, &["scan", "--diff-base", "main", "--new-only", "--format", "concise", "--no-summary"]);
    assert_eq!(r.code, 1);
    assert_eq!(files(&r), ["apps/new.yaml", "apps/untracked.yaml"], "a moved finding is not new");

    // Only old findings: --new-only passes.
    std::fs::remove_file(d.join("apps/untracked.yaml")).unwrap();
    git(d, &["rm", "-q", "apps/new.yaml"]);
    let r = kubegate(d, &["scan", "--diff-base", "main", "--new-only", "--format", "concise"]);
    assert_eq!((r.code, r.stdout.as_str()), (0, ""), "{}", r.stderr);

    let r = kubegate(d, &["scan", "--diff-base", "no-such-branch"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("merge-base"), "{}", r.stderr);
}

#[test]
fn staged_values_file_brings_in_its_chart() {
    let repo = git_repo();
    let d = repo.path();
    write(d, "charts/web/Chart.yaml", "apiVersion: v2\nname: web\nversion: 0.1.0\n");
    write(
        d,
        "charts/web/templates/deployment.yaml",
        "apiVersion: apps/v1\nkind: Deployment\n{{- if .Values.x }}\n",
    );
    write(d, "charts/web/values.yaml", "x: 1\n");
    git(d, &["add", "."]);
    git(d, &["commit", "-q", "-m", "chart"]);
    write(d, "charts/web/values.yaml", "x: 2\n");
    git(d, &["add", "charts/web/values.yaml"]);
    let r = kubegate(d, &["scan", "--staged", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(v["summary"]["files"], 3, "the whole chart is the unit: {}", r.stdout);
    assert_eq!(v["summary"]["inputs"]["helm_chart_files"], 3);
    // The chart is rendered from the index; its unterminated `if` is a render error there.
    assert_eq!(v["summary"]["helm"]["charts"], 1, "{}", r.stdout);
    let f = &v["findings"][0];
    assert_eq!(
        (f["rule_id"].as_str(), f["path"].as_str()),
        (Some("KG010"), Some("charts/web/templates/deployment.yaml")),
        "{}",
        r.stdout
    );
    assert_eq!(r.code, 1);
}

#[test]
fn staged_works_before_the_first_commit() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    git(d, &["init", "-q"]);
    write(d, "web.yaml", &deployment("web", true));
    git(d, &["add", "web.yaml"]);
    let r = kubegate(d, &["scan", "--staged", "--format", "concise", "--no-summary"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stdout.starts_with("web.yaml:15:13: critical[K8S001]"), "{}", r.stdout);
}

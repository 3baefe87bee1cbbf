//! Helpers shared by the integration tests: run a scan in-process and render it as the
//! user would see it.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use kubegate::output;
use kubegate::scan::{ScanOptions, ScanResult, scan};

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Scan paths given relative to the crate root (tests run there).
pub fn scan_paths(paths: &[&str]) -> ScanResult {
    let opts = ScanOptions { paths: paths.iter().map(PathBuf::from).collect(), ..ScanOptions::default() };
    scan(&opts).expect("scan runs")
}

pub fn human(result: &ScanResult, prefix: &Path) -> String {
    let mut out = Vec::new();
    output::human::write(&mut out, result, prefix, false).unwrap();
    String::from_utf8(out).unwrap()
}

pub fn concise(result: &ScanResult, prefix: &Path) -> String {
    let mut out = Vec::new();
    output::concise::write(&mut out, result, prefix).unwrap();
    String::from_utf8(out).unwrap()
}

pub fn json(result: &ScanResult) -> serde_json::Value {
    let mut out = Vec::new();
    output::json::write(&mut out, result).unwrap();
    serde_json::from_slice(&out).unwrap()
}

/// Run the built binary in `dir` (NO_COLOR set): exit code, stdout, stderr.
pub fn run_in(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let r = run_bin(dir, args);
    (r.code, r.stdout, r.stderr)
}

/// insta settings that store snapshots in the top-level `snapshots/` directory.
pub fn snapshot_settings() -> insta::Settings {
    let mut s = insta::Settings::clone_current();
    s.set_snapshot_path(root().join("snapshots"));
    s.set_prepend_module_to_snapshot(false);
    s
}

/// Run the real `git` in `dir`; panics with its stderr when it fails.
pub fn git(dir: &Path, args: &[&str]) -> String {
    let out = std::process::Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("HOME", dir)
        .output()
        .expect("git runs");
    assert!(out.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

/// A fresh repository with an identity and one empty commit on branch `main`.
pub fn git_repo() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    git(d, &["init", "-q", "-b", "main"]);
    git(d, &["config", "user.name", "kubegate tests"]);
    git(d, &["config", "user.email", "tests@kubegate.invalid"]);
    git(d, &["config", "commit.gpgsign", "false"]);
    git(d, &["commit", "-q", "--allow-empty", "-m", "init"]);
    dir
}

/// Write a file (creating its directories).
pub fn write(dir: &Path, rel: &str, text: &str) {
    let p = dir.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

/// A Deployment, privileged or not; otherwise clean.
pub fn deployment(name: &str, privileged: bool) -> String {
    format!(
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {name}\nspec:\n  template:\n    spec:\n      securityContext:\n        runAsNonRoot: true\n      containers:\n        - name: app\n          image: nginx:1.27.0\n          securityContext:\n            allowPrivilegeEscalation: false\n            privileged: {privileged}\n            readOnlyRootFilesystem: true\n            capabilities: {{drop: [ALL]}}\n            seccompProfile: {{type: RuntimeDefault}}\n          resources:\n            requests: {{cpu: 100m, memory: 64Mi}}\n            limits: {{memory: 128Mi}}\n    metadata:\n      labels: {{app: {name}}}\n  selector:\n    matchLabels: {{app: {name}}}\n"
    )
}

/// What running the `kubegate` binary gave.
pub struct BinRun {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// Run the `kubegate` binary in `dir` (no colour).
pub fn run_bin(dir: &Path, args: &[&str]) -> BinRun {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_kubegate"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("kubegate runs");
    BinRun {
        code: out.status.code().expect("exited"),
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
    }
}
/// Run the built `kubegate` in `dir` (NO_COLOR set): exit code, stdout, stderr.
pub fn kubegate(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_kubegate"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("kubegate runs");
    let text = |b: Vec<u8>| String::from_utf8_lossy(&b).into_owned();
    (out.status.code().unwrap_or(-1), text(out.stdout), text(out.stderr))
}

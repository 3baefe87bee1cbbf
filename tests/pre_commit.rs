//! The real pre-commit framework (https://pre-commit.com) running this repository's
//! `.pre-commit-hooks.yaml`: a throw-away repository whose config points at this checkout's
//! HEAD, `pre-commit install`, then a clean commit passes and a commit adding a privileged
//! container is blocked with the finding printed.
//!
//! pre-commit builds kubegate with `cargo install` (release) in its own cache; the build
//! happens once per run (the first commit) and both commits share it. `CARGO_TARGET_DIR`
//! points into cargo's test scratch directory so a second run builds incrementally.
//! Without pre-commit installed the test says why it did not run, unless `CI` is set: then
//! it must run (`.ci/run` installs pre-commit).

mod common;

use std::path::Path;
use std::process::Command;

use common::{deployment, git, write};

/// How to run pre-commit here: the `pre-commit` command, else `python3 -m pre_commit`.
fn pre_commit() -> Option<Vec<String>> {
    let works = |cmd: &[&str]| {
        Command::new(cmd[0]).args(&cmd[1..]).arg("--version").output().is_ok_and(|o| o.status.success())
    };
    if works(&["pre-commit"]) {
        return Some(vec!["pre-commit".into()]);
    }
    if works(&["python3", "-m", "pre_commit"]) {
        return Some(vec!["python3".into(), "-m".into(), "pre_commit".into()]);
    }
    None
}

fn commit(dir: &Path, home: &Path, target: &Path, message: &str) -> (bool, String) {
    let out = Command::new("git")
        .args(["commit", "-m", message])
        .current_dir(dir)
        .env("PRE_COMMIT_HOME", home)
        .env("CARGO_TARGET_DIR", target)
        .env("NO_COLOR", "1")
        .env("PRE_COMMIT_COLOR", "never")
        .output()
        .unwrap();
    let shown = String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    (out.status.success(), shown)
}

#[test]
fn pre_commit_framework_blocks_a_privileged_container() {
    let Some(pc) = pre_commit() else {
        if std::env::var_os("CI").is_some() {
            panic!("CI is set but pre-commit is not installed (`pip install pre-commit`; .ci/run does it)");
        }
        eprintln!("pre-commit is not installed (`pip install pre-commit`): the framework test did not run");
        return;
    };
    let this = common::root();
    let rev = git(&this, &["rev-parse", "HEAD"]).trim().to_string();
    let hooks = git(&this, &["show", &format!("{rev}:.pre-commit-hooks.yaml")]);
    assert!(hooks.contains("id: kubegate"), "HEAD has the hook definitions");

    let repo = common::git_repo();
    let d = repo.path();
    let home = tempfile::tempdir().unwrap();
    let target = Path::new(env!("CARGO_TARGET_TMPDIR")).join("pre-commit-build");
    write(
        d,
        ".pre-commit-config.yaml",
        &format!("repos:\n  - repo: {}\n    rev: {rev}\n    hooks:\n      - id: kubegate\n", this.display()),
    );
    let out = Command::new(&pc[0])
        .args(&pc[1..])
        .arg("install")
        .current_dir(d)
        .env("PRE_COMMIT_HOME", home.path())
        .output()
        .unwrap();
    assert!(out.status.success(), "pre-commit install: {}", String::from_utf8_lossy(&out.stderr));

    // A clean commit passes (and builds kubegate, once).
    write(d, "apps/web.yaml", &deployment("web", false));
    git(d, &["add", "."]);
    let (ok, shown) = commit(d, home.path(), &target, "clean web");
    assert!(ok, "a clean commit passes:\n{shown}");
    assert!(shown.contains("kubegate") && shown.contains("Passed"), "{shown}");

    // A commit adding a privileged container is blocked, with the finding shown.
    write(d, "apps/worker.yaml", &deployment("worker", true));
    git(d, &["add", "apps/worker.yaml"]);
    let (ok, shown) = commit(d, home.path(), &target, "privileged worker");
    assert!(!ok, "the commit is blocked:\n{shown}");
    assert!(shown.contains("Failed"), "{shown}");
    assert!(
        shown.contains(
            "apps/worker.yaml:15:13: critical[K8S001] container \"app\" of Deployment worker runs privileged"
        ),
        "{shown}"
    );
    assert_eq!(git(d, &["rev-list", "--count", "HEAD"]).trim(), "2", "init + clean web only");
}

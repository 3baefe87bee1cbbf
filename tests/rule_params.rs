//! Rule parameters from `.kubegate.yaml` turn their rule on (`--ignore` still wins) and
//! drive what it reports.

mod common;

use std::process::Command;

fn concise(dir: &std::path::Path, extra: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_kubegate"))
        .args(["scan", "--format", "concise", "--no-summary", "--select", "K8S063"])
        .args(extra)
        .arg(dir)
        .output()
        .unwrap();
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn configured_parameters_enable_the_rule() {
    let tmp = tempfile::tempdir().unwrap();
    common::write(
        tmp.path(),
        "pod.yaml",
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: a\n    image: ghcr.io/acme/a:1.0\n  - name: b\n    image: quay.io/other/b:1.0\n",
    );
    // No parameters: the rule has nothing to judge against.
    assert_eq!(concise(tmp.path(), &["--no-config"]), "");
    common::write(
        tmp.path(),
        ".kubegate.yaml",
        "rules:\n  select: [K8S001]\n  params:\n    image-registry-not-allowed:\n      allowed-registries: [ghcr.io/acme]\n",
    );
    let out = concise(tmp.path(), &["--select", "K8S001"]);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 1, "{out}");
    assert!(lines[0].ends_with("pod.yaml:10:5: high[K8S063] container \"b\" of Pod p uses quay.io/other/b:1.0 (quay.io/other/b), not from an allowed registry (ghcr.io/acme)"), "{out}");
    assert_eq!(concise(tmp.path(), &["--ignore", "image-registry-not-allowed"]), "");
}

//! `.kubegate.yaml`, `--select` / `--ignore` and suppressions, end to end through the binary.

use std::path::Path;
use std::process::Command;

fn kubegate(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_kubegate"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

const POD: &str = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: agent\n  namespace: ops\nspec:\n  hostPID: true  # kubegate:ignore host-pid -- the agent reads every process\n  hostNetwork: true\n  containers:\n    - name: a\n      image: example/agent:1.0\n";

fn repo(config: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("pod.yaml"), POD).unwrap();
    if !config.is_empty() {
        std::fs::write(dir.path().join(".kubegate.yaml"), config).unwrap();
    }
    dir
}

fn ids(json: &str, suppressed: bool) -> Vec<String> {
    let v: serde_json::Value = serde_json::from_str(json).unwrap();
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f.get("suppressed").is_some() == suppressed)
        .map(|f| f["rule_id"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn inline_suppression_is_listed_in_json_and_does_not_fail() {
    let d = repo("rules:\n  select: [host-pid, host-network]\n");
    let (code, out, _) = kubegate(d.path(), &["scan", "--format", "json"]);
    assert_eq!(ids(&out, true), vec!["K8S002"]);
    assert_eq!(ids(&out, false), vec!["K8S004"]);
    assert_eq!(code, 1, "hostNetwork is still high");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["summary"]["suppressed"], 1);
    let s =
        &v["findings"].as_array().unwrap().iter().find(|f| f["rule_id"] == "K8S002").unwrap()["suppressed"];
    assert_eq!(s["reason"], "the agent reads every process");
    assert_eq!(s["kind"], "inline");
    // Text formats hide it and say how many were suppressed.
    let (_, out, err) = kubegate(d.path(), &["scan", "--format", "concise"]);
    assert!(!out.contains("K8S002") && out.contains("K8S004"), "{out}");
    assert!(err.contains("1 findings suppressed"), "{err}");
}

#[test]
fn config_exemptions_severity_and_fail_on() {
    let cfg = "fail-on: critical\nrules:\n  select: [pss-baseline]\n  severity:\n    host-network: low\nexemptions:\n  - rules: [K8S004]\n    resources: [Pod/ops/agent]\n    reason: the agent needs the node network\n";
    let d = repo(cfg);
    let (code, out, _) = kubegate(d.path(), &["scan", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let f = v["findings"].as_array().unwrap().iter().find(|f| f["rule_id"] == "K8S004").unwrap().clone();
    assert_eq!(f["severity"], "low");
    assert_eq!(f["suppressed"]["kind"], "config");
    assert_eq!(code, 0, "nothing critical is left: {out}");
    // The command line wins over the config.
    let (code, out, _) =
        kubegate(d.path(), &["scan", "--format", "json", "--select", "K8S005", "--fail-on", "low"]);
    assert_eq!(ids(&out, false), Vec::<String>::new());
    assert_eq!(code, 0);
}

#[test]
fn select_and_ignore_take_ids_names_and_profiles() {
    let d = repo("");
    let (_, out, _) =
        kubegate(d.path(), &["scan", "--format", "json", "--select", "pss-baseline", "--ignore", "K8S004"]);
    assert_eq!(ids(&out, false), Vec::<String>::new());
    assert_eq!(ids(&out, true), vec!["K8S002"]);
    let (code, _, err) = kubegate(d.path(), &["scan", "--select", "no-such-rule"]);
    assert_eq!(code, 2);
    assert!(err.contains("unknown rule or profile `no-such-rule`"), "{err}");
}

#[test]
fn a_bad_config_is_an_error_with_its_position() {
    let d = repo("rules:\n  selekt: [all]\n");
    let (code, _, err) = kubegate(d.path(), &["scan"]);
    assert_eq!(code, 2);
    assert!(err.contains(".kubegate.yaml:2:3: unknown key `selekt` in rules"), "{err}");
    let (code, _, _) = kubegate(d.path(), &["scan", "--no-config"]);
    assert_eq!(code, 1);
}

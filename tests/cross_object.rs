//! Cross-object rules work per unit (here: the plain manifests of one directory), stay silent
//! about missing counterparts unless the config declares the unit complete, report relations
//! between objects of different files of the unit, and honour suppressions.

mod common;

use std::process::Command;

fn scan(dir: &std::path::Path, extra: &[&str]) -> serde_json::Value {
    let out = Command::new(env!("CARGO_BIN_EXE_kubegate"))
        .args(["scan", "--format", "json", "--select", "default,K8S097,K8S105,K8S132,K8S134,K8S136"])
        .args(extra)
        .arg(dir)
        .output()
        .unwrap();
    assert!(out.status.code().is_some_and(|c| c < 2), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

fn found(report: &serde_json::Value) -> Vec<String> {
    let mut v: Vec<String> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule_id"].as_str().unwrap().starts_with("K8S") && f["suppressed"].is_null())
        .filter(|f| {
            ["K8S097", "K8S098", "K8S105", "K8S132", "K8S134", "K8S136"]
                .contains(&f["rule_id"].as_str().unwrap())
        })
        .map(|f| {
            format!(
                "{} {}:{} {}",
                f["rule_id"].as_str().unwrap(),
                f["path"].as_str().unwrap(),
                f["start"]["line"],
                f["message"].as_str().unwrap()
            )
        })
        .collect();
    v.sort();
    v
}

const DEPLOY: &str = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 2\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      serviceAccountName: web\n      containers:\n        - name: web\n          image: nginx:1.27\n";
const HPA: &str = "apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: web\nspec:\n  scaleTargetRef:\n    kind: Deployment\n    name: web\n  maxReplicas: 4\n";
const SVC: &str = "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector: {app: website}\n  ports:\n    - port: 80\n";

#[test]
fn relations_across_files_of_a_directory_and_completeness() {
    let tmp = tempfile::tempdir().unwrap();
    let app = tmp.path().join("apps/web");
    common::write(&app, "deployment.yaml", DEPLOY);
    common::write(&app, "hpa.yaml", HPA);
    common::write(&app, "service.yaml", SVC);
    // Another directory is another unit: its HPA does not see apps/web's Deployment.
    common::write(&tmp.path().join("apps/other"), "hpa.yaml", HPA);

    // Not declared complete: only the relation between two present objects is reported.
    assert_eq!(
        found(&scan(tmp.path(), &["--no-config"])),
        [
            "K8S098 apps/web/deployment.yaml:6 Deployment web sets spec.replicas but HorizontalPodAutoscaler web scales it"
        ]
    );

    // Declared complete (only apps/web): the missing counterparts there are reported.
    common::write(tmp.path(), ".kubegate.yaml", "cross-object:\n  complete: [\"apps/web\"]\n");
    assert_eq!(
        found(&scan(tmp.path(), &[])),
        [
            "K8S098 apps/web/deployment.yaml:6 Deployment web sets spec.replicas but HorizontalPodAutoscaler web scales it",
            "K8S105 apps/web/deployment.yaml:13 Deployment web uses ServiceAccount web, which is not in this unit",
            "K8S132 apps/web/service.yaml:6 Service web selects no pod of this unit",
        ]
    );
    common::write(tmp.path(), ".kubegate.yaml", "cross-object:\n  complete: true\n");
    let all = found(&scan(tmp.path(), &[]));
    assert!(
        all.contains(&"K8S097 apps/other/hpa.yaml:8 HorizontalPodAutoscaler web targets Deployment web, which is not in this unit".to_string()),
        "{all:?}"
    );

    // Suppressions written in the file apply to cross-object findings.
    let suppressed = SVC
        .replace("  selector:", "  # kubegate:ignore K8S132 -- pods come from the legacy chart\n  selector:");
    common::write(&app, "service.yaml", &suppressed);
    let report = scan(tmp.path(), &[]);
    assert!(!found(&report).iter().any(|f| f.starts_with("K8S132")));
    let s = report["findings"].as_array().unwrap().iter().find(|f| f["rule_id"] == "K8S132").unwrap();
    assert_eq!(s["suppressed"]["reason"], "pods come from the legacy chart");
    assert!(
        !report["findings"].as_array().unwrap().iter().any(|f| f["rule_id"] == "KG009"),
        "the suppression is used"
    );
}

#[test]
fn bad_cross_object_config_is_a_positioned_error() {
    let tmp = tempfile::tempdir().unwrap();
    common::write(tmp.path(), ".kubegate.yaml", "cross-object:\n  complete: yes-please\n");
    let out = Command::new(env!("CARGO_BIN_EXE_kubegate")).args(["scan"]).arg(tmp.path()).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains(".kubegate.yaml:2:13"), "{err}");
}

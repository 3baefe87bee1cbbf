//! The `pss-baseline` and `pss-restricted` profiles agree with the official Pod Security
//! Admission fixtures (testdata/pss/v1.X: every version whose fixtures differ from the
//! previous one, v1.0 to v1.37) for every file, judged at that `--kube-version`, and give the
//! same verdict when the pod is wrapped in a Deployment, a CronJob and an Argo Rollout.

mod common;

use std::path::Path;

use kubegate::model::{Document, SourceFile};
use kubegate::rules::parse_kube_version;
use kubegate::rules::profiles::profile_at;
use kubegate::rules::{REGISTRY, Reporter};
use kubegate::source::yaml::{Limits, load_stream, to_json};
use serde_json::json;

/// Findings of the profile's rules for one file, judged in-process as the profile does.
fn verdict(path: &Path, rules: &[&str], restricted: bool, version: (u32, u32)) -> Vec<String> {
    let text = std::fs::read_to_string(path).unwrap();
    let stream = load_stream(&text, Limits::default());
    assert!(stream.problems.is_empty(), "{} must load", path.display());
    let file = SourceFile { path: path.display().to_string(), text: text.clone() };
    let mut out = Vec::new();
    for d in &stream.docs {
        let Some(root) = &d.root else { continue };
        let doc = Document::new(&file, d.index, root);
        let mut reporter = Reporter::new(&doc);
        reporter.pss_restricted = restricted;
        reporter.kube_version = Some(version);
        for rule in REGISTRY.iter().filter(|r| rules.contains(&r.meta.id)) {
            (rule.check)(&doc, &mut reporter);
        }
        out.extend(reporter.findings.into_iter().map(|f| format!("{} {}", f.rule_id, f.message)));
    }
    out
}

fn wrappers(pod: &serde_json::Value) -> Vec<(&'static str, serde_json::Value)> {
    let template = json!({"metadata": pod["metadata"], "spec": pod["spec"]});
    vec![
        (
            "deployment",
            json!({"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "w"},
            "spec": {"selector": {"matchLabels": {"a": "b"}}, "template": template}}),
        ),
        (
            "cronjob",
            json!({"apiVersion": "batch/v1", "kind": "CronJob", "metadata": {"name": "w"},
            "spec": {"schedule": "* * * * *", "jobTemplate": {"spec": {"template": template}}}}),
        ),
        (
            "rollout",
            json!({"apiVersion": "argoproj.io/v1alpha1", "kind": "Rollout", "metadata": {"name": "w"},
            "spec": {"selector": {"matchLabels": {"a": "b"}}, "template": template}}),
        ),
    ]
}

/// The fixture versions (testdata/pss/v1.X), oldest first.
fn versions() -> Vec<(String, (u32, u32))> {
    let mut v: Vec<(String, (u32, u32))> = std::fs::read_dir(common::root().join("testdata/pss"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('v'))
        .map(|n| {
            let v = parse_kube_version(&n).unwrap();
            (n, v)
        })
        .collect();
    v.sort_by_key(|(_, v)| *v);
    v
}

fn check_level(level: &str) -> usize {
    let tmp = tempfile::tempdir().unwrap();
    let mut checked = 0;
    let mut disagreements = Vec::new();
    for (dir_name, version) in versions() {
        let rules = profile_at(&format!("pss-{level}"), version).unwrap();
        for id in &rules {
            assert!(REGISTRY.iter().any(|r| r.meta.id == *id), "profile names unknown rule {id}");
        }
        for outcome in ["pass", "fail"] {
            let dir = common::root().join("testdata/pss").join(&dir_name).join(level).join(outcome);
            let mut files: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
            files.sort();
            for f in files {
                let expect_fail = outcome == "fail";
                let found = verdict(&f, &rules, level == "restricted", version);
                let name = f.file_name().unwrap().to_string_lossy().into_owned();
                if found.is_empty() == expect_fail {
                    disagreements.push(format!("{dir_name}/{level}/{outcome}/{name}: {found:?}"));
                }
                let text = std::fs::read_to_string(&f).unwrap();
                let pod = to_json(load_stream(&text, Limits::default()).docs[0].root.as_ref().unwrap());
                for (kind, wrapped) in wrappers(&pod) {
                    let p = tmp.path().join(format!("{kind}.json"));
                    std::fs::write(&p, serde_json::to_string_pretty(&wrapped).unwrap()).unwrap();
                    let w = verdict(&p, &rules, level == "restricted", version);
                    if w.is_empty() != found.is_empty() {
                        disagreements.push(format!(
                            "{dir_name}/{level}/{outcome}/{name} as {kind}: {w:?} vs {found:?}"
                        ));
                    }
                }
                checked += 1;
            }
        }
    }
    assert!(disagreements.is_empty(), "{} disagreements:\n{}", disagreements.len(), disagreements.join("\n"));
    checked
}

#[test]
fn pss_baseline_matches_pod_security_admission() {
    assert!(check_level("baseline") >= 400);
}

#[test]
fn pss_restricted_matches_pod_security_admission() {
    assert!(check_level("restricted") >= 800);
}

/// Version changes the fixtures do not exercise (pod-security-admission tests them in Go):
/// Windows pods are exempt from the Linux-only restricted controls from 1.25 on, and SELinux
/// type `container_engine_t` is allowed from 1.31 on.
#[test]
fn windows_exemption_and_selinux_engine_type_follow_the_version() {
    let tmp = tempfile::tempdir().unwrap();
    let windows = tmp.path().join("windows.yaml");
    std::fs::write(
        &windows,
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: w\nspec:\n  os:\n    name: windows\n  securityContext:\n    runAsNonRoot: true\n  containers:\n  - name: c\n    image: mcr.microsoft.com/windows/nanoserver:ltsc2022\n",
    )
    .unwrap();
    let restricted = |v| verdict(&windows, &profile_at("pss-restricted", v).unwrap(), true, v);
    let old = restricted((1, 24));
    for id in ["K8S008", "K8S020", "K8S031"] {
        assert!(old.iter().any(|f| f.starts_with(id)), "1.24 must report {id}: {old:?}");
    }
    assert_eq!(restricted((1, 25)), Vec::<String>::new());

    let selinux = tmp.path().join("selinux.yaml");
    std::fs::write(
        &selinux,
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: s\nspec:\n  containers:\n  - name: c\n    image: busybox:1.36\n    securityContext:\n      seLinuxOptions:\n        type: container_engine_t\n",
    )
    .unwrap();
    let baseline = |v| verdict(&selinux, &profile_at("pss-baseline", v).unwrap(), false, v);
    let at_130 = baseline((1, 30));
    assert!(at_130.len() == 1 && at_130[0].starts_with("K8S034"), "{at_130:?}");
    assert_eq!(baseline((1, 31)), Vec::<String>::new());
}

/// `--kube-version` and the config's `kube-version` choose the standard's version in a scan.
#[test]
fn scan_kube_version_flag_and_config() {
    let tmp = tempfile::tempdir().unwrap();
    let pod = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: c\n    image: busybox:1.36\n    livenessProbe:\n      httpGet:\n        host: 10.0.0.1\n        port: 80\n";
    std::fs::write(tmp.path().join("pod.yaml"), pod).unwrap();
    let run = |args: &[&str]| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_kubegate"))
            .args(["scan", "--format", "concise", "--no-summary", "--select", "pss-baseline"])
            .args(args)
            .arg(tmp.path())
            .output()
            .unwrap();
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let (_, latest, _) = run(&["--no-config"]);
    assert!(latest.contains("K8S045"), "host probes are forbidden from 1.34 on: {latest}");
    let (code, old, _) = run(&["--no-config", "--kube-version", "1.33"]);
    assert_eq!((code, old.as_str()), (Some(0), ""));
    std::fs::write(tmp.path().join(".kubegate.yaml"), "kube-version: \"1.33\"\n").unwrap();
    let (_, from_config, _) = run(&[]);
    assert_eq!(from_config, "");
    let (_, flag_wins, _) = run(&["--kube-version", "v1.34.2"]);
    assert!(flag_wins.contains("K8S045"), "{flag_wins}");
    let (code, _, err) = run(&["--no-config", "--kube-version", "one.thirty"]);
    assert_eq!(code, Some(2));
    assert!(err.contains("not a Kubernetes version"), "{err}");
}

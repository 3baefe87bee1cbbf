//! The `pss-baseline` and `pss-restricted` profiles agree with the official Pod Security
//! Admission fixtures (testdata/pss, v1.37) for every file, and give the same verdict when
//! the pod is wrapped in a Deployment, a CronJob and an Argo Rollout.

mod common;

use std::path::Path;

use kubegate::model::{Document, SourceFile};
use kubegate::rules::profiles::profile;
use kubegate::rules::{REGISTRY, Reporter};
use kubegate::source::yaml::{Limits, load_stream, to_json};
use serde_json::json;

/// Findings of the profile's rules for one file, judged in-process as the profile does.
fn verdict(path: &Path, rules: &[&str], restricted: bool) -> Vec<String> {
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

fn check_level(level: &str) -> usize {
    let rules = profile(&format!("pss-{level}")).unwrap();
    for id in &rules {
        assert!(REGISTRY.iter().any(|r| r.meta.id == *id), "profile names unknown rule {id}");
    }
    let tmp = tempfile::tempdir().unwrap();
    let mut checked = 0;
    let mut disagreements = Vec::new();
    for outcome in ["pass", "fail"] {
        let dir = common::root().join("testdata/pss").join(level).join(outcome);
        let mut files: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
        files.sort();
        for f in files {
            let expect_fail = outcome == "fail";
            let found = verdict(&f, &rules, level == "restricted");
            if found.is_empty() == expect_fail {
                disagreements.push(format!(
                    "{level}/{outcome}/{}: {found:?}",
                    f.file_name().unwrap().to_string_lossy()
                ));
            }
            let text = std::fs::read_to_string(&f).unwrap();
            let pod = to_json(load_stream(&text, Limits::default()).docs[0].root.as_ref().unwrap());
            for (kind, wrapped) in wrappers(&pod) {
                let p = tmp.path().join(format!("{kind}.json"));
                std::fs::write(&p, serde_json::to_string_pretty(&wrapped).unwrap()).unwrap();
                let w = verdict(&p, &rules, level == "restricted");
                if w.is_empty() != found.is_empty() {
                    disagreements
                        .push(format!("{level}/{outcome}/{} as {kind}: {w:?} vs {found:?}", f.display()));
                }
            }
            checked += 1;
        }
    }
    assert!(disagreements.is_empty(), "{} disagreements:\n{}", disagreements.len(), disagreements.join("\n"));
    checked
}

#[test]
fn pss_baseline_matches_pod_security_admission() {
    assert!(check_level("baseline") >= 45);
}

#[test]
fn pss_restricted_matches_pod_security_admission() {
    assert!(check_level("restricted") >= 95);
}
